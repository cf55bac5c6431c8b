"""Takes: several prompt variants of one clip in one job, against the loopback fake of fal."""

from __future__ import annotations

import dataclasses

import anyio
import av
import pytest

from tests.clips import make_clip
from tests.playback import assert_plays
from tools.errors import BudgetExceeded, InputError
from tools.jobs.prepare import ScoreRequest, Take
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio

TAKES = (
    Take("footsteps on gravel, distant birds", "soft piano, slow"),
    Take("boots on wet stone", ""),
    Take("", "warm synth pads, 90 BPM", asmr_mode=True),
)


def video_packets(path):
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


def sent_prompts(take):
    p = take.prompts_sent
    return (p.sound_effect_prompt, p.background_music_prompt, p.asmr_mode)


async def score_takes(config, request, wait=60.0):
    async with JobRunner(config) as runner:
        job = await runner.score(request)
        return job if job.cached else await runner.wait(job.job_id, wait), runner


async def test_three_takes_give_three_submits_three_pairs_of_files_and_the_cost_of_three_calls(
    config, clip, fake_fal
):
    job, runner = await score_takes(config, ScoreRequest(video=str(clip), lint="off", takes=TAKES))

    assert job.status == "completed", [t.error for t in job.takes]
    assert len(fake_fal.submits) == 3
    assert job.cost_usd == pytest.approx(3 * 0.035)
    assert sorted(t.index for t in job.takes) == [1, 2, 3]
    for take in job.takes:
        given = TAKES[take.index - 1]
        assert sent_prompts(take) == (
            given.sound_effect_prompt,
            given.background_music_prompt,
            given.asmr_mode or False,
        )
        assert take.video_path.endswith(f"walk.take-{take.index}.scored.mp4")
        assert take.audio_path.endswith(f"walk.take-{take.index}.scored.mp3")
        assert_plays(take.video_path, take.audio_path, clip)
        # what fal got for this take's own request, read from the fake
        (seg,) = runner.ledger.segments(take.job_id)
        arguments = fake_fal.job(seg["request_id"]).arguments
        assert (
            arguments["sound_effect_prompt"],
            arguments["background_music_prompt"],
            arguments["asmr_mode"],
        ) == sent_prompts(take)
    assert job.video_path == job.takes[0].video_path  # the best take's files stand for the job
    assert runner.ledger.spent_today() == pytest.approx(0.035 * len(fake_fal.submits))
    assert "Take " in job.next_step and "fits the picture best" in job.next_step


async def test_a_budget_for_two_calls_refuses_three_takes_before_anything_is_uploaded(config, clip, fake_fal):
    with pytest.raises(BudgetExceeded, match="3 fal call"):
        await score_takes(
            dataclasses.replace(config, daily_budget_usd=0.075),
            ScoreRequest(video=str(clip), lint="off", takes=TAKES),
        )
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_one_failing_take_leaves_the_others_completed(config, clip, fake_fal):
    fake_fal.set_fault("reject_422", field="video_url", msg="Unreadable frame", at="submit", times=1)
    job, runner = await score_takes(config, ScoreRequest(video=str(clip), lint="off", takes=TAKES))
    statuses = sorted(t.status for t in job.takes)
    assert statuses == ["completed", "completed", "failed"]
    assert job.status == "completed"
    failed = next(t for t in job.takes if t.status == "failed")
    assert failed.error is not None and failed.video_path is None
    # one submit for each take: two charged, one refused by fal (not charged, never sent again)
    assert len(fake_fal.submits) == 2 and len(fake_fal.rejected) == 1
    assert runner.ledger.spent_today() == pytest.approx(0.035 * 2)
    for take in job.takes:
        if take.status == "completed":
            assert_plays(take.video_path, take.audio_path, clip)
    assert job.takes[-1] is failed or job.takes[-1].index == failed.index  # completed takes rank first
    assert f"Take(s) {failed.index} did not complete" in job.next_step


