"""Fixtures for the fake's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.fakefal.fixtures import fake_fal, fal_via_fake

__all__ = ["clip", "fake_fal", "fal_via_fake"]


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    """A silent 4 s H.264 MP4, 160x120."""
    return make_clip(tmp_path / "walk.mp4", duration=4.0, size=(160, 120))
