"""Render the file fal receives: H.264 yuv420p MP4, no audio, one slice of the clip, padded and under the size cap.

Frames stream through one at a time (decode, convert, encode), so memory stays flat whatever the input's size.
The picture is resampled onto a constant frame rate: each output slot shows the latest input frame at or before
its time, which also absorbs variable frame rates and GIF frame delays, and holds the last frame for padding.
A display rotation is baked into the pixels, because what fal's model sees must be upright; the rendering
carries no rotation metadata.

A segment of a clip that is upright 8-bit H.264 already is copied instead (`copy_slice`): its own packets from
a keyframe next to the segment's start, with no encoding at all, when the keyframes and fal's limits allow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.container import InputContainer, OutputContainer
from av.packet import Packet
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from tools.errors import MediaError
from tools.media.files import atomic_output
from tools.media.packets import copy_stream, timed
from tools.media.plan import (
    FAL_MAX_BYTES,
    FAL_MAX_SECONDS,
    FAL_MIN_SECONDS,
    MAX_SHORT_SIDE,
    READY_CODECS,
    READY_EXTENSIONS,
    READY_PIXEL_FORMATS,
)
from tools.models import Plan, VideoInfo

log = logging.getLogger(__name__)

# Bits per pixel per frame for a "moderate" H.264 rate, and the bounds around it.
_BITS_PER_PIXEL = 0.1
_MIN_RATE = 300_000
_MAX_RATE = 8_000_000
# Share of the byte budget given to video bits; the rest covers the MP4 index and rate-control overshoot.
_BUDGET_SHARE = 0.9
_MAX_FPS = 60


@dataclass(frozen=True)
class Rendition:
    """How an upload is rendered when it must be: size, frame rate, bit rate and encoder speed."""

    max_height: int = 1080  # the shorter side, so portrait clips are treated like landscape ones
    max_fps: float = _MAX_FPS
    bits_per_pixel: float = _BITS_PER_PIXEL
    max_rate: int = _MAX_RATE
    preset: str = "veryfast"


FULL = Rendition()
# A segment copied from the original stream starts at the keyframe before its span, at most this much before
# (the sound of the lead is cut off again, so it costs nothing but fal's 20 s), or else at the keyframe after
# its start, at most this much after (half the overlap with the segment before).
MAX_LEAD_S = 3.0
MAX_LATE_S = 0.5
# A copy stays this far under fal's 20 s, which fal measures on its own.
_LENGTH_MARGIN_S = 0.05
# How far past a slice's end packets are read, so every frame shown before the end is found in decode order.
_REORDER_S = 1.0


def needs_render(info: VideoInfo, plan: Plan) -> bool:
    """Whether the clip must be re-rendered before upload, or can be uploaded exactly as it is."""
    if any(step.kind != "upload" for step in plan.steps):
        return True
    return not (
        _upright_h264(info, unknown_pixels_ready=True)
        and not info.has_audio
        and info.size_bytes < FAL_MAX_BYTES
        and FAL_MIN_SECONDS <= info.duration_s <= FAL_MAX_SECONDS
    )


def render_upload(
    src: Path,
    info: VideoInfo,
    out: Path,
    *,
    start_s: float = 0.0,
    end_s: float | None = None,
    pad_to_s: float = 0.0,
    max_bytes: int = 95_000_000,
    max_height: int | None = None,
    threads: int = 0,
    rendition: Rendition = FULL,
) -> Path:
    """Write `out`: the slice [start_s, end_s) of src as silent H.264 MP4, padded to pad_to_s, under max_bytes.

    `max_height` caps the picture's shorter side (the "p" of 1080p), so portrait clips are treated like
    landscape ones. When the clip needs nothing but its audio dropped, the video packets are copied instead.
    `threads` caps the decoder's and the encoder's threads (0: as many as suit the machine); renders that run
    side by side do better with a share of the cores each than with all of them each.
    `out` is replaced if it exists: it is a working file, not a result.
    """
    src, out = Path(src), Path(out)
    if max_height is not None:
        rendition = replace(rendition, max_height=max_height)
    end = info.duration_s if end_s is None else min(end_s, info.duration_s)
    if end - start_s <= 0:
        raise MediaError(f"nothing to render: the slice {start_s:.3f}-{end:.3f} s of {src.name} is empty")
    length = max(end - start_s, pad_to_s)
    try:
        with atomic_output(out, overwrite=True) as tmp:
            if rendition == FULL and _copyable(info, start_s, end, pad_to_s, max_bytes, rendition.max_height):
                _copy_video(src, tmp)
            else:
                _encode_within(src, info, tmp, start_s, length, max_bytes, rendition, threads)
    except av.FFmpegError as exc:
        raise MediaError(f"could not prepare {src.name} for upload: {exc}") from exc
    return out


def copy_slice(
    src: Path, info: VideoInfo, out: Path, *, start_s: float, end_s: float, max_bytes: int = 95_000_000
) -> float | None:
    """Write `out` from the original H.264 packets of [start_s, end_s), without encoding; None if it cannot be.

    A copy must start at a keyframe: the one before start_s (at most MAX_LEAD_S before) or, when that would
    make it too long for fal, the one after it (at most MAX_LATE_S after, so the overlap with the segment
    before keeps half its length). It returns the lead, start_s minus the keyframe's time: fal scores that much
    picture before the span (negative: after its start), and its soundtrack is shifted by as much. Only upright
    8-bit H.264 in MP4/MOV of at most 1080p qualifies, and only when the copy keeps to fal's length and size
    limits; anything else is for `render_upload`. `out` is replaced if it exists.
    """
    src, out = Path(src), Path(out)
    if not (_upright_h264(info) and min(info.width, info.height) <= MAX_SHORT_SIDE and end_s > start_s):
        return None
    try:
        with av.open(str(src)) as source:
            video = source.streams.video[0]
            tb = video.time_base
            if tb is None:
                return None
            origin = _origin_s(video)
            for seek_to in (start_s, start_s + MAX_LATE_S):
                packets, first = _slice_packets(source, video, seek_to, end_s)
                if not packets or first is None:
                    continue
                lead = start_s - (float(first * tb) - origin)
                last = max(float((pk.pts + (pk.duration or 0)) * tb) for pk in packets if pk.pts is not None)
                covered = last - float(first * tb)
                if (
                    -MAX_LATE_S <= lead <= MAX_LEAD_S
                    and FAL_MIN_SECONDS <= covered <= FAL_MAX_SECONDS - _LENGTH_MARGIN_S
                    and sum(pk.size for pk in packets) < max_bytes
                ):
                    _write_packets(video, packets, first, out)
                    log.debug("copied %.2f-%.2f s of %s, lead %.3f s", start_s, end_s, src.name, lead)
                    return lead
    except av.FFmpegError as exc:
        log.debug(
            "copying %.2f-%.2f s of %s failed (%s); it is rendered instead", start_s, end_s, src.name, exc
        )
    return None


def _write_packets(video: VideoStream, packets: list[Packet], first: int, out: Path) -> None:
    with atomic_output(out, overwrite=True) as tmp:
        with av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as dest:
            stream_out = dest.add_stream_from_template(video)
            for pk in packets:
                pk.pts = None if pk.pts is None else pk.pts - first
                pk.dts = None if pk.dts is None else pk.dts - first
                pk.stream = stream_out
                dest.mux(pk)


def _slice_packets(
    source: InputContainer, video: VideoStream, start_s: float, end_s: float
) -> tuple[list[Packet], int | None]:
    """The packets that show [start_s, end_s) from the keyframe before it, in decode order, and that keyframe's pts.

    Pictures before the keyframe (the leading pictures of an open GOP) are left out. The list ends with the
    last packet, in decode order, shown before end_s, so every frame of the span decodes.
    """
    tb = video.time_base
    if tb is None:
        return [], None
    origin = _origin_s(video)
    source.seek(int((origin + start_s) / tb), stream=video, backward=True)
    first: int | None = None
    taken: list[Packet] = []
    shown_before_end = 0
    for pk in timed(source.demux(video)):
        pts, dts = cast(int, pk.pts), cast(int, pk.dts)  # `timed` gives each packet both
        if first is None:
            if not pk.is_keyframe:
                return [], None
            first = pts
        if float(dts * tb) - origin >= end_s + _REORDER_S:
            break
        if pts < first:
            continue
        taken.append(pk)
        if float(pts * tb) - origin < end_s:
            shown_before_end = len(taken)
    return taken[:shown_before_end], first


def _upright_h264(info: VideoInfo, *, unknown_pixels_ready: bool = False) -> bool:
    """Upright 8-bit 4:2:0 H.264 in MP4/MOV: what fal gets as it is, or copied packet for packet."""
    pixels = info.pixel_format or ("yuv420p" if unknown_pixels_ready else "")
    return (
        info.extension in READY_EXTENSIONS
        and info.video_codec in READY_CODECS
        and pixels in READY_PIXEL_FORMATS
        and info.rotation == 0
    )


def _origin_s(video: VideoStream) -> float:
    """Where the stream's time zero is, in seconds of its timestamps (its start time; 0 when unknown)."""
    tb = video.time_base
    return float(video.start_time * tb) if video.start_time is not None and tb is not None else 0.0


