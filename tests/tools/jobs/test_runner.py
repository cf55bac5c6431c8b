"""The job runner against the loopback fake of fal, through the real fal-client."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import anyio
import av
import pytest

from tests.clips import make_clip, make_empty, make_not_a_video
from tests.processes.helpers import assert_spend_is_what_fal_accepted
from tools.errors import BudgetExceeded, InputError, MissingKey, PromptTooLong
from tools.jobs import segment
from tools.jobs.ledger import Ledger
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio


def video_packets(path):
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


async def submitted(runner, job_id):
    """Wait until the job's fal request id is in the ledger."""
    with anyio.fail_after(20):
        while not runner.ledger.segments(job_id)[0]["request_id"]:
            await anyio.sleep(0.02)


async def score(config, request, wait=20.0):
    async with JobRunner(config) as runner:
        job = await runner.score(request)
        return job if job.cached else await runner.wait(job.job_id, wait)


async def test_a_clip_comes_back_with_its_original_picture_and_a_new_soundtrack(config, clip, fake_fal):
    job = await score(
        config, ScoreRequest(lint="off", video=str(clip), sound_effect_prompt="footsteps on gravel")
    )
    assert job.status == "completed", job.error
    assert job.video_path.endswith("walk.scored.mp4") and job.audio_path.endswith("walk.scored.mp3")
    assert video_packets(job.video_path) == video_packets(clip)
    with av.open(job.audio_path) as audio:
        assert audio.streams.audio[0].codec_context.name.startswith("mp3")
    assert job.cost_usd == pytest.approx(0.035)
    assert len(fake_fal.submits) == 1
    assert job.prompts_sent.sound_effect_prompt == "footsteps on gravel"


async def test_both_prompts_are_sent_as_empty_strings_when_not_given(config, clip, fake_fal):
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed"
    sent = fake_fal.submits[0]
    assert sent["sound_effect_prompt"] == "" and sent["background_music_prompt"] == ""
    assert sent["asmr_mode"] is False


async def test_results_never_overwrite_earlier_files(config, clip):
    first = await score(config, ScoreRequest(lint="off", video=str(clip), reuse=False))
    second = await score(config, ScoreRequest(lint="off", video=str(clip), reuse=False))
    assert first.video_path != second.video_path
    assert second.video_path.endswith("walk.scored-2.mp4")


async def test_files_already_in_the_output_folder_are_left_untouched_and_no_partial_files_remain(
    config, clip, workspace
):
    workspace.out.mkdir(parents=True)
    mine = {name: f"the user's own {name}".encode() for name in ("walk.scored.mp4", "walk.scored.mp3")}
    for name, data in mine.items():
        (workspace.out / name).write_bytes(data)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed", job.error
    assert {Path(job.video_path).name, Path(job.audio_path).name} == {
        "walk.scored-2.mp4",
        "walk.scored-2.mp3",
    }
    for name, data in mine.items():
        assert (workspace.out / name).read_bytes() == data
    assert sorted(p.name for p in workspace.out.iterdir()) == sorted(
        [*mine, "walk.scored-2.mp4", "walk.scored-2.mp3"]
    )


async def test_an_identical_request_is_reused_without_a_new_submit(config, clip, fake_fal):
    first = await score(config, ScoreRequest(lint="off", video=str(clip), sound_effect_prompt="door slam"))
    again = await score(config, ScoreRequest(lint="off", video=str(clip), sound_effect_prompt="door slam"))
    assert again.cached and again.job_id == first.job_id and again.cost_usd == 0
    assert len(fake_fal.submits) == 1
    other = await score(
        config, ScoreRequest(lint="off", video=str(clip), sound_effect_prompt="door slam", reuse=False)
    )
    assert not other.cached and len(fake_fal.submits) == 2


async def test_wait_zero_answers_with_a_running_job_that_later_completes(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(lint="off", video=str(clip)))
        early = await runner.wait(job.job_id, 0)
        assert early.status in ("preparing", "uploading", "queued", "running")
        assert "get_job" in early.next_step and job.job_id in early.next_step
        with anyio.fail_after(20):
            while not fake_fal.submits:
                await anyio.sleep(0.02)
        fake_fal.release()
        done = await runner.wait(job.job_id, 20)
    assert done.status == "completed"


async def test_progress_is_reported_while_waiting(config, clip, fake_fal):
    fake_fal.configure(latency=1.5)
    seen = []

    async def on_progress(job):
        seen.append((job.status, job.progress.message))

    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(lint="off", video=str(clip)))
        done = await runner.wait(job.job_id, 20, on_progress)
    assert done.status == "completed"
    assert any(status in ("queued", "running") for status, _ in seen)


async def test_a_missing_key_is_refused_before_anything_is_sent(config, clip, fake_fal):
    with pytest.raises(MissingKey) as err:
        await score(dataclasses.replace(config, fal_key=None), ScoreRequest(lint="off", video=str(clip)))
    assert "FAL_KEY" in err.value.hint and "mcp.json" in err.value.hint
    assert fake_fal.uploads == [] and fake_fal.submits == []


