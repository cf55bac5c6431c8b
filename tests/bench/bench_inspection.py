"""Inspection benchmark: seconds of analysis per second of video, for a 720p and a 1080p clip.

Run from the repository root: `.venv/bin/python -m tests.bench.bench_inspection`. `run()` returns the figures
as a dict; the clips it generates (10 s, 30 fps, H.264 with detailed texture, a pan, a moving block and two
cuts) live in a temporary folder that is removed afterwards. Each figure is the median of three runs; the
plain decode of the same file (every frame, threaded, nothing else) is measured too, as the floor that any
analysis of every frame stands on.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np

from tests.tools.inspection import synth
from tests.tools.inspection.synth import write_clip
from tools.inspection import analyze_video, choose_keyframe_times, contact_sheet, detect_scene_cuts

SECONDS = 10.0
FPS = 30
RUNS = 3
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


def _pictures(width: int, height: int) -> Iterator[np.ndarray]:
    """A pan over detailed texture (fine noise gives the file a realistic bit rate), a block, cuts at 4 s and 7 s."""
    rng = np.random.default_rng(5)
    shape = (height, width + 2 * int(FPS * SECONDS))
    fine = rng.integers(0, 256, (shape[0] // 2 + 1, shape[1] // 2 + 1)).repeat(2, 0).repeat(2, 1)
    # Each shot has its own texture and exposure, as real shots do.
    textures = [
        np.clip(
            gain * (0.5 * fine[: shape[0], : shape[1]] + 0.5 * synth.textured(shape, seed, kind=kind)), 0, 255
        ).astype(np.uint8)
        for seed, kind, gain in ((1, 2, 1.0), (2, 0, 0.6), (3, 3, 1.3))
    ]
    for n in range(int(FPS * SECONDS)):
        t = n / FPS
        shot = 0 if t < 4.0 else 1 if t < 7.0 else 2
        x = 2 * n
        img = textures[shot][:height, x : x + width].copy()
        bx = int((width - 200) * (0.5 + 0.5 * np.sin(t)))
        img[height // 3 : height // 3 + 200, bx : bx + 200] = 255
        yield img


def _median_seconds(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _decode_only(path: Path) -> None:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for _ in container.decode(stream):
            pass


def run() -> dict[str, dict[str, float]]:
    """Measure and return the inspection figures per picture size."""
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-inspection-") as tmp:
        folder = Path(tmp)
        for name, (width, height) in SIZES.items():
            clip = write_clip(folder / f"{name}.mp4", _pictures(width, height), fps=FPS, crf=23)
            analysis = analyze_video(clip)
            times = choose_keyframe_times(analysis, 6)
            analyse = _median_seconds(lambda: analyze_video(clip))  # noqa: B023 (called at once)
            cuts = _median_seconds(lambda: detect_scene_cuts(clip))  # noqa: B023
            decode = _median_seconds(lambda: _decode_only(clip))  # noqa: B023
            sheet = _median_seconds(lambda: contact_sheet(clip, times))  # noqa: B023
            figures[name] = {
                "clip_seconds": SECONDS,
                "clip_mbit_per_s": round(clip.stat().st_size * 8 / SECONDS / 1e6, 2),
                "analyze_s_per_video_s": round(analyse / SECONDS, 4),
                "detect_scene_cuts_s_per_video_s": round(cuts / SECONDS, 4),
                "decode_only_s_per_video_s": round(decode / SECONDS, 4),
                "analysis_over_decode_ratio": round(analyse / decode, 2),
                "contact_sheet_6_frames_s": round(sheet, 3),
                "events_found": len(analysis.events),
            }
    return figures


if __name__ == "__main__":
    json.dump(run(), sys.stdout, indent=2)
    sys.stdout.write("\n")
