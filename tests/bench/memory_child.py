"""One scoring run for the memory benchmark, in a process of its own so its peak RSS is the server's alone.

    python -m tests.bench.memory_child score|upload|upload-multipart FAL_URL CLIP DATA_DIR

`score` writes one JSON line to stdout: the resident set (VmRSS) once the server is idle, again once the
libraries scoring loads on first use are in, and the peak (VmHWM) after scoring, all in bytes; plus the job's
plan. `upload` is the diagnostic floor: fal-client's `upload_file` of the same clip and nothing else;
`upload-multipart` the same with fal-client's multipart path (10 MiB parts), which it otherwise takes only for
files over 100 MiB.
VmHWM belongs to this process's own memory map, unlike ru_maxrss, which on Linux also counts the parent's at fork.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio

from tests.bench.harness import bench_config, exempt_loopback_from_proxies, quiet_logs, score_once


def memory_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in bytes."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024
    return fields


async def _score(url: str, clip: Path, data: Path) -> dict[str, Any]:
    from mcp import Client

    from server.app import build_server

    quiet_logs()
    async with Client(build_server(bench_config(url, clip.parent, data))) as client:
        idle = memory_status()
        # What scoring imports on first use, loaded before scoring so the report can tell libraries from data.
        import av  # noqa: F401
        import fal_client  # noqa: F401
        import numpy  # noqa: F401
        import PIL.Image  # noqa: F401

        libraries = memory_status()
        seconds, job = await score_once(client, clip)
        after = memory_status()
    return {
        "idle_rss": idle["VmRSS"],
        "idle_hwm": idle["VmHWM"],
        "libraries_rss": libraries["VmRSS"],
        "peak_hwm": after["VmHWM"],
        "seconds": round(seconds, 3),
        "plan_steps": [step["kind"] for step in job.get("plan", {}).get("steps", [])],
    }


async def _upload(url: str, clip: Path, multipart: bool) -> dict[str, Any]:
    import fal_client
    import fal_client.client as fc

    from tests.bench.harness import BENCH_KEY
    from tools.engine.fal import point_fal_client_at

    point_fal_client_at(url)
    if multipart:
        fc.MULTIPART_THRESHOLD = fc.MULTIPART_CHUNK_SIZE
    client = fal_client.AsyncClient(key=BENCH_KEY)
    idle = memory_status()
    await client.upload_file(clip)
    after = memory_status()
    return {"idle_rss": idle["VmRSS"], "peak_hwm": after["VmHWM"]}


def main(argv: list[str]) -> int:
    """Score (or only upload) one clip and report the memory figures."""
    mode, url, clip, data = argv
    exempt_loopback_from_proxies()
    if mode == "score":
        measured = anyio.run(_score, url, Path(clip), Path(data))
    else:
        measured = anyio.run(_upload, url, Path(clip), mode == "upload-multipart")
    sys.stdout.write(json.dumps(measured) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
