"""The server's log at INFO: one line per job state change, not per status poll or HTTP request."""

from __future__ import annotations

import re

import pytest
from mcp import Client
from mcp.client.stdio import stdio_client

from tests.server.helpers import stdio_server

pytestmark = pytest.mark.anyio

STATE_LINE = re.compile(r" INFO tools\.jobs: job (job_\w+) (\w+): ")


async def test_a_score_logs_one_line_per_job_state_change(workspace, clip, fake_fal, tmp_path):
    fake_fal.configure(latency=1.5)
    errlog = tmp_path / "server.log"
    with errlog.open("w") as log:
        async with Client(stdio_client(stdio_server(workspace.env(fake_fal.url)), errlog=log)) as client:
            job = (
                await client.call_tool("score_video", {"video": str(clip), "lint": "off"})
            ).structured_content
    assert job is not None and job["status"] == "completed"
    lines = errlog.read_text().splitlines()
    states = [STATE_LINE.search(line) for line in lines]
    assert all(states), [line for line, m in zip(lines, states, strict=True) if m is None]
    statuses = [m.group(2) for m in states if m is not None]
    assert {m.group(1) for m in states if m is not None} == {job["job_id"]}
    # Each state once, in the order a job goes through them (a fast fal may skip queued or running).
    order = ["preparing", "uploading", "queued", "running", "completed"]
    assert statuses[0] == "preparing" and statuses[-1] == "completed", statuses
    assert statuses == sorted(set(statuses), key=order.index), statuses
    assert job["video_path"] in lines[-1] and job["audio_path"] in lines[-1]
    assert fake_fal.status_polls > len(lines)  # the polls themselves are not logged
