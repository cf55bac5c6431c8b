"""The player's timeline of one result: the picture's scene cuts and impacts (the analysis inspect_video makes), the
joins of a long clip's segments, and the soundtrack's waveform and onsets. Kept in the data folder per file."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Literal

from pydantic import Field

from tools.inspection.models import Analysis
from tools.models import Result, SegmentState

PEAKS = 480  # waveform columns, whatever the length
TIMELINE_VERSION = 1
MarkerKind = Literal["scene_cut", "impact", "join"]


class Marker(Result):
    """A moment on the timeline the player can seek to."""

    kind: MarkerKind
    time_s: float
    label: str


class Timeline(Result):
    """What the player draws under the picture."""

    duration_s: float
    fps: float | None = None
    markers: list[Marker] = Field(default_factory=list, description="in time order")
    peaks: list[float] = Field(default_factory=list, description="the soundtrack's level per column, 0..1")
    onsets: list[float] = Field(default_factory=list, description="where sounds start, in seconds")


def joins(segments: list[SegmentState]) -> list[Marker]:
    """Where one segment of a long clip ends and the next begins."""
    ordered = sorted(segments, key=lambda s: s.index)
    return [
        Marker(kind="join", time_s=round(s.start_s, 4), label=f"segment {s.index + 1} starts")
        for s in ordered[1:]
    ]


def picture_markers(
    video: Path, analysis: Analysis | None = None
) -> tuple[float, float | None, list[Marker]]:
    """Duration, frame rate and the scene cuts and impacts of a clip, from the same analysis inspect_video uses
    (the one its job kept, when given: the scored video keeps the clip's own picture)."""
    from tools.inspection import analyze_video
    from tools.media.probe import probe

    info = probe(video)
    analysis = analysis or analyze_video(video)
    markers = [
        Marker(kind=e.kind, time_s=round(e.time_s, 4), label=e.label)  # type: ignore[arg-type]
        for e in analysis.events
        if e.kind in ("scene_cut", "impact")
    ]
    return info.duration_s, info.fps, markers


def sound_lines(audio: Path, duration_s: float) -> tuple[list[float], list[float]]:
    """The soundtrack's waveform (PEAKS columns over duration_s, 0..1 from -60 dBFS to 0) and its onsets."""
    import numpy as np

    from tools.review.onsets import HOP_S, envelope, onsets

    env = envelope(audio)
    if len(env.db) == 0 or duration_s <= 0:
        return [0.0] * PEAKS, []
    edges = np.linspace(0.0, duration_s / HOP_S, PEAKS + 1).astype(int)
    db = env.db
    peaks = []
    for lo, hi in itertools.pairwise(edges):
        part = db[lo : max(hi, lo + 1)]
        level = float(part.max()) if len(part) else -120.0
        peaks.append(round(min(1.0, max(0.0, (level + 60.0) / 60.0)), 3))
    return peaks, onsets(env)


def build_timeline(
    video: Path, audio: Path | None, segments: list[SegmentState], analysis: Analysis | None = None
) -> Timeline:
    """The timeline of a scored video and its soundtrack."""
    duration, fps, markers = picture_markers(video, analysis)
    peaks, onset_times = sound_lines(audio, duration) if audio else ([], [])
    markers = sorted(markers + joins(segments), key=lambda m: m.time_s)
    return Timeline(duration_s=duration, fps=fps, markers=markers, peaks=peaks, onsets=onset_times)


def kept_timeline(
    folder: Path,
    video: Path,
    audio: Path | None,
    segments: list[SegmentState],
    analysis: Analysis | None = None,
) -> Timeline:
    """build_timeline, kept in folder by the files' paths, sizes and times: a file analysed once is not again."""
    parts = [str(TIMELINE_VERSION), *(f"{s.index}:{s.start_s}" for s in segments)]
    for p in (video, audio):
        if p is not None:
            st = p.stat()
            parts.append(f"{p}|{st.st_size}|{st.st_mtime_ns}")
    dest = folder / f"{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:24]}.json"
    try:
        return Timeline.model_validate_json(dest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    timeline = build_timeline(video, audio, segments, analysis)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(".part")
        tmp.write_text(timeline.model_dump_json(), encoding="utf-8")
        tmp.replace(dest)
    except OSError:
        pass  # a read-only data folder: analysed again next time
    return timeline
