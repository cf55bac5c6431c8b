"""A takes job as a ScoreJob: its takes' outcomes side by side, ranked by how their sound lands on the picture."""

from __future__ import annotations

from collections.abc import Callable

from tools.jobs.ledger import Ledger, loads, now_iso
from tools.jobs.views import next_step
from tools.models import FINISHED, Progress, ScoreJob, TakeResult
from tools.review.sync import SyncReview, rank

View = Callable[..., ScoreJob]


def takes_status(statuses: list[str]) -> str:
    """A takes job is running while any take is; then completed if any take completed, else failed or cancelled."""
    if any(s not in FINISHED for s in statuses):
        return "running"
    if "completed" in statuses:
        return "completed"
    return "cancelled" if all(s == "cancelled" for s in statuses) else "failed"


def _review(job: ScoreJob) -> SyncReview | None:
    """The sync review a take's soundtrack report carries, if any."""
    sound = job.soundtrack
    if job.status != "completed" or sound is None or sound.events_total is None:
        return None
    return SyncReview(
        events_total=sound.events_total,
        events_matched=sound.events_matched or 0,
        median_offset_ms=sound.median_offset_ms,
        longest_silence_s=sound.longest_silence_s or 0.0,
        longest_silence_at_s=0.0,
    )


def best_take_sentence(best: TakeResult, review: SyncReview | None, count: int) -> str:
    """One sentence naming the best take and why."""
    if review is None or review.events_total == 0:
        why = "the picture has no cuts or impacts to measure against, so listen to each"
    else:
        offset = f", median {review.median_offset_ms:+.0f} ms" if review.median_offset_ms is not None else ""
        why = (
            f"{review.events_matched} of {review.events_total} cuts and impacts have a sound within 100 ms"
            f"{offset}"
        )
    return (
        f"Take {best.index} of {count} fits the picture best ({why}): {best.video_path}. "
        "This is a hint from onsets, not a judgement of taste."
    )


def takes_view(
    ledger: Ledger, row: dict, view: View, *, cached: bool = False, wait_seconds: float = 40.0
) -> ScoreJob:
    """Build the ScoreJob of a takes job from its takes' own jobs, and keep its ledger status in step."""
    entries = sorted(loads(row["takes_json"]) or [], key=lambda e: e["index"])
    jobs: list[ScoreJob] = []
    takes: list[TakeResult] = []
    for entry in entries:
        take_row = ledger.job(entry["job_id"])
        if take_row is None:
            continue
        job = view(take_row, cached=cached or entry.get("cached", False))
        jobs.append(job)
        takes.append(
            TakeResult(
                index=entry["index"],
                job_id=job.job_id,
                prompts_sent=job.prompts_sent,
                status=job.status,
                video_path=job.video_path,
                audio_path=job.audio_path,
                cost_usd=job.cost_usd,
                cached=job.cached,
                error=job.error,
                soundtrack=job.soundtrack,
            )
        )
    status = takes_status([t.status for t in takes])
    finished_at = row["finished_at"]
    if status != row["status"]:
        finished_at = now_iso() if status in FINISHED else None
        ledger.update_job(row["id"], status=status, finished_at=finished_at)
    order = list(range(len(takes)))
    if status in FINISHED:
        order = rank([_review(j) if j.status == "completed" else None for j in jobs])
        order = [i for i in order if takes[i].status == "completed"] + [
            i for i in order if takes[i].status != "completed"
        ]
    ranked = [takes[i] for i in order]
    fraction = sum(j.progress.fraction for j in jobs) / max(1, len(jobs))
    message = "; ".join(f"take {t.index}: {j.status}" for t, j in zip(takes, jobs, strict=True))
    best = ranked[0] if ranked and ranked[0].status == "completed" else None
    job = ScoreJob(
        job_id=row["id"],
        status=status,  # type: ignore[arg-type]
        progress=Progress(fraction=1.0 if status in FINISHED else min(0.99, fraction), message=message),
        input=row["input"],
        video_path=best.video_path if best else None,
        audio_path=best.audio_path if best else None,
        soundtrack=best.soundtrack if best else None,
        video_url=None,
        audio_url=None,
        cost_usd=0.0 if cached else round(sum(t.cost_usd for t in takes), 4),
        cached=cached,
        created_at=row["created_at"],
        finished_at=finished_at,
        takes=ranked,
        error=None if best else next((t.error for t in takes if t.error), None),
    )
    if best is not None and status == "completed":
        review = _review(jobs[order[0]])
        failed = [t.index for t in takes if t.status != "completed"]
        also = (
            f" Take(s) {', '.join(map(str, failed))} did not complete; see each take's error."
            if failed
            else ""
        )
        job.next_step = best_take_sentence(best, review, len(takes)) + also
    else:
        job.next_step = next_step(job, wait_seconds)
    return job
