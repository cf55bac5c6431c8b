"""The job runner: starts jobs in the background, lets callers wait on them, cancels and resumes them."""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType

import anyio
from anyio.abc import TaskGroup

from tools.config import Config
from tools.engine.fal import FalEngine
from tools.errors import JobNotFound
from tools.jobs.budget import check_budget
from tools.jobs.intake import ACTIVE, follow_existing, new_job_id, record_job, reuse
from tools.jobs.lease import LEASE_SECONDS, RENEW_SECONDS, lease_lapsed, owner_alive, process_owner
from tools.jobs.ledger import Ledger, now_iso
from tools.jobs.pipeline import run_job
from tools.jobs.prepare import PreparedRequest, ScoreRequest, prepare
from tools.jobs.prune import prune
from tools.jobs.recording import segment_keys
from tools.jobs.recovery import RESUMABLE, resumable
from tools.jobs.services import Services
from tools.jobs.startup import open_ledger
from tools.jobs.state_log import StateLog
from tools.jobs.takes import start_takes, take_job_ids
from tools.jobs.takes_view import takes_view
from tools.jobs.url_jobs import download_if_needed, record_url_job
from tools.jobs.views import after_cancelled_call, is_finished, job_view
from tools.models import JobList, ScoreJob
from tools.paths import is_url

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.5
POLL_OTHERS_SECONDS = 0.5  # how often the ledger is read for a job another process runs
CANCEL_GRACE_SECONDS = 30.0
TIDY_EVERY_SECONDS = 600.0

OnProgress = Callable[[ScoreJob], Awaitable[None]]


