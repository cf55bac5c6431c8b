"""Drive a FakeFal running in another process: start it, read its counters, switch its faults.

Example:

    with FakeFalProcess(tmp_path, latency=0.5) as remote:
        env["KLING_V2A_FAL_URL"] = remote.url
        ...run the real server process...
        assert remote.state()["submits"][0]["asmr_mode"] is False
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]


class FakeFalRemote:
    """The control channel of a fake at `url` (GET /_fake/state, POST /_fake/faults, /release, /settings)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        # trust_env=False: a proxy from the environment must never see loopback test traffic.
        with httpx.Client(trust_env=False, timeout=10) as http:
            response = http.request(method, self.url + path, json=payload)
        response.raise_for_status()
        return response.json()

    def state(self) -> dict[str, Any]:
        """Counters, recorded submits/uploads/cancels, requests and active faults."""
        return self._call("GET", "/_fake/state")

    def set_fault(self, name: str, **params: Any) -> dict[str, Any]:
        """Switch a fault on; returns the active faults."""
        return self._call("POST", "/_fake/faults", {"name": name, "params": params})

    def clear_faults(self, name: str | None = None) -> dict[str, Any]:
        """Switch one fault off, or all; returns the active faults."""
        return self._call("POST", "/_fake/faults", {"clear": name if name is not None else True})

    def release(self, request_id: str | None = None) -> list[str]:
        """Let held requests finish; returns the released ids."""
        return self._call("POST", "/_fake/release", {"request_id": request_id})["released"]

    def configure(self, **settings: Any) -> dict[str, Any]:
        """Change latency, hold or validate_at; returns the settings."""
        return self._call("POST", "/_fake/settings", settings)


class FakeFalProcess(FakeFalRemote):
    """`python -m tests.fakefal` in a child process, for as long as the with-block lasts."""

    def __init__(self, workdir: Path, *, latency: float = 0.5, hold: bool = False, extra: list[str] | None = None,
                 start_timeout: float = 20.0) -> None:  # fmt: skip
        self.state_file = Path(workdir) / "fakefal-state.json"
        self._args = [sys.executable, "-m", "tests.fakefal", "--port", "0", "--state-file", str(self.state_file),
                      "--latency", str(latency), *(["--hold"] if hold else []), *(extra or [])]  # fmt: skip
        self._start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        super().__init__("")

    def __enter__(self) -> FakeFalProcess:
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        self.process = subprocess.Popen(self._args, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + self._start_timeout
        while not self.state_file.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"fake fal exited with {self.process.returncode} before serving")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("fake fal did not start in time")
            time.sleep(0.02)  # a short poll of a file another process writes; bounded by the deadline
        self.url = json.loads(self.state_file.read_text())["url"]
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> int | None:
        """Send SIGTERM, wait for the exit, and return the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode
