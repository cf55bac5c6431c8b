"""Recall and precision of impact and cut detection over synthetic clips with known truth.

Impacts (matched within 0.2 s): balls bouncing to rest under gravity, in several sizes, speeds, frame rates,
contrasts and orientations; every impact reported on the other clips (a static shot, pans, cuts, a glide that
eases to a halt, a swing, a throw, a circling disc) is a false one. Cuts (matched within 0.1 s): a sequence of
four differently textured shots and two shots of the same kind of texture; every cut reported on any other
clip is a false one. Run `python -m tests.tools.inspection.accuracy` from the repository root to print them.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.tools.inspection import synth
from tests.tools.inspection.synth import Ball
from tools.inspection import analyze_video

IMPACT_TOLERANCE_S = 0.2
CUT_TOLERANCE_S = 0.1

BALLS: dict[str, Callable[[Path], list[float]]] = {
    "bright_ball": lambda p: synth.make_bounce(p),
    "dark_ball_bright_room": lambda p: synth.make_bounce(p, ball_luma=20, room_luma=1.2),
    "big_ball": lambda p: synth.make_bounce(p, Ball(radius=20, drop_px=110)),
    "24_fps": lambda p: synth.make_bounce(p, fps=24),
    "60_fps": lambda p: synth.make_bounce(p, fps=60),
    "late_release": lambda p: synth.make_bounce(p, Ball(release_s=0.27, restitution=0.7)),
    "fast_sideways": lambda p: synth.make_bounce(p, Ball(vx=70, start_x=20, restitution=0.8)),
    "low_drop": lambda p: synth.make_bounce(p, Ball(drop_px=70, restitution=0.7)),
    "strong_gravity": lambda p: synth.make_bounce(p, Ball(drop_px=150, gravity=1500, restitution=0.8)),
    "portrait_phone": lambda p: synth.make_bounce(p, rotation=90),
}

CUTS: dict[str, Callable[[Path], list[float]]] = {
    "cuts": lambda p: synth.make_cuts(p),
    "similar_shots": lambda p: synth.make_similar_shots(p),
}

NEGATIVES: dict[str, Callable[[Path], object]] = {
    "static": lambda p: synth.make_static(p),
    "slow_pan": lambda p: synth.make_pan(p),
    "fast_pan": lambda p: synth.make_pan(p, px_per_s=240.0),
    "glide_to_a_halt": lambda p: synth.make_start_stop(p),
    "swing": lambda p: synth.make_swing(p),
    "throw": lambda p: synth.make_throw(p),
    "circle": lambda p: synth.make_circle(p),
}


@dataclass
class Score:
    """Matches of found events to true ones within a tolerance, and the timing errors of the matches."""

    tolerance_s: float
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    errors_s: list[float] = field(default_factory=list)
    per_clip: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        """Share of true impacts found."""
        total = self.true_positives + self.false_negatives
        return self.true_positives / total if total else 1.0

    @property
    def precision(self) -> float:
        """Share of reported impacts that are true."""
        total = self.true_positives + self.false_positives
        return self.true_positives / total if total else 1.0

    def add(self, name: str, truth: list[float], found: list[float]) -> None:
        """Match found to truth greedily, nearest first, within the tolerance."""
        unused = list(found)
        missed = []
        for t in truth:
            best = min(unused, key=lambda f: abs(f - t), default=None)
            if best is not None and abs(best - t) <= self.tolerance_s:
                unused.remove(best)
                self.true_positives += 1
                self.errors_s.append(abs(best - t))
            else:
                missed.append(t)
        self.false_negatives += len(missed)
        self.false_positives += len(unused)
        self.per_clip[name] = {"truth": truth, "found": found, "missed": missed, "false": unused}

    def summary(self) -> dict[str, float]:
        """The headline figures."""
        return {
            "true_events": self.true_positives + self.false_negatives,
            "reported_events": self.true_positives + self.false_positives,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "mean_error_s": round(sum(self.errors_s) / len(self.errors_s), 3) if self.errors_s else 0.0,
            "max_error_s": round(max(self.errors_s), 3) if self.errors_s else 0.0,
        }


@dataclass
class Scores:
    """Impact and cut scores over the same clips."""

    impacts: Score = field(default_factory=lambda: Score(IMPACT_TOLERANCE_S))
    cuts: Score = field(default_factory=lambda: Score(CUT_TOLERANCE_S))

    def add(self, name: str, path: Path, impacts: list[float], cuts: list[float]) -> None:
        """Analyse one clip and score what it reports against its truth."""
        events = analyze_video(path).events
        self.impacts.add(
            name, [round(t, 3) for t in impacts], [e.time_s for e in events if e.kind == "impact"]
        )
        self.cuts.add(name, cuts, [e.time_s for e in events if e.kind == "scene_cut"])

    def summary(self) -> dict[str, dict[str, float]]:
        """The headline figures of both."""
        return {"impacts": self.impacts.summary(), "cuts": self.cuts.summary()}


def evaluate(folder: Path) -> Scores:
    """Generate every clip in `folder`, analyse it once, and score the impacts and cuts it reports."""
    scores = Scores()
    for name, make in BALLS.items():
        path = folder / f"{name}.mp4"
        scores.add(name, path, impacts=make(path), cuts=[])
    for name, make in CUTS.items():
        path = folder / f"{name}.mp4"
        scores.add(name, path, impacts=[], cuts=make(path))
    for name, make_negative in NEGATIVES.items():
        path = folder / f"{name}.mp4"
        make_negative(path)
        scores.add(name, path, impacts=[], cuts=[])
    return scores


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(Path(tmp))
    report = {"summary": result.summary(), "impacts": result.impacts.per_clip, "cuts": result.cuts.per_clip}
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
