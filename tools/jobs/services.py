"""What a running job works with: the services the runner opens once, and the job's progress as its calls go."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio

from tools.config import Config
from tools.engine.fal import FalEngine
from tools.errors import KlingError
from tools.jobs.ledger import Ledger, dumps, now_iso
from tools.jobs.uploads import SharedUploads

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What a running job needs, opened once by the runner."""

    config: Config
    ledger: Ledger
    engine: FalEngine
    limiter: anyio.CapacityLimiter
    touch: Callable[[str], None]
    uploads: SharedUploads = field(default_factory=SharedUploads)
    owner: str | None = (
        None  # this process's name in the ledger: a submit is sent only while it holds the job
    )


class NotOwner(Exception):
    """This process no longer holds the job (cancelled, or adopted by another process): it stops, writing nothing."""


@dataclass
class JobState:
    """How far each of a job's fal calls has got, for the job's overall progress."""

    job_id: str
    total: int
    picture: str | None = None  # the picture's digest: spans of it uploaded once are shared (takes)
    fractions: dict[int, float] = field(default_factory=dict)
    messages: dict[int, str] = field(default_factory=dict)
    # Calls not yet handed to fal; `all_sent` is set when none is left (the job's local work can wait till then).
    unsent: set[int] = field(default_factory=set)
    all_sent: anyio.Event = field(default_factory=anyio.Event)

    def sent(self, idx: int) -> None:
        """A call reached fal, was reused, or ended: one fewer to send."""
        self.unsent.discard(idx)
        if not self.unsent:
            self.all_sent.set()


def error_json(exc: KlingError) -> str | None:
    """An error as the ledger keeps it."""
    return dumps({"code": exc.code, "message": exc.message, "hint": exc.hint})


def fail_job(ledger: Ledger, job_id: str, exc: KlingError) -> None:
    """Record a job as failed with the error that ended it."""
    log.debug("job %s failed: %s", job_id, exc.message)
    ledger.update_job(
        job_id, status="failed", error_json=error_json(exc), finished_at=now_iso(), progress_message="failed"
    )


def report(
    svc: Services, state: JobState, idx: int, fraction: float, message: str, status: str | None
) -> None:
    """Record one call's progress, and the job's overall, in the ledger, and wake whoever waits on the job."""
    state.fractions[idx] = fraction
    state.messages[idx] = message
    overall = 0.05 + 0.85 * sum(state.fractions.values()) / max(1, state.total)
    prefix = f"segment {idx + 1} of {state.total} " if state.total > 1 else ""
    fields: dict[str, Any] = {"progress": round(overall, 3), "progress_message": f"{prefix}{message}".strip()}
    if status is not None:
        fields["status"] = status
    svc.ledger.update_job(state.job_id, **fields)
    svc.touch(state.job_id)
