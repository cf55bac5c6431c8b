"""Clips shared by the media tests, generated once per session: they are read, never modified."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clips import make_audio_only, make_clip


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session folder of shared source clips."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def mp4_with_audio(media_dir: Path) -> Path:
    """A 5 s H.264 MP4 with a 440 Hz tone, rotated 90 degrees."""
    return make_clip(media_dir / "walk.mp4", duration=5.0, audio=True, rotation=90, cuts=(2.0,))


@pytest.fixture(scope="session")
def tone_1k(media_dir: Path) -> Path:
    """A 7 s MP3 of a 1 kHz tone, as fal would send back."""
    return make_audio_only(media_dir / "tone1k.mp3", 7.0, frequency=1000.0)


@pytest.fixture(scope="session")
def short_tone(media_dir: Path) -> Path:
    """A 2 s MP3 of a 1 kHz tone: shorter than the clips it is laid under."""
    return make_audio_only(media_dir / "short1k.mp3", 2.0, frequency=1000.0)


@pytest.fixture(scope="session")
def big_clip(media_dir: Path) -> Path:
    """A 20 s H.264 MP4 of random noise, over fal's 100 MB cap (noise defeats compression)."""
    clip = make_clip(
        media_dir / "big.mp4", duration=20.0, fps=36, size=(320, 240), noise=True, bit_rate=100_000_000
    )
    assert clip.stat().st_size > 100_000_000, "the noise clip must exceed the cap to test compression"
    return clip
