"""A maintainer's check against the real fal. Runs only with -m live and FAL_KEY set; CI does neither.

Run with: FAL_KEY=... python -m pytest -m live tests/test_live.py
It scores one small generated clip (about USD 0.035) with the music prompt left empty.
"""

from __future__ import annotations

import os

import pytest

from tests.clips import make_clip
from tools.config import Config
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = [
    pytest.mark.live,
    pytest.mark.anyio,
    pytest.mark.skipif(
        not os.environ.get("FAL_KEY") or os.environ.get("CI") == "true", reason="needs FAL_KEY"
    ),
]


async def test_the_real_service_accepts_what_we_send(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    clip = make_clip(home / "live.mp4", duration=4.0, size=(320, 240))
    config = Config(
        fal_key=os.environ["FAL_KEY"],
        allowed_dirs=(home,),
        output_dir=home / "out",
        data_dir=tmp_path / "data",
        daily_budget_usd=0.1,
    )
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=str(clip), sound_effect_prompt="soft footsteps on wood"))
        job = await runner.wait(job.job_id, 600)
    assert job.status == "completed", job.error
    assert job.prompts_sent.background_music_prompt == ""
    assert job.video_path and job.audio_path
