"""A factory of real media files for tests, made with PyAV: small clips with motion, hard cuts, tones and damage.

Every clip shows a square sliding across a plain background, so consecutive frames differ. At each time in
`cuts` the background colour and the square's colour jump to a new scene: a hard cut a detector can find.

Rotation is written as a display matrix (`VideoStream.set_display_rotation`, PyAV 15+). MP4 and MOV keep it;
Matroska and WebM keep it too in current FFmpeg; AVI and GIF have nowhere to store it, so it is ignored there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream

AUDIO_RATE = 48_000

# Scene colours, far apart so a cut changes every channel a lot.
_BACKGROUNDS = [(20, 30, 160), (200, 60, 20), (30, 170, 60), (230, 220, 40), (120, 20, 140), (10, 10, 10)]
_SHAPES = [(250, 250, 250), (20, 20, 20), (240, 40, 200), (20, 40, 240), (250, 160, 0), (0, 230, 230)]

_VIDEO_CODECS = {
    ".mp4": "libx264",
    ".mov": "libx264",
    ".mkv": "libx264",
    ".webm": "libvpx-vp9",
    ".avi": "mpeg4",
}
_AUDIO_CODECS = {".mp4": "aac", ".mov": "aac", ".mkv": "aac", ".webm": "libopus", ".avi": "libmp3lame"}
_CODEC_ALIASES = {"h264": "libx264", "hevc": "libx265", "h265": "libx265", "vp9": "libvpx-vp9"}


def scene_at(t: float, cuts: Sequence[float]) -> int:
    """Index of the scene showing at time t, given the cut times."""
    return sum(1 for c in cuts if c <= t)


def _picture(
    index: int, t: float, size: tuple[int, int], cuts: Sequence[float], duration: float
) -> np.ndarray:
    width, height = size
    scene = scene_at(t, cuts)
    img = np.empty((height, width, 3), dtype=np.uint8)
    img[:] = _BACKGROUNDS[scene % len(_BACKGROUNDS)]
    side = max(4, min(width, height) // 4)
    travel = max(1, width - side)
    x = int(travel * ((t / max(duration, 1e-6)) % 1.0))
    y = (height - side) // 2 + int((height - side) // 4 * math.sin(index / 5.0))
    img[y : y + side, x : x + side] = _SHAPES[scene % len(_SHAPES)]
    return img


def _tone(start: int, count: int, channels: int, frequency: float = 440.0) -> np.ndarray:
    n = np.arange(start, start + count, dtype=np.float64)
    wave = (0.3 * np.sin(2 * np.pi * frequency * n / AUDIO_RATE)).astype(np.float32)
    return np.tile(wave, (channels, 1))


def _audio_frame(samples: np.ndarray, pts: int) -> av.AudioFrame:
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp", layout=layout)
    frame.sample_rate = AUDIO_RATE
    frame.pts = pts
    frame.time_base = Fraction(1, AUDIO_RATE)
    return frame


def make_clip(
    path: Path,
    *,
    duration: float = 5.0,
    fps: int = 24,
    size: tuple[int, int] = (160, 120),
    codec: str | None = None,
    cuts: Sequence[float] = (),
    audio: bool = False,
    rotation: int = 0,
    bit_rate: int | None = None,
    noise: bool = False,
    faststart: bool = False,
    keyframe_every: int | None = None,
    b_frames: int | None = None,
) -> Path:
    """Write a clip whose container follows the file suffix, and return its path.

    `faststart` puts an MP4/MOV index at the front, as web exports do, so a truncated copy still opens.
    `keyframe_every` (frames) and `b_frames` shape an H.264 stream as cameras write it (a keyframe every second
    or so, B-frames reordered); without them the encoder's fast defaults give a keyframe every 250 frames.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gif":
        if audio:
            raise ValueError("GIF cannot carry audio")
        return _make_gif(path, duration=duration, fps=fps, size=size, cuts=cuts)
    if suffix not in _VIDEO_CODECS:
        raise ValueError(f"no clip recipe for {suffix!r}")
    codec_name = _CODEC_ALIASES.get(codec or "", codec) or _VIDEO_CODECS[suffix]
    rng = np.random.default_rng(1234)
    frames = max(1, round(duration * fps))
    container_options = {"movflags": "+faststart"} if faststart and suffix in (".mp4", ".mov") else {}
    with av.open(str(path), "w", options=container_options) as out:
        video = cast(VideoStream, out.add_stream(codec_name, rate=fps))
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        options: dict[str, object] = {}
        if codec_name in ("libx264", "libx265"):
            options["preset"] = "ultrafast"
        if keyframe_every:
            options["g"] = str(keyframe_every)
        if b_frames:
            options["bf"] = str(b_frames)
        if codec_name == "libx265":
            options["x265-params"] = "log-level=error"
        if codec_name == "libvpx-vp9":
            options.update({"deadline": "realtime", "cpu-used": "8"})
        if bit_rate:
            video.bit_rate = bit_rate
        video.options = options
        if rotation:
            video.set_display_rotation(rotation)
        sound = None
        if audio:
            sound = cast(AudioStream, out.add_stream(_AUDIO_CODECS[suffix], rate=AUDIO_RATE, layout="stereo"))
        written = 0
        for i in range(frames):
            t = i / fps
            if noise:
                img = rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
            else:
                img = _picture(i, t, size, cuts, duration)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(video.encode(frame))
            if sound is not None:
                # Keep the tone just ahead of the picture so the muxer can interleave as it goes.
                target = round((i + 1) / fps * AUDIO_RATE)
                while written < target:
                    count = min(1024, target - written)
                    out.mux(sound.encode(_audio_frame(_tone(written, count, 2), written)))
                    written += count
        out.mux(video.encode(None))
        if sound is not None:
            out.mux(sound.encode(None))
    return path


