"""The close-up hint: a heuristic that must at least order obvious cases right."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.tools.inspection import synth
from tools.inspection import analyze_video
from tools.inspection.shot import close_up_likelihood, shot_features, shot_hint


def _macro() -> np.ndarray:
    """A smooth, out-of-focus background with one sharp, textured subject in the middle."""
    yy, xx = np.mgrid[0:90, 0:160].astype(np.float64)
    picture = 90 + 60 * np.exp(-((xx - 60) ** 2 + (yy - 30) ** 2) / 2000.0)
    stripes = 128 + 100 * np.sign(np.sin(xx / 1.5))
    subject = (np.abs(xx - 80) < 18) & (np.abs(yy - 45) < 14)
    picture[subject] = stripes[subject]
    return picture.astype(np.float32)


def _wide() -> np.ndarray:
    """Fine detail everywhere, as in a landscape or a street."""
    return synth.textured((90, 160), 0, kind=0).astype(np.float32)


def test_a_macro_like_picture_is_likely_a_close_up_and_a_detailed_one_is_not() -> None:
    macro = close_up_likelihood(shot_features(_macro()))
    wide = close_up_likelihood(shot_features(_wide()))
    assert macro >= 0.6
    assert wide <= 0.4


def test_a_blank_picture_says_nothing_about_framing() -> None:
    hint = shot_hint([shot_features(np.full((90, 160), 40, dtype=np.float32))])
    assert 0.2 <= hint.close_up_likelihood <= 0.4
    assert "blank or dark" in hint.reason


def test_the_hint_explains_itself_and_says_it_is_a_heuristic() -> None:
    hint = shot_hint([shot_features(_macro())] * 3)
    assert "close-up" in hint.reason
    assert "heuristic" in hint.reason


def test_the_analysis_of_a_detailed_pan_calls_it_a_wide_shot(pan_clip: Path) -> None:
    shot = analyze_video(pan_clip).shot
    assert shot.close_up_likelihood <= 0.4
    assert "wide" in shot.reason
