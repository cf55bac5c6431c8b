"""Where sounds start in a soundtrack, and where it is nearly silent, from a short-hop energy envelope.

The envelope is the soundtrack's mono mix at 16 kHz, in dB per 2.5 ms hop. Onsets are read from the envelope of its
second difference, which weights high frequencies (as high-frequency-content onset detectors do): a hit or a
footstep is broadband, while a steady tone or a music bed sits low and would otherwise mask it. An onset is the
first hop where that level has risen by ONSET_RISE_DB over the quietest of the hops just before it; a sound must be
within 45 dB of the loudest moment to count, so a quiet bed's flutter is not an onset.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from tools.media.audio import AudioFormat, decode_blocks

RATE = 16_000
HOP = 40  # samples: 2.5 ms at 16 kHz
HOP_S = HOP / RATE
LOOKBACK_HOPS = 20  # 50 ms of "before" to rise from
ONSET_RISE_DB = 12.0
REFRACTORY_S = 0.08  # one onset per attack
RELATIVE_FLOOR_DB = 45.0
SILENCE_DBFS = -50.0  # "near silence": quieter than this, averaged over SILENCE_WINDOW_S
SILENCE_WINDOW_S = 0.1
FLOOR_DB = -120.0


@dataclass(frozen=True)
class Envelope:
    """Level in dBFS per hop of HOP_S seconds, and the level of the second difference that onsets are read from."""

    db: np.ndarray
    onset_db: np.ndarray

    @property
    def duration_s(self) -> float:
        """Seconds the envelope covers."""
        return len(self.db) * HOP_S


@dataclass(frozen=True)
class Quiet:
    """The longest stretch of near silence."""

    start_s: float
    length_s: float


def envelope(path: Path) -> Envelope:
    """Decode a soundtrack to a mono 16 kHz envelope in dBFS per 2.5 ms hop."""
    samples = np.concatenate(
        [b[0] for b in decode_blocks(Path(path), AudioFormat(rate=RATE, channels=1))]
        or [np.zeros(0, np.float32)]
    )
    return envelope_of(samples)


class EnvelopeMeter:
    """The envelope taken while a soundtrack's samples pass, in order: `push` them as they come, then `result`.

    For a track that is encoded while it arrives (a long clip's joined soundtrack): only the hops not yet whole
    are held, so the review is ready when the last samples are, without a second reading of the file. The
    levels are those `envelope_of` gives for the same samples.
    """

    def __init__(self, rate: int, channels: int) -> None:
        self._fmt = AudioFormat(rate=rate, channels=channels)
        self._resampler = av.AudioResampler(format="fltp", layout="mono", rate=RATE)
        self._pts = 0
        self._last2: np.ndarray | None = (
            None  # the two samples before the held ones, for the second difference
        )
        self._held = np.zeros(0)  # samples at RATE not yet making a whole hop
        self._held_diff = np.zeros(0)
        self._db: list[np.ndarray] = []
        self._onset_db: list[np.ndarray] = []

    def push(self, pcm: np.ndarray) -> None:
        """The next float samples at the meter's rate, shaped (channels, samples)."""
        if pcm.shape[1] == 0:
            return
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(pcm, dtype=np.float32), format="fltp", layout=self._fmt.layout
        )
        frame.sample_rate = self._fmt.rate
        frame.pts = self._pts
        frame.time_base = Fraction(1, self._fmt.rate)
        self._pts += pcm.shape[1]
        for out in self._resampler.resample(frame):
            self._add(out.to_ndarray()[0])

    def result(self) -> Envelope:
        """The envelope of everything pushed (the meter takes nothing after this)."""
        for out in self._resampler.resample(None):
            self._add(out.to_ndarray()[0])
        return Envelope(
            db=np.concatenate([np.zeros(0), *self._db]),
            onset_db=np.concatenate([np.zeros(0), *self._onset_db]),
        )

    def _add(self, samples: np.ndarray) -> None:
        x = samples.astype(np.float64)
        if len(x) == 0:
            return
        before = self._last2 if self._last2 is not None else np.resize(x[:2], 2)
        joined = np.concatenate([before, x])
        self._last2 = joined[-2:]
        self._held = np.concatenate([self._held, x])
        self._held_diff = np.concatenate([self._held_diff, np.diff(joined, n=2)])
        whole = len(self._held) // HOP * HOP
        if whole:
            self._db.append(_levels(self._held[:whole]))
            self._onset_db.append(_levels(self._held_diff[:whole]))
            self._held, self._held_diff = self._held[whole:], self._held_diff[whole:]


def envelope_of(samples: np.ndarray) -> Envelope:
    """The dBFS-per-hop envelope of mono float samples at RATE."""
    x = samples.astype(np.float64)
    return Envelope(db=_levels(x), onset_db=_levels(np.diff(x, n=2, prepend=x[:2])))


def _levels(x: np.ndarray) -> np.ndarray:
    hops = len(x) // HOP
    if hops == 0:
        return np.zeros(0)
    frames = x[: hops * HOP].reshape(hops, HOP)
    power = np.mean(frames * frames, axis=1)
    return np.maximum(10.0 * np.log10(np.maximum(power, 1e-30)), FLOOR_DB)


def onsets(env: Envelope) -> list[float]:
    """Times in seconds where a sound starts."""
    db = env.onset_db
    if len(db) < 2:
        return []
    padded = np.concatenate([np.full(LOOKBACK_HOPS, db[0]), db])
    windows = np.lib.stride_tricks.sliding_window_view(padded[:-1], LOOKBACK_HOPS)
    before = windows.min(axis=1)
    loud_enough = db >= db.max() - RELATIVE_FLOOR_DB
    rising = (db - before >= ONSET_RISE_DB) & loud_enough
    times: list[float] = []
    last = -np.inf
    for i in np.flatnonzero(rising):
        t = i * HOP_S
        if t - last >= REFRACTORY_S:
            times.append(round(_attack_start(db, int(i)) * HOP_S, 4))
            last = t
    return times


def _attack_start(db: np.ndarray, i: int) -> float:
    """The hop where the rise that crosses at hop i got half way: pre-echo of a lossy codec, which smears a little
    high-frequency noise just ahead of a hit, stays under that."""
    lo = max(0, i - LOOKBACK_HOPS)
    floor = db[lo:i].min() if i > lo else db[i]
    j = i
    while j > lo and db[j - 1] > floor + ONSET_RISE_DB / 2:
        j -= 1
    return float(j)


def longest_quiet(env: Envelope) -> Quiet:
    """The longest stretch whose level, averaged over 100 ms, stays under SILENCE_DBFS."""
    if len(env.db) == 0:
        return Quiet(start_s=0.0, length_s=0.0)
    width = max(1, round(SILENCE_WINDOW_S / HOP_S))
    power = 10.0 ** (env.db / 10.0)
    smooth = np.convolve(power, np.ones(width) / width, mode="same")
    quiet = 10.0 * np.log10(np.maximum(smooth, 1e-30)) < SILENCE_DBFS
    best_start, best_len, run_start = 0, 0, None
    for i, q in enumerate(np.append(quiet, False)):
        if q and run_start is None:
            run_start = i
        elif not q and run_start is not None:
            if i - run_start > best_len:
                best_start, best_len = run_start, i - run_start
            run_start = None
    return Quiet(start_s=round(best_start * HOP_S, 3), length_s=round(best_len * HOP_S, 3))
