"""A server process killed outright (SIGKILL, no shutdown code runs) mid-job: the next one resumes the job."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys

import anyio
import pytest
from mcp import Client

from tests.server.helpers import stdio_server

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def _job_value(data_dir, sql: str, job_id: str):
    db = sqlite3.connect(data_dir / "ledger.sqlite3")
    try:
        row = db.execute(sql, (job_id,)).fetchone()
    finally:
        db.close()
    return row[0] if row else None


def recorded_request_id(data_dir, job_id: str) -> str | None:
    """The fal request id the ledger holds for the job's one call, once the submit's answer was recorded."""
    return _job_value(data_dir, "SELECT request_id FROM segments WHERE job_id = ?", job_id)


def owner_pid(data_dir, job_id: str) -> int | None:
    """The pid of the process holding a job in the ledger (owner is host:pid:token)."""
    owner = _job_value(data_dir, "SELECT owner FROM jobs WHERE id = ?", job_id)
    return int(owner.split(":")[1]) if owner else None


async def test_a_server_killed_mid_job_is_resumed_by_the_next_one_with_exactly_one_submit(
    workspace, clip, fake_fal
):
    fake_fal.configure(hold=True)
    env = workspace.env(fake_fal.url)
    killed: int | None = None
    async with Client(stdio_server(env)) as client:
        job = (
            await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
        ).structured_content
        with anyio.fail_after(30):
            # Killed once the submit's answer is in the ledger: mid-job, not inside the submit itself
            # (a kill there stops the job as submit_uncertain: tests/processes/test_two_servers.py).
            while recorded_request_id(workspace.data, job["job_id"]) is None:
                await anyio.sleep(0.05)
            while (killed := owner_pid(workspace.data, job["job_id"])) is None:
                await anyio.sleep(0.05)
        assert killed != os.getpid()
        os.kill(killed, signal.SIGKILL)
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)  # gone, not shut down: its claim on the job is still in the ledger
    assert owner_pid(workspace.data, job["job_id"]) == killed
    fake_fal.release()
    async with Client(stdio_server(env)) as client:
        done = await client.call_tool("get_job", {"job_id": job["job_id"], "wait_seconds": 30})
    assert done.structured_content["status"] == "completed", done.content
    assert len(fake_fal.submits) == 1 and len(fake_fal.uploads) == 1
    assert owner_pid(workspace.data, job["job_id"]) != killed
