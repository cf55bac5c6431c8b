"""One upload per picture span in a process: takes of one clip (and a retried call) share fal's copy of the file.

fal keeps uploaded files for days; a URL is shared here for an hour at most. Concurrent calls for the same span wait
for the first upload instead of sending the same bytes again.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio

KEEP_SECONDS = 3600.0

Upload = tuple[str, float]  # fal's URL of the file, and the picture before the span it starts with (lead_s)


@dataclass
class SharedUploads:
    """fal URLs of uploaded spans, keyed by picture digest and span."""

    _done: dict[tuple[str, float, float], tuple[float, Upload]] = field(default_factory=dict)
    _locks: dict[tuple[str, float, float], anyio.Lock] = field(default_factory=dict)

    async def get(
        self, picture: str | None, start_s: float, end_s: float, make: Callable[[], Awaitable[Upload]]
    ) -> Upload:
        """The span's upload: an earlier one from the last hour, or a new one made by `make`."""
        if not picture:
            return await make()
        key = (picture, round(start_s, 3), round(end_s, 3))
        lock = self._locks.setdefault(key, anyio.Lock())
        async with lock:
            hit = self._done.get(key)
            if hit is not None and time.monotonic() - hit[0] < KEEP_SECONDS:
                return hit[1]
            made = await make()
            self._done[key] = (time.monotonic(), made)
            return made
