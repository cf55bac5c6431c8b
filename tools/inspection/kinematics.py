"""Impacts from kinematics: where a moving object is in each analysed frame, and where its velocity jumps.

The change between two frames locates a moving object (see `track`). An impact is a change of its velocity
that needs contact: the object was moving, and at once it reverses, stops or turns sharply, while the steps
around stay smooth. Gravity bends arcs downwards without contact, so a change pointing down (the top of a
throw) is not an impact; a swing turns round gradually, so its changes are not isolated. Positions are only
trusted while motion is local: when the whole frame changes (a pan), the centroid of change means nothing.
These are heuristics, tuned on synthetic clips (tests/tools/inspection).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tools.inspection.motion import STILL, Centroid, PairMotion

# Centroid kinematics are trusted only for motion this concentrated (rms spread, picture heights).
MAX_SPREAD = 0.3
# Change touching the frame's edge more than this (share) means an object entering or leaving.
MAX_EDGE_SHARE = 0.05
# Object and background must differ by this much (luma) to tell where the object is from brightness.
MIN_CONTRAST = 12.0
# The arrival polarity must carry at least this share of a pair's change to locate the object.
ARRIVAL_SHARE = 0.25
# An impact needs an object moving at least V_MIN before it and a velocity change of at least DV_MIN
# (picture heights per second).
V_MIN = 0.3
DV_MIN = 0.6
# Contact-like velocity changes next to an impact must be at most this share of each of its steps.
ISOLATION_SHARE = 0.6
# A change at least this share of the next one, in the same sense, is the first half of one impact.
SPLIT_SHARE = 0.5
# Velocity changes pointing down more steeply than this (share of the change) are arcs, not impacts.
FALLING_SHARE = 0.7

Velocity = tuple[float, float]


@dataclass(frozen=True)
class Sample:
    """The object's position (in picture heights from the top-left corner) at a time."""

    time_s: float
    x: float
    y: float


@dataclass(frozen=True)
class Impact:
    """A hit at `index` (a pair of the shot): its time and a 0..1 strength."""

    index: int
    time_s: float
    strength: float


@dataclass(frozen=True)
class Kinematics:
    """A shot's track: samples[k] per pair, velocity[k] from sample k to k+1, change[k] at sample k.

    `down` is the direction gravity pulls in the stored picture, which is not the image's y axis when the
    clip carries a display rotation.
    """

    samples: list[Sample | None]
    velocity: list[Velocity | None]
    change: np.ndarray
    times: np.ndarray
    down: Velocity = (0.0, 1.0)

    def speed_into(self, k: int) -> float:
        """Speed of the object on its way into sample k (0 when unknown)."""
        v = self.velocity[k - 1] if 0 < k <= len(self.velocity) else None
        return math.hypot(*v) if v is not None else 0.0


def kinematics(shot: Sequence[PairMotion], *, rotation: int = 0) -> Kinematics:
    """Track the moving object through a shot and differentiate its position twice.

    `rotation` is the clip's display rotation (degrees counter-clockwise), so "down" means down on screen.
    """
    samples = track(shot)
    velocity: list[Velocity | None] = []
    for a, b in itertools.pairwise(samples):
        if a is None or b is None or b.time_s <= a.time_s:
            velocity.append(None)
        else:
            dt = b.time_s - a.time_s
            velocity.append(((b.x - a.x) / dt, (b.y - a.y) / dt))
    change = np.full(len(samples), np.nan)
    for k in range(1, len(velocity)):
        u, v = velocity[k - 1], velocity[k]
        if u is not None and v is not None:
            change[k] = math.hypot(v[0] - u[0], v[1] - u[1])
    times = np.array([s.time_s if s is not None else p.mid for s, p in zip(samples, shot, strict=True)])
    angle = math.radians(rotation)
    down = (-math.sin(angle), math.cos(angle))
    return Kinematics(samples=samples, velocity=velocity, change=change, times=times, down=down)


def impacts(kin: Kinematics) -> list[Impact]:
    """Sharp velocity changes of a moving object (two candidates of one hit may both be listed)."""
    found: list[Impact] = []
    for k in range(1, len(kin.velocity)):
        split = _split(kin, k)
        first = k - 1 if split else k
        u, v = _velocity(kin, first - 1), _velocity(kin, k)
        if u is None or v is None or not _is_impact(k, first, u, v, kin):
            continue
        pre, post = math.hypot(*u), math.hypot(*v)
        dv = math.hypot(v[0] - u[0], v[1] - u[1])
        sharpness = min(1.0, dv / (pre + post + 1e-9))
        size = min(1.0, dv / 4.0)
        time_s = 0.5 * (float(kin.times[k]) + float(kin.times[first]))
        found.append(Impact(index=k, time_s=time_s, strength=max(0.05, sharpness * (0.5 + 0.5 * size))))
    return found


