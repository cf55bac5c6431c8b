"""Per-rule precision and recall of the linter on the team's corpus, as a Markdown table for README.

Run from the repository root: `.venv/bin/python -m tests.tools.lint.corpus_report`
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tests.tools.lint.corpus import CORPUS, Case
from tests.tools.lint.corpus_holdout import HOLDOUT
from tools.lint import RULES, lint_prompts


@dataclass
class Tally:
    """Counts for one rule over the corpus, per prompt pair."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of pairs flagged by the rule that were expected to be."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of pairs expected to be flagged that the rule flagged."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def fired(case: Case) -> frozenset[str]:
    """The rule names the linter raises on one corpus pair."""
    report = lint_prompts(case.sfx, case.music, case.asmr, scene=case.scene, events=case.events or None)
    return frozenset(f.rule for f in report.findings)


def tally(cases: Iterable[Case] = CORPUS) -> dict[str, Tally]:
    """Precision and recall counts per rule."""
    tallies = {rule.name: Tally() for rule in RULES}
    for case in cases:
        got = fired(case)
        label = f"{case.kind}: {case.sfx!r} / {case.music!r}"
        for name, t in tallies.items():
            if name in got and name in case.expect:
                t.tp += 1
            elif name in got:
                t.fp += 1
                t.false_positives.append(label)
            elif name in case.expect:
                t.fn += 1
                t.misses.append(label)
    return tallies


def good_false_positives(cases: Iterable[Case] = CORPUS) -> list[str]:
    """Warnings or errors raised on pairs of kind 'good' (the target is none)."""
    out = []
    for case in cases:
        if case.kind != "good":
            continue
        report = lint_prompts(case.sfx, case.music, case.asmr, scene=case.scene, events=case.events or None)
        out += [f"{f.rule} on {case.sfx!r} / {case.music!r}" for f in report.findings if f.severity != "info"]
    return out


def markdown(cases: tuple[Case, ...] = CORPUS) -> str:
    """The README table: one row per rule, then the corpus size and false positives on good pairs."""
    tallies = tally(cases)
    lines = ["| Code | Rule | Expected | Precision | Recall |", "|---|---|---|---|---|"]
    for rule in RULES:
        t = tallies[rule.name]
        lines.append(
            f"| {rule.code} | `{rule.name}` | {t.tp + t.fn} | {t.precision:.0%} ({t.tp}/{t.tp + t.fp}) | "
            f"{t.recall:.0%} ({t.tp}/{t.tp + t.fn}) |"
        )
    good = _good(cases)
    lines.append("")
    lines.append(
        f"{len(cases)} prompt pairs ({good} good); warnings or errors on good pairs: "
        f"{len(good_false_positives(cases))}."
    )
    return "\n".join(lines)


def report() -> str:
    """The README table: per rule, precision and recall on the corpus and on the held-out set side by side."""
    corpus, held = tally(CORPUS), tally(HOLDOUT)
    lines = [
        "| Code | Rule | Corpus precision | Corpus recall | Held-out precision | Held-out recall |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        c, h = corpus[rule.name], held[rule.name]
        lines.append(
            f"| {rule.code} | `{rule.name}` | {_rate(c.tp, c.fp)} | {_rate(c.tp, c.fn)} | "
            f"{_rate(h.tp, h.fp)} | {_rate(h.tp, h.fn)} |"
        )
    lines += [
        "",
        f"Corpus: {len(CORPUS)} prompt pairs, {_good(CORPUS)} of them good; warnings or errors on good pairs: "
        f"{len(good_false_positives(CORPUS))}. Held-out set (written after the rules were frozen, never used to "
        f"tune them): {len(HOLDOUT)} pairs, {_good(HOLDOUT)} good; warnings or errors on good pairs: "
        f"{len(good_false_positives(HOLDOUT))}.",
    ]
    return "\n".join(lines)


def _rate(hits: int, others: int) -> str:
    return f"{hits / (hits + others):.0%} ({hits}/{hits + others})" if hits + others else "-"


def _good(cases: tuple[Case, ...]) -> int:
    return sum(1 for c in cases if c.kind == "good")


if __name__ == "__main__":
    import sys

    sys.stdout.write(report() + "\n")
    if "-v" in sys.argv:
        for cases in (CORPUS, HOLDOUT):
            for name, t in tally(cases).items():
                for label in t.false_positives:
                    sys.stdout.write(f"FP {name}: {label}\n")
                for label in t.misses:
                    sys.stdout.write(f"FN {name}: {label}\n")
