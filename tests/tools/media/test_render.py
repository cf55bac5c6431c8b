from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from tests.clips import make_clip
from tools.errors import MediaError
from tools.media.plan import plan_preflight
from tools.media.probe import probe
from tools.media.render import copy_slice, needs_render, render_upload

REPO = Path(__file__).resolve().parents[3]


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _render(src: Path, out: Path, **kwargs: object) -> Path:
    return render_upload(src, probe(src), out, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "codec"),
    [("c.webm", None), ("c.mkv", None), ("c.mov", "hevc"), ("c.avi", None), ("c.gif", None)],
)
def test_any_container_renders_to_a_silent_h264_mp4_under_the_cap(
    tmp_path: Path, name: str, codec: str | None
) -> None:
    clip = make_clip(tmp_path / name, duration=4.0, codec=codec, audio=not name.endswith((".gif", ".mov")))
    out = _render(clip, tmp_path / "upload.mp4", max_bytes=2_000_000)
    info = probe(out)
    assert (info.video_codec, info.pixel_format, info.extension) == ("h264", "yuv420p", ".mp4")
    assert info.has_audio is False
    assert info.duration_s == pytest.approx(probe(clip).duration_s, abs=0.05)
    assert info.size_bytes <= 2_000_000
    assert not needs_render(info, plan_preflight(info))


def test_a_two_second_clip_is_padded_to_three_seconds_by_holding_its_last_frame(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "short.mp4", duration=2.0, fps=24)
    out = _render(clip, tmp_path / "upload.mp4", pad_to_s=3.0)
    assert probe(out).duration_s == pytest.approx(3.0, abs=1e-6)
    frames = _frames(out)
    assert len(frames) == 72
    last_real = frames[47].astype(int)
    for held in frames[48:]:
        assert np.abs(held.astype(int) - last_real).mean() < 2.0
    assert np.abs(frames[0].astype(int) - last_real).mean() > 5.0  # the picture did move before the hold


def test_a_slice_starts_at_its_start_time(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "cut.mp4", duration=6.0, cuts=(3.0,))
    out = _render(clip, tmp_path / "upload.mp4", start_s=3.5, end_s=5.5)
    assert probe(out).duration_s == pytest.approx(2.0, abs=1e-6)
    corner = _frames(out)[0][2, 2].astype(int)
    assert (
        np.abs(corner - np.array([200, 60, 20])).max() < 30
    )  # the second scene's background, not the first's


def test_a_rotated_clip_is_turned_upright_counter_clockwise(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "portrait.mp4", duration=3.0, size=(160, 120), rotation=90)
    out = _render(clip, tmp_path / "upload.mp4")
    info = probe(out)
    assert (info.width, info.height, info.rotation) == (120, 160, 0)
    first = _frames(out)[0].astype(int)
    white = np.argwhere(first.min(axis=2) > 200)
    # The square starts at the stored picture's left edge; a quarter turn counter-clockwise puts it at the bottom.
    assert white[:, 0].mean() > 120


def test_the_shorter_side_is_capped(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "wide.mp4", duration=3.0, size=(320, 240), audio=True)
    info = probe(_render(clip, tmp_path / "upload.mp4", max_height=120))
    assert (info.width, info.height) == (160, 120)


def test_a_clip_that_only_needs_its_audio_dropped_keeps_its_video_packets(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "ready.mp4", duration=4.0, audio=True)
    out = _render(clip, tmp_path / "upload.mp4")
    with av.open(str(clip)) as a, av.open(str(out)) as b:
        assert not b.streams.audio
        original = [bytes(p) for p in a.demux(a.streams.video[0]) if p.dts is not None]
        copied = [bytes(p) for p in b.demux(b.streams.video[0]) if p.dts is not None]
    assert copied == original


def test_a_ready_clip_needs_no_render_and_one_with_sound_does(tmp_path: Path) -> None:
    silent = probe(make_clip(tmp_path / "silent.mp4", duration=4.0))
    loud = probe(make_clip(tmp_path / "loud.mp4", duration=4.0, audio=True))
    assert needs_render(silent, plan_preflight(silent)) is False
    assert needs_render(loud, plan_preflight(loud)) is True


def test_a_size_cap_that_cannot_be_met_is_an_error_not_an_oversized_file(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "noise.mp4", duration=3.0, size=(320, 240), noise=True)
    with pytest.raises(MediaError, match="could not be brought under"):
        _render(clip, tmp_path / "upload.mp4", max_bytes=2_000)
    assert not (tmp_path / "upload.mp4").exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from Linux /proc")
