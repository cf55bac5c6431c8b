"""Streamable HTTP: Host/Origin checks, the bearer token off loopback, and no fetching of private URLs."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from server.app import build_server
from server.streamable import build_http_app
from tests.clips import make_clip
from tests.conftest import Workspace
from tests.fakefal.server import FakeFal
from tests.server.helpers import console_script
from tools.config import Config
from tools.errors import ConfigError

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
TOKEN = "s3cret-token-for-tests-7d1e"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[str] | None = None, timeout: float = 30.0) -> None:
    """Poll until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(
                f"the server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    """The workspace's variables plus PATH and HOME."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**base, **env}


@contextmanager
def http_server_process(env: dict[str, str], *args: str, stderr: Any = subprocess.PIPE) -> Iterator[str]:
    """The installed `kling-v2a-mcp --transport http` on a free loopback port; yields its /mcp URL."""
    port = free_port()
    proc = subprocess.Popen(
        [console_script("kling-v2a-mcp"), "--transport", "http", "--port", str(port), *args],
        env=subprocess_env(env),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def loopback(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """One HTTP server process on 127.0.0.1 with its own fake of fal and a clip, shared by this module's tests."""
    root = tmp_path_factory.mktemp("http")
    ws = Workspace(home=root / "home", out=root / "home" / "scored", data=root / "data")
    ws.home.mkdir()
    clip = make_clip(ws.home / "walk.mp4", duration=4.0)
    with FakeFal(latency=0.2) as fake, http_server_process(ws.env(fake.url)) as url:
        yield {"url": url, "fake": fake, "clip": clip}


def post_initialize(url: str, **headers: str) -> httpx.Response:
    """One raw MCP initialize request with extra headers."""
    return httpx.post(url, json=INITIALIZE, headers={**MCP_HEADERS, **headers}, timeout=10)


def test_a_foreign_host_or_origin_is_rejected_while_the_servers_own_names_are_served(loopback):
    url = loopback["url"]
    port = url.split(":")[2].split("/")[0]
    assert post_initialize(url, Host=f"evil.example:{port}").status_code == 421
    assert post_initialize(url, Host=f"192.168.1.20:{port}").status_code == 421
    assert post_initialize(url, Origin="http://evil.example").status_code == 403
    assert post_initialize(url, Host=f"127.0.0.1:{port}").status_code == 200
    assert (
        post_initialize(url, Host=f"localhost:{port}", Origin=f"http://localhost:{port}").status_code == 200
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1:9/clip.mp4", "http://169.254.169.254/latest/clip.mp4", "http://10.1.2.3/clip.mp4"],
)
async def test_over_http_a_url_to_a_loopback_link_local_or_private_address_is_refused(loopback, address):
    fake: FakeFal = loopback["fake"]
    before = len(fake.uploads)
    async with Client(loopback["url"]) as client:
        result = await client.call_tool("score_video", {"video": address, "wait_seconds": 0})
    assert result.is_error
    assert (
        "bad_url" in result.content[0].text and "not fetched when serving over HTTP" in result.content[0].text
    )
    assert len(fake.uploads) == before


@pytest.mark.anyio
async def test_a_url_download_stops_at_the_size_cap_and_leaves_nothing_behind(
    config: Config, web_root, fake_fal, monkeypatch
):
    import tools.jobs.prepare as prepare

    root, base = web_root
    (root / "huge.mp4").write_bytes(b"\0" * 3_000_000)
    monkeypatch.setattr(prepare, "MAX_URL_BYTES", 1_000_000)
    async with Client(build_server(config)) as client:
        result = await client.call_tool("score_video", {"video": f"{base}/huge.mp4", "wait_seconds": 20})
    job = result.structured_content
    assert job is not None and job["status"] == "failed", result.content
    assert job["error"]["code"] == "bad_url" and "larger than 1 MB" in job["error"]["message"]
    assert not [p for p in config.data_dir.rglob("*") if p.is_file() and p.stat().st_size >= 1_000_000]
    assert fake_fal.uploads == [] and fake_fal.submits == []


@pytest.mark.anyio
async def test_over_http_a_local_clip_in_the_allowed_folder_is_scored(loopback):
    async with Client(loopback["url"]) as client:
        result = await client.call_tool("score_video", {"video": str(loopback["clip"]), "wait_seconds": 30})
    assert result.structured_content is not None, result.content
    assert result.structured_content["status"] == "completed"
    assert Path(result.structured_content["video_path"]).is_file()


def test_a_non_loopback_bind_without_a_token_is_refused_before_anything_listens(workspace, config):
    port = free_port()
    env = subprocess_env(workspace.env())
    done = subprocess.run(
        [console_script("kling-v2a-mcp"), "--transport", "http", "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "KLING_V2A_HTTP_TOKEN" in done.stderr
    cli = subprocess.run(
        [
            console_script("kling-v2a"),
            "serve",
            "--transport",
            "http",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 3 and "KLING_V2A_HTTP_TOKEN" in cli.stderr
    with pytest.raises(ConfigError):
        build_http_app(config, host="192.0.2.10")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


@contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its /mcp URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@asynccontextmanager
async def bearer_client(url: str, token: str):
    """An MCP client that sends Authorization: Bearer <token>."""
    async with create_mcp_http_client(headers={"Authorization": f"Bearer {token}"}) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            yield client


@pytest.mark.anyio
async def test_with_a_token_the_app_for_any_interface_serves_only_bearers_of_it(config: Config):
    app = build_http_app(dataclasses.replace(config, http_token=TOKEN), host="0.0.0.0")
    with serve_in_thread(app) as url:
        async with httpx.AsyncClient(timeout=10) as http:
            bare = await http.post(url, json=INITIALIZE, headers=MCP_HEADERS)
            wrong = await http.post(
                url, json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": "Bearer nope"}
            )
            scheme = await http.post(
                url, json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": f"Basic {TOKEN}"}
            )
        assert (bare.status_code, wrong.status_code, scheme.status_code) == (401, 401, 401)
        assert "KLING_V2A_HTTP_TOKEN" in bare.text
        async with bearer_client(url, TOKEN) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            lint = await client.call_tool("lint_prompt", {"sound_effect_prompt": "epic sounds"})
    assert {"score_video", "lint_prompt", "inspect_video"} <= names
    assert lint.structured_content is not None and lint.structured_content["clean"] is False


def test_names_in_kling_v2a_http_allowed_hosts_are_accepted_as_host_and_origin():
    from tools.config import load_config

    config = load_config({"KLING_V2A_HTTP_ALLOWED_HOSTS": "studio.lan, mcp.example.com"})
    from server.streamable import security_settings

    settings = security_settings("10.0.0.5", 8765, config.http_allowed_hosts)
    assert {"studio.lan:*", "mcp.example.com:*", "10.0.0.5:*"} <= set(settings.allowed_hosts)
    assert "https://mcp.example.com:*" in settings.allowed_origins
    assert "evil.example:*" not in settings.allowed_hosts


@pytest.mark.anyio
async def test_a_shared_host_on_every_interface_answers_only_its_named_hosts_with_or_without_a_port(
    config: Config,
):
    shared = dataclasses.replace(config, http_token=TOKEN, http_allowed_hosts=("studio.lan",))
    app = build_http_app(shared, host="0.0.0.0")
    bearer = {**MCP_HEADERS, "Authorization": f"Bearer {TOKEN}"}
    with serve_in_thread(app) as url:
        port = url.split(":")[2].split("/")[0]
        async with httpx.AsyncClient(timeout=10) as http:

            async def status(**headers: str) -> int:
                return (await http.post(url, json=INITIALIZE, headers={**bearer, **headers})).status_code

            # behind a TLS proxy on 443 neither header carries a port
            assert await status(Host="studio.lan", Origin="https://studio.lan") == 200
            assert await status(Host=f"studio.lan:{port}") == 200
            assert await status(Host=f"127.0.0.1:{port}") == 200
            assert await status(Host="evil.example") == 421
            assert await status(Host=f"10.9.8.7:{port}") == 421
            assert await status(Host="studio.lan", Origin="https://evil.example") == 403
            bare = await http.post(url, json=INITIALIZE, headers={**MCP_HEADERS, "Host": "studio.lan"})
            assert bare.status_code == 401


def test_any_loopback_address_is_served_without_a_token_and_nothing_else_is(config: Config):
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1"):
        assert build_http_app(config, host=host) is not None
    for host in ("192.168.1.20", "10.0.0.5", "0.0.0.0", "::", "studio.lan"):
        with pytest.raises(ConfigError) as refused:
            build_http_app(config, host=host)
        assert "KLING_V2A_HTTP_TOKEN" in refused.value.hint
