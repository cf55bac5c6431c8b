"""Decode a clip once into small grayscale pictures: the only place picture analysis touches PyAV's decoder.

Every frame is decoded (a codec cannot skip the frames others refer to), but none is ever converted at full
size: FFmpeg's scaler shrinks each one straight to `width` pixels of luma, averaging the block each pixel
covers (so fine texture does not alias into flicker). One reused scaler context keeps that near a millisecond
of CPU per 1080p frame; a fresh context per frame costs several times more.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.stream import Disposition
from av.video.reformatter import Interpolation, VideoReformatter

from tools.errors import InputNotFound, MediaError, NotAVideo
from tools.media.probe import probe
from tools.models import VideoInfo

log = logging.getLogger(__name__)

# Tolerance when comparing a frame's time with the next analysis slot, so rounding does not skip a frame.
_SLOT_EPSILON_S = 1e-3


@dataclass(frozen=True)
class Thumb:
    """One decoded frame, shrunk: `pixels` is float32 luma (0..255), `analysed` marks the max_fps subset."""

    index: int
    time_s: float
    pixels: np.ndarray
    analysed: bool


def check_video(path: Path) -> VideoInfo:
    """Refuse what score_video refuses (missing file, not a video) with the same errors; describe the rest."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"There is no file at {path}.")
    return probe(path)


def thumb_size(width: int, height: int, target_width: int) -> tuple[int, int]:
    """Size of a thumbnail `target_width` wide (never wider than the source), keeping the aspect ratio."""
    w = max(8, min(int(target_width), int(width)))
    h = max(8, round(w * height / max(1, width)))
    return w, h


def iter_thumbs(path: Path, *, width: int = 160, max_fps: float = 12.0) -> Iterator[Thumb]:
    """Yield every frame as a small grayscale array, in display order, flagging at most max_fps per second."""
    path = Path(path)
    slot = 1.0 / max_fps if max_fps > 0 else 0.0
    next_slot = 0.0
    count = 0
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise NotAVideo(f"{path.name}: PyAV cannot read it: {exc}.") from exc
    with container:
        stream = _picture_stream(container)
        stream.thread_type = "AUTO"
        size = thumb_size(stream.codec_context.width, stream.codec_context.height, width)
        scaler = VideoReformatter()
        origin: float | None = None
        fallback_step = 1.0 / float(stream.average_rate) if stream.average_rate else 1.0 / 25.0
        last_time = -fallback_step
        try:
            for frame in container.decode(stream):
                if frame.pts is not None and frame.time_base is not None:
                    stamp = float(frame.pts * frame.time_base)
                    if origin is None:
                        origin = _origin(stream, stamp)
                    time_s = max(0.0, stamp - origin)
                else:
                    time_s = last_time + fallback_step
                last_time = time_s
                analysed = time_s + _SLOT_EPSILON_S >= next_slot
                if analysed:
                    next_slot = time_s + slot
                small = scaler.reformat(
                    frame, width=size[0], height=size[1], format="gray", interpolation=Interpolation.AREA
                )
                pixels = small.to_ndarray().astype(np.float32)
                yield Thumb(index=count, time_s=time_s, pixels=pixels, analysed=analysed)
                count += 1
        except av.FFmpegError as exc:
            if count == 0:
                raise MediaError(f"{path.name}: no frame could be decoded: {exc}.") from exc
            # A damaged tail still leaves the frames before it worth analysing.
            log.warning("decoding %s stopped after %d frames: %s", path.name, count, exc)
    if count == 0:
        raise NotAVideo(f"{path.name}: its video stream holds no picture that decodes; the file is damaged.")


def _picture_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream:
    """The first video stream that is a moving picture, not an album cover attached to an audio file."""
    for stream in container.streams.video:
        if not stream.disposition & Disposition.attached_pic:
            return stream
    raise NotAVideo(f"{container.name}: no video stream in this file.")


def _origin(stream: av.video.stream.VideoStream, first_stamp: float) -> float:
    """Where the clip's time zero is: the stream's start time when known, else its first frame."""
    if stream.start_time is not None and stream.time_base is not None:
        return min(first_stamp, float(stream.start_time * stream.time_base))
    return first_stamp
