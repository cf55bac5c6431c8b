"""The job log at INFO: one line each time a job's status changes, whatever step reported the change."""

from __future__ import annotations

import logging
from typing import Any

from tools.jobs.ledger import loads

log = logging.getLogger("tools.jobs")


def state_line(row: dict[str, Any]) -> str:
    """What a job's status change says: the status and what goes with it (the files, the error, the step)."""
    status = row["status"]
    if status == "completed":
        return f"job {row['id']} completed: {row['video_path']} and {row['audio_path']}"
    if status == "failed":
        error = loads(row["error_json"]) or {}
        return f"job {row['id']} failed: [{error.get('code', 'error')}] {error.get('message', '')}".rstrip()
    return f"job {row['id']} {status}: {row['progress_message']}"


class StateLog:
    """Remembers the last status logged for each job of this process (a few bytes each), to log only changes."""

    def __init__(self) -> None:
        self._last: dict[str, str] = {}

    def note(self, row: dict[str, Any] | None) -> None:
        """Log the job's status if it changed since the last note."""
        if row is None or self._last.get(row["id"]) == row["status"]:
            return
        log.info("%s", state_line(row))
        self._last[row["id"]] = row["status"]
