"""Result files fit the picture, whatever fal sends back: the MP3 is an MP3 as long as the clip, and so is the
video's soundtrack; fal's files may come longer, shorter, at other rates, as a WAV, redirected or mistyped."""

from __future__ import annotations

import av
import pytest

from tests.clips import make_clip
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio

# What a result may differ from the picture's length by, in seconds.
FIT_S = 0.05


async def score(config, request, wait=60.0):
    async with JobRunner(config) as runner:
        job = await runner.score(request)
        return job if job.cached else await runner.wait(job.job_id, wait)


def sound(path) -> tuple[str, str, float]:
    """Container, codec and decoded length in seconds of a file's first audio stream."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return container.format.name, stream.codec_context.name, samples / stream.codec_context.sample_rate


def picture_seconds(path) -> float:
    """How long a file's picture lasts: from its first frame's time to the end of its last frame."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times = [float(frame.time) for frame in container.decode(stream) if frame.time is not None]
        step = 1 / float(stream.average_rate or stream.guessed_rate or 24)
    return max(times) + step - min(times)


@pytest.mark.parametrize(
    "shape",
    [
        {"extra_s": 0.4},
        {"extra_s": -0.6},
        {"rate": 48_000},  # mono 48 kHz
        {"rate": 22_050, "channels": 2},
        {"format": "wav"},
        {"format": "wav", "rate": 48_000, "extra_s": 0.3},
    ],
    ids=["longer", "shorter", "mono-48k", "stereo-22k", "wav", "long-wav-48k"],
)
async def test_the_mp3_and_the_videos_sound_fit_the_picture_whatever_fal_returns(
    config, workspace, fake_fal, shape
):
    src = make_clip(workspace.home / "walk.mp4", duration=4.0)
    fake_fal.set_fault("result_audio", **shape)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    picture = picture_seconds(src)
    fmt, codec, mp3_s = sound(job.audio_path)
    assert fmt == "mp3" and codec.startswith("mp3")
    assert abs(mp3_s - picture) <= FIT_S, (mp3_s, picture)
    assert abs(sound(job.video_path)[2] - picture) <= FIT_S
    assert abs(picture_seconds(job.video_path) - picture) <= FIT_S


async def test_result_files_behind_a_redirect_and_a_lying_content_type_are_fetched_whole(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "walk.mp4", duration=4.0)
    fake_fal.set_fault("redirect_result", hops=2)
    fake_fal.set_fault("lying_content_type", content_type="text/html; charset=utf-8")
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert fake_fal.file_gets == 6  # two files, each after two redirects
    assert sound(job.audio_path)[0] == "mp3"
    with av.open(job.video_path) as container:
        assert container.streams.audio[0].codec_context.name == "aac"  # fal's own track, copied in
    assert abs(sound(job.video_path)[2] - picture_seconds(src)) <= FIT_S
