"""Encode a long track in pieces side by side, spliced on the codec's frame grid into one stream.

A single-pass encoder's packet k plays the input samples [kF - D, (k+1)F - D), F being the codec's frame size
and D its priming (the first packet's pts is -D). The track is cut on that grid into pieces of a fixed number
of frames (`PIECE_S`), the same cuts whatever blocks the samples come in, so the file depends neither on how
they arrive nor on how many cores encode it. Each piece is encoded by a fresh encoder with the track's
settings, fed from `PREROLL` frames before the piece (so it enters the piece in the state a single pass has)
to `LOOKAHEAD` frames past it (so the end of its input does not touch the packets kept); only the packets
that play inside the piece are kept, moved to their place in the track. The first piece keeps its priming;
the last is fed to the track's end and flushed, and keeps its last packets (they carry the end trim that
gives the track its exact length).

Only MP3 is spliced, with LAME's bit reservoir off: with it, a frame's data may begin inside the bytes of the
frames before it, which a piece drops. Its decoder overlaps each frame with the one before; both sides of a
splice encoded the same sound there, and what they decode to differs from a single pass by coding noise only
(tests/tools/media/test_pieces.py measures it). AAC frames are independent too, but FFmpeg's encoder steers
its quality by the bits the frames before took, over seconds, so a fresh encoder every few seconds codes a
steady sound with more noise than one pass does; Opus predicts each frame from the one before. Those are
encoded in one pass (`encode_blocks`), as is lossless PCM, which has nothing to gain.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

import av
import numpy as np
from av.audio.codeccontext import AudioCodecContext
from av.audio.stream import AudioStream
from av.packet import Packet

from tools.errors import MediaError
from tools.media.audio import AudioFormat, cores, encoding, pcm_frame

# The options every encoder of a spliced track is opened with, per encoder whose tracks are spliced.
SPLICED: dict[str, dict[str, str]] = {"libmp3lame": {"reservoir": "0"}}
PIECE_S = 2.0  # how long a piece plays (in whole frames)
PREROLL = 3  # frames encoded and dropped before a piece (2 are enough for LAME: one to spare)
LOOKAHEAD = 2  # frames encoded and dropped after a piece (1 is enough for LAME: one to spare)
# A long clip's soundtrack is encoded twice side by side, as its MP3 and as the video's track, and the
# one-pass encoder of the track cannot be split: on two cores, the two fill them, and the MP3's pieces only
# add the work of their overlaps (on 2 cores, from the last part of a 60 s clip to both files closed, the
# track measured as it goes: 0.35 s with the MP3 in pieces against 0.30 s in one pass; tests/bench/segments.py
# times it); with more, the pieces take the cores the track leaves.
SIDE_BY_SIDE = 2


@dataclass(frozen=True)
class Settings:
    """What each encoder of a track is opened with."""

    codec: str
    fmt: AudioFormat
    bit_rate: int | None = None
    options: dict[str, str] = field(default_factory=dict, hash=False)

    def context(self) -> AudioCodecContext:
        """A fresh encoder with these settings (opened by its first frame)."""
        ctx = cast(AudioCodecContext, av.CodecContext.create(self.codec, "w"))
        ctx.sample_rate = self.fmt.rate
        ctx.layout = self.fmt.layout
        ctx.format = "fltp"
        ctx.time_base = Fraction(1, self.fmt.rate)
        if self.bit_rate:
            ctx.bit_rate = self.bit_rate
        ctx.options = dict(self.options)
        return ctx


@dataclass(frozen=True)
class Grid:
    """A track's frame grid and its cut into pieces, in samples of the input from its first one."""

    frame: int  # F: the samples one packet plays
    delay: int  # D: the first packet's pts is -D
    piece: int  # frames per piece
    preroll: int = PREROLL
    lookahead: int = LOOKAHEAD

    def start(self, m: int) -> int:
        """Where piece m's first packet starts to play (a boundary kF - D)."""
        return m * self.piece * self.frame - self.delay

    def fed_from(self, m: int) -> int:
        """The first sample piece m's encoder is fed: whole frames from the start, so its packets are on the grid."""
        return max(0, (m * self.piece - self.preroll) * self.frame)

    def fed_to(self, m: int) -> int:
        """Where piece m's input ends, unless it is the track's last piece (fed to the end)."""
        return ((m + 1) * self.piece + self.lookahead) * self.frame


def spliceable(codec: str) -> bool:
    """Whether a stitched track of this encoder is encoded in pieces (`encode_pieces`): when it can be, and
    the machine has cores beyond the encoders a long clip runs side by side, which fill `SIDE_BY_SIDE` cores
    already (the pieces would only add the work of their overlaps there)."""
    return codec in SPLICED and cores() > SIDE_BY_SIDE


