"""The contact sheet: frames at chosen times, each labelled with its timestamp, tiled into one small JPEG.

Frames are reached by seeking to the keyframe before each time and decoding forward, not by decoding the
whole clip; when the keyframe before the next time is already behind, decoding simply goes on (the container's
index tells where keyframes are). Each chosen frame is scaled straight to tile size.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import av
from av.stream import Disposition
from av.video.reformatter import Interpolation, VideoReformatter
from av.video.stream import VideoStream
from PIL import Image, ImageDraw, ImageFont

from tools.errors import MediaError, NotAVideo
from tools.inspection.frames import check_video
from tools.media.files import atomic_output

log = logging.getLogger(__name__)

# Without a keyframe index, a later time this close after the last decoded frame is reached by decoding on.
DECODE_ON_S = 2.0
# Further than this before the target, decoding skips frames that no other frame refers to.
FAST_FORWARD_S = 0.5
GAP = 4
BACKGROUND = (18, 18, 18)
QUALITIES = (85, 75, 65, 55, 45, 35)


def contact_sheet(
    path: Path,
    times: Sequence[float],
    out: Path | None = None,
    *,
    tile_width: int = 320,
    columns: int = 3,
    max_bytes: int = 300_000,
) -> bytes:
    """A JPEG of the frames nearest `times`, labelled mm:ss.s, tiled `columns` wide, at most max_bytes."""
    if not times:
        raise ValueError("contact_sheet needs at least one time")
    path = Path(path)
    info = check_video(path)
    wanted = sorted(min(max(0.0, float(t)), info.duration_s) for t in times)
    tiles = [_label(image, shown) for shown, image in _frames_at(path, wanted, tile_width)]
    data = _encode(_tile(tiles, columns), max_bytes)
    if out is not None:
        # Never replaces an existing file (FileExistsError): pick a free name, e.g. tools.media.files.unique_path.
        with atomic_output(Path(out)) as tmp:
            tmp.write_bytes(data)
    return data


def save_sheet(data: bytes, folder: Path, stem: str) -> Path:
    """Where a sheet is kept: an existing `stem.contact-sheet[-N].jpg` with the same bytes, else a new free name.

    Inspecting one clip again gives the same sheet, so it is not written again: inspect_video is read-only, and ten
    calls on one clip leave one file. Another clip of the same name gets its own file.
    """
    folder = Path(folder)
    for _ in range(5):
        n = 1
        while True:
            candidate = folder / (f"{stem}.contact-sheet.jpg" if n == 1 else f"{stem}.contact-sheet-{n}.jpg")
            try:
                if candidate.read_bytes() == data:
                    return candidate
            except FileNotFoundError:
                break
            except OSError:
                pass  # unreadable: not ours to reuse, try the next name
            n += 1
        try:
            with atomic_output(candidate) as tmp:
                tmp.write_bytes(data)
        except FileExistsError:
            continue  # another call wrote this name meanwhile: look again
        return candidate
    raise FileExistsError(f"no free name for {stem}.contact-sheet.jpg in {folder}")


def format_time(seconds: float) -> str:
    """A timestamp as mm:ss.s (h:mm:ss.s from an hour on)."""
    tenths = round(max(0.0, seconds) * 10)
    minutes, tenths = divmod(tenths, 600)
    hours, minutes = divmod(minutes, 60)
    text = f"{minutes:02d}:{tenths // 10:02d}.{tenths % 10}"
    return f"{hours}:{text}" if hours else text


def _frames_at(path: Path, wanted: list[float], tile_width: int) -> list[tuple[float, Image.Image]]:
    """(frame time, picture at tile size) for the frame nearest each wanted time, in order."""
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise NotAVideo(f"{path.name}: PyAV cannot read it: {exc}.") from exc
    with container:
        stream = next(
            (s for s in container.streams.video if not s.disposition & Disposition.attached_pic), None
        )
        if stream is None:
            raise NotAVideo(f"{path.name}: no video stream in this file.")
        stream.thread_type = "AUTO"
        grabber = _Grabber(container, stream, tile_width)
        try:
            return [grabber.nearest(t) for t in wanted]
        except av.FFmpegError as exc:
            raise MediaError(
                f"{path.name}: a frame for the contact sheet could not be decoded: {exc}."
            ) from exc


class _Grabber:
    """Finds the frame nearest a time, seeking back to a keyframe only when decoding on would be slower.

    Times must come in increasing order; the last two decoded frames are kept between calls.
    """

    def __init__(self, container: av.container.InputContainer, stream: VideoStream, tile_width: int) -> None:
        self._container = container
        self._stream = stream
        self._base: Fraction = stream.time_base or Fraction(1, 1000)
        self._origin = float(stream.start_time * self._base) if stream.start_time is not None else 0.0
        self._frames: Iterator[tuple[float, av.VideoFrame]] = iter(())
        self._previous: tuple[float, av.VideoFrame] | None = None
        self._current: tuple[float, av.VideoFrame] | None = None
        self._scaler = VideoReformatter()
        self._tile_width = tile_width

    def nearest(self, target: float) -> tuple[float, Image.Image]:
        """The frame nearest `target` seconds, scaled to tile size and turned upright."""
        known = [f[0] for f in (self._previous, self._current) if f is not None]
        if not known or target < min(known) - 1e-3 or not self._cheaper_to_decode_on(max(known), target):
            self._seek(target)
        while self._current is None or self._current[0] < target:
            # Far from the target, frames no other frame refers to need not be decoded at all.
            far = self._current is not None and target - self._current[0] > FAST_FORWARD_S
            self._stream.codec_context.skip_frame = "NONREF" if far else "DEFAULT"
            following = next(self._frames, None)
            if following is None:
                break
            self._previous, self._current = self._current, following
        candidates = [f for f in (self._previous, self._current) if f is not None]
        if not candidates:
            raise MediaError(f"no frame could be decoded near {target:.2f} s.")
        time_s, frame = min(candidates, key=lambda f: abs(f[0] - target))
        return time_s, self._picture(frame)

    def _cheaper_to_decode_on(self, position: float, target: float) -> bool:
        """Whether decoding on from `position` reaches `target` sooner than seeking to its keyframe would."""
        keyframe = self._keyframe_before(target)
        if keyframe is None:
            return target <= position + DECODE_ON_S
        # A seek can only land on the keyframe before the target; if that is already behind us, it saves nothing.
        return keyframe <= position + 1e-3

    def _keyframe_before(self, target: float) -> float | None:
        """Time of the last keyframe at or before `target`, from the container's index (None without one)."""
        entries = self._stream.index_entries
        if entries is None or len(entries) == 0:
            return None
        found = entries.search_timestamp(math.floor((self._origin + target) / self._base), backward=True)
        if found < 0:
            return None
        return float(entries[found].timestamp * self._base) - self._origin

    def _seek(self, target: float) -> None:
        offset = math.floor((self._origin + target) / self._base)
        try:
            self._container.seek(offset, stream=self._stream, backward=True)
        except av.FFmpegError as exc:
            # Some inputs (raw streams, some GIFs) cannot seek: decode on from wherever the stream is.
            log.debug("seek to %.2f s failed (%s); decoding on instead", target, exc)
        self._frames = self._decoded()
        self._previous = self._current = None

    def _decoded(self) -> Iterator[tuple[float, av.VideoFrame]]:
        for frame in self._container.decode(self._stream):
            if frame.pts is not None:
                yield float(frame.pts * (frame.time_base or self._base)) - self._origin, frame

    def _picture(self, frame: av.VideoFrame) -> Image.Image:
        rotation = round(frame.rotation or 0) % 360
        sar = self._stream.sample_aspect_ratio
        display_w = frame.width * (float(sar) if sar else 1.0)
        upright_w, upright_h = (
            (frame.height, display_w) if rotation in (90, 270) else (display_w, frame.height)
        )
        width = max(16, self._tile_width)
        height = max(16, round(width * upright_h / upright_w))
        size = (height, width) if rotation in (90, 270) else (width, height)
        small = self._scaler.reformat(
            frame, width=size[0], height=size[1], format="rgb24", interpolation=Interpolation.AREA
        )
        image = small.to_image()
        return image.rotate(rotation, expand=True) if rotation else image


