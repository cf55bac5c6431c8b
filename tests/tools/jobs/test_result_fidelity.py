"""Result files fit the picture: every container scores to a file that plays whole, with every picture of the
input, and whatever fal sends back the MP3 is an MP3 as long as the clip, and so is the video's soundtrack (fal's
files may come longer, shorter, at other rates, as a WAV, redirected or mistyped)."""

from __future__ import annotations

import av
import pytest

from tests.clips import make_clip
from tests.playback import FIT_S, frame_times, picture_seconds, pictures, sound
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio

# The sound encoder's lead-in (1024 samples of AAC at 44.1 kHz).
PRIMING_S = 1024 / 44_100 + 0.001


async def score(config, request, wait=60.0):
    async with JobRunner(config) as runner:
        job = await runner.score(request)
        return job if job.cached else await runner.wait(job.job_id, wait)


@pytest.mark.parametrize(
    ("name", "shape", "scored", "audio_codec"),
    [
        ("walk.mp4", {"b_frames": 2, "keyframe_every": 12}, ".mp4", "aac"),
        ("walk.mov", {"codec": "hevc", "b_frames": 2}, ".mov", "aac"),
        ("walk.mkv", {"b_frames": 2, "keyframe_every": 12}, ".mkv", "aac"),
        ("walk.mkv", {"codec": "hevc", "b_frames": 3}, ".mkv", "aac"),
        ("walk.webm", {}, ".webm", "opus"),
        ("walk.avi", {"b_frames": 2}, ".avi", "mp3"),
        ("walk.gif", {}, ".mp4", "aac"),  # 24 fps: GIF delays of 4, 4 and 5 hundredths
    ],
    ids=["mp4-bframes", "mov-hevc", "mkv-bframes", "mkv-hevc", "webm-vp9", "avi-mpeg4", "gif"],
)
async def test_every_container_scores_to_a_file_that_plays_every_picture_of_the_input(
    config, workspace, fake_fal, name, shape, scored, audio_codec
):
    src = make_clip(workspace.home / name, duration=3.5, **shape)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert job.video_path.endswith("walk.scored" + scored)
    times = frame_times(job.video_path)
    assert len(times) == len(frame_times(src)) > 0
    if not name.endswith(".gif"):  # the picture is stream-copied: the very same packets
        assert pictures(job.video_path) == pictures(src)
    # Each picture at its own time. Matroska keeps no negative times, so there the whole file, sound and
    # picture alike, starts later by the sound encoder's priming (at most one AAC frame).
    first, src_times = times[0], frame_times(src)
    assert [t - first for t in times] == pytest.approx([t - src_times[0] for t in src_times], abs=0.002)
    assert 0 <= first - src_times[0] <= (PRIMING_S if scored == ".mkv" else 0.002)
    picture = picture_seconds(src)
    assert abs(picture_seconds(job.video_path) - picture) <= FIT_S
    fmt, codec, seconds = sound(job.video_path)
    assert scored.lstrip(".").replace("mkv", "matroska") in fmt.split(",")  # what the bytes are, not the name
    assert codec.startswith(audio_codec)
    assert abs(seconds - picture) <= FIT_S, (seconds, picture)
    assert sound(job.audio_path)[0] == "mp3"


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


async def test_a_clip_scored_in_segments_fits_its_files_to_the_picture_when_fal_sends_short_wavs(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "reel.mp4", duration=24.0, fps=12, keyframe_every=12)
    fake_fal.set_fault("result_audio", format="wav", extra_s=-0.6, rate=48_000)
    job = await score(config, ScoreRequest(video=str(src), lint="off"))
    assert job.status == "completed", job.error
    assert len(fake_fal.submits) == 2
    picture = picture_seconds(src)
    fmt, _, mp3_s = sound(job.audio_path)
    assert fmt == "mp3" and abs(mp3_s - picture) <= FIT_S
    assert abs(sound(job.video_path)[2] - picture) <= FIT_S
    assert pictures(job.video_path) == pictures(src)
