"""An MP3 encoded in pieces side by side (tools.media.pieces) plays as a single pass does: decoded and measured.

The test signal has tones and sharp clicks at and around every splice, where a misjoined piece would show.
Around each splice, the error of the decoded track against the input is compared with a single pass's error
in the same stretch; the comparison is shown to catch a frame dropped, doubled or moved, and the bit
reservoir left on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import av
import numpy as np
import pytest
from av.audio.stream import AudioStream
from av.packet import Packet

from tests.clips import make_audio_only
from tools.errors import MediaError
from tools.jobs.outputs import StitchAbandoned
from tools.media import pieces, stitch
from tools.media.audio import ENCODERS, AudioFormat, encode_blocks
from tools.media.plan import split_segments
from tools.media.stitch import stitch_audio

RATE = 44_100
FMT = AudioFormat(rate=RATE, channels=1)
MP3 = ENCODERS["libmp3lame"]
LENGTH = 9 * RATE + 321  # samples: the pieces end mid-frame, and so does the track
# Around a splice: a splice is heard (if at all) in the frame before and after it, and in their overlaps.
SPAN = 2
# The most the error around a splice may exceed a single pass's error there. Measured: 0.0 dB (the spliced
# track differs from the single pass by -65 dB of full scale); a frame moved, dropped or doubled at a splice
# makes it 14 to 24 dB, the bit reservoir left on 12 dB.
EXCESS_DB = 1.5


@pytest.fixture(scope="module")
def grid() -> pieces.Grid:
    settings = pieces.Settings(MP3.codec, FMT, MP3.bit_rate, pieces.SPLICED[MP3.codec])
    grid = pieces.grid_of(settings)
    assert (grid.frame, grid.delay) == (1152, 1105)  # LAME at 44.1 kHz: 576 encoder + 529 decoder delay
    return grid


@pytest.fixture(scope="module")
def signal(grid: pieces.Grid) -> np.ndarray:
    """Two tones over noise, 40 dB quieter for a while, and a sharp click right at, just before and just
    after each splice."""
    t = np.arange(LENGTH) / RATE
    noise = 0.05 * np.random.default_rng(19).standard_normal(LENGTH)
    level = np.where((t > 3.0) & (t < 5.0), 0.01, 1.0)
    x = level * (0.2 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3150.5 * t) + noise)
    for b in _splices(grid):
        for offset in (-700, -3, 0, 5, 400, grid.frame):
            x[b + offset : b + offset + 3] += (0.5, -0.5, 0.25)
    return x.astype(np.float32)[None]


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory, signal: np.ndarray) -> np.ndarray:
    """The signal as one encoder writes it in a single pass (with the reservoir off, as the pieces have it)."""
    path = tmp_path_factory.mktemp("single") / "single.mp3"
    with av.open(str(path), "w", format=MP3.container) as dest:
        stream = _stream(dest)
        stream.codec_context.options = dict(pieces.SPLICED[MP3.codec])
        for packet in encode_blocks(stream, [signal], FMT):
            dest.mux(packet)
    return _decode(path)


@pytest.fixture(scope="module")
def spliced_packets(tmp_path_factory: pytest.TempPathFactory, signal: np.ndarray) -> list[Packet]:
    """The signal encoded in pieces on two threads, handed over in blocks that do not match the pieces."""
    path = tmp_path_factory.mktemp("spliced") / "spliced.mp3"
    with av.open(str(path), "w", format=MP3.container) as dest:
        packets = list(pieces.encode_pieces(_stream(dest), _blocks(signal), FMT, workers=2))
    return packets


def test_the_spliced_mp3_is_as_long_as_the_input_and_not_shifted(
    tmp_path: Path, signal: np.ndarray, single: np.ndarray, spliced_packets: list[Packet]
) -> None:
    decoded = _decode(_mux(tmp_path / "spliced.mp3", spliced_packets))
    assert decoded.shape[1] == single.shape[1] == LENGTH
    assert _lag(decoded[0], signal[0]) == 0


def test_the_splices_add_nothing_to_the_error_of_a_single_pass(
    tmp_path: Path, grid: pieces.Grid, signal: np.ndarray, single: np.ndarray, spliced_packets: list[Packet]
) -> None:
    decoded = _decode(_mux(tmp_path / "spliced.mp3", spliced_packets))
    assert len(_splices(grid)) >= 3
    assert _excess_db(decoded, single, signal, grid) <= EXCESS_DB
    assert _db(decoded - signal) <= _db(single - signal) + 0.5


@pytest.mark.parametrize("fault", ["moved", "dropped", "doubled"])
def test_the_measure_catches_a_frame_moved_dropped_or_doubled_at_a_splice(
    tmp_path: Path,
    fault: str,
    grid: pieces.Grid,
    signal: np.ndarray,
    single: np.ndarray,
    spliced_packets: list[Packet],
) -> None:
    # The packet that starts the second piece: each fault is made there, and the rest moved to stay on time.
    first = grid.piece
    assert spliced_packets[first].pts == grid.start(1)
    payloads = [bytes(p) for p in spliced_packets]
    if fault == "moved":  # the second piece a frame late: its first frame doubled, its last dropped
        last = 2 * grid.piece
        payloads = payloads[: first + 1] + payloads[first : last - 1] + payloads[last:]
    elif fault == "dropped":
        payloads = payloads[:first] + payloads[first + 1 :]
    else:
        payloads = payloads[: first + 1] + payloads[first:]
    decoded = _decode(_mux(tmp_path / f"{fault}.mp3", _retimed(spliced_packets, payloads)))
    # A frame dropped or doubled changes the length; a frame moved is heard around the splices.
    assert decoded.shape[1] == LENGTH + {"moved": 0, "dropped": -1152, "doubled": 1152}[fault]
    assert _excess_db(decoded, single, signal, grid) > 4 * EXCESS_DB


def test_the_measure_catches_pieces_made_with_the_bit_reservoir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grid: pieces.Grid, signal: np.ndarray, single: np.ndarray
) -> None:
    monkeypatch.setitem(pieces.SPLICED, MP3.codec, {"reservoir": "1"})
    path = tmp_path / "reservoir.mp3"
    with av.open(str(path), "w", format=MP3.container) as dest:
        for packet in pieces.encode_pieces(_stream(dest), [signal], FMT, workers=2, grid=grid):
            dest.mux(packet)
    assert _excess_db(_decode(path), single, signal, grid) > 4 * EXCESS_DB


@pytest.fixture
def in_pieces(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Stitched MP3s are encoded in pieces here, whatever the cores; counts the tracks encoded so."""
    monkeypatch.setattr(pieces, "SIDE_BY_SIDE", 0)
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Iterator[Packet]:
        calls.append(1)
        return pieces.encode_pieces(*args, **kwargs)

    monkeypatch.setattr(stitch, "encode_pieces", counted)
    return calls


