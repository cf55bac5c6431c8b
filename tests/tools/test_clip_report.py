"""The close-up hint of a clip feeds the asmr_mode advice that inspect_video and lint_prompt give."""

from __future__ import annotations

import numpy as np

from tests.tools.inspection import synth
from tools.clip_report import picture_context


def _macro_frames(count: int):
    yy, xx = np.mgrid[0:180, 0:320].astype(np.float64)
    picture = 90 + 60 * np.exp(-((xx - 120) ** 2 + (yy - 60) ** 2) / 8000.0)
    stripes = 128 + 100 * np.sign(np.sin(xx / 1.5))
    subject = (np.abs(xx - 160) < 36) & (np.abs(yy - 90) < 28)
    picture[subject] = stripes[subject]
    for n in range(count):
        yield np.roll(picture, n // 4, axis=1).clip(0, 255).astype(np.uint8)


def test_a_macro_shot_gets_asmr_on_and_a_wide_pan_gets_it_off(config, workspace):
    macro = synth.write_clip(workspace.home / "macro.mp4", _macro_frames(72))
    pan = synth.make_pan(workspace.home / "pan.mp4", duration=3.0)
    _, macro_advice = picture_context(str(macro), config)
    _, pan_advice = picture_context(str(pan), config)
    assert [(r.topic, r.value) for r in macro_advice] == [("asmr_mode", "on")]
    assert [(r.topic, r.value) for r in pan_advice] == [("asmr_mode", "off")]
