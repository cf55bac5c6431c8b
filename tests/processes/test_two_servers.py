"""Two real stdio servers on one data dir (the server in two clients): a job whose server is killed or quits is
taken up by the other one, and a server killed inside the submit window never lets the submit go out twice."""

from __future__ import annotations

import os
import signal
import sys

import av
import pytest
from mcp import Client

from tests.processes.helpers import assert_spend_is_what_fal_accepted, ledger_rows, until
from tests.server.helpers import stdio_server

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def owner_pid(data_dir, job_id: str) -> int | None:
    """The pid of the server holding a job's lease (owner is host:pid:token), or None."""
    rows = ledger_rows(data_dir, "SELECT owner FROM jobs WHERE id = ?", job_id)
    return int(rows[0][0].split(":")[1]) if rows and rows[0][0] else None


def segment(data_dir, job_id: str) -> tuple[str, str | None]:
    """The status and fal request id of a job's one segment."""
    return ledger_rows(data_dir, "SELECT status, request_id FROM segments WHERE job_id = ?", job_id)[0]


def picture_packets(path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


@pytest.mark.parametrize(
    ("ending", "asked_by"),
    [("killed", "get_job"), ("quit", "list_jobs"), ("killed", "timer")],
    ids=["kill-9-then-get_job", "quit-then-list_jobs", "kill-9-then-its-own-timer"],
)
async def test_a_job_whose_server_ends_mid_job_is_taken_up_by_the_other_server(
    workspace, clip, fake_fal, ending, asked_by
):
    fake_fal.configure(hold=True)
    env = workspace.env(fake_fal.url)
    data = workspace.data
    async with Client(stdio_server(env)) as other:
        async with Client(stdio_server(env)) as first:
            job = (
                await first.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
            ).structured_content
            job_id = job["job_id"]
            await until(lambda: segment(data, job_id)[1])  # submitted: the request id is in the ledger
            holder = await until(lambda: owner_pid(data, job_id))
            assert holder != os.getpid()
            if ending == "killed":
                os.kill(holder, signal.SIGKILL)
        # leaving the block closes the first server's stdin: a quit, or the reaping of the killed one
        if asked_by == "get_job":
            # no answer reports a lapsed job as running without taking it up
            seen = await other.call_tool("get_job", {"job_id": job_id})
            assert seen.structured_content["status"] in ("queued", "running"), seen.content
            taker = owner_pid(data, job_id)
            assert taker is not None and taker != holder
        elif asked_by == "list_jobs":
            listed = await other.call_tool("list_jobs", {})
            assert [j["job_id"] for j in listed.structured_content["jobs"]] == [job_id]
            assert owner_pid(data, job_id) not in (None, holder)
        else:
            await until(lambda: owner_pid(data, job_id) not in (None, holder))  # nobody asked
        fake_fal.release()  # fal finishes now
        done = await other.call_tool("get_job", {"job_id": job_id, "wait_seconds": 15})
    result = done.structured_content
    assert result["status"] == "completed", done.content
    assert picture_packets(result["video_path"]) == picture_packets(clip)
    assert len(fake_fal.submits) == 1 and len(fake_fal.uploads) == 1
    assert_spend_is_what_fal_accepted(data, fake_fal)


async def test_a_server_killed_inside_the_submit_window_never_submits_again_without_the_users_say(
    workspace, clip, fake_fal
):
    fake_fal.hold_answers("submit")  # fal accepts the submit; its answer (the request id) is held
    env = workspace.env(fake_fal.url)
    data = workspace.data
    async with Client(stdio_server(env)) as first:
        job = (
            await first.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
        ).structured_content
        job_id = job["job_id"]
        await until(lambda: fake_fal.held_answers)  # the submit reached fal, its answer is on hold
        assert segment(data, job_id) == ("submitting", None)
        os.kill(await until(lambda: owner_pid(data, job_id)), signal.SIGKILL)
    fake_fal.release_answers()
    async with Client(stdio_server(env)) as other:
        stopped = (
            await other.call_tool("get_job", {"job_id": job_id, "wait_seconds": 10})
        ).structured_content
        assert stopped["status"] == "failed" and stopped["error"]["code"] == "submit_uncertain", stopped
        assert "USD 0.035" in stopped["error"]["message"] and "resubmit=true" in stopped["next_step"]
        # the identical request without the user's say is that same stopped job: nothing is sent
        same = (
            await other.call_tool("score_video", {"video": str(clip), "wait_seconds": 5})
        ).structured_content
        assert same["job_id"] == job_id and same["status"] == "failed"
        assert len(fake_fal.submits) == 1
        assert_spend_is_what_fal_accepted(data, fake_fal, unanswered=1)
        # the user says so: it is sent again, once
        sent = await other.call_tool(
            "score_video", {"video": str(clip), "resubmit": True, "wait_seconds": 30}
        )
    result = sent.structured_content
    assert result["job_id"] == job_id and result["status"] == "completed", sent.content
    assert picture_packets(result["video_path"]) == picture_packets(clip)
    assert len(fake_fal.submits) == 2
    assert_spend_is_what_fal_accepted(data, fake_fal, unanswered=1)
