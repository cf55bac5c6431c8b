"""Cold start: spawn kling-v2a-mcp over stdio until `initialize` and `tools/list` have answered, as a ratio to a
bare MCPServer with one tool (tests/bench/floor_server.py) spawned the same way by the same client.

Spawns alternate between the two (which goes first alternates too), so both see the same machine load; each
ratio compares one pair. The disk cache is warm (one unmeasured spawn of each first): a first launch after a
reboot is slower for both. An import audit (`python -X importtime`) lists what the server loads at start beyond
the floor, and names the project modules that pull in heavy libraries meant to load on first use.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from tests.bench.harness import REPO
from tests.bench.stats import pairwise_ratios, row, summary
from tests.server.helpers import console_script

FLOOR = Path(__file__).with_name("floor_server.py")
RUNS = 10
TARGET = 1.3
# Libraries that only scoring, probing or inspecting needs: they should load on first use, not at start.
ON_FIRST_USE = ("av", "numpy", "PIL", "fal_client")
# Parts of the project itself that only one tool needs.
PROJECT_ON_FIRST_USE = ("tools.lint", "tools.inspection")
WATCHED = ("numpy", "av", "PIL.Image", "fal_client", *PROJECT_ON_FIRST_USE)
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _env(folder: Path) -> dict[str, str]:
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    # No FAL_KEY: starting needs none, and nothing here should ever be able to reach fal.
    return {
        **base,
        "KLING_V2A_ALLOWED_DIRS": str(folder),
        "KLING_V2A_OUTPUT_DIR": str(folder / "out"),
        "KLING_V2A_DATA_DIR": str(folder / "data"),
    }


def _servers(env: dict[str, str]) -> dict[str, StdioServerParameters]:
    return {
        "server": StdioServerParameters(command=console_script("kling-v2a-mcp"), env=env),
        "floor": StdioServerParameters(command=sys.executable, args=[str(FLOOR)], env=env),
    }


async def time_to_tools_list(params: StdioServerParameters) -> float:
    """Seconds from spawning a stdio server until it has answered initialize and tools/list."""
    start = time.perf_counter()
    async with Client(params, mode="legacy") as client:
        tools = await client.list_tools()
        elapsed = time.perf_counter() - start
    if not tools.tools:
        raise RuntimeError(f"{params.command} listed no tools")
    return elapsed


async def _measure(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    servers = _servers(env)
    for params in servers.values():  # warm the disk cache and the byte-code caches
        await time_to_tools_list(params)
    times: dict[str, list[float]] = {"server": [], "floor": []}
    for i in range(runs):
        order = ("server", "floor") if i % 2 == 0 else ("floor", "server")
        for name in order:
            times[name].append(await time_to_tools_list(servers[name]))
    return times


Entry = tuple[int, int, int, str]  # self µs, cumulative µs, nesting depth, module


def _import_log(command: list[str], env: dict[str, str]) -> list[Entry]:
    # stdin at end-of-file: the server starts, finds no client and exits, having done its whole start-up.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    entries = []
    for line in done.stderr.splitlines():
        if m := _LINE.match(line):
            entries.append((int(m[1]), int(m[2]), len(m[3]) // 2, m[4]))
    return entries


def _importer_chain(entries: list[Entry], index: int) -> list[str]:
    """Who imported entry `index`, outermost first (importtime prints a module after everything it imports)."""
    chain, depth = [entries[index][3]], entries[index][2]
    for _, _, d, name in entries[index + 1 :]:
        if d < depth:
            chain.append(name)
            depth = d
    return chain[::-1]


def import_audit(env: dict[str, str]) -> dict[str, Any]:
    """What kling-v2a-mcp imports at start beyond the floor, and which project modules load heavy libraries."""
    server = _import_log(["-m", "server.main"], env)
    floor = {name for _, _, _, name in _import_log([str(FLOOR)], env)}
    extra = [(us, name) for us, _, _, name in server if name not in floor]
    by_package: Counter[str] = Counter()
    for us, name in extra:
        by_package[name.split(".")[0]] += us
    heavy: dict[str, dict[str, Any]] = {}
    for i, (_, cumulative, _, name) in enumerate(server):
        if name in WATCHED and name not in heavy:
            chain = _importer_chain(server, i)
            heavy[name] = {
                "ms": round(cumulative / 1000, 1),
                "via": [m for m in chain[:-1] if m.split(".")[0] in ("server", "tools")],
            }
    project = sorted(((us, n) for us, n in extra if n.split(".")[0] in ("server", "tools")), reverse=True)
    return {
        "extra_import_ms": round(sum(us for us, _ in extra) / 1000, 1),
        "first_use_libraries_ms": round(sum(v for k, v in by_package.items() if k in ON_FIRST_USE) / 1000, 1),
        "slowest_project_modules_ms": {n: round(us / 1000, 1) for us, n in project[:5]},
        "extra_modules": len(extra),
        "by_package_ms": {k: round(v / 1000, 1) for k, v in by_package.most_common(8)},
        "heavy_at_start": heavy,
    }


def run(runs: int = RUNS) -> dict[str, Any]:
    """Measure both servers `runs` times each, interleaved, and audit the server's start-up imports."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        env = _env(Path(tmp))
        times = anyio.run(_measure, env, runs)
        audit = import_audit(env)
    return {
        "server_s": summary(times["server"]),
        "floor_s": summary(times["floor"]),
        "ratios": summary(pairwise_ratios(times["server"], times["floor"])),
        "import_audit": audit,
    }


def rows(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The table row of the cold-start figure."""
    s, f, audit = raw["server_s"], raw["floor_s"], raw["import_audit"]
    detail = (
        f"kling-v2a-mcp {s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f}), bare MCPServer {f['median']:.2f} s "
        f"({f['min']:.2f}–{f['max']:.2f}); {s['runs']} interleaved spawns each over stdio with the SDK Client "
        f"(initialize, then tools/list); the ratio is taken pair by pair. The server imports "
        f"{audit['extra_import_ms']:g} ms of modules beyond the floor's."
    )
    heavy = audit["heavy_at_start"]
    note = ""
    if heavy:
        loaded = "; ".join(f"{lib} ({v['ms']:g} ms) via {' → '.join(v['via'])}" for lib, v in heavy.items())
        note = (
            f"Loaded at start though only needed on first use: {loaded}. The modules of PyAV, numpy, Pillow "
            f"and fal-client alone take {audit['first_use_libraries_ms']:g} ms."
        )
    return [
        row(
            "Cold start: spawn to `tools/list` answered, vs a bare MCPServer",
            raw["ratios"]["values"],
            unit="x",
            target=f"≤ {TARGET:g}x",
            limit=TARGET,
            detail=detail,
            note=note,
        )
    ]


if __name__ == "__main__":
    import json

    sys.stdout.write(json.dumps(run(3), indent=2) + "\n")
