"""lint_prompt and the lint rules' documentation."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from server.context import app_state, person_jobs
from server.protocol import tool_error
from server.render import structured
from tools.errors import KlingError
from tools.inspection.models import Analysis
from tools.lint.models import LintReport, Recommendation


def register_lint_tools(mcp: MCPServer[Any]) -> None:
    """lint_prompt and the rule documentation (the linter's lexicons load on first use, not at start)."""

    @mcp.tool(
        annotations=ToolAnnotations(
            title="Lint sound prompts", read_only_hint=True, idempotent_hint=True, open_world_hint=False
        )
    )
    async def lint_prompt(
        ctx: Context,
        sound_effect_prompt: Annotated[str, Field(description="the sound effect prompt to check")] = "",
        background_music_prompt: Annotated[str, Field(description="the music prompt to check")] = "",
        asmr_mode: Annotated[bool, Field(description="whether ASMR mode will be on")] = False,
        scene: Annotated[
            str | None, Field(description="what the picture shows, so rewrites name events that fit it")
        ] = None,
        video: Annotated[
            str | None,
            Field(
                description="optional local clip: its timed picture events order the rewrite by what happens when"
            ),
        ] = None,
        analysis: Annotated[
            Analysis | None,
            Field(
                description="the `analysis` of an earlier inspect_video result, used like `video` without "
                "decoding the clip again (it wins when both are given)"
            ),
        ] = None,
    ) -> Annotated[CallToolResult, LintReport]:
        """Check sound prompts and rewrite vague, directorial text into specific, ordered sound events."""
        events: list[tuple[float, str]] | None = None
        picture_advice: list[Recommendation] = []
        if analysis is not None:
            from tools.clip_report import analysis_context

            events, picture_advice = analysis_context(analysis)
        elif video:
            from tools.clip_report import picture_context

            try:
                person_jobs(ctx).check_path(video)
                events, picture_advice = await anyio.to_thread.run_sync(
                    picture_context, video, app_state(ctx).config
                )
            except KlingError as exc:
                return tool_error(exc)
        from tools.lint import lint_prompts

        report = lint_prompts(
            sound_effect_prompt, background_music_prompt, asmr_mode, scene=scene, events=events
        )
        if picture_advice:
            # What the picture shows outweighs what the words suggest about ASMR mode.
            kept = [r for r in report.recommendations if r.topic != "asmr_mode"]
            report = report.model_copy(update={"recommendations": picture_advice + kept})
        return structured(report, [TextContent(type="text", text=lint_text(report))])

    @mcp.resource("kling-v2a://docs/lint-rules", mime_type="text/markdown", title="Sound prompt lint rules")
    def lint_rules() -> str:
        """Every lint rule: what it does, why it matters, an example, and what to write instead."""
        from tools.lint import rules_markdown

        return rules_markdown()

    _ = (lint_prompt, lint_rules)


def lint_text(report: LintReport) -> str:
    """A short summary of a lint report."""
    lines = ["Clean: no errors or warnings." if report.clean else f"{len(report.findings)} finding(s)."]
    for f in report.findings:
        lines.append(f"- {f.code} {f.rule} ({f.severity}, {f.field}): {f.message}")
    for name in ("sound_effect_prompt", "background_music_prompt"):
        field = getattr(report, name)
        if field.rewritten != field.original:
            lines.append(f'Rewritten {name}: "{field.rewritten}"')
    if report.rewritten_asmr_mode is not None and report.rewritten_asmr_mode != report.asmr_mode:
        lines.append(f"Rewritten asmr_mode: {str(report.rewritten_asmr_mode).lower()}")
    for r in report.recommendations:
        lines.append(f"Recommendation ({r.topic}: {r.value}): {r.reason}")
    return "\n".join(lines)
