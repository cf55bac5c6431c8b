"""The input rules of `fal-ai/kling-video/video-to-audio`, checked the way fal reports them (422 detail lists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakefal.media import ISO_BMFF, Probe

MAX_PROMPT = 200
# fal's schema defaults: a request that omits a prompt gets car-race audio.
DEFAULT_SFX = "Car tires screech as they accelerate in a drag race"
DEFAULT_MUSIC = "intense car race"


@dataclass(frozen=True)
class Limits:
    """What the model accepts; tests may shrink these to exercise a limit cheaply."""

    min_seconds: float = 3.0
    max_seconds: float = 20.0
    max_bytes: int = 100_000_000


def error(field: str, msg: str, kind: str, value: Any = None, **ctx: Any) -> dict[str, Any]:
    """One item of a 422 detail list."""
    item: dict[str, Any] = {"loc": ["body", field], "msg": msg, "type": kind}
    if value is not None:
        item["input"] = value
    if ctx:
        item["ctx"] = ctx
    return item


def check_schema(arguments: Any) -> list[dict[str, Any]]:
    """Type and length errors of a submit body, all of them at once as pydantic reports them."""
    if not isinstance(arguments, dict):
        return [{"loc": ["body"], "msg": "Input should be a valid dictionary", "type": "dict_type"}]
    errors = []
    url = arguments.get("video_url")
    if "video_url" not in arguments:
        errors.append(error("video_url", "Field required", "missing"))
    elif not isinstance(url, str):
        errors.append(error("video_url", "Input should be a valid string", "string_type", url))
    for name in ("sound_effect_prompt", "background_music_prompt"):
        if name not in arguments:
            continue
        value = arguments[name]
        if not isinstance(value, str):
            errors.append(error(name, "Input should be a valid string", "string_type", value))
        elif len(value) > MAX_PROMPT:
            errors.append(
                error(
                    name,
                    f"String should have at most {MAX_PROMPT} characters",
                    "string_too_long",
                    value,
                    max_length=MAX_PROMPT,
                )
            )
    if "asmr_mode" in arguments and not isinstance(arguments["asmr_mode"], bool):
        errors.append(
            error("asmr_mode", "Input should be a valid boolean", "bool_type", arguments["asmr_mode"])
        )
    return errors


def check_video(url: str, found: Probe | None, limits: Limits) -> list[dict[str, Any]]:
    """Errors about the video behind video_url; `found` is None when the fake could not fetch it."""
    if found is None:
        return [
            error(
                "video_url",
                "Failed to download the file. Please check that the URL is accessible.",
                "file_download_error",
                url,
            )
        ]
    if found.size > limits.max_bytes:
        return [
            error(
                "video_url",
                f"File size exceeds the maximum of {limits.max_bytes} bytes",
                "file_too_large",
                url,
                max_size=limits.max_bytes,
                provided_size=found.size,
            )
        ]
    if found.container != ISO_BMFF or not found.has_video:
        return [
            error(
                "video_url",
                "Unsupported video format. Only .mp4 and .mov videos are supported.",
                "unsupported_video_format",
                url,
                supported_formats=[".mp4", ".mov"],
            )
        ]
    duration = found.duration or 0.0
    if duration < limits.min_seconds:
        return [
            error(
                "video_url",
                f"Video duration is too short. Minimum is {limits.min_seconds} seconds.",
                "video_duration_too_short",
                url,
                min_duration=limits.min_seconds,
                provided_duration=duration,
            )
        ]
    if duration > limits.max_seconds:
        return [
            error(
                "video_url",
                f"Video duration is too long. Maximum is {limits.max_seconds} seconds.",
                "video_duration_too_long",
                url,
                max_duration=limits.max_seconds,
                provided_duration=duration,
            )
        ]
    return []


def effective(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments the model runs with: fal's defaults filled in for omitted fields."""
    return {
        "video_url": arguments.get("video_url"),
        "sound_effect_prompt": arguments.get("sound_effect_prompt", DEFAULT_SFX),
        "background_music_prompt": arguments.get("background_music_prompt", DEFAULT_MUSIC),
        "asmr_mode": arguments.get("asmr_mode", False),
    }
