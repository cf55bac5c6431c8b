from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from tests.clips import make_audio_only
from tools.media.plan import split_segments
from tools.media.stitch import crossfade, stitch_audio, trim_audio
from tools.models import SegmentSpec


def _decode(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = np.concatenate([f.to_ndarray() for f in container.decode(stream)], axis=1)
        return samples, stream.codec_context.sample_rate


@pytest.fixture(scope="module")
def stitched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SegmentSpec]]:
    """Three tones laid over a 47 s clip cut at 14 s and 31 s, then stitched.

    The frequencies put each outgoing tone at a peak where the next part begins (300.5 Hz x 13.5 s and
    500.25 Hz x 17 s end on a quarter cycle), so a splice without a crossfade would jump by about 0.3.
    """
    folder = tmp_path_factory.mktemp("stitch")
    segments = split_segments(47.0, [14.0, 31.0])
    parts = [
        (make_audio_only(folder / f"part{s.index}.mp3", s.duration_s + 0.2, frequency=f), s)
        for s, f in zip(segments, (300.5, 500.25, 700.0), strict=True)
    ]
    return stitch_audio(parts, 47.0, folder / "walk.mp3"), segments


def test_the_stitched_soundtrack_is_exactly_as_long_as_the_video(
    stitched: tuple[Path, list[SegmentSpec]],
) -> None:
    samples, rate = _decode(stitched[0])
    assert samples.shape[1] == 47 * rate


def test_the_seams_have_no_clicks(stitched: tuple[Path, list[SegmentSpec]]) -> None:
    samples, _ = _decode(stitched[0])
    # A 700 Hz tone at 0.3 moves at most 0.03 per sample at 48 kHz; a hard splice jumps up to 0.6.
    assert np.abs(np.diff(samples, axis=1)).max() < 0.06


def test_the_loudness_stays_level_across_each_seam(stitched: tuple[Path, list[SegmentSpec]]) -> None:
    samples, rate = _decode(stitched[0])
    window = rate // 20
    for segment in stitched[1][1:]:
        centre = round((segment.start_s + 0.5) * rate)
        span = samples[0, centre - rate : centre + rate]
        rms = [np.sqrt(np.mean(span[i : i + window] ** 2)) for i in range(0, len(span) - window + 1, window)]
        assert max(rms) / min(rms) < 1.1


def test_each_segment_is_heard_in_its_own_place(stitched: tuple[Path, list[SegmentSpec]]) -> None:
    samples, rate = _decode(stitched[0])
    for moment, expected in ((7.0, 300.5), (22.0, 500.25), (40.0, 700.0)):
        chunk = samples[0, int(moment * rate) : int(moment * rate) + rate]
        assert np.argmax(np.abs(np.fft.rfft(chunk))) == pytest.approx(expected, abs=2)


def test_an_equal_power_crossfade_keeps_unrelated_sounds_at_constant_power() -> None:
    rng = np.random.default_rng(7)
    a, b = (
        rng.standard_normal((1, 48_000)).astype(np.float32),
        rng.standard_normal((1, 48_000)).astype(np.float32),
    )
    mixed = crossfade(a, b)
    quarters = [np.mean(q**2) for q in np.split(mixed[0], 4)]
    assert max(quarters) / min(quarters) < 1.1
    assert mixed[0, 0] == pytest.approx(a[0, 0], abs=0.01) and mixed[0, -1] == pytest.approx(
        b[0, -1], abs=0.01
    )


def test_a_gap_between_segments_is_filled_with_silence(tmp_path: Path) -> None:
    first = make_audio_only(tmp_path / "a.mp3", 3.0)
    second = make_audio_only(tmp_path / "b.mp3", 3.0)
    parts = [
        (first, SegmentSpec(index=0, start_s=0.0, end_s=3.0)),
        (second, SegmentSpec(index=1, start_s=5.0, end_s=8.0)),
    ]
    samples, rate = _decode(stitch_audio(parts, 8.0, tmp_path / "out.mp3"))
    assert samples.shape[1] == 8 * rate
    assert np.abs(samples[:, int(3.5 * rate) : int(4.5 * rate)]).max() < 1e-3


def test_a_padded_clips_soundtrack_is_trimmed_back_to_the_true_length(tmp_path: Path) -> None:
    three = make_audio_only(tmp_path / "three.mp3", 3.0)
    samples, rate = _decode(trim_audio(three, 2.0, tmp_path / "two.mp3"))
    assert samples.shape[1] == 2 * rate


def test_stitching_never_replaces_an_existing_file(tmp_path: Path) -> None:
    source = make_audio_only(tmp_path / "a.mp3", 3.0)
    with pytest.raises(FileExistsError):
        trim_audio(source, 2.0, source)


