"""Choosing contact-sheet times: shot starts and events first, even spacing for the rest."""

from __future__ import annotations

import itertools
from pathlib import Path

from tools.inspection import (
    Analysis,
    MotionSummary,
    PictureEvent,
    ShotHint,
    analyze_video,
    choose_keyframe_times,
)


def _analysis(duration: float, events: list[PictureEvent]) -> Analysis:
    return Analysis(
        duration_s=duration,
        frames_decoded=round(duration * 30),
        frames_analysed=round(duration * 10),
        events=events,
        motion=MotionSummary(
            level="slow",
            mean_motion=0.0,
            peak_motion=0.0,
            moving_share=0.0,
            cuts_per_minute=0.0,
            description="",
        ),
        shot=ShotHint(close_up_likelihood=0.3, reason=""),
    )


def _event(kind: str, time_s: float, strength: float = 0.5) -> PictureEvent:
    return PictureEvent(kind=kind, time_s=time_s, strength=strength, label=kind)  # type: ignore[arg-type]


def test_without_events_the_times_are_evenly_spaced() -> None:
    assert choose_keyframe_times(_analysis(6.0, []), 6) == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]


def test_every_shot_is_shown_just_after_it_starts() -> None:
    analysis = _analysis(6.0, [_event("scene_cut", 2.0, 1.0), _event("scene_cut", 4.0, 1.0)])
    times = choose_keyframe_times(analysis, 3)
    assert times == [0.1, 2.1, 4.1]


def test_impacts_come_before_onsets_and_gaps_are_filled_evenly() -> None:
    events = [_event("motion_onset", 1.0, 0.9), _event("impact", 3.0, 0.2), _event("impact", 5.0, 0.8)]
    times = choose_keyframe_times(_analysis(8.0, events), 3)
    assert times == [1.0, 3.0, 5.0]
    assert choose_keyframe_times(_analysis(8.0, events), 2) == [3.0, 5.0]
    filled = choose_keyframe_times(_analysis(8.0, events), 5)
    assert len(filled) == 5 and {1.0, 3.0, 5.0} <= set(filled)


def test_events_crowded_together_give_way_to_spacing() -> None:
    events = [_event("impact", 1.0 + i * 0.05, 0.5) for i in range(6)]
    times = choose_keyframe_times(_analysis(6.0, events), 4)
    assert len(times) == 4
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.75


def test_the_analysis_suggests_six_times_at_its_cuts(cut_clip: tuple[Path, list[float]]) -> None:
    analysis = analyze_video(cut_clip[0])
    assert len(analysis.keyframe_times) == 6
    for cut in cut_clip[1]:
        assert any(0 < t - cut <= 0.2 for t in analysis.keyframe_times)
    assert all(0 <= t < analysis.duration_s for t in analysis.keyframe_times)
