"""Clips named by URL are downloaded inside their job: a deadline, a minimum rate, the address checked before
the kept copy, and the kept copy revalidated with its server."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from mcp import Client

from server.app import build_server
from tests.clips import make_clip
from tools.errors import BadUrl
from tools.jobs import prepare
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.media.probe import probe

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        ({"URL_RATE_WINDOW_SECONDS": 1.0}, "kB/s"),
        (
            {"URL_DEADLINE_SECONDS": 1.5, "URL_MIN_BYTES_PER_S": 1.0},
            "did not finish downloading within 1.5 s",
        ),
    ],
    ids=["under the minimum rate", "past the deadline"],
)
async def test_a_trickling_url_answers_within_wait_seconds_with_a_running_job_that_then_fails_with_a_reason(
    config, trickling_url, fake_fal, monkeypatch, limits, reason
):
    for name, value in limits.items():
        monkeypatch.setattr(prepare, name, value)
    async with Client(build_server(config)) as client:
        answer = await client.call_tool("score_video", {"video": trickling_url, "wait_seconds": 0.5})
        job = answer.structured_content
        assert job is not None and not answer.is_error, answer.content
        assert job["status"] == "preparing" and "get_job" in job["next_step"]
        assert "downloading" in job["progress"]["message"]
        ended = (
            await client.call_tool("get_job", {"job_id": job["job_id"], "wait_seconds": 30})
        ).structured_content
    assert ended is not None and ended["status"] == "failed", ended
    assert ended["error"]["code"] == "bad_url" and reason in ended["error"]["message"]
    assert trickling_url in ended["error"]["message"]
    assert fake_fal.uploads == [] and fake_fal.submits == []
    assert not [p.name for p in (config.data_dir / "inputs").iterdir() if p.name.startswith(".part-")]


class _Counted(http.server.SimpleHTTPRequestHandler):
    """Static files that count the answers they give; with `validators = False` they send no Last-Modified."""

    def send_header(self, keyword: str, value: str) -> None:
        if keyword == "Last-Modified" and not self.server.validators:  # type: ignore[attr-defined]
            return
        super().send_header(keyword, value)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.answers.append(int(code))  # type: ignore[attr-defined]

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def counted_root(tmp_path: Path) -> Iterator[tuple[Path, str, http.server.ThreadingHTTPServer]]:
    root = tmp_path / "web"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Counted, directory=str(root))
    )
    httpd.answers = []  # type: ignore[attr-defined]
    httpd.validators = True  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


async def test_a_kept_download_is_used_only_after_its_server_says_it_is_current(
    config, counted_root, fake_fal
):
    root, base, httpd = counted_root
    clip = make_clip(root / "street.mp4", duration=4.0)
    url = f"{base}/street.mp4"
    async with JobRunner(config) as runner:
        first = await runner.wait((await runner.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
        again = await runner.wait((await runner.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
        assert httpd.answers == [200, 304]  # type: ignore[attr-defined]
        # The same URL now serves another clip: it is fetched again and scored as what it is now.
        make_clip(clip, duration=5.0)
        later = time.time() + 10
        os.utime(clip, (later, later))
        changed = await runner.wait((await runner.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
    assert (first.status, again.status, changed.status) == ("completed",) * 3, changed.error
    assert httpd.answers == [200, 304, 200]  # type: ignore[attr-defined]
    assert again.video_path == first.video_path and again.cost_usd == 0  # reused, no second call
    assert len(fake_fal.submits) == 2
    assert probe(Path(changed.video_path)).duration_s == pytest.approx(5.0, abs=0.1)


async def test_a_download_whose_server_sends_no_validators_is_fetched_again(config, counted_root, fake_fal):
    root, base, httpd = counted_root
    httpd.validators = False  # type: ignore[attr-defined]
    make_clip(root / "street.mp4", duration=4.0)
    url = f"{base}/street.mp4"
    async with JobRunner(config) as runner:
        for _ in range(2):
            job = await runner.wait((await runner.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
            assert job.status == "completed", job.error
    assert httpd.answers == [200, 200]  # type: ignore[attr-defined]
    assert len(fake_fal.submits) == 1  # the same picture: the second job reuses the first one's result


async def test_a_loopback_url_fetched_by_a_stdio_server_is_still_refused_over_http(
    config, web_root, fake_fal
):
    # Both runners share one data folder, as a stdio server and an HTTP server of one person do.
    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    url = f"{base}/street.mp4"
    async with JobRunner(config) as stdio:
        job = await stdio.wait((await stdio.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
    assert job.status == "completed", job.error
    assert list((config.data_dir / "inputs").glob("*.mp4")), "the stdio server keeps its download"
    async with JobRunner(config, public_urls_only=True) as http_side:
        with pytest.raises(BadUrl) as err:
            await http_side.score(ScoreRequest(video=url, lint="off", reuse=True))
    assert "not fetched when serving over HTTP" in err.value.message
    assert len(fake_fal.submits) == 1


async def test_a_job_cancelled_while_downloading_its_url_ends_cancelled_and_leaves_no_partial_file(
    config, trickling_url, fake_fal
):
    inputs = config.data_dir / "inputs"
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=trickling_url, lint="off"))
        with anyio.fail_after(20):
            while not list(inputs.glob(".part-*")):
                await anyio.sleep(0.05)
        cancelled = await runner.cancel(job.job_id)
    assert cancelled.status == "cancelled"
    assert list(inputs.glob(".part-*")) == [] and fake_fal.uploads == []
