"""The ledger's spend is what fal accepted: a submit that returned a request id. A job cancelled (here, or by another
process sharing the ledger) before its submit reached fal costs nothing against the daily budget."""

from __future__ import annotations

import pytest

from tests.processes.helpers import assert_spend_is_what_fal_accepted, until
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("where", ["here", "another process"])
async def test_a_job_cancelled_before_its_submit_reached_fal_costs_nothing(config, clip, fake_fal, where):
    fake_fal.hold_answers("upload")  # the clip is with fal's storage, its URL not yet back
    async with JobRunner(config) as server:
        job = await server.score(ScoreRequest(video=str(clip), lint="off"))
        await until(lambda: fake_fal.held_answers)
        if where == "here":
            cancelled = await server.cancel(job.job_id)
        else:  # `kling-v2a jobs cancel` while the server uploads: the server must not submit after it
            async with JobRunner(config, resume=False) as cli:
                cancelled = await cli.cancel(job.job_id)
        fake_fal.release_answers()
        await until(lambda: job.job_id not in server._scopes)  # the server's own work on it ends
        seen = server.get(job.job_id)
        spent = server.ledger.spent_today()
    assert cancelled.status == "cancelled" and seen.status == "cancelled"
    assert fake_fal.submits == [] and spent == 0 and seen.cost_usd == 0
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)
