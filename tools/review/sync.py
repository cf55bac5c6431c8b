"""Match the picture's cuts and impacts against a soundtrack's onsets: how many land, and how early or late."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tools.inspection.models import Analysis, PictureEvent

if TYPE_CHECKING:
    from tools.review.onsets import Envelope

MATCH_WINDOW_S = 0.1
SYNC_KINDS = frozenset({"scene_cut", "impact"})


@dataclass(frozen=True)
class SyncReview:
    """How a soundtrack lands on the picture (a hint: a sound may rightly be off an event)."""

    events_total: int
    events_matched: int
    median_offset_ms: float | None  # onset minus event, over matched events; > 0 means the sound comes late
    longest_silence_s: float
    longest_silence_at_s: float

    @property
    def share(self) -> float:
        """Matched events as a share of all; 1.0 when the picture has none."""
        return self.events_matched / self.events_total if self.events_total else 1.0


def sync_times(events: Iterable[PictureEvent]) -> list[float]:
    """The picture moments a sound should land on: scene cuts and impacts, in time order."""
    return sorted(e.time_s for e in events if e.kind in SYNC_KINDS)


def match(
    event_times: Sequence[float], onset_times: Sequence[float], *, window_s: float = MATCH_WINDOW_S
) -> list[float | None]:
    """For each event, the signed offset (s) to its nearest onset within the window, else None."""
    out: list[float | None] = []
    for t in event_times:
        nearest = min(onset_times, key=lambda o: abs(o - t), default=None)
        out.append(nearest - t if nearest is not None and abs(nearest - t) <= window_s + 1e-9 else None)
    return out


def review(
    event_times: Sequence[float],
    onset_times: Sequence[float],
    *,
    silence_s: float = 0.0,
    silence_at_s: float = 0.0,
) -> SyncReview:
    """Summarise the matches of events against onsets."""
    offsets = [o for o in match(event_times, onset_times) if o is not None]
    return SyncReview(
        events_total=len(event_times),
        events_matched=len(offsets),
        median_offset_ms=round(statistics.median(offsets) * 1000.0, 1) if offsets else None,
        longest_silence_s=silence_s,
        longest_silence_at_s=silence_at_s,
    )


def review_soundtrack(audio: Path, analysis: Analysis) -> SyncReview:
    """Review a soundtrack file against a clip's analysis."""
    from tools.review.onsets import envelope  # numpy and PyAV, loaded on first use

    return review_envelope(envelope(audio), analysis)


def review_envelope(env: Envelope, analysis: Analysis) -> SyncReview:
    """Review a soundtrack's envelope (taken from its file, or while it was encoded) against a clip's analysis."""
    from tools.review.onsets import longest_quiet, onsets

    quiet = longest_quiet(env)
    return review(
        sync_times(analysis.events), onsets(env), silence_s=quiet.length_s, silence_at_s=quiet.start_s
    )


def rank(reviews: Sequence[SyncReview | None]) -> list[int]:
    """Indices best first: most events matched, then the tightest median offset, then the shortest silence."""

    def key(i: int) -> tuple[float, float, float]:
        r = reviews[i]
        if r is None:
            return (1.0, 0.0, 0.0)
        offset = abs(r.median_offset_ms) if r.median_offset_ms is not None else 1e9
        return (-r.share, offset, r.longest_silence_s)

    return sorted(range(len(reviews)), key=key)