def _make_gif(path: Path, *, duration: float, fps: int, size: tuple[int, int], cuts: Sequence[float]) -> Path:
    frames = max(1, round(duration * fps))
    with av.open(str(path), "w", format="gif") as out:
        video = out.add_stream("gif", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "rgb8"
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(_picture(i, i / fps, size, cuts, duration), format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    return path


def make_audio_only(
    path: Path, duration: float = 3.0, *, frequency: float = 440.0, channels: int = 2
) -> Path:
    """Write a file holding only a sine tone (.mp3, .m4a, .wav, .ogg by suffix) and return its path."""
    path = Path(path)
    codec = {".mp3": "libmp3lame", ".m4a": "aac", ".mp4": "aac", ".wav": "pcm_s16le", ".ogg": "libopus"}[
        path.suffix.lower()
    ]
    total = round(duration * AUDIO_RATE)
    with av.open(str(path), "w") as out:
        layout = "stereo" if channels == 2 else "mono"
        stream = cast(AudioStream, out.add_stream(codec, rate=AUDIO_RATE, layout=layout))
        for start in range(0, total, 4096):
            count = min(4096, total - start)
            out.mux(stream.encode(_audio_frame(_tone(start, count, channels, frequency), start)))
        out.mux(stream.encode(None))
    return path


def make_not_a_video(path: Path) -> Path:
    """Write a plain text file (whatever its name says) and return its path."""
    path = Path(path)
    path.write_text("This is a shopping list, not a video.\nmilk\neggs\nbread\n" * 20)
    return path


def make_truncated(src: Path, dst: Path, fraction: float = 0.5) -> Path:
    """Copy the first `fraction` of src's bytes to dst, as an interrupted download would leave it."""
    data = Path(src).read_bytes()
    Path(dst).write_bytes(data[: max(1, int(len(data) * fraction))])
    return Path(dst)


def make_empty(path: Path) -> Path:
    """Create a zero-byte file and return its path."""
    path = Path(path)
    path.write_bytes(b"")
    return path
