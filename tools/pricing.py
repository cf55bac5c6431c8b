"""The one price table: what each fal call costs, as seen in fal's listing."""

from __future__ import annotations

KLING_V2A_APP = "fal-ai/kling-video/video-to-audio"

PRICE_PER_CALL_USD: dict[str, float] = {
    KLING_V2A_APP: 0.035,
}


def call_price(app: str = KLING_V2A_APP) -> float:
    """USD charged for one call of an endpoint."""
    return PRICE_PER_CALL_USD[app]
