"""What moves between two analysed frames, and how much the whole clip moves.

For each pair of consecutive analysed thumbnails: the share of pixels that changed beyond compression noise,
where the change is (its centroid and spread, in picture heights), and an estimate of picture speed from the
normal flow (temporal change over spatial gradient, the part of the motion a gradient can see), measured at
two scales so a fast pan does not saturate the fine one. These are heuristics, tuned on synthetic clips.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tools.inspection.models import MotionLevel, MotionSummary

# Luma steps below this are compression or sensor noise, not motion.
NOISE = 8.0
# Spatial gradients below this (per pixel) carry no usable motion information.
MIN_GRADIENT = 3.0
# Normal flow is only meaningful for small displacements; larger values are clipped (pixels per step).
MAX_FLOW_PX = 3.0
# Width (pixels) of the frame border where an object may be entering or leaving the picture.
EDGE = 3
# Share of changed pixels: above MOVING something moves, below STILL nothing does.
MOVING = 0.002
STILL = 0.0006
# Picture speed (frame widths per second) separating slow from busy clips, and cut rates that make a clip busy.
BUSY_SPEED = 0.18
BUSY_CUTS_PER_MINUTE = 24.0
STATIC_SPEED = 0.004


@dataclass(frozen=True)
class Centroid:
    """Where a kind of change sits (in picture heights from the top-left corner), how much of it there is, and the
    mean brightness of the later frame there."""

    x: float
    y: float
    mass: float
    luma: float = math.nan


_NOWHERE = Centroid(math.nan, math.nan, 0.0)


@dataclass(frozen=True)
class PairMotion:
    """Change between analysed frames at t0 and t1.

    `change` locates all change; `brighter` and `darker` locate the pixels that got brighter or darker. For
    an object that differs from its background, one of those is where it arrived and the other where it left.
    """

    t0: float
    t1: float
    changed: float
    speed: float
    change: Centroid
    brighter: Centroid
    darker: Centroid
    spread: float
    edge_share: float = 0.0
    extent: tuple[float, float] = (16 / 9, 1.0)
    across_cut: bool = False

    @property
    def mid(self) -> float:
        """Midpoint of the pair in seconds."""
        return 0.5 * (self.t0 + self.t1)

    @property
    def moving(self) -> bool:
        """Something visibly moves in this pair."""
        return self.changed >= MOVING


def measure_pair(a: np.ndarray, b: np.ndarray, t0: float, t1: float) -> PairMotion:
    """Measure the change from thumbnail a (at t0) to thumbnail b (at t1)."""
    step = max(1e-6, t1 - t0)
    signed = b - a
    diff = np.abs(signed)
    mask = diff > NOISE
    changed = float(mask.mean())
    height, width = a.shape
    # Positions are measured in "picture heights": units of the picture's shorter side, so that a portrait
    # clip stored turned on its side (display rotation) moves at the same speed in these units.
    unit = float(min(height, width))
    ys = np.arange(height, dtype=np.float64) / unit
    xs = np.arange(width, dtype=np.float64) / unit
    weight = np.where(mask, diff, 0.0)
    change = _centroid(weight, xs, ys, b)
    spread = math.nan
    if change.mass > 0:
        change = Centroid(change.x, change.y, change.mass, luma_at(b, change.x, change.y))
        var = float(weight.sum(axis=1) @ (ys - change.y) ** 2 + weight.sum(axis=0) @ (xs - change.x) ** 2)
        spread = math.sqrt(max(0.0, var / change.mass))
    edge_share = 0.0
    if change.mass > 0:
        inner = weight[EDGE:-EDGE, EDGE:-EDGE].sum() if min(height, width) > 2 * EDGE else 0.0
        edge_share = 1.0 - float(inner) / change.mass
    fine = _normal_flow(a, b)
    coarse = 4.0 * _normal_flow(_shrink(a, 4), _shrink(b, 4))
    return PairMotion(
        t0=t0,
        t1=t1,
        changed=changed,
        speed=max(fine, coarse) / width / step,
        change=change,
        brighter=_centroid(np.where(signed > NOISE, signed, 0.0), xs, ys, b),
        darker=_centroid(np.where(signed < -NOISE, -signed, 0.0), xs, ys, b),
        spread=spread,
        edge_share=edge_share,
        extent=(width / unit, height / unit),
    )


def _centroid(weight: np.ndarray, xs: np.ndarray, ys: np.ndarray, later: np.ndarray) -> Centroid:
    total = float(weight.sum())
    if total <= 0:
        return _NOWHERE
    x = float(weight.sum(axis=0) @ xs) / total
    y = float(weight.sum(axis=1) @ ys) / total
    return Centroid(x=x, y=y, mass=total, luma=float((weight * later).sum()) / total)


def luma_at(pixels: np.ndarray, x: float, y: float) -> float:
    """Mean brightness of the 3x3 pixels around a point given in picture heights."""
    height, width = pixels.shape
    unit = min(height, width)
    col = min(width - 1, max(0, round(x * unit)))
    row = min(height - 1, max(0, round(y * unit)))
    return float(pixels[max(0, row - 1) : row + 2, max(0, col - 1) : col + 2].mean())


def _shrink(pixels: np.ndarray, factor: int) -> np.ndarray:
    h = pixels.shape[0] // factor * factor
    w = pixels.shape[1] // factor * factor
    return pixels[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def _normal_flow(a: np.ndarray, b: np.ndarray) -> float:
    """Mean normal-flow magnitude in pixels per step over the textured pixels (0 where nothing moved)."""
    if a.shape[0] < 3 or a.shape[1] < 3:
        return 0.0
    gy, gx = np.gradient(0.5 * (a + b))
    grad = np.hypot(gx, gy)
    textured = grad > MIN_GRADIENT
    if not textured.any():
        return 0.0
    change = np.abs(b - a)[textured]
    change[change <= NOISE] = 0.0
    return float(np.minimum(change / grad[textured], MAX_FLOW_PX).mean())


def summarise_motion(pairs: Sequence[PairMotion], *, cuts: int, duration_s: float) -> MotionSummary:
    """Sum a clip's pairs up as static, slow or busy, with the figures behind the verdict."""
    usable = [p for p in pairs if not p.across_cut]
    cuts_per_minute = 60.0 * cuts / duration_s if duration_s > 0 else 0.0
    if not usable:
        return MotionSummary(
            level="static",
            mean_motion=0.0,
            peak_motion=0.0,
            moving_share=0.0,
            cuts_per_minute=round(cuts_per_minute, 2),
            description="a single frame: nothing moves",
        )
    spans = np.array([p.t1 - p.t0 for p in usable])
    speeds = np.array([p.speed for p in usable])
    weights = spans / spans.sum() if spans.sum() > 0 else np.full(len(usable), 1.0 / len(usable))
    mean_speed = float(weights @ speeds)
    moving_share = float(weights @ np.array([1.0 if p.moving else 0.0 for p in usable]))
    peak = float(np.percentile(speeds, 95))
    level: MotionLevel
    if cuts_per_minute >= BUSY_CUTS_PER_MINUTE or mean_speed >= BUSY_SPEED:
        level = "busy"
    elif moving_share < 0.1 and mean_speed < STATIC_SPEED:
        level = "static"
    else:
        level = "slow"
    return MotionSummary(
        level=level,
        mean_motion=round(mean_speed, 4),
        peak_motion=round(peak, 4),
        moving_share=round(min(1.0, moving_share), 3),
        cuts_per_minute=round(cuts_per_minute, 2),
        description=_describe(level, moving_share, cuts_per_minute, usable),
    )


def _describe(
    level: MotionLevel, moving_share: float, cuts_per_minute: float, pairs: Sequence[PairMotion]
) -> str:
    if level == "static":
        return "a still shot: almost nothing moves"
    spreads = [p.spread for p in pairs if p.moving and not math.isnan(p.spread)]
    whole_frame = bool(spreads) and float(np.median(spreads)) > 0.3
    where = "the whole frame moves (camera motion or a crowded scene)" if whole_frame else "motion is local"
    share = f"something moves {round(100 * moving_share)}% of the time"
    pace = "fast-moving picture" if level == "busy" else "calm picture"
    cut_note = f", {cuts_per_minute:.0f} cuts a minute" if cuts_per_minute >= 1 else ""
    return f"{pace}: {where}; {share}{cut_note}"
