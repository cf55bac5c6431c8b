"""Prompt pairs written by the team, each with the rule names a careful reader of the guide expects to fire.

Kinds: seed (the guide's own examples), vague, directorial, over-length, misordered, negated, misplaced,
dialog, asmr, music, dense, scene, format, good. Good pairs must raise no warning or error; info notes are listed
in `expect` like any other rule. Written from the rule definitions, not from the linter's output.
"""

from __future__ import annotations

from tests.tools.lint.corpus_case import Case
from tests.tools.lint.corpus_good import GOOD, SEED
from tests.tools.lint.corpus_second import SECOND
from tests.tools.lint.corpus_third import THIRD
from tests.tools.lint.corpus_weak import WEAK

CORPUS: tuple[Case, ...] = (*SEED, *WEAK, *GOOD, *SECOND, *THIRD)

__all__ = ["CORPUS", "Case"]
