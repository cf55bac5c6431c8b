"""Everything checked before a job exists: prompts, key, path or URL, the clip itself, the plan and the budget.

Nothing here uploads or charges; a bad request fails here and costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import anyio

from tools.config import Config
from tools.engine.download import Fetched, Pace, check_target
from tools.engine.fal import FalEngine
from tools.errors import DataDirError, InputError, MissingKey, PromptTooLong
from tools.finish.options import Finish, OriginalAudio
from tools.jobs.cache import audio_digest, picture_digest, request_key
from tools.lint.models import LintReport
from tools.models import Plan, PromptsSent, VideoInfo
from tools.paths import (
    check_output_folder,
    check_room,
    check_url,
    is_url,
    resolve_input,
    resolve_output_dir,
    results_size,
)
from tools.people.scope import person_folder, scoped_picture

LintMode = Literal["warn", "fix", "off"]
# What fal is sent (tools/media/proxy.py decides; imported there lazily, so starting a server loads no media code).
UploadMode = Literal["auto", "original"]

MAX_PROMPT_CHARS = 200
MAX_URL_BYTES = 2_000_000_000


@dataclass(frozen=True)
class ScoreRequest:
    """What the caller asked score_video for."""

    video: str
    sound_effect_prompt: str = ""
    background_music_prompt: str = ""
    asmr_mode: bool = False
    lint: LintMode = "warn"
    output_dir: str | None = None
    reuse: bool = True
    upload: UploadMode = "auto"  # auto may send fal a moderate proxy (tools/media/proxy.py)
    takes: tuple[Take, ...] = ()  # prompt variants scored in one job (tools/jobs/takes.py)
    take_index: int | None = None  # set on the request of one take: its number, from 1
    original_audio: OriginalAudio = "replace"
    loudness_lufs: float | None = None
    person: str | None = None  # whose job it is on a shared host (tools/people); None: the local user
    resubmit: bool = False  # send again a call whose submit may have reached fal (tools/jobs/recovery.py)


@dataclass(frozen=True)
class Take:
    """One prompt variant of a takes request; asmr_mode None takes the call's."""

    sound_effect_prompt: str = ""
    background_music_prompt: str = ""
    asmr_mode: bool | None = None


@dataclass(frozen=True)
class PreparedRequest:
    """A request that passed every check: what will be sent, from which file, following which plan."""

    request: ScoreRequest
    source: Path
    output_dir: Path
    info: VideoInfo
    plan: Plan
    prompts: PromptsSent
    lint: LintReport | None
    picture: str
    cache_key: str
    finish: Finish = field(default_factory=Finish)
    finish_key: dict | None = None  # what of the finishing is in cache_key (see _finish_key)


def check_prompts(request: ScoreRequest) -> tuple[PromptsSent, LintReport | None]:
    """Lint the prompts as asked (warn, fix or off) and enforce the 200-character limit."""
    sfx = request.sound_effect_prompt.strip()
    music = request.background_music_prompt.strip()
    report = None
    if request.lint != "off":
        from tools.lint import apply_safe_fixes, lint_prompts

        report = lint_prompts(sfx, music, request.asmr_mode)
        if request.lint == "fix":
            sfx, music = apply_safe_fixes(report)
    for name, text in (("sound_effect_prompt", sfx), ("background_music_prompt", music)):
        if len(text) > MAX_PROMPT_CHARS:
            raise PromptTooLong(f"{name} is {len(text)} characters; fal accepts at most {MAX_PROMPT_CHARS}.")
    return PromptsSent(
        sound_effect_prompt=sfx, background_music_prompt=music, asmr_mode=request.asmr_mode
    ), report


# A URL input is downloaded inside its job: in all within this long, and never slower than this rate for a
# whole window, so a server trickling bytes ends the job with a reason instead of holding it open.
URL_DEADLINE_SECONDS = 1800.0
URL_MIN_BYTES_PER_S = 64_000.0
URL_RATE_WINDOW_SECONDS = 20.0


def input_copy(url: str, config: Config) -> Path:
    """Where the download of a URL input is kept in the data folder (one file per URL)."""
    name = hashlib.sha256(url.encode()).hexdigest()[:24]
    suffix = Path(url.split("?", 1)[0]).suffix.lower()[:6] or ".mp4"
    return config.data_dir / "inputs" / f"{name}{suffix}"


