"""The rewriter: apply fixes, lint again, repeat until nothing changes (as a code linter's --fix does)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from tools.lint.issue import Issue
from tools.lint.rules import RULE_BY_NAME
from tools.lint.text import MAX_PROMPT_CHARS, fit, tidy

MAX_PASSES = 6
_FIELDS = ("sound_effect_prompt", "background_music_prompt")

Checker = Callable[[str, str], list[Issue]]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def apply_edits(text: str, issues: Iterable[Issue]) -> tuple[str, list[Issue]]:
    """Apply the edits of one field's issues that do not overlap, most important rule first."""
    ranked = sorted(
        (i for i in issues if i.edit is not None and i.span is not None),
        key=lambda i: (RULE_BY_NAME[i.rule].priority, i.span or (0, 0)),
    )
    accepted: list[Issue] = []
    taken: list[tuple[int, int]] = []  # accepted spans, sorted; they never overlap, so neighbours suffice
    for issue in ranked:
        assert issue.span is not None
        k = bisect.bisect_left(taken, issue.span)
        if all(not _overlaps(issue.span, taken[j]) for j in range(max(0, k - 2), min(len(taken), k + 3))):
            taken.insert(k, issue.span)
            accepted.append(issue)
    accepted.sort(key=lambda i: i.span or (0, 0))
    out: list[str] = []
    pos = 0
    for issue in accepted:
        assert issue.span is not None and issue.edit is not None
        start, end = issue.span
        out.append(text[pos:start])
        out.append(issue.edit.replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out), accepted


def one_pass(sfx: str, music: str, issues: list[Issue]) -> tuple[str, str]:
    """Apply every applicable edit once to both fields, carry moved items across, tidy and fit."""
    texts = {"sound_effect_prompt": sfx, "background_music_prompt": music}
    results: dict[str, str] = {}
    moved: dict[str, list[str]] = {name: [] for name in _FIELDS}
    for name in _FIELDS:
        new, accepted = apply_edits(texts[name], (i for i in issues if i.field == name))
        results[name] = new
        for issue in accepted:
            if issue.edit is not None and issue.edit.move_to is not None and issue.span is not None:
                moved[issue.edit.move_to].append(tidy(texts[name][issue.span[0] : issue.span[1]]))
    for name in _FIELDS:
        if moved[name]:
            results[name] = ", ".join([results[name], *moved[name]])
    # Over-long results stay over-long here: the next check's over-length fix drops what matters least.
    return tidy(results["sound_effect_prompt"]), tidy(results["background_music_prompt"])


def rewrite(
    sfx: str, music: str, first: list[Issue], check: Checker, *, safe_only: bool = False
) -> tuple[str, str, list[Issue]]:
    """Fix, re-lint and fix again until stable; returns both texts and the issues still left."""
    issues = first
    for _ in range(MAX_PASSES):
        usable = [
            i for i in issues if i.edit is not None and (not safe_only or i.edit.applicability == "safe")
        ]
        if not usable:
            break
        new_sfx, new_music = one_pass(sfx, music, usable)
        if (new_sfx, new_music) == (sfx, music):
            break
        sfx, music = new_sfx, new_music
        issues = check(sfx, music)
    # Whatever happens above, nothing over the limit leaves here: the over-length fix first, then a plain cut.
    if len(sfx) > MAX_PROMPT_CHARS or len(music) > MAX_PROMPT_CHARS:
        trim = [i for i in check(sfx, music) if i.rule == "over-length"]
        if trim:
            sfx, music = one_pass(sfx, music, trim)
        sfx, music = fit(tidy(sfx)), fit(tidy(music))
        issues = check(sfx, music)
    return sfx, music, issues


def settle(sfx: str, music: str, issues: list[Issue], check: Checker) -> tuple[str, str]:
    """Last resort for a rewrite that still has errors or warnings: empty the field (the model then decides)."""
    # A warning the rewrite keeps on purpose (a vague item left in the user's own words, since only the user
    # can see which events fit) carries no edit; only warnings a fix failed to clear count here.
    bad = {i.field for i in issues if RULE_BY_NAME[i.rule].severity != "info" and _fixable(i)}
    if "sound_effect_prompt" in bad:
        sfx = ""
    if "background_music_prompt" in bad:
        music = ""
    if bad and any(RULE_BY_NAME[i.rule].severity != "info" and _fixable(i) for i in check(sfx, music)):
        return "", ""
    return sfx, music


def _fixable(issue: Issue) -> bool:
    return issue.edit is not None
