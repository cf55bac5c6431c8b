"""Loudness per ITU-R BS.1770 / EBU R128, measured with FFmpeg's `ebur128` filter, and levelling to a target.

Levelling is a plain gain when the target can be reached under the true-peak ceiling; when it cannot, the
peaks are held down by FFmpeg's `alimiter` first and the gain is corrected for what the limiting took, so
the integrated loudness lands on the target (within about 0.1 LU) with the true peak under the ceiling.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np

from tools.errors import MediaError

BLOCK = 4096
SILENT_LUFS = -70.0  # BS.1770's absolute gate: anything quieter counts as silence
# The ceiling the limiter aims under, below the promised one: inter-sample peaks and lossy encoding add a little.
LIMIT_MARGIN_DB = 0.6
LEVEL_ATTEMPTS = 8


@dataclass(frozen=True)
class Loudness:
    """A soundtrack's loudness: integrated (LUFS), true peak (dBTP), loudness range (LU), length (s).

    `integrated_lufs` and `true_peak_dbtp` are None for silence.
    """

    integrated_lufs: float | None
    true_peak_dbtp: float | None
    loudness_range_lu: float
    duration_s: float


def _frames(pcm: np.ndarray, rate: int, first: int = 0) -> Iterator[av.AudioFrame]:
    """Frames of float samples shaped (channels, samples); `first` is the first one's pts (in samples)."""
    layout = "stereo" if pcm.shape[0] == 2 else "mono"
    for start in range(0, pcm.shape[1], BLOCK):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(pcm[:, start : start + BLOCK], dtype=np.float32),
            format="fltp",
            layout=layout,
        )
        frame.sample_rate = rate
        frame.pts = first + start
        frame.time_base = Fraction(1, rate)
        yield frame


def _run(graph: av.filter.Graph, frames: Iterable[av.AudioFrame]) -> Iterator[av.AudioFrame]:
    """Push frames through a one-input graph and yield what comes out, to the end."""

    def drain() -> Iterator[av.AudioFrame]:
        while True:
            try:
                yield cast(av.AudioFrame, graph.pull())
            except (av.BlockingIOError, av.EOFError):
                return

    for frame in frames:
        graph.push(frame)
        yield from drain()
    graph.push(None)
    yield from drain()


def _chain(rate: int, layout: str, *filters: tuple[str, str]) -> av.filter.Graph:
    graph = av.filter.Graph()
    nodes = [graph.add_abuffer(sample_rate=rate, format="fltp", layout=layout, time_base=Fraction(1, rate))]
    nodes += [graph.add(name, args) for name, args in filters]
    nodes.append(graph.add("abuffersink"))
    graph.link_nodes(*nodes)
    graph.configure()
    return graph


def _db(linear: float) -> float | None:
    return 20 * math.log10(linear) if linear > 0 else None


def measure_frames(frames: Iterable[av.AudioFrame], rate: int, layout: str, *, peak: bool = True) -> Loudness:
    """The loudness of a stream of audio frames (any sample format) at `rate` with `layout`.

    Without `peak` the true peak (the costly part: 4x oversampling) is not measured and comes back None.
    """
    meter = LoudnessMeter(rate, layout, peak=peak)
    for frame in frames:
        meter.push_frame(frame)
    return meter.result()


class LoudnessMeter:
    """Loudness measured while a soundtrack's samples pass, in order: `push` them as they come, then `result`.

    For a track that is encoded while it arrives (a long clip's joined soundtrack), so that its figures are ready
    when the last samples are, rather than after a second reading of the file.
    """

    def __init__(self, rate: int, layout: str, *, peak: bool = True) -> None:
        self._rate = rate
        self._graph = _chain(rate, layout, ("ebur128", "metadata=1:peak=" + ("true" if peak else "none")))
        self._meta: dict[str, str] = {}
        self._highest = 0.0
        self._samples = 0

    def push(self, pcm: np.ndarray) -> None:
        """The next float samples, shaped (channels, samples)."""
        for frame in _frames(pcm, self._rate, self._samples):
            self.push_frame(frame)

    def push_frame(self, frame: av.AudioFrame) -> None:
        """The next frame (any sample format, at the meter's rate and layout)."""
        self._samples += frame.samples
        self._graph.push(frame)
        self._read()

    def result(self) -> Loudness:
        """The figures over everything pushed (the meter takes nothing after this)."""
        self._graph.push(None)
        self._read()
        meta = self._meta
        integrated = float(meta.get("lavfi.r128.I", SILENT_LUFS)) if meta else SILENT_LUFS
        return Loudness(
            integrated_lufs=round(integrated, 2) if integrated > SILENT_LUFS else None,
            true_peak_dbtp=None if (tp := _db(self._highest)) is None else round(tp, 2),
            loudness_range_lu=round(float(meta.get("lavfi.r128.LRA", 0.0)), 2),
            duration_s=round(self._samples / self._rate, 3),
        )

    def _read(self) -> None:
        while True:
            try:
                out = cast(av.AudioFrame, self._graph.pull())
            except (av.BlockingIOError, av.EOFError):
                return
            if "lavfi.r128.I" in (found := out.metadata):  # the filter's last frame may carry none
                self._meta = found
                self._highest = max(self._highest, float(found.get("lavfi.r128.true_peak", 0.0)))


