"""lint_prompts and apply_safe_fixes: run every rule, rewrite, recommend, and build the LintReport."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tools.lint.analyze import Context, FieldView, analyze_field, read_context
from tools.lint.checks import MUSIC, SFX, check_field
from tools.lint.clean import invisible, map_span, strip_invisible
from tools.lint.issue import Edit, Issue
from tools.lint.models import FieldName, FieldReport, Finding, Fix, LintReport
from tools.lint.music_checks import check_music
from tools.lint.order import check_order
from tools.lint.pair import check_asmr, check_density, check_scene
from tools.lint.recommend import recommend
from tools.lint.rewrite import rewrite, settle
from tools.lint.rules import RULE_BY_CODE, RULE_BY_NAME
from tools.lint.text import MAX_PROMPT_CHARS, cut_point

log = logging.getLogger(__name__)
_FIELD_ORDER = {SFX: 0, MUSIC: 1, "asmr_mode": 2}
_EMPTY = Context(frozenset(), (), frozenset(), ())


def check_all(sfx: str, music: str, ctx: Context) -> list[Issue]:
    """Every rule except asmr-mismatch on a pair of prompts."""
    return check_views(analyze_field(SFX, sfx), analyze_field(MUSIC, music), ctx)


def check_views(sfx_view: FieldView, music_view: FieldView, ctx: Context) -> list[Issue]:
    """Every rule except asmr-mismatch on a pair of analysed prompts."""
    issues = check_field(sfx_view, ctx) + check_field(music_view, ctx)
    issues += check_scene(sfx_view, music_view, ctx)
    issues += check_music(music_view, sfx_view, ctx, issues)
    issues += check_order(sfx_view, ctx, issues)
    issues += check_density(sfx_view, music_view)
    return issues


def lint_prompts(
    sound_effect_prompt: str = "",
    background_music_prompt: str = "",
    asmr_mode: bool = False,
    scene: str | None = None,
    events: Sequence[tuple[float, str]] | None = None,
) -> LintReport:
    """Lint both sound prompts and the ASMR setting; rewrite them and recommend settings. Never raises."""
    sfx, music, asmr = _text(sound_effect_prompt), _text(background_music_prompt), bool(asmr_mode)
    try:
        return _lint(sfx, music, asmr, _text(scene) if scene is not None else None, events)
    except Exception:  # the linter advises; a bug in it must not stop a request
        log.exception("lint failed; reporting the length limit only")
        return _fallback(sfx, music, asmr)


def _lint(original_sfx: str, original_music: str, asmr: bool, scene: str | None, events: Any) -> LintReport:
    # Control and format characters go before anything is split into words; findings speak of the original.
    sfx, sfx_where, sfx_issue = _clean(SFX, original_sfx)
    music, music_where, music_issue = _clean(MUSIC, original_music)
    if scene is not None and invisible(scene):
        scene = strip_invisible(scene)[0]
    # The rewriter analyses the same texts more than once; each is split and looked up once per call.
    memo: dict[tuple[str, str], FieldView] = {}

    def view(name: FieldName, text: str) -> FieldView:
        found = memo.get((name, text))
        if found is None:
            found = memo[(name, text)] = analyze_field(name, text)
        return found

    ctx = read_context(scene, events, view(SFX, sfx), view(MUSIC, music))

    def check(a: str, b: str) -> list[Issue]:
        return check_views(view(SFX, a), view(MUSIC, b), ctx)

    first = check(sfx, music)
    new_sfx, new_music = sfx, music
    if any(i.edit is not None for i in first):
        new_sfx, new_music, left = rewrite(sfx, music, first, check)
        new_sfx, new_music = settle(new_sfx, new_music, left, check)
    asmr_issue, new_asmr, fit, why = check_asmr(view(SFX, new_sfx), asmr, ctx)
    issues = first + ([asmr_issue] if asmr_issue is not None else [])
    wheres = {SFX: sfx_where, MUSIC: music_where}
    issues = [_in_original(i, wheres.get(i.field)) for i in issues]
    issues += [i for i in (sfx_issue, music_issue) if i is not None]
    findings = sorted((_finding(i) for i in issues), key=_order)
    # One validation of the whole tree from plain data is several times cheaper than model by model.
    return LintReport.model_validate(
        {
            "sound_effect_prompt": {
                "original": original_sfx,
                "rewritten": new_sfx,
                "findings": [f for f in findings if f["field"] == SFX],
            },
            "background_music_prompt": {
                "original": original_music,
                "rewritten": new_music,
                "findings": [f for f in findings if f["field"] == MUSIC],
            },
            "asmr_mode": asmr,
            "findings": findings,
            "recommendations": recommend(new_sfx, new_music, new_asmr, fit, why, ctx),
            "clean": not any(f["severity"] != "info" for f in findings),
            "rewritten_asmr_mode": new_asmr,
        }
    )


def _in_original(issue: Issue, where: list[int] | None) -> Issue:
    if issue.span is None or where is None:
        return issue
    return replace(issue, span=map_span(issue.span, where))


def _clean(name: FieldName, text: str) -> tuple[str, list[int] | None, Issue | None]:
    if not invisible(text):
        return text, None, None
    clean, where, removed = strip_invisible(text)
    issue = Issue(
        "control-characters",
        name,
        (0, len(text)),
        f"{name} holds control or invisible characters ({', '.join(removed[:5])}); they split or hide words, "
        "so the linter read the prompt without them, and so should what is sent.",
        Edit("Remove the control characters", clean, "safe"),
    )
    return clean, where, issue


def apply_safe_fixes(report: LintReport) -> tuple[str, str]:
    """The two prompts after only the safe fixes (what score_video sends with lint="fix"); never over 200 chars."""
    sfx, music = report.sound_effect_prompt.original, report.background_music_prompt.original
    first = [_issue(f) for f in report.findings if f.fix is not None and f.fix.applicability == "safe"]
    if first:
        try:
            sfx, music, _ = rewrite(sfx, music, first, lambda a, b: check_all(a, b, _EMPTY), safe_only=True)
        except Exception:
            log.exception("applying safe fixes failed; cutting to the limit only")
    return _cut(sfx), _cut(music)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_PROMPT_CHARS else text[: cut_point(text)].rstrip(" ,")[:MAX_PROMPT_CHARS]


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _finding(issue: Issue) -> dict[str, Any]:
    rule = RULE_BY_NAME[issue.rule]
    fix = None
    if issue.edit is not None:
        fix = {
            "title": issue.edit.title,
            "replacement": issue.edit.replacement,
            "applicability": issue.edit.applicability,
            "move_to": issue.edit.move_to,
        }
    return {
        "code": rule.code,
        "rule": rule.name,
        "severity": rule.severity,
        "field": issue.field,
        "span": issue.span,
        "message": issue.message,
        "fix": fix,
    }


def _issue(finding: Finding) -> Issue:
    edit = None
    if finding.fix is not None:
        fix = finding.fix
        edit = Edit(fix.title, fix.replacement, fix.applicability, fix.move_to)
    name = RULE_BY_CODE[finding.code].name if finding.code in RULE_BY_CODE else finding.rule
    return Issue(name, finding.field, finding.span, finding.message, edit)


def _order(finding: dict[str, Any]) -> tuple[int, int, int, str]:
    start, end = finding["span"] if finding["span"] is not None else (-1, -1)
    return _FIELD_ORDER[finding["field"]], start, end, finding["code"]


def _fallback(sfx: str, music: str, asmr: bool) -> LintReport:
    findings: list[Finding] = []
    for name, text in ((SFX, sfx), (MUSIC, music)):
        if len(text) > MAX_PROMPT_CHARS:
            cut = cut_point(text)
            findings.append(
                Finding(
                    code=RULE_BY_NAME["over-length"].code,
                    rule="over-length",
                    severity="error",
                    field=name,
                    span=(cut, len(text)),
                    message=f"{name} is {len(text)} characters; fal accepts at most {MAX_PROMPT_CHARS}.",
                    fix=Fix(
                        title="Drop the items past the limit",
                        replacement="",
                        applicability="safe",
                        move_to=None,
                    ),
                )
            )
    return LintReport(
        sound_effect_prompt=FieldReport(
            original=sfx, rewritten=_cut(sfx), findings=[f for f in findings if f.field == SFX]
        ),
        background_music_prompt=FieldReport(
            original=music, rewritten=_cut(music), findings=[f for f in findings if f.field == MUSIC]
        ),
        asmr_mode=asmr,
        findings=findings,
        clean=not findings,
        rewritten_asmr_mode=asmr,
    )
