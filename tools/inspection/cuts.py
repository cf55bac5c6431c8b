"""Hard scene cuts: a jump between two consecutive frames that stands far above the changes around it.

Each frame is reduced to a signature (block brightness, block texture and a brightness histogram of its
thumbnail). The distance between consecutive signatures spikes at a cut; within a shot it stays near its local
level, however busy the shot is. A cut is a spike that is large in itself and several times that level, so a
static shot (distances near zero) and a steady pan (distances steady) yield none.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tools.inspection.frames import check_video, iter_thumbs

BLOCK = 4
HIST_BINS = 16
# Block grids varying less than this (luma) are too flat for their layout to mean anything.
MIN_LAYOUT_CONTRAST = 4.0
# A cut's distance must reach this in itself ...
MIN_DISTANCE = 0.12
# ... and exceed the local level (median distance within LOCAL_WINDOW_S) this many times, plus a margin.
LOCAL_RATIO = 3.0
LOCAL_MARGIN = 0.06
LOCAL_WINDOW_S = 0.5
# Two cuts closer than this are one cut (the stronger is kept).
MIN_SHOT_S = 0.2
# While a clip is read, a cut this far before the last frame read is settled: every frame that decides it is in.
SETTLED_BEHIND_S = 1.5


@dataclass(frozen=True)
class Signature:
    """Frames reduced to what a cut changes, one row per frame: block means, block contrast, brightness histogram."""

    means: np.ndarray  # (frames, block rows, block columns)
    stds: np.ndarray  # (frames, block rows, block columns)
    hist: np.ndarray  # (frames, HIST_BINS), each row summing to 1


@dataclass(frozen=True)
class Cut:
    """A hard cut: the first frame of the new shot, and how clear the cut is (0..1)."""

    time_s: float
    strength: float


def signature(pixels: np.ndarray) -> Signature:
    """Reduce grayscale thumbnails (luma 0..255), one (h, w) frame or a (frames, h, w) stack, to signatures.

    It runs on every decoded frame, so it works on whole stacks in a few array passes: block sums and sums of
    squares, as products with 0/1 block matrices (exact for whole-number luma in float32), give each block's
    mean and spread, and the histograms are one count of each pixel's bin, offset per frame.
    """
    stack = pixels[None] if pixels.ndim == 2 else pixels
    frames = stack.shape[0]
    rows, cols = _block_matrices(stack.shape[1], stack.shape[2])
    area = BLOCK * BLOCK
    means = rows @ stack @ cols / area
    spread = rows @ (stack * stack) @ cols / area - means * means
    bins = (stack.astype(np.uint8).astype(np.intp) * HIST_BINS) >> 8
    bins += (np.arange(frames, dtype=np.intp) * HIST_BINS)[:, None, None]
    hist = np.bincount(bins.ravel(), minlength=frames * HIST_BINS).reshape(frames, HIST_BINS)
    return Signature(
        means=means,
        stds=np.sqrt(np.maximum(spread, 0.0)),
        hist=hist / max(1, stack[0].size),
    )


@functools.lru_cache(maxsize=8)
def _block_matrices(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """0/1 matrices that sum BLOCK x BLOCK tiles: rows @ picture @ cols, leaving out a ragged edge."""
    rows = np.kron(np.eye(height // BLOCK, dtype=np.float32), np.ones((1, BLOCK), dtype=np.float32))
    cols = np.kron(np.eye(width // BLOCK, dtype=np.float32), np.ones((BLOCK, 1), dtype=np.float32))
    rows = np.pad(rows, ((0, 0), (0, height - rows.shape[1])))
    cols = np.pad(cols, ((0, width - cols.shape[0]), (0, 0)))
    return rows, cols


def distance(a: Signature, b: Signature) -> float:
    """How different two frames look, 0 (same) .. 1 (unrelated): the largest of four views of the change."""
    return float(distances(_join(a, b))[0])


def distances(sig: Signature) -> np.ndarray:
    """The distance between each frame of a stack and the next: one fewer values than frames."""
    a_means, b_means = sig.means[:-1], sig.means[1:]
    layout = np.minimum(1.0, np.abs(a_means - b_means).mean(axis=(1, 2)) / 64.0)
    texture = np.minimum(1.0, np.abs(sig.stds[:-1] - sig.stds[1:]).mean(axis=(1, 2)) / 32.0)
    # Earth mover's distance between the brightness histograms: a flat picture whose brightness drifts
    # across a bin edge moves a little, not all the way (as a bin-by-bin comparison would say).
    moved = np.abs(np.cumsum(sig.hist[:-1] - sig.hist[1:], axis=1)).sum(axis=1)
    tones = np.minimum(1.0, 2.0 * moved / (HIST_BINS - 1))
    return np.maximum.reduce([layout, texture, tones, _structure(a_means, b_means)])


def _structure(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Half of one minus the correlation of two stacks of block grids: sees a new layout at the same brightness.

    Flat pictures have no layout to compare, so below a little contrast this view says nothing (0).
    """
    da = a - a.mean(axis=(1, 2), keepdims=True)
    db = b - b.mean(axis=(1, 2), keepdims=True)
    spread = np.sqrt((da * da).sum(axis=(1, 2)) * (db * db).sum(axis=(1, 2)))
    flat = (spread <= 0) | (np.minimum(da.std(axis=(1, 2)), db.std(axis=(1, 2))) < MIN_LAYOUT_CONTRAST)
    correlation = (da * db).sum(axis=(1, 2)) / np.where(flat, 1.0, spread)
    return np.where(flat, 0.0, 0.5 * (1.0 - correlation))


