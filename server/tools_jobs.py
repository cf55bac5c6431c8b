"""The job tools (score_video, get_job, list_jobs, cancel_job) and the job resources (a job, its video, its MP3)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from server.apps import PLAYER_META
from server.context import Progress, app_state, person_jobs
from server.protocol import resource_mime, tool_error
from server.render import job_result, structured, video_mime
from tools.errors import KlingError
from tools.finish.options import LOUDEST_LUFS, QUIETEST_LUFS
from tools.jobs.prepare import ScoreRequest, Take
from tools.models import JobList, JobStatus, ScoreJob, TakeInput


def _job(ctx: Context, job_id: str) -> ScoreJob:
    """A job for a resource read: an unknown id is a -32602 (invalid params), as the spec asks."""
    try:
        return person_jobs(ctx).get(job_id)
    except KlingError as exc:
        raise ResourceNotFoundError(f"{exc.message} {exc.hint}") from None


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
        state = app_state(ctx)
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
            jobs = person_jobs(ctx)
            job = await jobs.score(request)
        except KlingError as exc:
            return tool_error(exc)
        try:
            wait = state.config.wait_seconds if wait_seconds is None else wait_seconds
            # The wait counts from the call's start: checking a long clip takes time too, and clients cut
            # calls off near 60 s whatever they were spent on.
            left = max(0.0, wait - (anyio.current_time() - started))
            job = await jobs.wait(job.job_id, left, Progress(ctx)) if not job.cached else job
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
            job = await person_jobs(ctx).wait(job_id, wait_seconds, Progress(ctx))
        except KlingError as exc:
            return tool_error(exc)
        app_state(ctx).runner.picked_up(job)
        return job_result(job)

    @mcp.tool(annotations=ToolAnnotations(title="List jobs", read_only_hint=True, open_world_hint=False))
    async def list_jobs(
        ctx: Context,
        limit: Annotated[int, Field(description="how many jobs, newest first", ge=1, le=200)] = 20,
        status: Annotated[JobStatus | None, Field(description="only jobs with this status")] = None,
    ) -> Annotated[CallToolResult, JobList]:
        """List scoring jobs from the ledger, newest first."""
        try:
            jobs = person_jobs(ctx).list(limit, status)
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
            job = await person_jobs(ctx).cancel(job_id)
        except KlingError as exc:
            return tool_error(exc)
        app_state(ctx).runner.picked_up(job)
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

    _ = (score_video, get_job, list_jobs, cancel_job, job_resource, video_file, audio_file)
