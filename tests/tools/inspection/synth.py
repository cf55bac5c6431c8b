"""Clips with known truth for picture analysis, generated with PyAV: cuts, a static shot, pans and bouncing balls.

Every generator writes a small H.264 MP4 and returns the ground truth it was drawn from (cut times, impact
times). Pictures are textured, not flat, so detectors meet compression noise and detail as in real footage.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

SIZE = (320, 180)
FPS = 30


def write_clip(
    path: Path, pictures: Iterable[np.ndarray], *, fps: int = FPS, crf: int = 20, rotation: int = 0
) -> Path:
    """Encode RGB or grayscale uint8 pictures as an H.264 MP4.

    With `rotation` (90 or 270), each upright picture is stored turned the other way and the stream carries
    a display rotation, as phones record portrait video: players turn it back upright.
    """
    with av.open(str(path), "w") as container:
        stream = None
        for upright in pictures:
            picture = np.rot90(upright, k=-round(rotation / 90)) if rotation else upright
            rgb = picture if picture.ndim == 3 else np.repeat(picture[:, :, None], 3, axis=2)
            if stream is None:
                stream = container.add_stream("libx264", rate=fps)
                stream.width, stream.height = rgb.shape[1], rgb.shape[0]
                stream.pix_fmt = "yuv420p"
                stream.options = {"preset": "veryfast", "crf": str(crf)}
                if rotation:
                    stream.set_display_rotation(rotation)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return path


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Noise at a scale of `cell` pixels, bilinearly enlarged: like blotchy natural texture, 0..1."""
    h, w = shape
    coarse = rng.random((h // cell + 2, w // cell + 2))
    ys = np.arange(h) / cell
    xs = np.arange(w) / cell
    y0, x0 = ys.astype(int), xs.astype(int)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    a = coarse[np.ix_(y0, x0)]
    b = coarse[np.ix_(y0, x0 + 1)]
    c = coarse[np.ix_(y0 + 1, x0)]
    d = coarse[np.ix_(y0 + 1, x0 + 1)]
    return a * (1 - fy) * (1 - fx) + b * (1 - fy) * fx + c * fy * (1 - fx) + d * fy * fx


def textured(shape: tuple[int, int], seed: int, *, kind: int | None = None) -> np.ndarray:
    """A textured grayscale scene (uint8); `kind` picks one of five looks, by default from the seed."""
    rng = np.random.default_rng(seed)
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    look = seed % 5 if kind is None else kind
    if look == 0:  # diagonal stripes over blotches
        base = 0.5 + 0.35 * np.sin((xx + yy) / 6.0) + 0.15 * _smooth_noise(rng, shape, 24)
    elif look == 1:  # checkerboard, dim
        base = 0.15 + 0.3 * (((xx // 16) + (yy // 16)) % 2) + 0.1 * _smooth_noise(rng, shape, 8)
    elif look == 2:  # bright blotchy landscape
        base = 0.45 + 0.5 * _smooth_noise(rng, shape, 40) + 0.05 * _smooth_noise(rng, shape, 4)
    elif look == 3:  # concentric rings
        r = np.hypot(xx - w * 0.6, yy - h * 0.4)
        base = 0.5 + 0.4 * np.sin(r / 5.0) * np.exp(-r / (2 * w))
    else:  # vertical gradient with scattered dots
        base = 0.1 + 0.6 * yy / h + 0.3 * (_smooth_noise(rng, shape, 3) > 0.8)
    return (np.clip(base, 0, 1) * 255).astype(np.uint8)


def make_cuts(path: Path, cuts: Sequence[float] = (1.5, 3.2, 5.0), *, duration: float = 6.0) -> list[float]:
    """Shots of different textures, each with a small drifting square, switching hard at `cuts`."""
    h, w = SIZE[1], SIZE[0]
    scenes = [textured((h, w), seed) for seed in range(len(cuts) + 1)]

    def pictures() -> Iterable[np.ndarray]:
        for n in range(round(duration * FPS)):
            t = n / FPS
            shot = sum(1 for c in cuts if c <= t + 1e-9)
            img = scenes[shot].copy()
            x = int(40 + 20 * t)
            img[80:100, x : x + 20] = 255 - img[80:100, x : x + 20]
            yield img

    write_clip(path, pictures())
    return [round(round(c * FPS) / FPS, 6) for c in cuts]


def make_similar_shots(path: Path, *, cut: float = 2.0, duration: float = 4.0) -> list[float]:
    """Two still shots of the same kind of blotchy texture, cut at `cut`: a hard cut with little to see."""
    first = textured((SIZE[1], SIZE[0]), 1, kind=2)
    second = textured((SIZE[1], SIZE[0]), 2, kind=2)
    frames = round(duration * FPS)
    write_clip(path, (first if n < round(cut * FPS) else second for n in range(frames)))
    return [round(round(cut * FPS) / FPS, 6)]


def make_static(path: Path, *, duration: float = 4.0, seed: int = 7) -> Path:
    """A still textured shot with a little sensor noise in every frame."""
    rng = np.random.default_rng(seed)
    scene = textured((SIZE[1], SIZE[0]), seed, kind=2).astype(np.int16)

    def pictures() -> Iterable[np.ndarray]:
        for _ in range(round(duration * FPS)):
            noise = rng.normal(0, 2.0, scene.shape).astype(np.int16)
            yield np.clip(scene + noise, 0, 255).astype(np.uint8)

    return write_clip(path, pictures())


def make_pan(path: Path, *, duration: float = 5.0, px_per_s: float = 30.0, seed: int = 3) -> Path:
    """A camera pan at constant speed across a wide textured picture (30 px/s is a tenth of the width a second)."""
    h, w = SIZE[1], SIZE[0]
    travel = math.ceil(px_per_s * duration) + 2
    world = textured((h, w + travel), seed, kind=0)

    def pictures() -> Iterable[np.ndarray]:
        for n in range(round(duration * FPS)):
            x = px_per_s * n / FPS
            x0 = int(x)
            f = x - x0
            left = world[:, x0 : x0 + w].astype(np.float32)
            right = world[:, x0 + 1 : x0 + 1 + w].astype(np.float32)
            yield ((1 - f) * left + f * right).astype(np.uint8)

    return write_clip(path, pictures())


@dataclass(frozen=True)
class Ball:
    """A ball dropped from `drop_px` above the floor, bouncing with `restitution` until a rebound would last
    less than `min_flight_s`; then it lies still where it landed. Pixels and seconds throughout."""

    drop_px: float = 140.0
    gravity: float = 900.0
    restitution: float = 0.75
    radius: float = 9.0
    vx: float = 25.0
    start_x: float = 40.0
    release_s: float = 0.2
    min_flight_s: float = 0.3

    def _flights(self) -> list[tuple[float, float]]:
        """(impact time, rebound speed) for every landing, the last one with rebound speed 0."""
        t = self.release_s + math.sqrt(2 * self.drop_px / self.gravity)
        speed = self.gravity * (t - self.release_s)
        out = []
        while True:
            speed *= self.restitution
            if 2 * speed / self.gravity < self.min_flight_s:
                out.append((t, 0.0))
                return out
            out.append((t, speed))
            t += 2 * speed / self.gravity

    def impacts(self, duration: float) -> list[float]:
        """Times the ball hits the floor before `duration`."""
        return [t for t, _ in self._flights() if t < duration]

    def position(self, t: float) -> tuple[float, float]:
        """(x of the centre, height of the bottom above the floor) at time t."""
        if t <= self.release_s:
            return self.start_x, self.drop_px
        flights = self._flights()
        first = flights[0][0]
        if t < first:
            dt = t - self.release_s
            return self.start_x + self.vx * dt, self.drop_px - 0.5 * self.gravity * dt * dt
        for (start, speed), (end, _) in zip(flights, [*flights[1:], (math.inf, 0.0)], strict=True):
            if t < end:
                if speed == 0.0:
                    return self.start_x + self.vx * (start - self.release_s), 0.0
                dt = t - start
                return self.start_x + self.vx * (
                    t - self.release_s
                ), speed * dt - 0.5 * self.gravity * dt * dt
        last = flights[-1][0]
        return self.start_x + self.vx * (last - self.release_s), 0.0


def make_bounce(
    path: Path,
    ball: Ball | None = None,
    *,
    duration: float = 4.0,
    fps: int = FPS,
    ball_luma: float = 235.0,
    room_luma: float = 0.6,
    rotation: int = 0,
) -> list[float]:
    """A ball bouncing on the floor of a static textured room; returns the true impact times.

    `ball_luma` is the ball's brightness and `room_luma` scales the room's (pass a dark ball in a bright room to
    flip which way pixels change where it arrives).
    """
    ball = ball or Ball()
    h, w = SIZE[1], SIZE[0]
    floor = h - 20
    room = np.clip(textured((h, w), 11, kind=4).astype(np.float32) * room_luma, 0, 255)
    room[floor:, :] = 60 * room_luma / 0.6
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)

    def pictures() -> Iterable[np.ndarray]:
        for n in range(round(duration * fps)):
            cx, above = ball.position(n / fps)
            cy = floor - ball.radius - above
            # A soft edge (one pixel wide) keeps the ball's position sub-pixel accurate.
            inside = np.clip(ball.radius + 0.5 - np.hypot(xx - cx, yy - cy), 0.0, 1.0)
            yield np.clip(room * (1 - inside) + ball_luma * inside, 0, 255).astype(np.uint8)

    write_clip(path, pictures(), fps=fps, rotation=rotation)
    return ball.impacts(duration)


def make_start_stop(
    path: Path, *, start: float = 1.0, stop: float = 2.6, duration: float = 4.0
) -> tuple[float, float]:
    """A square at rest that glides off at `start` and eases to a halt at `stop`, with no impact."""
    h, w = SIZE[1], SIZE[0]
    room = textured((h, w), 5, kind=2)
    span = stop - start
    distance = 150.0

    def position(t: float) -> float:
        if t <= start:
            return 0.0
        if t >= stop:
            return distance
        u = (t - start) / span
        # Quick start, smooth finish: velocity falls linearly to zero at `stop`.
        return distance * (2 * u - u * u)

    def pictures() -> Iterable[np.ndarray]:
        for n in range(round(duration * FPS)):
            img = room.copy()
            x = round(60 + position(n / FPS))
            img[70:110, x - 20 : x + 20] = 20
            yield img

    write_clip(path, pictures())
    return start, stop


def make_swing(path: Path, *, period: float = 1.2, amplitude: float = 90.0, duration: float = 4.0) -> Path:
    """A disc swinging from side to side like a pendulum: it turns round smoothly, with no impact."""
    return _moving_disc(
        path, lambda t: (160 + amplitude * math.sin(2 * math.pi * t / period), 90.0), duration
    )


def make_throw(path: Path, *, duration: float = 3.0) -> Path:
    """A disc thrown up across the frame that peaks and falls out of view: an arc, no impact."""
    return _moving_disc(path, lambda t: (30 + 90 * t, 170 - 260 * t + 120 * t * t), duration)


def make_circle(path: Path, *, period: float = 2.0, duration: float = 4.0) -> Path:
    """A disc circling steadily: its velocity turns all the time, never abruptly."""
    return _moving_disc(
        path,
        lambda t: (
            160 + 60 * math.cos(2 * math.pi * t / period),
            90 + 50 * math.sin(2 * math.pi * t / period),
        ),
        duration,
    )


def _moving_disc(path: Path, centre: Callable[[float], tuple[float, float]], duration: float) -> Path:
    h, w = SIZE[1], SIZE[0]
    room = textured((h, w), 13, kind=2).astype(np.float32) * 0.7
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)

    def draw(t: float) -> np.ndarray:
        cx, cy = centre(t)
        inside = np.clip(12.5 - np.hypot(xx - cx, yy - cy), 0.0, 1.0)
        return (room * (1 - inside) + 240 * inside).astype(np.uint8)

    return write_clip(path, pictures_of(draw, duration))


def pictures_of(draw: Callable[[float], np.ndarray], duration: float, fps: int = FPS) -> Iterable[np.ndarray]:
    """Pictures of `draw(t)` at each frame time."""
    for n in range(round(duration * fps)):
        yield draw(n / fps)


def make_counter(path: Path, *, duration: float = 4.0, fps: int = FPS, rotation: int = 0) -> Path:
    """Grey frames that show their own index as eight black-or-white blocks (most significant bit first).

    A white band runs along the top, so the picture's orientation on screen can be checked.
    """
    h, w = SIZE[1], SIZE[0]

    def draw(t: float) -> np.ndarray:
        index = round(t * fps)
        img = np.full((h, w), 110, dtype=np.uint8)
        img[: h // 8] = 255
        for bit in range(8):
            x = COUNTER_LEFT + bit * COUNTER_STEP
            img[80:120, x : x + COUNTER_STEP - 8] = 255 if index >> (7 - bit) & 1 else 0
        return img

    return write_clip(path, pictures_of(draw, duration, fps), fps=fps, rotation=rotation)


COUNTER_LEFT = 32
COUNTER_STEP = 32


def read_counter(tile: np.ndarray) -> int:
    """The index a make_counter frame shows, read from a grayscale picture of it at any size."""
    h, w = tile.shape
    value = 0
    for bit in range(8):
        centre = (COUNTER_LEFT + bit * COUNTER_STEP + (COUNTER_STEP - 8) / 2) / SIZE[0]
        block = tile[round(0.5 * h) : round(0.6 * h), round(centre * w) - 2 : round(centre * w) + 3]
        value = value << 1 | int(block.mean() > 128)
    return value
