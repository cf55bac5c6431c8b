"""The sync review, on soundtracks whose sounds are placed at known offsets from a generated clip's cuts and impacts."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from tests.tools.inspection.synth import make_bounce, make_cuts
from tools.inspection import analyze_video
from tools.review.onsets import envelope, longest_quiet, onsets
from tools.review.sync import match, rank, review, review_soundtrack, sync_times

RATE = 44_100


def write_soundtrack(
    path: Path, hits: list[float], *, duration: float, gap: tuple[float, float] | None = None
) -> Path:
    """An MP3 like fal's: a quiet bed (about -40 dBFS) with a sharp, decaying hit at each time in `hits`."""
    rng = np.random.default_rng(5)
    n = round(duration * RATE)
    t = np.arange(n) / RATE
    sound = 0.01 * np.sin(2 * np.pi * 220 * t) + 0.003 * rng.standard_normal(n)
    if gap is not None:
        sound[round(gap[0] * RATE) : round(gap[1] * RATE)] = 0.0
    hit_len = round(0.06 * RATE)
    decay = np.exp(-np.arange(hit_len) / (0.012 * RATE))
    for h in hits:
        i = round(h * RATE)
        if 0 <= i < n:
            burst = 0.6 * rng.standard_normal(hit_len) * decay
            sound[i : i + hit_len] += burst[: n - i]
    stereo = np.stack([sound, sound]).astype(np.float32)
    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=RATE, layout="stereo")
        for start in range(0, n, 4608):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(stereo[:, start : start + 4608]), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts, frame.time_base = RATE, start, Fraction(1, RATE)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[float]]]:
    folder = tmp_path_factory.mktemp("sync")
    cuts = make_cuts(folder / "cuts.mp4")
    impacts = make_bounce(folder / "bounce.mp4")
    return {"cuts": (folder / "cuts.mp4", cuts), "bounce": (folder / "bounce.mp4", impacts)}


@pytest.mark.parametrize("name", ["cuts", "bounce"])
@pytest.mark.parametrize(("offset_ms", "matched"), [(0, True), (40, True), (250, False)])
def test_sounds_placed_off_the_picture_events_are_reported_with_their_offset(
    clips: dict[str, tuple[Path, list[float]]], tmp_path: Path, name: str, offset_ms: int, matched: bool
) -> None:
    clip, truth = clips[name]
    analysis = analyze_video(clip)
    events = sync_times(analysis.events)
    assert len(events) == len(truth)  # the clip's own events, found by the same analysis inspect_video uses
    audio = write_soundtrack(
        tmp_path / "s.mp3", [e + offset_ms / 1000 for e in events], duration=analysis.duration_s + 0.5
    )

    result = review_soundtrack(audio, analysis)

    assert result.events_total == len(events)
    if matched:
        assert result.events_matched == len(events)
        assert result.median_offset_ms is not None
        assert abs(result.median_offset_ms - offset_ms) <= 10
    else:
        assert result.events_matched == 0
        assert result.median_offset_ms is None


def test_onsets_are_found_within_ten_ms_and_a_quiet_bed_has_none(tmp_path: Path) -> None:
    hits = [0.5, 1.234, 2.0, 2.9]
    found = onsets(envelope(write_soundtrack(tmp_path / "h.mp3", hits, duration=3.5)))
    assert len(found) == len(hits)
    assert max(abs(f - h) for f, h in zip(found, hits, strict=True)) <= 0.01
    assert onsets(envelope(write_soundtrack(tmp_path / "bed.mp3", [], duration=2.0))) == []


def test_the_longest_near_silence_is_measured(tmp_path: Path) -> None:
    quiet = longest_quiet(envelope(write_soundtrack(tmp_path / "g.mp3", [0.3], duration=4.0, gap=(1.0, 2.5))))
    assert quiet.length_s == pytest.approx(1.5, abs=0.12)
    assert quiet.start_s == pytest.approx(1.0, abs=0.1)


def test_matching_takes_the_nearest_onset_within_100_ms() -> None:
    assert match([1.0, 2.0, 3.0], [1.05, 1.97, 3.2]) == pytest.approx([0.05, -0.03, None])  # type: ignore[list-item]
    summary = review([1.0, 2.0, 3.0], [1.05, 1.97, 3.2])
    assert (summary.events_total, summary.events_matched, summary.median_offset_ms) == (3, 2, 10.0)
    assert review([], [1.0]).share == 1.0


def test_ranking_prefers_more_matches_then_tighter_timing() -> None:
    loose = review([1.0, 2.0], [1.09, 2.09])
    tight = review([1.0, 2.0], [1.01, 2.01])
    half = review([1.0, 2.0], [1.0])
    assert rank([half, loose, tight, None]) == [2, 1, 0, 3]
