"""analyze_video: one low-resolution decode of a clip into cuts, motion events, a motion summary and a shot hint."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from tools.inspection.cuts import CutScanner
from tools.inspection.events import motion_events
from tools.inspection.frames import Thumb, check_video, iter_thumbs
from tools.inspection.keyframes import choose_keyframe_times
from tools.inspection.models import Analysis, MotionSummary, PictureEvent, ShotHint
from tools.inspection.motion import PairMotion, measure_pair, summarise_motion
from tools.inspection.shot import ShotFeatures, shot_features, shot_hint

log = logging.getLogger(__name__)

# Thumbnails the framing heuristic looks at: about one a second, at most this many over the clip.
SHOT_SAMPLES = 24
DEFAULT_SHEET_FRAMES = 6


def analyze_video(path: Path, *, analysis_width: int = 160, max_fps: float = 12.0) -> Analysis:
    """Find cuts, motion events, the motion level and a close-up hint in a clip, from small grayscale frames."""
    if max_fps <= 0 or analysis_width < 16:
        raise ValueError("analyze_video needs max_fps > 0 and analysis_width >= 16")
    path = Path(path)
    info = check_video(path)
    sample_every = max(1.0, info.duration_s / SHOT_SAMPLES)
    scanner = CutScanner()
    pairs: list[PairMotion] = []
    samples: list[ShotFeatures] = []
    last_analysed: Thumb | None = None
    next_sample = 0.0
    analysed = 0
    for thumb in iter_thumbs(path, width=analysis_width, max_fps=max_fps):
        scanner.add(thumb.time_s, thumb.pixels)
        if not thumb.analysed:
            continue
        analysed += 1
        if last_analysed is not None:
            pairs.append(measure_pair(last_analysed.pixels, thumb.pixels, last_analysed.time_s, thumb.time_s))
        last_analysed = thumb
        if thumb.time_s >= next_sample:
            samples.append(shot_features(thumb.pixels))
            next_sample = thumb.time_s + sample_every
    cuts = scanner.cuts()
    times = scanner.times
    pairs = [_mark_cut(pair, [c.time_s for c in cuts]) for pair in pairs]
    duration = max(info.duration_s, times[-1] if times else 0.0)
    events = [
        PictureEvent(
            kind="scene_cut", time_s=round(c.time_s, 3), strength=c.strength, label="hard cut to a new shot"
        )
        for c in cuts
    ]
    events = sorted(events + motion_events(pairs, rotation=info.rotation), key=lambda e: (e.time_s, e.kind))
    motion: MotionSummary = summarise_motion(pairs, cuts=len(cuts), duration_s=duration)
    shot: ShotHint = shot_hint(samples)
    analysis = Analysis(
        duration_s=round(duration, 3),
        frames_decoded=len(times),
        frames_analysed=analysed,
        events=events,
        motion=motion,
        shot=shot,
    )
    log.debug("analysed %s: %d frames, %d events", path.name, len(times), len(events))
    return analysis.model_copy(
        update={"keyframe_times": choose_keyframe_times(analysis, DEFAULT_SHEET_FRAMES)}
    )


def _mark_cut(pair: PairMotion, cut_times: list[float]) -> PairMotion:
    """A pair whose frames straddle a cut measures the cut, not motion."""
    if any(pair.t0 < c <= pair.t1 + 1e-6 for c in cut_times):
        return replace(pair, across_cut=True)
    return pair
