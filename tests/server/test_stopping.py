"""Stopping the real server process: SIGTERM and SIGINT stop it at once, leave its jobs resumable and remove
partial downloads; one Ctrl-C in a terminal ends it."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import sqlite3
import subprocess
import termios
import time
from typing import Any

import anyio
import pytest
from mcp import Client

from tests.server.helpers import console_script, stdio_server
from tests.server.test_cli import process_env
from tests.server.test_http import INITIALIZE

pytestmark = pytest.mark.anyio


class RawServer:
    """The installed `kling-v2a-mcp` on pipes, spoken to line by line, so the test holds its process id."""

    def __init__(self, env: dict[str, str], errlog: Any) -> None:
        self.proc = subprocess.Popen(
            [console_script("kling-v2a-mcp")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errlog,
            env=process_env(env),
        )
        self.next_id = 0
        self.request("initialize", INITIALIZE["params"])
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        self.proc.stdin.flush()

    def request(self, method: str, params: dict, timeout: float = 30) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                assert line, "the server closed stdout"
                message = json.loads(line)
                if message.get("id") == self.next_id:
                    return message["result"]
        raise AssertionError(f"no answer to {method} in time")

    def call(self, tool: str, **arguments: Any) -> dict:
        return self.request("tools/call", {"name": tool, "arguments": arguments})["structuredContent"]


def _owners(data_dir) -> dict[str, str | None]:
    with sqlite3.connect(data_dir / "ledger.sqlite3") as db:
        return dict(db.execute("SELECT id, owner FROM jobs").fetchall())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_stop_signal_ends_the_server_leaves_its_jobs_resumable_and_removes_partial_downloads(
    workspace,
    clip,
    fake_fal,
    trickling_url,
    tmp_path,
    signum,
):
    fake_fal.configure(hold=True)
    env = workspace.env(fake_fal.url)
    with (tmp_path / "server.log").open("w") as errlog:
        server = RawServer(env, errlog)
        try:
            held = server.call("score_video", video=str(clip), wait_seconds=0, lint="off")
            downloading = server.call("score_video", video=trickling_url, wait_seconds=0, lint="off")
            inputs = workspace.data / "inputs"
            with anyio.fail_after(20):
                while not fake_fal.submits or not list(inputs.glob(".part-*")):
                    await anyio.sleep(0.05)
            server.proc.send_signal(signum)
            code = server.proc.wait(timeout=30)
        finally:
            if server.proc.poll() is None:
                server.proc.kill()
    log = (tmp_path / "server.log").read_text()
    assert code == 0, log
    assert signal.Signals(signum).name in log and "Traceback" not in log
    assert list(inputs.glob(".part-*")) == []
    owners = _owners(workspace.data)
    assert owners[held["job_id"]] is None and owners[downloading["job_id"]] is None  # let go, not abandoned
    # The next start carries the held job on from its request id: no second submit.
    fake_fal.release()
    async with Client(stdio_server(env)) as client:
        done = await client.call_tool("get_job", {"job_id": held["job_id"], "wait_seconds": 30})
    assert done.structured_content is not None and done.structured_content["status"] == "completed", (
        done.content
    )
    assert len(fake_fal.submits) == 1


def test_one_ctrl_c_in_a_terminal_ends_the_stdio_server(workspace):
    master, slave = pty.openpty()

    def own_terminal() -> None:  # the terminal is the server's, so Ctrl-C there signals it
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [console_script("kling-v2a-mcp")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=process_env(workspace.env()),
        preexec_fn=own_terminal,
    )
    os.close(slave)
    shown = b""
    try:
        # Wait until it serves: it answers an initialize typed at the terminal.
        line = json.dumps(INITIALIZE)
        os.write(master, line.encode() + b"\n")
        deadline = time.monotonic() + 30
        while b'"id":1' not in shown and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                shown += os.read(master, 65536)
        assert b'"id":1' in shown, shown
        os.write(master, b"\x03")  # one Ctrl-C
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert code == 0


async def test_sigterm_ends_the_http_server_with_its_jobs_let_go_for_the_next_start(
    workspace, clip, fake_fal
):
    from tests.server.test_http import free_port, wait_for_port

    fake_fal.configure(hold=True)
    env = workspace.env(fake_fal.url)
    port = free_port()
    proc = subprocess.Popen(
        [console_script("kling-v2a-mcp"), "--transport", "http", "--port", str(port)],
        env=process_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, proc)
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            held = (
                await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0, "lint": "off"})
            ).structured_content
        with anyio.fail_after(20):
            while not fake_fal.submits:
                await anyio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # uvicorn shuts the app down (the runner lets its jobs go), then ends by the signal it received.
    assert proc.returncode in (0, -signal.SIGTERM) and "Traceback" not in err, err
    assert held is not None and _owners(workspace.data)[held["job_id"]] is None
    fake_fal.release()
    async with Client(stdio_server(env)) as client:
        done = await client.call_tool("get_job", {"job_id": held["job_id"], "wait_seconds": 30})
    assert done.structured_content is not None and done.structured_content["status"] == "completed"
    assert len(fake_fal.submits) == 1
