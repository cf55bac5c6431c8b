"""`kling-v2a lint` and `kling-v2a inspect`: the linter and the clip report, printed for a person or a script."""

from __future__ import annotations

import argparse

from server.cli_exit import FAILED, OK
from server.cli_jobs import absolute
from server.cli_term import Out
from server.cli_words import model_for_cli
from tools.config import Config
from tools.lint import lint_prompts
from tools.lint.models import LintReport

_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}


def lint(args: argparse.Namespace, out: Out) -> int:
    """Lint the prompts; exit 1 when there are errors or warnings, like a code linter."""
    report = lint_prompts(args.sfx_prompt or "", args.music or "", args.asmr, scene=args.scene)
    if args.json:
        out.json(report)
    else:
        emit_lint(report, out)
    return OK if report.clean else FAILED


def emit_lint(report: LintReport, out: Out) -> None:
    """Findings, rewrites and recommendations as readable lines."""
    if report.clean:
        out.line(out.style(out.symbol("ok"), "green") + " clean: no errors or warnings")
    for f in report.findings:
        where = f"{f.field}[{f.span[0]}:{f.span[1]}]" if f.span else f.field
        tag = out.style(f"{f.severity:<7}", _SEVERITY_STYLE[f.severity], "bold")
        out.line(f"{tag} {out.style(f.code, 'bold')} {f.rule}  {out.style(where, 'dim')}")
        out.line(f"        {f.message}")
        if f.fix is not None:
            out.line(f"        {out.style('fix', 'dim')} ({f.fix.applicability}): {f.fix.title}")
    for name, label in (("sound_effect_prompt", "sfx"), ("background_music_prompt", "music")):
        field = getattr(report, name)
        if field.rewritten != field.original:
            out.line(f"{out.style('rewritten ' + label, 'cyan')}: {field.rewritten}")
    if report.rewritten_asmr_mode is not None and report.rewritten_asmr_mode != report.asmr_mode:
        out.line(f"{out.style('rewritten asmr', 'cyan')}: {'on' if report.rewritten_asmr_mode else 'off'}")
    for r in report.recommendations:
        out.line(f"{out.style('advice', 'magenta')} {r.topic}={r.value}: {r.reason}")


async def inspect(args: argparse.Namespace, config: Config, out: Out) -> int:
    """Inspect a clip: metadata, plan and cost, picture events, and a contact sheet written to the output folder."""
    from tools.clip_report import inspect_clip

    report, _ = await inspect_clip(absolute(args.video) or "", config, frames=args.frames)
    if args.json:
        out.json(model_for_cli(report))
        return OK
    m, a = report.metadata, report.analysis
    audio = "has audio (not uploaded; --original duck or mix keeps it)" if m.has_audio else "silent"
    out.line(
        f"{out.style(m.path, 'bold')}  {m.duration_s:.2f} s  {m.width}x{m.height}  {m.fps or 0:.3g} fps  "
        f"{m.video_codec}  {audio}"
    )
    cost = f"{report.plan.fal_calls} fal call(s), about USD {report.plan.estimated_cost_usd:.3f}"
    out.line(f"  {out.style('plan  ', 'dim')} {report.plan.summary or cost}")  # the summary names the cost
    out.line(f"  {out.style('motion', 'dim')} {a.motion.level}: {a.motion.description}")
    out.line(
        f"  {out.style('shot  ', 'dim')} close-up likelihood {a.shot.close_up_likelihood:.2f}: {a.shot.reason}"
    )
    for e in a.events:
        out.line(f"  {out.style(f'{e.time_s:6.2f}s', 'cyan')} {e.kind:<12} {e.label}")
    if not a.events:
        out.line(f"  {out.style('events', 'dim')} no cuts or motion peaks found")
    for r in report.recommendations:
        out.line(f"  {out.style('advice', 'magenta')} {r.topic}={r.value}: {r.reason}")
    if report.contact_sheet_path:
        out.line(f"  {out.style('sheet ', 'dim')} {report.contact_sheet_path}")
    return OK
