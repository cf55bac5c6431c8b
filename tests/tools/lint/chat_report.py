"""The chat corpus's figures: review verdicts, unsupported events, order rule precision and recall, leads.

Run from the repository root: `.venv/bin/python -m tests.tools.lint.chat_report` (add `-v` for every rewrite
with its problems, `--stale` for the requests whose rewrite changed since it was reviewed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tests.tools.lint.chat_case import ChatCase
from tests.tools.lint.chat_corpus_a import CHAT_A
from tests.tools.lint.chat_corpus_b import CHAT_B
from tests.tools.lint.chat_holdout import CHAT_HOLDOUT
from tests.tools.lint.chat_holdout2 import CHAT_HOLDOUT2
from tests.tools.lint.chat_holdout3 import CHAT_HOLDOUT3
from tests.tools.lint.chat_rubric import Checked, check

TUNED: tuple[ChatCase, ...] = (*CHAT_A, *CHAT_B)
CHAT: tuple[ChatCase, ...] = (*TUNED, *CHAT_HOLDOUT)  # the team corpus the acceptance figures are taken on
EVERY: tuple[ChatCase, ...] = (*CHAT, *CHAT_HOLDOUT2, *CHAT_HOLDOUT3)  # with the later held-out parts


@dataclass(frozen=True)
class Figures:
    """The rubric's figures on a set of requests."""

    requests: int
    verdicts: Counter[str]
    unsupported: int
    order_tp: int
    order_fp: int
    order_fn: int
    leads: int
    leads_right: int
    good: int
    good_warned: int
    failing: int  # requests whose rewrite fails a checkable point of the rubric

    @property
    def as_is(self) -> float:
        """Share of rewrites sendable as they are."""
        return self.verdicts["as_is"] / self.requests if self.requests else 1.0

    @property
    def precision(self) -> float:
        """The order rule's precision: of the requests it flagged, the share expected to be."""
        flagged = self.order_tp + self.order_fp
        return self.order_tp / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """The order rule's recall: of the requests expected to be flagged, the share it flagged."""
        expected = self.order_tp + self.order_fn
        return self.order_tp / expected if expected else 1.0


def stale(checked: Checked) -> bool:
    """Whether the rewrite differs from the one the recorded verdict was given to."""
    verdict, sfx, music = checked.case.review
    return verdict == "?" or (sfx, music) != (checked.sfx, checked.music)


def figures(cases: Sequence[ChatCase]) -> tuple[Figures, list[Checked]]:
    """Check every request and count."""
    done = [check(c) for c in cases]
    fired = [(c.case.order, c.order_fired) for c in done]
    leads = [c for c in done if c.case.lead is not None]
    goods = [c for c in done if c.case.good]
    return (
        Figures(
            requests=len(done),
            verdicts=Counter("stale" if stale(c) else c.case.review[0] for c in done),
            unsupported=sum(1 for c in done if c.unsupported),
            order_tp=sum(1 for want, got in fired if want and got),
            order_fp=sum(1 for want, got in fired if got and not want),
            order_fn=sum(1 for want, got in fired if want and not got),
            leads=len(leads),
            leads_right=sum(1 for c in leads if not any(p.startswith("lead") for p in c.problems)),
            good=len(goods),
            good_warned=sum(1 for c in goods if not c.report.clean),
            failing=sum(1 for c in done if c.problems),
        ),
        done,
    )


def _row(name: str, f: Figures) -> str:
    v = f.verdicts
    return (
        f"| {name} | {f.requests} | {v['as_is']} ({f.as_is:.0%}) | {v['edit']} | {v['not']} | {f.unsupported} | "
        f"{f.precision:.2f} ({f.order_tp}/{f.order_tp + f.order_fp}) | "
        f"{f.recall:.2f} ({f.order_tp}/{f.order_tp + f.order_fn}) | {f.leads_right}/{f.leads} | "
        f"{f.good_warned}/{f.good} |"
    )


def report() -> str:
    """The README table: the rubric's figures on the tuned part and on each held-out part."""
    tuned, _ = figures(TUNED)
    held, _ = figures(CHAT_HOLDOUT)
    held2, _ = figures(CHAT_HOLDOUT2)
    held3, _ = figures(CHAT_HOLDOUT3)
    corpus, _ = figures(CHAT)
    whole, _ = figures(EVERY)
    non_english = sum(1 for c in EVERY if c.lang != "en")
    return "\n".join(
        [
            "| Part | Requests | Sendable as is | After an edit | Not at all | Adds an unsupported event | "
            "Order precision | Order recall | Right lead | Warned good requests |",
            "|---|---|---|---|---|---|---|---|---|---|",
            _row("tuned on", tuned),
            _row("held out", held),
            _row("tuned + held out", corpus),
            _row("new held out", held2),
            _row("third held out", held3),
            _row("all", whole),
            "",
            f"{len(EVERY)} requests, {non_english} of them non-English or mixed; {whole.good} good "
            "requests (no warning expected).",
        ]
    )


if __name__ == "__main__":
    import sys

    sys.stdout.write(report() + "\n")
    for cases in (TUNED, CHAT_HOLDOUT, CHAT_HOLDOUT2, CHAT_HOLDOUT3):
        _, done = figures(cases)
        for c in done:
            if "-v" in sys.argv or ("--stale" in sys.argv and stale(c)):
                sys.stdout.write(
                    f"\n[{c.case.id}] review={c.case.review[0]} problems={c.problems}\n"
                    f"  sfx   {c.case.sfx!r}\n     -> {c.sfx!r}\n  music {c.case.music!r}\n     -> {c.music!r}\n"
                )