def _is_impact(k: int, first: int, u: Velocity, v: Velocity, kin: Kinematics) -> bool:
    """Whether velocity u (before sample `first`) turning into v (after sample k) is a hit.

    `first` is k, or k-1 when the hit fell between two samples and split its change over both.
    """
    pre, post = math.hypot(*u), math.hypot(*v)
    dv = math.hypot(v[0] - u[0], v[1] - u[1])
    if pre < V_MIN or dv < DV_MIN or not _needs_contact(kin, k):
        return False
    if _downward(kin, v[0] - u[0], v[1] - u[1]) > FALLING_SHARE * dv:
        return False
    turned = (u[0] * v[0] + u[1] * v[1]) < 0.5 * pre * post
    if not (turned or post < 0.5 * pre):
        return False
    # One sample after the hit is needed to tell a hit from a slowdown that the clip cuts short.
    if k + 1 >= len(kin.change) or math.isnan(kin.change[k + 1]):
        return False
    # A hit changes velocity at once; a swing or a circle changes it about as much at every step. So the
    # contact-like changes just before and after must be small beside each step of this one.
    step = min(_change(kin, j) for j in range(first, k + 1))
    around = [_change(kin, j) for j in (first - 1, k + 1) if _needs_contact(kin, j)]
    return all(c <= ISOLATION_SHARE * step for c in around)


def _velocity(kin: Kinematics, k: int) -> Velocity | None:
    return kin.velocity[k] if 0 <= k < len(kin.velocity) else None


def _change(kin: Kinematics, k: int) -> float:
    return float(kin.change[k]) if 0 <= k < len(kin.change) and not math.isnan(kin.change[k]) else 0.0


def _split(kin: Kinematics, k: int) -> bool:
    """Whether the velocity change at k continues one at k-1 (an impact between the two samples)."""
    return _needs_contact(kin, k - 1) and _change(kin, k - 1) >= SPLIT_SHARE * _change(kin, k)


def _needs_contact(kin: Kinematics, k: int) -> bool:
    """Whether the velocity change at sample k is one gravity alone cannot make.

    Gravity turns a rising object into a falling one at the top of its arc: a change pointing down. Bounces,
    landings and hits on walls change velocity upwards or sideways.
    """
    if k < 1 or k >= len(kin.velocity) or math.isnan(kin.change[k]):
        return False
    u, v = kin.velocity[k - 1], kin.velocity[k]
    if u is None or v is None:
        return False
    return _downward(kin, v[0] - u[0], v[1] - u[1]) <= FALLING_SHARE * float(kin.change[k])


def _downward(kin: Kinematics, dx: float, dy: float) -> float:
    """The part of a vector pointing down on screen."""
    return dx * kin.down[0] + dy * kin.down[1]


def track(shot: Sequence[PairMotion]) -> list[Sample | None]:
    """The moving object's position per pair, at the pair's later frame where the data allows.

    Where an object arrives, pixels take its brightness; where it left, they take the background's. So one
    polarity of change (brighter or darker) marks arrivals, consistently through a shot: the one whose centroid
    in a pair matches the other polarity's centroid in the next pair (where the object then leaves from). When
    the arrival centroid cannot be trusted (the two places overlap, or the object is textured), the centroid of
    all change, halfway between the object's two places, stands in at the pair's midpoint in time. At rest the
    object stays where it was last seen. None marks unknowns.
    """
    arrive_brighter = _arrivals_are_brighter(shot)
    samples: list[Sample | None] = []
    for pair in shot:
        if pair.edge_share > MAX_EDGE_SHARE:
            # Something crosses the frame's edge: its visible part, and so its centroid, changes shape.
            samples.append(None)
        elif pair.moving and not math.isnan(pair.change.x) and pair.spread <= MAX_SPREAD:
            arrival, departure = (
                (pair.brighter, pair.darker) if arrive_brighter else (pair.darker, pair.brighter)
            )
            if arrival.mass >= ARRIVAL_SHARE * pair.change.mass and _apart(pair.change, arrival, departure):
                samples.append(Sample(pair.t1, arrival.x, arrival.y))
            else:
                samples.append(Sample(pair.mid, pair.change.x, pair.change.y))
        elif pair.changed <= STILL:
            samples.append(Sample(pair.t1, math.nan, math.nan))
        else:
            samples.append(None)
    last: Sample | None = None
    for i, sample in enumerate(samples):
        if sample is None:
            last = None
        elif math.isnan(sample.x):
            samples[i] = Sample(sample.time_s, last.x, last.y) if last is not None else None
            last = samples[i]
        else:
            last = sample
    return samples


def _apart(change: Centroid, arrival: Centroid, departure: Centroid) -> bool:
    """Whether the object's two places do not overlap, so the arrival centroid is the object's centre.

    When they overlap, the arrival change is only a crescent on the leading side, and its centroid jumps
    whenever the object turns round. The point halfway between the two places tells them apart: it shows
    background when they are apart, and the object itself when they overlap.
    """
    if abs(arrival.luma - departure.luma) < MIN_CONTRAST:
        return False
    return abs(change.luma - departure.luma) < abs(change.luma - arrival.luma)


def _arrivals_are_brighter(shot: Sequence[PairMotion]) -> bool:
    """Whether brighter pixels mark where objects arrive in this shot (else darker ones do)."""
    brighter_first = darker_first = 0.0
    for a, b in itertools.pairwise(shot):
        if a.t1 == b.t0:
            brighter_first += _gap(a.brighter, b.darker)
            darker_first += _gap(a.darker, b.brighter)
    return brighter_first <= darker_first


def _gap(a: Centroid, b: Centroid) -> float:
    if a.mass <= 0 or b.mass <= 0:
        return 0.0
    return math.hypot(a.x - b.x, a.y - b.y)
