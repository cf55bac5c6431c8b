"""Put a new soundtrack under the user's original picture, copying the video packets untouched."""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
from av.audio.stream import AudioStream
from av.container import InputContainer
from av.packet import Packet
from av.stream import Stream

from tools.errors import MediaError
from tools.media.audio import (
    AudioFormat,
    decode_blocks,
    encode_blocks,
    fit_blocks,
    samples_for,
    source_format,
)
from tools.media.files import atomic_output, unique_path
from tools.media.probe import probe
from tools.models import VideoInfo

__all__ = ["mux_original_with_audio", "scored_suffix", "unique_path"]

log = logging.getLogger(__name__)

# Output container per suffix, and the audio codec each one carries well.
_FORMATS = {".mp4": "mp4", ".mov": "mov", ".mkv": "matroska", ".webm": "webm", ".avi": "avi"}
_AUDIO_CODECS = {"mp4": "aac", "mov": "aac", "matroska": "aac", "webm": "libopus", "avi": "libmp3lame"}
# Where a scored copy of each input kind goes; anything unlisted goes to Matroska, which holds any codec.
_SCORED_SUFFIX = {
    ".mp4": ".mp4",
    ".mov": ".mov",
    ".mkv": ".mkv",
    ".webm": ".webm",
    ".avi": ".avi",
    ".m4v": ".mp4",
}
_PICTURE_ONLY = {".gif"}


def scored_suffix(original: Path) -> str:
    """The suffix of the scored copy of `original`: its own when that container can carry audio."""
    suffix = Path(original).suffix.lower()
    if suffix in _PICTURE_ONLY:
        return ".mp4"
    return _SCORED_SUFFIX.get(suffix, ".mkv")


def mux_original_with_audio(original: Path, audio: Path, out: Path) -> Path:
    """Write `out`: original's video stream copied packet for packet, plus `audio` fitted to its length.

    The new audio is re-encoded for out's container (AAC for MP4/MOV/MKV, Opus for WebM, MP3 for AVI), cut or
    padded with silence to the video's exact duration, and aligned to the video's first timestamp. Any audio
    the original had is dropped; its display rotation is kept. An animated GIF has no container that both
    stream-copies its picture and carries sound, so its picture is transcoded once to H.264 (the upload
    rendering) and that is what `out` (an .mp4) holds. `out` is written atomically and never replaced:
    an existing file raises FileExistsError (pick a free name with `unique_path`).
    """
    original, audio, out = Path(original), Path(audio), Path(out)
    info = probe(original)
    fmt_name = _FORMATS.get(out.suffix.lower())
    if fmt_name is None:
        raise MediaError(f"cannot write {out.name}: use one of {', '.join(sorted(_FORMATS))}")
    if info.extension in _PICTURE_ONLY:
        return _mux_gif(original, info, audio, out, fmt_name)
    with atomic_output(out) as tmp:
        _mux(original, audio, tmp, fmt_name, info.duration_s)
    log.info("wrote %s (%s picture copied, new audio)", out.name, info.video_codec)
    return out


def _mux_gif(original: Path, info: VideoInfo, audio: Path, out: Path, fmt_name: str) -> Path:
    from tools.media.render import render_upload

    with atomic_output(out) as tmp:
        picture = tmp.with_name(tmp.name + ".video.mp4")
        try:
            render_upload(original, info, picture, max_bytes=1 << 62)
            _mux(picture, audio, tmp, fmt_name, probe(picture).duration_s)
        finally:
            picture.unlink(missing_ok=True)
    return out


def _mux(original: Path, audio: Path, tmp: Path, fmt_name: str, duration_s: float) -> None:
    fmt = source_format(audio)
    codec = _AUDIO_CODECS[fmt_name]
    if codec == "libopus" or fmt.rate not in (44_100, 48_000):
        fmt = AudioFormat(rate=48_000, channels=fmt.channels)
    try:
        with av.open(str(original)) as src, av.open(str(tmp), "w", format=fmt_name) as dst:
            video_in = src.streams.video[0]
            video_out = dst.add_stream_from_template(video_in)
            if fmt_name in ("mp4", "mov") and src.format.name.startswith("mov"):
                # Keep e.g. 'hvc1' rather than the muxer's default 'hev1', which Apple players refuse.
                video_out.codec_tag = video_in.codec_tag
            audio_out = cast(AudioStream, dst.add_stream(codec, rate=fmt.rate, layout=fmt.layout))
            origin = float((video_in.start_time or 0) * video_in.time_base) if video_in.time_base else 0.0
            blocks = fit_blocks(decode_blocks(audio, fmt), samples_for(duration_s, fmt.rate), fmt.channels)
            audio_packets = encode_blocks(
                audio_out, blocks, fmt, start=samples_for(max(0.0, origin), fmt.rate)
            )
            for packet in _interleave(_video_packets(src, video_in, video_out), audio_packets):
                dst.mux(packet)
    except av.FFmpegError as exc:
        raise MediaError(f"could not write the scored video: {exc}") from exc


def _video_packets(src: InputContainer, video_in: Stream, video_out: Stream) -> Iterator[Packet]:
    for packet in src.demux(video_in):
        if packet.dts is None:
            continue  # the demuxer's end-of-stream marker carries no data
        packet.stream = video_out
        yield packet


def _when(packet: Packet) -> Fraction:
    stamp = packet.dts if packet.dts is not None else packet.pts
    return Fraction(stamp or 0) * (packet.time_base or Fraction(0))


def _interleave(*sources: Iterator[Packet]) -> Iterator[Packet]:
    """Merge packet streams in time order, so the muxer never has to buffer one track while waiting for another."""
    return heapq.merge(*sources, key=_when)
