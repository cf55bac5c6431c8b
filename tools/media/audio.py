"""Audio as streams of numpy blocks: decode any file to float samples, fit them to a length, encode them.

Blocks are float32 arrays shaped (channels, samples). Everything streams, so a long soundtrack is never held
in memory whole.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.packet import Packet

from tools.errors import MediaError

BLOCK = 4096
# Encoders running at once in this process, at most one per core: two soundtracks encoded side by side (the
# MP3 in pieces, the video's track in one pass) then share the cores rather than crowd them, so the one pass,
# which cannot be split, keeps a core to itself while the pieces take turns on the others.


def cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity is not None else os.cpu_count() or 1)


_ENCODING = threading.BoundedSemaphore(cores())


@dataclass(frozen=True)
class AudioFormat:
    """Sample rate and channel count of a stream of blocks."""

    rate: int
    channels: int

    @property
    def layout(self) -> str:
        """FFmpeg's name for the channel layout."""
        return "stereo" if self.channels == 2 else "mono"


@dataclass(frozen=True)
class Encoder:
    """An audio encoder this project writes with: the file a lone track of it goes in, and what it accepts."""

    codec: str  # FFmpeg's encoder name
    container: str  # FFmpeg's muxer for a file holding just this track
    suffix: str
    rates: tuple[int, ...]
    bit_rate: int | None = None  # None: the encoder's own default


ENCODERS = {
    "libmp3lame": Encoder("libmp3lame", "mp3", ".mp3", (32_000, 44_100, 48_000), bit_rate=192_000),
    "aac": Encoder("aac", "ipod", ".m4a", (44_100, 48_000)),
    "libopus": Encoder("libopus", "ogg", ".opus", (48_000,)),
    # Lossless, for a joined soundtrack that is finished (tools/finish) before anything is encoded for keeps.
    "pcm_f32le": Encoder("pcm_f32le", "wav", ".wav", (32_000, 44_100, 48_000, 88_200, 96_000)),
}


def encoder_format(encoder: Encoder, source: AudioFormat) -> AudioFormat:
    """The format to encode `source`'s samples in: its own rate when the encoder takes it, else 48 kHz."""
    return source if source.rate in encoder.rates else AudioFormat(rate=48_000, channels=source.channels)


def source_format(src: Path) -> AudioFormat:
    """Rate and channel count of the first audio stream of a file (more than two channels count as two)."""
    try:
        with av.open(str(src)) as container:
            if not container.streams.audio:
                raise MediaError(f"{Path(src).name} holds no audio stream.")
            ctx = container.streams.audio[0].codec_context
            return AudioFormat(rate=ctx.sample_rate or 48_000, channels=min(2, max(1, ctx.channels)))
    except av.FFmpegError as exc:
        raise MediaError(f"{Path(src).name}: the audio cannot be read: {exc}") from exc


def mp3_seconds(src: Path) -> float | None:
    """How long an MP3 file plays, from its decoded samples; None when it is not an MP3 or does not decode."""
    try:
        with av.open(str(src)) as container:
            if container.format.name != "mp3" or not container.streams.audio:
                return None
            stream = container.streams.audio[0]
            samples = sum(frame.samples for frame in container.decode(stream))
            return samples / stream.codec_context.sample_rate if stream.codec_context.sample_rate else None
    except av.FFmpegError:
        return None


def decode_blocks(src: Path, fmt: AudioFormat) -> Iterator[np.ndarray]:
    """Yield the first audio stream of src as float32 blocks, resampled to fmt."""
    resampler = av.AudioResampler(format="fltp", layout=fmt.layout, rate=fmt.rate)
    try:
        with av.open(str(src)) as container:
            if not container.streams.audio:
                raise MediaError(f"{Path(src).name} holds no audio stream.")
            for frame in container.decode(container.streams.audio[0]):
                for out in resampler.resample(frame):
                    yield out.to_ndarray().astype(np.float32, copy=False)
            for out in resampler.resample(None):
                yield out.to_ndarray().astype(np.float32, copy=False)
    except av.FFmpegError as exc:
        raise MediaError(f"{Path(src).name}: the audio cannot be decoded: {exc}") from exc


def fit_blocks(blocks: Iterable[np.ndarray], total: int, channels: int) -> Iterator[np.ndarray]:
    """Yield exactly `total` samples: the input cut short, or followed by silence."""
    left = total
    for block in blocks:
        if left <= 0:
            break
        block = block[:, :left]
        left -= block.shape[1]
        yield block
    while left > 0:
        count = min(BLOCK, left)
        left -= count
        yield np.zeros((channels, count), dtype=np.float32)


def samples_for(seconds: float, rate: int) -> int:
    """Whole samples in `seconds` at `rate`, rounded to the nearest."""
    return round(seconds * rate)


def encode_blocks(
    stream: AudioStream, blocks: Iterable[np.ndarray], fmt: AudioFormat, *, start: int = 0
) -> Iterator[Packet]:
    """Encode blocks with an output stream, then flush it; yield the packets to mux. `start` is the first pts."""
    written = start
    for block in blocks:
        if block.shape[1] == 0:
            continue
        frame = pcm_frame(block, fmt, written)
        written += block.shape[1]
        with encoding():
            packets = stream.encode(frame)
        yield from packets
    with encoding():
        packets = stream.encode(None)
    yield from packets


@contextlib.contextmanager
def encoding() -> Iterator[None]:
    """Hold one of the process's encoding turns (one per core) while an encoder works."""
    with _ENCODING:
        yield


def pcm_frame(block: np.ndarray, fmt: AudioFormat, pts: int) -> av.AudioFrame:
    """A block as a frame for an encoder, starting at `pts` (in samples)."""
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(block, dtype=np.float32), format="fltp", layout=fmt.layout
    )
    frame.sample_rate = fmt.rate
    frame.pts = pts
    frame.time_base = Fraction(1, fmt.rate)
    return frame
