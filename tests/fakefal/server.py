"""FakeFal: a loopback stand-in for fal's queue, storage and CDN, for the real fal-client to talk to.

    with FakeFal(latency=0.3) as fake:
        ...point fal_client at fake.url, upload, submit, poll, fetch...
        assert fake.submits[0]["sound_effect_prompt"] == ""

It runs a threading HTTP server on 127.0.0.1 (an ephemeral port by default) in a background thread, keeps
everything in memory, and renders real MP3/MP4 results with PyAV.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from tests.fakefal import media
from tests.fakefal.faults import Faults, ResultAudio
from tests.fakefal.handler import FakeHTTPServer
from tests.fakefal.jobs import Job
from tests.fakefal.store import FileStore, StoredFile
from tests.fakefal.validate import Limits

log = logging.getLogger(__name__)


class FakeFal:
    """The fake fal service: configuration, recorded calls, faults, and the server's lifecycle."""

    def __init__(
        self,
        *,
        latency: float = 0.5,
        hold: bool = False,
        valid_keys: Iterable[str] | None = None,
        validate_at: str = "result",
        status_errors: bool = True,
        limits: Limits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.monotonic,
        upload_mbps: float | None = None,
        work_nice: int | None = None,
    ) -> None:
        self.latency = latency
        # The niceness of the threads doing what fal does on its own machines (probing an upload, making a
        # result's files), when the fake shares a machine with what is measured; None: left as they are.
        self.work_nice = work_nice
        self.uplink = Uplink(upload_mbps)
        self.hold = hold
        self.valid_keys = None if valid_keys is None else set(valid_keys)
        self.validate_at = _check_validate_at(validate_at)
        self.status_errors = status_errors
        self.limits = limits or Limits()
        self.clock = clock
        self.faults = Faults()
        self.store = FileStore()
        self.requests: dict[str, Job] = {}
        self.submits: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []
        self.uploads: list[dict[str, Any]] = []
        self.cancels: list[dict[str, str]] = []
        self.refusals: list[dict[str, Any]] = []
        self.status_polls = 0
        self.result_gets = 0
        self.file_gets = 0
        self.held_answers = 0
        self._gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._probes: dict[str, media.Probe] = {}
        self._httpd = FakeHTTPServer((host, port), self)
        self.port: int = self._httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> FakeFal:
        """Serve in a background thread; returns self."""
        if self._thread is None:
            # A short poll interval keeps close() quick: shutdown() waits for the loop's next turn.
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-fal", daemon=True
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and cut open connections."""
        self.release_answers()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.cut_connections()
        self._httpd.server_close()

    def __enter__(self) -> FakeFal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # test controls

    def set_fault(self, name: str, **params: Any) -> Any:
        """Switch a fault on (see tests/fakefal/faults.py for names and parameters)."""
        return self.faults.set(name, **params)

    def clear_faults(self, name: str | None = None) -> None:
        """Switch one fault off, or all of them."""
        self.faults.clear(name)

    def release(self, request_id: str | None = None) -> list[str]:
        """Let a held (or queued) request finish at its next poll; None releases every unfinished one."""
        released = []
        for rid, job in list(self.requests.items()):
            if request_id is None or rid == request_id:
                with job.lock:
                    if not job.released and job.finished_at is None and not job.cancelled:
                        job.released = True
                        released.append(rid)
        return released

    def hold_answers(self, call: str) -> None:
        """Hold the answers to one kind of call (e.g. "submit", "upload") after the fake acted on it, until
        `release_answers`: a submit held so is accepted (and recorded) while its caller waits for the id."""
        with self._lock:
            self._gates[call] = threading.Event()

    def release_answers(self, call: str | None = None) -> None:
        """Send the held answers of one kind of call, or of all."""
        with self._lock:
            gates = [g for c, g in self._gates.items() if call is None or c == call]
        for gate in gates:
            gate.set()

    def hold_answer(self, call: str, timeout: float = 60.0) -> None:
        """Wait (in a handler thread) while answers to `call` are held; bounded, so a forgotten hold ends."""
        with self._lock:
            gate = self._gates.get(call)
        if gate is not None and not gate.is_set():
            with self._lock:
                self.held_answers += 1
            gate.wait(timeout)

    def configure(self, **settings: Any) -> None:
        """Change latency, hold, validate_at or status_errors for requests submitted from now on."""
        unknown = set(settings) - {"latency", "hold", "validate_at", "status_errors", "upload_mbps"}
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}")
        if "latency" in settings:
            self.latency = float(settings["latency"])
        if "hold" in settings:
            self.hold = bool(settings["hold"])
        if "validate_at" in settings:
            self.validate_at = _check_validate_at(settings["validate_at"])
        if "status_errors" in settings:
            self.status_errors = bool(settings["status_errors"])
        if "upload_mbps" in settings:
            mbps = settings["upload_mbps"]
            self.uplink = Uplink(None if mbps is None else float(mbps))

    def settings(self) -> dict[str, Any]:
        """The current settings."""
        return {
            "latency": self.latency,
            "hold": self.hold,
            "validate_at": self.validate_at,
            "status_errors": self.status_errors,
            "upload_mbps": self.uplink.mbps,
        }

    def job(self, request_id: str) -> Job:
        """The fake's record of one request."""
        return self.requests[request_id]

    @property
    def charged(self) -> list[str]:
        """Ids of the requests fal would bill: they completed with a result."""
        return [rid for rid, job in list(self.requests.items()) if job.charged]

    def state(self) -> dict[str, Any]:
        """Everything recorded, JSON-ready (served at GET /_fake/state)."""
        return {
            "url": self.url,
            "settings": self.settings(),
            "submits": list(self.submits),
            "rejected": list(self.rejected),
            "uploads": list(self.uploads),
            "cancels": list(self.cancels),
            "refusals": list(self.refusals),
            "status_polls": self.status_polls,
            "result_gets": self.result_gets,
            "file_gets": self.file_gets,
            "charged": self.charged,
            "requests": {rid: job.describe() for rid, job in list(self.requests.items())},
            "faults": self.faults.active(),
        }

    # used by the routes

    def key_ok(self, key: str) -> bool:
        """Whether an API key is accepted."""
        return self.valid_keys is None or key in self.valid_keys

    def count(self, counter: str) -> None:
        """Add one to a counter."""
        with self._lock:
            setattr(self, counter, getattr(self, counter) + 1)

    def probe_of(self, stored: StoredFile) -> media.Probe:
        """The (cached) probe of a stored file."""
        with self._lock:
            found = self._probes.get(stored.file_id)
        if found is None:
            found = media.probe(stored.data)
            with self._lock:
                self._probes[stored.file_id] = found
        return found

    def as_fal_work(self) -> None:
        """Lower this thread's priority to `work_nice`: what it does next fal does on machines of its own.

        Linux gives each thread a niceness of its own; the request handlers (one thread per request) keep theirs,
        so the fake answers and serves files as promptly as fal's API and storage would."""
        if self.work_nice is not None:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.work_nice)

    def record_upload(self, stored: StoredFile) -> None:
        """Probe and record an uploaded file (in the upload's own handler thread, which ends with it)."""
        self.as_fal_work()
        probed = self.probe_of(stored)
        entry = {
            "file_id": stored.file_id,
            "file_name": stored.name,
            "content_type": stored.content_type,
            "route": stored.route,
            "path": stored.path(),
            "codec": probed.video_codec,
            **probed.as_dict(),
        }
        with self._lock:
            self.uploads.append(entry)

    def record_submit(self, job: Job) -> None:
        """Queue a request and record its arguments as received."""
        with self._lock:
            self.requests[job.request_id] = job
            self.submits.append(job.arguments)

    def record_rejected(self, arguments: Any, status: int, detail: Any) -> None:
        """Record a submit refused before it was queued."""
        with self._lock:
            self.rejected.append({"arguments": arguments, "status": status, "detail": detail})

    def record_refusal(self, call: str | None, status: int | None) -> None:
        """Record a call stopped by auth or a fault; status None means the connection was dropped."""
        with self._lock:
            self.refusals.append({"call": call, "status": status})

    def record_cancel(self, request_id: str, outcome: str) -> None:
        """Record a cancel call and its outcome."""
        with self._lock:
            self.cancels.append({"request_id": request_id, "status": outcome})

    def render_soon(self, job: Job) -> None:
        """Start making a good request's output files while it waits, as the real model makes them before it
        reports COMPLETED; so the result GET only serves them, and its time is not the fake's rendering."""
        if job.failure is not None or job.video is None:
            return

        def work() -> None:
            self.as_fal_work()
            outputs = self.render(job)
            with job.lock:
                if job.outputs is None:
                    job.outputs = outputs

        job.rendering = threading.Thread(target=work, name=f"render-{job.request_id[:8]}", daemon=True)
        job.rendering.start()

    def outputs_of(self, job: Job) -> dict[str, StoredFile]:
        """A finished request's output files: waits for their rendering, or renders them now."""
        if job.rendering is not None:
            job.rendering.join()
        with job.lock:
            if job.outputs is None:
                job.outputs = self.render(job)
            return job.outputs

    def render(self, job: Job) -> dict[str, StoredFile]:
        """Make and store a request's output files: the MP4 with the new audio, and the MP3 (see ResultAudio
        in faults.py for the soundtracks unlike the picture that it can be asked for)."""
        assert job.video is not None and job.tone_hz is not None
        shape = job.audio or ResultAudio()
        samples = media.synthesize(job.video_seconds + shape.extra_s, job.tone_hz, shape.rate)
        if shape.format == "wav":
            audio = media.render_wav(samples, shape.rate, shape.channels)
        else:
            audio = media.render_mp3(samples, job.request_id, shape.rate, shape.channels)
        video = media.render_mp4(job.video, samples, shape.rate, shape.channels)
        put = self.store.put
        return {
            "video": put("dubbed_video.mp4", "video/mp4", video, kind="result", route="model"),
            "audio": put("extracted_audio.mp3", "audio/mpeg", audio, kind="result", route="model"),
        }

    def with_limits(self, **changes: Any) -> None:
        """Tighten or loosen the input limits (min_seconds, max_seconds, max_bytes)."""
        self.limits = replace(self.limits, **changes)


class Uplink:
    """The person's upload link: uploads share `mbps` (None: as fast as loopback), like one home connection."""

    def __init__(self, mbps: float | None) -> None:
        self.mbps = mbps
        self._lock = threading.Lock()
        self._free_at = 0.0

    def read(self, stream: Any, length: int, chunk: int = 64 * 1024) -> bytes:
        """Read `length` bytes of a request body no faster than the link carries them."""
        if not self.mbps:
            return stream.read(length)
        parts = []
        left = length
        while left > 0:
            part = stream.read(min(chunk, left))
            if not part:
                break
            parts.append(part)
            left -= len(part)
            with self._lock:
                start = max(time.monotonic(), self._free_at)
                self._free_at = start + len(part) * 8 / (self.mbps * 1e6)
                wait = self._free_at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        return b"".join(parts)


def _check_validate_at(value: str) -> str:
    if value not in ("result", "submit"):
        raise ValueError("validate_at must be 'result' (fal's behaviour) or 'submit'")
    return value
