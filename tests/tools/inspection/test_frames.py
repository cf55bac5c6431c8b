"""Frame decoding for analysis and the contact sheet: no picture is ever converted at full size."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import av
import pytest
from av.video.reformatter import VideoReformatter

from tests.clips import make_clip
from tools.inspection import analyze_video, contact_sheet
from tools.inspection import frames as frames_module
from tools.inspection import sheet as sheet_module
from tools.inspection.frames import iter_thumbs, thumb_size


class _RecordingScaler:
    """Stands in for PyAV's scaler and remembers the size of every frame it was given and asked for."""

    calls: ClassVar[list[tuple[int, int, int, int, str]]] = []

    def __init__(self) -> None:
        self._real = VideoReformatter()

    def reformat(self, frame: av.VideoFrame, **options: Any) -> av.VideoFrame:
        self.calls.append((frame.width, frame.height, options["width"], options["height"], options["format"]))
        return self._real.reformat(frame, **options)


@pytest.fixture
def scaler(monkeypatch: pytest.MonkeyPatch) -> type[_RecordingScaler]:
    """Every scaler the inspection code makes records its calls."""
    _RecordingScaler.calls = []
    monkeypatch.setattr(frames_module, "VideoReformatter", _RecordingScaler)
    monkeypatch.setattr(sheet_module, "VideoReformatter", _RecordingScaler)
    return _RecordingScaler


@pytest.fixture(scope="module")
def hd_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Half a second of 1080p at 24 fps: 12 frames."""
    return make_clip(tmp_path_factory.mktemp("hd") / "hd.mp4", duration=0.5, size=(1920, 1080), cuts=(0.25,))


def test_every_1080p_frame_is_scaled_straight_to_a_small_grayscale_thumbnail(
    hd_clip: Path, scaler: type[_RecordingScaler]
) -> None:
    thumbs = list(iter_thumbs(hd_clip, width=160))
    assert len(thumbs) == 12
    assert all(t.pixels.shape == (90, 160) for t in thumbs)
    # One scaler call per frame, from the decoded 1920 x 1080 picture to 160 x 90 luma: no full-size copy.
    assert scaler.calls == [(1920, 1080, 160, 90, "gray")] * 12


def test_analysis_converts_no_frame_above_its_analysis_width(
    hd_clip: Path, scaler: type[_RecordingScaler]
) -> None:
    analysis = analyze_video(hd_clip)
    assert len(scaler.calls) == analysis.frames_decoded == 12
    assert {call[2:] for call in scaler.calls} == {(160, 90, "gray")}


def test_the_contact_sheet_scales_each_chosen_frame_straight_to_tile_size(
    hd_clip: Path, scaler: type[_RecordingScaler]
) -> None:
    contact_sheet(hd_clip, [0.0, 0.3], tile_width=320)
    assert scaler.calls == [(1920, 1080, 320, 180, "rgb24")] * 2


def test_a_thumbnail_keeps_the_aspect_ratio_and_is_never_wider_than_the_source() -> None:
    assert thumb_size(1920, 1080, 160) == (160, 90)
    assert thumb_size(1080, 1920, 160) == (160, 284)
    assert thumb_size(120, 80, 160) == (120, 80)