def _join(a: Signature, b: Signature) -> Signature:
    return Signature(
        means=np.concatenate([a.means, b.means]),
        stds=np.concatenate([a.stds, b.stds]),
        hist=np.concatenate([a.hist, b.hist]),
    )


class CutScanner:
    """Frame-to-frame distances of a clip fed one thumbnail at a time, computed a batch of frames at once."""

    BATCH = 48

    def __init__(self) -> None:
        self.times: list[float] = []
        self.distances: list[float] = []
        self._pending: list[np.ndarray] = []
        self._last: Signature | None = None

    def add(self, time_s: float, pixels: np.ndarray) -> None:
        """Take the next frame (all frames share one size)."""
        self.times.append(time_s)
        self._pending.append(pixels)
        if len(self._pending) >= self.BATCH:
            self._flush()

    def cuts(self) -> list[Cut]:
        """The hard cuts among every frame fed so far."""
        self._flush()
        return find_cuts(self.times, self.distances)

    def _flush(self) -> None:
        if not self._pending:
            return
        sig = signature(np.stack(self._pending))
        self._pending = []
        if self._last is None:
            self.distances.append(0.0)  # the first frame has nothing before it
        else:
            sig = _join(self._last, sig)
        self.distances.extend(distances(sig).tolist())
        self._last = Signature(means=sig.means[-1:], stds=sig.stds[-1:], hist=sig.hist[-1:])


def find_cuts(times: Sequence[float], distances: Sequence[float]) -> list[Cut]:
    """Cuts from per-frame times and distances (distances[i] compares frame i-1 with frame i)."""
    t = np.asarray(times, dtype=np.float64)
    d = np.asarray(distances, dtype=np.float64)
    found: list[Cut] = []
    for i in np.flatnonzero(d >= MIN_DISTANCE):
        if i < 1 or d[i] < d[max(1, i - 2) : i + 3].max():
            continue
        near = np.flatnonzero(np.abs(t - t[i]) <= LOCAL_WINDOW_S)
        near = near[(near != i) & (near > 0)]
        level = float(np.median(d[near])) if near.size else 0.0
        if d[i] < LOCAL_RATIO * level + LOCAL_MARGIN:
            continue
        strength = min(1.0, max(0.05, (d[i] - level) / 0.6))
        found.append(Cut(time_s=float(t[i]), strength=round(strength, 3)))
    return _keep_apart(found)


def _keep_apart(cuts: list[Cut]) -> list[Cut]:
    kept: list[Cut] = []
    for cut in sorted(cuts, key=lambda c: -c.strength):
        if all(abs(cut.time_s - k.time_s) >= MIN_SHOT_S for k in kept):
            kept.append(cut)
    return sorted(kept, key=lambda c: c.time_s)


def detect_scene_cuts(path: Path) -> list[float]:
    """Times (seconds) of the hard cuts in a clip: the first frame of each new shot."""
    *_, (_, cuts) = scan_scene_cuts(path)
    return cuts


def scan_scene_cuts(path: Path, *, every_s: float = 2.0) -> Iterator[tuple[float, list[float]]]:
    """The hard cuts of a clip while it is read: (t, the cuts up to t) about every `every_s` of video.

    Cuts up to t are settled (reading on never changes them), so a caller can act on them before the end;
    the last pair is (inf, every cut), as `detect_scene_cuts` gives.
    """
    check_video(Path(path))
    scanner = CutScanner()
    reported = 0.0
    for thumb in iter_thumbs(Path(path), width=160, max_fps=0.0):
        scanner.add(thumb.time_s, thumb.pixels)
        settled = thumb.time_s - SETTLED_BEHIND_S
        if settled >= reported + every_s:
            reported = settled
            yield settled, [round(c.time_s, 3) for c in scanner.cuts() if c.time_s <= settled]
    yield math.inf, [round(cut.time_s, 3) for cut in scanner.cuts()]
