"""Summaries of repeated measurements, and the rows of the benchmark table they become."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any, Literal

Better = Literal["lower", "higher"]


def summary(values: Sequence[float], digits: int = 3) -> dict[str, Any]:
    """Median, min, max and count of a list of measurements, rounded."""
    if not values:
        raise ValueError("no measurements to summarise")
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": len(values),
        "values": [round(v, digits) for v in values],
    }


def pairwise_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Run-by-run ratios of two interleaved series, so each ratio compares runs made under the same load."""
    if len(numerators) != len(denominators):
        raise ValueError("the two series must have one value per run each")
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


def row(
    figure: str,
    values: Sequence[float] | None,
    *,
    unit: str,
    target: str,
    limit: float | None = None,
    better: Better = "lower",
    detail: str = "",
    note: str = "",
    digits: int = 2,
    runs: int | None = None,
) -> dict[str, Any]:
    """One table row: the figure's median with min and max, its target, and whether the median meets it.

    `values` with a single element is a figure its benchmark reports as a median only (min and max unknown);
    `runs` then says how many runs that median was taken over.
    """
    result: dict[str, Any] = {
        "figure": figure,
        "unit": unit,
        "target": target,
        "limit": limit,
        "better": better,
        "detail": detail,
        "note": note,
    }
    if not values:
        return {**result, "status": "not available", "median": None, "min": None, "max": None, "runs": 0}
    stats = summary(values, digits)
    if len(values) == 1:
        stats["min"] = stats["max"] = None  # a median computed elsewhere: its spread is not known here
        stats["runs"] = runs or 1
    met = None
    if limit is not None:
        met = stats["median"] <= limit if better == "lower" else stats["median"] >= limit
    status = "no target" if met is None else "met" if met else "missed"
    return {**result, **stats, "status": status}


def unavailable(figure: str, reason: str, *, target: str = "", unit: str = "") -> dict[str, Any]:
    """A row for a figure that could not be measured in this run, with the reason."""
    return {**row(figure, None, unit=unit, target=target, note=reason), "status": "not available"}
