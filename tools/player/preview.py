"""The picture and sound the player app plays: the result itself when the app's browser can play it and it is
small, else a small WebM rendition (VP9 picture, Opus sound) made once and kept in the data folder.

Outputs keep the input's container and picture codec (MOV, MKV, AVI, HEVC, ProRes ...), and some browsers (Chromium
built without proprietary codecs, as Linux distributions ship it) play neither H.264 nor AAC; VP9 and Opus in WebM
play in every browser an MCP host embeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream

from tools.errors import MediaError
from tools.media.files import atomic_output
from tools.media.probe import probe

ORIGINAL_UP_TO_BYTES = 8 * 1024 * 1024  # larger results are played as a preview
PREVIEW_HEIGHT = 360
PREVIEW_MAX_FPS = 30
PREVIEW_VIDEO_BIT_RATE = 600_000
PREVIEW_AUDIO_BIT_RATE = 96_000
PREVIEW_VERSION = 1  # part of the kept file's name: a change of recipe makes new previews

# Browser-side codec names (what the app's <video> reports it can play) for FFmpeg's decoder names.
_BROWSER_CODECS = {
    "h264": "h264",
    "aac": "aac",
    "mp3": "mp3",
    "vp8": "vp8",
    "vp9": "vp9",
    "av1": "av1",
    "libdav1d": "av1",
    "opus": "opus",
    "vorbis": "vorbis",
}
_CONTAINERS = {".mp4": "video/mp4", ".webm": "video/webm", ".m4v": "video/mp4"}


@dataclass(frozen=True)
class Playable:
    """A file the app may read, and how to call it in a data: URL."""

    path: Path
    mime: str
    preview: bool


def browser_codecs(path: Path) -> tuple[str, set[str]]:
    """The MIME type a browser knows the container by ('' if none) and its streams' codecs, browser-named."""
    mime = _CONTAINERS.get(path.suffix.lower(), "")
    try:
        with av.open(str(path)) as container:
            names = {s.codec_context.name for s in container.streams if s.type in ("video", "audio")}
    except av.FFmpegError as exc:
        raise MediaError(f"{path.name} cannot be read: {exc}") from exc
    return mime, {_BROWSER_CODECS.get(n, n) for n in names}


def choose(path: Path, plays: Iterable[str], previews: Path) -> Playable:
    """The original when it is small and the browser plays its container and every codec in it, else a preview."""
    mime, codecs = browser_codecs(path)
    if mime and codecs <= set(plays) and path.stat().st_size <= ORIGINAL_UP_TO_BYTES:
        return Playable(path, mime, preview=False)
    return Playable(preview_of(path, previews), "video/webm", preview=True)


def preview_of(src: Path, folder: Path) -> Path:
    """The kept preview of a result file, made now if missing (named by the file's path, size and time)."""
    stat = src.stat()
    key = f"{src.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{PREVIEW_VERSION}"
    dest = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.webm"
    if dest.exists():
        return dest
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_output(dest, overwrite=True) as tmp:
            make_preview(src, tmp)
    except av.FFmpegError as exc:
        raise MediaError(f"No preview of {src.name} could be made: {exc}") from exc
    return dest


def _size(width: int, height: int) -> tuple[int, int]:
    """At most PREVIEW_HEIGHT high, the same shape, even sides."""
    h = min(height, PREVIEW_HEIGHT)
    w = max(2, round(width * h / max(1, height)))
    return w - w % 2, max(2, h - h % 2)


def _upright(frame: av.VideoFrame, rotation: int) -> av.VideoFrame:
    """The picture as it is meant to be seen (WebM has no display rotation to carry it)."""
    if not rotation:
        return frame
    turned = np.ascontiguousarray(
        np.rot90(frame.to_ndarray(format="rgb24"), k=rotation // 90), dtype=np.uint8
    )
    return av.VideoFrame.from_ndarray(turned, format="rgb24")


def make_preview(src: Path, dest: Path) -> None:
    """Encode src's first picture and sound streams as a small WebM (VP9 + Opus), in one pass over its packets."""
    rotation = probe(src).rotation % 360
    with av.open(str(src)) as inp, av.open(str(dest), "w", format="webm") as out:
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if inp.streams.audio else None
        rate = vin.average_rate or Fraction(25)
        rate = min(rate, Fraction(PREVIEW_MAX_FPS))
        vout: VideoStream = out.add_stream(  # type: ignore[assignment]
            "libvpx-vp9", rate=rate, options={"deadline": "realtime", "cpu-used": "8", "row-mt": "1"}
        )
        width, height = vin.codec_context.width, vin.codec_context.height
        vout.width, vout.height = _size(*((height, width) if rotation in (90, 270) else (width, height)))
        vout.pix_fmt = "yuv420p"
        vout.bit_rate = PREVIEW_VIDEO_BIT_RATE
        vout.time_base = Fraction(1, 1000)
        aout: AudioStream | None = None
        resampler = None
        if ain is not None:
            aout = out.add_stream("libopus", rate=48_000)  # type: ignore[assignment]
            aout.layout = "stereo"  # type: ignore[union-attr]
            aout.bit_rate = PREVIEW_AUDIO_BIT_RATE  # type: ignore[union-attr]
            resampler = av.AudioResampler(format="flt", layout="stereo", rate=48_000, frame_size=960)
        streams = [s for s in (vin, ain) if s is not None]
        last_ms = -1
        for packet in inp.demux(*streams):
            for frame in packet.decode():
                if isinstance(frame, av.VideoFrame):
                    if frame.time is None:
                        continue
                    ms = round(frame.time * 1000)
                    if ms <= last_ms or ms < 0:  # fewer frames per second, and strictly increasing times
                        continue
                    if last_ms >= 0 and ms - last_ms < 1000 / PREVIEW_MAX_FPS - 1:
                        continue
                    last_ms = ms
                    picture = _upright(frame, rotation).reformat(
                        width=vout.width, height=vout.height, format="yuv420p"
                    )
                    picture.pts, picture.time_base = ms, Fraction(1, 1000)
                    out.mux(vout.encode(picture))
                elif aout is not None and resampler is not None and isinstance(frame, av.AudioFrame):
                    for chunk in resampler.resample(frame):
                        out.mux(aout.encode(chunk))
        if aout is not None and resampler is not None:
            for chunk in resampler.resample(None):
                out.mux(aout.encode(chunk))
            out.mux(aout.encode(None))
        out.mux(vout.encode(None))