@pytest.mark.parametrize(
    "make",
    [
        lambda ws: make_not_a_video(ws.home / "notes.mp4"),
        lambda ws: make_empty(ws.home / "empty.mp4"),
        lambda ws: ws.home / "missing.mp4",
        lambda ws: ws.home.parent / "outside.mp4",
    ],
    ids=["text-file", "empty", "missing", "outside-allowed"],
)
async def test_bad_inputs_cost_nothing_and_say_what_to_do(config, workspace, fake_fal, make):
    path = make(workspace)
    if path.name == "outside.mp4":
        make_clip(path, duration=4)
    with pytest.raises(InputError) as err:
        await score(config, ScoreRequest(lint="off", video=str(path)))
    assert err.value.message and err.value.hint
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_an_over_length_prompt_is_refused_with_lint_warn(config, clip, fake_fal):
    long = ", ".join(["footsteps on gravel"] * 12)
    with pytest.raises(PromptTooLong):
        await score(config, ScoreRequest(video=str(clip), sound_effect_prompt=long, lint="warn"))
    assert fake_fal.uploads == [] and fake_fal.submits == []


async def test_lint_fix_shortens_an_over_length_prompt_at_item_boundaries(config, clip, fake_fal):
    long = ", ".join(f"footsteps on gravel {i}" for i in range(12))
    job = await score(config, ScoreRequest(video=str(clip), sound_effect_prompt=long, lint="fix"))
    sent = fake_fal.submits[0]["sound_effect_prompt"]
    assert len(sent) <= 200 and long.startswith(sent)
    assert job.prompts_sent.sound_effect_prompt == sent


async def test_the_daily_budget_refuses_new_submits_and_names_the_variable(config, clip, fake_fal):
    tight = dataclasses.replace(config, daily_budget_usd=0.05)
    await score(tight, ScoreRequest(lint="off", video=str(clip), reuse=False))
    with pytest.raises(BudgetExceeded) as err:
        await score(tight, ScoreRequest(lint="off", video=str(clip), reuse=False))
    assert "KLING_V2A_DAILY_BUDGET_USD" in err.value.message
    assert len(fake_fal.submits) == 1


@pytest.fixture
def quick_fal_retries(monkeypatch):
    """fal-client's own retries (10 attempts, backoff up to 30 s) cut to 3 quick attempts."""
    import fal_client.client as fc

    monkeypatch.setattr(fc, "MAX_ATTEMPTS", 3)
    monkeypatch.setattr(fc, "BASE_DELAY", 0.01)


FAL_FAILURES = [
    ("reject_422", {"field": "video_url", "msg": "Unsupported video"}, "fal_validation", "field fal named"),
    ("unauthorized", {}, "fal_auth", "FAL_KEY"),
    (
        "infra_error",
        {"call": "submit", "status": 403, "error_type": "forbidden", "detail": "Forbidden", "times": None},
        "fal_auth",
        "FAL_KEY",
    ),
    ("rate_limit_then_ok", {"times": None}, "fal_rate_limited", "KLING_V2A_MAX_CONCURRENCY"),
    (
        "infra_error",
        {
            "call": "submit",
            "status": 503,
            "error_type": "runner_unavailable",
            "detail": "No runner",
            "times": None,
        },
        "fal_unavailable",
        "try again",
    ),
    ("result_failure", {}, "fal_result", "score_video again"),
    ("expired_result", {}, "fal_result", "reuse=false"),
]


@pytest.mark.parametrize(
    ("fault", "params", "code", "advice"),
    FAL_FAILURES,
    ids=["422", "401", "403", "429-after-retries", "503-after-retries", "result-failure", "expired-result"],
)
async def test_fal_failures_become_failed_jobs_that_say_what_to_do(
    config, clip, fake_fal, quick_fal_retries, fault, params, code, advice
):
    fake_fal.set_fault(fault, **params)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "failed"
    assert job.error.code == code
    assert advice.lower() in (job.error.hint + job.next_step).lower()
    assert "test-key" not in job.model_dump_json()
    # the failure is in the ledger, as a later process (get_job after a restart) sees it
    ledger = Ledger.in_data_dir(config.data_dir)
    row = ledger.job(job.job_id)
    ledger.close()
    assert row["status"] == "failed" and row["finished_at"]
    assert json.loads(row["error_json"])["code"] == code
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


async def test_a_422_names_the_field_fal_refused(config, clip, fake_fal):
    fake_fal.set_fault("reject_422", field="video_url", msg="Unsupported video")
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert "video_url" in job.error.message and "Unsupported video" in job.error.message


async def test_a_model_failure_is_retried_once_and_an_expired_result_is_not(config, clip, fake_fal):
    fake_fal.set_fault("result_failure", times=1)
    retried = await score(config, ScoreRequest(lint="off", video=str(clip), reuse=False))
    assert retried.status == "completed" and len(fake_fal.submits) == 2
    fake_fal.set_fault("expired_result")
    expired = await score(config, ScoreRequest(lint="off", video=str(clip), reuse=False))
    assert expired.status == "failed" and "expired" in expired.error.message
    assert len(fake_fal.submits) == 3  # the expired call was paid for; it is not sent again on its own
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


