"""The MCP server: tool, prompt and resource registration over the tools/ domain."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from server.apps import PLAYER_META, TIMELINE_META, hide_app_only_tools, player_extension
from server.auth import person_of
from server.protocol import KlingServer, resource_mime, tool_error
from server.render import job_result, job_text, structured, video_mime
from tools import __version__
from tools.clip_report import InspectReport
from tools.config import Config, load_config
from tools.engine.fal import FalEngine
from tools.errors import DataDirError, KlingError
from tools.finish.options import LOUDEST_LUFS, QUIETEST_LUFS
from tools.inspection.models import Analysis
from tools.jobs.prepare import ScoreRequest, Take
from tools.jobs.runner import JobRunner
from tools.lint.models import LintReport, Recommendation
from tools.models import JobList, JobStatus, ScoreJob, TakeInput
from tools.people.view import PersonView

log = logging.getLogger(__name__)

INSTRUCTIONS = """\
Gives silent video clips a soundtrack (sound effects, a music bed, or both) with Kling Video to Audio on fal.
Workflow: inspect_video to see the clip and when things happen; lint_prompt to turn the request into specific,
ordered sound events (max 200 characters per prompt); then score_video. score_video answers within wait_seconds
(default 40) with a finished or a running job: for a running job call get_job(job_id, wait_seconds=40) until it
completes. Results are written next to each other in the output folder (output_dir, default KLING_V2A_OUTPUT_DIR): the
original picture with the new audio, and the MP3; a finished job links both, readable as the resources
kling-v2a://jobs/{job_id}/video and /audio. Identical requests are reused at no charge unless reuse=false."""


@dataclass
class AppState:
    """What the lifespan opens once and every tool call reads.

    Without a usable data folder there is no runner: the job tools refuse with the folder and the fix, and
    lint_prompt and inspect_video keep working.
    """

    config: Config
    jobs: JobRunner | None
    engine: FalEngine
    public_urls_only: bool = False
    problem: KlingError | None = None

    @property
    def runner(self) -> JobRunner:
        """The job runner, or the error that says why there is none."""
        if self.jobs is None:
            assert self.problem is not None
            raise self.problem
        return self.jobs


def _state(ctx: Context) -> AppState:
    state: AppState = ctx.request_context.lifespan_context  # type: ignore[assignment]
    return state


def _jobs(ctx: Context) -> PersonView:
    """The jobs of the person making this request (over HTTP, the one their token names)."""
    state = _state(ctx)
    return PersonView(state.jobs, person_of(ctx), state.config, state.problem)


def _job(ctx: Context, job_id: str) -> ScoreJob:
    """A job for a resource read: an unknown id is a -32602 (invalid params), as the spec asks."""
    try:
        return _jobs(ctx).get(job_id)
    except KlingError as exc:
        raise ResourceNotFoundError(f"{exc.message} {exc.hint}") from None


