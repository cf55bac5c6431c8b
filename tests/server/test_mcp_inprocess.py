"""The MCP surface through the SDK's in-process Client, in both protocol modes."""

from __future__ import annotations

import base64
import dataclasses
import logging
import os
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from server.app import build_server
from tests.clips import make_clip, make_empty, make_not_a_video
from tools.jobs import runner as runner_module

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
    assert {str(link.uri) for link in links} == {
        f"kling-v2a://jobs/{job['job_id']}/video",
        f"kling-v2a://jobs/{job['job_id']}/audio",
    }
    assert {link.mime_type for link in links} == {"video/mp4", "audio/mpeg"}
    assert Path(job["video_path"]).is_file() and Path(job["audio_path"]).is_file()
    assert job["video_url"].startswith(fake_fal.url) and job["audio_url"].startswith(fake_fal.url)
    assert job["cost_usd"] == pytest.approx(0.035) and job["cached"] is False
    assert job["finished_at"] and job["elapsed_s"] is not None and job["elapsed_s"] >= 0
    assert job["error"] is None and "Done." in job["next_step"]
    assert progress, "no progress notification arrived"
    values = [v for v, _ in progress]
    assert values == sorted(values) and len(set(values)) == len(values)


async def started(client: Client, clip: Path) -> dict:
    """score_video with wait_seconds 0: the job as first answered, still running."""
    return (await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})).structured_content


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
        job = await started(client, clip)
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


async def test_the_time_spent_checking_a_clip_counts_against_wait_seconds(
    config, clip, fake_fal, monkeypatch
):
    import tools.jobs.runner as runner

    real_prepare, waits = runner.prepare, []

    async def slow_prepare(*args, **kwargs):
        await anyio.sleep(0.5)  # a long clip's scene-cut pass, say
        return await real_prepare(*args, **kwargs)

    real_wait = runner.JobRunner.wait

    async def recorded_wait(self, job_id, seconds, on_progress=None):
        waits.append(seconds)
        return await real_wait(self, job_id, seconds, on_progress)

    monkeypatch.setattr(runner, "prepare", slow_prepare)
    monkeypatch.setattr(runner.JobRunner, "wait", recorded_wait)
    fake_fal.configure(hold=True)
    async with Client(build_server(config)) as client:
        result = await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0.5})
        job = result.structured_content
        await client.call_tool("cancel_job", {"job_id": job["job_id"]})
    assert waits == [0.0]  # the half second went on the checks, so the call answered at once
    assert job["status"] in ("preparing", "uploading", "queued", "running") and "get_job" in job["next_step"]


@pytest.mark.parametrize("mode", MODES)
async def test_the_linked_result_files_are_readable_through_mcp(config, clip, fake_fal, mode):
    async with Client(build_server(config), mode=mode) as client:
        result = await client.call_tool("score_video", {"video": str(clip)})
        job = result.structured_content
        read = {}
        for link in (c for c in result.content if c.type == "resource_link"):
            read[link.name] = (await client.read_resource(str(link.uri))).contents[0]
    video, audio = read[Path(job["video_path"]).name], read[Path(job["audio_path"]).name]
    assert base64.b64decode(video.blob) == Path(job["video_path"]).read_bytes()
    assert base64.b64decode(audio.blob) == Path(job["audio_path"]).read_bytes()
    assert audio.mime_type == "audio/mpeg"


