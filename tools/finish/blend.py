"""The clip's own audio with the new soundtrack: read it in step with the picture, and mix or duck under it.

`mix` keeps the clip's own sound as it is and sets the new soundtrack a little under it (`MIX_BED_LU`), so
both are heard all the time. `duck` lets the new soundtrack play at the own sound's level in the gaps and
dips it by `DUCK_DEPTH_DB` wherever the clip's own audio is active (speech, commentary, real clicks), with a
quick attack and a slower release, like a sidechain compressor with a fixed depth.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from tools.errors import MediaError
from tools.media.audio import AudioFormat

MIX_BED_LU = 6.0  # mix: the new soundtrack this much under the clip's own audio (never raised)
DUCK_DEPTH_DB = 15.0
HOP_S = 0.01  # the ducking decides every 10 ms
WINDOW_S = 0.05  # over the own audio's level in 50 ms windows
ACTIVE_BELOW_PEAK_DB = 25.0  # a window is active within this much of the own audio's loud passages
QUIETEST_ACTIVE_DBFS = -55.0  # and never when quieter than this (hiss, room tone)
HOLD_S = 0.15  # stay down this long after the own audio stops, so short pauses between words do not pump
ATTACK_S = 0.03
RELEASE_S = 0.35


def own_audio(source: Path, fmt: AudioFormat, total: int) -> np.ndarray | None:
    """The clip's own audio track as `total` float samples from the picture's first timestamp; None if it has none."""
    try:
        with av.open(str(source)) as container:
            if not container.streams.audio:
                return None
            video = container.streams.video[0] if container.streams.video else None
            origin = 0.0
            if video is not None and video.start_time is not None and video.time_base is not None:
                origin = max(0.0, float(video.start_time * video.time_base))
            resampler = av.AudioResampler(format="fltp", layout=fmt.layout, rate=fmt.rate)
            out = np.zeros((fmt.channels, total), dtype=np.float32)
            at: int | None = None
            for frame in container.decode(container.streams.audio[0]):
                if at is None:
                    first = (
                        float(frame.pts * frame.time_base)
                        if frame.pts is not None and frame.time_base
                        else 0.0
                    )
                    at = round((first - origin) * fmt.rate)
                for piece in resampler.resample(frame):
                    at = _place(out, piece.to_ndarray(), at)
                if at >= total:
                    break
            else:
                for piece in resampler.resample(None):
                    at = _place(out, piece.to_ndarray(), at or 0)
            return out
    except av.FFmpegError as exc:
        raise MediaError(
            f"{Path(source).name}: its own audio cannot be decoded: {exc}",
            hint="Score it again with original_audio='replace': fal's soundtrack is kept, so that costs nothing.",
        ) from exc


def _place(out: np.ndarray, block: np.ndarray, at: int) -> int:
    """Copy `block` into `out` from sample `at` (parts before 0 or past the end are dropped); return the next."""
    start, end = max(0, at), min(out.shape[1], at + block.shape[1])
    if end > start:
        out[:, start:end] = block[:, start - at : end - at]
    return at + block.shape[1]


def gain(lufs_from: float | None, lufs_to: float | None) -> float:
    """The linear gain that lowers a sound at `lufs_from` to `lufs_to` (never raises it)."""
    if lufs_from is None or lufs_to is None or lufs_from <= lufs_to:
        return 1.0
    return float(10 ** ((lufs_to - lufs_from) / 20))


def mix(new: np.ndarray, own: np.ndarray, new_gain: float) -> np.ndarray:
    """Both sounds together, the new one scaled by `new_gain`."""
    return (new * np.float32(new_gain) + own).astype(np.float32, copy=False)


def duck(new: np.ndarray, own: np.ndarray, rate: int, new_gain: float) -> np.ndarray:
    """The new soundtrack, scaled by `new_gain`, dipped wherever the own audio is active; plus the own audio."""
    envelope = duck_curve(own, rate) * new_gain
    centres = np.arange(envelope.size) * HOP_S + HOP_S / 2
    out = own.astype(np.float32, copy=True)
    step = (
        1 << 16
    )  # the gain curve is drawn a stretch at a time: no sample-long float64 array for a long clip
    for start in range(0, new.shape[1], step):
        times = np.arange(start, min(start + step, new.shape[1])) / rate
        out[:, start : start + times.size] += new[:, start : start + times.size] * np.interp(
            times, centres, envelope
        ).astype(np.float32)
    return out


def active(own: np.ndarray, rate: int) -> np.ndarray:
    """Per 10 ms hop: whether the own audio is active there (its level in a 50 ms window near its loud parts)."""
    hop = max(1, round(HOP_S * rate))
    width = max(1, round(WINDOW_S / HOP_S))  # hops per window
    hops = -(-own.shape[1] // hop)
    if not hops:
        return np.zeros(0, dtype=bool)
    per_hop = np.zeros(hops, dtype=np.float64)
    stretch = hop * 128  # a stretch at a time, as in `duck`
    for start in range(0, own.shape[1], stretch):
        power = np.mean(own[:, start : start + stretch].astype(np.float64) ** 2, axis=0)
        power = np.pad(power, (0, -power.size % hop))
        per_hop[start // hop : start // hop + power.size // hop] = power.reshape(-1, hop).sum(axis=1)
    # Each hop's window is centred on it: the hops from width // 2 before to as many after.
    padded = np.concatenate([np.zeros(width // 2), per_hop, np.zeros(width)])
    cumulative = np.concatenate([[0.0], np.cumsum(padded)])
    level = 10 * np.log10((cumulative[width : width + hops] - cumulative[:hops]) / (width * hop) + 1e-12)
    loud = float(np.percentile(level, 95))
    return level >= max(QUIETEST_ACTIVE_DBFS, loud - ACTIVE_BELOW_PEAK_DB)


def duck_curve(own: np.ndarray, rate: int) -> np.ndarray:
    """Per 10 ms hop, the gain for the new soundtrack: 1 in the gaps, DUCK_DEPTH_DB down under activity."""
    on = active(own, rate)
    hold = round(HOLD_S / HOP_S)
    if hold and on.size:  # stay down through short pauses
        held = np.convolve(on.astype(np.int32), np.ones(hold + 1, dtype=np.int32))[: on.size]
        on = held > 0
    target = np.where(on, 10 ** (-DUCK_DEPTH_DB / 20), 1.0)
    attack, release = 1 - np.exp(-HOP_S / ATTACK_S), 1 - np.exp(-HOP_S / RELEASE_S)
    curve = np.empty_like(target)
    level = 1.0
    for i, goal in enumerate(target.tolist()):  # a few thousand steps a minute: cheap in Python
        level += (goal - level) * (attack if goal < level else release)
        curve[i] = level
    return curve
