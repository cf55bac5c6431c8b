"""Clips with known truth for the inspection tests, generated once per session and only read afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.inspection import synth

CUTS = (1.5, 3.2, 5.0)


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session folder for the generated clips."""
    return tmp_path_factory.mktemp("inspection")


@pytest.fixture(scope="session")
def cut_clip(clip_dir: Path) -> tuple[Path, list[float]]:
    """Four differently textured shots with hard cuts at 1.5, 3.2 and 5.0 s, and the cut times."""
    path = clip_dir / "cuts.mp4"
    return path, synth.make_cuts(path, CUTS)


@pytest.fixture(scope="session")
def static_clip(clip_dir: Path) -> Path:
    """A still textured shot with sensor noise."""
    return synth.make_static(clip_dir / "static.mp4")


@pytest.fixture(scope="session")
def pan_clip(clip_dir: Path) -> Path:
    """A slow pan: a tenth of the frame width a second."""
    return synth.make_pan(clip_dir / "pan.mp4")


@pytest.fixture(scope="session")
def fast_pan_clip(clip_dir: Path) -> Path:
    """A fast pan: three quarters of the frame width a second."""
    return synth.make_pan(clip_dir / "fastpan.mp4", px_per_s=240.0)


@pytest.fixture(scope="session")
def bounce_clip(clip_dir: Path) -> tuple[Path, list[float]]:
    """A ball bouncing to rest, and its impact times."""
    path = clip_dir / "bounce.mp4"
    return path, synth.make_bounce(path)


@pytest.fixture(scope="session")
def start_stop_clip(clip_dir: Path) -> tuple[Path, tuple[float, float]]:
    """A block that sets off at 1.0 s and eases to a halt at 2.6 s."""
    path = clip_dir / "startstop.mp4"
    return path, synth.make_start_stop(path)


@pytest.fixture(scope="session")
def counter_clip(clip_dir: Path) -> Path:
    """Frames that show their own index (30 fps, 4 s)."""
    return synth.make_counter(clip_dir / "counter.mp4")
