"""The SQLite ledger: every job and fal call is recorded before it costs anything, so nothing is lost."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tools.jobs.lease import Leases
from tools.jobs.migrations import migrate

JOB_COLUMNS = frozenset(
    {
        "updated_at",
        "finished_at",
        "status",
        "source_path",
        "output_dir",
        "cache_key",
        "picture",
        "progress",
        "progress_message",
        "prompts_json",
        "lint_json",
        "plan_json",
        "info_json",
        "video_path",
        "audio_path",
        "video_url",
        "audio_url",
        "error_json",
        "kind",
        "take_index",
        "takes_json",
        "finish_json",
        "soundtrack_json",
        "person",
        "call_cancelled_at",
    }
)
SEGMENT_COLUMNS = frozenset(
    {
        "start_s",
        "end_s",
        "status",
        "cache_key",
        "request_id",
        "upload_url",
        "video_url",
        "audio_url",
        "audio_path",
        "track_path",
        "lead_s",
        "cost_usd",
        "error_json",
    }
)


def now_iso() -> str:
    """The current UTC time as ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def utc_day() -> str:
    """Today's date in UTC, the unit of the daily budget."""
    return datetime.now(timezone.utc).date().isoformat()


def dumps(value: Any) -> str | None:
    """JSON for a column; None stays NULL."""
    return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))


def loads(value: str | None) -> Any:
    """The value of a JSON column."""
    return None if value is None else json.loads(value)


