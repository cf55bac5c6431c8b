"""The fake as its own process, driven over its HTTP control channel, with the real fal-client."""

from __future__ import annotations

from pathlib import Path

import fal_client
import pytest

from tests.fakefal import APP_ID
from tests.fakefal.fixtures import fal_client_at
from tests.fakefal.remote import FakeFalProcess

pytestmark = pytest.mark.anyio


async def test_a_fake_in_another_process_serves_fal_client_and_reports_its_state(
    tmp_path: Path, clip: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with FakeFalProcess(tmp_path, latency=0.1) as remote, fal_client_at(remote.url):
        client = fal_client.AsyncClient(key="test-key")
        url = await client.upload_file(clip)
        arguments = {
            "video_url": url,
            "sound_effect_prompt": "",
            "background_music_prompt": "",
            "asmr_mode": True,
        }
        handle = await client.submit(APP_ID, arguments)
        result = await handle.get()
        state = remote.state()

    assert remote.process is not None and remote.process.returncode == 0
    assert state["submits"] == [arguments]
    assert state["uploads"][0]["duration"] == pytest.approx(4.0, abs=0.05)
    assert state["charged"] == [handle.request_id]
    assert state["requests"][handle.request_id]["tone_hz"] is not None
    assert result["audio"]["url"].startswith(remote.url + "/files/")


async def test_faults_and_held_requests_are_driven_over_http(
    tmp_path: Path, clip: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with FakeFalProcess(tmp_path, latency=0.0, hold=True) as remote, fal_client_at(remote.url):
        client = fal_client.AsyncClient(key="test-key")
        url = await client.upload_file(clip)
        assert "unauthorized" in remote.set_fault("unauthorized", times=1)["faults"]
        with pytest.raises(fal_client.FalClientHTTPError) as caught:
            await client.submit(APP_ID, {"video_url": url})
        assert caught.value.status_code == 401

        handle = await client.submit(APP_ID, {"video_url": url})
        assert isinstance(await handle.status(), fal_client.Queued)
        assert isinstance(await handle.status(), fal_client.InProgress)
        assert isinstance(await handle.status(), fal_client.InProgress)
        assert remote.release() == [handle.request_id]
        assert isinstance(await handle.status(), fal_client.Completed)
        assert remote.configure(latency=1.5)["latency"] == 1.5
        assert remote.state()["refusals"] == [{"call": "submit", "status": 401}]
