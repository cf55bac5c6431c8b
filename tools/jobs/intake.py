"""How a checked request becomes a job: an identical earlier result answers it, an identical job is followed (and
taken up again when its paid result is still to be fetched), or a new job is recorded with its fal calls."""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING

from tools.jobs.ledger import dumps
from tools.jobs.prepare import PreparedRequest
from tools.jobs.recording import earlier_result, segment_rows
from tools.jobs.recovery import RESUMABLE, UNCERTAIN, allow_resubmit, resumable, uncertain
from tools.jobs.views import job_view
from tools.models import ScoreJob

if TYPE_CHECKING:
    from tools.jobs.runner import JobRunner

ACTIVE = ("preparing", "uploading", "queued", "running")


def new_job_id() -> str:
    """A short, unguessable job id."""
    return "job_" + secrets.token_hex(6)


def _written_for(done: dict, prepared: PreparedRequest) -> bool:
    """Whether a finished job's files are the ones this request asks for: same input, same output folder."""
    same_input = done["input"] == prepared.request.video or done["source_path"] == str(prepared.source)
    return same_input and done["output_dir"] == str(prepared.output_dir)


def _as_asked(runner: JobRunner, row: dict, prepared: PreparedRequest, *, cached: bool = False) -> ScoreJob:
    """A job as this request sees it: original_audio may differ from the earlier job's when it changes nothing."""
    return job_view(
        runner.ledger,
        row,
        cached=cached,
        wait_seconds=runner.config.wait_seconds,
        original_audio=prepared.finish.original_audio,
    )


def reuse(runner: JobRunner, prepared: PreparedRequest) -> ScoreJob | None:
    """An identical earlier request's job this request can answer with (nothing new sent), if there is one."""
    done = earlier_result(runner.ledger, prepared.cache_key, str(prepared.output_dir))
    if done is not None and _written_for(done, prepared):
        return _as_asked(runner, done, prepared, cached=True)
    # Written for another input or folder: a new job writes this request's files from the kept soundtracks
    # (its segments are found in the ledger, so nothing is sent to fal and nothing is charged).
    row = runner.ledger.job_by_cache_key(prepared.cache_key, (*ACTIVE, "failed"))
    if row is None or (row["status"] == "failed" and not (resumable(row) or uncertain(row))):
        return None
    return follow_existing(runner, row, prepared)


def follow_existing(runner: JobRunner, row: dict, prepared: PreparedRequest) -> ScoreJob:
    """An identical request's job: followed, taken up if its owner is gone, and a failed one whose paid result
    is still to be fetched taken up again (into this call's output folder)."""
    if row["status"] == "completed":
        return _as_asked(runner, row, prepared, cached=True)
    reopen = RESUMABLE
    if uncertain(row) and prepared.request.resubmit:
        allow_resubmit(runner.ledger, row["id"])  # the user's explicit say: send it again
        reopen = RESUMABLE | {UNCERTAIN}
    reopening = row["status"] == "failed" and (resumable(row) or UNCERTAIN in reopen)
    if reopening and str(prepared.output_dir) != row["output_dir"]:
        runner.ledger.update_job(row["id"], output_dir=str(prepared.output_dir))
    row = runner.adopt(row, reopen)
    return _as_asked(runner, row, prepared)


def record_job(runner: JobRunner, prepared: PreparedRequest, keys: list[str | None]) -> tuple[str, bool]:
    """Record the job and its fal calls in one transaction, unless an identical request's job is running
    already (taken at this same instant, here or in another process): (its id, whether it is new)."""
    job = {
        "id": new_job_id(),
        "input": prepared.request.video,
        "output_dir": str(prepared.output_dir),
        "source_path": str(prepared.source),
        "cache_key": prepared.cache_key,
        "picture": prepared.picture,
        "prompts_json": dumps(prepared.prompts.model_dump()),
        "lint_json": dumps(prepared.lint.model_dump()) if prepared.lint else None,
        "plan_json": dumps(prepared.plan.model_dump()),
        "info_json": dumps(prepared.info.model_dump()),
        "finish_json": dumps(prepared.finish.as_json()),
        "progress_message": "recorded; preparing the clip",
        "take_index": prepared.request.take_index,
        "person": prepared.request.person,
        # held by this process from the start, so no other server takes it up before it begins here
        "owner": runner.owner,
        "heartbeat_at": time.time(),
    }
    follow = ACTIVE if prepared.request.reuse else ()
    return runner.ledger.record_job(job, segment_rows(prepared, keys), follow=follow)
