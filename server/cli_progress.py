"""What the CLI's progress line shows of a job, steady however its segments interleave.

A long clip is scored as segments that run at once, and the job's status and message are those of whichever
segment reported last: queued, then preparing, then running, then queued again. Shown as they come, the line
flickers between segments and goes backwards. Here the status only moves forward, and the message follows one
segment, the first that is not done, until it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.models import ScoreJob

_ORDER = ("starting", "preparing", "uploading", "queued", "running", "completed", "failed", "cancelled")
_SEGMENT = re.compile(r"^segment (\d+) of (\d+) (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Shown:
    """One state of the progress line."""

    fraction: float
    status: str
    message: str


class JobProgress:
    """Turns successive snapshots of one job into a line that never goes backwards."""

    def __init__(self) -> None:
        self._fraction = 0.0
        self._rank = 0
        self._segment_messages: dict[int, str] = {}

    def see(self, job: ScoreJob) -> Shown:
        """The line for this snapshot of the job."""
        self._fraction = max(self._fraction, min(1.0, max(0.0, job.progress.fraction)))
        rank = _ORDER.index(job.status) if job.status in _ORDER else self._rank
        self._rank = max(self._rank, rank)
        return Shown(self._fraction, _ORDER[self._rank], self._message(job))

    def _message(self, job: ScoreJob) -> str:
        message = job.progress.message
        found = _SEGMENT.match(message)
        if found is None:
            return message  # the job's own step: looking for cuts, writing the files
        index, total, text = int(found.group(1)), int(found.group(2)), found.group(3)
        self._segment_messages[index] = text
        done = {s.index + 1 for s in job.segments if s.status == "completed"}
        current = next((i for i in range(1, total + 1) if i not in done), total)
        followed = self._segment_messages.get(current)
        if followed is None:
            states = {s.index + 1: s.status for s in job.segments}
            followed = states.get(current, "waiting")
        return f"{current}/{total} {followed}"