def test_a_stitch_in_pieces_joins_parts_handed_over_one_at_a_time_as_one_pass_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_pieces: list[int]
) -> None:
    segments = split_segments(24.0, [11.0])
    parts = [
        (make_audio_only(tmp_path / f"p{s.index}.mp3", s.duration_s, frequency=f, channels=1), s)
        for s, f in zip(segments, (300.5, 500.25), strict=True)
    ]
    streamed = _decode(stitch_audio(iter(parts), 24.0, tmp_path / "streamed.mp3", hold_s=1.0))
    whole = _decode(stitch_audio(parts, 24.0, tmp_path / "whole.mp3"))
    assert len(in_pieces) == 2
    # The pieces are cut in the same places however the parts arrive: the same file.
    assert streamed.shape == whole.shape == (1, 24 * 48_000) and np.abs(streamed - whole).max() < 1e-6
    monkeypatch.setattr(
        stitch, "spliceable", lambda codec: False
    )  # one pass, as the stitch encodes on 2 cores
    one_pass = _decode(stitch_audio(iter(parts), 24.0, tmp_path / "one-pass.mp3", hold_s=1.0))
    assert one_pass.shape == streamed.shape
    assert _db(streamed - one_pass) < -40  # coding noise only (the reservoir), the crossfades included
    assert not _piece_threads()


def test_an_abandoned_stitch_stops_with_no_thread_left_and_no_file(
    tmp_path: Path, in_pieces: list[int]
) -> None:
    segments = split_segments(24.0, [11.0])
    source = make_audio_only(tmp_path / "p.mp3", 13.0, channels=1)

    def abandoned() -> Iterator[stitch.Part]:
        yield source, segments[0]
        raise StitchAbandoned

    with pytest.raises(StitchAbandoned):
        stitch_audio(abandoned(), 24.0, tmp_path / "out.mp3", hold_s=1.0)
    assert in_pieces and not _piece_threads()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.mp3"]


