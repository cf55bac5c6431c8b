"""Real media for the fake model: probe what was uploaded, and render the audio and video it returns.

The sound is a steady tone plus a click every half second. The tone's pitch is derived from the effective prompts
and the uploaded picture, so two requests that differ in either get audibly different results, and a test can
predict the pitch with `tone_for`.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

import av
import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 44_100
CLICK_EVERY = 0.5
CLICK_SECONDS = 0.004
LOWEST_TONE = 300.0
TONE_STEP = 5.0
TONE_STEPS = 240  # 300 Hz .. 1495 Hz

# The ISO base media family (mp4, mov, m4a, 3gp): the only containers the model accepts.
ISO_BMFF = "mov,mp4,m4a,3gp,3g2,mj2"


@dataclass(frozen=True)
class Probe:
    """What PyAV saw in a file's bytes."""

    size: int
    container: str | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    has_video: bool = False
    has_audio: bool = False
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The probe as a JSON-ready dict."""
        return asdict(self)


def probe(data: bytes) -> Probe:
    """Open bytes with PyAV and describe them; never raises."""
    try:
        with av.open(io.BytesIO(data), "r") as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            return Probe(
                size=len(data),
                container=container.format.name,
                video_codec=video.codec_context.name if video else None,
                audio_codec=audio.codec_context.name if audio else None,
                duration=_duration(container, video),
                width=video.codec_context.width if video else None,
                height=video.codec_context.height if video else None,
                has_video=video is not None,
                has_audio=audio is not None,
            )
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        return Probe(size=len(data), error=f"{type(exc).__name__}: {exc}")


def _duration(container: Any, video: Any) -> float | None:
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    if video is not None and video.duration is not None and video.time_base is not None:
        return float(video.duration * video.time_base)
    return None


def tone_for(arguments: dict[str, Any], video: bytes) -> float:
    """The pitch in Hz the fake model gives a request: from its effective prompts, ASMR flag and picture bytes."""
    key = (
        json.dumps(
            [
                arguments.get("sound_effect_prompt"),
                arguments.get("background_music_prompt"),
                arguments.get("asmr_mode"),
            ],
            ensure_ascii=False,
        ).encode()
        + hashlib.sha256(video).digest()
    )
    step = int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % TONE_STEPS
    return LOWEST_TONE + TONE_STEP * step


def synthesize(duration: float, tone_hz: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Mono float32 samples at `rate`: a sine at tone_hz and a short decaying click every half second."""
    count = max(1, round(duration * rate))
    t = np.arange(count, dtype=np.float64) / rate
    samples = 0.2 * np.sin(2 * np.pi * tone_hz * t)
    click_len = round(CLICK_SECONDS * rate)
    click = (
        0.5 * np.exp(-np.arange(click_len) / (click_len / 4)) * np.sign(np.sin(np.arange(click_len) * 0.9))
    )
    for start in range(round(CLICK_EVERY / 2 * rate), count, round(CLICK_EVERY * rate)):
        end = min(count, start + click_len)
        samples[start:end] += click[: end - start]
    return samples.astype(np.float32)


def _encode_audio(
    out: Any, stream: Any, samples: np.ndarray, rate: int = SAMPLE_RATE, channels: int = 1
) -> None:
    layout = "stereo" if channels == 2 else "mono"
    for start in range(0, len(samples), 4096):
        chunk = np.tile(samples[start : start + 4096], (channels, 1))
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def render_mp3(samples: np.ndarray, title: str, rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """Encode samples (at `rate`) as an MP3 (libmp3lame, mono unless `channels` is 2) tagged with a title."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp3") as out:
        out.metadata["title"] = title
        stream = out.add_stream("libmp3lame", rate=rate, layout="stereo" if channels == 2 else "mono")
        stream.bit_rate = 96_000
        stream.codec_context.options = {
            "compression_level": "9"
        }  # lame's fastest mode: a test tone needs no more
        _encode_audio(out, stream, samples, rate, channels)
    return buffer.getvalue()


def render_wav(samples: np.ndarray, rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """The samples (at `rate`) as a 16-bit PCM WAV."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="stereo" if channels == 2 else "mono")
        _encode_audio(out, stream, samples, rate, channels)
    return buffer.getvalue()


def render_mp4(video: bytes, samples: np.ndarray, rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """The uploaded picture (stream-copied, re-encoded only if MP4 cannot carry it) with the samples as AAC."""
    try:
        return _mux(video, samples, rate, channels, copy=True)
    except (av.FFmpegError, ValueError) as exc:
        log.debug("stream copy into MP4 failed (%s); re-encoding the picture", exc)
        return _mux(video, samples, rate, channels, copy=False)


def _mux(video: bytes, samples: np.ndarray, rate: int, channels: int, *, copy: bool) -> bytes:
    buffer = io.BytesIO()
    with av.open(io.BytesIO(video), "r") as source, av.open(buffer, "w", format="mp4") as out:
        src = source.streams.video[0]
        if copy:
            dst = out.add_stream_from_template(src)
        else:
            dst = out.add_stream("libx264", rate=src.average_rate or 24)
            dst.width, dst.height = src.codec_context.width, src.codec_context.height
            dst.pix_fmt = "yuv420p"
            dst.options = {"preset": "ultrafast"}
        sound = out.add_stream("aac", rate=rate, layout="stereo" if channels == 2 else "mono")
        if copy:
            for packet in source.demux(src):
                if packet.dts is None:
                    continue
                packet.stream = dst
                out.mux(packet)
        else:
            for frame in source.decode(src):
                out.mux(dst.encode(frame.reformat(format="yuv420p")))
            out.mux(dst.encode(None))
        _encode_audio(out, sound, samples, rate, channels)
    return buffer.getvalue()
