"""The rule documentation, generated from the rules themselves (and their examples, linted live)."""

from __future__ import annotations

import json

from tools.lint.rules import RULES, Example, Rule

_INTRO = """\
# Sound prompt lint rules

`lint_prompt` checks the two prompts of Kling Video to Audio (`sound_effect_prompt`, the diegetic layer, and
`background_music_prompt`, the music bed) and the `asmr_mode` switch against the model guide, the way a code
linter checks code. Each finding carries a stable code, a rule name, a severity, the character span it concerns,
a message and a fix. A request is **clean** when it has no error and no warning; notes (info) are allowed.

Fixes are *safe* when they cannot change what the model hears for the worse (dropping words it ignores, cutting
an over-long prompt between items); `score_video` with `lint="fix"` applies only those. *Suggested* fixes guess
at intent (which events, which instruments); the `rewritten` text applies all of them.

Codes: **KV0xx** what the model cannot do (limits, scope), **KV1xx** wording of the sound, **KV2xx** order and
layers, **KV3xx** the music prompt, **KV4xx** the two prompts together and ASMR mode, **KV5xx** list format.
This page is generated from the rules (`tools/lint/rules.py`); the example findings and rewrites are real output.
"""


def rules_markdown() -> str:
    """Every rule as Markdown: what it does, why it matters, an example, and what to use instead."""
    parts = [_INTRO, _table()]
    parts.extend(_section(rule) for rule in RULES)
    parts.append(_references())
    return "\n".join(parts).rstrip() + "\n"


def _table() -> str:
    lines = ["| Code | Rule | Severity | Fix | Summary |", "|---|---|---|---|---|"]
    for rule in RULES:
        lines.append(
            f"| {rule.code} | [`{rule.name}`](#{rule.code.lower()}-{rule.name}) | {rule.severity} | "
            f"{rule.fix or '-'} | {rule.summary} |"
        )
    return "\n".join(lines) + "\n"


def _section(rule: Rule) -> str:
    from tools.lint.engine import lint_prompts

    ex = rule.example
    report = lint_prompts(ex.sfx, ex.music, ex.asmr, scene=ex.scene, events=ex.events or None)
    found = [f for f in report.findings if f.rule == rule.name]
    lines = [
        f"## {rule.code} {rule.name}",
        "",
        f"Severity: **{rule.severity}**. Fix: **{rule.fix or 'none'}**.",
        "",
        f"**What it does.** {rule.what}",
        "",
        f"**Why it matters.** {rule.why}",
        "",
        "**Example.**",
        "",
        _request(rule.example),
    ]
    if found:
        lines.append("")
    for finding in found:
        lines.append(f"- `{finding.code}` {finding.field}: {finding.message}")
    rewritten = _rewritten(report.sound_effect_prompt.rewritten, report.background_music_prompt.rewritten)
    if rewritten is not None and rewritten != (rule.example.sfx, rule.example.music):
        lines += ["", "Rewritten by the linter:", "", _request(Example(*rewritten))]
    lines += ["", "**Use instead.**", "", _request(rule.use_instead), ""]
    return "\n".join(lines)


def _rewritten(sfx: str, music: str) -> tuple[str, str] | None:
    return (sfx, music) if sfx or music else None


def _request(example: Example) -> str:
    lines = ["```"]
    if example.scene:
        lines.append(f"scene: {json.dumps(example.scene, ensure_ascii=False)}")
    if example.events:
        lines.append("events: " + ", ".join(f"{t:g} s {label}" for t, label in example.events))
    lines.append(f"sound_effect_prompt: {json.dumps(example.sfx, ensure_ascii=False)}")
    lines.append(f"background_music_prompt: {json.dumps(example.music, ensure_ascii=False)}")
    if example.asmr:
        lines.append("asmr_mode: true")
    lines.append("```")
    return "\n".join(lines)


def _references() -> str:
    from tools.lint.lexicon.references import REFERENCES

    lines = [
        "## Music references",
        "",
        "What `music-missing-instrument` and `music-missing-tempo` write for an artist, composer, film or game "
        "score, or genre named in place of instruments (`tools/lint/lexicon/references.py`). A tempo word the "
        "user wrote wins over the range.",
        "",
        "| Reference | Matched by | Instruments | BPM | Tempo word |",
        "|---|---|---|---|---|",
    ]
    for ref in REFERENCES:
        lines.append(
            f"| {ref.name} | {', '.join(ref.triggers)} | {ref.instruments} | {ref.low}-{ref.high} | {ref.tempo} |"
        )
    return "\n".join(lines) + "\n"
