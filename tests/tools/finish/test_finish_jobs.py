"""Finishing through whole jobs against the fake fal: the clip's own audio kept, ducked or replaced, a loudness
target met, and re-finishing an earlier request without an upload or a submit. Every figure is measured in the
result files by tests/meter.py, which shares no code with the finishing."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from tests import meter
from tests.clips import make_clip
from tests.tools.finish.talking import SPEECH_BAND, talk_spans, talking_clip
from tools.jobs.prepare import ScoreRequest, Take
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio


async def score(runner, video, **finishing):
    job = await runner.score(ScoreRequest(video=str(video), lint="off", **finishing))
    return job if job.cached else await runner.wait(job.job_id, 60)


def packets(path):
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


def picture_s(path):
    """From the first picture to the last, whatever the container says of its length or where it starts."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        stamps = [p.pts for p in c.demux(v) if p.pts is not None]
        return float((max(stamps) - min(stamps)) * v.time_base)


def new_tone_hz(x):
    """The fake's steady tone: the strongest frequency under the speech band."""
    spectrum = np.abs(np.fft.rfft(x.mean(axis=0)))
    freqs = np.fft.rfftfreq(x.shape[1], 1 / meter.RATE)
    spectrum[(freqs < 250) | (freqs > 1600)] = 0
    return float(freqs[np.argmax(spectrum)])


def levels_of_new(x, f0, duration):
    """The new soundtrack's level inside each talking passage and at the end of each pause before the next."""
    spans = talk_spans(duration)
    talking = [meter.band_level_db(x, f0, a + 0.15, b - 0.05) for a, b in spans]
    pauses = [meter.band_level_db(x, f0, b + PAUSE_TAIL[0], b + PAUSE_TAIL[1]) for _, b in spans[:-1]]
    return np.array(talking), np.array(pauses)


PAUSE_TAIL = (0.75, 1.25)  # the last half second of a pause, after the release


def own_correlation(out, src):
    """How much of the clip's own (speech band) audio the output holds: the best correlation within 50 ms.

    Containers without edit lists (Matroska, WebM) play the encoder's priming samples, the picture shifted
    by as much, so the output's sound may start a few ms later than the source's decoded track.
    """
    n = min(out.shape[1], src.shape[1])
    a, b = meter.band(out[:, :n], *SPEECH_BAND), meter.band(src[:, :n], *SPEECH_BAND)
    lags = np.fft.irfft(np.fft.rfft(a, 2 * n) * np.conj(np.fft.rfft(b, 2 * n)), 2 * n)[
        : round(0.05 * meter.RATE)
    ]
    return float(np.max(lags) / (np.linalg.norm(a) * np.linalg.norm(b)))


def assert_loudness(path, target):
    x = meter.decode(path)
    assert abs(meter.integrated_lufs(x) - target) <= 0.5, (path, meter.integrated_lufs(x))
    assert meter.true_peak_dbtp(x) <= -1.0, (path, meter.true_peak_dbtp(x))


