"""Which moments a contact sheet shows: the start of every shot, then impacts and other motion events, then
even spacing to fill the remaining tiles."""

from __future__ import annotations

from tools.inspection.models import Analysis, PictureEvent

# A shot is shown a little after its first frame, clear of any blend at the cut.
SHOT_LEAD_IN_S = 0.1
_PRIORITY = {"scene_cut": 3.0, "impact": 2.0, "motion_onset": 1.0, "motion_stop": 1.0}


def choose_keyframe_times(analysis: Analysis, frames: int) -> list[float]:
    """Up to `frames` times in order: at shot starts and events first, evenly spaced where events are few."""
    duration = analysis.duration_s
    count = max(1, min(int(frames), analysis.frames_decoded or 1))
    last = max(0.0, duration - 1e-3)
    if duration <= 0:
        return [0.0]
    gap = duration / (2 * count)
    picked: list[float] = []
    for _, time_s in sorted(_candidates(analysis.events, last), key=lambda c: (-c[0], c[1])):
        if len(picked) == count:
            break
        if all(abs(time_s - p) >= gap for p in picked):
            picked.append(time_s)
    grid = [(k + 0.5) * duration / count for k in range(count)]
    while len(picked) < count:
        best = max(grid, key=lambda g: min((abs(g - p) for p in picked), default=duration))
        if picked and min(abs(best - p) for p in picked) < 1e-6:
            break
        picked.append(best)
    return sorted(round(min(last, max(0.0, t)), 3) for t in picked)


def _candidates(events: list[PictureEvent], last: float) -> list[tuple[float, float]]:
    cuts = [e for e in events if e.kind == "scene_cut"]
    out: list[tuple[float, float]] = []
    if cuts:
        # The opening shot has no cut event; it still deserves a tile.
        out.append((_PRIORITY["scene_cut"] + 1.0, min(last, SHOT_LEAD_IN_S)))
    for event in events:
        time_s = event.time_s + SHOT_LEAD_IN_S if event.kind == "scene_cut" else event.time_s
        out.append((_PRIORITY[event.kind] + event.strength, min(last, time_s)))
    return out
