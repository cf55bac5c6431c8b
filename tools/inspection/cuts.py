"""Hard scene cuts: a jump between two consecutive frames that stands far above the changes around it.

Each frame is reduced to a signature (block brightness, block texture and a brightness histogram of its
thumbnail). The distance between consecutive signatures spikes at a cut; within a shot it stays near its local
level, however busy the shot is. A cut is a spike that is large in itself and several times that level, so a
static shot (distances near zero) and a steady pan (distances steady) yield none.
"""

from __future__ import annotations

from collections.abc import Sequence
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


@dataclass(frozen=True)
class Signature:
    """A frame reduced to what a cut changes: block means, block contrast, brightness histogram."""

    means: np.ndarray
    stds: np.ndarray
    hist: np.ndarray


@dataclass(frozen=True)
class Cut:
    """A hard cut: the first frame of the new shot, and how clear the cut is (0..1)."""

    time_s: float
    strength: float


def signature(pixels: np.ndarray) -> Signature:
    """Reduce a grayscale thumbnail (luma 0..255) to its cut signature.

    It runs on every decoded frame, so it keeps to a few whole-array passes: block sums and sums of squares
    give each block's mean and spread (exact for whole-number luma in float32), and the histogram is a count
    of each pixel's bin.
    """
    h = pixels.shape[0] // BLOCK * BLOCK
    w = pixels.shape[1] // BLOCK * BLOCK
    blocks = pixels[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK)
    area = BLOCK * BLOCK
    means = blocks.sum(axis=(1, 3)) / area
    spread = (blocks * blocks).sum(axis=(1, 3)) / area - means * means
    bins = np.clip(pixels * (HIST_BINS / 256.0), 0, HIST_BINS - 1).astype(np.intp)
    hist = np.bincount(bins.ravel(), minlength=HIST_BINS)
    return Signature(
        means=means,
        stds=np.sqrt(np.maximum(spread, 0.0)),
        hist=hist / max(1, pixels.size),
    )


def distance(a: Signature, b: Signature) -> float:
    """How different two frames look, 0 (same) .. 1 (unrelated): the largest of four views of the change."""
    layout = min(1.0, float(np.mean(np.abs(a.means - b.means))) / 64.0)
    texture = min(1.0, float(np.mean(np.abs(a.stds - b.stds))) / 32.0)
    # Earth mover's distance between the brightness histograms: a flat picture whose brightness drifts
    # across a bin edge moves a little, not all the way (as a bin-by-bin comparison would say).
    tones = min(1.0, 2.0 * float(np.abs(np.cumsum(a.hist - b.hist)).sum()) / (HIST_BINS - 1))
    return max(layout, texture, tones, _structure(a.means, b.means))


def _structure(a: np.ndarray, b: np.ndarray) -> float:
    """Half of one minus the correlation of two block grids: sees a new layout even at the same brightness.

    Flat pictures have no layout to compare, so below a little contrast this view says nothing (0).
    """
    da, db = a - a.mean(), b - b.mean()
    spread = float(np.sqrt((da * da).sum() * (db * db).sum()))
    if spread <= 0 or min(float(da.std()), float(db.std())) < MIN_LAYOUT_CONTRAST:
        return 0.0
    return 0.5 * (1.0 - float((da * db).sum()) / spread)


def find_cuts(times: Sequence[float], distances: Sequence[float]) -> list[Cut]:
    """Cuts from per-frame times and distances (distances[i] compares frame i-1 with frame i)."""
    t = np.asarray(times, dtype=np.float64)
    d = np.asarray(distances, dtype=np.float64)
    found: list[Cut] = []
    for i in range(1, len(d)):
        if d[i] < MIN_DISTANCE or d[i] < d[max(1, i - 2) : i + 3].max():
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
    check_video(Path(path))
    times: list[float] = []
    distances: list[float] = []
    previous: Signature | None = None
    for thumb in iter_thumbs(Path(path), width=160, max_fps=0.0):
        current = signature(thumb.pixels)
        times.append(thumb.time_s)
        distances.append(distance(previous, current) if previous is not None else 0.0)
        previous = current
    return [round(cut.time_s, 3) for cut in find_cuts(times, distances)]
