"""Motion events within each shot: motion onsets, stops and impacts, in words an assistant can use.

Onsets and stops come from the share of changed pixels: the shot is split into moving and still stretches
(brief pauses, such as a ball at the top of its arc, do not count), and each change of stretch is an event.
A stop that comes at speed is an impact (something landed); impacts in mid-motion come from kinematics.py.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from tools.inspection.kinematics import (
    MAX_EDGE_SHARE,
    MAX_SPREAD,
    V_MIN,
    Impact,
    Kinematics,
    impacts,
    kinematics,
)
from tools.inspection.models import EventKind, PictureEvent
from tools.inspection.motion import STILL, PairMotion

# Stretches shorter than these are absorbed by their neighbours (seconds).
MIN_STILL_S = 0.3
MIN_MOVING_S = 0.2
# Two impacts closer than this are one.
MIN_GAP_S = 0.15
# A stop this close to an impact is that impact.
MERGE_S = 0.2
# Speed (picture heights per second) at which a sudden stop counts fully as an impact.
FULL_STOP_SPEED = 1.5

IMPACT_LABEL = "a moving object stops or bounces sharply"
LANDING_LABEL = "a moving object comes to a sudden stop"


def motion_events(pairs: Sequence[PairMotion], *, rotation: int = 0) -> list[PictureEvent]:
    """Onsets, stops and impacts, shot by shot (pairs marked across_cut separate the shots).

    `rotation` is the clip's display rotation in degrees (counter-clockwise), so words like "bottom left"
    and the direction of gravity refer to the picture as it is shown.
    """
    events: list[PictureEvent] = []
    for shot in _shots(pairs):
        kin = kinematics(shot, rotation=rotation)
        hits = impacts(kin)
        others: list[PictureEvent] = []
        for kind, index in _transitions(shot):
            pair = shot[index]
            if kind == "motion_stop":
                speed = kin.speed_into(index)
                if speed >= V_MIN and not _at_edge(pair):
                    hits.append(Impact(index, pair.mid, min(1.0, max(0.3, speed / FULL_STOP_SPEED))))
                    continue
                what = "something moves out of the frame" if _at_edge(pair) else "motion comes to rest"
                others.append(_event("motion_stop", pair.mid, _level(shot, index), what, pair, rotation))
            else:
                what = "something moves into the frame" if _at_edge(pair) else "motion starts"
                others.append(_event("motion_onset", pair.mid, _level(shot, index), what, pair, rotation))
        kept = _keep_apart(hits)
        events.extend(
            _event("impact", h.time_s, h.strength, _impact_label(h, kin), shot[h.index], rotation)
            for h in kept
        )
        events.extend(
            e
            for e in others
            if e.kind != "motion_stop" or all(abs(e.time_s - h.time_s) > MERGE_S for h in kept)
        )
    return sorted(events, key=lambda e: e.time_s)


def _shots(pairs: Sequence[PairMotion]) -> list[list[PairMotion]]:
    shots: list[list[PairMotion]] = [[]]
    for pair in pairs:
        if pair.across_cut:
            shots.append([])
        else:
            shots[-1].append(pair)
    return [shot for shot in shots if shot]


def _transitions(shot: Sequence[PairMotion]) -> list[tuple[EventKind, int]]:
    """(kind, index of the boundary moving pair) for every change between still and moving stretches."""
    states: list[bool] = []
    for pair in shot:
        if pair.moving:
            states.append(True)
        elif pair.changed <= STILL:
            states.append(False)
        else:  # in between: keep the previous state (hysteresis)
            states.append(states[-1] if states else False)
    found: list[tuple[EventKind, int]] = []
    for before, after in itertools.pairwise(_runs(shot, states)):
        if not before[0] and after[0]:
            found.append(("motion_onset", after[1]))
        elif before[0] and not after[0]:
            found.append(("motion_stop", before[2] - 1))
    return found


def _runs(shot: Sequence[PairMotion], states: list[bool]) -> list[tuple[bool, int, int]]:
    """Stretches of equal state as (state, start, end); too-short stretches are flipped, shortest first."""
    states = list(states)
    while True:
        runs: list[tuple[bool, int, int]] = []
        for i, state in enumerate(states):
            if runs and runs[-1][0] == state:
                runs[-1] = (state, runs[-1][1], i + 1)
            else:
                runs.append((state, i, i + 1))
        if len(runs) < 2:
            return runs
        short = [
            (shot[end - 1].t1 - shot[start].t0, state, start, end)
            for state, start, end in runs
            if shot[end - 1].t1 - shot[start].t0 < (MIN_MOVING_S if state else MIN_STILL_S)
        ]
        if not short:
            return runs
        _, state, start, end = min(short)
        states[start:end] = [not state] * (end - start)


def _level(shot: Sequence[PairMotion], index: int) -> float:
    """How clear an onset or stop is: the amount of change in the moving pairs next to it."""
    near = [p.changed for p in shot[max(0, index - 2) : index + 3] if p.moving]
    changed = float(np.mean(near)) if near else 0.0
    return min(1.0, max(0.1, math.sqrt(changed / 0.03)))


def _impact_label(hit: Impact, kin: Kinematics) -> str:
    following = kin.velocity[hit.index] if hit.index < len(kin.velocity) else None
    stopped = following is not None and math.hypot(*following) == 0.0
    return LANDING_LABEL if stopped else IMPACT_LABEL


def _keep_apart(hits: list[Impact]) -> list[Impact]:
    kept: list[Impact] = []
    for hit in sorted(hits, key=lambda h: -h.strength):
        if all(abs(hit.time_s - k.time_s) >= MIN_GAP_S for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.time_s)


def _event(
    kind: EventKind, time_s: float, strength: float, what: str, pair: PairMotion, rotation: int
) -> PictureEvent:
    where = _where(pair, rotation)
    return PictureEvent(
        kind=kind,
        time_s=round(max(0.0, time_s), 3),
        strength=round(min(1.0, max(0.0, strength)), 3),
        label=f"{what} ({where})" if where else what,
    )


def _at_edge(pair: PairMotion) -> bool:
    return pair.edge_share > MAX_EDGE_SHARE


def _where(pair: PairMotion, rotation: int) -> str:
    """Rough place of the change in the picture as displayed, in words."""
    if math.isnan(pair.change.x) or pair.spread > MAX_SPREAD:
        return ""
    across, down = display_position(pair.change.x / pair.extent[0], pair.change.y / pair.extent[1], rotation)
    row = "top" if down < 1 / 3 else "bottom" if down > 2 / 3 else "middle"
    column = "left" if across < 1 / 3 else "right" if across > 2 / 3 else "centre"
    return "centre" if (row, column) == ("middle", "centre") else f"{row} {column}"


def display_position(across: float, down: float, rotation: int) -> tuple[float, float]:
    """Map a point given as fractions of the stored picture to fractions of the displayed picture."""
    turns = round(rotation / 90) % 4
    if turns == 1:  # shown turned a quarter counter-clockwise: the stored top becomes the left side
        return down, 1.0 - across
    if turns == 2:
        return 1.0 - across, 1.0 - down
    if turns == 3:
        return 1.0 - down, across
    return across, down