def test_a_clip_over_100_mb_renders_under_the_cap_in_bounded_memory(tmp_path: Path, big_clip: Path) -> None:
    out = tmp_path / "upload.mp4"
    # VmHWM is the peak of this process's own memory map (ru_maxrss would include the forking parent's).
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tools.media.probe import probe\n"
        "from tools.media.render import render_upload\n"
        "src = Path(sys.argv[1])\n"
        "render_upload(src, probe(src), Path(sys.argv[2]))\n"
        "status = Path('/proc/self/status').read_text().splitlines()\n"
        "print(int(next(s.split()[1] for s in status if s.startswith('VmHWM:'))) * 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(big_clip), str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    peak_bytes = int(done.stdout.strip().splitlines()[-1])
    info = probe(out)
    assert info.size_bytes < 100_000_000
    assert info.duration_s == pytest.approx(20.0, abs=0.05)
    assert peak_bytes < 2 * big_clip.stat().st_size


@pytest.fixture(scope="module")
def camera_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 47 s H.264 MP4 with sound, a keyframe every second and B-frames, as a phone writes one."""
    folder = tmp_path_factory.mktemp("camera")
    return make_clip(
        folder / "reel.mp4",
        duration=47.0,
        fps=24,
        audio=True,
        keyframe_every=24,
        b_frames=2,
        cuts=(9.0, 21.5),
    )


def _packets(path: Path) -> list[tuple[bytes, bool]]:
    with av.open(str(path)) as container:
        return [(bytes(p), p.is_keyframe) for p in container.demux(video=0) if p.size]


def test_a_segment_of_a_camera_clip_is_copied_from_the_keyframe_before_it(
    tmp_path: Path, camera_clip: Path
) -> None:
    out = tmp_path / "segment.mp4"
    lead = copy_slice(camera_clip, probe(camera_clip), out, start_s=8.5, end_s=24.0)
    assert lead == pytest.approx(0.5)
    copied = _packets(out)
    source = _packets(camera_clip)
    at = source.index(copied[0])
    assert copied[0][1] and copied == source[at : at + len(copied)]  # the original packets, untouched
    info = probe(out)
    assert not info.has_audio and info.video_codec == "h264"
    assert info.duration_s == pytest.approx(16.0, abs=0.05)  # 8.0 s to 24.0 s
    frames = _frames(out)
    assert len(frames) == 16 * 24  # every frame decodes, none is missing at the end
    whole = _frames(camera_clip)
    assert np.array_equal(frames[0], whole[8 * 24]) and np.array_equal(frames[-1], whole[24 * 24 - 1])


def test_a_segment_that_cannot_be_copied_within_fals_limits_is_left_to_the_render(
    tmp_path: Path, camera_clip: Path
) -> None:
    info = probe(camera_clip)
    # 8.2 to 28.2 s is 20 s already: from the keyframe at 8.0 s it would be 20.2 s, over fal's maximum, and the
    # next keyframe (9.0 s) is further into the span than the half overlap a copy may give up.
    assert copy_slice(camera_clip, info, tmp_path / "long.mp4", start_s=8.2, end_s=28.2) is None
    assert (
        copy_slice(camera_clip, info, tmp_path / "big.mp4", start_s=8.5, end_s=24.0, max_bytes=1000) is None
    )
    sparse = make_clip(tmp_path / "sparse.mp4", duration=30.0)  # one keyframe every 250 frames
    assert copy_slice(sparse, probe(sparse), tmp_path / "s.mp4", start_s=14.5, end_s=29.0) is None
    hevc = make_clip(tmp_path / "phone.mov", duration=30.0, codec="hevc")
    assert copy_slice(hevc, probe(hevc), tmp_path / "h.mp4", start_s=10.0, end_s=25.0) is None
    assert not list(tmp_path.glob("*.mp4.part*")) and not (tmp_path / "long.mp4").exists()


def test_a_full_length_segment_is_copied_from_the_keyframe_just_after_its_start(
    tmp_path: Path, camera_clip: Path
) -> None:
    out = tmp_path / "segment.mp4"
    # 8.5 to 28.5 s: from 8.0 s it would be 20.5 s; from 9.0 s it is 19.5 s, half a second into the overlap.
    lead = copy_slice(camera_clip, probe(camera_clip), out, start_s=8.5, end_s=28.5)
    assert lead == pytest.approx(-0.5)
    assert probe(out).duration_s == pytest.approx(19.5, abs=0.05)
    assert np.array_equal(_frames(out)[0], _frames(camera_clip)[9 * 24])


def test_a_clip_with_a_keyframe_every_two_seconds_is_copied_with_a_longer_lead(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "screen.mp4", duration=30.0, keyframe_every=48, b_frames=2)
    out = tmp_path / "segment.mp4"
    lead = copy_slice(clip, probe(clip), out, start_s=13.5, end_s=28.0)
    assert lead == pytest.approx(1.5)  # from the keyframe at 12 s
    assert probe(out).duration_s == pytest.approx(16.0, abs=0.05)