async def test_the_files_of_an_unfinished_or_unknown_job_say_why_they_cannot_be_read(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with Client(build_server(config)) as client:
        job = await started(client, clip)
        with pytest.raises(MCPError, match="no video file yet"):
            await client.read_resource(f"kling-v2a://jobs/{job['job_id']}/video")
        with pytest.raises(MCPError, match="No job"):
            await client.read_resource("kling-v2a://jobs/job_000000000000/audio")
        await client.call_tool("cancel_job", {"job_id": job["job_id"]})


def test_progress_is_promised_at_least_every_five_seconds():
    assert 0 < runner_module.PROGRESS_EVERY_SECONDS <= 5


@pytest.mark.parametrize("mode", MODES)
async def test_progress_repeats_while_a_held_job_changes_nothing(config, clip, fake_fal, monkeypatch, mode):
    # The cadence is shortened so the test is quick; the constant itself is checked above.
    monkeypatch.setattr(runner_module, "PROGRESS_EVERY_SECONDS", 0.2)
    fake_fal.configure(hold=True)
    messages: list[str] = []

    async def on_progress(value, total, message):
        messages.append(message)

    async with Client(build_server(config), mode=mode) as client:
        job = await started(client, clip)
        with anyio.fail_after(20):
            while not fake_fal.submits:
                await anyio.sleep(0.02)
        held = await client.call_tool(
            "get_job", {"job_id": job["job_id"], "wait_seconds": 1.5}, progress_callback=on_progress
        )
        fake_fal.release()
        done = await client.call_tool("get_job", {"job_id": job["job_id"], "wait_seconds": 20})
    assert held.structured_content["status"] in ("queued", "running")
    assert done.structured_content["status"] == "completed"
    # Nothing new happened on fal for most of the wait, yet the same news kept going out on the cadence.
    assert max(messages.count(m) for m in messages) >= 3, messages


@pytest.mark.parametrize("mode", MODES)
async def test_progress_carries_the_queue_position_and_fal_log_lines(config, clip, fake_fal, mode):
    fake_fal.set_fault("slow_queue", polls=8)
    messages: list[str] = []

    async def on_progress(value, total, message):
        messages.append(message)

    async with Client(build_server(config), mode=mode) as client:
        result = await client.call_tool(
            "score_video", {"video": str(clip), "wait_seconds": 20}, progress_callback=on_progress
        )
    assert result.structured_content["status"] == "completed"
    assert any("position" in m for m in messages), messages
    fal_logs = ("Fetching the input video", "Analysing", "Generating sound effects", "Mixing the soundtrack")
    assert any(line in m for m in messages for line in fal_logs), messages


def _bad_inputs(ws, tmp_path):
    """(arguments, the error code the text must carry) for each kind of input refused before any upload."""
    home = ws.home
    make_not_a_video(home / "notes.mp4")
    make_empty(home / "empty.mp4")
    (home / ".private").mkdir()
    make_clip(home / ".private" / "hidden.mp4", duration=4)
    outside = make_clip(tmp_path / "outside.mp4", duration=4)
    os.symlink(outside, home / "link.mp4")
    good = str(home / "walk.mp4")
    return [
        ({"video": str(home / "notes.mp4")}, "not_a_video"),
        ({"video": str(home / "empty.mp4")}, "not_a_video"),
        ({"video": str(home / "missing.mp4")}, "input_not_found"),
        ({"video": "walk.mp4"}, "input_not_found"),
        ({"video": str(outside)}, "path_not_allowed"),
        ({"video": str(home / ".private" / "hidden.mp4")}, "path_not_allowed"),
        ({"video": str(home / "link.mp4")}, "path_not_allowed"),
        ({"video": "ftp://example.com/clip.mp4"}, "bad_url"),
        ({"video": f"file://{good}"}, "bad_url"),
        ({"video": good, "sound_effect_prompt": "x" * 201, "lint": "off"}, "prompt_too_long"),
        ({"video": good, "background_music_prompt": "slow piano, " * 20}, "prompt_too_long"),
        ({"video": good, "output_dir": str(tmp_path / "elsewhere")}, "path_not_allowed"),
        ({"video": good, "wait_seconds": -1}, "wait_seconds"),
        ({"video": good, "lint": "maybe"}, "lint"),
    ]


@pytest.mark.parametrize("mode", MODES)
async def test_each_bad_input_costs_nothing_and_the_next_call_is_served(
    config, clip, workspace, tmp_path, fake_fal, mode
):
    cases = _bad_inputs(workspace, tmp_path)
    async with Client(build_server(config), mode=mode) as client:
        for arguments, code in cases:
            bad = await client.call_tool("score_video", arguments)
            assert bad.is_error, arguments
            assert code in bad.content[0].text, (arguments, bad.content[0].text)
            assert not (await client.call_tool("list_jobs", {})).is_error
        assert fake_fal.uploads == [] and fake_fal.submits == [] and fake_fal.rejected == []
        assert fake_fal.status_polls == 0 and fake_fal.refusals == []
        ok = await client.call_tool("score_video", {"video": str(clip)})
    assert ok.structured_content["status"] == "completed", ok.content
    assert len(fake_fal.submits) == 1
    assert ok.structured_content["job_id"] and not (tmp_path / "elsewhere").exists()


async def test_the_spend_guard_refuses_a_new_submit_and_names_the_variable(config, clip, fake_fal):
    tight = dataclasses.replace(config, daily_budget_usd=0.05)
    async with Client(build_server(tight)) as client:
        first = await client.call_tool("score_video", {"video": str(clip)})
        assert first.structured_content["status"] == "completed"
        second = await client.call_tool("score_video", {"video": str(clip), "reuse": False})
        reused = await client.call_tool("score_video", {"video": str(clip)})
    assert second.is_error
    assert "budget_exceeded" in second.content[0].text
    assert "KLING_V2A_DAILY_BUDGET_USD" in second.content[0].text
    assert reused.structured_content["cached"] is True  # reuse costs nothing, so the guard lets it through
    assert len(fake_fal.submits) == 1


async def test_over_mcp_the_key_appears_in_no_result_or_error(config, clip, fake_fal, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "kv2a-mcp-secret-0d4b2f"
    texts = []
    async with Client(build_server(dataclasses.replace(config, fal_key=secret))) as client:
        for fault in ("unauthorized", "reject_422", None):
            fake_fal.clear_faults()
            if fault:
                fake_fal.set_fault(fault)
            result = await client.call_tool("score_video", {"video": str(clip), "reuse": False})
            texts += [c.model_dump_json() for c in result.content]
            texts.append(str(result.structured_content))
        texts.append(str((await client.call_tool("list_jobs", {})).structured_content))
    assert fake_fal.submits
    assert [s for s in (*texts, caplog.text) if secret in s] == []
