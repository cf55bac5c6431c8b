"""The sound-prompt linter: rules, rewrites and recommendations for Kling Video to Audio prompts.

Offline and deterministic; everything it knows comes from the model guide (shared seeds) by way of the rules
in `rules.py` and the lexicon in `lexicon/`.
"""

from tools.lint.docs import rules_markdown
from tools.lint.engine import apply_safe_fixes, lint_prompts
from tools.lint.models import FieldReport, Finding, Fix, LintReport, Recommendation
from tools.lint.rules import RULES, Rule
from tools.lint.text import MAX_PROMPT_CHARS

__all__ = [
    "MAX_PROMPT_CHARS",
    "RULES",
    "FieldReport",
    "Finding",
    "Fix",
    "LintReport",
    "Recommendation",
    "Rule",
    "apply_safe_fixes",
    "lint_prompts",
    "rules_markdown",
]
