"""Which live process owns a running job: its name in the ledger, whether it still runs, and the lease timings.

Several servers may share one data dir (the same person with the server in two clients). A running job is owned
by one of them, which renews a lease on it in the ledger every RENEW_SECONDS. A lease lapses when it was not
renewed for LEASE_SECONDS, at once when its holder quit (it lets go of its jobs), or when its holder's process is
known to be gone (same host, no such process: killed). Any live server then adopts the job: on get_job, list_jobs
and score_video, and on its own timer every RENEW_SECONDS. `Leases` is the ledger's part of it: every change of a
job's holder is one write transaction, and so is the check, before a submit, that this process still holds it.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

RENEW_SECONDS = 2.0
LEASE_SECONDS = 8.0
FINISHED = ("completed", "failed", "cancelled")
SUBMIT_FIELDS = frozenset({"upload_url", "lead_s"})


def process_owner() -> str:
    """This process's name in the ledger: host, pid and a per-process token."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def owner_alive(owner: str) -> bool:
    """Whether the process that holds a job may still be running (always assumed for other hosts)."""
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would end the process there: the lease's renewal time alone decides
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process its parent has not reaped yet still answers kill(pid, 0) on Linux: it is gone all the same."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def lease_lapsed(
    holder: str | None,
    renewed_at: float | None,
    me: str,
    now: float,
    lease_s: float,
    alive: Callable[[str], bool],
) -> bool:
    """Whether a job's lease is free for `me`: nobody holds it, we do, it was not renewed within `lease_s`, or its
    holder is known to be gone."""
    if not holder or holder == me:
        return True
    return now - (renewed_at or 0.0) >= lease_s or not alive(holder)


class Leases:
    """The ledger's record of which live process holds each job (mixed into Ledger, which provides `_tx`)."""

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def claim_job(
        self,
        job_id: str,
        owner: str,
        *,
        stale_after_s: float,
        alive: Callable[[str], bool],
        reopen: frozenset[str] = frozenset(),
    ) -> bool:
        """Take an unfinished job for this process unless another live process holds its lease; return whether we
        hold it now.

        A failed job whose error code is in `reopen` (its paid result can still be fetched) is set running again
        in the same transaction, so only one process takes it up. Other finished jobs are never taken.
        """
        now = time.time()
        with self._tx() as db:
            row = db.execute(
                "SELECT owner, heartbeat_at, status, error_json FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
            if row is None:
                return False
            code = (
                (json.loads(row["error_json"] or "null") or {}).get("code")
                if row["status"] == "failed"
                else None
            )
            if row["status"] in FINISHED and code not in reopen:
                return False
            if not lease_lapsed(row["owner"], row["heartbeat_at"], owner, now, stale_after_s, alive):
                return False
            db.execute("UPDATE jobs SET owner = ?, heartbeat_at = ? WHERE id = ?", (owner, now, job_id))
            if row["status"] in FINISHED:
                db.execute(
                    "UPDATE jobs SET status = 'running', error_json = NULL, finished_at = NULL, "
                    "progress_message = 'taken up again', updated_at = ? WHERE id = ?",
                    (datetime.now(timezone.utc).isoformat(timespec="milliseconds"), job_id),
                )
            return True

    def heartbeat(self, owner: str) -> set[str]:
        """Renew the lease on every job this process holds; return the ids of those jobs still unfinished."""
        with self._tx() as db:
            db.execute("UPDATE jobs SET heartbeat_at = ? WHERE owner = ?", (time.time(), owner))
            rows = db.execute(
                "SELECT id FROM jobs WHERE owner = ? AND status NOT IN ('completed', 'failed', 'cancelled')",
                (owner,),
            ).fetchall()
        return {str(r["id"]) for r in rows}

    def release_jobs(self, owner: str, job_id: str | None = None) -> None:
        """Let go of one job, or of every job this process holds."""
        with self._tx() as db:
            if job_id is None:
                db.execute("UPDATE jobs SET owner = NULL WHERE owner = ?", (owner,))
            else:
                db.execute("UPDATE jobs SET owner = NULL WHERE owner = ? AND id = ?", (owner, job_id))

    def begin_submit(self, job_id: str, idx: int, owner: str | None, **fields: Any) -> bool:
        """Mark a segment as being submitted, only if this process still holds the job and it was not cancelled.

        The check and the mark are one transaction: a process that lost its lease (or a job cancelled by another
        process) never sends a submit, so nothing is paid for twice or after a cancel.
        """
        unknown = set(fields) - SUBMIT_FIELDS
        if unknown:
            raise ValueError(f"unknown submit fields: {sorted(unknown)}")
        fields = {**fields, "status": "submitting"}
        with self._tx() as db:
            row = db.execute("SELECT owner, status FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or row["status"] in FINISHED:
                return False
            if owner is not None and row["owner"] != owner:
                return False
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(
                f"UPDATE segments SET {sets} WHERE job_id = ? AND idx = ?", (*fields.values(), job_id, idx)
            )
            return True
