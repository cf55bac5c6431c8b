"""Motion events and the motion summary on clips with known motion."""

from __future__ import annotations

from pathlib import Path

from tests.tools.inspection import synth
from tools.inspection import analyze_video


def test_every_bounce_of_a_ball_is_an_impact_within_a_fifth_of_a_second(
    bounce_clip: tuple[Path, list[float]],
) -> None:
    path, truth = bounce_clip
    impacts = [e for e in analyze_video(path).events if e.kind == "impact"]
    assert len(impacts) == len(truth)
    for event, expected in zip(impacts, truth, strict=True):
        assert abs(event.time_s - expected) <= 0.2
        assert 0 < event.strength <= 1
        assert "bottom" in event.label


def test_the_last_landing_of_a_ball_is_a_sudden_stop_not_a_gentle_one(
    bounce_clip: tuple[Path, list[float]],
) -> None:
    path, truth = bounce_clip
    events = analyze_video(path).events
    last = events[-1]
    assert last.kind == "impact"
    assert abs(last.time_s - truth[-1]) <= 0.2
    assert "sudden stop" in last.label
    assert not [e for e in events if e.kind == "motion_stop"]


def test_a_glide_that_eases_to_a_halt_has_an_onset_and_a_stop_and_no_impact(
    start_stop_clip: tuple[Path, tuple[float, float]],
) -> None:
    path, (start, stop) = start_stop_clip
    events = analyze_video(path).events
    assert [e.kind for e in events] == ["motion_onset", "motion_stop"]
    assert abs(events[0].time_s - start) <= 0.15
    assert abs(events[1].time_s - stop) <= 0.15
    assert events[0].label.startswith("motion starts")


def test_an_object_thrown_across_the_frame_makes_no_impact_and_leaves_the_frame(tmp_path: Path) -> None:
    events = analyze_video(synth.make_throw(tmp_path / "throw.mp4")).events
    assert not [e for e in events if e.kind == "impact"]
    [leaving] = [e for e in events if e.kind == "motion_stop"]
    assert leaving.label == "something moves out of the frame (bottom right)"


def test_a_steadily_circling_object_makes_no_impact(tmp_path: Path) -> None:
    events = analyze_video(synth.make_circle(tmp_path / "circle.mp4")).events
    assert events == []


def test_a_cut_is_not_mistaken_for_motion(cut_clip: tuple[Path, list[float]]) -> None:
    path, _ = cut_clip
    assert {e.kind for e in analyze_video(path).events} == {"scene_cut"}


def test_a_still_shot_is_static(static_clip: Path) -> None:
    analysis = analyze_video(static_clip)
    assert analysis.events == []
    assert analysis.motion.level == "static"
    assert analysis.motion.moving_share == 0.0


def test_a_slow_pan_is_slow_and_moves_the_whole_frame(pan_clip: Path) -> None:
    motion = analyze_video(pan_clip).motion
    assert motion.level == "slow"
    assert motion.moving_share == 1.0
    # 30 px/s across 320 px is 0.094 widths a second; normal flow sees most of it.
    assert 0.05 <= motion.mean_motion <= 0.12
    assert "whole frame" in motion.description


def test_a_fast_pan_is_busy(fast_pan_clip: Path) -> None:
    motion = analyze_video(fast_pan_clip).motion
    assert motion.level == "busy"
    assert motion.mean_motion > 0.4


def test_frequent_cuts_make_a_clip_busy(cut_clip: tuple[Path, list[float]]) -> None:
    motion = analyze_video(cut_clip[0]).motion
    assert motion.cuts_per_minute == 30.0
    assert motion.level == "busy"


def test_analysis_looks_at_no_more_than_max_fps_frames_a_second(pan_clip: Path) -> None:
    analysis = analyze_video(pan_clip, max_fps=6.0)
    assert analysis.frames_decoded == 150
    assert analysis.frames_analysed <= 5.0 * 6.0 + 1
    assert analysis.duration_s == 5.0
