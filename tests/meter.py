"""An independent loudness meter for tests (ITU-R BS.1770-4, EBU Tech 3342), in numpy alone.

The code under test measures with FFmpeg's `ebur128` filter; this one shares nothing with it: the K-weighting
is applied in the frequency domain from the standard's filter coefficients, gating follows the standard's
400 ms blocks, and the true peak comes from 4x band-limited (FFT) oversampling.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 48_000
# BS.1770-4, table 1 and 2: the pre-filter (high shelf) and the RLB high-pass at 48 kHz.
_SHELF = ([1.53512485958697, -2.69169618940638, 1.19839281085285], [1.0, -1.69065929318241, 0.73248077421585])
_HIGHPASS = ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """A file's first audio stream as float64 samples shaped (channels, samples) at `rate`."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        layout = "stereo" if stream.codec_context.channels >= 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        chunks = []
        for frame in container.decode(stream):
            chunks += [f.to_ndarray() for f in resampler.resample(frame)]
        chunks += [f.to_ndarray() for f in resampler.resample(None)]
    return np.concatenate(chunks, axis=1).astype(np.float64)


def _response(coeffs: tuple[list[float], list[float]], n: int) -> np.ndarray:
    b, a = coeffs
    z1 = np.exp(-2j * np.pi * np.fft.rfftfreq(n))  # z^-1 on the unit circle
    return np.polyval(b[::-1], z1) / np.polyval(a[::-1], z1)


def k_weighted(x: np.ndarray) -> np.ndarray:
    """The K-weighted signal (48 kHz), filtered in the frequency domain with a second of zero padding."""
    n = x.shape[1] + RATE
    h = _response(_SHELF, n) * _response(_HIGHPASS, n)
    return np.fft.irfft(np.fft.rfft(x, n=n, axis=1) * h, n=n, axis=1)[:, : x.shape[1]]


def _block_powers(y: np.ndarray, block_s: float, hop_s: float) -> np.ndarray:
    block, hop = round(block_s * RATE), round(hop_s * RATE)
    power = np.cumsum(np.concatenate([np.zeros((y.shape[0], 1)), y**2], axis=1), axis=1)
    starts = np.arange(0, y.shape[1] - block + 1, hop)
    return ((power[:, starts + block] - power[:, starts]) / block).sum(axis=0)


def _lufs(power: np.ndarray) -> np.ndarray:
    return -0.691 + 10 * np.log10(np.maximum(power, 1e-20))


def integrated_lufs(x: np.ndarray) -> float:
    """Gated integrated loudness (LUFS) of 48 kHz samples."""
    z = _block_powers(k_weighted(x), 0.4, 0.1)
    z = z[_lufs(z) > -70]
    relative = _lufs(np.mean(z)) - 10
    return float(_lufs(np.mean(z[_lufs(z) > relative])))


def loudness_range_lu(x: np.ndarray) -> float:
    """EBU Tech 3342 loudness range (LU): 3 s blocks, -20 LU relative gate, 10th to 95th percentile."""
    levels = _lufs(_block_powers(k_weighted(x), 3.0, 0.1))
    levels = levels[levels > -70]
    power = 10 ** ((levels + 0.691) / 10)
    levels = levels[levels > _lufs(np.mean(power)) - 20]
    return float(np.percentile(levels, 95) - np.percentile(levels, 10))


def true_peak_dbtp(x: np.ndarray) -> float:
    """The true peak (dBTP): the largest magnitude of the signal oversampled 4x by band-limited interpolation."""
    n = x.shape[1]
    up = np.fft.irfft(np.fft.rfft(x, axis=1), n=4 * n, axis=1) * 4
    return float(20 * np.log10(np.max(np.abs(up))))


def band_level_db(x: np.ndarray, f0: float, start_s: float, end_s: float, width_hz: float = 20.0) -> float:
    """Power (dB) of the mono sum within `width_hz` of `f0` between two times: one sound's level in a mix."""
    part = x[:, round(start_s * RATE) : round(end_s * RATE)].mean(axis=0)
    window = np.hanning(part.size)
    spectrum = np.abs(np.fft.rfft(part * window)) ** 2 / (
        part.size * np.sum(window**2)
    )  # mean power (Parseval)
    freqs = np.fft.rfftfreq(part.size, 1 / RATE)
    return float(10 * np.log10(2 * spectrum[np.abs(freqs - f0) <= width_hz].sum() + 1e-20))


def band(x: np.ndarray, low_hz: float, high_hz: float) -> np.ndarray:
    """The mono sum with everything outside low..high Hz removed."""
    mono = x.mean(axis=0)
    spectrum = np.fft.rfft(mono)
    freqs = np.fft.rfftfreq(mono.size, 1 / RATE)
    spectrum[(freqs < low_hz) | (freqs > high_hz)] = 0
    return np.fft.irfft(spectrum, n=mono.size)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two signals over their common length."""
    n = min(a.size, b.size)
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


def frame(samples: np.ndarray, pts: int, rate: int = RATE) -> av.AudioFrame:
    """A float planar audio frame of (channels, samples)."""
    out = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(samples, dtype=np.float32),
        format="fltp",
        layout="stereo" if samples.shape[0] == 2 else "mono",
    )
    out.sample_rate, out.pts, out.time_base = rate, pts, Fraction(1, rate)
    return out
