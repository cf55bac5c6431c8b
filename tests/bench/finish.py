"""Finishing a soundtrack: `duck` + `loudness_lufs` over 20 s and 60 s of sound, in seconds of soundtrack per
second of work (x real time), against a plain decode and encode of the same audio in the same run.

The finishing reads fal's soundtrack (an MP3) and the clip's own audio track (speech-like bursts), ducks the
first under the second, levels the result to -14 LUFS under -1 dBTP, writes it as the scored video's AAC track
and as the MP3, and measures both files (BS.1770, `ebur128`) to keep their true peak under the ceiling. The plain decode and encode reads the same MP3
and writes the same two files with nothing in between: the work any soundtrack costs. Runs alternate between
the two, and each ratio compares one pair.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any, cast

import av
from av.audio.stream import AudioStream

from tests.bench.stats import pairwise_ratios, row, summary
from tests.clips import make_audio_only
from tests.tools.finish.talking import talking_clip

RUNS = 3
LENGTHS = (20.0, 60.0)


def _plain(new_audio: Path, work: Path) -> None:
    """Decode the soundtrack and encode it as the AAC track and the MP3, as a job without finishing would."""
    from tools.media.audio import ENCODERS, AudioFormat, decode_blocks, encode_blocks

    fmt = AudioFormat(rate=48_000, channels=2)
    for codec in ("aac", "libmp3lame"):
        encoder = ENCODERS[codec]
        with av.open(str(work / f"plain{encoder.suffix}"), "w", format=encoder.container) as dest:
            stream = cast(AudioStream, dest.add_stream(codec, rate=fmt.rate, layout=fmt.layout))
            if encoder.bit_rate:
                stream.bit_rate = encoder.bit_rate
            for packet in encode_blocks(stream, decode_blocks(new_audio, fmt), fmt):
                dest.mux(packet)


def _finish(new_audio: Path, clip: Path, work: Path) -> None:
    from tools.finish.options import Finish
    from tools.finish.soundtrack import finish_soundtrack
    from tools.media.probe import probe

    finish_soundtrack(new_audio, clip, probe(clip), Finish("duck", -14.0), work, "aac")


def _timed(call: Any) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run(runs: int = RUNS) -> dict[str, Any]:
    """Time finishing and the plain decode+encode, alternating, for each length; seconds per run."""
    out: dict[str, Any] = {"runs": runs}
    with tempfile.TemporaryDirectory(prefix="kling-v2a-bench-finish-") as tmp:
        folder = Path(tmp)
        for length in LENGTHS:
            clip = talking_clip(folder / f"talk-{length:g}.mp4", length)
            new_audio = make_audio_only(folder / f"soundtrack-{length:g}.mp3", length + 0.5, frequency=660.0)
            _finish(new_audio, clip, folder)  # unmeasured: loads the libraries
            times: dict[str, list[float]] = {"finish": [], "plain": []}
            work = {
                "finish": lambda new_audio=new_audio, clip=clip: _finish(new_audio, clip, folder),
                "plain": lambda new_audio=new_audio: _plain(new_audio, folder),
            }
            for i in range(runs):
                for name in ("finish", "plain") if i % 2 == 0 else ("plain", "finish"):
                    times[name].append(_timed(work[name]))
            finish_s, plain_s = times["finish"], times["plain"]
            out[f"{length:g}"] = {
                "seconds": length,
                "finish_s": finish_s,
                "plain_s": plain_s,
                "finish_x_realtime": [length / s for s in finish_s],
                "plain_x_realtime": [length / s for s in plain_s],
                "finish_over_plain": pairwise_ratios(finish_s, plain_s),
            }
    return out


def rows(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per length: finishing speed, with the plain decode+encode and the ratio in the detail."""
    result = []
    for length in LENGTHS:
        f = raw[f"{length:g}"]
        plain = summary(f["plain_x_realtime"], 1)
        ratio = summary(f["finish_over_plain"], 2)
        detail = (
            f"duck + loudness_lufs=-14 over {length:g} s of sound: fal's MP3 and the clip's own AAC decoded, "
            f"ducked, levelled under -1 dBTP, written as AAC and MP3 and both measured. A plain decode and "
            f"encode of the same MP3 to the same two files runs at {plain['median']:g}x real time in the same "
            f"run; finishing takes {ratio['median']:g}x its time (pairs {ratio['min']:g}–{ratio['max']:g})."
        )
        result.append(
            row(
                f"Finishing speed, duck + loudness, {length:g} s",
                f["finish_x_realtime"],
                unit="x real time",
                target="none set",
                better="higher",
                detail=detail,
                digits=1,
            )
        )
    return result
