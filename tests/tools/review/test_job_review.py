"""Every completed job's soundtrack report carries the sync review, against the loopback fake of fal."""

from __future__ import annotations

import pytest

from tests.playback import assert_plays
from tests.tools.inspection.synth import make_cuts
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.review.kept import kept_path

pytestmark = pytest.mark.anyio


async def test_a_completed_job_reports_how_its_sound_lands_on_the_picture_and_keeps_the_analysis(
    config, workspace, fake_fal
):
    # The fake's soundtrack clicks at 0.25 s and every 0.5 s after: two of these cuts fall on a click, one between.
    clip = workspace.home / "cuts.mp4"
    make_cuts(clip, cuts=(1.25, 3.0, 4.75), duration=6.0)
    async with JobRunner(config) as runner:
        job = await runner.wait((await runner.score(ScoreRequest(video=str(clip), lint="off"))).job_id, 60)
        row = runner.ledger.job(job.job_id)
    assert job.status == "completed", job.error
    assert_plays(job.video_path, job.audio_path, clip)
    assert len(fake_fal.submits) == 1
    sound = job.soundtrack
    assert sound is not None
    assert sound.events_total == 3 and sound.events_matched == 2
    assert sound.median_offset_ms is not None and abs(sound.median_offset_ms) <= 40
    assert sound.longest_silence_s == 0.0  # the fake's tone never stops
    assert kept_path(workspace.data, row["picture"]).is_file()
