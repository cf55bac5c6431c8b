"""Two people on one runner, in-process: a clip named by URL and takes are each person's own, as local clips are."""

from __future__ import annotations

import pytest

from tests.clips import make_clip
from tools.errors import JobNotFound
from tools.jobs.prepare import ScoreRequest, Take
from tools.jobs.runner import JobRunner
from tools.people.view import PersonView


@pytest.mark.anyio
async def test_a_url_and_takes_scored_by_two_people_are_two_jobs_and_two_charges(config, fake_fal, web_root):
    root, base = web_root
    make_clip(root / "walk.mp4", duration=4.0)
    url = ScoreRequest(video=f"{base}/walk.mp4", sound_effect_prompt="footsteps on gravel")
    async with JobRunner(config) as runner:
        alice, bob, local = PersonView(runner, "alice"), PersonView(runner, "bob"), PersonView(runner, None)
        first = await alice.wait((await alice.score(url)).job_id, 30)
        again = await alice.wait((await alice.score(url)).job_id, 30)
        assert len(fake_fal.submits) == 1  # alice's own earlier result
        other = await bob.wait((await bob.score(url)).job_id, 30)
        assert [j.status for j in (first, again, other)] == ["completed"] * 3
        assert other.job_id not in (first.job_id, again.job_id) and len(fake_fal.submits) == 2
        assert str(config.output_dir / "bob") in (other.video_path or "")

        clip = config.allowed_dirs[0] / "walk.mp4"
        make_clip(clip, duration=4.0)
        takes = ScoreRequest(video=str(clip), takes=(Take("rain"), Take("wind")))
        mine = await alice.wait((await alice.score(takes)).job_id, 30)
        theirs = await bob.wait((await bob.score(takes)).job_id, 30)
        assert mine.status == theirs.status == "completed" and len(fake_fal.submits) == 6
        with pytest.raises(JobNotFound):
            bob.get(mine.job_id)
        with pytest.raises(JobNotFound):
            local.get(mine.takes[0].job_id)
        assert {j.job_id for j in alice.list().jobs} == {first.job_id, again.job_id, mine.job_id}
        assert local.list().total == 0 and runner.list().total == 5
        assert runner.ledger.spent_today_by("alice") == pytest.approx(0.035 * 3)
        assert runner.ledger.spent_today_by(None) == 0