def _copyable(
    info: VideoInfo, start: float, end: float, pad_to: float, max_bytes: int, max_height: int
) -> bool:
    return (
        _upright_h264(info)
        and start <= 0
        and end >= info.duration_s
        and pad_to <= info.duration_s
        and info.size_bytes <= max_bytes
        and min(info.width, info.height) <= max_height
    )


def _copy_video(src: Path, tmp: Path) -> None:
    with av.open(str(src)) as source, av.open(str(tmp), "w", format="mp4") as dest:
        copy_stream(source, source.streams.video[0], dest)


def _encode_within(
    src: Path,
    info: VideoInfo,
    tmp: Path,
    start: float,
    length: float,
    max_bytes: int,
    rendition: Rendition,
    threads: int,
) -> None:
    """Encode once at a rate the budget allows; if the file still comes out too big, once more, lower."""
    width, height = output_size(info, rendition.max_height)
    with av.open(str(src)) as probe_container:
        fps = output_rate(probe_container.streams.video[0], info, rendition.max_fps)
    rate = choose_bit_rate(width, height, fps, length, max_bytes, rendition)
    for attempt in (1, 2):
        _encode(src, info, tmp, start, length, (width, height), fps, rate, threads, rendition.preset)
        size = tmp.stat().st_size
        log.debug(
            "rendered %s: %dx%d %.3g fps %d bit/s -> %d bytes", src.name, width, height, fps, rate, size
        )
        if size <= max_bytes:
            return
        if attempt == 1:
            rate = max(50_000, int(rate * 0.85 * max_bytes / size))
    raise MediaError(
        f"{src.name} could not be brought under {max_bytes / 1e6:.0f} MB",
        hint="Shorten the clip or lower its resolution, then try again.",
    )