def settings_of(stream: AudioStream, fmt: AudioFormat) -> Settings:
    """An output stream's encoder settings, with the options a spliced track needs (set on the stream too)."""
    ctx = stream.codec_context
    options = SPLICED[ctx.name]
    ctx.options = {**ctx.options, **options}
    return Settings(ctx.name, fmt, ctx.bit_rate or None, options)


@functools.lru_cache(maxsize=16)
def grid_of(settings: Settings) -> Grid:
    """The encoder's frame size and priming, from one opened with `settings` and fed a frame of silence."""
    ctx = settings.context()
    ctx.open()
    silence = np.zeros((settings.fmt.channels, ctx.frame_size), dtype=np.float32)
    packets = [*ctx.encode(pcm_frame(silence, settings.fmt, 0)), *ctx.encode(None)]
    if not packets or packets[0].pts is None or ctx.frame_size <= 0:
        raise MediaError(f"the {settings.codec} encoder gives no packets on a frame grid")
    frame = ctx.frame_size
    piece = max(1, round(PIECE_S * settings.fmt.rate / frame))
    return Grid(frame, -packets[0].pts, piece, preroll=PREROLL, lookahead=LOOKAHEAD)


def encode_pieces(
    stream: AudioStream,
    blocks: Iterable[np.ndarray],
    fmt: AudioFormat,
    *,
    start: int = 0,
    workers: int | None = None,
    grid: Grid | None = None,
) -> Iterator[Packet]:
    """Encode blocks for `stream` (of a `spliceable` encoder) in pieces, on up to `workers` threads (one per core
    by default); yield its packets, in order and timed as `encode_blocks` times them (`start` is the first
    sample's pts). The pieces a block completes are encoded at once, and yielded before the next block is
    read; the rest of it waits for more blocks, or for their end. No piece is being encoded while `blocks` is
    read, and no thread outlives the iterator, however it ends; an encoder's error is raised here.
    """
    settings = settings_of(stream, fmt)
    grid = grid or grid_of(settings)
    workers = max(1, workers or cores())
    held = np.zeros((fmt.channels, 0), dtype=np.float32)  # the input from sample `origin` on
    origin = 0
    m = 0  # the next piece to hand out
    running: collections.deque[Future[list[Packet]]] = collections.deque()
    expected = start - grid.delay  # where the next piece's first packet must start
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audio-piece")

    def hand_out(last: bool) -> None:
        nonlocal held, origin, m
        end = origin + held.shape[1] if last else grid.fed_to(m)
        audio = held[:, grid.fed_from(m) - origin : end - origin]
        running.append(pool.submit(_encode_piece, settings, grid, m, audio, last))
        m += 1
        drop = grid.fed_from(m) - origin
        held, origin = held[:, drop:], origin + drop

    def joined(packets: list[Packet]) -> Iterator[Packet]:
        nonlocal expected
        if packets and cast(int, packets[0].pts) + start != expected:
            raise MediaError(f"a piece of the {settings.codec} track does not join at sample {expected}")
        for packet in packets:
            packet.pts = packet.dts = cast(int, packet.pts) + start
            packet.stream = stream
            yield packet
        if packets:
            expected = cast(int, packets[-1].pts) + grid.frame

    try:
        for block in blocks:
            if block.shape[1] == 0:
                continue
            held = np.concatenate([held, block.astype(np.float32, copy=False)], axis=1)
            while origin + held.shape[1] >= grid.fed_to(m):
                hand_out(last=False)
            while running:  # all that is decided is written before the next block is asked for
                yield from joined(running.popleft().result())
        hand_out(last=True)
        while running:
            yield from joined(running.popleft().result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _encode_piece(settings: Settings, grid: Grid, m: int, audio: np.ndarray, last: bool) -> list[Packet]:
    """Encode piece m from `audio` (its input, from `grid.fed_from(m)` on) with a fresh encoder; return the
    packets that play inside the piece, timed in input samples.

    The track's last piece is flushed, and keeps all it has from its start on. Any other is not: its encoder
    gives out what it has encoded, which the end of its input does not touch, and its lookahead makes sure
    that this reaches the piece's end (it is flushed if not).
    """
    ctx = settings.context()
    origin = grid.fed_from(m)
    low, high = (None if m == 0 else grid.start(m)), (None if last else grid.start(m + 1))

    def kept(packets: list[Packet]) -> list[Packet]:
        inside = []
        for packet in packets:
            pts = cast(int, packet.pts) + origin
            if (low is None or pts >= low) and (high is None or pts < high):
                packet.pts = packet.dts = pts
                inside.append(packet)
        return inside

    with encoding():
        packets = ctx.encode(pcm_frame(audio, settings.fmt, 0)) if audio.shape[1] else []
        if high is None or not packets or cast(int, packets[-1].pts) + origin < high - grid.frame:
            packets += ctx.encode(None)
    return kept(packets)
