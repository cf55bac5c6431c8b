"""The benchmark's entry point and table writer, on made-up figures: no timing is measured or asserted here."""

from __future__ import annotations

import json

from tests.bench.stats import row, unavailable
from tests.bench.table import render_markdown, write_results


def test_the_table_writer_reports_each_figure_against_its_target_in_markdown_and_json(tmp_path):
    from tests.bench.__main__ import BENCHES

    rows = [
        row("Cold start", [1.2, 1.25, 1.4], unit="x", target="≤ 1.3x", limit=1.3, detail="ratios of pairs"),
        row("Overhead", [1.5, 1.6, 1.7], unit="x", target="≤ 1.10x", limit=1.10, note="polls every 0.5 s"),
        row(
            "Lint", [6123.0], unit="pairs/s", target="≥ 5,000 pairs/s", limit=5000, better="higher", digits=0
        ),
        row("Probe", [0.8], unit="x", target="none set"),
        unavailable("Inspection", "tests.bench.bench_inspection is not in this checkout."),
    ]
    results = {"date": "2026-01-02", "rows": rows, "setup": "Machine: 2 CPUs.", "errors": {}}

    json_path, md_path = write_results(results, tmp_path / "out")

    table = md_path.read_text()
    assert table == render_markdown(results)
    lines = table.splitlines()
    assert lines[0].startswith("| Figure | Target | Result | Median (min–max) |")
    body = {line.split(" | ")[0].lstrip("| ").split(" [")[0]: line for line in lines[2:7]}
    assert "| met | 1.25x (1.2–1.4) | 3 | 2026-01-02 |" in body["Cold start"]
    assert "| **missed** | 1.6x (1.5–1.7) |" in body["Overhead"]
    assert "| met | 6,123 pairs/s (median only) | 1 |" in body["Lint"]
    assert "| no target |" in body["Probe"]
    assert "| not available | – |" in body["Inspection"]
    assert "1. ratios of pairs" in table and "2. polls every 0.5 s" in table
    assert "3. tests.bench.bench_inspection is not in this checkout." in table
    assert json.loads(json_path.read_text())["rows"][1]["status"] == "missed"
    assert {b.name for b in BENCHES} >= {"cold_start", "overhead", "memory", "segments", "lint", "media"}
