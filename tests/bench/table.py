"""The benchmark report: one Markdown table (figure, target, met or missed, median with min and max, date) and
the same results as JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

JSON_NAME = "bench-results.json"
MARKDOWN_NAME = "bench-results.md"

_STATUS = {"met": "met", "missed": "**missed**", "no target": "no target", "not available": "not available"}


def _number(value: float) -> str:
    return f"{value:,g}"


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "x" else f"{text} {unit}"


def format_value(row: dict[str, Any]) -> str:
    """The median with its unit, then min and max in brackets when they are known."""
    if row.get("median") is None:
        return "–"
    text = _with_unit(_number(row["median"]), row.get("unit", ""))
    if row.get("min") is not None and row.get("max") is not None:
        text += f" ({_number(row['min'])}–{_number(row['max'])})"
    else:
        text += " (median only)"
    return text


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(results: dict[str, Any]) -> str:
    """The results as a Markdown table followed by numbered notes on each figure."""
    date = results.get("date", "")
    lines = [
        "| Figure | Target | Result | Median (min–max) | Runs | Date |",
        "|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for row in results.get("rows", []):
        figure = row["figure"]
        explanation = " ".join(part for part in (row.get("detail", ""), row.get("note", "")) if part)
        if explanation:
            notes.append(explanation)
            figure = f"{figure} [{len(notes)}]"
        status = _STATUS.get(row.get("status", ""), row.get("status", ""))
        runs = str(row.get("runs") or "–")
        cells = [figure, row.get("target") or "–", status, format_value(row), runs, date]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    setup = results.get("setup", "")
    if setup:
        lines += ["", _cell(setup)]
    if notes:
        lines += ["", "Notes:", ""] + [f"{i}. {_cell(text)}" for i, text in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_results(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write bench-results.json and bench-results.md into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / JSON_NAME, out_dir / MARKDOWN_NAME
    _atomic_write(json_path, json.dumps(results, indent=2, sort_keys=False) + "\n")
    _atomic_write(md_path, render_markdown(results))
    return json_path, md_path