def output_size(info: VideoInfo, max_height: int) -> tuple[int, int]:
    """Upright picture size, shorter side capped at max_height, both sides even (H.264 4:2:0 needs it)."""
    width, height = (info.height, info.width) if info.rotation in (90, 270) else (info.width, info.height)
    scale = min(1.0, max_height / min(width, height))
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def output_rate(stream: VideoStream | None, info: VideoInfo, max_fps: float = _MAX_FPS) -> Fraction:
    """The constant frame rate of the rendering: the input's, halved while above max_fps, 30 when unknown."""
    rate = (stream.average_rate or stream.guessed_rate) if stream is not None else None
    fps = Fraction(rate) if rate else Fraction(info.fps or 30).limit_denominator(1001)
    if fps <= 0:
        fps = Fraction(30)
    while fps > max_fps:
        fps /= 2
    return fps


def choose_bit_rate(
    width: int, height: int, fps: Fraction, seconds: float, max_bytes: int, rendition: Rendition = FULL
) -> int:
    """A moderate rate for the picture size, lowered if the byte budget over `seconds` calls for it."""
    per_pixel = rendition.bits_per_pixel * width * height * float(fps)
    moderate = min(rendition.max_rate, max(_MIN_RATE, int(per_pixel)))
    budget = int(max_bytes * 8 * _BUDGET_SHARE / max(seconds, 0.001))
    return max(50_000, min(moderate, budget))


