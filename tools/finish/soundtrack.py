"""The final soundtrack of a job: fal's, blended with the clip's own audio as asked, levelled, encoded, measured."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.audio.stream import AudioStream

from tools.errors import MediaError
from tools.finish.blend import MIX_BED_LU, duck, gain, mix, own_audio
from tools.finish.loudness import Loudness, level_to, measure, measure_file
from tools.finish.options import TRUE_PEAK_CEILING_DBTP, Finish
from tools.media.audio import (
    ENCODERS,
    AudioFormat,
    decode_blocks,
    encode_blocks,
    fit_blocks,
    samples_for,
    source_format,
)
from tools.media.files import atomic_output
from tools.models import Soundtrack, VideoInfo

RATE = 48_000  # every encoder the project writes takes it
ENCODE_ATTEMPTS = 3  # lossy encoding can lift the true peak: each further attempt levels a little lower
# The encoded files are held this far under the ceiling as `ebur128` measures it: its 4x interpolation can read
# inter-sample peaks of noisy sound up to about half a dB low.
GUARD_DB = 0.5
# LAME's MP3 comes out about a quarter of a dB quieter than its input; a levelled MP3 is made up for it.
LAME_MAKEUP_DB = 0.27


def needs_finishing(finish: Finish, info: VideoInfo) -> bool:
    """Whether fal's soundtrack is changed at all (otherwise it goes into the video as fal encoded it)."""
    return finish.loudness_lufs is not None or (finish.original_audio != "replace" and info.has_audio)


def finish_soundtrack(
    new_audio: Path, source: Path, info: VideoInfo, finish: Finish, work: Path, track_codec: str
) -> tuple[Path, Path, str]:
    """Write the finished soundtrack to `work` as MP3 and as the scored video's track (`track_codec`).

    Returns both files and what was done with the clip's own audio (replace, mix,
    duck, or absent when it has none or it is silent). The length is the picture's, exactly.
    """
    channels = source_format(new_audio).channels
    if finish.original_audio != "replace" and info.has_audio:
        channels = 2
    fmt = AudioFormat(rate=RATE, channels=channels)
    total = samples_for(info.duration_s, RATE)
    new = _whole(decode_blocks(new_audio, fmt), total, channels)
    pcm, done = new, "replace"
    if finish.original_audio != "replace":
        own = own_audio(source, fmt, total) if info.has_audio else None
        own_level = measure(own, RATE, peak=False).integrated_lufs if own is not None else None
        if own is None or own_level is None:
            done = "absent"
        else:
            new_level = measure(new, RATE, peak=False).integrated_lufs
            if finish.original_audio == "mix":
                pcm = mix(new, own, gain(new_level, own_level - MIX_BED_LU))
            else:
                pcm = duck(new, own, RATE, gain(new_level, own_level))
            done = finish.original_audio
        del own  # a long clip's sound is held whole a few times over: let go of what is done with
    del new
    # Distinct names even when the track is an MP3 too (AVI); both match the clean-up's "finished.*".
    mp3, track = work / "finished.mp3", work / f"finished.track{ENCODERS[track_codec].suffix}"
    ceiling = TRUE_PEAK_CEILING_DBTP
    for _ in range(ENCODE_ATTEMPTS):
        levelled = level_to(pcm, RATE, finish.loudness_lufs, ceiling)
        measured = _encode_measured(levelled, fmt, track, track_codec, finish.loudness_lufs)
        as_mp3 = _encode_measured(levelled, fmt, mp3, "libmp3lame", finish.loudness_lufs)
        peaks = [p for p in (measured.true_peak_dbtp, as_mp3.true_peak_dbtp) if p is not None]
        over = max(peaks, default=-math.inf) - (TRUE_PEAK_CEILING_DBTP - GUARD_DB)
        if over <= 0:
            break
        ceiling -= over + 0.1
    return mp3, track, done


def _encode_measured(
    pcm: np.ndarray, fmt: AudioFormat, out: Path, codec: str, target_lufs: float | None
) -> Loudness:
    """Encode `pcm` to `out` and measure the file; with a target, an encoder that shifts the level (LAME takes
    about a quarter of a dB) is made up for, once guessed and once more if the file still misses by 0.1 LU."""
    if target_lufs is None:
        return measure_file(_encode(pcm, fmt, out, codec))
    makeup = LAME_MAKEUP_DB if codec == "libmp3lame" else 0.0
    measured = measure_file(_encode(pcm, fmt, out, codec, gain_db=makeup))
    if measured.integrated_lufs is not None and abs(off := target_lufs - measured.integrated_lufs) > 0.1:
        measured = measure_file(_encode(pcm, fmt, out, codec, gain_db=makeup + off))
    return measured


def _whole(blocks: Iterator[np.ndarray], total: int, channels: int) -> np.ndarray:
    return np.concatenate(
        [np.zeros((channels, 0), dtype=np.float32), *fit_blocks(blocks, total, channels)], axis=1
    )


def _encode(pcm: np.ndarray, fmt: AudioFormat, out: Path, codec: str, *, gain_db: float = 0.0) -> Path:
    """Write `pcm`, `gain_db` louder, to `out` (a working file, replaced if it exists) with one of the
    project's encoders; the gain goes block by block, so a long soundtrack is not copied whole."""
    encoder = ENCODERS[codec]
    scale = np.float32(10 ** (gain_db / 20))
    blocks = (pcm[:, i : i + 4096] * scale for i in range(0, pcm.shape[1], 4096))
    try:
        with (
            atomic_output(out, overwrite=True) as tmp,
            av.open(str(tmp), "w", format=encoder.container) as dest,
        ):
            stream = cast(AudioStream, dest.add_stream(codec, rate=fmt.rate, layout=fmt.layout))
            if encoder.bit_rate:
                stream.bit_rate = encoder.bit_rate
            for packet in encode_blocks(stream, blocks, fmt):
                dest.mux(packet)
    except av.FFmpegError as exc:
        raise MediaError(f"could not write the finished soundtrack {out.name}: {exc}") from exc
    return out


def soundtrack_report(measured: Loudness, finish: Finish, done: str, info: VideoInfo) -> Soundtrack:
    """The `soundtrack` a completed job reports: what its video's track measures, and what was done."""
    note = ""
    if done == "absent" and finish.original_audio != "replace":
        why = "has no audio of its own" if not info.has_audio else "its own audio track is silent"
        note = f"The clip {why}, so original_audio={finish.original_audio!r} changed nothing."
    elif done == "replace" and info.has_audio:
        note = (
            "The clip's own audio was replaced; original_audio='duck' (or 'mix') keeps it under the new "
            "soundtrack, and changing only that re-finishes at no charge."
        )
    return Soundtrack(
        duration_s=measured.duration_s,
        integrated_lufs=measured.integrated_lufs,
        true_peak_dbtp=measured.true_peak_dbtp,
        loudness_range_lu=measured.loudness_range_lu,
        original_audio="absent" if done == "absent" or (done == "replace" and not info.has_audio) else done,  # type: ignore[arg-type]
        loudness_target_lufs=finish.loudness_lufs,
        note=note,
    )
