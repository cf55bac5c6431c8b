"""One upload per picture span in a process: takes of one clip, and calls that score it again with other prompts
within the hour, share fal's copy of the file instead of sending the same bytes again.

fal keeps uploaded files for days; a URL is shared here for an hour at most. Concurrent calls for the same span wait
for the first upload. The key names the rendition too (the clip itself, or its proxy); a request with reuse=false
gets no key and uploads its own copy.
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
    """fal URLs of uploaded spans, keyed by picture digest and rendition, and span."""

    _done: dict[tuple[str, float, float], tuple[float, Upload]] = field(default_factory=dict)
    _locks: dict[tuple[str, float, float], anyio.Lock] = field(default_factory=dict)

    async def get(
        self, key: str | None, start_s: float, end_s: float, make: Callable[[], Awaitable[Upload]]
    ) -> Upload:
        """The span's upload: an earlier one of the last hour under `key`, or a new one made by `make`."""
        if not key:
            return await make()
        span = (key, round(start_s, 3), round(end_s, 3))
        lock = self._locks.setdefault(span, anyio.Lock())
        async with lock:
            hit = self._done.get(span)
            if hit is not None and time.monotonic() - hit[0] < KEEP_SECONDS:
                return hit[1]
            made = await make()
            now = time.monotonic()
            # A long-running server forgets what fal no longer keeps for it (and the spans' locks with it).
            for old in [k for k, (at, _) in self._done.items() if now - at >= KEEP_SECONDS]:
                del self._done[old]
                if old != span and not self._locks[old].locked():
                    del self._locks[old]
            self._done[span] = (now, made)
            return made