class JobRunner:
    """Owns the ledger, the engine and the background jobs of one process. Use as an async context manager."""

    def __init__(
        self,
        config: Config,
        *,
        ledger: Ledger | None = None,
        engine: FalEngine | None = None,
        public_urls_only: bool = False,
        resume: bool = True,
    ) -> None:
        self.config = config
        # Where a damaged ledger found at start was moved (the runner then starts with a new, empty one).
        self.ledger_moved_to: Path | None = None
        if ledger is None:
            ledger, self.ledger_moved_to = open_ledger(config.data_dir)
        self.ledger = ledger
        self.engine = engine or FalEngine(config)
        self.public_urls_only = public_urls_only
        self.resume = resume
        self._events: dict[str, anyio.Event] = {}
        self._scopes: dict[str, anyio.CancelScope] = {}
        self._done: dict[str, anyio.Event] = {}
        self.owner = process_owner()
        self._states = StateLog()
        self._tidied_at = -math.inf
        self._tg: TaskGroup | None = None
        self._svc = Services(
            config,
            self.ledger,
            self.engine,
            anyio.CapacityLimiter(config.max_concurrency),
            self._touch,
            owner=self.owner,
        )

    async def __aenter__(self) -> JobRunner:
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        self._tg.start_soon(self._beat)
        if self.resume:
            self.resume_unfinished()
            self._tg.start_soon(self._tidy)
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Jobs are left as the ledger has them: the next start resumes them.
        # The body's own exception, if any, propagates unchanged; only the background jobs are stopped here.
        assert self._tg is not None
        self._tg.cancel_scope.cancel()
        await self._tg.__aexit__(None, None, None)
        self._tg = None
        self.ledger.release_jobs(self.owner)

    async def _tidy(self) -> None:
        """The automatic clean-up of the work and input folders (tools/jobs/prune.py), in the background."""
        self._tidied_at = anyio.current_time()
        cap = int(self.config.inputs_cap_mb * 1e6)
        try:
            report = await anyio.to_thread.run_sync(
                lambda: prune(self.ledger, self.config.data_dir, inputs_cap_bytes=cap)
            )
        except (OSError, sqlite3.Error) as exc:
            log.warning("could not tidy the data folder %s: %s", self.config.data_dir, exc)
            return
        if report.removed:
            log.debug("tidied the data folder: %s", report.summary())

    async def _beat(self) -> None:
        while True:
            await anyio.sleep(RENEW_SECONDS)
            held = self.ledger.heartbeat(self.owner)
            for job_id, scope in list(self._scopes.items()):
                if job_id not in held and not scope.cancel_called:
                    # Cancelled by another process, or taken over after our lease lapsed: stop working on it here.
                    log.info("job %s is no longer this process's to run; stopping its work here", job_id)
                    scope.cancel()
            if self.resume:
                self.adopt_lapsed()

    # change notification
    def _touch(self, job_id: str) -> None:
        self._states.note(self.ledger.job(job_id))
        event = self._events.pop(job_id, None)
        if event is not None:
            event.set()

    def _event(self, job_id: str) -> anyio.Event:
        return self._events.setdefault(job_id, anyio.Event())

    # background work
    def _spawn(self, job_id: str, reopen: frozenset[str] = frozenset()) -> bool:
        """Run a job here if its lease is free (taking it); return whether it runs here now."""
        if self._tg is None:
            raise RuntimeError("JobRunner is not running: use it as an async context manager")
        if job_id in self._scopes:
            return True
        if not self.ledger.claim_job(
            job_id, self.owner, stale_after_s=LEASE_SECONDS, alive=owner_alive, reopen=reopen
        ):
            return False
        scope = anyio.CancelScope()
        self._scopes[job_id] = scope
        done = self._done[job_id] = anyio.Event()

        async def body() -> None:
            try:
                with scope:
                    if await download_if_needed(self._svc, job_id, public_only=self.public_urls_only):
                        await run_job(self._svc, job_id)
            finally:
                self._scopes.pop(job_id, None)
                self._done.pop(job_id, None)
                self.ledger.release_jobs(self.owner, job_id)
                done.set()
                self._touch(job_id)
                tg = self._tg
                if (
                    tg is not None
                    and self.resume
                    and anyio.current_time() - self._tidied_at > TIDY_EVERY_SECONDS
                ):
                    tg.start_soon(self._tidy)

        self._tg.start_soon(body)
        return True

    def _lapsed(self, row: dict) -> bool:
        return row["id"] not in self._scopes and lease_lapsed(
            row["owner"], row["heartbeat_at"], self.owner, time.time(), LEASE_SECONDS, owner_alive
        )

    def adopt(self, row: dict, reopen: frozenset[str] = frozenset()) -> dict:
        """Take up a running job whose lease lapsed (and, with `reopen`, a failed one whose paid result is still to
        be fetched); return its row as it is now. No answer reports a lapsed job as running without this."""
        takes = row["status"] in ACTIVE or (row["status"] == "failed" and bool(reopen))
        if self._tg is None or row.get("kind", "score") != "score" or not takes or not self._lapsed(row):
            return row
        if self._spawn(row["id"], reopen):
            log.info("job %s: taken up here (%s)", row["id"], row["status"])
            return self.ledger.job(row["id"]) or row
        return row

    def adopt_lapsed(self) -> list[str]:
        """Take up every unfinished job whose owner is gone or whose lease lapsed; calls with a fal request id are
        followed, never sent again."""
        adopted = []
        for row in self.ledger.unfinished_jobs():
            if self._lapsed(row) and self._spawn(row["id"]):
                adopted.append(row["id"])
        if adopted:
            log.info("took up %d unfinished job(s): %s", len(adopted), ", ".join(adopted))
        return adopted

    def resume_unfinished(self) -> list[str]:
        """Pick up every job a previous process left unfinished (see adopt_lapsed)."""
        return self.adopt_lapsed()

    def follow(self, job_id: str) -> bool:
        """Carry on one unfinished job here unless another live process holds it; return whether it runs here."""
        job = self.get(job_id)
        row = self.ledger.job(job.job_id) or {}
        if row.get("kind", "score") != "score" or (is_finished(job) and not resumable(row)):
            return False
        return self._spawn(job.job_id, RESUMABLE)

    # the API the server and the CLI call
    async def score(self, request: ScoreRequest) -> ScoreJob:
        """Check a request, then start it (or return an identical earlier result); never waits for fal."""
        if request.takes:
            return await start_takes(self, request)
        if is_url(request.video):
            # Downloaded inside the job, so the call answers within its wait whatever the URL's server does.
            job_id = await record_url_job(
                request, self.config, self.ledger, job_id=new_job_id(), public_only=self.public_urls_only
            )
            self._spawn(job_id)
            return self.get(job_id)
        prepared = await prepare(request, self.config)
        if request.reuse:
            reused = reuse(self, prepared)
            if reused is not None:
                return reused
        keys, new_calls = self.calls(prepared, reuse=request.reuse)
        check_budget(self.ledger, self.config, new_calls, request.person)
        job_id, created = record_job(self, prepared, keys)
        if not created:  # an identical request took the same instant, in this process or another: follow it
            return follow_existing(self, self.ledger.job(job_id) or {}, prepared)
        self._spawn(job_id)
        return self.get(job_id)

    def calls(self, prepared: PreparedRequest, *, reuse: bool) -> tuple[list[str | None], int]:
        """The cache key of each fal call of a request (None: never reused), and how many will be paid for."""
        return segment_keys(prepared, self.ledger, reuse=reuse)

    def reusable(self, prepared: PreparedRequest) -> ScoreJob | None:
        """An identical earlier request's job this request can answer with (nothing new sent), if there is one."""
        return reuse(self, prepared)

    def record(self, prepared: PreparedRequest, keys: list[str | None]) -> str:
        """Record one take's job (or find the identical one running); its id."""
        return record_job(self, prepared, keys)[0]

    # what a takes job starts its takes with
    new_job_id = staticmethod(new_job_id)
    spawn = _spawn

    def view(self, row: dict, *, cached: bool = False) -> ScoreJob:
        """The ScoreJob of a ledger row (a takes job gathers its takes)."""
        if row.get("kind") == "takes":
            job = takes_view(
                self.ledger, row, self.view, cached=cached, wait_seconds=self.config.wait_seconds
            )
        else:
            job = job_view(self.ledger, row, cached=cached, wait_seconds=self.config.wait_seconds)
        if row.get("call_cancelled_at"):
            job.next_step = after_cancelled_call(job)
        return job

    def note_cancelled_call(self, job_id: str) -> None:
        """The client cancelled the call that started this job; the job goes on (it may be charged already), and
        is listed first, saying so, until a later call picks it up."""
        self.ledger.update_job(job_id, call_cancelled_at=now_iso())

    def picked_up(self, job: ScoreJob) -> None:
        """A call has answered with this job: it no longer waits to be noticed."""
        row = self.ledger.job(job.job_id)
        if row is not None and row.get("call_cancelled_at"):
            self.ledger.update_job(job.job_id, call_cancelled_at=None)

    def not_found(self, job_id: str) -> JobNotFound:
        """The error for a job id the ledger does not have (saying where a damaged ledger went, if one did)."""
        moved = ""
        if self.ledger_moved_to:
            # Over HTTP (public_urls_only) no message names a path of the server's own folders.
            where = (
                "aside (the server's log says where)"
                if self.public_urls_only
                else f"to {self.ledger_moved_to}"
            )
            moved = f" The ledger found damaged at start was moved {where}."
        return JobNotFound(f"No job {job_id.strip()!r} in the ledger.{moved}")

    def taken_up(self, row: dict) -> dict:
        """A listed job's row, taken up here first if the server that ran it is gone (a server, not the CLI)."""
        return self.adopt(row) if self.resume else row

    def get(self, job_id: str) -> ScoreJob:
        """The job as the ledger has it now; a lapsed one is taken up first, and so is a failed one whose paid
        result is still to be fetched."""
        return self._get(job_id, RESUMABLE)

    def _get(self, job_id: str, reopen: frozenset[str]) -> ScoreJob:
        row = self.ledger.job(job_id.strip())
        if row is None:
            raise self.not_found(job_id)
        if self.resume:
            row = self.adopt(row, reopen)
        return self.view(row)

    def list(self, limit: int = 20, status: str | None = None) -> JobList:
        """Jobs, newest first."""
        rows = self.ledger.jobs(limit=limit, status=status)
        views = [self.view(self.taken_up(r)) for r in rows]
        return JobList(jobs=views, total=self.ledger.count_jobs(status))

    async def wait(self, job_id: str, seconds: float, on_progress: OnProgress | None = None) -> ScoreJob:
        """Wait up to `seconds` for a job to finish, reporting progress every few seconds; return it as it is then."""
        deadline = anyio.current_time() + max(0.0, seconds)
        last_sent, last_seen = -math.inf, None
        reopen = RESUMABLE  # a failed job is taken up again once per call, not again each time it fails
        while True:
            job = self._get(job_id, reopen)
            reopen = frozenset()
            now = anyio.current_time()
            if is_finished(job) or now >= deadline:
                return job
            seen = (job.status, job.progress.fraction, job.progress.message)
            if on_progress is not None and (seen != last_seen or now - last_sent >= PROGRESS_EVERY_SECONDS):
                await on_progress(job)
                last_sent, last_seen = now, seen
            event = self._event(job_id)
            # Local jobs wake us through the event; jobs run by another process are seen by polling the ledger.
            pause = PROGRESS_EVERY_SECONDS if job.job_id in self._scopes else POLL_OTHERS_SECONDS
            with anyio.move_on_after(min(pause, deadline - now)):
                await event.wait()

    async def cancel(self, job_id: str) -> ScoreJob:
        """Cancel a job here and its requests on fal; a finished job is returned unchanged."""
        job = self._get(job_id, frozenset())  # a failed job is not taken up again just to be cancelled
        if is_finished(job):
            return job
        row = self.ledger.job(job.job_id)
        if row is not None and row["kind"] == "takes":
            for take_id in take_job_ids(row):
                await self.cancel(take_id)
            return self.get(job.job_id)
        scope, done = self._scopes.get(job.job_id), self._done.get(job.job_id)
        if scope is not None and done is not None:
            scope.cancel()
            # A submit in flight is shielded until its request id is recorded; wait for it so it is cancelled too.
            with anyio.move_on_after(CANCEL_GRACE_SECONDS):
                await done.wait()
        for seg in self.ledger.segments(job.job_id):
            if seg["request_id"] and seg["status"] != "completed":
                await self.engine.cancel(seg["request_id"])
            if seg["status"] != "completed":
                self.ledger.update_segment(job.job_id, seg["idx"], status="cancelled")
        self.ledger.update_job(
            job.job_id, status="cancelled", finished_at=now_iso(), progress_message="cancelled"
        )
        self._touch(job.job_id)
        return self.get(job.job_id)
