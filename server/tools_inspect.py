"""inspect_video: what a clip holds, its plan and cost, its timed picture events and a contact sheet."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from server.apps import TIMELINE_META
from server.context import app_state, person_jobs
from server.protocol import tool_error
from server.render import structured
from tools.clip_report import InspectReport
from tools.errors import KlingError


def register_inspect_tools(mcp: MCPServer[Any]) -> None:
    """inspect_video: metadata, plan and cost, picture events and a contact sheet the assistant can see."""
    import base64

    from mcp.types import ImageContent

    from tools.clip_report import inspect_clip

    @mcp.tool(
        annotations=ToolAnnotations(title="Inspect a video", read_only_hint=True, open_world_hint=False),
        meta=TIMELINE_META,
    )
    async def inspect_video(
        ctx: Context,
        video: Annotated[
            str, Field(description="local path (absolute or starting with ~) or an http(s) URL")
        ],
        frames: Annotated[int, Field(description="keyframes in the contact sheet", ge=1, le=12)] = 6,
    ) -> Annotated[CallToolResult, InspectReport]:
        """See a clip before writing prompts: metadata, the preflight plan and cost, timed picture events, keyframes."""
        state = app_state(ctx)
        try:
            jobs = person_jobs(ctx)
            jobs.check_path(video)
            report, jpeg = await inspect_clip(
                video,
                jobs.config(),
                frames=frames,
                engine=state.engine,
                public_urls_only=state.public_urls_only,
            )
        except KlingError as exc:
            return tool_error(exc)
        image = ImageContent(
            type="image", data=base64.b64encode(jpeg).decode("ascii"), mime_type="image/jpeg"
        )
        return structured(report, [TextContent(type="text", text=inspect_text(report)), image])

    _ = inspect_video


def inspect_text(report: Any) -> str:
    """A short summary of an inspection."""
    m, a = report.metadata, report.analysis
    lines = [
        f"{m.duration_s:.2f} s, {m.width}x{m.height}, {m.fps or 0:.3g} fps, {m.video_codec} in {m.extension}"
        + (
            ", has audio (not uploaded; original_audio='duck' or 'mix' keeps it under the new soundtrack)"
            if m.has_audio
            else ", silent"
        ),
        f"Plan: {report.plan.summary} ({report.plan.fal_calls} fal call(s), about USD {report.plan.estimated_cost_usd:.3f})",
        f"Motion: {a.motion.level}; close-up likelihood {a.shot.close_up_likelihood:.2f} ({a.shot.reason})",
    ]
    if a.events:
        lines.append("Events: " + "; ".join(f"{e.time_s:.2f}s {e.kind} ({e.label})" for e in a.events[:12]))
    else:
        lines.append("Events: no cuts or motion peaks found.")
    lines.append(f"Contact sheet: {report.contact_sheet_path}")
    lines.append(report.next_step)
    return "\n".join(lines)