async def test_refinishing_duck_and_mix_costs_no_upload_or_submit_and_keeps_the_clips_own_audio(
    config, workspace, fake_fal
):
    duration = 7.0
    src = talking_clip(workspace.home / "vlog.mp4", duration)
    own = meter.decode(src)
    async with JobRunner(config) as runner:
        first = await score(runner, src)
        assert first.status == "completed", first.error
        assert first.soundtrack is not None and first.soundtrack.original_audio == "replace"
        assert "original_audio='duck'" in first.next_step  # the clip has audio: the option is offered
        replaced = meter.decode(first.video_path)
        assert abs(own_correlation(replaced, own)) < 0.05, "replace: the clip's own audio is gone"
        f0 = new_tone_hz(replaced)
        talking, pauses = levels_of_new(replaced, f0, duration)
        assert abs(np.median(talking) - np.median(pauses)) < 1.0, "replace: the new soundtrack is steady"
        uploads, submits = len(fake_fal.uploads), len(fake_fal.submits)

        ducked = await score(runner, src, original_audio="duck", loudness_lufs=-14)
        mixed = await score(runner, src, original_audio="mix", loudness_lufs=-23)
        again = await score(runner, src, original_audio="duck", loudness_lufs=-14)

    assert (len(fake_fal.uploads), len(fake_fal.submits)) == (uploads, submits)
    for job in (ducked, mixed):
        assert job.status == "completed", job.error
        assert job.cached and job.cost_usd == 0
        assert job.video_path != first.video_path and Path(first.video_path).is_file()  # beside the old
        assert packets(job.video_path) == packets(src)
        assert abs(picture_s(job.video_path) - picture_s(src)) < 1e-6
        assert abs(meter.decode(job.video_path).shape[1] / meter.RATE - duration) < 0.03
    assert again.job_id == ducked.job_id and again.video_path == ducked.video_path

    duck_x = meter.decode(ducked.video_path)
    talking, pauses = levels_of_new(duck_x, f0, duration)
    assert np.max(talking) <= np.min(pauses) - 10.0, (talking, pauses)
    assert own_correlation(duck_x, own) > 0.9
    assert_loudness(ducked.video_path, -14)
    assert_loudness(ducked.audio_path, -14)

    mix_x = meter.decode(mixed.video_path)
    talking, pauses = levels_of_new(mix_x, f0, duration)
    assert abs(np.median(talking) - np.median(pauses)) < 1.0, "mix: the new soundtrack plays on throughout"
    assert np.min(talking) > np.max(talking) - 3 and own_correlation(mix_x, own) > 0.9
    assert_loudness(mixed.video_path, -23)
    assert_loudness(mixed.audio_path, -23)

    report = ducked.soundtrack
    assert report is not None and report.original_audio == "duck" and report.loudness_target_lufs == -14
    assert abs(report.integrated_lufs - meter.integrated_lufs(duck_x)) <= 0.3
    assert abs(report.true_peak_dbtp - meter.true_peak_dbtp(duck_x)) <= 0.6
    assert abs(report.loudness_range_lu - meter.loudness_range_lu(duck_x)) <= 1.0
    assert abs(report.duration_s - duration) < 0.03


@pytest.mark.parametrize("suffix", [".mov", ".mkv", ".webm"])
async def test_other_containers_keep_their_picture_and_length_when_ducked_to_a_target(
    config, workspace, fake_fal, suffix
):
    duration = 4.6
    src = talking_clip(workspace.home / f"clip{suffix}", duration)
    async with JobRunner(config) as runner:
        job = await score(runner, src, original_audio="duck", loudness_lufs=-16)
    assert job.status == "completed", job.error
    assert job.video_path.endswith(suffix)
    assert packets(job.video_path) == packets(src)
    assert abs(picture_s(job.video_path) - picture_s(src)) < 1e-6
    x = meter.decode(job.video_path)
    assert abs(x.shape[1] / meter.RATE - duration) < 0.03
    assert own_correlation(x, meter.decode(src)) > 0.9
    talking, pauses = levels_of_new(x, new_tone_hz(x), duration)
    assert np.max(talking) <= np.min(pauses) - 10.0
    assert_loudness(job.video_path, -16)


async def test_a_clip_without_audio_is_unchanged_by_original_audio_and_the_result_says_so(
    config, workspace, fake_fal, clip
):
    async with JobRunner(config) as runner:
        plain = await score(runner, clip)
        ducked = await score(runner, clip, original_audio="duck")
    assert plain.soundtrack is not None and plain.soundtrack.original_audio == "absent"
    assert ducked.cached and ducked.video_path == plain.video_path and len(fake_fal.submits) == 1
    assert ducked.soundtrack is not None and ducked.soundtrack.original_audio == "absent"
    assert "changed nothing" in ducked.soundtrack.note and "changed nothing" in ducked.next_step
    x = meter.decode(plain.video_path)
    assert abs(plain.soundtrack.integrated_lufs - meter.integrated_lufs(x)) <= 0.3


