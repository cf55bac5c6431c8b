"""The MCP App player: `ui://kling-v2a/player` (score_video, get_job) and `ui://kling-v2a/timeline` (inspect_video),
one HTML document with its script built in, and the app-only tools it reads a job's media and timeline with.

Hosts that render MCP Apps show the player beside a job's result; others see the same results as without it. Job
results carry a ticket in `_meta` only for clients that negotiated Apps; the app-only tools read nothing without
the ticket of the job the app was opened for, and nothing but that job's result files.
"""

from __future__ import annotations

import base64
import logging
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

import anyio
from mcp.server.apps import Apps, ResourceCsp, client_supports_apps
from mcp.server.mcpserver import Context
from mcp.types import CallToolRequestParams, CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from server.context import app_state, person_jobs
from server.protocol import tool_error
from server.render import structured
from tools.errors import KlingError, MediaError, OutputWriteFailed
from tools.models import Result, ScoreJob
from tools.player.access import check_ticket, job_file, player_key, ticket
from tools.player.keep import keep_take
from tools.player.timeline import Timeline, kept_timeline
from tools.review.kept import read_kept

log = logging.getLogger(__name__)

PLAYER_URI = "ui://kling-v2a/player"
TIMELINE_URI = "ui://kling-v2a/timeline"
PLAYER_META: dict[str, Any] = {"ui": {"resourceUri": PLAYER_URI}}
TIMELINE_META: dict[str, Any] = {"ui": {"resourceUri": TIMELINE_URI}}
TICKET_META = "kling-v2a/player"
CHUNK_BYTES = 576 * 1024  # a multiple of 3: chunks' base64 joins into one; under 800 KB of base64 per message
JOB_TOOLS = frozenset({"score_video", "get_job"})


def player_html() -> str:
    """The app's HTML document, script and style included."""
    return files("server.apps").joinpath("player.html").read_text(encoding="utf-8")


class MediaChunk(Result):
    """One piece of a file the player plays, base64-encoded."""

    path: str = Field(description="the result file asked for")
    mime: str
    preview: bool = Field(description="a small WebM rendition made for the app, not the file itself")
    size: int = Field(description="bytes in the whole file (or its preview)")
    offset: int
    data: str = Field(description="base64 of bytes offset .. offset+len")
    done: bool


class KeptTake(Result):
    """Where a kept take's files were copied to."""

    take: int
    video_path: str
    audio_path: str


def _job(ctx: Context, job_id: str, given: str) -> ScoreJob:
    check_ticket(player_key(app_state(ctx).config.data_dir), job_id, given)
    return person_jobs(ctx).get(job_id)


def _the_file_job(ctx: Context, job: ScoreJob, path: Path) -> ScoreJob:
    """The job whose result `path` is: the job itself, or the take's own job."""
    for take in job.takes:
        if path in {Path(p).resolve() for p in (take.video_path, take.audio_path) if p}:
            return person_jobs(ctx).get(take.job_id)
    return job


class PlayerApps(Apps):
    """The Apps extension with the player's tools, and a ticket stamped on job results for Apps clients."""

    async def intercept_tool_call(self, params: CallToolRequestParams, ctx: Any, call_next: Any) -> Any:
        result = await call_next(ctx)
        if (
            params.name in JOB_TOOLS
            and isinstance(result, CallToolResult)
            and not result.is_error
            and isinstance(result.structured_content, dict)
            and client_supports_apps(ctx)
        ):
            job_id = str(result.structured_content.get("job_id", ""))
            try:
                key = player_key(ctx.lifespan_context.config.data_dir)
            except KlingError as exc:  # the result stands; only the player cannot open it
                log.warning("no player ticket for job %s: %s", job_id, exc)
                return result
            meta = {**(result.meta or {}), TICKET_META: {"ticket": ticket(key, job_id)}}
            result = result.model_copy(update={"meta": meta})
        return result


async def hide_app_only_tools(ctx: Any, call_next: Any) -> Any:
    """Middleware: a client without MCP Apps gets today's tools/list, without the tools only an app may call."""
    result = await call_next(ctx)
    if (
        getattr(ctx, "method", None) != "tools/list"
        or not isinstance(result, dict)
        or client_supports_apps(ctx)
    ):
        return result
    return {**result, "tools": [t for t in result.get("tools", []) if _for_the_model(t)]}


def _for_the_model(tool: dict[str, Any]) -> bool:
    visibility = ((tool.get("_meta") or {}).get("ui") or {}).get("visibility")
    return visibility is None or "model" in visibility


Ticket = Annotated[str, Field(description="the ticket the job's result carried in _meta")]
JobId = Annotated[str, Field(description="the job the player was opened for")]


