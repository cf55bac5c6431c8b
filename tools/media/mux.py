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
from av.container import OutputContainer
from av.packet import Packet

from tools.errors import MediaError
from tools.media.audio import (
    ENCODERS,
    decode_blocks,
    encode_blocks,
    encoder_format,
    fit_blocks,
    samples_for,
    source_format,
)
from tools.media.files import atomic_output, unique_path
from tools.media.packets import copy_stream, moved_packets, timed
from tools.media.probe import probe
from tools.models import VideoInfo

__all__ = ["extract_track", "mux_original_with_audio", "scored_suffix", "track_encoder", "unique_path"]

log = logging.getLogger(__name__)

# Output container per suffix, and the audio codec each one carries well.
_FORMATS = {".mp4": "mp4", ".mov": "mov", ".mkv": "matroska", ".webm": "webm", ".avi": "avi"}
_AUDIO_CODECS = {"mp4": "aac", "mov": "aac", "matroska": "aac", "webm": "libopus", "avi": "libmp3lame"}
# Encoded audio each container takes as it is (codec names), so a ready track is copied, not re-encoded.
_COPYABLE = {
    "mp4": {"aac"},
    "mov": {"aac"},
    "matroska": {"aac", "mp3", "opus"},
    "webm": {"opus"},
    "avi": {"mp3"},
}
# AVI keeps no timestamps, so FFmpeg would move every stream later to lift the audio encoder's negative start
# (its priming) to zero, and the picture with it, by a frame; the picture's times are kept instead.
_MUXER_OPTIONS = {"avi": {"avoid_negative_ts": "disabled"}}
# A ready track may end this much before the picture and still be copied; a shorter one is re-encoded and padded.
_TRACK_SHORTFALL_S = 0.05
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


def track_encoder(out: Path) -> str:
    """The audio encoder a scored video named `out` carries: a track made with it is copied in as it is."""
    fmt_name = _FORMATS.get(Path(out).suffix.lower(), "matroska")
    return _AUDIO_CODECS[fmt_name]


def mux_original_with_audio(original: Path, audio: Path, out: Path, *, track: Path | None = None) -> Path:
    """Write `out`: original's video stream copied packet for packet, plus `audio` fitted to its length.

    `track`, when given, is the same soundtrack already encoded (fal's AAC, or a stitched track made with
    `track_encoder(out)`): if out's container takes its codec and it lasts as long as the picture, its packets
    are copied as they are, cut at the picture's end, so the sound is not encoded a second time. Otherwise
    `audio` is re-encoded for out's container (AAC for MP4/MOV/MKV, Opus for WebM, MP3 for AVI), cut or
    padded with silence to the video's exact duration. Either way the sound is aligned to the video's first
    timestamp. Any audio the original had is dropped; its display rotation is kept. An animated GIF has no
    container that both stream-copies its picture and carries sound, so its picture is encoded once to
    H.264, frame for frame at the GIF's own times (`reencode_picture`), and that is what `out` (an .mp4)
    holds. `out` is written atomically and never replaced: an existing file raises FileExistsError (pick a
    free name with `unique_path`).
    """
    original, audio, out = Path(original), Path(audio), Path(out)
    info = probe(original)
    fmt_name = _FORMATS.get(out.suffix.lower())
    if fmt_name is None:
        raise MediaError(f"cannot write {out.name}: use one of {', '.join(sorted(_FORMATS))}")
    if info.extension in _PICTURE_ONLY:
        return _mux_gif(original, info, audio, out, fmt_name, track)
    with atomic_output(out) as tmp:
        copied = _mux(original, audio, tmp, fmt_name, info.duration_s, track)
    how = "copied" if copied else "encoded"
    log.debug("wrote %s (%s picture copied, new audio %s)", out.name, info.video_codec, how)
    return out


def _mux_gif(
    original: Path, info: VideoInfo, audio: Path, out: Path, fmt_name: str, track: Path | None
) -> Path:
    from tools.media.reencode import reencode_picture

    with atomic_output(out) as tmp:
        picture = tmp.with_name(tmp.name + ".video.mp4")
        try:
            reencode_picture(original, info, picture)
            _mux(picture, audio, tmp, fmt_name, probe(picture).duration_s, track)
        finally:
            picture.unlink(missing_ok=True)
    return out


