"""Read what a clip is from its container, without decoding it: the cost stays flat as files grow.

Beyond the header, `probe` decodes the first picture (to read the display rotation FFmpeg attaches to frames
and to prove the stream decodes at all) and checks that the data reaches the length the header claims (from
the MP4 index, or by demuxing the last second without decoding it). Both are bounded, whatever the file's size.
"""

from __future__ import annotations

import logging
from fractions import Fraction
from pathlib import Path

import av
from av.container import InputContainer
from av.stream import Disposition
from av.video.stream import VideoStream

from tools.errors import InputNotFound, NotAVideo
from tools.models import VideoInfo

log = logging.getLogger(__name__)

# Demuxers that read single pictures: a photo is not a clip.
_IMAGE_FORMATS = ("image2", "_pipe")
# How far into a stream we look for the first decodable picture before calling it broken.
_FIRST_FRAME_PACKETS = 300
# How much of the tail is demuxed when checking that the data reaches the end the header claims.
_TAIL_SECONDS = 1.0
_TAIL_BYTES = 8_000_000


def probe(path: Path) -> VideoInfo:
    """Describe a video file from its container metadata; raise NotAVideo if it is not a readable clip."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"There is no file at {path}.")
    if path.is_dir():
        raise NotAVideo(f"{path} is a folder, not a video file.")
    size = path.stat().st_size
    if size == 0:
        raise NotAVideo(f"{path.name}: the file is empty (0 bytes).")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise NotAVideo(f"{path.name}: PyAV cannot read it: {_reason(exc)}.") from exc
    with container:
        return _describe(path, size, container)


def _describe(path: Path, size: int, container: InputContainer) -> VideoInfo:
    fmt = container.format.name
    if any(tag in fmt for tag in _IMAGE_FORMATS):
        raise NotAVideo(f"{path.name}: it is a still image ({fmt}), not a video.")
    videos = [s for s in container.streams.video if not s.disposition & Disposition.attached_pic]
    if not videos:
        if container.streams.audio:
            raise NotAVideo(f"{path.name}: no video stream: it is audio only.")
        raise NotAVideo(f"{path.name}: no video stream in this {fmt} file.")
    video = videos[0]
    ctx = video.codec_context
    if not ctx.width or not ctx.height:
        raise NotAVideo(f"{path.name}: the video stream has no picture size; the file is damaged.")
    rotation = _first_frame_rotation(path, container, video)
    duration = _duration(container, video)
    if duration is None or duration <= 0:
        raise NotAVideo(f"{path.name}: its length cannot be read; the file is damaged or incomplete.")
    duration = _check_tail(path, size, container, video, duration)
    fps, variable = _rates(video)
    audio = container.streams.audio[0] if container.streams.audio else None
    return VideoInfo(
        path=str(path),
        container=fmt,
        extension=path.suffix.lower(),
        size_bytes=size,
        duration_s=round(duration, 6),
        fps=fps,
        variable_frame_rate=variable,
        width=ctx.width,
        height=ctx.height,
        rotation=rotation,
        video_codec=video.codec.canonical_name,
        pixel_format=ctx.pix_fmt,
        bit_rate=container.bit_rate or ctx.bit_rate or None,
        has_audio=audio is not None,
        audio_codec=audio.codec.canonical_name if audio is not None else None,
    )


def _reason(exc: av.FFmpegError) -> str:
    text = exc.strerror or str(exc)
    return text[0].lower() + text[1:] if text else type(exc).__name__


def _seconds(value: int | None, time_base: Fraction | None) -> float | None:
    if value is None or time_base is None:
        return None
    return float(value * time_base)


def _duration(container: InputContainer, video: VideoStream) -> float | None:
    """The video stream's own length when the container records it, else the container's."""
    own = _seconds(video.duration, video.time_base)
    if own and own > 0:
        return own
    if container.duration:
        return container.duration / av.time_base
    return None


def _rates(video: VideoStream) -> tuple[float | None, bool]:
    avg, base = video.average_rate, video.base_rate
    rate = avg if avg else (base or video.guessed_rate)
    fps = round(float(rate), 3) if rate else None
    variable = bool(avg and base and abs(float(avg) - float(base)) > 0.005 * float(base))
    return fps, variable


def _first_frame_rotation(path: Path, container: InputContainer, video: VideoStream) -> int:
    """Decode the first picture: proves the stream decodes and yields the display rotation FFmpeg puts on it."""
    try:
        for count, packet in enumerate(container.demux(video)):
            for frame in packet.decode():
                return round(frame.rotation) % 360
            if count >= _FIRST_FRAME_PACKETS:
                break
    except av.FFmpegError as exc:
        raise NotAVideo(f"{path.name}: PyAV cannot read it: {_reason(exc)}.") from exc
    raise NotAVideo(f"{path.name}: its video stream holds no picture that decodes; the file is damaged.")


def _check_tail(
    path: Path, size: int, container: InputContainer, video: VideoStream, duration: float
) -> float:
    """Raise if the data stops well short of the header's length; return the duration, tightened if need be.

    MP4/MOV list every packet's byte position in their index, so a packet beyond the file's end proves
    truncation without reading anything. Other containers get their last second demuxed (no decoding), at
    most _TAIL_BYTES of it: a tail that runs past that budget is taken as complete. Matroska records only
    the container's length, which includes a longer audio track; there the video's last packet gives the
    picture's own length.
    """
    entries = video.index_entries
    if container.format.name.startswith("mov") and len(entries) > 1:
        last = entries[len(entries) - 1]
        if last.pos + last.size <= size:
            return duration
        kept = next((e for e in entries if e.pos + e.size > size), last)
        _truncated(path, duration, float(kept.timestamp * video.time_base) if video.time_base else 0.0)
    tb = video.time_base
    origin = _seconds(video.start_time, tb) or 0.0
    data_end, video_end, read = 0.0, None, 0
    try:
        if tb is not None:
            target = origin + max(0.0, duration - _TAIL_SECONDS)
            container.seek(int(target / tb), stream=video, backward=True, any_frame=True)
        for packet in container.demux():
            read += packet.size
            if read > _TAIL_BYTES:
                return duration
            if packet.pts is None or packet.time_base is None:
                continue
            step = float((packet.duration or 0) * packet.time_base)
            begin = float(packet.pts * packet.time_base) - origin
            data_end = max(data_end, begin + step)
            if packet.stream.index == video.index:
                frame = step or (1 / float(video.average_rate) if video.average_rate else 0.0)
                video_end = max(video_end or 0.0, begin + frame)
    except av.FFmpegError as exc:
        log.debug("tail check of %s stopped: %s", path.name, exc)
    if data_end < duration - max(1.0, 0.05 * duration):
        _truncated(path, duration, data_end)
    if video_end is not None and video.duration is None and 0 < video_end < duration:
        return video_end
    return duration


def _truncated(path: Path, duration: float, data_end: float) -> None:
    raise NotAVideo(
        f"{path.name}: the file is truncated: its header says {duration:.1f} s but the data stops "
        f"at about {data_end:.1f} s.",
        hint="The copy is incomplete (an interrupted download or export?): fetch or export it again.",
    )