def measure(pcm: np.ndarray, rate: int, *, peak: bool = True) -> Loudness:
    """The loudness of float samples shaped (channels, samples)."""
    return measure_frames(_frames(pcm, rate), rate, "stereo" if pcm.shape[0] == 2 else "mono", peak=peak)


def measure_file(path: Path) -> Loudness:
    """The loudness of a file's first audio stream (a soundtrack, or the track of a scored video)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError(f"{Path(path).name} holds no audio stream to measure.")
            stream = container.streams.audio[0]
            ctx = stream.codec_context
            rate, layout = ctx.sample_rate or 48_000, "stereo" if ctx.channels >= 2 else "mono"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)

            def decoded() -> Iterator[av.AudioFrame]:
                for frame in container.decode(stream):
                    yield from resampler.resample(frame)
                yield from resampler.resample(None)

            return measure_frames(decoded(), rate, layout)
    except av.FFmpegError as exc:
        raise MediaError(f"{Path(path).name}: its loudness cannot be measured: {exc}") from exc


def limit(pcm: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray:
    """The samples with every peak held under `ceiling_db` (dBFS) by a look-ahead limiter; no other change."""
    ceiling = max(0.0625, min(1.0, 10 ** (ceiling_db / 20)))
    layout = "stereo" if pcm.shape[0] == 2 else "mono"
    # latency=1: the limiter's look-ahead delay is taken out again, so the sound stays where it was.
    args = f"limit={ceiling:.6f}:attack=5:release=60:level=0:latency=1"
    graph = _chain(
        rate, layout, ("alimiter", args), ("aformat", f"sample_fmts=fltp:channel_layouts={layout}")
    )
    blocks = [f.to_ndarray() for f in _run(graph, _frames(pcm, rate))]
    out = np.concatenate(blocks, axis=1) if blocks else np.zeros_like(pcm)
    if out.shape[1] < pcm.shape[1]:
        out = np.pad(out, ((0, 0), (0, pcm.shape[1] - out.shape[1])))
    return np.asarray(out[:, : pcm.shape[1]], dtype=np.float32)


def level_to(pcm: np.ndarray, rate: int, target_lufs: float | None, ceiling_dbtp: float) -> np.ndarray:
    """The samples at `target_lufs` (None: at their own level) with the true peak under `ceiling_dbtp`."""
    before = measure(pcm, rate)
    if before.integrated_lufs is None or before.true_peak_dbtp is None:
        return pcm  # silence stays silence
    gain_db = 0.0 if target_lufs is None else target_lufs - before.integrated_lufs
    aim = ceiling_dbtp - LIMIT_MARGIN_DB
    if before.true_peak_dbtp + gain_db <= aim:
        return (pcm * np.float32(10 ** (gain_db / 20))).astype(np.float32, copy=False)
    # The peaks would pass the ceiling: limit them, and make up what the limiting took from the loudness. The
    # loudness grows more slowly than the gain once the limiter works, so the gain is found by the secant method.
    sample_ceiling = aim
    tried: list[tuple[float, float]] = []  # (gain, loudness it gave)
    out = pcm
    for _ in range(LEVEL_ATTEMPTS):
        out = limit(pcm * np.float32(10 ** (gain_db / 20)), rate, sample_ceiling)
        after = measure(out, rate)
        if after.integrated_lufs is None or after.true_peak_dbtp is None:
            return out
        over = after.true_peak_dbtp - aim
        if over > 0:  # inter-sample peaks the limiter does not see: hold the samples lower
            sample_ceiling -= over + 0.05
            tried.clear()
        if target_lufs is None:
            if over <= 0:
                break
            continue
        off = target_lufs - after.integrated_lufs
        if abs(off) <= 0.1 and over <= 0:
            break
        tried.append((gain_db, after.integrated_lufs))
        slope = 1.0
        if len(tried) >= 2 and tried[-1][0] != tried[-2][0]:
            slope = (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])
        gain_db += off / min(1.0, max(0.1, slope))
    return out