def _label(image: Image.Image, time_s: float) -> Image.Image:
    """Draw the timestamp in white on a dark box in the top-left corner (action is more often low in frame)."""
    text = format_time(time_s)
    size = max(14, image.width // 11)
    font = ImageFont.load_default(size=size)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    pad = max(3, size // 5)
    box = (pad, pad, pad + (right - left) + 2 * pad, pad + (bottom - top) + 2 * pad)
    draw.rectangle(box, fill=(0, 0, 0))
    draw.text((box[0] + pad - left, box[1] + pad - top), text, font=font, fill=(255, 255, 255))
    return image


def _tile(tiles: list[Image.Image], columns: int) -> Image.Image:
    cols = max(1, min(columns, len(tiles)))
    rows = math.ceil(len(tiles) / cols)
    cell_w = max(t.width for t in tiles)
    cell_h = max(t.height for t in tiles)
    sheet = Image.new("RGB", (cols * cell_w + (cols + 1) * GAP, rows * cell_h + (rows + 1) * GAP), BACKGROUND)
    for i, tile in enumerate(tiles):
        row, col = divmod(i, cols)
        x = GAP + col * (cell_w + GAP) + (cell_w - tile.width) // 2
        y = GAP + row * (cell_h + GAP) + (cell_h - tile.height) // 2
        sheet.paste(tile, (x, y))
    return sheet


def _encode(sheet: Image.Image, max_bytes: int) -> bytes:
    """JPEG bytes under max_bytes: lower the quality first, then the size."""
    image = sheet
    while True:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=quality, optimize=True)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        if image.width < 64:
            raise MediaError(f"the contact sheet cannot be made smaller than {max_bytes} bytes.")
        image = image.resize(
            (max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)), Image.Resampling.LANCZOS
        )
