"""Benchmark: prompt pairs linted per second, one core, over the team's corpus (target: at least 5,000/s).

Run from the repository root: `.venv/bin/python -m tests.bench.bench_lint`. Not collected by pytest.
"""

from __future__ import annotations

import statistics
import time

from tests.tools.lint.corpus import CORPUS
from tools.lint import lint_prompts

ROUNDS = 7


def run(rounds: int = ROUNDS) -> dict[str, float]:
    """Lint every corpus pair `rounds` times; report the median rate and the slowest pair."""
    pairs = [(c.sfx, c.music, c.asmr, c.scene, c.events or None) for c in CORPUS]
    for sfx, music, asmr, scene, events in pairs:  # warm-up: regexes compiled, word stems cached
        lint_prompts(sfx, music, asmr, scene=scene, events=events)
    rates, cpu_rates = [], []
    per_pair: list[list[float]] = [[] for _ in pairs]
    for _ in range(rounds):
        start, cpu_start = time.perf_counter(), time.thread_time()
        for k, (sfx, music, asmr, scene, events) in enumerate(pairs):
            t = time.perf_counter()
            lint_prompts(sfx, music, asmr, scene=scene, events=events)
            per_pair[k].append(time.perf_counter() - t)
        rates.append(len(pairs) / (time.perf_counter() - start))
        cpu_rates.append(len(pairs) / max(time.thread_time() - cpu_start, 1e-9))
    median = statistics.median(rates)
    return {
        "pairs": float(len(pairs)),
        "rounds": float(rounds),
        "pairs_per_second": round(median, 1),
        # CPU time of this thread only: what one core does when other processes share the machine.
        "pairs_per_cpu_second": round(statistics.median(cpu_rates), 1),
        "mean_us_per_pair": round(1e6 / median, 1),
        "slowest_pair_us": round(max(statistics.median(times) for times in per_pair) * 1e6, 1),
    }


if __name__ == "__main__":
    import json
    import sys

    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
