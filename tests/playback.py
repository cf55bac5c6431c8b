"""What a person gets from a result: decode its files and compare them with the input (picture packets, frames,
durations, the sound's codec and length)."""

from __future__ import annotations

from pathlib import Path

import av

# What a result's sound may differ from the picture's length by, in seconds.
FIT_S = 0.05


def sound(path) -> tuple[str, str, float]:
    """Container, codec and decoded length in seconds of a file's first audio stream."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return container.format.name, stream.codec_context.name, samples / stream.codec_context.sample_rate


def pictures(path) -> list[bytes]:
    """The picture packets of a file, in decoding order (the demuxer's empty end marker left out)."""
    with av.open(str(path)) as container:
        return [bytes(packet) for packet in container.demux(container.streams.video[0]) if packet.size]


def frame_times(path) -> list[float]:
    """The display time of every picture a file decodes to."""
    with av.open(str(path)) as container:
        return [float(frame.time) for frame in container.decode(container.streams.video[0])]


def picture_seconds(path) -> float:
    """How long a file's picture lasts: from its first frame's time to the end of its last frame."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times = [float(frame.time) for frame in container.decode(stream) if frame.time is not None]
        step = 1 / float(stream.average_rate or stream.guessed_rate or 24)
    return max(times) + step - min(times)


def assert_plays(video: str | Path, mp3: str | Path, clip: Path) -> None:
    """The scored video holds the clip's own picture packets and decodes to its frames, the MP3 is an MP3, and both
    sounds last as long as the picture."""
    assert pictures(video) == pictures(clip)
    assert len(frame_times(video)) == len(frame_times(clip))
    seconds = picture_seconds(clip)
    _, codec, mp3_s = sound(mp3)
    assert codec.startswith("mp3") and abs(mp3_s - seconds) <= FIT_S, (codec, mp3_s, seconds)
    _, _, video_s = sound(video)
    assert abs(video_s - seconds) <= FIT_S, (video_s, seconds)
