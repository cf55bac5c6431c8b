"""Hard cuts: found where they are, and nowhere else."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from tests.clips import make_clip
from tests.tools.inspection import synth
from tools.inspection import analyze_video, detect_scene_cuts
from tools.inspection.cuts import distance, find_cuts, scan_scene_cuts, signature


def test_every_hard_cut_is_found_within_a_tenth_of_a_second(cut_clip: tuple[Path, list[float]]) -> None:
    path, truth = cut_clip
    found = detect_scene_cuts(path)
    assert len(found) == len(truth)
    for cut, expected in zip(found, truth, strict=True):
        assert abs(cut - expected) <= 0.1


def test_a_static_shot_has_no_cuts(static_clip: Path) -> None:
    assert detect_scene_cuts(static_clip) == []


def test_a_slow_pan_has_no_cuts(pan_clip: Path) -> None:
    assert detect_scene_cuts(pan_clip) == []


def test_a_fast_pan_changes_every_frame_a_lot_yet_has_no_cuts(fast_pan_clip: Path) -> None:
    assert detect_scene_cuts(fast_pan_clip) == []


def test_a_cut_between_two_shots_of_the_same_kind_of_texture_is_found(tmp_path: Path) -> None:
    path = tmp_path / "similar.mp4"
    truth = synth.make_similar_shots(path)
    assert detect_scene_cuts(path) == truth == [2.0]


def test_analysis_reports_the_same_cuts_as_scene_cut_events(cut_clip: tuple[Path, list[float]]) -> None:
    path, _ = cut_clip
    analysis = analyze_video(path)
    cut_events = [e for e in analysis.events if e.kind == "scene_cut"]
    assert [e.time_s for e in cut_events] == detect_scene_cuts(path)
    assert all(0 < e.strength <= 1 for e in cut_events)


def test_a_steady_high_level_of_change_is_not_a_cut() -> None:
    times = [i / 30 for i in range(60)]
    busy = [0.9] * 60
    assert find_cuts(times, busy) == []


def test_a_lone_spike_above_a_quiet_level_is_a_cut_at_the_new_shots_first_frame() -> None:
    times = [i / 30 for i in range(60)]
    distances = [0.01] * 60
    distances[31] = 0.7
    [cut] = find_cuts(times, distances)
    assert cut.time_s == times[31]
    assert cut.strength > 0.9


def test_two_spikes_closer_than_a_shot_can_be_count_as_the_stronger_one() -> None:
    times = [i / 30 for i in range(60)]
    distances = [0.01] * 60
    distances[30], distances[33] = 0.5, 0.8
    assert [c.time_s for c in find_cuts(times, distances)] == [times[33]]


def test_a_faint_picture_mirrored_is_a_new_layout_though_its_tones_are_the_same() -> None:
    ramp = np.tile(128 + 10 * np.linspace(-1, 1, 160, dtype=np.float32), (90, 1))
    before, after = signature(ramp), signature(ramp[:, ::-1])
    assert distance(before, after) >= 0.9
    assert distance(before, signature(np.roll(ramp, 1, axis=1))) < 0.1


def test_the_quality_jumps_at_keyframes_of_a_low_bit_rate_avi_are_not_cuts(tmp_path: Path) -> None:
    # MPEG-4 Part 2 at its default bit rate refreshes flat colours visibly every twelve frames.
    clip = make_clip(tmp_path / "flat.avi", duration=4.0, cuts=(2.0,), size=(160, 120))
    assert detect_scene_cuts(clip) == [2.0]


def test_cuts_reported_while_the_clip_is_read_are_final(cut_clip: tuple[Path, list[float]]) -> None:
    path, truth = cut_clip
    steps = list(scan_scene_cuts(path, every_s=0.5))
    final = detect_scene_cuts(path)
    assert steps[-1] == (math.inf, final) and len(final) == len(truth)
    assert len(steps) > 3  # the cuts came out along the way, not only at the end
    for known_until, found in steps[:-1]:
        assert found == [c for c in final if c <= known_until]
    assert any(found for _, found in steps[:-1])  # some cut was settled before the end
