"""A charged request stays recoverable until fal forgets it: an output folder that turns read-only after the submit
fails the job with the folder named, and the result is then fetched into a writable folder, with no new submit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import pytest

from tests.disks import remount_read_only, tmpfs
from tests.processes.helpers import assert_spend_is_what_fal_accepted, until
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio


def picture_packets(path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


async def test_an_output_folder_made_read_only_after_the_submit_leaves_the_result_recoverable_elsewhere(
    config, clip, fake_fal, tmp_path, workspace
):
    fake_fal.configure(hold=True)
    request = ScoreRequest(video=str(clip), lint="off")
    with tmpfs(tmp_path / "disk", size="8m") as disk:
        on_disk = dataclasses.replace(config, output_dir=disk / "scored")
        async with JobRunner(on_disk) as runner:
            job = await runner.score(request)
            await until(lambda: fake_fal.submits)
            remount_read_only(disk)
            fake_fal.release()
            stopped = await runner.wait(job.job_id, 30)
            assert stopped.status == "failed" and stopped.error.code == "output_write_failed", stopped
            assert str(disk / "scored") in stopped.error.message
            # get_job takes it up again: the folder still refuses, and still nothing is submitted again
            again = await runner.wait(job.job_id, 30)
            assert again.status == "failed" and again.error.code == "output_write_failed", again
        # the identical request into a writable folder fetches the kept, paid result: the same job, no new submit
        async with JobRunner(config) as runner:
            moved = await runner.score(dataclasses.replace(request, output_dir=str(workspace.out)))
            done = await runner.wait(moved.job_id, 30)
    assert done.job_id == job.job_id and done.status == "completed", done
    assert Path(done.video_path).parent == workspace.out and Path(done.audio_path).is_file()
    assert picture_packets(done.video_path) == picture_packets(clip)
    assert len(fake_fal.submits) == 1 and done.cost_usd == pytest.approx(0.035)
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)
