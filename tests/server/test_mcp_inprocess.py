"""The MCP surface through the SDK's in-process Client, in both protocol modes."""

from __future__ import annotations

import dataclasses

import anyio
import pytest
from mcp import Client

from server.app import build_server

pytestmark = pytest.mark.anyio

MODES = ["auto", "legacy"]


@pytest.mark.parametrize("mode", MODES)
async def test_the_tools_are_listed_with_honest_annotations(config, mode):
    async with Client(build_server(config), mode=mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert {"score_video", "get_job", "list_jobs", "cancel_job", "lint_prompt"} <= set(tools)
    score = tools["score_video"].annotations
    assert score.open_world_hint is True and score.read_only_hint is False and score.idempotent_hint is False
    lint = tools["lint_prompt"].annotations
    assert lint.read_only_hint is True and lint.idempotent_hint is True and lint.open_world_hint is False
    assert tools["score_video"].output_schema is not None
    assert "job_id" in tools["score_video"].output_schema["properties"]


@pytest.mark.parametrize("mode", MODES)
async def test_score_video_completes_with_files_and_progress(config, clip, fake_fal, mode):
    fake_fal.configure(latency=1.0)
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, message))

    async with Client(build_server(config), mode=mode) as client:
        result = await client.call_tool(
            "score_video",
            {"video": str(clip), "sound_effect_prompt": "footsteps on gravel"},
            progress_callback=on_progress,
        )
    assert not result.is_error, result.content
    job = result.structured_content
    assert job["status"] == "completed"
    assert job["prompts_sent"] == {
        "sound_effect_prompt": "footsteps on gravel",
        "background_music_prompt": "",
        "asmr_mode": False,
    }
    links = [c for c in result.content if c.type == "resource_link"]
    assert {link.name for link in links} == {"walk.scored.mp4", "walk.scored.mp3"}
    assert progress, "no progress notification arrived"
    values = [v for v, _ in progress]
    assert values == sorted(values) and len(set(values)) == len(values)


@pytest.mark.parametrize("mode", MODES)
async def test_a_running_job_is_answered_at_once_and_completed_by_get_job(config, clip, fake_fal, mode):
    fake_fal.configure(hold=True)
    async with Client(build_server(config), mode=mode) as client:
        first = await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
        job = first.structured_content
        assert job["status"] in ("preparing", "uploading", "queued", "running")
        assert "get_job" in job["next_step"]
        with anyio.fail_after(20):
            while not fake_fal.submits:
                await anyio.sleep(0.02)
        fake_fal.release()
        done = await client.call_tool("get_job", {"job_id": job["job_id"], "wait_seconds": 20})
        listed = await client.call_tool("list_jobs", {})
    assert done.structured_content["status"] == "completed"
    assert listed.structured_content["jobs"][0]["job_id"] == job["job_id"]


@pytest.mark.parametrize("mode", MODES)
async def test_bad_input_is_a_tool_error_and_the_server_keeps_serving(config, workspace, fake_fal, mode):
    (workspace.home / "notes.mp4").write_text("not a video")
    async with Client(build_server(config), mode=mode) as client:
        bad = await client.call_tool("score_video", {"video": str(workspace.home / "notes.mp4")})
        assert bad.is_error
        text = bad.content[0].text
        assert "not_a_video" in text
        missing = await client.call_tool("get_job", {"job_id": "job_nope"})
        assert missing.is_error and "list_jobs" in missing.content[0].text
        ok = await client.call_tool("list_jobs", {})
        assert not ok.is_error
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_without_a_key_the_server_lists_tools_and_explains_how_to_set_it(config, clip, fake_fal):
    keyless = dataclasses.replace(config, fal_key=None)
    async with Client(build_server(keyless)) as client:
        assert (await client.list_tools()).tools
        result = await client.call_tool("score_video", {"video": str(clip)})
    assert result.is_error
    assert "FAL_KEY" in result.content[0].text and "mcp.json" in result.content[0].text
    assert fake_fal.submits == []


async def test_cancel_job_cancels_on_fal(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with Client(build_server(config)) as client:
        job = (
            await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
        ).structured_content
        with anyio.fail_after(20):
            while not fake_fal.submits:
                await anyio.sleep(0.02)
        result = await client.call_tool("cancel_job", {"job_id": job["job_id"]})
    assert result.structured_content["status"] == "cancelled"
    assert len(fake_fal.cancels) == 1


async def test_a_job_is_readable_as_a_resource(config, clip, fake_fal):
    async with Client(build_server(config)) as client:
        job = (await client.call_tool("score_video", {"video": str(clip)})).structured_content
        resource = await client.read_resource(f"kling-v2a://jobs/{job['job_id']}")
    assert job["job_id"] in resource.contents[0].text