def test_an_encoder_failing_in_a_piece_fails_the_stitch_with_a_media_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_pieces: list[int]
) -> None:
    made = pieces.Settings.context

    def refused_in_pieces(self: pieces.Settings) -> av.AudioCodecContext:
        ctx = made(self)
        if threading.current_thread().name.startswith("audio-piece"):
            ctx.options = {**ctx.options, "reservoir": "not a number"}  # FFmpeg refuses to open it
        return ctx

    monkeypatch.setattr(pieces.Settings, "context", refused_in_pieces)
    source = make_audio_only(tmp_path / "p.mp3", 6.0, channels=1)
    with pytest.raises(MediaError, match=r"could not write the soundtrack out\.mp3"):
        stitch_audio([(source, split_segments(6.0)[0])], 6.0, tmp_path / "out.mp3")
    assert in_pieces and not _piece_threads()
    assert not (tmp_path / "out.mp3").exists()


def _splices(grid: pieces.Grid) -> list[int]:
    """Where the pieces of a LENGTH-sample track meet (the last piece is longer: it takes the rest)."""
    return [grid.start(m) for m in range(1, LENGTH) if grid.fed_to(m) <= LENGTH]


def _blocks(signal: np.ndarray) -> Iterator[np.ndarray]:
    start = 0
    for size in [5_000, 70_001, 1, 123_456] * 10:
        yield signal[:, start : start + size]
        start += size
    yield signal[:, start:]


def _stream(dest: av.container.OutputContainer) -> AudioStream:
    stream = cast(AudioStream, dest.add_stream(MP3.codec, rate=RATE, layout=FMT.layout))
    stream.bit_rate = MP3.bit_rate
    return stream


def _mux(path: Path, packets: list[Packet]) -> Path:
    with av.open(str(path), "w", format=MP3.container) as dest:
        stream = _stream(dest)
        for packet in packets:
            packet.stream = stream
            dest.mux(packet)
    return path


def _retimed(packets: list[Packet], payloads: list[bytes]) -> list[Packet]:
    """Packets holding `payloads`, timed one frame after another as the encoder timed `packets`, whose side
    data (the start delay and the end trim) they keep at the ends."""
    out = []
    for i, payload in enumerate(payloads):
        like = packets[0] if i == 0 else packets[-1] if i == len(payloads) - 1 else packets[1]
        packet = Packet(payload)
        for side in like.iter_sidedata():
            packet.set_sidedata(side)
        packet.pts = packet.dts = cast(int, packets[0].pts) + i * 1152
        packet.duration = like.duration if i == len(payloads) - 1 else 1152
        packet.time_base = packets[0].time_base
        out.append(packet)
    return out


def _decode(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        frames = [f.to_ndarray() for f in container.decode(container.streams.audio[0])]
    return np.concatenate(frames, axis=1)[:1]


def _db(error: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(error, dtype=np.float64)) + 1e-20))


def _excess_db(decoded: np.ndarray, single: np.ndarray, signal: np.ndarray, grid: pieces.Grid) -> float:
    """How much more the decoded track's error is than a single pass's, at worst, around any splice."""
    worst = -np.inf
    for b in _splices(grid):
        window = slice(b - SPAN * grid.frame, b + SPAN * grid.frame)
        x = signal[0, window]
        worst = max(worst, _db(decoded[0, window] - x) - _db(single[0, window] - x))
    return worst


def _lag(decoded: np.ndarray, signal: np.ndarray) -> int:
    """The shift (in samples, within a frame either way) that best lines the decoded track up with the input."""
    n = min(len(decoded), len(signal))
    spectrum = np.fft.rfft(decoded[:n], 2 * n) * np.conj(np.fft.rfft(signal[:n], 2 * n))
    correlation = np.fft.irfft(spectrum, 2 * n)
    lags = np.r_[np.arange(0, 1152), np.arange(-1152, 0)]
    values = np.r_[correlation[:1152], correlation[-1152:]]
    return int(lags[np.argmax(values)])


def _piece_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("audio-piece")]