def test_parts_handed_over_one_at_a_time_are_encoded_as_they_come_and_join_the_same(tmp_path: Path) -> None:
    segments = split_segments(47.0, [14.0, 31.0])
    parts = [
        (make_audio_only(tmp_path / f"part{s.index}.mp3", s.duration_s, frequency=f), s)
        for s, f in zip(segments, (300.5, 500.25, 700.0), strict=True)
    ]
    written_when_asked: list[int] = []

    def one_at_a_time():
        for part in parts:
            # What the encoder has written of the result so far, each time it asks for the next part.
            written_when_asked.append(sum(p.stat().st_size for p in tmp_path.glob(".streamed.*")))
            yield part

    streamed = stitch_audio(one_at_a_time(), 47.0, tmp_path / "streamed.mp3", hold_s=1.0)
    whole = stitch_audio(parts, 47.0, tmp_path / "whole.mp3")
    # Before the second part is asked for, nearly all of the first (13.5 s at 192 kbit/s) is encoded.
    assert written_when_asked[1] > 0.8 * (segments[0].duration_s - 1.0) * 192_000 / 8
    assert written_when_asked[2] > written_when_asked[1]
    a, _ = _decode(streamed)
    b, _ = _decode(whole)
    assert a.shape == b.shape and np.abs(a - b).max() < 1e-6


def test_an_iterator_without_a_hold_waits_for_each_next_part_and_joins_the_same(tmp_path: Path) -> None:
    segments = split_segments(25.0)
    parts = [(make_audio_only(tmp_path / f"p{s.index}.mp3", s.duration_s), s) for s in segments]
    a, _ = _decode(stitch_audio(iter(parts), 25.0, tmp_path / "a.mp3"))
    b, _ = _decode(stitch_audio(parts, 25.0, tmp_path / "b.mp3"))
    assert a.shape == b.shape and np.abs(a - b).max() < 1e-6


def _wav(path: Path, samples: np.ndarray, rate: int = 48_000) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            (samples[None] * 32767).astype(np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def test_the_lead_of_a_segment_copied_from_an_earlier_keyframe_is_cut_off(tmp_path: Path) -> None:
    rate, lead = 48_000, 0.6
    first = SegmentSpec(index=0, start_s=0.0, end_s=10.5)
    second = SegmentSpec(index=1, start_s=9.5, end_s=20.0)
    t1 = np.arange(round(10.5 * rate)) / rate
    # The second upload began `lead` seconds early: its sound opens with a high tone that belongs before its span.
    t2 = np.arange(round((10.5 + lead) * rate)) / rate
    high, low = 0.3 * np.sin(2 * np.pi * 3000 * t2), 0.3 * np.sin(2 * np.pi * 300 * t2)
    a = _wav(tmp_path / "a.wav", 0.3 * np.sin(2 * np.pi * 600 * t1))
    b = _wav(tmp_path / "b.wav", np.where(t2 < lead, high, low))
    samples, out_rate = _decode(stitch_audio([(a, first), (b, second, lead)], 20.0, tmp_path / "joined.mp3"))
    assert samples.shape[1] == 20 * out_rate

    def peak_hz(at_s: float) -> float:
        chunk = samples[0, int(at_s * out_rate) : int(at_s * out_rate) + out_rate // 10]
        return float(np.argmax(np.abs(np.fft.rfft(chunk))) * 10)

    assert peak_hz(9.0) == pytest.approx(600, abs=20)
    assert peak_hz(10.0) in (pytest.approx(600, abs=20), pytest.approx(300, abs=20))  # in the crossfade
    assert peak_hz(10.6) == pytest.approx(300, abs=20)
    spectrum = np.abs(np.fft.rfft(samples[0, int(9.5 * out_rate) : int(10.5 * out_rate)]))
    assert spectrum[3000] < 0.01 * spectrum.max()  # none of the lead's high tone is heard


def test_a_segment_copied_from_a_keyframe_after_its_start_is_placed_that_much_later(tmp_path: Path) -> None:
    rate = 48_000
    first = SegmentSpec(index=0, start_s=0.0, end_s=10.5)
    second = SegmentSpec(index=1, start_s=9.5, end_s=20.0)
    a = _wav(tmp_path / "a.wav", np.zeros(round(10.5 * rate)))
    # The second upload began half a second into its span: its sound belongs from 10.0 s on, not 9.5 s.
    b = _wav(tmp_path / "b.wav", 0.2 * np.sin(2 * np.pi * 300 * np.arange(round(10.0 * rate)) / rate))
    samples, out_rate = _decode(stitch_audio([(a, first), (b, second, -0.5)], 20.0, tmp_path / "joined.mp3"))
    assert samples.shape[1] == 20 * out_rate
    # Silent until 10.0 s (placed at 9.5 s, it would already be fading in, above 0.06, from 9.6 s) ...
    assert np.abs(samples[0, int(9.6 * out_rate) : int(9.98 * out_rate)]).max() < 0.03
    # ... then in full once the overlap is over.
    rms = float(np.sqrt(np.mean(samples[0, int(10.6 * out_rate) : int(11.0 * out_rate)] ** 2)))
    assert rms == pytest.approx(0.2 / np.sqrt(2), rel=0.1)
