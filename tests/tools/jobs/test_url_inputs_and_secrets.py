"""Clips named by URL, and the fal key never leaking into results or logs."""

from __future__ import annotations

import dataclasses
import http.server
import logging
import threading
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.conftest import TEST_KEY
from tools.errors import BadUrl, KlingError, NotAVideo
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.models import ScoreJob

pytestmark = pytest.mark.anyio


async def test_a_clip_named_by_url_is_fetched_and_scored(config, web_root, fake_fal):
    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=f"{base}/street.mp4", lint="off"))
        job = await runner.wait(job.job_id, 20)
    assert job.status == "completed", job.error
    assert Path(job.video_path).name == "street.scored.mp4"


async def _scored(runner: JobRunner, url: str) -> ScoreJob:
    """The job of a URL, once it has ended (the download happens inside the job)."""
    job = await runner.score(ScoreRequest(video=url, lint="off"))
    return await runner.wait(job.job_id, 20)


async def test_a_missing_url_says_so_and_costs_nothing(config, web_root, fake_fal):
    _, base = web_root
    async with JobRunner(config) as runner:
        job = await _scored(runner, f"{base}/nothing.mp4")
    assert job.status == "failed" and job.error is not None
    assert job.error.code == "bad_url" and "404" in job.error.message
    assert fake_fal.uploads == []


async def test_a_url_that_is_no_video_names_the_url_and_is_fetched_again_once_fixed(
    config, web_root, fake_fal
):
    root, base = web_root
    (root / "clip.mp4").write_text("<html>Sign in to view this video</html>")
    url = f"{base}/clip.mp4"
    async with JobRunner(config) as runner:
        failed = await _scored(runner, url)
        assert failed.status == "failed" and failed.error is not None
        assert failed.error.code == NotAVideo.code
        assert url in failed.error.message and "inputs" not in failed.error.message
        make_clip(root / "clip.mp4", duration=4.0)  # the page is fixed: the same URL now serves a video
        job = await _scored(runner, url)
    assert job.status == "completed", job.error
    assert len(fake_fal.uploads) == 1


async def test_private_addresses_are_not_fetched_when_serving_over_http(config, web_root, fake_fal):
    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    async with JobRunner(config, public_urls_only=True) as runner:
        with pytest.raises(BadUrl) as err:
            await runner.score(ScoreRequest(video=f"{base}/street.mp4", lint="off"))
    assert "private" in err.value.message or "loopback" in err.value.message
    assert fake_fal.uploads == []


async def test_the_key_never_appears_in_results_or_logs(config, clip, fake_fal, caplog):
    caplog.set_level(logging.DEBUG)
    fake_fal.set_fault("unauthorized")
    async with JobRunner(config) as runner:
        failed = await runner.wait((await runner.score(ScoreRequest(video=str(clip), lint="off"))).job_id, 20)
        fake_fal.clear_faults()
        ok = await runner.wait((await runner.score(ScoreRequest(video=str(clip), lint="off"))).job_id, 20)
    assert failed.status == "failed" and ok.status == "completed"
    for job in (failed, ok):
        assert TEST_KEY not in job.model_dump_json()
    assert caplog.records, "expected some log records to check"
    assert all(TEST_KEY not in record.getMessage() for record in caplog.records)


SECRET = "kv2a-secret-5e1d7c9a0b"

SECRET_SCENARIOS = [
    (None, {}),
    ("unauthorized", {}),
    ("reject_422", {"field": "video_url", "msg": "Unsupported video"}),
    ("infra_error", {"call": "submit", "status": 503, "error_type": "runner_unavailable", "times": None}),
    ("rate_limit_then_ok", {"times": None}),
    ("result_failure", {}),
    ("expired_result", {}),
]


async def test_a_recognisable_key_appears_in_no_result_error_log_or_file(
    config, clip, fake_fal, caplog, monkeypatch
):
    import fal_client.client as fc

    monkeypatch.setattr(fc, "MAX_ATTEMPTS", 3)
    monkeypatch.setattr(fc, "BASE_DELAY", 0.01)
    caplog.set_level(logging.DEBUG)
    keyed = dataclasses.replace(config, fal_key=SECRET)
    seen: list[str] = []
    async with JobRunner(keyed) as runner:
        for fault, params in SECRET_SCENARIOS:
            fake_fal.clear_faults()
            if fault:
                fake_fal.set_fault(fault, **params)
            job = await runner.score(ScoreRequest(video=str(clip), lint="off", reuse=False))
            job = await runner.wait(job.job_id, 20)
            assert job.status == ("completed" if fault is None else "failed"), (fault, job.error)
            seen.append(job.model_dump_json())
        seen.append(runner.list(limit=50).model_dump_json())
    fake_fal.clear_faults()
    async with JobRunner(dataclasses.replace(keyed, daily_budget_usd=0)) as runner:
        for bad in (ScoreRequest(video=str(clip), reuse=False), ScoreRequest(video="ftp://x/y.mp4")):
            with pytest.raises(KlingError) as err:  # over the budget; a bad URL
                await runner.score(bad)
            seen.append(f"{err.value} {err.value.hint}")
    assert fake_fal.submits, "the scenarios should have reached fal"
    assert any(r.exc_text or r.levelno >= logging.WARNING for r in caplog.records)
    seen.append(caplog.text)  # every log line, with tracebacks, at DEBUG
    for folder in (config.data_dir, config.output_dir):
        seen += [p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file()]
    assert not [text[:200] for text in seen if SECRET in text]


class _Redirect(http.server.BaseHTTPRequestHandler):
    """Redirects /go to the address in the server's `target`."""

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def redirector(web_root):
    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    port = base.rsplit(":", 1)[1]
    httpd.target = f"http://localhost:{port}/street.mp4"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/go"
    finally:
        httpd.shutdown()
        httpd.server_close()


async def test_redirects_are_followed(config, redirector, fake_fal):
    async with JobRunner(config) as runner:
        job = await _scored(runner, redirector)
    assert job.status == "completed", job.error


async def test_a_redirect_to_a_private_address_is_refused_over_http(
    config, redirector, fake_fal, monkeypatch
):
    # No public host is reachable here, so 127.0.0.1 plays the public first hop (the only thing mocked is that
    # classification) and the redirect points at "localhost", which stays private.
    import tools.engine.download as engine

    real = engine._host_is_private
    monkeypatch.setattr(engine, "_host_is_private", lambda host: host != "127.0.0.1" and real(host))
    monkeypatch.setattr(engine, "_check_peer", lambda response, url: None)  # its own test is below
    async with JobRunner(config, public_urls_only=True) as runner:
        job = await _scored(runner, redirector)
    assert job.status == "failed" and job.error is not None
    assert job.error.code == "bad_url" and "localhost" in job.error.message
    assert fake_fal.uploads == []


async def test_a_name_that_passed_the_check_but_connects_to_a_private_address_is_refused_over_http(
    config, web_root, fake_fal, monkeypatch
):
    # DNS rebinding: the name looks public when checked, then connects to a private address. No resolver can
    # be made to do that here, so the check is told every name is public; the connection still goes to 127.0.0.1.
    import tools.engine.download as engine

    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    monkeypatch.setattr(engine, "_host_is_private", lambda host: False)
    async with JobRunner(config, public_urls_only=True) as runner:
        job = await _scored(runner, f"{base}/street.mp4")
    assert job.status == "failed" and job.error is not None
    assert "private address 127.0.0.1" in job.error.message
    assert fake_fal.uploads == [] and not list((config.data_dir / "inputs").glob("*.mp4"))
