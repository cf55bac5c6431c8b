"""The sound-prompt linter: rules, rewrites and recommendations for Kling Video to Audio prompts.

Offline and deterministic; everything it knows comes from the model guide (shared seeds) by way of the rules
in `rules.py` and the lexicon in `lexicon/`. Names are imported on first use, so importing `tools.lint.models`
does not load the lexicon.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.lint.docs import rules_markdown
    from tools.lint.engine import apply_safe_fixes, lint_prompts
    from tools.lint.models import FieldReport, Finding, Fix, LintReport, Recommendation
    from tools.lint.rules import RULES, Rule
    from tools.lint.text import MAX_PROMPT_CHARS

_WHERE = {
    "rules_markdown": "docs",
    "apply_safe_fixes": "engine",
    "lint_prompts": "engine",
    "FieldReport": "models",
    "Finding": "models",
    "Fix": "models",
    "LintReport": "models",
    "Recommendation": "models",
    "RULES": "rules",
    "Rule": "rules",
    "MAX_PROMPT_CHARS": "text",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tools.lint' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tools.lint.{module}"), name)
