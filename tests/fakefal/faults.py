"""Faults a test can switch on in the fake, by name, each with a few parameters.

`times` counts how many matching calls (or submitted requests) a fault affects before it switches itself off;
None keeps it on until cleared. Every fault is off by default.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

# The calls of the protocol a fault can target.
CALLS = frozenset(
    {
        "token",  # POST /storage/auth/token
        "upload",  # POST /files/upload (CDN v3)
        "initiate",  # POST /storage/upload/initiate (GCS fallback)
        "gcs_put",  # PUT to the signed GCS-style URL
        "multipart",  # any multipart create / part / complete
        "submit",
        "status",
        "result",
        "cancel",
        "file",  # GET /files/... (inputs and results)
    }
)


@dataclass
class Reject422:
    """Submits fail validation on `field` (422, not charged); `at` is "result" (like fal) or "submit"."""

    field: str = "video_url"
    msg: str = "Input rejected by the fake"
    type: str = "value_error"
    at: str | None = None  # None follows the fake's validate_at
    times: int | None = None


@dataclass
class Unauthorized:
    """Every call that carries the API key answers 401."""

    times: int | None = None


@dataclass
class RateLimitThenOk:
    """The next `times` submits answer 429 (fal-client retries these), then submits succeed."""

    times: int | None = 2


@dataclass
class ResultFailure:
    """Requests submitted while on fail in the model: COMPLETED, then the result GET answers `status`."""

    status: int = 500
    detail: str = "The model crashed while generating audio"
    error_type: str = "internal_server_error"
    times: int | None = None


@dataclass
class ExpiredResult:
    """Result file URLs answer 404 (fal's CDN forgot them); with `response`, the result GET does too.

    `file` ("video" or "audio") limits it to the result files of that kind.
    """

    response: bool = False
    file: str | None = None
    times: int | None = None


@dataclass
class SlowQueue:
    """Requests submitted while on stay IN_QUEUE for `polls` status polls, their position counting down."""

    polls: int = 5
    times: int | None = None


@dataclass
class DropConnection:
    """The socket of a `call` closes without a response, `before` or `after` the fake acted on the call."""

    call: str = "submit"
    when: str = "before"
    times: int | None = 1


@dataclass
class InfraError:
    """A `call` answers an infrastructure error; with `ingress`, an nginx page fal-client retries."""

    call: str = "submit"
    status: int = 504
    error_type: str = "request_timeout"
    detail: str = "Request timed out"
    ingress: bool = False
    times: int | None = 1


@dataclass
class CdnDown:
    """The CDN v3 upload answers 500, so fal-client falls back to the GCS-style upload."""

    times: int | None = None


@dataclass
class ResultAudio:
    """Requests submitted while on get a soundtrack unlike their picture, in both result files: `extra_s`
    seconds longer (negative: shorter), at `rate` Hz with `channels`; `format` "wav" makes the audio file a
    WAV that keeps fal's MP3 name and type."""

    extra_s: float = 0.0
    rate: int = 44_100
    channels: int = 1
    format: str = "mp3"
    times: int | None = None


@dataclass
class RedirectResult:
    """Result file GETs answer `status` with a Location, `hops` times in a row, before the file itself."""

    status: int = 302
    hops: int = 1
    times: int | None = None


@dataclass
class LyingContentType:
    """Result files are served, and described in the result, as `content_type` whatever they hold.

    `file` ("video" or "audio") limits it to the result files of that kind.
    """

    content_type: str = "application/octet-stream"
    file: str | None = None
    times: int | None = None


FAULT_TYPES: dict[str, type] = {
    "reject_422": Reject422,
    "unauthorized": Unauthorized,
    "rate_limit_then_ok": RateLimitThenOk,
    "result_failure": ResultFailure,
    "expired_result": ExpiredResult,
    "slow_queue": SlowQueue,
    "drop_connection": DropConnection,
    "infra_error": InfraError,
    "cdn_down": CdnDown,
    "result_audio": ResultAudio,
    "redirect_result": RedirectResult,
    "lying_content_type": LyingContentType,
}


class Faults:
    """The faults switched on in one fake; safe to use from the test and the server threads at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._on: dict[str, Any] = {}

    def set(self, name: str, **params: Any) -> Any:
        """Switch a fault on (replacing any earlier setting of it) and return it."""
        kind = FAULT_TYPES.get(name)
        if kind is None:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULT_TYPES))}")
        allowed = {f.name for f in fields(kind)}
        unknown = set(params) - allowed
        if unknown:
            raise ValueError(f"fault {name!r} takes {sorted(allowed)}, not {sorted(unknown)}")
        fault = kind(**params)
        call = getattr(fault, "call", None)
        if call is not None and call not in CALLS:
            raise ValueError(f"unknown call {call!r}; known: {', '.join(sorted(CALLS))}")
        if getattr(fault, "when", "before") not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        if getattr(fault, "format", "mp3") not in ("mp3", "wav"):
            raise ValueError("format must be 'mp3' or 'wav'")
        if getattr(fault, "channels", 1) not in (1, 2):
            raise ValueError("channels must be 1 or 2")
        with self._lock:
            self._on[name] = fault
        return fault

    def clear(self, name: str | None = None) -> None:
        """Switch one fault off, or all of them."""
        with self._lock:
            if name is None:
                self._on.clear()
            else:
                self._on.pop(name, None)

    def peek(self, name: str, call: str | None = None) -> Any:
        """The fault if it is on (and targets `call`, when it has a target), without using it up."""
        with self._lock:
            return self._match(name, call)

    def take(self, name: str, call: str | None = None) -> Any:
        """Like peek, but count one use against the fault's `times`."""
        with self._lock:
            fault = self._match(name, call)
            if fault is not None and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._on[name]
            return fault

    def _match(self, name: str, call: str | None) -> Any:
        fault = self._on.get(name)
        if fault is None or (call is not None and getattr(fault, "call", call) != call):
            return None
        return fault

    def active(self) -> dict[str, dict[str, Any]]:
        """The faults that are on, with their parameters, as JSON-ready dicts."""
        with self._lock:
            return {name: asdict(fault) for name, fault in self._on.items()}
