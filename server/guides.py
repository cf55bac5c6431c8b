"""The prompt-writing guide (a resource) and the score_clip prompt."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field


def register_guides(mcp: MCPServer[Any]) -> None:
    """The prompt-writing guide resource and the score_clip prompt."""
    from importlib.resources import files

    @mcp.resource(
        "kling-v2a://docs/prompt-guide", mime_type="text/markdown", title="How to write sound prompts"
    )
    def prompt_guide() -> str:
        """How to write sound prompts that Kling follows."""
        return files("tools").joinpath("prompt_guide.md").read_text(encoding="utf-8")

    @mcp.prompt(title="Score a clip")
    def score_clip(
        video: Annotated[str, Field(description="the clip: a local path or an http(s) URL")],
        idea: Annotated[str, Field(description="what the soundtrack should be, in your own words")] = "",
    ) -> str:
        """Walk through inspect -> lint -> score for one clip."""
        wish = f' The person asked for: "{idea}".' if idea else ""
        return (
            f"Give the clip {video} a soundtrack.{wish}\n"
            f"1. Call inspect_video with video={video!r}. Look at the contact sheet and the timed events.\n"
            "2. Draft sound_effect_prompt as concrete sound events in the order they happen on screen, the most "
            "important first (max 200 characters); draft background_music_prompt with instruments and a tempo, "
            "or leave either empty when the clip leans one way. Decide asmr_mode from the close-up hint.\n"
            "3. Call lint_prompt with the drafts, a one-line scene description and the inspection's analysis "
            "(analysis=...); adopt its rewrites where they fit what you saw.\n"
            "4. Call score_video with the final prompts. If it answers with a running job, call get_job with its "
            "job_id and wait_seconds=40 until it completes, then tell the person where the files are."
        )

    _ = (prompt_guide, score_clip)
