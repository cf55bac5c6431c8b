"""The MCP server: its lifespan and instructions, and every group of tools, prompts and resources registered."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.server.mcpserver import MCPServer

from server.apps import hide_app_only_tools, player_extension
from server.context import AppState
from server.guides import register_guides
from server.protocol import KlingServer
from server.tools_inspect import register_inspect_tools
from server.tools_jobs import register_job_tools
from server.tools_lint import register_lint_tools
from tools import __version__
from tools.config import Config, load_config
from tools.engine.fal import FalEngine
from tools.errors import DataDirError
from tools.jobs.runner import JobRunner

log = logging.getLogger(__name__)

INSTRUCTIONS = """\
Gives silent video clips a soundtrack (sound effects, a music bed, or both) with Kling Video to Audio on fal.
Workflow: inspect_video to see the clip and when things happen; lint_prompt to turn the request into specific,
ordered sound events (max 200 characters per prompt); then score_video. score_video answers within wait_seconds
(default 40) with a finished or a running job: for a running job call get_job(job_id, wait_seconds=40) until it
completes. Results are written next to each other in the output folder (output_dir, default KLING_V2A_OUTPUT_DIR): the
original picture with the new audio, and the MP3; a finished job links both, readable as the resources
kling-v2a://jobs/{job_id}/video and /audio. Identical requests are reused at no charge unless reuse=false."""


def build_server(config: Config | None = None, *, public_urls_only: bool = False) -> MCPServer:
    """The kling-v2a MCP server for a configuration (read from the environment when not given)."""
    config = config or load_config()

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[AppState]:
        try:
            runner = JobRunner(config, public_urls_only=public_urls_only)
        except DataDirError as exc:
            log.error("Starting without jobs: %s", exc)
            yield AppState(config, None, FalEngine(config), public_urls_only, problem=exc)
            return
        async with runner:
            yield AppState(config, runner, runner.engine, public_urls_only)

    mcp: MCPServer[AppState] = KlingServer(
        "kling-v2a",
        title="Kling Video to Audio",
        version=__version__,
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        extensions=[player_extension()],
        middleware=[hide_app_only_tools],
    )
    if public_urls_only:  # served over HTTP: errors name no folder of the server's own
        data = config.data_dir
        mcp.private_folders = tuple({str(data), str(data.expanduser().resolve())})  # type: ignore[attr-defined]
    register_job_tools(mcp)
    register_lint_tools(mcp)
    register_inspect_tools(mcp)
    register_guides(mcp)
    return mcp
