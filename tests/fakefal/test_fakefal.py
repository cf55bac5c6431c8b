"""The real fal-client 1.0.3 against the fake: upload, submit, follow, fetch, resume and cancel."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import av
import fal_client
import httpx
import pytest

from tests.fakefal import APP_ID, FakeFal, tone_for
from tests.fakefal.helpers import dominant_hz, download, seconds

pytestmark = pytest.mark.anyio

SILENT_PROMPTS = {"sound_effect_prompt": "", "background_music_prompt": "", "asmr_mode": False}


def _arguments(url: str, **prompts: object) -> dict:
    return {"video_url": url, **SILENT_PROMPTS, **prompts}


async def test_a_scored_clip_comes_back_as_an_mp4_and_an_mp3_as_long_as_the_clip(
    fal_via_fake: FakeFal, clip: Path
):
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)
    handle = await client.submit(APP_ID, _arguments(url, sound_effect_prompt="footsteps on gravel"))
    result = await handle.get()

    video = await download(result["video"]["url"])
    audio = await download(result["audio"]["url"])
    assert video.status_code == audio.status_code == 200
    assert result["video"]["content_type"] == "video/mp4"
    assert result["audio"]["file_size"] == len(audio.content)
    with av.open(io.BytesIO(video.content), "r") as mp4:
        assert mp4.streams.video[0].codec_context.name == "h264"
        assert mp4.streams.audio[0].codec_context.name == "aac"
    with av.open(io.BytesIO(audio.content), "r") as mp3:
        assert mp3.format.name == "mp3"
    assert seconds(video.content) == pytest.approx(4.0, abs=0.1)
    assert seconds(audio.content) == pytest.approx(4.0, abs=0.1)


async def test_following_a_request_shows_queued_then_running_with_logs_then_completed(
    fal_via_fake: FakeFal, clip: Path
):
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, _arguments(await client.upload_file(clip)))
    events = [event async for event in handle.iter_events(with_logs=True, interval=0.02)]

    kinds = [type(event) for event in events]
    assert kinds[0] is fal_client.Queued
    assert fal_client.InProgress in kinds
    assert kinds[-1] is fal_client.Completed
    assert kinds.index(fal_client.Queued) < kinds.index(fal_client.InProgress)
    running = next(event for event in events if isinstance(event, fal_client.InProgress))
    assert running.logs and set(running.logs[0]) == {"message", "level", "source", "timestamp"}
    done = events[-1]
    assert isinstance(done, fal_client.Completed)
    assert "Analysing 4.0 s of picture at 160x120" in [log["message"] for log in done.logs or []]
    assert done.error is None and "inference_time" in done.metrics


async def test_both_prompts_are_recorded_exactly_as_sent_even_when_empty(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)
    handle = await client.submit(APP_ID, _arguments(url, background_music_prompt="solo piano, 60 BPM"))
    await handle.get()

    assert fal_via_fake.submits == [
        {
            "video_url": url,
            "sound_effect_prompt": "",
            "background_music_prompt": "solo piano, 60 BPM",
            "asmr_mode": False,
        }
    ]
    assert fal_via_fake.charged == [handle.request_id]


async def test_an_omitted_prompt_runs_with_fals_car_race_default(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, {"video_url": await client.upload_file(clip)})
    await handle.get()

    job = fal_via_fake.job(handle.request_id)
    assert fal_via_fake.submits[0] == {"video_url": job.arguments["video_url"]}
    assert job.effective["sound_effect_prompt"] == "Car tires screech as they accelerate in a drag race"
    assert job.effective["background_music_prompt"] == "intense car race"


async def test_each_upload_is_probed_and_recorded(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)

    [upload] = fal_via_fake.uploads
    assert url.endswith(upload["path"])
    assert upload["file_name"] == "walk.mp4"
    assert upload["content_type"] == "video/mp4"
    assert upload["route"] == "cdn"
    assert upload["container"].startswith("mov,mp4")
    assert upload["codec"] == "h264"
    assert upload["duration"] == pytest.approx(4.0, abs=0.05)
    assert upload["size"] == clip.stat().st_size
    assert upload["has_audio"] is False
    assert (await download(url)).content == clip.read_bytes()


async def test_a_new_client_resumes_a_request_from_its_id_alone(fal_via_fake: FakeFal, clip: Path):
    first = fal_client.AsyncClient(key="test-key")
    request_id = (await first.submit(APP_ID, _arguments(await first.upload_file(clip)))).request_id

    resumed = await fal_client.AsyncClient(key="test-key").get_handle(APP_ID, request_id)
    assert "/fal-ai/kling-video/requests/" in resumed.status_url
    result = await resumed.get()

    assert (await download(result["audio"]["url"])).status_code == 200
    assert fal_via_fake.result_gets == 1


async def test_different_prompts_give_audibly_different_tones(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)
    pitches = []
    for prompt in ("rain on a tin roof", "glass shatter, distant crowd"):
        handle = await client.submit(APP_ID, _arguments(url, sound_effect_prompt=prompt))
        audio = await download((await handle.get())["audio"]["url"])
        expected = tone_for(fal_via_fake.job(handle.request_id).effective, clip.read_bytes())
        assert dominant_hz(audio.content) == pytest.approx(expected, abs=2.0)
        pitches.append(expected)

    assert pitches[0] != pitches[1]


async def test_a_held_request_keeps_running_until_released(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.configure(hold=True, latency=0.0)
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, _arguments(await client.upload_file(clip)))
    seen = [await handle.status() for _ in range(4)]
    assert isinstance(seen[0], fal_client.Queued)
    assert all(isinstance(status, fal_client.InProgress) for status in seen[1:])

    assert fal_via_fake.release(handle.request_id) == [handle.request_id]
    assert isinstance(await handle.status(), fal_client.Completed)


async def test_cancelling_a_running_request_ends_it_without_a_charge(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.configure(hold=True)
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, _arguments(await client.upload_file(clip)))
    await handle.cancel()

    status = await handle.status()
    assert isinstance(status, fal_client.Completed)
    assert status.error_type == "client_cancelled"
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await handle.get()
    assert caught.value.status_code == 499
    assert fal_via_fake.cancels == [{"request_id": handle.request_id, "status": "CANCELLATION_REQUESTED"}]
    assert fal_via_fake.charged == []


async def test_cancelling_a_completed_request_answers_already_completed(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, _arguments(await client.upload_file(clip)))
    await handle.get()

    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await handle.cancel()
    assert caught.value.status_code == 400
    assert caught.value.response.json() == {"status": "ALREADY_COMPLETED"}


async def test_cancelling_an_unknown_request_answers_not_found(fal_via_fake: FakeFal):
    client = fal_client.AsyncClient(key="test-key")
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await client.cancel(APP_ID, "no-such-request")
    assert caught.value.status_code == 404
    assert fal_via_fake.cancels == [{"request_id": "no-such-request", "status": "NOT_FOUND"}]


async def test_a_file_over_the_multipart_threshold_is_uploaded_in_parts(
    fal_via_fake: FakeFal, clip: Path, monkeypatch: pytest.MonkeyPatch
):
    # Lower fal-client's 100 MiB threshold and 10 MiB parts so a 4 s clip takes the multipart path.
    monkeypatch.setattr(fal_client.client, "MULTIPART_THRESHOLD", 2_000)
    monkeypatch.setattr(fal_client.client, "MULTIPART_CHUNK_SIZE", 4_096)
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)

    assert fal_via_fake.uploads[0]["route"] == "multipart"
    assert clip.stat().st_size > 2 * 4_096
    assert (await download(url)).content == clip.read_bytes()


async def test_the_cdn_token_expires_in_the_future_with_a_utc_offset(fake_fal: FakeFal):
    async with httpx.AsyncClient() as http:
        response = await http.post(
            fake_fal.url + "/storage/auth/token?storage_type=fal-cdn-v3",
            json={},
            headers={"Authorization": "Key k"},
        )
    expires = datetime.fromisoformat(response.json()["expires_at"])
    assert expires.tzinfo is not None
    assert expires > datetime.now(timezone.utc)
    assert response.json()["base_url"] == fake_fal.url


async def test_a_submit_to_another_app_is_not_found(fal_via_fake: FakeFal):
    client = fal_client.AsyncClient(key="test-key")
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await client.submit("fal-ai/mmaudio-v2", {"video_url": "x"})
    assert caught.value.status_code == 404
    assert fal_via_fake.submits == []


def test_an_uplink_limit_schedules_uploads_at_its_rate_and_delivers_every_byte(fake_fal):
    import io

    from tests.fakefal.server import Uplink

    fake_fal.configure(upload_mbps=8.0)
    assert fake_fal.settings()["upload_mbps"] == 8.0
    link = Uplink(8.0)
    body = bytes(range(256)) * 1000  # 256 kB: a quarter of a second at 8 Mbit/s
    first = link.read(io.BytesIO(body), len(body))
    after_first = link._free_at
    second = link.read(io.BytesIO(body), len(body))
    assert first == body and second == body
    # the link is shared: the second upload is scheduled after the first, at the same rate
    assert link._free_at - after_first >= len(body) * 8 / 8e6 - 1e-9
    assert Uplink(None).read(io.BytesIO(body), len(body)) == body
