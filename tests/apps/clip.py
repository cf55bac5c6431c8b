"""A clip with known picture events for the player: a bouncing ball (impacts) and a hard cut to another room."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from tests.tools.inspection.synth import FPS, SIZE, Ball, textured, write_clip


def make_bounce_and_cut(
    path: Path, *, cut: float = 2.5, duration: float = 4.0, fps: int = FPS, ball: Ball | None = None
) -> tuple[list[float], list[float]]:
    """Write the clip; return its true (impact times, cut times), the cut on a frame boundary."""
    ball = ball or Ball()
    h, w = SIZE[1], SIZE[0]
    floor = h - 20
    rooms = []
    for seed, kind, luma in ((11, 4, 0.6), (5, 1, 0.45)):
        room = np.clip(textured((h, w), seed, kind=kind).astype(np.float32) * luma, 0, 255)
        room[floor:, :] = 60 * luma / 0.6
        rooms.append(room)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cut_frame = round(cut * fps)

    def pictures() -> Iterable[np.ndarray]:
        for n in range(round(duration * fps)):
            room = rooms[1 if n >= cut_frame else 0]
            cx, above = ball.position(n / fps)
            cy = floor - ball.radius - above
            inside = np.clip(ball.radius + 0.5 - np.hypot(xx - cx, yy - cy), 0.0, 1.0)
            yield np.clip(room * (1 - inside) + 235.0 * inside, 0, 255).astype(np.uint8)

    write_clip(path, pictures(), fps=fps)
    return ball.impacts(duration), [cut_frame / fps]
