"""Headless Chromium driven over its DevTools protocol through a pipe (--remote-debugging-pipe): no port, no
websocket library, nothing but the browser Debian packages."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
    # One renderer for the host page and the app frame, so the page's session sees the frame's requests too.
    "--disable-site-isolation-trials",
    "--disable-features=IsolateOrigins,site-per-process,IsolateSandboxedIframes,MediaRouter,Translate",
    "--window-size=900,1100",
]


def chromium_path() -> str | None:
    """The Chromium binary Debian's `chromium` package installs, if any."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class CdpError(RuntimeError):
    pass


class Browser:
    """One Chromium process; `call` sends a command and returns its result, keeping events for `events`."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # runs in the child before exec: the pipe ends become fds 3 and 4, kept open
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)  # out of the way of 3 and 4 first
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: deque[dict[str, Any]] = deque()
        self._next = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                data = os.read(self._from_child, 1 << 20)
            except OSError:
                data = b""
            if not data:
                self._inbox.put(None)
                return
            buf += data
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                self._inbox.put(json.loads(raw))

    def _take(self, deadline: float) -> dict[str, Any]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("Chromium did not answer in time")
        try:
            msg = self._inbox.get(timeout=left)
        except queue.Empty:
            raise TimeoutError("Chromium did not answer in time") from None
        if msg is None:
            raise CdpError("Chromium closed its DevTools pipe")
        return msg

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 60.0,
    ) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            got = self._take(deadline)
            if got.get("id") == self._next:
                if "error" in got:
                    raise CdpError(f"{method}: {got['error']}")
                result: dict[str, Any] = got.get("result", {})
                return result
            if "method" in got:
                self.events.append(got)

    def wait_event(self, timeout: float = 0.05) -> dict[str, Any] | None:
        """The next event, from those kept or the pipe, or None after `timeout`."""
        if self.events:
            return self.events.popleft()
        try:
            msg = self._take(time.monotonic() + timeout)
        except TimeoutError:
            return None
        return msg if "method" in msg else None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)


@contextlib.contextmanager
def browser(exe: str) -> Iterator[Browser]:
    """A fresh headless Chromium with a new profile folder, closed afterwards."""
    with tempfile.TemporaryDirectory(prefix="kling-v2a-chromium-") as profile:
        b = Browser(exe, Path(profile))
        try:
            yield b
        finally:
            b.close()


def bounded(check: Callable[[], Any], step: Callable[[], None], timeout: float, what: str) -> Any:
    """Run `step` until `check` returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        step()