async def test_rate_limits_are_retried_and_the_job_completes(config, clip, fake_fal):
    fake_fal.set_fault("rate_limit_then_ok", times=2)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed"
    assert len(fake_fal.submits) == 1
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


@pytest.mark.parametrize(
    ("call", "when"),
    [("upload", "before"), ("submit", "before"), ("status", "before"), ("result", "after")],
)
async def test_a_dropped_connection_is_retried_and_the_job_completes_with_one_submit(
    config, clip, fake_fal, call, when
):
    fake_fal.set_fault("drop_connection", call=call, when=when, times=1)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed", job.error
    assert fake_fal.refusals == [{"call": call, "status": None}]  # the fault did fire
    assert len(fake_fal.submits) == 1 and job.cost_usd == pytest.approx(0.035)
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


async def test_a_dropped_download_of_a_finished_result_is_downloaded_again_not_paid_again(
    config, clip, fake_fal
):
    fake_fal.set_fault("drop_connection", call="file", when="before", times=1)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed", job.error
    assert len(fake_fal.submits) == 1 and job.cost_usd == pytest.approx(0.035)
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


async def test_a_passing_5xx_while_following_a_request_follows_it_again_without_a_new_submit(
    config, clip, fake_fal
):
    fake_fal.set_fault("infra_error", call="status", status=503, error_type="runner_unavailable", times=1)
    job = await score(config, ScoreRequest(lint="off", video=str(clip)))
    assert job.status == "completed", job.error
    assert len(fake_fal.submits) == 1 and job.cost_usd == pytest.approx(0.035)
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


@pytest.mark.parametrize(
    ("call", "then"),
    [("status", "get_job"), ("file", "score_video"), ("file", "jobs wait")],
    ids=[
        "fal-down-then-get_job",
        "cdn-down-then-the-identical-score_video",
        "cdn-down-then-kling-v2a-jobs-wait",
    ],
)
async def test_an_outage_longer_than_the_patience_leaves_the_paid_result_fetchable_without_a_new_submit(
    config, clip, fake_fal, monkeypatch, call, then
):
    monkeypatch.setattr(segment, "PATIENCE_SECONDS", 1.0)
    fake_fal.set_fault("infra_error", call=call, status=503, error_type="runner_unavailable", times=None)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(lint="off", video=str(clip)))
        stopped = await runner.wait(job.job_id, 30)
        assert stopped.status == "failed" and stopped.error.code == "result_not_fetched", stopped.error
        assert "get_job" in stopped.next_step and "Nothing more is charged" in stopped.next_step
        assert runner.ledger.segments(job.job_id)[0]["request_id"] in fake_fal.requests  # kept, to be fetched
        fake_fal.clear_faults()  # fal (or its CDN) is back
        if then == "score_video":
            again = await runner.score(ScoreRequest(lint="off", video=str(clip)))
            assert again.job_id == job.job_id  # the same job, taken up again
        if (
            then == "jobs wait"
        ):  # the CLI's runner takes nothing up by itself, only the job it is told to follow
            async with JobRunner(config, resume=False) as cli:
                assert cli.follow(job.job_id)
                done = await cli.wait(job.job_id, 30)
        else:
            done = await runner.wait(job.job_id, 30)  # get_job takes the job up again
    assert done.status == "completed", done.error
    assert len(fake_fal.submits) == 1 and done.cost_usd == pytest.approx(0.035)
    assert video_packets(done.video_path) == video_packets(clip)
    assert_spend_is_what_fal_accepted(config.data_dir, fake_fal)


async def test_cancel_stops_the_job_here_and_on_fal(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(lint="off", video=str(clip)))
        await submitted(runner, job.job_id)
        cancelled = await runner.cancel(job.job_id)
    assert cancelled.status == "cancelled"
    assert len(fake_fal.cancels) == 1


async def test_an_unfinished_job_is_resumed_after_a_restart_without_a_new_submit(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(lint="off", video=str(clip)))
        await submitted(runner, job.job_id)
    # the first runner is gone, as after a crash; a new one finds the job in the ledger
    fake_fal.release()
    async with JobRunner(config) as runner:
        done = await runner.wait(job.job_id, 20)
    assert done.status == "completed"
    assert len(fake_fal.submits) == 1


async def test_two_runners_sharing_a_ledger_never_run_the_same_job(config, clip, fake_fal):
    fake_fal.configure(hold=True)
    async with JobRunner(config) as first:
        job = await first.score(ScoreRequest(lint="off", video=str(clip)))
        await submitted(first, job.job_id)
        async with JobRunner(config) as second:
            assert second.resume_unfinished() == []
            again = await second.score(ScoreRequest(lint="off", video=str(clip)))
            assert again.job_id == job.job_id
            fake_fal.release()
            done = await second.wait(job.job_id, 20)
    assert done.status == "completed"
    assert len(fake_fal.submits) == 1 and fake_fal.status_polls > 0
