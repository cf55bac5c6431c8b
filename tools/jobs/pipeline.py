"""The body of a score job: its fal calls (tools/jobs/segment.py), a long clip's joins (tools/jobs/joins.py), the
review, then the outputs, carried from wherever the ledger says the job is to completed or failed.

Every step is written to the ledger before the next begins, so a job killed at any point resumes where it was:
a call that has a fal request id is followed again, never submitted again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anyio

from tools.errors import FalCancelled, KlingError
from tools.jobs.joins import join_at_cuts
from tools.jobs.ledger import dumps, loads, now_iso
from tools.jobs.outputs import JoinedSoundtrack, write_outputs
from tools.jobs.recovery import RESUMABLE, stopped_submits
from tools.jobs.segment import run_segment
from tools.jobs.services import JobState, NotOwner, Services, error_json, fail_job
from tools.models import Plan, PromptsSent, VideoInfo
from tools.review.job import SoundtrackReview

log = logging.getLogger(__name__)


async def run_job(svc: Services, job_id: str) -> None:
    """Carry a job from wherever the ledger says it is to completed or failed."""
    ledger = svc.ledger
    row = ledger.job(job_id)
    if row is None:
        return
    info = VideoInfo.model_validate(loads(row["info_json"]))
    plan = Plan.model_validate(loads(row["plan_json"]))
    prompts = PromptsSent.model_validate(loads(row["prompts_json"]))
    source = Path(row["source_path"])
    segs = ledger.segments(job_id)
    state = JobState(job_id, total=len(segs), picture=row["picture"])
    for seg in segs:
        state.fractions[seg["idx"]] = 1.0 if seg["status"] == "completed" else 0.0
        if seg["status"] != "completed" and not seg["request_id"]:
            state.unsent.add(seg["idx"])
    if not state.unsent:
        state.all_sent.set()
    failures: dict[int, KlingError] = {}
    work = svc.config.data_dir / "work" / job_id
    # A long clip's soundtrack is joined while its segments come back, not after the last.
    joined = JoinedSoundtrack(row, source, info, work, len(segs)) if len(segs) > 1 else None
    # The picture is analysed while fal works (once every call is sent: renders and uploads come first), for the
    # sync review of the finished soundtrack.
    proxy = work / "upload-0.mp4" if plan.proxy and len(segs) == 1 else None
    reviewer = SoundtrackReview(
        svc.config.data_dir, row["picture"], source, after=state.all_sent, lighter=proxy
    )

    def arrived(idx: int) -> None:
        if joined is not None:
            joined.arrived(next(s for s in ledger.segments(job_id) if s["idx"] == idx))

    async def guarded(seg: dict) -> None:
        try:
            await _sending(seg)
        except NotOwner:
            lost.append(seg["idx"])
            tg.cancel_scope.cancel()
        except KlingError as exc:
            failures[seg["idx"]] = exc
            ledger.update_segment(job_id, seg["idx"], status="failed", error_json=error_json(exc))
            svc.touch(job_id)
        else:
            arrived(seg["idx"])

    async def _sending(seg: dict) -> None:
        try:
            await run_segment(svc, state, seg, source, info, plan, prompts)
        finally:
            state.sent(seg["idx"])

    lost: list[int] = []
    try:
        # A call whose submit may have reached fal is not sent again; the others go on, so their results are kept.
        failures.update(stopped_submits(ledger, job_id, segs))
        work.mkdir(parents=True, exist_ok=True)
        async with anyio.create_task_group() as outer:
            if joined is not None:
                outer.start_soon(joined.run)
            outer.start_soon(reviewer.run)
            try:
                async with anyio.create_task_group() as tg:

                    def start(seg: dict) -> None:
                        if seg["status"] == "completed":
                            arrived(seg["idx"])
                        elif seg["idx"] not in failures:
                            tg.start_soon(guarded, seg)

                    if plan.cuts_pending:
                        plan = await join_at_cuts(
                            svc,
                            row,
                            source,
                            info,
                            plan,
                            prompts,
                            start,
                            lambda: tg.cancel_scope.cancel_called,
                        )
                    else:
                        for seg in segs:
                            start(seg)
            finally:
                if joined is not None:
                    joined.abandon()  # nothing when every part has arrived
            if failures or lost:
                outer.cancel_scope.cancel()  # no review for a job that fails or left this process
        if lost:
            log.info(
                "job %s: this process no longer holds it (cancelled or taken over); stopped here", job_id
            )
            return
        if failures:
            # A failure that ends the job outright is told before one whose paid result can still be fetched, so
            # a job is taken up again only when every failed call can be (nothing new is sent then).
            idx, exc = min(failures.items(), key=lambda f: (f[1].code in RESUMABLE, f[0]))
            where = f"Segment {idx + 1} of {len(segs)} failed: " if len(segs) > 1 else ""
            kept = " The segments that finished are kept and will be reused." if len(segs) > 1 else ""
            raise type(exc)(f"{where}{exc.message}", hint=(exc.hint + kept).strip(), code=exc.code)
        if joined is not None and joined.error is not None:
            raise joined.error
        ledger.update_job(job_id, progress=0.95, progress_message="writing the video and the MP3")
        svc.touch(job_id)
        done = ledger.segments(job_id)
        measures = joined.measures if joined else None
        video, mp3, soundtrack = await write_outputs(
            row,
            source,
            info,
            done,
            work,
            joined.files if joined else None,
            measures.loudness if measures else None,
        )
        soundtrack = await reviewer.add_to(soundtrack, mp3, measures.envelope if measures else None)
        first = done[0]
        ledger.update_job(
            job_id,
            status="completed",
            progress=1.0,
            progress_message="done",
            video_path=str(video),
            audio_path=str(mp3),
            soundtrack_json=dumps(soundtrack.model_dump()),
            video_url=first["video_url"] if len(done) == 1 else None,
            audio_url=first["audio_url"] if len(done) == 1 else None,
            finished_at=now_iso(),
            error_json=None,
        )
    except KlingError as exc:
        current = ledger.job(job_id)
        if isinstance(exc, FalCancelled) or (current is not None and current["status"] == "cancelled"):
            # Cancelled here or by another process (cancel_job, `kling-v2a jobs cancel`): not a failure.
            log.debug("job %s was cancelled", job_id)
            if current is not None and current["status"] != "cancelled":
                ledger.update_job(
                    job_id, status="cancelled", finished_at=now_iso(), progress_message="cancelled"
                )
            return
        fail_job(ledger, job_id, exc)
    except anyio.get_cancelled_exc_class():
        raise
    except Exception as exc:  # the top of a job: record what happened, keep the server serving
        log.exception("job %s failed unexpectedly", job_id)
        ledger.update_job(
            job_id,
            status="failed",
            finished_at=now_iso(),
            progress_message="failed",
            error_json=dumps(
                {
                    "code": "internal_error",
                    "message": f"{type(exc).__name__}: {exc}",
                    "hint": "This is a bug in kling-v2a-mcp; the server log has the details.",
                }
            ),
        )
    finally:
        svc.touch(job_id)
