"""Two processes on one data dir at the same instant: the first start of both on a fresh ledger, and the identical
request sent to both. Real separate processes share the real SQLite file (tests/processes/driver.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.processes.helpers import Worker, at_once, ledger_rows
from tools.jobs.migrations import MIGRATIONS

TRIALS = 20


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    pair = [Worker(), Worker()]
    try:
        yield pair
    finally:
        for worker in pair:
            worker.close()


def test_two_processes_starting_on_a_fresh_data_dir_at_once_both_start(workers, tmp_path):
    for trial in range(TRIALS):
        data = tmp_path / f"data-{trial}"
        answers = at_once(workers, {"op": "open", "data": str(data)})
        assert answers == [{"ok": True}, {"ok": True}], f"trial {trial}: {answers}"
        applied = [name for (name,) in ledger_rows(data, "SELECT name FROM _migrations ORDER BY name")]
        assert applied == [name for name, _ in MIGRATIONS]


def test_the_identical_request_sent_to_two_processes_at_once_is_submitted_once(
    workers, workspace, clip, fake_fal
):
    fake_fal.configure(latency=0.05)
    for trial in range(TRIALS):
        data = workspace.data / f"trial-{trial}"
        env = workspace.env(fake_fal.url, KLING_V2A_DATA_DIR=str(data))
        before = len(fake_fal.requests)
        answers = at_once(workers, {"op": "score", "env": env, "video": str(clip)})
        assert all(a["ok"] and a["status"] == "completed" for a in answers), f"trial {trial}: {answers}"
        assert answers[0]["job_id"] == answers[1]["job_id"], f"trial {trial}: two jobs"
        assert len(fake_fal.requests) - before == 1, (
            f"trial {trial}: {len(fake_fal.requests) - before} submits"
        )
        assert ledger_rows(data, "SELECT COUNT(*) FROM jobs") == [(1,)]
        spent = ledger_rows(data, "SELECT COUNT(*), SUM(usd) FROM spend")[0]
        assert spent[0] == 1 and spent[1] == pytest.approx(0.035)
    assert len(fake_fal.requests) == TRIALS
