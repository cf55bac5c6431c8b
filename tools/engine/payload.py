"""Pure functions around the fal request: the arguments we send, the result we parse, the errors we map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.errors import (
    EngineError,
    FalAuthError,
    FalCancelled,
    FalRateLimited,
    FalResultError,
    FalResultExpired,
    FalServerError,
    FalValidationError,
)

MAX_PROMPT_CHARS = 200


def build_arguments(
    video_url: str, sound_effect_prompt: str, background_music_prompt: str, asmr_mode: bool
) -> dict:
    """The JSON body of a submit. Both prompts are always present: fal's schema defaults are car-race prompts."""
    return {
        "video_url": video_url,
        "sound_effect_prompt": sound_effect_prompt,
        "background_music_prompt": background_music_prompt,
        "asmr_mode": bool(asmr_mode),
    }


@dataclass(frozen=True)
class FalFile:
    """A file in a fal result."""

    url: str
    content_type: str | None = None
    file_name: str | None = None
    file_size: int | None = None


@dataclass(frozen=True)
class FalResult:
    """What the model returned: the scored video and the MP3."""

    video: FalFile
    audio: FalFile


def _file(data: Any, name: str) -> FalFile:
    if not isinstance(data, dict) or not isinstance(data.get("url"), str) or not data["url"]:
        raise FalResultError(f"fal's result has no {name} file URL.")
    size = data.get("file_size")
    return FalFile(
        url=data["url"],
        content_type=data.get("content_type"),
        file_name=data.get("file_name"),
        file_size=size if isinstance(size, int) else None,
    )


def parse_result(data: Any) -> FalResult:
    """Check and unpack a result body: {"video": {"url", ...}, "audio": {"url", ...}}."""
    if not isinstance(data, dict):
        raise FalResultError("fal's result is not a JSON object.")
    return FalResult(video=_file(data.get("video"), "video"), audio=_file(data.get("audio"), "audio"))


def _validation_detail(detail: Any) -> str:
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict):
                loc = item.get("loc") or []
                field = ".".join(str(p) for p in loc if p != "body") or "request"
                parts.append(f"{field}: {item.get('msg', 'invalid')}")
            else:
                parts.append(str(item))
        return "; ".join(parts) or "invalid input"
    return str(detail)


def map_http_error(status_code: int, detail: Any, error_type: str | None, *, during: str) -> EngineError:
    """Turn an HTTP error from fal into the domain error, with what to do about it."""
    text = _validation_detail(detail)
    if status_code in (401, 403):
        return FalAuthError(f"fal refused the key while {during} (HTTP {status_code}).")
    if status_code == 422:
        return FalValidationError(f"fal refused the input while {during}: {text}")
    if status_code == 429:
        return FalRateLimited(f"fal is rate limiting (HTTP 429) while {during}, even after retries.")
    if status_code == 499 or error_type == "client_cancelled":
        return FalCancelled(f"The fal request was cancelled while {during}.")
    if status_code == 404 and during == "downloading the result":
        return FalResultExpired("The result file has expired on fal (results are kept about an hour).")
    if status_code == 404:
        return FalResultError(f"fal no longer knows this request ({during}): it may have expired.")
    if during == "fetching the result" and status_code >= 500 and not _is_timeout(error_type):
        return FalResultError(f"The model failed on fal (HTTP {status_code}): {text}")
    if (
        status_code >= 500
        or error_type in ("request_timeout", "startup_timeout")
        or (error_type or "").startswith("runner_")
    ):
        kind = f" ({error_type})" if error_type else ""
        return FalServerError(f"fal failed while {during}: HTTP {status_code}{kind}: {text}")
    return EngineError(f"fal answered HTTP {status_code} while {during}: {text}")


def _is_timeout(error_type: str | None) -> bool:
    return error_type in ("request_timeout", "startup_timeout")


def log_lines(logs: Any) -> list[str]:
    """The messages of fal log items, in order."""
    if not isinstance(logs, list):
        return []
    return [
        str(item.get("message", "")).strip()
        for item in logs
        if isinstance(item, dict) and item.get("message")
    ]
