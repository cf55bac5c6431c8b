"""The stdio server started by hand in a terminal says what it is on stderr; started by a client, it says nothing."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time

from tests.server.helpers import console_script
from tests.server.test_cli import process_env


def test_in_a_terminal_the_stdio_server_says_it_waits_for_a_client_and_how_to_try_it(workspace):
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [console_script("kling-v2a-mcp")],
        stdin=slave,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=process_env(workspace.env()),
        close_fds=True,
    )
    os.close(slave)
    shown = b""
    try:
        deadline = time.monotonic() + 30
        while b"Ctrl-C stops it" not in shown:
            assert time.monotonic() < deadline, shown.decode()
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                shown += os.read(master, 65536)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) in (0, 130, -signal.SIGINT)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = shown.decode()
    assert "waits, silent, for a client" in text and "inspector --cli -e FAL_KEY=" in text


def test_started_by_a_client_the_stdio_server_keeps_stderr_quiet(workspace):
    done = subprocess.run(
        [console_script("kling-v2a-mcp")],
        input="",  # a pipe, as clients connect it; closed at once, so the server ends
        capture_output=True,
        text=True,
        env=process_env(workspace.env()),
        timeout=30,
    )
    assert "waits, silent, for a client" not in done.stderr
