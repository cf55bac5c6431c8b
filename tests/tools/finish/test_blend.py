"""Ducking follows the clip's own speech whatever its level, and lets a quiet noise floor pass as a gap."""

from __future__ import annotations

import numpy as np
import pytest

from tests import meter
from tests.tools.finish.talking import PAUSE_S, speech, talk_spans
from tools.finish.blend import duck

DURATION = 9.5


def tone(hz: float = 700.0) -> np.ndarray:
    t = np.arange(round(DURATION * meter.RATE)) / meter.RATE
    return np.stack([0.2 * np.sin(2 * np.pi * hz * t)] * 2).astype(np.float32)


@pytest.mark.parametrize("level", [1.0, 0.03])  # a close microphone, and a speaker 30 dB quieter
def test_the_new_soundtrack_dips_under_speech_and_comes_back_in_the_gaps_over_a_noise_floor(level):
    rng = np.random.default_rng(5)
    own = speech(DURATION) * np.float32(level)
    own += rng.normal(0, 0.12 * level * 10 ** (-35 / 20), own.shape).astype(
        np.float32
    )  # room tone, 35 dB down
    out = duck(tone(), own, meter.RATE, 1.0).astype(np.float64)
    spans = talk_spans(DURATION)
    talking = [meter.band_level_db(out, 700.0, a + 0.15, b - 0.05) for a, b in spans]
    pauses = [meter.band_level_db(out, 700.0, b + PAUSE_S - 0.55, b + PAUSE_S - 0.05) for a, b in spans[:-1]]
    assert max(talking) <= min(pauses) - 10.0, (talking, pauses)
    assert min(pauses) >= meter.band_level_db(tone().astype(np.float64), 700.0, 0.0, 1.0) - 1.5
