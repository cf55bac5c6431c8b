"""One benchmark run, one table: `python -m tests.bench [--out DIR] [--quick] [--only NAME,...]`.

Runs every benchmark in turn, prints the Markdown table (figure, target, met or missed, median with min and
max, date) and writes bench-results.json and bench-results.md into --out (default .bench/). Targets are
reported, never enforced: the exit status is 1 only when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.harness import exempt_loopback_from_proxies
from tests.bench.stats import unavailable
from tests.bench.table import render_markdown, write_results


@dataclass(frozen=True)
class Bench:
    """One benchmark: how to run it (full and --quick) and the figures it reports."""

    name: str
    title: str
    module: str
    full: dict[str, Any]
    quick: dict[str, Any]
    figures: tuple[str, ...]


def _own(name: str, title: str, full: int, quick: int, figure: str) -> Bench:
    return Bench(name, title, f"tests.bench.{name}", {"runs": full}, {"runs": quick}, (figure,))


BENCHES = (
    _own("cold_start", "cold start, 10 spawns of each server", 10, 3, "Cold start"),
    _own("overhead", "orchestration overhead, 5 scores each way", 5, 2, "Orchestration overhead"),
    _own("memory", "peak memory scoring a ~95 MB clip, 3 runs", 3, 1, "Peak memory scoring a ~100 MB clip"),
    Bench("lint", "lint throughput", "areas", {}, {}, ()),
    Bench("media", "probe scaling and transcode speed", "areas", {}, {}, ()),
    Bench(
        "segments",
        "60 s clip in segments vs one 20 s clip, 3 pairs",
        "tests.bench.segments",
        {"runs": 3},
        {"runs": 1},
        ("Segmented 60 s clip", "Time after fal's last answer"),
    ),
    Bench("inspection", "inspection speed at 720p and 1080p", "areas", {}, {}, ()),
    Bench(
        "finish",
        "finishing duck + loudness over 20 s and 60 s, against a plain decode and encode, 3 pairs",
        "tests.bench.finish",
        {"runs": 3},
        {"runs": 1},
        ("Finishing speed, duck + loudness, 20 s", "Finishing speed, duck + loudness, 60 s"),
    ),
    _own("uplink", "time to result on a 20 Mbit/s uplink, 2 runs each way", 2, 1, "Time to result"),
)


def _run_one(bench: Bench, quick: bool) -> tuple[list[dict[str, Any]], Any]:
    if bench.module == "areas":
        from tests.bench.areas import run_area

        return run_area(bench.name)
    module = importlib.import_module(bench.module)
    raw = module.run(**(bench.quick if quick else bench.full))
    return module.rows(raw), raw


def _setup(quick: bool) -> str:
    cpus = os.cpu_count() or 0
    mode = " Quick mode: fewer runs." if quick else ""
    return (
        f"Machine: {cpus} CPUs, {platform.system()} {platform.machine()}, Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.2f} at the end. The fake fal runs as its own process on loopback. "
        f"Command: `python -m tests.bench`.{mode}"
    )


def run_all(quick: bool, only: set[str] | None, log: Callable[[str], None]) -> dict[str, Any]:
    """Run the chosen benchmarks in order; a failing one becomes rows marked not available, with the error."""
    now = dt.datetime.now(dt.timezone.utc)
    results: dict[str, Any] = {
        "date": now.date().isoformat(),
        "measured_at": now.isoformat(timespec="seconds"),
        "quick": quick,
        "rows": [],
        "benchmarks": {},
        "errors": {},
    }
    for bench in BENCHES:
        if only and bench.name not in only:
            continue
        log(f"bench: {bench.title} ...")
        start = time.perf_counter()
        try:
            rows, raw = _run_one(bench, quick)
        except Exception as exc:  # the top of one benchmark: record it and go on with the others
            log(traceback.format_exc())
            reason = f"Could not run: {type(exc).__name__}: {exc}"
            rows, raw = [unavailable(figure, reason) for figure in bench.figures or (bench.title,)], None
            results["errors"][bench.name] = reason
        results["rows"].extend(rows)
        results["benchmarks"][bench.name] = {"seconds": round(time.perf_counter() - start, 1), "raw": raw}
        log(f"bench: {bench.title}: {time.perf_counter() - start:.1f} s")
    results["setup"] = _setup(quick)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table, write the JSON and Markdown files."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(".bench"), help="folder for the results (.bench/)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: a check that everything works")
    parser.add_argument("--only", help="comma-separated names: " + ",".join(b.name for b in BENCHES))
    args = parser.parse_args(argv)
    only = {n.strip() for n in args.only.split(",")} if args.only else None
    unknown = (only or set()) - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    exempt_loopback_from_proxies()

    def log(line: str) -> None:
        sys.stderr.write(line.rstrip() + "\n")
        sys.stderr.flush()

    started = time.perf_counter()
    results = run_all(args.quick, only, log)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    json_path, md_path = write_results(results, args.out)
    sys.stdout.write(render_markdown(results))
    log(f"bench: {results['total_seconds']:.0f} s in all; wrote {json_path} and {md_path}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
