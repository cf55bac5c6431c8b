"""The output folder on real disks: read-only or full is refused before any upload; full after the submit
fails with the folder named, and leaves no stray MP3."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import anyio
import pytest
from mcp import Client

from server.app import build_server
from tests.clips import make_clip
from tests.disks import fill, tmpfs
from tests.server.helpers import console_script
from tests.server.test_cli import process_env
from tools.errors import OutputFolderError
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio


async def test_a_read_only_output_folder_is_refused_before_any_upload(config, clip, fake_fal, tmp_path):
    with tmpfs(tmp_path / "ro", read_only=True) as disk:
        ro = dataclasses.replace(config, output_dir=disk / "scored")
        async with Client(build_server(ro)) as client:
            result = await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 5})
    text = result.content[0].text
    assert result.is_error, text
    assert "[output_dir_unwritable]" in text and str(disk / "scored") in text
    assert "KLING_V2A_OUTPUT_DIR" in text and "bug" not in text
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_a_read_only_output_dir_argument_is_refused_and_names_the_folder(
    config, clip, fake_fal, workspace
):
    with tmpfs(workspace.home / "exports", read_only=True) as disk:
        async with JobRunner(config) as runner:
            with pytest.raises(OutputFolderError) as err:
                await runner.score(ScoreRequest(video=str(clip), lint="off", output_dir=str(disk)))
    assert err.value.code == "output_dir_unwritable" and str(disk) in err.value.message
    assert "output_dir" in err.value.hint
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_an_output_folder_without_room_for_the_results_is_refused_before_any_upload(
    config, clip, fake_fal, tmp_path
):
    with tmpfs(tmp_path / "small", size="512k") as disk:
        small = dataclasses.replace(config, output_dir=disk)
        async with JobRunner(small) as runner:
            with pytest.raises(OutputFolderError) as err:
                await runner.score(ScoreRequest(video=str(clip), lint="off"))
            left = list(disk.iterdir())
    assert err.value.code == "output_dir_full" and str(disk) in err.value.message
    assert "MB free" in err.value.message and "Free " in err.value.hint
    assert fake_fal.uploads == [] and fake_fal.submits == []
    assert left == []  # the writing check leaves nothing behind


async def test_a_disk_that_fills_after_the_submit_fails_naming_the_folder_and_leaves_no_stray_mp3(
    config, clip, fake_fal, tmp_path
):
    fake_fal.configure(hold=True)
    with tmpfs(tmp_path / "disk", size="6m") as disk:
        out = disk / "scored"
        async with JobRunner(dataclasses.replace(config, output_dir=out)) as runner:
            job = await runner.score(ScoreRequest(video=str(clip), lint="off"))
            with anyio.fail_after(20):
                while not fake_fal.submits:
                    await anyio.sleep(0.05)
            fill(disk)
            fake_fal.release()
            job = await runner.wait(job.job_id, 30)
        files = sorted(p.name for p in out.iterdir())
    assert job.status == "failed" and job.error is not None, job
    assert job.error.code == "output_write_failed"
    assert str(out) in job.error.message
    assert "re-export" not in f"{job.error.message} {job.error.hint}" and "bug" not in job.error.hint
    assert files == []  # neither half of the pair, nor a partial file
    # As the hint says: the same request into a writable folder gets the soundtrack already paid for.
    async with JobRunner(config) as runner:
        again = await runner.score(ScoreRequest(video=str(clip), lint="off"))
        again = await runner.wait(again.job_id, 30)
    assert again.status == "completed", again.error
    assert Path(again.video_path).parent == config.output_dir
    assert len(fake_fal.submits) == 1


def test_the_cli_says_in_one_line_which_folder_cannot_be_written(workspace, clip, fake_fal):
    with tmpfs(workspace.home / "exports", read_only=True) as disk:
        done = subprocess.run(
            [console_script("kling-v2a"), "score", str(clip), "--out", str(disk), "--no-progress"],
            env=process_env(workspace.env(fake_fal.url)),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("error [output_dir_unwritable]") and str(disk) in lines[0]
    assert len(lines) == 2 and lines[1].startswith("fix")
    assert "Traceback" not in done.stderr and fake_fal.uploads == []


async def test_a_disk_with_room_for_the_mp3_but_not_the_video_keeps_neither(
    config, workspace, fake_fal, tmp_path
):
    clip = make_clip(workspace.home / "busy.mp4", duration=4.0, noise=True, bit_rate=1_000_000)
    # A first take in a roomy folder shows how big the two files are.
    async with JobRunner(config) as runner:
        first = await runner.wait((await runner.score(ScoreRequest(video=str(clip), lint="off"))).job_id, 30)
    assert first.status == "completed", first.error
    mp3_size, video_size = Path(first.audio_path).stat().st_size, Path(first.video_path).stat().st_size
    page = 4096
    room = (mp3_size // page + 2) * page  # the MP3 fits, with a page to spare
    assert video_size > room, "the test needs a video bigger than the room left"
    fake_fal.configure(hold=True)
    with tmpfs(tmp_path / "disk", size="6m") as disk:
        out = disk / "scored"
        async with JobRunner(dataclasses.replace(config, output_dir=out)) as runner:
            job = await runner.score(ScoreRequest(video=str(clip), lint="off", reuse=False))
            with anyio.fail_after(20):
                while len(fake_fal.submits) < 2:
                    await anyio.sleep(0.05)
            fill(disk)
            filler = disk / "filler.bin"
            with filler.open("r+b") as f:
                f.truncate(filler.stat().st_size - room)
            fake_fal.release()
            job = await runner.wait(job.job_id, 30)
        files = sorted(p.name for p in out.iterdir())
    assert job.status == "failed" and job.error is not None and job.error.code == "output_write_failed", job
    assert files == []  # the MP3 was written, then taken back when the video could not be
