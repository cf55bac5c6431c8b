"""The per-area benchmarks other parts of the project own (lint, media, inspection), loaded lazily and turned
into table rows. Each module exposes `run() -> dict`; a module that is missing is reported as not available.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tests.bench.stats import row, unavailable

LINT_TARGET = 5000.0

MODULES = {
    "lint": "tests.bench.bench_lint",
    "media": "tests.bench.bench_media",
    "inspection": "tests.bench.bench_inspection",
}


def load(area: str) -> ModuleType | None:
    """The area's benchmark module, or None when it does not exist (yet)."""
    name = MODULES[area]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise  # the module exists but something it needs is missing: that is an error, not an absence


def lint_rows(figures: dict[str, Any], module: ModuleType) -> list[dict[str, Any]]:
    """Prompt pairs linted per second."""
    detail = (
        f"{figures['pairs']:g} corpus pairs linted {figures['rounds']:g} times in one thread; median round. "
        f"{figures['mean_us_per_pair']:g} µs per pair on average, slowest pair {figures['slowest_pair_us']:g} µs; "
        f"per CPU second of the thread {figures['pairs_per_cpu_second']:,g} pairs/s."
    )
    return [
        row(
            "Lint throughput, one core",
            [figures["pairs_per_second"]],
            unit="pairs/s",
            target=f"≥ {LINT_TARGET:,g} pairs/s",
            limit=LINT_TARGET,
            better="higher",
            detail=detail,
            digits=0,
            runs=int(figures["rounds"]),
        )
    ]


def media_rows(figures: dict[str, Any], module: ModuleType) -> list[dict[str, Any]]:
    """Probe scaling with file size, and the preflight transcode speed."""
    probe_detail = (
        f"Median probe time of a {figures['probe_large_file_mb']:g} MB file over a "
        f"{figures['probe_small_file_mb']:g} MB one of the same kind: {figures['probe_large_ms']:g} ms against "
        f"{figures['probe_small_ms']:g} ms. The probe reads the container index, not the frames."
    )
    render_detail = (
        f"A 10 s 1280x720 H.264 clip in Matroska decoded and re-encoded to an H.264 MP4 for upload in "
        f"{figures['render_720p_10s_seconds']:g} s (single run); peak RSS while rendering a "
        f"{figures['probe_large_file_mb']:g} MB file: {figures['render_large_peak_rss_mb']:g} MB."
    )
    return [
        row(
            "Probe time, ~100 MB file vs ~1 MB file",
            [figures["probe_large_to_small_ratio"]],
            unit="x",
            target="none set",
            detail=probe_detail,
            runs=getattr(module, "PROBE_RUNS", None),
        ),
        row(
            "Preflight transcode speed, 720p",
            [figures["render_720p_speed_x_realtime"]],
            unit="x real time",
            target="none set",
            better="higher",
            detail=render_detail,
        ),
    ]


def inspection_rows(figures: dict[str, Any], module: ModuleType) -> list[dict[str, Any]]:
    """Seconds of analysis per second of video, per picture size."""
    out = []
    for size in ("720p", "1080p"):
        f = figures[size]
        detail = (
            f"analyze_video on a {f['clip_seconds']:g} s {size} clip ({f['clip_mbit_per_s']:g} Mbit/s); a plain decode of the same file takes {f['decode_only_s_per_video_s']:g} s/s, so analysis "
            f"costs {f['analysis_over_decode_ratio']:g}x a decode. Contact sheet of 6 frames: "
            f"{f['contact_sheet_6_frames_s']:g} s."
        )
        out.append(
            row(
                f"Inspection time per second of video, {size}",
                [f["analyze_s_per_video_s"]],
                unit="s/s",
                target="none set",
                detail=detail,
                digits=4,
                runs=getattr(module, "RUNS", None),
            )
        )
    return out


ROWS: dict[str, Callable[[dict[str, Any], ModuleType], list[dict[str, Any]]]] = {
    "lint": lint_rows,
    "media": media_rows,
    "inspection": inspection_rows,
}
FIGURES = {
    "lint": ["Lint throughput, one core"],
    "media": ["Probe time, ~100 MB file vs ~1 MB file", "Preflight transcode speed, 720p"],
    "inspection": ["Inspection time per second of video, 720p", "Inspection time per second of video, 1080p"],
}


def run_area(area: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Run one area's benchmark; return its rows and its raw figures (None when the module is missing)."""
    module = load(area)
    if module is None:
        reason = f"{MODULES[area]} is not in this checkout."
        return [unavailable(figure, reason) for figure in FIGURES[area]], None
    figures = module.run()
    try:
        return ROWS[area](figures, module), figures
    except KeyError as exc:
        reason = f"{MODULES[area]}.run() no longer reports {exc}."
        return [unavailable(figure, reason) for figure in FIGURES[area]], figures