def band_power_db(x, start_s, end_s, low=250.0, high=1600.0):
    """The level (dB) of everything from `low` to `high` Hz between two times: the fake's tones, whatever their pitch."""
    part = meter.band(x[:, round(start_s * meter.RATE) : round(end_s * meter.RATE)], low, high)
    return float(10 * np.log10(np.mean(part**2) + 1e-20))


@pytest.mark.slow
async def test_a_long_clip_is_joined_first_and_then_finished_once_with_no_level_jump_at_the_join(
    config, workspace, fake_fal
):
    duration = 26.0
    # The speaker talks, loudly, in the second half only. Finished per segment, the first half's soundtrack
    # would be levelled to -14 LUFS alone and the second half's under the speech, far lower: a jump at the join.
    src = talking_clip(
        workspace.home / "long.mp4", duration, level=lambda t: 2.0 if t > duration / 2 else 0.0
    )
    async with JobRunner(config) as runner:
        job = await score(runner, src, original_audio="duck", loudness_lufs=-14)
    assert job.status == "completed", job.error
    assert len(job.segments) == 2 and len(fake_fal.submits) == 2
    assert packets(job.video_path) == packets(src)
    x = meter.decode(job.video_path)
    assert abs(x.shape[1] / meter.RATE - duration) < 0.03
    assert_loudness(job.video_path, -14)
    assert_loudness(job.audio_path, -14)
    pauses = [band_power_db(x, b + PAUSE_TAIL[0], b + PAUSE_TAIL[1]) for _, b in talk_spans(duration)[:-1]]
    assert max(pauses) - min(pauses) < 1.5, pauses
    assert job.soundtrack is not None and job.soundtrack.original_audio == "duck"


async def test_a_clip_named_by_url_is_finished_as_asked_and_refinished_without_a_submit(
    config, web_root, fake_fal
):
    root, base = web_root
    talking_clip(root / "talk.mp4", 4.6)
    url = f"{base}/talk.mp4"
    async with JobRunner(config) as runner:
        ducked = await runner.wait(
            (await runner.score(ScoreRequest(video=url, lint="off", original_audio="duck"))).job_id, 30
        )
        mixed = await runner.wait(
            (
                await runner.score(
                    ScoreRequest(video=url, lint="off", original_audio="mix", loudness_lufs=-16)
                )
            ).job_id,
            30,
        )
    assert ducked.status == "completed" and ducked.soundtrack.original_audio == "duck"
    assert mixed.status == "completed" and mixed.soundtrack.original_audio == "mix"
    assert mixed.cached and mixed.video_path != ducked.video_path
    assert len(fake_fal.submits) == 1 and len(fake_fal.uploads) == 1
    assert_loudness(mixed.video_path, -16)


async def test_every_take_is_finished_as_asked(config, workspace, fake_fal):
    src = talking_clip(workspace.home / "takes.mp4", 4.6)
    takes = (Take("footsteps on gravel"), Take("", "solo piano, 70 BPM"))
    async with JobRunner(config) as runner:
        started = await runner.score(
            ScoreRequest(video=str(src), lint="off", takes=takes, original_audio="duck", loudness_lufs=-14)
        )
        job = await runner.wait(started.job_id, 60)
    assert job.status == "completed", job.error
    assert [t.soundtrack.original_audio for t in job.takes] == ["duck", "duck"]
    for take in job.takes:
        assert_loudness(take.video_path, -14)
    assert job.soundtrack is not None and job.soundtrack.original_audio == "duck"


async def test_an_avi_whose_track_is_an_mp3_too_gets_the_levelled_sound_in_both_files(
    config, workspace, fake_fal
):
    src = make_clip(workspace.home / "old.avi", duration=4.0, audio=True)
    async with JobRunner(config) as runner:
        job = await score(runner, src, original_audio="mix", loudness_lufs=-20)
    assert job.status == "completed", job.error
    assert packets(job.video_path) == packets(src)
    assert_loudness(job.video_path, -20)
    assert_loudness(job.audio_path, -20)
    assert abs(job.soundtrack.integrated_lufs - meter.integrated_lufs(meter.decode(job.video_path))) <= 0.3