def _write_ahead_log(db: sqlite3.Connection) -> None:
    """Switch the file to WAL. On a new file another process may be doing the same: SQLite answers that switch
    with "database is locked" at once, without waiting on the busy timeout, so it is tried again for a while."""
    deadline = time.monotonic() + 30.0
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Ledger(Leases):
    """Jobs, segments and spend in one SQLite file (WAL), shared by the server and the CLI."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        _write_ahead_log(self._db)
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            migrate(self._db)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Ledger:
        """The ledger of a data folder."""
        return cls(data_dir / "ledger.sqlite3")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, args: tuple[Any, ...]) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return dict(row) if row is not None else None

    def _all(self, sql: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._db.execute(sql, args).fetchall()]

    # jobs
    def create_job(
        self, job_id: str, *, input: str, output_dir: str, status: str = "preparing", **fields: Any
    ) -> None:
        """Record a new job before anything is uploaded or charged."""
        unknown = set(fields) - JOB_COLUMNS
        if unknown:
            raise ValueError(f"unknown job columns: {sorted(unknown)}")
        now = now_iso()
        cols = {
            "id": job_id,
            "created_at": now,
            "updated_at": now,
            "status": status,
            "input": input,
            "output_dir": output_dir,
            **fields,
        }
        names = ", ".join(cols)
        marks = ", ".join("?" for _ in cols)
        with self._tx() as db:
            db.execute(f"INSERT INTO jobs ({names}) VALUES ({marks})", tuple(cols.values()))

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Change some columns of a job."""
        unknown = set(fields) - JOB_COLUMNS
        if unknown:
            raise ValueError(f"unknown job columns: {sorted(unknown)}")
        fields.setdefault("updated_at", now_iso())
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._tx() as db:
            db.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*fields.values(), job_id))

    def job(self, job_id: str) -> dict[str, Any] | None:
        """One job row, or None."""
        return self._one("SELECT * FROM jobs WHERE id = ?", (job_id,))

    def jobs(self, *, limit: int = 20, status: str | None = None) -> list[dict[str, Any]]:
        """Job rows: first those whose starting call was cancelled and nobody has picked up, then newest first."""
        # A take's own job is listed through the job that gathers the takes.
        order = " ORDER BY call_cancelled_at IS NULL, created_at DESC, rowid DESC LIMIT ?"
        if status:
            return self._all(
                "SELECT * FROM jobs WHERE status = ? AND take_index IS NULL" + order, (status, limit)
            )
        return self._all("SELECT * FROM jobs WHERE take_index IS NULL" + order, (limit,))

    def count_jobs(self, status: str | None = None) -> int:
        """How many jobs there are (with that status)."""
        sql, args = (
            ("SELECT COUNT(*) AS n FROM jobs WHERE take_index IS NULL", ())
            if not status
            else ("SELECT COUNT(*) AS n FROM jobs WHERE status = ? AND take_index IS NULL", (status,))
        )
        row = self._one(sql, args)
        return int(row["n"]) if row else 0

    def job_files(self) -> list[dict[str, Any]]:
        """Every job's id, status, times and input file: what a prune of the work and input folders respects."""
        return self._all("SELECT id, status, created_at, updated_at, finished_at, source_path FROM jobs", ())

    def unfinished_jobs(self) -> list[dict[str, Any]]:
        """Jobs with fal calls that were not completed, failed or cancelled, oldest first (a takes job has none)."""
        return self._all(
            "SELECT * FROM jobs WHERE status NOT IN ('completed', 'failed', 'cancelled') AND kind = 'score'"
            " ORDER BY created_at",
            (),
        )

    def job_by_cache_key(
        self, cache_key: str, statuses: tuple[str, ...], *, output_dir: str | None = None
    ) -> dict[str, Any] | None:
        """The newest job with this cache key in one of these statuses (and writing to output_dir, if given)."""
        marks = ", ".join("?" for _ in statuses)
        folder = "" if output_dir is None else " AND output_dir = ?"
        return self._one(
            f"SELECT * FROM jobs WHERE cache_key = ? AND status IN ({marks}){folder} "
            "ORDER BY created_at DESC LIMIT 1",
            (cache_key, *statuses, *(() if output_dir is None else (output_dir,))),
        )

    def record_job(
        self, job: dict[str, Any], segments: list[dict[str, Any]], *, follow: tuple[str, ...] = ()
    ) -> tuple[str, bool]:
        """Record a new job and its segments in one transaction, unless a job with the same cache key is in one of
        the `follow` statuses: then nothing is written and that job's id is returned. Returns (id, created).

        Two processes sharing the ledger may take the same request at the same instant: the check and the insert
        are one write transaction, so exactly one job row wins and the other call follows it.
        """
        unknown = set(job) - JOB_COLUMNS - {"id", "input", "owner", "heartbeat_at"}
        if unknown:
            raise ValueError(f"unknown job columns: {sorted(unknown)}")
        now = now_iso()
        cols = {"created_at": now, "updated_at": now, "status": "preparing", **job}
        with self._tx() as db:
            if follow and cols.get("cache_key"):
                marks = ", ".join("?" for _ in follow)
                found = db.execute(
                    f"SELECT id FROM jobs WHERE cache_key = ? AND status IN ({marks}) "
                    "ORDER BY created_at DESC LIMIT 1",
                    (cols["cache_key"], *follow),
                ).fetchone()
                if found is not None:
                    return str(found["id"]), False
            db.execute(
                f"INSERT INTO jobs ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                tuple(cols.values()),
            )
            for seg in segments:
                seg = {"job_id": cols["id"], "status": "preparing", **seg}
                db.execute(
                    f"INSERT INTO segments ({', '.join(seg)}) VALUES ({', '.join('?' for _ in seg)})",
                    tuple(seg.values()),
                )
        return str(cols["id"]), True

    # segments (one fal call each)
    def add_segment(
        self, job_id: str, idx: int, start_s: float, end_s: float, pad_to_s: float = 0.0, **fields: Any
    ) -> None:
        """Record one planned fal call of a job."""
        unknown = set(fields) - SEGMENT_COLUMNS
        if unknown:
            raise ValueError(f"unknown segment columns: {sorted(unknown)}")
        fields.setdefault("status", "preparing")
        cols = {
            "job_id": job_id,
            "idx": idx,
            "start_s": start_s,
            "end_s": end_s,
            "pad_to_s": pad_to_s,
            **fields,
        }
        with self._tx() as db:
            db.execute(
                f"INSERT INTO segments ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                tuple(cols.values()),
            )

    def update_segment(self, job_id: str, idx: int, **fields: Any) -> None:
        """Change some columns of a segment."""
        unknown = set(fields) - SEGMENT_COLUMNS
        if unknown:
            raise ValueError(f"unknown segment columns: {sorted(unknown)}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._tx() as db:
            db.execute(
                f"UPDATE segments SET {sets} WHERE job_id = ? AND idx = ?", (*fields.values(), job_id, idx)
            )

    def segments(self, job_id: str) -> list[dict[str, Any]]:
        """The segments of a job, in order."""
        return self._all("SELECT * FROM segments WHERE job_id = ? ORDER BY idx", (job_id,))

    def completed_segment(self, cache_key: str) -> dict[str, Any] | None:
        """The newest completed segment with this cache key whose audio is still on disk."""
        rows = self._all(
            "SELECT * FROM segments WHERE cache_key = ? AND status = 'completed' AND audio_path IS NOT NULL "
            "ORDER BY rowid DESC",
            (cache_key,),
        )
        for row in rows:
            if Path(row["audio_path"]).is_file():
                return row
        return None

    # spend
    def record_spend(self, usd: float, *, job_id: str, request_id: str | None) -> None:
        """Count one charged fal call against today's budget."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO spend (day, at, usd, job_id, request_id, person)"
                " VALUES (?, ?, ?, ?, ?, (SELECT person FROM jobs WHERE id = ?))",
                (utc_day(), now_iso(), usd, job_id, request_id, job_id),
            )

    def spent_today(self) -> float:
        """USD spent on fal calls today (UTC)."""
        row = self._one("SELECT COALESCE(SUM(usd), 0) AS usd FROM spend WHERE day = ?", (utc_day(),))
        return float(row["usd"]) if row else 0.0

    def job_cost(self, job_id: str) -> float:
        """USD charged for a job's fal calls."""
        row = self._one("SELECT COALESCE(SUM(usd), 0) AS usd FROM spend WHERE job_id = ?", (job_id,))
        return float(row["usd"]) if row else 0.0

    # people: the jobs and spend of one person (None: the local user)
    def person_jobs(
        self, person: str | None, *, limit: int = 20, status: str | None = None
    ) -> list[dict[str, Any]]:
        """One person's job rows, ordered as jobs() orders them (a take's own job is listed through its takes job)."""
        where = "person IS ? AND take_index IS NULL" + (" AND status = ?" if status else "")
        args = (person, status) if status else (person,)
        return self._all(
            f"SELECT * FROM jobs WHERE {where} ORDER BY call_cancelled_at IS NULL, created_at DESC, rowid DESC "
            "LIMIT ?",
            (*args, limit),
        )

    def count_person_jobs(self, person: str | None, status: str | None = None) -> int:
        """How many jobs one person has (with that status)."""
        where = "person IS ? AND take_index IS NULL" + (" AND status = ?" if status else "")
        row = self._one(
            f"SELECT COUNT(*) AS n FROM jobs WHERE {where}", (person, status) if status else (person,)
        )
        return int(row["n"]) if row else 0

    def job_person(self, job_id: str) -> str | None:
        """The person a job belongs to (None: the local user, or no such job)."""
        row = self._one("SELECT person FROM jobs WHERE id = ?", (job_id,))
        return row["person"] if row else None

    def spent_today_by(self, person: str | None) -> float:
        """USD one person spent on fal calls today (UTC)."""
        row = self._one(
            "SELECT COALESCE(SUM(usd), 0) AS usd FROM spend WHERE day = ? AND person IS ?",
            (utc_day(), person),
        )
        return float(row["usd"]) if row else 0.0