async def fetch_input(
    url: str,
    config: Config,
    engine: FalEngine,
    *,
    public_only: bool,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """Download a video named by URL into the data folder, with a size cap, a deadline and a minimum rate.

    The address is checked before the kept copy is looked at, and a kept copy is used only once its server
    confirms it is current (ETag or Last-Modified); a server that sends neither is asked for the file again.
    """
    check_url(url)
    await anyio.to_thread.run_sync(check_target, url, public_only)
    dest = input_copy(url, config)
    sidecar = dest.with_suffix(".json")
    known = None
    try:
        kept = json.loads(sidecar.read_text(encoding="utf-8"))
        if kept.get("url") == url and dest.is_file():
            known = Fetched(dest, kept.get("etag"), kept.get("last_modified"))
    except (OSError, ValueError, AttributeError):
        pass
    pace = Pace(URL_DEADLINE_SECONDS, URL_MIN_BYTES_PER_S, URL_RATE_WINDOW_SECONDS)
    try:
        got = await engine.fetch(
            url,
            dest,
            max_bytes=MAX_URL_BYTES,
            public_only=public_only,
            user_input=True,
            known=known,
            pace=pace,
            on_bytes=on_bytes,
        )
        if got.fresh:
            validators = {"url": url, "etag": got.etag, "last_modified": got.last_modified}
            sidecar.write_text(json.dumps(validators), encoding="utf-8")
        else:
            os.utime(got.path)  # used again: the input cap removes the least recently used downloads first
    except OSError as exc:
        raise DataDirError(
            f"The download of {url} cannot be kept in {dest.parent}: {exc.strerror or exc}."
        ) from None
    return got.path


def _inspect(
    path: Path, max_input_seconds: float, upload: UploadMode = "auto", uplink_mbps: float = 20.0
) -> tuple[VideoInfo, Plan, str]:
    from tools.media.plan import plan_preflight
    from tools.media.probe import probe
    from tools.media.proxy import with_upload_choice

    info = probe(path)
    # Scene cuts only move the joins of a long clip, never its number of calls or its cost; finding them
    # decodes the whole clip, so the job does it once it has started, not the call that has to answer quickly.
    plan = plan_preflight(info, max_input_seconds=max_input_seconds)
    plan = with_upload_choice(plan, info, mode=upload, uplink_mbps=uplink_mbps)
    if len(plan.segments) > 1:
        plan = plan.model_copy(update={"cuts_pending": True})
    return info, plan, picture_digest(path)


@dataclass(frozen=True)
class CheckedRequest:
    """A request whose prompts, key and output folder passed: what is left to check is the clip itself."""

    request: ScoreRequest
    prompts: PromptsSent
    lint: LintReport | None
    output_dir: Path
    finish: Finish = field(default_factory=Finish)


def check_request(request: ScoreRequest, config: Config) -> CheckedRequest:
    """The checks that need no clip: prompts, the fal key, and an output folder that can be written."""
    prompts, report = check_prompts(request)
    loudness = config.loudness_lufs if request.loudness_lufs is None else request.loudness_lufs
    finish = Finish(request.original_audio, loudness)
    if not config.has_key:
        raise MissingKey("No fal API key is configured, so score_video cannot run.")
    if request.output_dir:
        output_dir = resolve_output_dir(request.output_dir, config.allowed_dirs)
    else:
        # The configured folder is the operator's choice: it need not sit inside the allowed input folders.
        output_dir = check_output_folder(
            person_folder(config.output_dir, request.person), "KLING_V2A_OUTPUT_DIR"
        )
    return CheckedRequest(request, prompts, report, output_dir, finish)


async def inspect_request(checked: CheckedRequest, source: Path, config: Config) -> PreparedRequest:
    """Check the clip itself (probe, plan, room for the results) and key the request for reuse."""
    request, prompts, finish = checked.request, checked.prompts, checked.finish
    try:
        info, plan, digest = await anyio.to_thread.run_sync(
            _inspect, source, config.max_input_seconds, request.upload, config.uplink_mbps
        )
        picture = scoped_picture(digest, request.person)
    except InputError as exc:
        if not is_url(request.video):
            raise
        # A download that is no usable video is not kept (the next call fetches it again), and the error
        # speaks of the URL the caller gave, not of the file it was saved to.
        source.unlink(missing_ok=True)
        url = request.video.strip()
        message = exc.message.replace(str(source), url).replace(source.name, url)
        raise type(exc)(message, hint=exc.hint, code=exc.code) from None
    check_room(checked.output_dir, results_size(source, info.duration_s))
    finish_key = await anyio.to_thread.run_sync(_finish_key, finish, info, source)
    key = request_key(
        picture,
        prompts.sound_effect_prompt,
        prompts.background_music_prompt,
        prompts.asmr_mode,
        finish_key,
    )
    return PreparedRequest(
        request=request,
        source=source,
        output_dir=checked.output_dir,
        info=info,
        plan=plan,
        prompts=prompts,
        lint=checked.lint,
        picture=picture,
        cache_key=key,
        finish=finish,
        finish_key=finish_key,
    )


async def prepare(request: ScoreRequest, config: Config) -> PreparedRequest:
    """Run every check on a score request for a local clip, cheapest first; raise the error that says what to fix.

    A clip named by URL is checked the same way, inside its job once downloaded (tools/jobs/url_jobs.py).
    """
    checked = check_request(request, config)
    source = resolve_input(request.video, config.allowed_dirs)
    return await inspect_request(checked, source, config)


def _finish_key(finish: Finish, info: VideoInfo, source: Path) -> dict | None:
    """What of the finishing tells results apart: nothing by default; the own audio's digest when it is kept."""
    from tools.finish.soundtrack import needs_finishing

    if not needs_finishing(finish, info):
        return None  # the soundtrack is fal's as it is, whatever was asked
    key = finish.as_json()
    if finish.original_audio != "replace":
        key["own_audio"] = audio_digest(source)
    return key
