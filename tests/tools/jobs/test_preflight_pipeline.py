"""Any clip in: other containers, short, long and big clips go through preflight and come back whole."""

from __future__ import annotations

import dataclasses
import io
import itertools

import anyio
import av
import numpy as np
import pytest

from tests.clips import make_audio_only, make_clip, make_truncated
from tests.fakefal.helpers import download
from tools.errors import BudgetExceeded, InputError, VideoOutOfLimits
from tools.jobs.ledger import dumps, loads
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.media.plan import segments_for, settle_joins, split_segments

pytestmark = pytest.mark.anyio


def packets(path):
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


def duration(path, kind="video"):
    with av.open(str(path)) as c:
        stream = c.streams.video[0] if kind == "video" else c.streams.audio[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return c.duration / 1_000_000


def audio_samples(path):
    with av.open(str(path)) as c:
        chunks = [f.to_ndarray().astype(np.float64).mean(axis=0) for f in c.decode(audio=0)]
        rate = c.streams.audio[0].rate
    return np.concatenate(chunks), rate


async def score(config, request, wait=60.0):
    async with JobRunner(config) as runner:
        job = await runner.score(request)
        return job if job.cached else await runner.wait(job.job_id, wait)


@pytest.mark.parametrize(
    ("name", "codec"),
    [("walk.webm", None), ("walk.mkv", None), ("walk.mov", "hevc"), ("walk.avi", None), ("walk.gif", None)],
)
async def test_other_containers_are_converted_for_fal_and_keep_their_picture(
    config, workspace, fake_fal, name, codec
):
    src = make_clip(workspace.home / name, duration=4.0, codec=codec, fps=12 if name.endswith(".gif") else 24)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    upload = fake_fal.uploads[0]
    assert upload["container"].startswith("mov") and upload["codec"] == "h264" and not upload["has_audio"]
    assert any(step.kind == "transcode" for step in job.plan.steps)
    if name.endswith(".gif"):
        assert job.video_path.endswith(".mp4")
    else:
        assert job.video_path.endswith(name.rsplit(".", 1)[1])
        assert packets(job.video_path) == packets(src)


async def test_an_input_audio_track_is_dropped_before_upload(config, workspace, fake_fal):
    src = make_clip(workspace.home / "talk.mp4", duration=4.0, audio=True)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed"
    assert not fake_fal.uploads[0]["has_audio"]
    assert any(step.kind == "strip_audio" for step in job.plan.steps)
    assert packets(job.video_path) == packets(src)


async def test_a_two_second_clip_is_padded_for_fal_and_trimmed_back(config, workspace, fake_fal):
    src = make_clip(workspace.home / "blink.mp4", duration=2.0)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert fake_fal.uploads[0]["duration"] >= 3.0
    assert any(step.kind == "pad" for step in job.plan.steps)
    one_audio_frame = 1152 / 44_100
    assert abs(duration(job.video_path, "audio") - duration(src)) <= one_audio_frame + 0.03
    assert abs(duration(job.audio_path, "audio") - duration(src)) <= one_audio_frame + 0.03


def audio_packets(path_or_bytes):
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with av.open(source) as c:
        return [bytes(p) for p in c.demux(c.streams.audio[0]) if p.size]


async def test_both_of_fals_files_are_fetched_and_its_own_aac_goes_into_the_video_unchanged(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "walk.mp4", duration=4.0)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert fake_fal.file_gets == 2  # fal's scored video and its MP3
    fal_video = (await download(job.video_url)).content
    assert audio_packets(job.video_path) == audio_packets(fal_video)  # copied, not encoded again
    assert packets(job.video_path) == packets(src)  # and under the user's own picture
    work = config.data_dir / "work" / job.job_id
    assert not list(work.glob("fal-video-*")), "fal's video is not kept once its soundtrack is taken"


async def test_a_lost_fal_video_still_completes_the_job_from_the_mp3(config, workspace, fake_fal):
    src = make_clip(workspace.home / "walk.mp4", duration=4.0)
    fake_fal.set_fault("expired_result", file="video")
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert fake_fal.file_gets == 2
    with av.open(job.video_path) as c:
        assert c.streams.audio[0].codec_context.name == "aac"
    assert abs(duration(job.video_path, "audio") - duration(src)) < 0.03


@pytest.mark.slow
async def test_a_clip_over_100_mb_is_compressed_under_the_cap(config, workspace, fake_fal):
    src = make_clip(
        workspace.home / "master.mp4",
        duration=20.0,
        fps=36,
        size=(320, 240),
        noise=True,
        bit_rate=100_000_000,
    )
    assert src.stat().st_size > 100_000_000
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert fake_fal.uploads[0]["size"] < 100_000_000
    assert any(step.kind == "compress" for step in job.plan.steps)
    assert packets(job.video_path) == packets(src)


@pytest.mark.slow
async def test_a_large_clip_is_uploaded_in_parts_not_read_whole(config, workspace, fake_fal):
    src = make_clip(
        workspace.home / "large.mp4", duration=8.0, fps=36, size=(320, 240), noise=True, bit_rate=100_000_000
    )
    assert 34_000_000 < src.stat().st_size < 100_000_000
    # upload="original": at 100 Mbit/s the clip is heavy enough for auto to send a proxy instead
    job = await score(config, ScoreRequest(video=str(src), lint="off", upload="original"))
    assert job.status == "completed", job.error
    assert fake_fal.uploads[0]["route"] == "multipart"
    assert fake_fal.uploads[0]["size"] == src.stat().st_size


CUTS = (9.0, 21.5, 33.0)


async def test_a_47_second_clip_is_scored_in_segments_cut_at_scenes_and_joined_without_gaps(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    segs = job.segments
    assert len(segs) >= 3 and len(fake_fal.submits) == len(segs)
    for seg in segs:
        assert 3.0 <= seg.end_s - seg.start_s <= 20.0
    for upload in fake_fal.uploads:
        assert 3.0 <= upload["duration"] <= 20.0
    joins = [(a.end_s + b.start_s) / 2 for a, b in itertools.pairwise(segs)]
    assert any(abs(j - c) < 1.0 for j in joins for c in CUTS), (joins, CUTS)
    assert job.cost_usd == pytest.approx(0.035 * len(segs))
    assert abs(duration(job.video_path, "audio") - duration(src)) < 0.06
    samples, rate = audio_samples(job.audio_path)
    assert abs(len(samples) / rate - duration(src)) < 0.06
    window = int(0.05 * rate)
    for a, b in itertools.pairwise(segs):
        # RMS on both sides of each overlap, and inside it, stays within a factor of three: no gap, no spike.
        levels = []
        for t in (b.start_s - 0.1, (a.end_s + b.start_s) / 2, a.end_s + 0.05):
            i = int(t * rate)
            levels.append(float(np.sqrt(np.mean(samples[i : i + window] ** 2))))
        assert min(levels) > 0.02, levels
        assert max(levels) / min(levels) < 3.0, levels
    assert packets(job.video_path) == packets(src)


@pytest.mark.parametrize(
    ("length", "cuts", "leads"),
    [
        # Segments of 13.5 to 15 s: each copy starts at the keyframe half a second before its span.
        (40.0, (13.0, 27.0), [0.0, 0.5, 0.5]),
        # Segments of 19.5 and 20 s: an earlier start would pass fal's 20 s, so the copies start half a
        # second into their spans, at the keyframe after (9 s and 28 s), and their sound is placed there.
        (47.0, CUTS, [0.0, -0.5, -0.5]),
    ],
)
async def test_a_camera_clip_is_scored_in_segments_copied_from_its_own_keyframes(
    config, workspace, fake_fal, length, cuts, leads
):
    # A keyframe every second, B-frames and sound, as a phone writes.
    src = make_clip(
        workspace.home / "reel.mp4", duration=length, cuts=cuts, audio=True, keyframe_every=24, b_frames=2
    )
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert len(fake_fal.uploads) == len(job.segments) == 3
    original = packets(src)
    for n, upload in enumerate(fake_fal.uploads):
        sent_file = workspace.home / f"sent-{n}.mp4"
        sent_file.write_bytes((await download(fake_fal.url + upload["path"])).content)
        sent = packets(sent_file)
        assert sent[0] in original, "a segment was encoded again instead of copied"
        at = original.index(sent[0])
        assert sent == original[at : at + len(sent)]  # the user's own H.264 packets, untouched
        assert 3.0 <= upload["duration"] <= 20.0 and upload["codec"] == "h264" and not upload["has_audio"]
    async with JobRunner(config) as runner:
        recorded = [s["lead_s"] for s in runner.ledger.segments(job.job_id)]
    assert recorded == pytest.approx(leads)
    assert [(s.start_s, s.end_s) for s in job.segments] == [
        (s.start_s, s.end_s) for s in split_segments(length, cuts)
    ]
    assert abs(duration(job.video_path, "audio") - duration(src)) < 0.06
    samples, rate = audio_samples(job.audio_path)
    assert abs(len(samples) / rate - duration(src)) < 0.06
    window = int(0.05 * rate)
    for a, b in itertools.pairwise(job.segments):
        levels = [
            float(np.sqrt(np.mean(samples[int(t * rate) : int(t * rate) + window] ** 2)))
            for t in (b.start_s - 0.1, (a.end_s + b.start_s) / 2, b.start_s + 0.6, a.end_s + 0.05)
        ]
        assert min(levels) > 0.02 and max(levels) / min(levels) < 3.0, levels  # no gap at the seams
    assert packets(job.video_path) == original


async def test_a_long_clip_is_answered_before_its_scene_cuts_are_found_and_then_joined_at_them(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    async with JobRunner(config) as runner:
        first = await runner.score(ScoreRequest(video=str(src), lint="off"))
        done = await runner.wait(first.job_id, 60)
    # The first answer carries the count and the cost, with joins evenly spaced until the job has looked.
    assert first.plan.cuts_pending and first.plan.fal_calls == len(done.segments)
    assert first.plan.estimated_cost_usd == pytest.approx(done.cost_usd)
    assert done.status == "completed", done.error
    assert not done.plan.cuts_pending
    settled = [(s.start_s, s.end_s) for s in split_segments(47.0, CUTS)]  # the plan with the true cuts
    assert [(s.start_s, s.end_s) for s in done.plan.segments] == settled
    assert [(s.start_s, s.end_s) for s in done.segments] == settled
    assert settled != [(s.start_s, s.end_s) for s in first.plan.segments]  # the joins did move
    assert sorted(u["duration"] for u in fake_fal.uploads) == pytest.approx(
        sorted(end - start for start, end in settled), abs=0.1
    )


async def test_the_first_segments_go_to_fal_while_the_rest_of_the_clip_is_still_read(
    config, workspace, fake_fal, monkeypatch
):
    import time

    from tools.inspection import cuts as cuts_module

    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    real_scan = cuts_module.scan_scene_cuts
    submits_while_reading: list[int] = []

    def scan_that_waits_for_a_submit(path, **kwargs):
        for known_until, found in real_scan(path, **kwargs):
            yield known_until, found
            if known_until > 25.0 and not submits_while_reading:
                # The first join (9 s) is settled: its segment should go out before this scan goes on.
                deadline = time.monotonic() + 30.0
                while not fake_fal.submits and time.monotonic() < deadline:
                    time.sleep(0.02)
                submits_while_reading.append(len(fake_fal.submits))

    monkeypatch.setattr(cuts_module, "scan_scene_cuts", scan_that_waits_for_a_submit)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert submits_while_reading and submits_while_reading[0] >= 1
    assert [(s.start_s, s.end_s) for s in job.segments] == [
        (s.start_s, s.end_s) for s in split_segments(47.0, CUTS)
    ]


async def test_a_job_killed_while_its_joins_were_being_settled_keeps_the_spans_that_went_out(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    fake_fal.configure(hold=True)
    one_at_a_time = dataclasses.replace(config, max_concurrency=1)  # the held first call keeps the rest back
    async with JobRunner(one_at_a_time) as runner:
        job = await runner.score(ScoreRequest(video=str(src), lint="off"))
        with anyio.fail_after(60):
            while not runner.ledger.segments(job.job_id)[0]["request_id"]:
                await anyio.sleep(0.01)
    segs = runner.ledger.segments(job.job_id)
    # As if the process died before the plan was settled, with the first call out on a span other than the
    # cuts give: that span stays, and the others are settled again following on from it.
    first, last = segs[0], segs[-1]
    assert first["request_id"] and not last["request_id"]
    row = runner.ledger.job(job.job_id)
    runner.ledger.update_job(job.job_id, plan_json=dumps({**loads(row["plan_json"]), "cuts_pending": True}))
    runner.ledger.update_segment(job.job_id, 0, end_s=12.0)  # joined at 11.5 s
    runner.ledger.update_segment(job.job_id, last["idx"], start_s=30.0, end_s=47.0)
    fake_fal.configure(hold=False)
    fake_fal.release()
    async with JobRunner(config) as runner:
        done = await runner.wait(job.job_id, 60)
    assert done.status == "completed", done.error
    expected = segments_for(47.0, settle_joins(47.0, CUTS, fixed=[(11.5, False)]))
    assert [(s.start_s, s.end_s) for s in done.segments] == [(s.start_s, s.end_s) for s in expected]
    assert (done.segments[0].start_s, done.segments[0].end_s) == (0.0, 12.0)
    assert done.segments[1].start_s == 11.0
    assert [(s.start_s, s.end_s) for s in done.plan.segments] == [(s.start_s, s.end_s) for s in expected]
    assert len(fake_fal.submits) == 3 and not done.plan.cuts_pending


async def test_a_plan_over_the_daily_budget_is_refused_before_the_first_submit(config, workspace, fake_fal):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    with pytest.raises(BudgetExceeded):
        await score(
            dataclasses.replace(config, daily_budget_usd=0.08), ScoreRequest(video=str(src), lint="off")
        )
    assert fake_fal.submits == [] and fake_fal.uploads == []


async def test_a_clip_over_the_maximum_length_is_refused_with_its_cost(config, workspace, fake_fal):
    src = make_clip(workspace.home / "long.mp4", duration=50.0, fps=6)
    with pytest.raises(VideoOutOfLimits) as err:
        await score(
            dataclasses.replace(config, max_input_seconds=30), ScoreRequest(video=str(src), lint="off")
        )
    assert "KLING_V2A_MAX_INPUT_SECONDS" in str(err.value) and "$0.105" in str(err.value)
    assert fake_fal.uploads == []


async def test_killed_after_two_of_three_segments_the_restart_adds_exactly_one_submit(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    fake_fal.configure(hold=True)
    two_at_a_time = dataclasses.replace(config, max_concurrency=2)
    async with JobRunner(two_at_a_time) as runner:
        job = await runner.score(ScoreRequest(video=str(src), lint="off"))
        with anyio.fail_after(60):
            while len(fake_fal.submits) < 2:
                await anyio.sleep(0.05)
        assert len(runner.ledger.segments(job.job_id)) == 3
    # the process is gone; fal finishes the two requests it had
    assert len(fake_fal.submits) == 2
    fake_fal.configure(hold=False)
    fake_fal.release()
    async with JobRunner(config) as runner:
        done = await runner.wait(job.job_id, 60)
    assert done.status == "completed", done.error
    assert len(fake_fal.submits) == 3


async def test_a_failed_segment_is_reported_and_a_rerun_pays_only_for_it(config, workspace, fake_fal):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    fake_fal.set_fault("reject_422", field="video_url", msg="Unreadable frame", times=1)
    first = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert first.status == "failed"
    assert "of 3 failed" in first.error.message and "Unreadable frame" in first.error.message
    assert [s.status for s in first.segments].count("completed") == 2
    again = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert again.status == "completed", again.error
    assert len(fake_fal.submits) == 4


@pytest.mark.parametrize(
    "make",
    [
        lambda ws: make_audio_only(ws.home / "song.m4a", 4.0),
        lambda ws: make_truncated(make_clip(ws.home / "whole.mp4", duration=4.0), ws.home / "cut.mp4"),
    ],
    ids=["audio-only", "truncated"],
)
async def test_damaged_and_audio_only_files_are_refused_before_upload(config, workspace, fake_fal, make):
    path = make(workspace)
    with pytest.raises(InputError) as err:
        await score(config, ScoreRequest(video=str(path), lint="off"))
    assert err.value.message
    assert fake_fal.uploads == []


async def test_cancelling_a_long_clip_stops_every_segment_here_and_on_fal(config, workspace, fake_fal):
    src = make_clip(workspace.home / "reel.mp4", duration=47.0, cuts=CUTS, fps=12)
    fake_fal.configure(hold=True)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=str(src), lint="off"))
        with anyio.fail_after(60):
            while len(fake_fal.submits) < 3:
                await anyio.sleep(0.02)
        with anyio.fail_after(30):  # the half-joined soundtrack must not keep the job alive
            cancelled = await runner.cancel(job.job_id)
    assert cancelled.status == "cancelled"
    assert len(fake_fal.cancels) == 3
    work = config.data_dir / "work" / job.job_id
    assert not list(work.glob("soundtrack*")) and not list(work.glob(".soundtrack*"))
