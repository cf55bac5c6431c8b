"""Bad input meets the same errors as score_video: nothing to analyse is refused before any decoding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clips import make_audio_only, make_not_a_video
from tools.errors import InputNotFound, NotAVideo
from tools.inspection import analyze_video, contact_sheet, detect_scene_cuts

ENTRY_POINTS: list[Callable[[Path], object]] = [
    analyze_video,
    detect_scene_cuts,
    lambda path: contact_sheet(path, [0.0]),
]


@pytest.mark.parametrize("call", ENTRY_POINTS, ids=["analyze_video", "detect_scene_cuts", "contact_sheet"])
def test_a_missing_file_is_input_not_found(call: Callable[[Path], object], tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        call(tmp_path / "nowhere.mp4")


@pytest.mark.parametrize("call", ENTRY_POINTS, ids=["analyze_video", "detect_scene_cuts", "contact_sheet"])
def test_a_text_file_named_like_a_video_is_not_a_video(
    call: Callable[[Path], object], tmp_path: Path
) -> None:
    with pytest.raises(NotAVideo):
        call(make_not_a_video(tmp_path / "list.mp4"))


def test_an_empty_file_is_not_a_video(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mov"
    empty.write_bytes(b"")
    with pytest.raises(NotAVideo):
        analyze_video(empty)


def test_an_audio_file_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideo):
        analyze_video(make_audio_only(tmp_path / "tone.mp3", 1.0))


def test_a_folder_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideo):
        detect_scene_cuts(tmp_path)


def test_analysis_needs_a_frame_rate_and_a_width_to_work_with(static_clip: Path) -> None:
    with pytest.raises(ValueError):
        analyze_video(static_clip, max_fps=0)
    with pytest.raises(ValueError):
        analyze_video(static_clip, analysis_width=4)
