"""inspect_video's domain half: metadata, the preflight plan with its cost, picture events and a contact sheet."""

from __future__ import annotations

from pathlib import Path

import anyio
from pydantic import Field

from tools.config import Config
from tools.engine.fal import FalEngine
from tools.inspection.models import Analysis
from tools.jobs.prepare import fetch_input
from tools.lint.models import Recommendation
from tools.models import Plan, Result, VideoInfo
from tools.paths import is_url, resolve_input

MAX_FRAMES = 12


class InspectReport(Result):
    """What an assistant needs to see before it writes sound prompts for a clip."""

    video: str
    metadata: VideoInfo
    plan: Plan
    analysis: Analysis
    contact_sheet_path: str | None = Field(None, description="the keyframes, labelled with their timestamps")
    contact_sheet_times: list[float] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    next_step: str = ""


def _recommendations(analysis: Analysis) -> list[Recommendation]:
    recs = []
    likely = analysis.shot.close_up_likelihood
    if likely >= 0.6:
        recs.append(
            Recommendation(
                topic="asmr_mode",
                value="on",
                reason=f"looks like a close-up or macro shot ({analysis.shot.reason})",
            )
        )
    elif analysis.motion.level == "busy" or likely < 0.3:
        recs.append(
            Recommendation(
                topic="asmr_mode", value="off", reason=f"not a close-up ({analysis.motion.description})"
            )
        )
    return recs


def _next_step(analysis: Analysis, has_audio: bool = False) -> str:
    timed = [f"{e.label} at {e.time_s:.1f}s" for e in analysis.events[:4]]
    events = ("; ".join(timed) + ". ") if timed else ""
    own = (
        " The clip has its own audio track: pass original_audio='duck' to keep it (speech, commentary) with the "
        "new soundtrack dipping under it, or 'mix' to keep both throughout."
        if has_audio
        else ""
    )
    return (
        f"{events}Write sound_effect_prompt as specific sound events in on-screen order, most important first, "
        "check it with lint_prompt (pass this result's analysis to order by these events), then call score_video."
        f"{own}"
    )


def _analyse(
    path: Path, frames: int, out_dir: Path, stem: str, uplink_mbps: float = 20.0
) -> tuple[VideoInfo, Plan, Analysis, bytes, list[float], Path]:
    from tools.inspection import analyze_video, choose_keyframe_times, contact_sheet
    from tools.inspection.sheet import save_sheet
    from tools.media.plan import plan_preflight
    from tools.media.probe import probe
    from tools.media.proxy import with_upload_choice

    info = probe(path)
    analysis = analyze_video(path)
    # The plan score_video's job settles on: joins at the scene cuts this analysis found.
    plan = plan_preflight(info, cuts=[e.time_s for e in analysis.events if e.kind == "scene_cut"])
    plan = with_upload_choice(plan, info, mode="auto", uplink_mbps=uplink_mbps)
    times = choose_keyframe_times(analysis, frames)
    out_dir.mkdir(parents=True, exist_ok=True)
    jpeg = contact_sheet(path, times)
    sheet_path = save_sheet(jpeg, out_dir, stem)
    return info, plan, analysis, jpeg, times, sheet_path


async def inspect_clip(
    video: str,
    config: Config,
    *,
    frames: int = 6,
    engine: FalEngine | None = None,
    public_urls_only: bool = False,
) -> tuple[InspectReport, bytes]:
    """Inspect a clip (path or URL) without uploading it; return the report and the contact-sheet JPEG."""
    frames = max(1, min(MAX_FRAMES, frames))
    if is_url(video):
        source = await fetch_input(
            video.strip(), config, engine or FalEngine(config), public_only=public_urls_only
        )
    else:
        source = resolve_input(video, config.allowed_dirs)
    stem = Path(video.split("?", 1)[0].rstrip("/")).stem or "clip"
    info, plan, analysis, jpeg, times, sheet = await anyio.to_thread.run_sync(
        _analyse, source, frames, config.output_dir, stem, config.uplink_mbps
    )
    report = InspectReport(
        video=video,
        metadata=info,
        plan=plan,
        analysis=analysis,
        contact_sheet_path=str(sheet),
        contact_sheet_times=times,
        recommendations=_recommendations(analysis),
        next_step=_next_step(analysis, info.has_audio),
    )
    return report, jpeg


def picture_context(video: str, config: Config) -> tuple[list[tuple[float, str]], list[Recommendation]]:
    """A local clip's timed picture events, as (seconds, label) pairs for lint_prompts(events=...), and the
    asmr_mode advice its close-up hint gives."""
    from tools.errors import BadUrl
    from tools.inspection import analyze_video
    from tools.media.probe import probe

    if is_url(video):
        raise BadUrl(
            "lint_prompt reads local clips only, to stay offline.",
            hint="Call inspect_video on the URL first and pass its `analysis` to lint_prompt, or pass a local path.",
        )
    path = resolve_input(video, config.allowed_dirs)
    probe(path)  # the same refusals as score_video for files that are not videos
    return analysis_context(analyze_video(path))


def analysis_context(analysis: Analysis) -> tuple[list[tuple[float, str]], list[Recommendation]]:
    """What an inspection tells the linter: its events in on-screen order and its asmr_mode advice."""
    events = sorted((e.time_s, e.label) for e in analysis.events)
    return events, _recommendations(analysis)