async def test_resubmitting_the_same_takes_is_free(config, clip, fake_fal):
    request = ScoreRequest(video=str(clip), lint="off", takes=TAKES)
    first, _ = await score_takes(config, request)
    again, _ = await score_takes(config, request)
    assert again.cached and again.cost_usd == 0.0 and again.job_id == first.job_id
    assert len(fake_fal.submits) == 3 and len(fake_fal.uploads) == 1
    # an identical take inside a new set of takes is reused too; only the new one is paid for
    mixed, runner = await score_takes(
        config, ScoreRequest(video=str(clip), lint="off", takes=(TAKES[1], Take("rain on a tin roof", "")))
    )
    assert mixed.status == "completed" and len(fake_fal.submits) == 4
    assert runner.ledger.spent_today() == pytest.approx(0.035 * 4)
    assert [t.cached for t in sorted(mixed.takes, key=lambda t: t.index)] == [True, False]


async def test_takes_are_refused_with_the_calls_own_prompts_or_more_than_four(config, clip, fake_fal):
    with pytest.raises(InputError, match="every prompt belongs in a take"):
        await score_takes(config, ScoreRequest(video=str(clip), sound_effect_prompt="rain", takes=TAKES))
    with pytest.raises(InputError, match="give 1 to 4"):
        await score_takes(config, ScoreRequest(video=str(clip), takes=TAKES + TAKES))
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_cancelling_a_takes_job_cancels_every_take(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=str(clip), lint="off", takes=TAKES[:2]))
        with anyio.fail_after(30):
            while len(fake_fal.submits) < 2:
                await anyio.sleep(0.05)
        cancelled = await runner.cancel(job.job_id)
    assert cancelled.status == "cancelled"
    assert [t.status for t in cancelled.takes] == ["cancelled", "cancelled"]
    assert cancelled.cost_usd == pytest.approx(2 * 0.035)  # both reached fal before the cancel
    assert runner.ledger.spent_today() == pytest.approx(0.035 * len(fake_fal.submits))
    assert len(fake_fal.submits) == 2


async def test_two_takes_of_a_long_clip_run_their_segments_side_by_side_within_the_concurrency_limit(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=45.0, fps=6)
    fake_fal.configure(hold=True)
    four = dataclasses.replace(config, max_concurrency=4)
    async with JobRunner(four) as runner:
        job = await runner.score(ScoreRequest(video=str(src), lint="off", takes=TAKES[:2]))
        with anyio.fail_after(60):
            while len(fake_fal.submits) < 4:
                await anyio.sleep(0.05)
        # four calls held in flight, from both takes at once; the other two wait for a free place
        held = [s["sound_effect_prompt"] for s in fake_fal.submits]
        assert set(held) == {TAKES[0].sound_effect_prompt, TAKES[1].sound_effect_prompt}
        with anyio.move_on_after(1.0):
            while len(fake_fal.submits) < 5:
                await anyio.sleep(0.05)
        assert len(fake_fal.submits) == 4
        fake_fal.configure(hold=False)
        fake_fal.release()
        done = await runner.wait(job.job_id, 90)
    assert done.status == "completed", [t.error for t in done.takes]
    assert len(fake_fal.submits) == 6
    for take in done.takes:
        assert_plays(take.video_path, take.audio_path, src)
    assert runner.ledger.spent_today() == pytest.approx(0.035 * 6)


async def test_a_shared_upload_is_made_once_per_span_and_forgotten_after_the_hour(monkeypatch):
    from tools.jobs import uploads

    shared = uploads.SharedUploads()
    made = []

    async def make():
        made.append(1)
        return f"url-{len(made)}", 0.0

    clock = [1000.0]
    monkeypatch.setattr(uploads.time, "monotonic", lambda: clock[0])
    assert await shared.get("pic:full", 0.0, 4.0, make) == ("url-1", 0.0)
    assert await shared.get("pic:full", 0.0, 4.0, make) == ("url-1", 0.0)
    assert await shared.get(None, 0.0, 4.0, make) == ("url-2", 0.0)  # no key: its own upload
    clock[0] += uploads.KEEP_SECONDS
    assert await shared.get("pic:proxy", 0.0, 4.0, make) == ("url-3", 0.0)
    assert list(shared._done) == [("pic:proxy", 0.0, 4.0)]  # the expired span is forgotten
    assert await shared.get("pic:full", 0.0, 4.0, make) == ("url-4", 0.0)
