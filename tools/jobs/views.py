"""Ledger rows as ScoreJob results, with the sentence that tells the assistant what to do next."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tools.jobs.ledger import Ledger, loads
from tools.lint.models import LintReport
from tools.models import (
    FINISHED,
    ErrorInfo,
    Plan,
    Progress,
    PromptsSent,
    ScoreJob,
    SegmentState,
    Soundtrack,
    VideoInfo,
)

KEEP_OWN_AUDIO = (
    " The clip has its own audio track, which the new soundtrack replaces; original_audio='duck' (or 'mix') "
    "keeps it under the new soundtrack, and changing only that re-finishes at no charge."
)


def next_step(job: ScoreJob, wait_seconds: float = 40.0) -> str:
    """What the assistant should do with this job now."""
    if job.status == "completed":
        where = (
            f" The video is at {job.video_path} and the MP3 at {job.audio_path}." if job.video_path else ""
        )
        again = " This was a cached result; pass reuse=false to pay for a new take." if job.cached else ""
        sound = f" {job.soundtrack.note}" if job.soundtrack and job.soundtrack.note else ""
        return (
            f"Done.{where}{again}{sound} To try other sounds, change the prompts and call score_video again."
        )
    if job.status == "failed":
        hint = f" {job.error.hint}" if job.error and job.error.hint else ""
        return f"The job failed: {job.error.message if job.error else 'unknown error'}.{hint}".replace(
            "..", "."
        )
    if job.status == "cancelled":
        return "The job was cancelled. Call score_video again to start over."
    wait = int(wait_seconds) if wait_seconds >= 1 else 40
    return (
        f"Still {job.status}: call get_job with job_id {job.job_id!r} and wait_seconds {wait} "
        "to wait for it; the job keeps running in the server in the meantime."
    )


def after_cancelled_call(job: ScoreJob) -> str:
    """The next step of a job whose score_video call the client cancelled: the job went on regardless."""
    said = (
        "The score_video call that started this job was cancelled by the client, but the job went on "
        "(fal may have charged for it already)."
    )
    if job.status in FINISHED:
        return f"{said} {job.next_step}"
    return (
        f"{said} Call get_job with job_id {job.job_id!r} to follow it, or cancel_job to stop it if it is no "
        "longer wanted."
    )


def _elapsed(created: str, finished: str | None) -> float | None:
    if not finished:
        return None
    return round((datetime.fromisoformat(finished) - datetime.fromisoformat(created)).total_seconds(), 3)


def _segment(row: dict[str, Any]) -> SegmentState:
    error = loads(row["error_json"])
    return SegmentState(
        index=row["idx"],
        start_s=row["start_s"],
        end_s=row["end_s"],
        status=row["status"] if row["status"] != "submitting" else "uploading",
        request_id=row["request_id"],
        audio_url=row["audio_url"],
        error=ErrorInfo(**error) if error else None,
    )


def job_view(
    ledger: Ledger,
    row: dict[str, Any],
    *,
    cached: bool = False,
    wait_seconds: float = 40.0,
    original_audio: str | None = None,
) -> ScoreJob:
    """Build the ScoreJob of a ledger row (`original_audio`: what the caller asked, when not the row's own)."""
    prompts, lint, plan, error, info, finish, soundtrack = (
        loads(row.get(c))
        for c in (
            "prompts_json",
            "lint_json",
            "plan_json",
            "error_json",
            "info_json",
            "finish_json",
            "soundtrack_json",
        )
    )
    segments = ledger.segments(row["id"])
    cost = ledger.job_cost(row["id"])
    # A completed job that paid for none of its calls was finished from earlier calls' kept results.
    cached = cached or (row["status"] == "completed" and bool(segments) and cost == 0)
    asked = original_audio or (finish or {}).get("original_audio", "replace")
    has_audio = bool(info and VideoInfo.model_validate(info).has_audio)
    sound = Soundtrack.model_validate(soundtrack) if soundtrack else None
    if sound is not None and asked != "replace" and sound.original_audio == "absent" and not sound.note:
        sound.note = f"The clip has no audio of its own, so original_audio={asked!r} changed nothing."
    job = ScoreJob(
        job_id=row["id"],
        status=row["status"],
        progress=Progress(fraction=max(0.0, min(1.0, row["progress"])), message=row["progress_message"]),
        input=row["input"],
        video_path=row["video_path"],
        audio_path=row["audio_path"],
        video_url=row["video_url"],
        audio_url=row["audio_url"],
        prompts_sent=PromptsSent(**prompts) if prompts else None,
        lint=LintReport.model_validate(lint) if lint else None,
        plan=Plan.model_validate(plan) if plan else None,
        segments=[_segment(s) for s in segments] if len(segments) > 1 else [],
        soundtrack=sound,
        cost_usd=0.0 if cached else round(cost, 4),
        cached=cached,
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        elapsed_s=_elapsed(row["created_at"], row["finished_at"]),
        error=ErrorInfo(**error) if error else None,
    )
    job.next_step = next_step(job, wait_seconds)
    if has_audio and asked == "replace" and job.status not in ("failed", "cancelled") and sound is None:
        job.next_step += KEEP_OWN_AUDIO
    return job


def is_finished(job: ScoreJob) -> bool:
    """Whether a job will change no more."""
    return job.status in FINISHED
