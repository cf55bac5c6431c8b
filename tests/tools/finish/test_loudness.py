"""Levelling to a loudness target under the true-peak ceiling, checked with the independent meter."""

from __future__ import annotations

import numpy as np
import pytest

from tests import meter
from tools.finish.loudness import level_to, measure

RATE = meter.RATE


def drums(seconds: float, seed: int = 3) -> np.ndarray:
    """A peaky stereo signal: sharp hits over quiet noise, a crest factor far above a sine's."""
    rng = np.random.default_rng(seed)
    n = round(seconds * RATE)
    out = rng.normal(0, 0.01, (2, n))
    hit = np.exp(-np.arange(round(0.08 * RATE)) / (0.01 * RATE)) * rng.normal(0, 1, round(0.08 * RATE))
    for start in range(0, n - hit.size, round(0.25 * RATE)):
        out[:, start : start + hit.size] += 0.9 * hit / np.max(np.abs(hit))
    return out.astype(np.float32)


@pytest.mark.parametrize(("target", "limited"), [(-14.0, True), (-23.0, False)])
def test_a_peaky_soundtrack_reaches_the_target_with_its_true_peak_under_minus_1_dbtp(target, limited):
    x = drums(8.0)
    # At -14 LUFS a plain gain would put the peaks over the ceiling: the limiter has to work.
    assert (meter.true_peak_dbtp(x) + target - meter.integrated_lufs(x) > -1.0) == limited
    out = level_to(x, RATE, target, -1.0)
    assert abs(meter.integrated_lufs(out.astype(np.float64)) - target) <= 0.5
    assert meter.true_peak_dbtp(out.astype(np.float64)) <= -1.0


def test_without_a_target_the_level_is_left_and_only_peaks_over_the_ceiling_are_held():
    quiet = drums(6.0) * np.float32(0.3)
    assert np.array_equal(level_to(quiet, RATE, None, -1.0), quiet)
    loud = drums(6.0) * np.float32(1.4)  # a mix can add up past full scale
    held = level_to(loud, RATE, None, -1.0).astype(np.float64)
    assert meter.true_peak_dbtp(held) <= -1.0
    # Only the peaks come down: the loudness falls by less than they had to.
    excess = meter.true_peak_dbtp(loud.astype(np.float64)) + 1.0
    assert 0 < meter.integrated_lufs(loud.astype(np.float64)) - meter.integrated_lufs(held) < excess


def test_the_measurement_agrees_with_the_independent_meter_and_silence_has_no_loudness():
    rng = np.random.default_rng(7)
    x = (rng.normal(0, 0.05, (2, 10 * RATE)) * np.repeat([0.2, 1.0, 0.5, 1.0, 0.1], 2 * RATE)).astype(
        np.float32
    )
    got, want = measure(x, RATE), x.astype(np.float64)
    assert got.integrated_lufs is not None and got.true_peak_dbtp is not None
    assert abs(got.integrated_lufs - meter.integrated_lufs(want)) <= 0.2
    assert abs(got.true_peak_dbtp - meter.true_peak_dbtp(want)) <= 0.6
    assert abs(got.loudness_range_lu - meter.loudness_range_lu(want)) <= 1.0
    assert got.duration_s == 10.0
    silent = measure(np.zeros((2, RATE), dtype=np.float32), RATE)
    assert silent.integrated_lufs is None and silent.true_peak_dbtp is None
    assert np.array_equal(
        level_to(np.zeros((2, RATE), dtype=np.float32), RATE, -14.0, -1.0), np.zeros((2, RATE))
    )
