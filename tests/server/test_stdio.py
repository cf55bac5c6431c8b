"""The installed `kling-v2a-mcp` over stdio, as a client launches it; killed and restarted mid-job."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client

from tests.server.helpers import stdio_server

pytestmark = pytest.mark.anyio


async def test_the_stdio_server_scores_a_clip_with_progress(workspace, clip, fake_fal):
    fake_fal.configure(latency=1.5)
    progress = []

    async def on_progress(value, total, message):
        progress.append(message)

    async with Client(stdio_server(workspace.env(fake_fal.url))) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        assert "score_video" in tools
        result = await client.call_tool("score_video", {"video": str(clip)}, progress_callback=on_progress)
    assert result.structured_content["status"] == "completed", result.content
    assert progress
    assert len(fake_fal.submits) == 1


async def test_a_killed_server_resumes_the_job_without_submitting_it_again(workspace, clip, fake_fal):
    fake_fal.configure(hold=True)
    env = workspace.env(fake_fal.url)
    async with Client(stdio_server(env)) as client:
        job = (
            await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
        ).structured_content
        with anyio.fail_after(30):
            while not fake_fal.submits:
                await anyio.sleep(0.05)
    # leaving the block ends the server process while fal still holds the request
    fake_fal.release()
    async with Client(stdio_server(env)) as client:
        done = await client.call_tool("get_job", {"job_id": job["job_id"], "wait_seconds": 30})
    assert done.structured_content["status"] == "completed", done.content
    assert len(fake_fal.submits) == 1


async def test_the_server_starts_and_lists_tools_without_a_key(workspace):
    env = workspace.env()
    env.pop("FAL_KEY")
    async with Client(stdio_server(env)) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert "score_video" in names


async def test_the_server_instructions_walk_an_assistant_through_the_workflow(workspace):
    async with Client(stdio_server(workspace.env())) as client:
        text = client.instructions or ""
        templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    steps = [text.find(name) for name in ("inspect_video", "lint_prompt", "score_video", "get_job")]
    assert -1 not in steps and steps == sorted(steps), text  # inspect, lint, score, then follow
    assert "wait_seconds" in text and "output folder" in text and "MP3" in text
    assert "kling-v2a://jobs/{job_id}" in templates
