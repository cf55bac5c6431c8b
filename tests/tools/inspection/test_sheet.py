"""The contact sheet: a small valid JPEG of labelled frames, taken at the right times."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.clips import make_clip
from tests.tools.inspection import synth
from tools.inspection import contact_sheet, format_time
from tools.inspection.sheet import GAP


def _tiles(data: bytes, count: int, columns: int) -> list[np.ndarray]:
    """Cut a sheet back into its tiles (all of one size), as grayscale arrays."""
    sheet = np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.float64)
    cols = min(columns, count)
    rows = -(-count // cols)
    cell_w = (sheet.shape[1] - (cols + 1) * GAP) // cols
    cell_h = (sheet.shape[0] - (rows + 1) * GAP) // rows
    return [
        sheet[GAP + r * (cell_h + GAP) : GAP + r * (cell_h + GAP) + cell_h, GAP + c * (cell_w + GAP) :][
            :, :cell_w
        ]
        for r in range(rows)
        for c in range(cols)
    ][:count]


def test_the_sheet_is_a_valid_jpeg_under_300_kb_with_a_tile_per_time(
    cut_clip: tuple[Path, list[float]],
) -> None:
    data = contact_sheet(cut_clip[0], [0.1, 1.6, 2.5, 3.3, 4.5, 5.1])
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.format == "JPEG"
    assert len(data) < 300_000
    # Three columns of 320 px tiles and two rows of 180 px tiles, with gaps.
    assert image.size == (3 * 320 + 4 * GAP, 2 * 180 + 3 * GAP)


def test_twelve_tiles_of_a_detailed_1080p_clip_fit_under_300_kb_at_full_tile_size(tmp_path: Path) -> None:
    # Every pixel random in every frame: the hardest picture for JPEG, decoded at 1920 x 1080.
    clip = make_clip(tmp_path / "hd.mp4", duration=0.5, fps=12, size=(1920, 1080), noise=True)
    data = contact_sheet(clip, [i / 24 for i in range(12)])
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.format == "JPEG"
    assert len(data) < 300_000
    assert image.size == (3 * 320 + 4 * GAP, 4 * 180 + 5 * GAP)


def test_each_tile_shows_the_frame_nearest_its_time_far_apart_or_close_together(counter_clip: Path) -> None:
    times = [0.0, 0.5, 0.52, 2.0, 3.9, 3.99]
    tiles = _tiles(contact_sheet(counter_clip, times, columns=3), len(times), 3)
    assert [synth.read_counter(t) for t in tiles] == [0, 15, 16, 60, 117, 119]


def test_every_tile_carries_a_white_timestamp_on_a_dark_box(counter_clip: Path) -> None:
    for tile in _tiles(contact_sheet(counter_clip, [1.0, 2.0]), 2, 3):
        # The frame itself is grey, white and black blocks low down; only the label box is dark up top.
        rows, cols = np.nonzero(tile[: tile.shape[0] // 3] < 30)
        assert rows.size > 0
        box = tile[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
        assert box.shape[0] >= 20 and box.shape[1] >= 80  # big enough to read
        assert cols.max() < tile.shape[1] / 2  # top left
        assert (box < 30).mean() > 0.5
        assert (box > 200).mean() > 0.05  # the white text


def test_timestamps_read_as_minutes_seconds_and_tenths() -> None:
    assert format_time(0) == "00:00.0"
    assert format_time(1.5) == "00:01.5"
    assert format_time(61.26) == "01:01.3"
    assert format_time(3599.99) == "1:00:00.0"


def test_a_tight_byte_budget_is_met_by_lowering_quality_and_then_size(
    cut_clip: tuple[Path, list[float]],
) -> None:
    data = contact_sheet(cut_clip[0], [0.5, 2.0, 4.0, 5.5], max_bytes=12_000)
    assert len(data) <= 12_000
    assert Image.open(io.BytesIO(data)).width < 3 * 320


def test_the_sheet_is_saved_whole_and_never_over_an_existing_file(
    cut_clip: tuple[Path, list[float]], tmp_path: Path
) -> None:
    out = tmp_path / "sheet.jpg"
    data = contact_sheet(cut_clip[0], [1.0, 2.0], out)
    assert out.read_bytes() == data
    with pytest.raises(FileExistsError):
        contact_sheet(cut_clip[0], [3.0], out)
    assert out.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.jpg"]


def test_a_clip_stored_on_its_side_is_shown_upright(tmp_path: Path) -> None:
    clip = synth.make_counter(tmp_path / "turned.mp4", duration=1.0, rotation=90)
    image = Image.open(io.BytesIO(contact_sheet(clip, [0.5]))).convert("L")
    # Stored 180 x 320 with a display rotation; shown as drawn: 320 x 180, white band on top.
    assert image.size == (320 + 2 * GAP, 180 + 2 * GAP)
    tile = np.asarray(image, dtype=np.float64)[GAP:-GAP, GAP:-GAP]
    assert tile[:15, 200:].mean() > 200
    assert synth.read_counter(tile) == 15


def test_an_empty_list_of_times_is_refused(cut_clip: tuple[Path, list[float]]) -> None:
    with pytest.raises(ValueError):
        contact_sheet(cut_clip[0], [])
