"""Clips whose own audio track is speech-like: bursts of syllables with gaps between them, at known times."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.audio.stream import AudioStream

from tests.clips import make_clip
from tests.meter import RATE, frame

SPEECH_BAND = (2000.0, 3800.0)  # the own audio lives here; the fake's tone is 300..1495 Hz
TALK_S, PAUSE_S, FIRST_S = 1.0, 1.3, 0.7
_AUDIO_CODECS = {".mp4": "aac", ".mov": "aac", ".mkv": "aac", ".webm": "libopus"}


def talk_spans(duration: float) -> list[tuple[float, float]]:
    """When the clip's own audio is active: a burst of TALK_S every TALK_S + PAUSE_S from FIRST_S on."""
    spans, t = [], FIRST_S
    while t + TALK_S <= duration - 0.2:
        spans.append((t, t + TALK_S))
        t += TALK_S + PAUSE_S
    return spans


def speech(duration: float, level: Callable[[float], float] = lambda t: 1.0) -> np.ndarray:
    """Stereo samples: syllables (three tones in the speech band, four a second) during `talk_spans`, silence
    between; each passage scaled by `level` of its start time."""
    n = round(duration * RATE)
    t = np.arange(n) / RATE
    voice = sum(np.sin(2 * np.pi * f * t + k) for k, f in enumerate((2400.0, 2950.0, 3350.0)))
    syllables = np.abs(np.sin(2 * np.pi * 2.0 * t)) ** 0.5
    gate = np.zeros(n)
    for start, end in talk_spans(duration):
        gate[round(start * RATE) : round(end * RATE)] = level(start)
    mono = 0.12 * voice * syllables * gate
    return np.stack([mono, mono]).astype(np.float32)


def talking_clip(path: Path, duration: float, level: Callable[[float], float] = lambda t: 1.0) -> Path:
    """A clip (container by suffix) with a moving picture and `speech` as its own audio track."""
    path = Path(path)
    picture = make_clip(path.with_name(path.stem + ".picture" + path.suffix), duration=duration)
    samples = speech(duration, level)
    with av.open(str(picture)) as src, av.open(str(path), "w") as out:
        video_in = src.streams.video[0]
        video_out = out.add_stream_from_template(video_in)
        sound = cast(AudioStream, out.add_stream(_AUDIO_CODECS[path.suffix], rate=RATE, layout="stereo"))
        for packet in src.demux(video_in):
            if packet.dts is None:
                continue
            packet.stream = video_out
            out.mux(packet)
        for start in range(0, samples.shape[1], 960):
            out.mux(sound.encode(frame(samples[:, start : start + 960], start)))
        out.mux(sound.encode(None))
    picture.unlink()
    return path
