"""The rule documentation is generated from the rules, and the committed copy cannot drift from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.lint import RULES, Rule, lint_prompts, rules_markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "lint-rules.md"


def test_the_committed_rule_page_equals_the_generated_one() -> None:
    # Regenerate with: .venv/bin/python -c "from tools.lint import rules_markdown; print(rules_markdown(), end='')" > docs/lint-rules.md
    assert DOC.read_text(encoding="utf-8") == rules_markdown()


def test_every_rule_has_a_section_with_what_why_example_and_use_instead() -> None:
    page = rules_markdown()
    for rule in RULES:
        section = page.split(f"## {rule.code} {rule.name}\n", 1)[1].split("\n## ", 1)[0]
        for heading in ("**What it does.**", "**Why it matters.**", "**Example.**", "**Use instead.**"):
            assert heading in section


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_rule_s_example_raises_it_and_its_alternative_is_clean(rule: Rule) -> None:
    bad, good = rule.example, rule.use_instead
    flagged = lint_prompts(bad.sfx, bad.music, bad.asmr, scene=bad.scene, events=bad.events or None)
    assert rule.name in {f.rule for f in flagged.findings}
    fixed = lint_prompts(good.sfx, good.music, good.asmr, scene=good.scene)
    assert fixed.clean
    assert rule.name not in {f.rule for f in fixed.findings}


def test_the_readme_documents_the_rewrite_contract_and_the_references_lexicon() -> None:
    from tools.lint.lexicon.references import REFERENCES

    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "**What a rewrite may write.**" in readme
    assert f"({len(REFERENCES)} artists, composers, film" in readme
    page = rules_markdown()
    assert "## Music references" in page and all(f"| {ref.name} |" in page for ref in REFERENCES)
