"""What a long clip's joined soundtrack measures, taken while it is encoded rather than read back afterwards.

The report of a finished job gives the soundtrack's loudness and how its onsets land on the picture. Reading the
written files again for those would come after fal's last answer, on top of the encoding; measured as the joined
samples pass instead, in a thread of its own, the figures are ready when the last samples are.
"""

from __future__ import annotations

import logging
import queue
from typing import TYPE_CHECKING

import anyio
import numpy as np

if TYPE_CHECKING:
    from tools.finish.loudness import Loudness
    from tools.review.onsets import Envelope

log = logging.getLogger(__name__)

_END = None


class TrackMeasures:
    """Loudness and onset envelope of a track whose samples are handed over in order (`take`, from the thread that
    encodes it); `run` measures them as they come. `loudness` and `envelope` are None until the last samples are
    measured, and stay None when the track was abandoned or could not be measured (the files are read instead)."""

    def __init__(self) -> None:
        self._blocks: queue.Queue[tuple[np.ndarray, int] | None] = queue.Queue()
        self._complete = False
        self.loudness: Loudness | None = None
        self.envelope: Envelope | None = None

    def take(self, block: np.ndarray, rate: int) -> None:
        """The track's next samples, shaped (channels, samples), at `rate`."""
        self._blocks.put((block, rate))

    def end(self, *, complete: bool) -> None:
        """No more samples: `complete` when the track was written to its end."""
        self._complete = complete
        self._blocks.put(_END)

    async def run(self) -> None:
        """Measure until `end`."""
        await anyio.to_thread.run_sync(self._measure, abandon_on_cancel=False)

    def _measure(self) -> None:
        from tools.finish.loudness import LoudnessMeter
        from tools.review.onsets import EnvelopeMeter

        meters: tuple[LoudnessMeter, EnvelopeMeter] | None = None
        failed = False
        while (item := self._blocks.get()) is not _END:
            block, rate = item
            if failed:
                continue
            try:
                if meters is None:
                    layout = "stereo" if block.shape[0] == 2 else "mono"
                    meters = (LoudnessMeter(rate, layout), EnvelopeMeter(rate, block.shape[0]))
                meters[0].push(block)
                meters[1].push(block)
            except Exception as exc:  # the report's figures only: the files are measured instead
                log.info("the joined soundtrack could not be measured while it was encoded: %s", exc)
                failed = True
        if meters is None or failed or not self._complete:
            return
        self.loudness, self.envelope = meters[0].result(), meters[1].result()
