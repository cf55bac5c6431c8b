"""Encode a picture that cannot be stream-copied next to sound (an animated GIF) to H.264, frame for frame.

Unlike the upload rendering, nothing is resampled: every decoded frame is encoded once, at its own time and for
its own duration, so the scored file shows exactly the frames of the input, as long as the input.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import cast

import av
from av.container import OutputContainer
from av.packet import Packet
from av.video.stream import VideoStream

from tools.errors import MediaError
from tools.media.files import atomic_output
from tools.media.render import Upright, output_size
from tools.models import VideoInfo

# Quality of the re-encoded picture: x264's constant rate factor (18 is visually lossless for most pictures).
_CRF = "18"


def reencode_picture(src: Path, info: VideoInfo, out: Path) -> Path:
    """Write `out`: src's picture as H.264 yuv420p MP4, one frame for each of its frames, at their times.

    The picture keeps its size (rounded down to even sides, which 4:2:0 needs) and is turned upright; `out` is
    replaced if it exists: it is a working file, not a result.
    """
    src, out = Path(src), Path(out)
    width, height = output_size(info, max(info.width, info.height))
    try:
        with atomic_output(out, overwrite=True) as tmp:
            with av.open(str(src)) as source, av.open(str(tmp), "w", format="mp4") as dest:
                video = source.streams.video[0]
                tb = video.time_base or Fraction(1, 100)
                stream = cast(VideoStream, dest.add_stream("libx264", rate=video.average_rate or 25))
                stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
                stream.time_base = stream.codec_context.time_base = tb  # the frames' own times, not a grid
                # No B-frames: decoding order is display order, so the MP4's length is exactly the frames' own.
                stream.options = {"preset": "veryfast", "crf": _CRF, "bf": "0"}
                upright = Upright(width, height, info.rotation)
                shown: dict[int, int] = {}  # how long each frame (by its pts) is shown, for its packet
                last: int | None = None
                for frame in source.decode(video):
                    pts = frame.pts if frame.pts is not None else (last or 0) + 1
                    if last is not None and pts <= last:
                        pts = last + 1  # two frames at one time: the later one is shown a tick later
                    picture = upright(frame)
                    picture.pts, picture.time_base, last = pts, tb, pts
                    shown[pts] = frame.duration
                    _mux_shown(dest, stream.encode(picture), shown)
                if last is None:
                    raise MediaError(f"{src.name} has no picture to encode")
                _mux_shown(dest, stream.encode(None), shown)
    except av.FFmpegError as exc:
        raise MediaError(f"could not encode the picture of {src.name}: {exc}") from exc
    return out


def _mux_shown(dest: OutputContainer, packets: list[Packet], shown: dict[int, int]) -> None:
    """Mux encoded pictures, each lasting as long as its frame was shown (x264 keeps no durations), so the last
    frame keeps its own length and the file the input's."""
    for packet in packets:
        if packet.pts is not None and shown.get(packet.pts):
            packet.duration = shown.pop(packet.pts)
        dest.mux(packet)
