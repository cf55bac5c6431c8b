"""`kling-v2a score` fails at once when fal cannot be reached, instead of after the uploads' retries.

While the clip is checked and the job recorded, the same free call `kling-v2a doctor` makes asks fal's REST host
whether it answers. A job that needs fal (not a reused result) is cancelled before anything reaches fal when it
does not, and the command says so with exit code 4.
"""

from __future__ import annotations

import functools

import anyio

from tools.engine.fal import ServiceCheck
from tools.errors import FalServerError, KlingError
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.models import FINISHED, ScoreJob

# The doctor's own bound; a fal that answers at all does so within a fraction of it.
REACH_TIMEOUT_SECONDS = 5.0


async def score_if_fal_answers(runner: JobRunner, request: ScoreRequest) -> ScoreJob:
    """runner.score(request), unless the job needs fal and fal does not answer: then it is cancelled and this
    raises FalServerError."""
    answers: list[ServiceCheck] = []

    async def ask() -> None:
        check = functools.partial(runner.engine.check_service, timeout=REACH_TIMEOUT_SECONDS)
        answers.append(await anyio.to_thread.run_sync(check, abandon_on_cancel=True))

    refused: KlingError | None = None
    async with anyio.create_task_group() as tg:
        tg.start_soon(ask)
        try:
            job = await runner.score(request)
        except KlingError as exc:
            refused = exc  # raised outside the task group, as it is
            tg.cancel_scope.cancel()
        else:
            if job.status in FINISHED or job.cached:
                tg.cancel_scope.cancel()  # nothing more goes to fal: its answer does not matter
    if refused is not None:
        raise refused
    if not answers or answers[0].status_code is not None:
        return job
    answer = answers[0]
    await runner.cancel(job.job_id)
    raise FalServerError(
        f"fal does not answer at {answer.base_url} ({answer.error}), so job {job.job_id} was cancelled "
        "before anything was sent to fal; nothing was charged.",
        hint="Check the network connection and any proxy (HTTPS_PROXY, NO_PROXY), then run kling-v2a doctor; "
        "fal's status is at status.fal.ai.",
    )