def player_extension() -> PlayerApps:
    """The player app, its timeline view and its app-only tools."""
    apps = PlayerApps()
    csp = ResourceCsp(connect_domains=[], resource_domains=[])
    html = player_html()
    apps.add_html_resource(
        PLAYER_URI,
        html,
        name="kling-v2a-player",
        title="Scored video player",
        description="The scored video with its new sound, the picture's cuts and impacts, takes side by side",
        csp=csp,
        prefers_border=True,
    )
    apps.add_html_resource(
        TIMELINE_URI,
        html,
        name="kling-v2a-timeline",
        title="Clip timeline",
        description="An inspected clip's scene cuts, impacts and motion on a timeline",
        csp=csp,
        prefers_border=True,
    )
    app_only = {"resource_uri": PLAYER_URI, "visibility": ["app"]}

    @apps.tool(
        **app_only,  # type: ignore[arg-type]
        annotations=ToolAnnotations(title="Player: read media", read_only_hint=True, open_world_hint=False),
    )
    async def player_media(
        ctx: Context,
        job_id: JobId,
        ticket: Ticket,
        path: Annotated[str, Field(description="a result file of the job (video or MP3)")],
        plays: Annotated[
            list[str],
            Field(description="codecs the app's browser plays: h264 aac mp3 vp8 vp9 av1 opus vorbis"),
        ] = [],  # noqa: B006  (read only)
        offset: Annotated[int, Field(ge=0)] = 0,
    ) -> Annotated[CallToolResult, MediaChunk]:
        """The player app reads a job's video (or a small preview of it) and MP3 in chunks under 1 MB."""
        try:
            job = _job(ctx, job_id, ticket)
            file = job_file(job, path)
            if file.suffix.lower() == ".mp3":
                source, mime, preview = file, "audio/mpeg", False
            else:
                state = app_state(ctx)
                from tools.player.preview import choose  # PyAV: loaded when the app first asks

                playable = await anyio.to_thread.run_sync(
                    choose, file, plays, state.config.data_dir / "player" / "previews"
                )
                source, mime, preview = playable.path, playable.mime, playable.preview
            size = source.stat().st_size
            with source.open("rb") as f:
                f.seek(offset)
                data = f.read(CHUNK_BYTES)
        except KlingError as exc:
            return tool_error(exc)
        except OSError as exc:
            return tool_error(MediaError(f"{path} cannot be read: {exc.strerror}."))
        chunk = MediaChunk(
            path=str(file),
            mime=mime,
            preview=preview,
            size=size,
            offset=offset,
            data=base64.b64encode(data).decode("ascii"),
            done=offset + len(data) >= size,
        )
        text = f"{len(data)} bytes of {size} from {offset} ({mime}{', preview' if preview else ''})."
        return structured(chunk, [TextContent(type="text", text=text)])

    @apps.tool(
        **app_only,  # type: ignore[arg-type]
        annotations=ToolAnnotations(title="Player: timeline", read_only_hint=True, open_world_hint=False),
    )
    async def player_timeline(
        ctx: Context,
        job_id: JobId,
        ticket: Ticket,
        path: Annotated[str, Field(description="the scored video (of the job or one of its takes)")],
    ) -> Annotated[CallToolResult, Timeline]:
        """The player app's timeline of a result: cuts, impacts, segment joins, the soundtrack's waveform."""
        try:
            job = _job(ctx, job_id, ticket)
            file = job_file(job, path)
            owner = _the_file_job(ctx, job, file)
            audio = Path(owner.audio_path) if owner.audio_path else None
            state = app_state(ctx)
            folder = state.config.data_dir / "player" / "timelines"
            # The analysis the job kept for the sync review: the scored video is the clip's own picture.
            row = state.runner.ledger.job(owner.job_id)
            analysis = read_kept(state.config.data_dir, row["picture"] if row else None)
            timeline = await anyio.to_thread.run_sync(
                kept_timeline, folder, file, audio, owner.segments, analysis
            )
        except KlingError as exc:
            return tool_error(exc)
        text = f"{timeline.duration_s:.2f} s, {len(timeline.markers)} marker(s), {len(timeline.onsets)} onset(s)."
        return structured(timeline, [TextContent(type="text", text=text)])

    @apps.tool(
        **app_only,  # type: ignore[arg-type]
        annotations=ToolAnnotations(
            title="Player: keep this take",
            read_only_hint=False,
            destructive_hint=False,
            open_world_hint=False,
        ),
    )
    async def player_keep_take(
        ctx: Context,
        job_id: JobId,
        ticket: Ticket,
        take: Annotated[int, Field(description="the take's number", ge=1)],
    ) -> Annotated[CallToolResult, KeptTake]:
        """Copy one take's video and MP3 to the plain result names (an existing file is never replaced)."""
        try:
            job = _job(ctx, job_id, ticket)
            video, audio = await anyio.to_thread.run_sync(keep_take, job, take)
        except KlingError as exc:
            return tool_error(exc)
        except OSError as exc:
            return tool_error(OutputWriteFailed(f"The take could not be copied: {exc.strerror}."))
        kept = KeptTake(take=take, video_path=str(video), audio_path=str(audio))
        return structured(kept, [TextContent(type="text", text=f"Take {take} kept as {video} and {audio}.")])

    _ = (player_media, player_timeline, player_keep_take)
    return apps
