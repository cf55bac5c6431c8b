"""What the timing benchmarks share: the loopback fake of fal as its own process, a config pointing at it, and
one score_video call through an MCP client.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools.config import Config

REPO = Path(__file__).resolve().parents[2]
BENCH_KEY = "bench-key-loopback-only"
START_SECONDS = 30.0
LOOPBACK = "127.0.0.1,localhost"
# The fake's own heavy work (probing uploads, making each request's result files, which fal does on its own
# machines) runs at the lowest CPU priority, taking only CPU the measured process leaves idle, as if fal ran
# elsewhere; on a machine of two cores it would otherwise compete with the server for them. Its answers and
# downloads keep the normal priority: fal's API and storage answer whatever this machine is busy with.
WORK_NICE = 19


def exempt_loopback_from_proxies() -> None:
    """httpx honours proxy variables; the fake lives on loopback and must be reached directly."""
    for name in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(name, "")
        os.environ[name] = f"{current},{LOOPBACK}" if current else LOOPBACK


@contextmanager
def fake_fal_process(latency: float, folder: Path, *, upload_mbps: float | None = None) -> Iterator[str]:
    """Run `python -m tests.fakefal` with a fixed model latency; yield its base URL, stop it afterwards.

    A process of its own keeps the fake's work (probing uploads, rendering results) off the measured process,
    at the lowest priority (WORK_NICE).
    """
    folder.mkdir(parents=True, exist_ok=True)
    state = folder / "fake-state.json"
    state.unlink(missing_ok=True)
    command = [sys.executable, "-m", "tests.fakefal", "--port", "0", "--state-file", str(state)]
    command += ["--work-nice", str(WORK_NICE)]
    if upload_mbps:
        command += ["--upload-mbps", str(upload_mbps)]
    with open(folder / "fake-fal.log", "ab") as log:
        proc = subprocess.Popen(
            [*command, "--latency", str(latency)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not state.exists():
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the fake fal exited with {proc.returncode}; see {folder / 'fake-fal.log'}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"the fake fal did not start within {START_SECONDS:g} s")
            time.sleep(0.05)
        yield str(json.loads(state.read_text())["url"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_config(fal_url: str, home: Path, data: Path, **changes: Any) -> Config:
    """A config that scores clips under `home` against the fake, and waits long enough to see every job finish."""
    settings: dict[str, Any] = {
        "fal_key": BENCH_KEY,
        "fal_url": fal_url,
        "allowed_dirs": (home,),
        "output_dir": home / "scored",
        "data_dir": data,
        "wait_seconds": 300.0,
        **changes,
    }
    return Config(**settings)


async def score_once(client: Any, clip: Path, **arguments: Any) -> tuple[float, dict[str, Any]]:
    """Call score_video once (never reusing an earlier result); return its wall time and the ScoreJob."""
    start = time.perf_counter()
    result = await client.call_tool("score_video", {"video": str(clip), "reuse": False, **arguments})
    elapsed = time.perf_counter() - start
    job = result.structured_content or {}
    if job.get("status") != "completed":
        raise RuntimeError(f"score_video did not complete: {job.get('error') or result.content}")
    return elapsed, job


def quiet_logs() -> None:
    """Keep the in-process server's INFO lines (every HTTP request, every file written) out of the report."""
    logging.disable(logging.INFO)
