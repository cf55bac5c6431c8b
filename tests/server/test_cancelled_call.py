"""A client that cancels a score_video call gives up on the answer, not on the job: the job goes on (fal may have
charged for it already) and list_jobs shows it first, saying so, until a call picks it up."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client

from server.app import build_server

pytestmark = pytest.mark.anyio


async def listed(client: Client) -> list[dict]:
    return (await client.call_tool("list_jobs", {})).structured_content["jobs"]


async def test_a_cancelled_score_video_call_leaves_its_job_running_and_listed_first(
    config, workspace, clip, fake_fal
):
    fake_fal.configure(hold=True)
    async with Client(build_server(config)) as client:
        async with anyio.create_task_group() as tg:
            tg.start_soon(client.call_tool, "score_video", {"video": str(clip), "wait_seconds": 300})
            with anyio.fail_after(30):  # bounded: the job is recorded within moments
                while not fake_fal.submits:
                    await anyio.sleep(0.05)
            tg.cancel_scope.cancel()  # the person pressed stop: the client sends notifications/cancelled
        with anyio.fail_after(30):
            while not (jobs := await listed(client)) or "cancelled by the client" not in jobs[0]["next_step"]:
                await anyio.sleep(0.05)
        orphan = jobs[0]
        assert orphan["status"] in ("queued", "running")
        assert (
            f"get_job with job_id {orphan['job_id']!r}" in orphan["next_step"]
            and "cancel_job" in orphan["next_step"]
        )
        # A newer job does not push it down while nobody has picked it up.
        newer = (
            await client.call_tool(
                "score_video", {"video": str(clip), "sound_effect_prompt": "rain", "wait_seconds": 0}
            )
        ).structured_content
        assert [j["job_id"] for j in await listed(client)][:2] == [orphan["job_id"], newer["job_id"]]
        fake_fal.configure(hold=False)
        fake_fal.release()
        done = (
            await client.call_tool("get_job", {"job_id": orphan["job_id"], "wait_seconds": 30})
        ).structured_content
        assert done["status"] == "completed", done
        assert "cancelled by the client" in done["next_step"]  # the answer that picks it up still says why
        await client.call_tool("get_job", {"job_id": newer["job_id"], "wait_seconds": 30})
        after = await listed(client)
    assert [j["job_id"] for j in after][:2] == [newer["job_id"], orphan["job_id"]]
    assert all("cancelled by the client" not in j["next_step"] for j in after)
    assert len(fake_fal.submits) == 2