def _encode(
    src: Path,
    info: VideoInfo,
    tmp: Path,
    start: float,
    length: float,
    size: tuple[int, int],
    fps: Fraction,
    rate: int,
    threads: int,
    preset: str = "veryfast",
) -> None:
    width, height = size
    slots = max(1, round(length * fps))
    if slots / fps < length - 1e-6:
        slots += 1  # padding must reach its target, not stop a frame short
    with (
        av.open(str(src)) as source,
        av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as dest,
    ):
        stream = cast(VideoStream, dest.add_stream("libx264", rate=fps))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.bit_rate = rate
        stream.options = {
            "preset": preset,
            "maxrate": str(rate * 2),
            "bufsize": str(rate * 2),
            "threads": str(threads),
        }
        converter = Upright(width, height, info.rotation)
        slot = 0
        held: VideoFrame | None = None
        for frame, t in _frames_from(source, start, fps, threads):
            while slot < slots and held is not None and slot / fps < t - 1e-6:
                _emit(dest, stream, converter(held), slot, fps)
                slot += 1
            held = frame
            if slot >= slots:
                break
        if held is None:
            raise MediaError(f"{src.name} has no picture at {start:.2f} s")
        last = converter(held)
        while slot < slots:
            _emit(dest, stream, last, slot, fps)
            slot += 1
        dest.mux(stream.encode(None))


def _frames_from(
    source: InputContainer, start: float, fps: Fraction, threads: int = 0
) -> Iterator[tuple[VideoFrame, float]]:
    """Decoded frames with their time relative to `start` (seeking to the keyframe before it)."""
    video = source.streams.video[0]
    video.thread_type = "AUTO"
    video.thread_count = threads
    tb = video.time_base
    origin = _origin_s(video)
    if start > 0 and tb is not None:
        source.seek(int((origin + start) / tb), stream=video, backward=True)
    for index, frame in enumerate(source.decode(video)):
        t = float(frame.time) - origin if frame.time is not None else index / float(fps)
        yield frame, t - start


def _emit(dest: OutputContainer, stream: VideoStream, frame: VideoFrame, slot: int, fps: Fraction) -> None:
    frame.pts = slot
    frame.time_base = 1 / fps
    dest.mux(stream.encode(frame))


class Upright:
    """Turns decoded frames into upright yuv420p frames of the output size, reusing the last result."""

    def __init__(self, width: int, height: int, rotation: int) -> None:
        self.width, self.height, self.turns = width, height, (rotation // 90) % 4
        self._source: VideoFrame | None = None
        self._result: VideoFrame | None = None

    def __call__(self, frame: VideoFrame) -> VideoFrame:
        if frame is self._source and self._result is not None:
            return self._result  # the same input shown again: a held or duplicated frame
        if self.turns:
            # Scale before turning: the stored picture's axes are the output's, swapped.
            w, h = (self.height, self.width) if self.turns % 2 else (self.width, self.height)
            rgb = frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
            upright = np.ascontiguousarray(np.rot90(rgb, k=self.turns), dtype=np.uint8)
            result = VideoFrame.from_ndarray(upright, format="rgb24").reformat(format="yuv420p")
        else:
            result = frame.reformat(width=self.width, height=self.height, format="yuv420p")
        self._source, self._result = frame, result
        return result
