"""A charged request stays recoverable until fal forgets it, and a submit that may have reached fal is never sent
again without the user's say.

- `result_not_fetched` (fal or its files out of reach for longer than the patience) and `output_write_failed` (the
  output folder refused the files) leave a failed job that get_job, or the identical score_video, takes up again:
  the result is fetched by its request id, with no new submit.
- `submit_uncertain`: a process stopped between sending a segment's submit and recording fal's answer. That call
  is not sent again (the job's other calls finish, so their results are kept) and the job fails; only
  score_video(..., resubmit=true) sends it again.
Only fal's own verdict (the model failed, the result expired) or the user's choice ends a charged request.
"""

from __future__ import annotations

from typing import Any

from tools.errors import OutputWriteFailed, ResultNotFetched, SubmitUncertain
from tools.jobs.ledger import Ledger, loads
from tools.jobs.services import error_json
from tools.pricing import call_price

RESUMABLE = frozenset({ResultNotFetched.code, OutputWriteFailed.code})
UNCERTAIN = SubmitUncertain.code


def error_code(row: dict[str, Any]) -> str | None:
    """The error code of a failed job or segment row."""
    error = loads(row.get("error_json"))
    return error.get("code") if isinstance(error, dict) else None


def resumable(row: dict[str, Any]) -> bool:
    """A failed job whose paid result can still be fetched without a new submit."""
    return row["status"] == "failed" and error_code(row) in RESUMABLE


def uncertain(row: dict[str, Any]) -> bool:
    """A failed job stopped inside a submit window."""
    return row["status"] == "failed" and error_code(row) == UNCERTAIN


def stopped_submits(ledger: Ledger, job_id: str, segs: list[dict[str, Any]]) -> dict[int, SubmitUncertain]:
    """The calls of a job whose submit was on its way when the process running it stopped, each with the error that
    stops it (also written to its segment). The job's other calls go on; these are not sent again."""
    open_ = [s for s in segs if s["status"] == "submitting" and not s["request_id"]]
    stopped = {}
    for seg in open_:
        exc = SubmitUncertain(
            "A submit to fal was on its way when the server running the job stopped, before fal's answer "
            f"arrived: fal may have received it and may charge USD {call_price():.3f} for it, but without its "
            "request id its result cannot be fetched. It was not sent again."
        )
        ledger.update_segment(job_id, seg["idx"], status="failed", error_json=error_json(exc))
        stopped[seg["idx"]] = exc
    return stopped


def allow_resubmit(ledger: Ledger, job_id: str) -> int:
    """The user's say: the segments stopped inside a submit window may be sent again; return how many."""
    count = 0
    for seg in ledger.segments(job_id):
        if seg["status"] == "failed" and not seg["request_id"] and error_code(seg) == UNCERTAIN:
            ledger.update_segment(job_id, seg["idx"], status="preparing", error_json=None)
            count += 1
    return count
