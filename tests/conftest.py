"""Shared fixtures: a loopback fake of fal, a workspace of allowed folders, and a config that ties them together."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.fakefal.fixtures import fake_fal  # noqa: F401  (a fixture)
from tests.fakefal.server import FakeFal
from tests.trickle import trickling_url  # noqa: F401  (a fixture)
from tools.config import Config

TEST_KEY = "test-key-3c1f0e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A paid test runs only when asked for by name (-m live), never as part of a plain pytest run."""
    chosen = config.getoption("-m") or ""
    if "live" in chosen and "not live" not in chosen:
        return
    skip = pytest.mark.skip(reason="charges the real fal: run with -m live")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def anyio_backend() -> str:
    """fal-client is asyncio-only, and so is the server."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _restore_fal_client_endpoints() -> Iterator[None]:
    """The engine points fal_client's module constants at the fake; put them back after each test."""
    import fal_client.client as fc

    names = ("QUEUE_URL_FORMAT", "RUN_URL_FORMAT", "REST_URL", "CDN_URL")
    saved = {n: getattr(fc, n) for n in names}
    yield
    for n, v in saved.items():
        setattr(fc, n, v)


@dataclass
class Workspace:
    """Folders of one test: home (allowed inputs), out (results), data (ledger and cache)."""

    home: Path
    out: Path
    data: Path

    def env(self, fake_url: str | None = None, **extra: str) -> dict[str, str]:
        """Environment variables for a server process using this workspace."""
        env = {
            "FAL_KEY": TEST_KEY,
            "KLING_V2A_ALLOWED_DIRS": str(self.home),
            "KLING_V2A_OUTPUT_DIR": str(self.out),
            "KLING_V2A_DATA_DIR": str(self.data),
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        if fake_url:
            env["KLING_V2A_FAL_URL"] = fake_url
        env.update(extra)
        return env


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """Fresh allowed, output and data folders."""
    ws = Workspace(home=tmp_path / "home", out=tmp_path / "home" / "scored", data=tmp_path / "data")
    ws.home.mkdir()
    return ws


@pytest.fixture
def config(workspace: Workspace, fake_fal: FakeFal) -> Config:  # noqa: F811
    """A config that scores against the fake, with short waits."""
    return Config(
        fal_key=TEST_KEY,
        fal_url=fake_fal.url,
        allowed_dirs=(workspace.home,),
        output_dir=workspace.out,
        data_dir=workspace.data,
        wait_seconds=20,
    )


@pytest.fixture
def clip(workspace: Workspace) -> Path:
    """A 4 s silent H.264 MP4 that fal accepts as it is."""
    return make_clip(workspace.home / "walk.mp4", duration=4.0)


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A loopback static file server over a folder: the folder and its base URL (http://127.0.0.1:PORT)."""
    root = tmp_path / "web"
    root.mkdir()
    handler = functools.partial(_QuietFiles, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
