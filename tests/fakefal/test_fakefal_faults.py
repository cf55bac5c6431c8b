"""Each fault and validation rule of the fake, as the real fal-client 1.0.3 reports it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import anyio
import av
import fal_client
import httpx
import pytest

from tests.clips import make_clip, make_not_a_video
from tests.fakefal import APP_ID, FakeFal
from tests.fakefal.helpers import download

pytestmark = pytest.mark.anyio


def _arguments(url: str, **overrides: object) -> dict:
    return {
        "video_url": url,
        "sound_effect_prompt": "",
        "background_music_prompt": "",
        "asmr_mode": False,
        **overrides,
    }


async def _submit_clip(fake: FakeFal, clip: Path, **overrides: object) -> fal_client.AsyncRequestHandle:
    client = fal_client.AsyncClient(key="test-key")
    return await client.submit(APP_ID, _arguments(await client.upload_file(clip), **overrides))


def _items(error: fal_client.FalClientHTTPError) -> list[dict[str, Any]]:
    """The 422 detail list; fal-client puts the body's `detail` in `message`, whatever its type."""
    detail: Any = error.message
    assert isinstance(detail, list)
    return detail


async def _result_error(handle: fal_client.AsyncRequestHandle) -> fal_client.FalClientHTTPError:
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await handle.get()
    return caught.value


# Validation: like fal, the queue accepts the request and the result GET answers 422


async def test_a_two_second_clip_is_refused_with_422_and_not_charged(fal_via_fake: FakeFal, tmp_path: Path):
    short = make_clip(tmp_path / "short.mp4", duration=2.0)
    handle = await _submit_clip(fal_via_fake, short)

    error = await _result_error(handle)
    assert error.status_code == 422
    [item] = _items(error)
    assert item["loc"] == ["body", "video_url"]
    assert item["type"] == "video_duration_too_short"
    assert item["ctx"]["provided_duration"] == pytest.approx(2.0, abs=0.05)
    status = await handle.status()
    assert isinstance(status, fal_client.Completed)
    assert status.error_type == "video_duration_too_short"
    assert fal_via_fake.charged == []


async def test_when_validating_at_submit_a_short_clip_is_refused_by_submit_itself(
    fal_via_fake: FakeFal, tmp_path: Path
):
    fal_via_fake.configure(validate_at="submit")
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await _submit_clip(fal_via_fake, make_clip(tmp_path / "short.mp4", duration=2.0))

    assert caught.value.status_code == 422
    assert fal_via_fake.submits == []
    assert fal_via_fake.rejected[0]["detail"][0]["type"] == "video_duration_too_short"


async def test_a_clip_over_twenty_seconds_is_refused_as_too_long(fal_via_fake: FakeFal, tmp_path: Path):
    fal_via_fake.with_limits(max_seconds=3.5)  # a 4 s clip stands in for a 21 s one
    handle = await _submit_clip(fal_via_fake, make_clip(tmp_path / "long.mp4", duration=4.0))

    error = await _result_error(handle)
    assert error.status_code == 422
    assert _items(error)[0]["type"] == "video_duration_too_long"


async def test_a_prompt_over_200_characters_is_refused_as_too_long(fal_via_fake: FakeFal, clip: Path):
    handle = await _submit_clip(fal_via_fake, clip, background_music_prompt="slow piano " * 20)

    error = await _result_error(handle)
    assert [(item["loc"], item["type"]) for item in _items(error)] == [
        (["body", "background_music_prompt"], "string_too_long")
    ]


async def test_a_text_file_named_mp4_is_an_unsupported_format(fal_via_fake: FakeFal, tmp_path: Path):
    handle = await _submit_clip(fal_via_fake, make_not_a_video(tmp_path / "notes.mp4"))

    assert _items(await _result_error(handle))[0]["type"] == "unsupported_video_format"
    assert fal_via_fake.uploads[0]["has_video"] is False


async def test_a_video_url_outside_the_fakes_storage_cannot_be_downloaded(fal_via_fake: FakeFal):
    client = fal_client.AsyncClient(key="test-key")
    handle = await client.submit(APP_ID, _arguments("https://example.invalid/clip.mp4"))

    assert _items(await _result_error(handle))[0]["type"] == "file_download_error"


async def test_a_non_boolean_asmr_mode_is_refused(fal_via_fake: FakeFal, clip: Path):
    handle = await _submit_clip(fal_via_fake, clip, asmr_mode="yes")

    assert _items(await _result_error(handle))[0]["loc"] == ["body", "asmr_mode"]


