from __future__ import annotations

from pathlib import Path

import pytest

from tests.clips import make_audio_only, make_clip, make_empty, make_not_a_video, make_truncated
from tools.errors import InputNotFound, NotAVideo
from tools.media.probe import probe


@pytest.mark.parametrize(
    ("name", "codec", "expected_codec", "audio", "expected_audio"),
    [
        ("clip.mp4", None, "h264", True, "aac"),
        ("clip.mov", "hevc", "hevc", False, None),
        ("clip.webm", None, "vp9", True, "opus"),
        ("clip.mkv", None, "h264", True, "aac"),
        ("clip.avi", None, "mpeg4", True, "mp3"),
        ("clip.gif", None, "gif", False, None),
    ],
)
def test_every_supported_container_probes_to_its_codec_size_and_length(
    tmp_path: Path, name: str, codec: str | None, expected_codec: str, audio: bool, expected_audio: str | None
) -> None:
    clip = make_clip(tmp_path / name, duration=4.0, size=(160, 120), codec=codec, audio=audio)
    info = probe(clip)
    assert info.video_codec == expected_codec
    assert (info.width, info.height) == (160, 120)
    assert info.duration_s == pytest.approx(4.0, abs=0.1)
    assert info.has_audio is audio
    assert info.audio_codec == expected_audio
    assert info.extension == Path(name).suffix
    assert info.size_bytes == clip.stat().st_size


def test_frame_rate_and_pixel_format_come_from_the_stream(tmp_path: Path) -> None:
    info = probe(make_clip(tmp_path / "c.mp4", duration=3.0, fps=30))
    assert info.fps == pytest.approx(30.0)
    assert info.variable_frame_rate is False
    assert info.pixel_format == "yuv420p"
    assert info.rotation == 0


@pytest.mark.parametrize(("name", "rotation"), [("r.mp4", 90), ("r.mov", 270), ("r.mkv", 180)])
def test_display_rotation_is_read_from_the_display_matrix(tmp_path: Path, name: str, rotation: int) -> None:
    info = probe(make_clip(tmp_path / name, duration=3.0, rotation=rotation))
    assert info.rotation == rotation
    assert (info.width, info.height) == (160, 120)  # stored size; rotation is reported apart


def test_matroska_length_is_the_pictures_not_the_longer_audio_tracks(tmp_path: Path) -> None:
    info = probe(make_clip(tmp_path / "m.mkv", duration=4.0, audio=True))
    assert info.duration_s == pytest.approx(4.0, abs=0.01)


def test_a_missing_file_is_reported_as_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        probe(tmp_path / "nowhere.mp4")


def test_an_empty_file_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideo, match="the file is empty"):
        probe(make_empty(tmp_path / "empty.mp4"))


def test_a_text_file_named_mp4_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideo, match="PyAV cannot read it"):
        probe(make_not_a_video(tmp_path / "list.mp4"))


@pytest.mark.parametrize("name", ["song.mp3", "voice.m4a"])
def test_an_audio_only_file_is_not_a_video(tmp_path: Path, name: str) -> None:
    with pytest.raises(NotAVideo, match="no video stream: it is audio only"):
        probe(make_audio_only(tmp_path / name, 2.0))


def test_a_half_downloaded_mp4_is_not_a_video(tmp_path: Path) -> None:
    whole = make_clip(tmp_path / "whole.mp4", duration=4.0)
    with pytest.raises(NotAVideo, match="PyAV cannot read it"):
        probe(make_truncated(whole, tmp_path / "half.mp4"))


def test_a_half_downloaded_mp4_with_its_index_up_front_is_reported_as_truncated(tmp_path: Path) -> None:
    whole = make_clip(tmp_path / "whole.mp4", duration=6.0, faststart=True)
    assert probe(whole).duration_s == pytest.approx(6.0)
    with pytest.raises(
        NotAVideo, match=r"truncated: its header says 6\.0 s but the data stops at about [23]\."
    ):
        probe(make_truncated(whole, tmp_path / "half.mp4", 0.5))


@pytest.mark.parametrize("name", ["whole.webm", "whole.mkv"])
def test_a_half_downloaded_matroska_file_is_reported_as_truncated(tmp_path: Path, name: str) -> None:
    whole = make_clip(tmp_path / name, duration=6.0)
    with pytest.raises(NotAVideo, match="truncated") as caught:
        probe(make_truncated(whole, tmp_path / f"half{whole.suffix}", 0.5))
    assert "fetch or export it again" in str(caught.value)


def test_a_folder_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideo, match="folder"):
        probe(tmp_path)


def test_a_still_image_is_not_a_video(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "photo.png"
    Image.new("RGB", (64, 48), (200, 10, 10)).save(picture)
    with pytest.raises(NotAVideo, match="still image"):
        probe(picture)
