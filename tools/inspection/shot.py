"""A heuristic guess whether a clip is a close-up or macro shot, the kind where ASMR mode pays off.

Close-ups and macro shots tend to fill the frame with a few large surfaces and throw the rest out of focus:
much of the picture is smooth, and fine edges are few. Wide shots scatter small detail over the whole frame.
The guess reads only that, on a few thumbnails, so it is a hint and says so: a blank wall in a wide shot looks
smooth too, and a macro shot of a fine fabric weave is full of edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tools.inspection.models import ShotHint

BLOCK = 8
# A block whose luma varies less than this is smooth (flat or out of focus).
SMOOTH_STD = 5.0
# A pixel whose gradient exceeds this sits on a fine edge; a block whose mean gradient does holds sharp detail.
EDGE_GRADIENT = 12.0
DETAIL_GRADIENT = 8.0
# Less sharp detail than this share of blocks: the picture is blank or dark, and says nothing about framing.
FEATURELESS = 0.03


@dataclass(frozen=True)
class ShotFeatures:
    """What the framing heuristic reads from one thumbnail."""

    smooth_share: float
    detail_share: float
    edge_density: float


def shot_features(pixels: np.ndarray) -> ShotFeatures:
    """Measure smooth area, sharp detail and edge density of a grayscale thumbnail."""
    gy, gx = np.gradient(pixels.astype(np.float32))
    grad = np.hypot(gx, gy)
    h = pixels.shape[0] // BLOCK * BLOCK
    w = pixels.shape[1] // BLOCK * BLOCK
    if h == 0 or w == 0:
        return ShotFeatures(smooth_share=1.0, detail_share=0.0, edge_density=0.0)
    blocks = pixels[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK)
    block_grad = grad[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK).mean(axis=(1, 3))
    return ShotFeatures(
        smooth_share=float((blocks.std(axis=(1, 3)) < SMOOTH_STD).mean()),
        detail_share=float((block_grad > DETAIL_GRADIENT).mean()),
        edge_density=float((grad > EDGE_GRADIENT).mean()),
    )


def close_up_likelihood(features: ShotFeatures) -> float:
    """0..1: large smooth areas push it up, fine edges everywhere push it down."""
    if features.detail_share < FEATURELESS:
        return 0.3
    z = 4.0 * (features.smooth_share - 0.35) - 10.0 * (features.edge_density - 0.12)
    return 1.0 / (1.0 + math.exp(-z))


def shot_hint(samples: Sequence[ShotFeatures]) -> ShotHint:
    """Combine per-thumbnail features into one hint with a plain-words reason."""
    if not samples:
        return ShotHint(close_up_likelihood=0.3, reason="no frame to judge the framing from")
    likelihood = float(np.median([close_up_likelihood(s) for s in samples]))
    smooth = float(np.median([s.smooth_share for s in samples]))
    edges = float(np.median([s.edge_density for s in samples]))
    detail = float(np.median([s.detail_share for s in samples]))
    figures = f"smooth areas {round(100 * smooth)}% of the picture, fine edges {round(100 * edges)}%"
    if detail < FEATURELESS:
        reason = "the picture is mostly blank or dark, so the framing cannot be judged"
    elif likelihood >= 0.6:
        reason = f"large smooth or out-of-focus areas and few fine edges ({figures}): likely a close-up or macro shot"
    elif likelihood <= 0.4:
        reason = f"fine detail spread over the frame ({figures}): likely a wide or medium shot"
    else:
        reason = f"mixed framing ({figures}): could be a medium close-up"
    return ShotHint(
        close_up_likelihood=round(likelihood, 3), reason=f"{reason} (a heuristic from image texture)"
    )
