"""The upload proxy: chosen only when it gets the result sooner, H.264 within fal's limits, the picture kept."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import av
import pytest

from tests.clips import make_clip
from tests.playback import assert_plays
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.media.plan import plan_preflight
from tools.media.proxy import choose_upload, with_upload_choice
from tools.models import VideoInfo


def info(**changes) -> VideoInfo:
    """A probed clip: by default a phone's 20 s of 1080p60 H.264 at 24 Mbit/s (60 MB)."""
    base = {
        "path": "/home/me/clip.mp4",
        "container": "mov,mp4,m4a,3gp,3g2,mj2",
        "extension": ".mp4",
        "duration_s": 20.0,
        "width": 1920,
        "height": 1080,
        "fps": 60.0,
        "video_codec": "h264",
        "pixel_format": "yuv420p",
        "has_audio": False,
        "size_bytes": 60_000_000,
    }
    return VideoInfo.model_validate({**base, **changes})


def decide(clip: VideoInfo, **kwargs):
    return choose_upload(
        clip, plan_preflight(clip), **{"mode": "auto", "uplink_mbps": 20.0, "cores": 2, **kwargs}
    )


def test_a_heavy_phone_clip_goes_as_a_proxy_on_a_home_uplink_and_says_why_with_the_bytes():
    choice = decide(info())
    assert choice.proxy
    assert choice.proxy_bytes < 6_000_000 and choice.saved_s > 10
    assert "60.0 MB" in choice.reason and "1280x720" in choice.reason and "original picture" in choice.reason


def test_the_clip_itself_goes_when_the_uplink_is_fast_or_the_clip_moderate_or_original_is_asked():
    assert not decide(info(), uplink_mbps=2000.0).proxy
    moderate = info(width=1280, height=720, fps=30.0, size_bytes=4_000_000)
    assert not decide(moderate).proxy and "already moderate" in decide(moderate).reason
    original = decide(info(), mode="original")
    assert not original.proxy and "upload='original'" in original.reason


def test_a_4k_clip_is_never_upscaled_and_a_small_one_keeps_its_size():
    assert decide(info(width=3840, height=2160, fps=30.0)).proxy
    small = info(width=640, height=360, fps=60.0, size_bytes=30_000_000)
    choice = decide(small)
    assert choice.proxy and "640x360" in choice.reason


def test_the_plan_carries_the_choice_as_a_step_before_the_upload():
    clip = info()
    plan = with_upload_choice(plan_preflight(clip), clip, mode="auto", uplink_mbps=20.0)
    kinds = [s.kind for s in plan.steps]
    assert plan.proxy and kinds.index("proxy") == kinds.index("upload") - 1
    kept = with_upload_choice(plan_preflight(clip), clip, mode="original", uplink_mbps=20.0)
    assert not kept.proxy and "upload='original'" in kept.steps[-1].reason


def picture(path):
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


@pytest.fixture
def heavy(workspace):
    """A 4 s 1280x720 clip at 60 fps and about 10 Mbit/s: heavier than the model needs."""
    return make_clip(
        workspace.home / "heavy.mp4", duration=4.0, fps=60, size=(1280, 720), noise=True, bit_rate=10_000_000
    )


@pytest.mark.anyio
async def test_auto_sends_fal_an_h264_proxy_as_long_as_the_picture_and_the_output_keeps_the_original(
    config, heavy, fake_fal
):
    slow_uplink = dataclasses.replace(config, uplink_mbps=2.0)
    async with JobRunner(slow_uplink) as runner:
        job = await runner.wait((await runner.score(ScoreRequest(video=str(heavy), lint="off"))).job_id, 60)
    assert job.status == "completed", job.error
    assert job.plan.proxy and "proxy" in [s.kind for s in job.plan.steps]
    (sent,) = fake_fal.uploads
    assert sent["video_codec"] == "h264" and sent["container"].startswith("mov,mp4")
    assert (sent["width"], sent["height"]) == (1280, 720)
    assert abs(sent["duration"] - 4.0) < 0.1
    assert sent["size"] < heavy.stat().st_size / 3
    with av.open(io.BytesIO(fake_fal.store.get(sent["file_id"]).data)) as up:
        stream = up.streams.video[0]
        assert float(stream.average_rate) == pytest.approx(30.0)
        assert sum(1 for _ in up.decode(stream)) == 120
    assert_plays(job.video_path, job.audio_path, heavy)
    assert len(fake_fal.submits) == 1


@pytest.mark.anyio
async def test_upload_original_sends_the_original_bytes_even_after_a_proxy_of_the_same_clip(
    config, heavy, fake_fal
):
    slow_uplink = dataclasses.replace(config, uplink_mbps=2.0)
    async with JobRunner(slow_uplink) as runner:
        proxied = await runner.score(ScoreRequest(video=str(heavy), lint="off", sound_effect_prompt="rain"))
        await runner.wait(proxied.job_id, 60)
        job = await runner.score(
            ScoreRequest(video=str(heavy), lint="off", sound_effect_prompt="hail", upload="original")
        )
        job = await runner.wait(job.job_id, 60)
        again = await runner.score(
            ScoreRequest(video=str(heavy), lint="off", sound_effect_prompt="sleet", upload="original")
        )
        again = await runner.wait(again.job_id, 60)
        fresh = await runner.score(ScoreRequest(video=str(heavy), lint="off", upload="original", reuse=False))
        fresh = await runner.wait(fresh.job_id, 60)
    assert fresh.status == "completed" and len(fake_fal.uploads) == 3  # reuse=false sends its own copy
    assert job.status == again.status == "completed", (job.error, again.error)
    for scored in (job, again, fresh):
        assert_plays(scored.video_path, scored.audio_path, heavy)
    assert not job.plan.proxy
    # the proxy went up once; the clip itself once, then shared by the next call that scores it as it is
    assert len(fake_fal.submits) == 4
    got = fake_fal.store.get(fake_fal.uploads[1]["file_id"]).data
    assert hashlib.sha256(got).digest() == hashlib.sha256(heavy.read_bytes()).digest()
    assert fake_fal.submits[2]["video_url"] == fake_fal.submits[1]["video_url"]