def _mux(
    original: Path, audio: Path, tmp: Path, fmt_name: str, duration_s: float, track: Path | None
) -> bool:
    """Write the scored file; return whether the sound was copied from `track` rather than encoded."""
    try:
        with (
            av.open(str(original)) as src,
            av.open(str(tmp), "w", format=fmt_name, options=_MUXER_OPTIONS.get(fmt_name)) as dst,
        ):
            video_in = src.streams.video[0]
            video_out = dst.add_stream_from_template(video_in)
            if fmt_name in ("mp4", "mov") and src.format.name.startswith("mov"):
                # Keep e.g. 'hvc1' rather than the muxer's default 'hev1', which Apple players refuse.
                video_out.codec_tag = video_in.codec_tag
            origin = float((video_in.start_time or 0) * video_in.time_base) if video_in.time_base else 0.0
            origin = max(0.0, origin)
            copied = _copied_track(track, dst, fmt_name, origin, duration_s) if track is not None else None
            if copied is not None:
                audio_packets: Iterator[Packet] = iter(copied)
            else:
                audio_packets = _encoded_audio(audio, dst, fmt_name, origin, duration_s)
            for packet in _interleave(moved_packets(src, video_in, video_out), audio_packets):
                dst.mux(packet)
            return copied is not None
    except av.FFmpegError as exc:
        raise MediaError(f"could not write the scored video: {exc}") from exc


def _encoded_audio(
    audio: Path, dst: OutputContainer, fmt_name: str, origin: float, duration_s: float
) -> Iterator[Packet]:
    encoder = ENCODERS[_AUDIO_CODECS[fmt_name]]
    fmt = encoder_format(encoder, source_format(audio))
    audio_out = cast(AudioStream, dst.add_stream(encoder.codec, rate=fmt.rate, layout=fmt.layout))
    blocks = fit_blocks(decode_blocks(audio, fmt), samples_for(duration_s, fmt.rate), fmt.channels)
    return encode_blocks(audio_out, blocks, fmt, start=samples_for(origin, fmt.rate))


def _copied_track(
    track: Path, dst: OutputContainer, fmt_name: str, origin: float, duration_s: float
) -> list[Packet] | None:
    """The packets of a ready track, moved to a new stream of dst, or None when it cannot be copied here.

    It cannot when its codec does not fit the container, or when it ends noticeably before the picture
    (re-encoding pads it with silence instead). Packets that start after the picture ends are dropped, and
    the last one kept is shortened to end with it.
    """
    try:
        with av.open(str(track)) as source:
            if not source.streams.audio:
                return None
            stream_in = source.streams.audio[0]
            # The codec's own name: FFmpeg decodes MP3 with a decoder called mp3float, whose codec is mp3.
            codec = stream_in.codec_context.codec.canonical_name
            if codec not in _COPYABLE[fmt_name] or stream_in.time_base is None:
                return None
            tb = stream_in.time_base
            shift, end = round(origin / tb), round(duration_s / tb)
            kept: list[Packet] = []
            reach = 0
            for packet in timed(source.demux(stream_in)):
                if cast(int, packet.pts) >= end:
                    break
                reach = max(reach, cast(int, packet.pts) + (packet.duration or 0))
                kept.append(packet)
            if not kept or (end - reach) * tb > _TRACK_SHORTFALL_S:
                return None
            stream_out = dst.add_stream_from_template(stream_in)
            last = kept[-1]
            if last.pts is not None and last.duration and last.pts + last.duration > end:
                last.duration = end - last.pts
            for packet in kept:
                packet.pts = cast(int, packet.pts) + shift
                packet.dts = cast(int, packet.dts) + shift
                packet.stream = stream_out
            return kept
    except av.FFmpegError as exc:
        log.warning(
            "the ready soundtrack %s cannot be copied (%s); encoding it instead", Path(track).name, exc
        )
        return None


def extract_track(video: Path, out: Path) -> Path | None:
    """Copy the AAC soundtrack of a video (fal's scored copy) into `out` (.m4a) as it is; None if it has none.

    `out` is replaced if it exists: it is a working file, not a result.
    """
    try:
        with av.open(str(video)) as source:
            if not source.streams.audio or source.streams.audio[0].codec_context.name != "aac":
                return None
            stream_in = source.streams.audio[0]
            with atomic_output(Path(out), overwrite=True) as tmp:
                with av.open(str(tmp), "w", format=ENCODERS["aac"].container) as dest:
                    copy_stream(source, stream_in, dest)
            return Path(out)
    except av.FFmpegError as exc:
        log.warning("could not take the soundtrack out of %s: %s", Path(video).name, exc)
        return None


def _when(packet: Packet) -> Fraction:
    stamp = packet.dts if packet.dts is not None else packet.pts
    return Fraction(stamp or 0) * (packet.time_base or Fraction(0))


def _interleave(*sources: Iterator[Packet]) -> Iterator[Packet]:
    """Merge packet streams in time order, so the muxer never has to buffer one track while waiting for another."""
    return heapq.merge(*sources, key=_when)