class _Progress:
    """Sends strictly increasing progress notifications for one call."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last = 0.0

    async def __call__(self, job: ScoreJob) -> None:
        value = max(self.last + 0.01, min(99.9, job.progress.fraction * 100))
        self.last = value
        await self.ctx.report_progress(value, 100.0, f"{job.status}: {job.progress.message}")


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


WaitSeconds = Annotated[
    float | None,
    Field(
        description="seconds to wait for the result before answering with the running job (0 = answer at once; "
        "default from KLING_V2A_WAIT_SECONDS, 40)",
        ge=0,
        le=600,
    ),
]


def register_job_tools(mcp: MCPServer[Any]) -> None:
    """score_video, get_job, list_jobs and cancel_job."""

    @mcp.tool(
        annotations=ToolAnnotations(
            title="Score a video",
            read_only_hint=False,
            destructive_hint=False,
            idempotent_hint=False,
            open_world_hint=True,
        ),
        meta=PLAYER_META,
    )
    async def score_video(
        ctx: Context,
        video: Annotated[
            str, Field(description="local path (absolute or starting with ~) or an http(s) URL")
        ],
        sound_effect_prompt: Annotated[
            str,
            Field(
                description="the diegetic layer: specific sound events, most important first; '' lets the "
                "model decide",
                max_length=2000,
            ),
        ] = "",
        background_music_prompt: Annotated[
            str,
            Field(
                description="the music bed: instruments, tempo, mood; '' lets the model decide",
                max_length=2000,
            ),
        ] = "",
        asmr_mode: Annotated[
            bool, Field(description="close-up tactile detail, for macro and material shots")
        ] = False,
        lint: Annotated[
            Literal["warn", "fix", "off"],
            Field(
                description="warn: send as written and report findings; fix: apply safe fixes first; off: no lint"
            ),
        ] = "warn",
        output_dir: Annotated[
            str | None, Field(description="folder for the results (inside the allowed folders)")
        ] = None,
        wait_seconds: WaitSeconds = None,
        reuse: Annotated[
            bool, Field(description="return an identical earlier request's result without a new charge")
        ] = True,
        upload: Annotated[
            Literal["auto", "original"],
            Field(
                description="auto: fal may get a moderate 720p proxy when that returns the result sooner on this "
                "uplink (the output keeps the original picture); original: fal gets the clip itself"
            ),
        ] = "auto",
        takes: Annotated[
            list[TakeInput] | None,
            Field(
                description="up to 4 prompt variants scored at once in one job (then leave the call's own "
                "prompts empty); the result ranks them by how their sound lands on the picture",
                max_length=4,
            ),
        ] = None,
        original_audio: Annotated[
            Literal["replace", "mix", "duck"],
            Field(
                description="the clip's own audio track: replace (dropped, the new soundtrack alone), mix (kept, "
                "the new soundtrack a little under it) or duck (the new soundtrack dips wherever the clip's "
                "own audio is active, e.g. speech or commentary); fal never gets the clip's audio"
            ),
        ] = "replace",
        loudness_lufs: Annotated[
            float | None,
            Field(
                ge=QUIETEST_LUFS,
                le=LOUDEST_LUFS,
                description="target integrated loudness of the final soundtrack in LUFS, true peak at most "
                "-1 dBTP: -14 for YouTube/TikTok/Instagram, -16 podcasts, -23 broadcast (EBU R128); null "
                "leaves the level (or uses KLING_V2A_LOUDNESS_LUFS when set)",
            ),
        ] = None,
        resubmit: Annotated[
            bool,
            Field(
                description="send again a call whose submit may have reached fal (a job stopped with "
                "submit_uncertain): it may be charged twice; only when the person agrees"
            ),
        ] = False,
    ) -> Annotated[CallToolResult, ScoreJob]:
        """Give a clip a soundtrack (sound effects and/or music) with Kling Video to Audio on fal, keeping or ducking its own audio if asked."""
        state = _state(ctx)
        request = ScoreRequest(
            upload=upload,
            takes=tuple(
                Take(t.sound_effect_prompt, t.background_music_prompt, t.asmr_mode) for t in takes or ()
            ),
            video=video,
            sound_effect_prompt=sound_effect_prompt,
            background_music_prompt=background_music_prompt,
            asmr_mode=asmr_mode,
            lint=lint,
            output_dir=output_dir,
            reuse=reuse,
            original_audio=original_audio,
            loudness_lufs=loudness_lufs,
            resubmit=resubmit,
        )
        started = anyio.current_time()
        try:
            jobs = _jobs(ctx)
            job = await jobs.score(request)
        except KlingError as exc:
            return tool_error(exc)
        try:
            wait = state.config.wait_seconds if wait_seconds is None else wait_seconds
            # The wait counts from the call's start: checking a long clip takes time too, and clients cut
            # calls off near 60 s whatever they were spent on.
            left = max(0.0, wait - (anyio.current_time() - started))
            job = await jobs.wait(job.job_id, left, _Progress(ctx)) if not job.cached else job
        except KlingError as exc:
            return tool_error(exc)
        except anyio.get_cancelled_exc_class():
            # The client gave up on the call, not on the job: it goes on (it may be charged already), and
            # list_jobs shows it first, saying so.
            if not job.cached:
                state.runner.note_cancelled_call(job.job_id)
            raise
        return job_result(job)

    @mcp.tool(
        annotations=ToolAnnotations(title="Get a job", read_only_hint=True, open_world_hint=False),
        meta=PLAYER_META,
    )
    async def get_job(
        ctx: Context,
        job_id: Annotated[str, Field(description="the job_id score_video returned")],
        wait_seconds: Annotated[
            float, Field(description="seconds to wait for the job to finish before answering", ge=0, le=600)
        ] = 0,
    ) -> Annotated[CallToolResult, ScoreJob]:
        """Get a scoring job from the ledger, waiting up to wait_seconds for it to finish."""
        try:
            job = await _jobs(ctx).wait(job_id, wait_seconds, _Progress(ctx))
        except KlingError as exc:
            return tool_error(exc)
        _state(ctx).runner.picked_up(job)
        return job_result(job)

    @mcp.tool(annotations=ToolAnnotations(title="List jobs", read_only_hint=True, open_world_hint=False))
    async def list_jobs(
        ctx: Context,
        limit: Annotated[int, Field(description="how many jobs, newest first", ge=1, le=200)] = 20,
        status: Annotated[JobStatus | None, Field(description="only jobs with this status")] = None,
    ) -> Annotated[CallToolResult, JobList]:
        """List scoring jobs from the ledger, newest first."""
        try:
            jobs = _jobs(ctx).list(limit, status)
        except KlingError as exc:
            return tool_error(exc)
        lines = [f"{len(jobs.jobs)} of {jobs.total} job(s)."] + [
            f"- {j.job_id} {j.status} {j.created_at} {j.input}"
            + (f" -> {j.video_path}" if j.video_path else "")
            for j in jobs.jobs
        ]
        return structured(jobs, [TextContent(type="text", text="\n".join(lines))])

    @mcp.tool(
        annotations=ToolAnnotations(
            title="Cancel a job",
            read_only_hint=False,
            destructive_hint=True,
            idempotent_hint=True,
            open_world_hint=True,
        )
    )
    async def cancel_job(
        ctx: Context, job_id: Annotated[str, Field(description="the job to cancel, here and on fal")]
    ) -> Annotated[CallToolResult, ScoreJob]:
        """Cancel a running scoring job, here and on fal."""
        try:
            job = await _jobs(ctx).cancel(job_id)
        except KlingError as exc:
            return tool_error(exc)
        _state(ctx).runner.picked_up(job)
        return job_result(job)

    @mcp.resource("kling-v2a://jobs/{job_id}", mime_type="application/json", title="A scoring job")
    def job_resource(job_id: str, ctx: Context) -> str:
        """A scoring job as JSON, as the ledger has it now."""
        return _job(ctx, job_id).model_dump_json(indent=2)

    async def job_file(ctx: Context, job_id: str, which: str) -> bytes:
        job = _job(ctx, job_id)
        path = job.video_path if which == "video" else job.audio_path
        if not path:
            raise ResourceNotFoundError(
                f"Job {job.job_id} has no {which} file yet ({job.status}). {job.next_step}"
            )
        try:
            data = await anyio.Path(path).read_bytes()
        except FileNotFoundError:
            raise ResourceNotFoundError(
                f"The {which} file of job {job.job_id} is no longer where the job wrote it."
            ) from None
        except OSError as exc:
            raise ResourceError(
                f"The {which} file of job {job.job_id} cannot be read: {exc.strerror}."
            ) from None
        resource_mime(video_mime(path) if which == "video" else "audio/mpeg")
        return data

    @mcp.resource(
        "kling-v2a://jobs/{job_id}/video",
        mime_type="application/octet-stream",
        title="A scored video",
        description="The original picture with its new soundtrack (MP4, MOV, MKV, WebM or AVI, like the input; "
        "each read names its type)",
    )
    async def video_file(job_id: str, ctx: Context) -> bytes:
        """The scored video of a finished job."""
        return await job_file(ctx, job_id, "video")

    @mcp.resource("kling-v2a://jobs/{job_id}/audio", mime_type="audio/mpeg", title="A generated soundtrack")
    async def audio_file(job_id: str, ctx: Context) -> bytes:
        """The MP3 of a finished job."""
        return await job_file(ctx, job_id, "audio")

    _ = (score_video, get_job, list_jobs, cancel_job, job_resource, video_file, audio_file, job_text)


def register_lint_tools(mcp: MCPServer[Any]) -> None:
    """lint_prompt and the rule documentation."""
    from tools.lint import lint_prompts, rules_markdown

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
                _jobs(ctx).check_path(video)
                events, picture_advice = await anyio.to_thread.run_sync(
                    picture_context, video, _state(ctx).config
                )
            except KlingError as exc:
                return tool_error(exc)
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
        return rules_markdown()

    _ = (lint_prompt, lint_rules)


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
        state = _state(ctx)
        try:
            jobs = _jobs(ctx)
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