async def test_the_reject_422_fault_names_the_chosen_field(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.set_fault(
        "reject_422", field="sound_effect_prompt", msg="Prompt flagged", at="submit", times=1
    )
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await _submit_clip(fal_via_fake, clip)
    assert caught.value.status_code == 422
    assert caught.value.message == [
        {"loc": ["body", "sound_effect_prompt"], "msg": "Prompt flagged", "type": "value_error"}
    ]

    await _submit_clip(fal_via_fake, clip)  # times=1: the next submit goes through
    assert len(fal_via_fake.submits) == 1


# Auth


async def test_a_key_the_fake_does_not_know_gets_401_on_upload_and_submit(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.valid_keys = {"the-right-key"}
    client = fal_client.AsyncClient(key="a-wrong-key")
    with pytest.raises(fal_client.FalClientHTTPError) as upload:
        await client.upload_file(clip)
    with pytest.raises(fal_client.FalClientHTTPError) as submit:
        await client.submit(APP_ID, _arguments("http://127.0.0.1/none"))

    assert upload.value.status_code == submit.value.status_code == 401
    assert "No user found" in submit.value.message
    assert fal_via_fake.uploads == [] and fal_via_fake.submits == []


async def test_the_unauthorized_fault_answers_401(fal_via_fake: FakeFal, clip: Path):
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)
    fal_via_fake.set_fault("unauthorized")
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await client.submit(APP_ID, _arguments(url))
    assert caught.value.status_code == 401


# Transient faults that fal-client retries


async def test_a_429_is_retried_by_fal_client_until_the_submit_goes_through(
    fal_via_fake: FakeFal, clip: Path
):
    fal_via_fake.set_fault("rate_limit_then_ok", times=2)
    handle = await _submit_clip(fal_via_fake, clip)

    assert [r["status"] for r in fal_via_fake.refusals] == [429, 429]
    assert fal_via_fake.submits == [fal_via_fake.job(handle.request_id).arguments]
    assert fal_via_fake.faults.active() == {}


async def test_a_connection_dropped_before_submit_is_retried_into_one_request(
    fal_via_fake: FakeFal, clip: Path
):
    fal_via_fake.set_fault("drop_connection", call="submit", when="before")
    await _submit_clip(fal_via_fake, clip)

    assert fal_via_fake.refusals == [{"call": "submit", "status": None}]
    assert len(fal_via_fake.submits) == 1


async def test_a_connection_dropped_after_submit_is_retried_into_a_duplicate_request(
    fal_via_fake: FakeFal, clip: Path
):
    fal_via_fake.set_fault("drop_connection", call="submit", when="after")
    await _submit_clip(fal_via_fake, clip)

    assert len(fal_via_fake.submits) == 2
    assert len(fal_via_fake.requests) == 2


async def test_an_nginx_502_without_a_request_id_is_retried(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.set_fault("infra_error", call="status", status=502, ingress=True, times=1)
    handle = await _submit_clip(fal_via_fake, clip)
    await handle.get()

    assert fal_via_fake.refusals == [{"call": "status", "status": 502}]


# Faults fal-client reports


async def test_a_504_with_a_request_id_is_not_retried_and_carries_its_error_type(
    fal_via_fake: FakeFal, clip: Path
):
    fal_via_fake.set_fault("infra_error", call="submit", status=504, error_type="request_timeout")
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        await _submit_clip(fal_via_fake, clip)

    assert caught.value.status_code == 504
    assert caught.value.error_type == "request_timeout"
    assert caught.value.message == "Request timed out"
    assert "x-fal-request-id" in caught.value.response_headers
    assert fal_via_fake.refusals == [{"call": "submit", "status": 504}]


async def test_a_model_failure_completes_then_the_result_answers_its_error(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.set_fault(
        "result_failure", status=500, detail="GPU fell over", error_type="internal_server_error"
    )
    handle = await _submit_clip(fal_via_fake, clip)

    error = await _result_error(handle)
    assert (error.status_code, error.message, error.error_type) == (
        500,
        "GPU fell over",
        "internal_server_error",
    )
    status = await handle.status()
    assert isinstance(status, fal_client.Completed) and status.error == "GPU fell over"
    assert fal_via_fake.charged == []


async def test_an_expired_result_serves_its_urls_as_404(fal_via_fake: FakeFal, clip: Path):
    result = await (await _submit_clip(fal_via_fake, clip)).get()
    fal_via_fake.set_fault("expired_result")

    assert (await download(result["video"]["url"])).status_code == 404
    assert (await download(result["audio"]["url"])).status_code == 404
    assert (await download(fal_via_fake.submits[0]["video_url"])).status_code == 200  # inputs do not expire


async def test_an_expired_result_can_forget_only_its_video(fal_via_fake: FakeFal, clip: Path):
    result = await (await _submit_clip(fal_via_fake, clip)).get()
    fal_via_fake.set_fault("expired_result", file="video")

    assert (await download(result["audio"]["url"])).status_code == 200
    assert (await download(result["video"]["url"])).status_code == 404


async def test_an_expired_response_answers_404_to_the_result_get(fal_via_fake: FakeFal, clip: Path):
    handle = await _submit_clip(fal_via_fake, clip)
    await handle.get()
    fal_via_fake.set_fault("expired_result", response=True)

    assert (await _result_error(handle)).status_code == 404


async def test_a_slow_queue_counts_its_position_down_before_running(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.set_fault("slow_queue", polls=3)
    handle = await _submit_clip(fal_via_fake, clip)
    events = [event async for event in handle.iter_events(interval=0.01)]

    positions = [event.position for event in events if isinstance(event, fal_client.Queued)]
    assert positions[:3] == [3, 2, 1]
    assert isinstance(events[-1], fal_client.Completed)


async def test_the_cdn_being_down_sends_fal_client_to_the_storage_fallback(fal_via_fake: FakeFal, clip: Path):
    fal_via_fake.set_fault("cdn_down")
    client = fal_client.AsyncClient(key="test-key")
    url = await client.upload_file(clip)

    assert fal_via_fake.uploads[0]["route"] == "gcs"
    assert (await download(url)).content == clip.read_bytes()


def test_an_unknown_fault_or_parameter_is_refused_by_name(fake_fal: FakeFal):
    with pytest.raises(ValueError, match="unknown fault"):
        fake_fal.set_fault("gremlins")
    with pytest.raises(ValueError, match="takes"):
        fake_fal.set_fault("slow_queue", position=4)
    with pytest.raises(ValueError, match="unknown call"):
        fake_fal.set_fault("drop_connection", call="everything")


def test_a_call_without_a_key_is_refused(fake_fal: FakeFal):
    with httpx.Client() as http:
        response = http.post(fake_fal.url + "/" + APP_ID, json={"video_url": "x"})
    assert response.status_code == 401


async def test_without_status_errors_a_failed_request_completes_clean_and_fails_only_on_the_result(
    fal_via_fake: FakeFal, tmp_path: Path
):
    fal_via_fake.configure(status_errors=False)
    handle = await _submit_clip(fal_via_fake, make_clip(tmp_path / "short.mp4", duration=2.0))
    with anyio.fail_after(10):
        status = await handle.status()
        while not isinstance(status, fal_client.Completed):
            status = await handle.status()

    assert status.error is None and status.error_type is None
    assert (await _result_error(handle)).status_code == 422


def _sound(data: bytes) -> tuple[str, int, int, float]:
    """Container, sample rate, channels and decoded length of a file's first audio stream."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        ctx = stream.codec_context
        return container.format.name, ctx.sample_rate, ctx.channels, samples / ctx.sample_rate


@pytest.mark.parametrize(
    ("params", "fmt", "rate", "channels", "extra"),
    [
        ({"extra_s": 0.4}, "mp3", 44_100, 1, 0.4),
        ({"extra_s": -0.6}, "mp3", 44_100, 1, -0.6),
        ({"rate": 48_000}, "mp3", 48_000, 1, 0.0),
        ({"format": "wav", "rate": 48_000, "channels": 2}, "wav", 48_000, 2, 0.0),
    ],
)
async def test_the_result_audio_variation_shapes_both_soundtracks_but_not_the_names(
    fal_via_fake: FakeFal, clip: Path, params: dict, fmt: str, rate: int, channels: int, extra: float
):
    fal_via_fake.set_fault("result_audio", times=1, **params)
    result = await (await _submit_clip(fal_via_fake, clip)).get()
    (job,) = fal_via_fake.requests.values()
    picture = job.video_seconds

    audio = (await download(result["audio"]["url"])).content
    assert result["audio"]["content_type"] == "audio/mpeg" and result["audio"]["file_name"].endswith(".mp3")
    found_fmt, found_rate, found_channels, length = _sound(audio)
    assert (found_fmt, found_rate, found_channels) == (fmt, rate, channels)
    assert length == pytest.approx(picture + extra, abs=0.03)
    video = (await download(result["video"]["url"])).content
    _, video_rate, video_channels, video_length = _sound(video)
    assert (video_rate, video_channels) == (rate, channels)
    assert video_length == pytest.approx(picture + extra, abs=0.05)


async def test_result_files_can_be_redirected_and_served_under_a_lying_type(
    fal_via_fake: FakeFal, clip: Path
):
    result = await (await _submit_clip(fal_via_fake, clip)).get()
    fal_via_fake.set_fault("redirect_result", hops=2, status=307)
    fal_via_fake.set_fault("lying_content_type", content_type="text/html", file="audio")

    async with httpx.AsyncClient() as http:
        first = await http.get(result["audio"]["url"])
        assert first.status_code == 307 and "hop=1" in first.headers["location"]
        followed = await http.get(result["audio"]["url"], follow_redirects=True)
    assert [r.status_code for r in followed.history] == [307, 307]
    assert followed.status_code == 200 and followed.headers["content-type"] == "text/html"
    assert _sound(followed.content)[0] == "mp3"
    video = await download(result["video"]["url"])  # only the audio lies
    assert video.status_code == 307
