"""Join the soundtracks of a clip's segments into one track with equal-power crossfades, exactly as long as the clip."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.audio.stream import AudioStream

from tools.errors import MediaError
from tools.media.audio import (
    ENCODERS,
    AudioFormat,
    decode_blocks,
    encode_blocks,
    encoder_format,
    fit_blocks,
    mp3_seconds,
    samples_for,
    source_format,
)
from tools.media.files import atomic_output
from tools.media.pieces import encode_pieces, spliceable
from tools.models import SegmentSpec

# A segment's soundtrack and its span; optionally, how much sound before the span it starts with (its upload
# began that much earlier, at a keyframe), which is cut off.
Part = tuple[Path, SegmentSpec] | tuple[Path, SegmentSpec, float]
# An MP3 this close to the picture's length is kept as it is (one MP3 frame at 44.1 kHz is 26 ms).
MP3_SLACK_S = 0.03


def stitch_audio(
    parts: Iterable[Part],
    total_duration_s: float,
    out: Path,
    *,
    codec: str = "libmp3lame",
    hold_s: float | None = None,
    tap: Callable[[np.ndarray, int], None] | None = None,
) -> Path:
    """Write `out`: each part's audio placed at its segment's start, overlaps crossfaded, fitted to the total.

    Where two segments overlap, the earlier fades out along a cosine and the later fades in along a sine, so
    the summed power of unrelated sounds stays level across the seam. A part shorter than its segment is
    followed by silence, a longer one is cut; the whole is cut or padded to `total_duration_s`. `codec` is
    one of `ENCODERS` (MP3 by default; AAC or Opus make a track a scored video can carry as it is). An MP3 is
    encoded in pieces side by side, each stretch as soon as it is decided (tools.media.pieces). `out` is
    written atomically and never replaced.

    A part's optional third item is a lead: its sound starts that many seconds before its span, and that much
    is cut off first (a negative lead: its sound starts that much after the span's start, and is placed so). A sequence of parts is put in order of start; any other iterable must come in that order
    already, and is read one part at a time as the encoding reaches it, so parts can be handed over while they
    arrive; `hold_s` is then the most a part can overlap the one before it: all of a part but that much is
    encoded before the next part is asked for (without it, each part waits for the next).

    `tap`, when given, is handed every block of the joined track (and its sample rate) as it goes to the encoder.
    """
    encoder = ENCODERS[codec]
    if isinstance(parts, Sequence):
        parts = sorted(parts, key=lambda part: (part[1].start_s, part[1].index))
        hold_s = _overlap_after(parts) if hold_s is None else hold_s
    ordered = iter(parts)
    first = next(ordered, None)
    if first is None:
        raise MediaError("there is no audio to stitch")
    fmt = encoder_format(encoder, source_format(first[0]))
    total = samples_for(total_duration_s, fmt.rate)
    with atomic_output(Path(out)) as tmp:
        try:
            with av.open(str(tmp), "w", format=encoder.container) as dest:
                stream = cast(AudioStream, dest.add_stream(codec, rate=fmt.rate, layout=fmt.layout))
                if encoder.bit_rate:
                    stream.bit_rate = encoder.bit_rate
                placed = _placed(
                    itertools.chain([first], ordered), fmt, math.inf if hold_s is None else hold_s
                )
                blocks = fit_blocks(placed, total, fmt.channels)
                if tap is not None:
                    blocks = _tapped(blocks, tap, fmt.rate)
                encode = encode_pieces if spliceable(codec) else encode_blocks
                for packet in encode(stream, blocks, fmt):
                    dest.mux(packet)
        except av.FFmpegError as exc:
            raise MediaError(f"could not write the soundtrack {Path(out).name}: {exc}") from exc
    return Path(out)


def trim_audio(src: Path, duration_s: float, out: Path) -> Path:
    """Write `out` (MP3): src cut back (or padded with silence) to exactly duration_s, e.g. for a padded short clip."""
    return stitch_audio([(Path(src), SegmentSpec(index=0, start_s=0.0, end_s=duration_s))], duration_s, out)


def fit_mp3(src: Path, duration_s: float, out: Path) -> Path:
    """An MP3 exactly as long as the picture: src itself when it is one already (within MP3_SLACK_S), else `out`.

    Whatever src holds (an MP3 of another length, a WAV, any rate or channel count) is decoded, cut back or
    padded with silence to duration_s and encoded as MP3 into `out`, which must not exist.
    """
    seconds = mp3_seconds(src)
    if seconds is not None and abs(seconds - duration_s) <= MP3_SLACK_S:
        return Path(src)
    return trim_audio(src, duration_s, out)


def crossfade(outgoing: np.ndarray, incoming: np.ndarray) -> np.ndarray:
    """Mix two equally long (channels, samples) blocks with an equal-power cos/sin crossfade."""
    length = outgoing.shape[1]
    x = (np.arange(length, dtype=np.float64) + 0.5) / max(length, 1)
    fade_out = np.cos(np.pi / 2 * x).astype(np.float32)
    fade_in = np.sin(np.pi / 2 * x).astype(np.float32)
    return outgoing * fade_out + incoming * fade_in


def _placed(parts: Iterable[Part], fmt: AudioFormat, hold_s: float) -> Iterator[np.ndarray]:
    """Yield the joined track from sample 0, holding back only the last `hold_s` of each part (the most the
    next one overlaps), so each part is encoded as soon as it is read."""
    hold = samples_for(hold_s, fmt.rate) if math.isfinite(hold_s) else None
    written = 0  # samples already yielded
    pending = np.zeros((fmt.channels, 0), dtype=np.float32)  # decided audio not yet yielded, from `written`
    for part in parts:
        path, spec = part[0], part[1]
        lead = samples_for(part[2], fmt.rate) if len(part) > 2 else 0
        # The part's sound begins `lead` before its span: cut that off, or (a negative lead) start it later.
        start = samples_for(spec.start_s, fmt.rate) + max(0, -lead)
        length = max(0, samples_for(spec.end_s, fmt.rate) - start)
        audio = np.concatenate(
            [
                np.zeros((fmt.channels, 0), dtype=np.float32),
                *fit_blocks(decode_blocks(path, fmt), max(0, lead) + length, fmt.channels),
            ],
            axis=1,
        )[:, max(0, lead) :]
        if start < written:
            audio, start = audio[:, written - start :], written  # never rewrite what is already out
        pending_end = written + pending.shape[1]
        if start >= pending_end:
            yield pending
            yield np.zeros((fmt.channels, start - pending_end), dtype=np.float32)
            written, pending = start, audio
        else:
            keep = start - written
            yield pending[:, :keep]
            overlap = min(pending_end, start + audio.shape[1]) - start
            mixed = crossfade(pending[:, keep : keep + overlap], audio[:, :overlap])
            rest = (
                pending[:, keep + overlap :] if start + audio.shape[1] < pending_end else audio[:, overlap:]
            )
            written, pending = start, np.concatenate([mixed, rest], axis=1)
        if hold is not None and pending.shape[1] > hold:
            release = pending.shape[1] - hold
            yield pending[:, :release]
            written, pending = written + release, pending[:, release:]
    yield pending


def _tapped(
    blocks: Iterable[np.ndarray], tap: Callable[[np.ndarray, int], None], rate: int
) -> Iterator[np.ndarray]:
    for block in blocks:
        tap(block, rate)
        yield block


def _overlap_after(parts: Sequence[Part]) -> float:
    """The most any part overlaps the one before it (0 when none does)."""
    specs = [part[1] for part in parts]
    return max([0.0, *(a.end_s - b.start_s for a, b in itertools.pairwise(specs))])
