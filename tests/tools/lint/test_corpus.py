"""The team's corpus: every pair raises exactly the rules it is annotated with."""

from __future__ import annotations

from tests.tools.lint.corpus import CORPUS
from tests.tools.lint.corpus_holdout import HOLDOUT
from tests.tools.lint.corpus_report import fired, good_false_positives, markdown, report, tally
from tools.lint import RULES


def test_the_corpus_has_at_least_150_pairs_and_40_good_ones() -> None:
    assert len(CORPUS) >= 150
    assert sum(1 for case in CORPUS if case.kind == "good") >= 40
    kinds = {case.kind for case in CORPUS}
    for kind in (
        "vague",
        "directorial",
        "over-length",
        "misordered",
        "negated",
        "misplaced",
        "dialog",
        "asmr",
    ):
        assert kind in kinds


def test_every_rule_is_exercised_by_the_corpus() -> None:
    expected = {name for case in CORPUS for name in case.expect}
    assert expected == {rule.name for rule in RULES}


def test_no_good_pair_raises_a_warning_or_an_error() -> None:
    assert good_false_positives() == []


def test_no_good_pair_of_the_held_out_set_raises_a_warning_either() -> None:
    # Its other pairs are measured, not required: corpus_report prints how the rules do on prompts they never saw.
    assert good_false_positives(HOLDOUT) == []


def test_every_pair_raises_exactly_its_annotated_rules() -> None:
    # Full recall and full precision on the corpus: a lexicon change that breaks a pair shows up here.
    wrong = []
    for case in CORPUS:
        got = fired(case)
        if got != case.expect:
            wrong.append(
                f"{case.kind}: {case.sfx!r} / {case.music!r}: "
                f"missing {sorted(case.expect - got)}, unexpected {sorted(got - case.expect)}"
            )
    assert wrong == []


def test_precision_and_recall_are_counted_per_rule() -> None:
    tallies = tally()
    directorial = tallies["directorial-language"]
    assert directorial.tp == sum(1 for case in CORPUS if "directorial-language" in case.expect)
    assert directorial.recall == 1.0 and directorial.precision == 1.0


def test_the_report_table_has_a_row_per_rule_and_the_good_pair_count() -> None:
    table = markdown()
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` |" in table
    assert "warnings or errors on good pairs: 0." in table
    assert "Held-out set" in report() and report().count("\n| KV") == len(RULES)
