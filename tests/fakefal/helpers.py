"""Small helpers for the fake's tests: fetch a URL, measure a sound's pitch."""

from __future__ import annotations

import io

import av
import httpx
import numpy as np


async def download(url: str) -> httpx.Response:
    """GET a URL the way the engine downloads results (plain httpx, no fal auth)."""
    async with httpx.AsyncClient() as http:
        return await http.get(url)


def seconds(data: bytes) -> float:
    """The container duration of a media file, in seconds."""
    with av.open(io.BytesIO(data), "r") as container:
        assert container.duration is not None
        return container.duration / 1_000_000


def dominant_hz(data: bytes) -> float:
    """The strongest frequency in an audio file's first channel."""
    with av.open(io.BytesIO(data), "r") as container:
        chunks = [frame.to_ndarray()[0] for frame in container.decode(audio=0)]
        rate = container.streams.audio[0].sample_rate
    samples = np.concatenate(chunks).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])
