"""One request's life in the fake queue: queued, then running with log lines, then completed.

Time drives the phases (a queued share of the latency, then the rest running), but the status a client sees
never skips a phase: every request reports IN_QUEUE, then IN_PROGRESS, then COMPLETED, on successive polls.
That keeps tests deterministic without sleeping. A held request stays running until it is released.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

QUEUED, RUNNING, DONE = 0, 1, 2
PHASES = ("IN_QUEUE", "IN_PROGRESS", "COMPLETED")
QUEUED_SHARE = 0.3


@dataclass(frozen=True)
class Failure:
    """How a request ended badly: the result GET's status code and body, and the status's error fields."""

    status: int
    body: dict[str, Any]
    error: str
    error_type: str


CANCELLED = Failure(499, {"detail": "Request was cancelled", "error_type": "client_cancelled"},
                    "Request was cancelled", "client_cancelled")  # fmt: skip


@dataclass(eq=False)
class Job:
    """A submitted request and everything the fake knows about it."""

    request_id: str
    arguments: dict[str, Any]  # exactly as received
    effective: dict[str, Any]  # with fal's defaults filled in
    submitted_at: float
    latency: float
    video: bytes | None = None
    video_seconds: float = 0.0
    size: tuple[int, int] = (0, 0)
    tone_hz: float | None = None
    hold: bool = False
    status_errors: bool = True  # COMPLETED carries error/error_type when the request failed
    queue_polls: int = 0
    audio: Any = None  # a ResultAudio variation of its soundtrack, if one was on at submit
    failure: Failure | None = None
    started_at: float | None = None
    finished_at: float | None = None
    cancelled: bool = False
    released: bool = False
    reported: int = -1
    polls: int = 0
    logs: list[dict[str, Any]] = field(default_factory=list)
    answered_at: float | None = None  # wall-clock time (time.time()) its result was last served
    outputs: dict[str, Any] | None = None  # {"video": StoredFile, "audio": StoredFile} once rendered
    rendering: threading.Thread | None = field(default=None, repr=False)  # making the outputs meanwhile
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def phase(self) -> int:
        """The true phase, as of the last advance."""
        if self.cancelled or self.finished_at is not None:
            return DONE
        return RUNNING if self.started_at is not None else QUEUED

    @property
    def charged(self) -> bool:
        """Whether fal would bill this request: the model finished it without an error."""
        return self.finished_at is not None and self.failure is None and not self.cancelled

    def advance(self, now: float) -> None:
        """Move the true phase forward to what `now` allows."""
        if self.phase == DONE:
            return
        queued_for = self.latency * QUEUED_SHARE
        if self.started_at is None and (
            self.released or (now - self.submitted_at >= queued_for and self.queue_polls <= 0)
        ):
            self.started_at = now
        if self.started_at is not None and (
            self.released or (not self.hold and now - self.started_at >= self.latency - queued_for)
        ):
            self.finished_at = now

    def cancel(self, now: float) -> bool:
        """Cancel unless already done; return whether it was cancelled."""
        self.advance(now)
        if self.phase == DONE:
            return False
        self.cancelled = True
        self.failure = CANCELLED
        return True

    def poll(self, now: float, with_logs: bool) -> tuple[int, dict[str, Any]]:
        """One status poll: the HTTP status code and body fields (without the URLs)."""
        self.polls += 1
        self.advance(now)
        # A cancelled request ends at once; otherwise show each phase at least once.
        shown = DONE if self.cancelled else min(self.phase, self.reported + 1)
        self.reported = shown
        body: dict[str, Any] = {"status": PHASES[shown], "request_id": self.request_id}
        if shown == QUEUED:
            body["queue_position"] = max(self.queue_polls, 0)
            self.queue_polls -= 1
            return 202, body
        self._emit_logs(now, done=shown == DONE)
        body["logs"] = list(self.logs) if with_logs else None
        if shown == RUNNING:
            return 202, body
        started = self.started_at if self.started_at is not None else now
        finished = self.finished_at if self.finished_at is not None else now
        body["metrics"] = {"inference_time": round(max(finished - started, 0.0), 3)}
        if self.failure is not None and self.status_errors:
            body["error"] = self.failure.error
            body["error_type"] = self.failure.error_type
        return 200, body

    def _script(self) -> list[str]:
        width, height = self.size
        return [
            "Fetching the input video",
            f"Analysing {self.video_seconds:.1f} s of picture at {width}x{height}",
            "Generating sound effects and music",
            "Mixing the soundtrack into the video",
        ]

    def _emit_logs(self, now: float, *, done: bool) -> None:
        script = self._script()
        if done and self.failure is not None:
            script = [script[0], f"Error: {self.failure.error}"]
            want = len(script)
        elif done:
            want = len(script)
        else:
            run_for = max(self.latency * (1 - QUEUED_SHARE), 1e-6)
            elapsed = now - (self.started_at if self.started_at is not None else now)
            want = min(len(script) - 1, 1 + int(elapsed / run_for * (len(script) - 1)))
        stamp = datetime.now(timezone.utc).isoformat()
        while len(self.logs) < want:
            level = "ERROR" if script[len(self.logs)].startswith("Error") else "INFO"
            self.logs.append(
                {"message": script[len(self.logs)], "level": level, "source": "USER", "timestamp": stamp}
            )

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary for the control endpoint."""
        return {
            "request_id": self.request_id,
            "arguments": self.arguments,
            "effective": self.effective,
            "phase": PHASES[self.phase],
            "reported": PHASES[self.reported] if self.reported >= 0 else None,
            "polls": self.polls,
            "cancelled": self.cancelled,
            "charged": self.charged,
            "failure": None
            if self.failure is None
            else {"status": self.failure.status, "body": self.failure.body},
            "tone_hz": self.tone_hz,
            "video_seconds": self.video_seconds,
            "answered_at": self.answered_at,
        }
