"""The sync review of a job's soundtrack: the picture analysed while fal works, the soundtrack reviewed at the end."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from tools.inspection.models import Analysis
from tools.models import Soundtrack
from tools.review.kept import clip_analysis

if TYPE_CHECKING:
    from tools.review.onsets import Envelope

log = logging.getLogger(__name__)


class SoundtrackReview:
    """Start `run` with the job; `add_to` puts the review of the finished soundtrack into its report."""

    def __init__(
        self,
        data_dir: Path,
        picture: str | None,
        source: Path,
        *,
        after: anyio.Event | None = None,
        lighter: Path | None = None,
    ) -> None:
        self.data_dir, self.picture, self.source = data_dir, picture or "", source
        self.after = after
        # The same picture, smaller (the upload proxy): read instead of the source when the job made one.
        self.lighter = lighter
        self.analysis: Analysis | None = None
        self._done = anyio.Event()

    async def run(self) -> None:
        """Analyse the picture (or read the analysis kept from an earlier job of the same picture), once `after`
        is set: the job's renders and uploads come first, the analysis fills the wait for fal."""
        try:
            if self.after is not None:
                await self.after.wait()
            if self.picture:
                source = self.lighter if self.lighter is not None and self.lighter.is_file() else self.source
                self.analysis = await clip_analysis(self.data_dir, self.picture, source)
        finally:
            self._done.set()

    async def add_to(self, soundtrack: Soundtrack, audio: Path, env: Envelope | None = None) -> Soundtrack:
        """The report with how the soundtrack's onsets land on the picture's cuts and impacts (from `env`, its
        envelope taken while it was encoded, when there is one; else from the file)."""
        await self._done.wait()
        if self.analysis is None:
            return soundtrack
        analysis = self.analysis
        from tools.review.sync import review_envelope, review_soundtrack  # numpy and PyAV: loaded when needed

        try:
            if env is not None:
                review = review_envelope(env, analysis)
            else:
                review = await anyio.to_thread.run_sync(lambda: review_soundtrack(audio, analysis))
        except Exception as exc:  # a hint only: a soundtrack it cannot read keeps its report without one
            log.info("no sync review for %s: %s", audio.name, exc)
            return soundtrack
        return soundtrack.model_copy(
            update={
                "events_total": review.events_total,
                "events_matched": review.events_matched,
                "median_offset_ms": review.median_offset_ms,
                "longest_silence_s": review.longest_silence_s,
            }
        )
