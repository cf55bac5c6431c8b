"""Ordered schema migrations, each recorded in the database once applied."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]


def m001_initial(db: sqlite3.Connection) -> None:
    """Jobs, their fal calls (segments), and the spend of each call."""
    for statement in (
        """CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            input TEXT NOT NULL,
            source_path TEXT,
            output_dir TEXT NOT NULL,
            cache_key TEXT,
            progress REAL NOT NULL DEFAULT 0,
            progress_message TEXT NOT NULL DEFAULT '',
            prompts_json TEXT,
            lint_json TEXT,
            plan_json TEXT,
            info_json TEXT,
            video_path TEXT,
            audio_path TEXT,
            video_url TEXT,
            audio_url TEXT,
            error_json TEXT
        )""",
        "CREATE INDEX jobs_by_created ON jobs (created_at)",
        "CREATE INDEX jobs_by_cache_key ON jobs (cache_key, status)",
        """CREATE TABLE segments (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            idx INTEGER NOT NULL,
            start_s REAL NOT NULL,
            end_s REAL NOT NULL,
            pad_to_s REAL NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            cache_key TEXT,
            request_id TEXT,
            upload_url TEXT,
            video_url TEXT,
            audio_url TEXT,
            audio_path TEXT,
            cost_usd REAL NOT NULL DEFAULT 0,
            error_json TEXT,
            PRIMARY KEY (job_id, idx)
        )""",
        "CREATE INDEX segments_by_cache_key ON segments (cache_key, status)",
        """CREATE TABLE spend (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            usd REAL NOT NULL,
            job_id TEXT,
            request_id TEXT
        )""",
        "CREATE INDEX spend_by_day ON spend (day)",
    ):
        db.execute(statement)


def m002_job_owner(db: sqlite3.Connection) -> None:
    """Which process is working on a job, so two processes sharing a ledger never run the same job."""
    db.execute("ALTER TABLE jobs ADD COLUMN owner TEXT")
    db.execute("ALTER TABLE jobs ADD COLUMN heartbeat_at REAL")


def m003_segment_track(db: sqlite3.Connection) -> None:
    """fal's own encoding of a call's soundtrack (taken from its scored video), muxed as it is, not re-encoded."""
    db.execute("ALTER TABLE segments ADD COLUMN track_path TEXT")


def m004_job_picture(db: sqlite3.Connection) -> None:
    """The digest of a job's picture, so its segments can be keyed again when their spans move to scene cuts."""
    db.execute("ALTER TABLE jobs ADD COLUMN picture TEXT")


def m005_segment_lead(db: sqlite3.Connection) -> None:
    """How much picture before its span a segment's upload starts with (copied from the keyframe before it)."""
    db.execute("ALTER TABLE segments ADD COLUMN lead_s REAL NOT NULL DEFAULT 0")


def m006_job_takes(db: sqlite3.Connection) -> None:
    """Takes: a job of kind 'takes' lists the job of each prompt variant (takes_json); a take's own job knows its
    number (take_index), which its file names carry."""
    db.execute("ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'score'")
    db.execute("ALTER TABLE jobs ADD COLUMN take_index INTEGER")
    db.execute("ALTER TABLE jobs ADD COLUMN takes_json TEXT")


def m007_job_finish(db: sqlite3.Connection) -> None:
    """How a job's soundtrack is finished (the clip's own audio, a loudness target) and what it measured."""
    db.execute("ALTER TABLE jobs ADD COLUMN finish_json TEXT")
    db.execute("ALTER TABLE jobs ADD COLUMN soundtrack_json TEXT")


def m008_job_person(db: sqlite3.Connection) -> None:
    """The person a job (and its spend) belongs to on a shared host; NULL is the local user."""
    db.execute("ALTER TABLE jobs ADD COLUMN person TEXT")
    db.execute("CREATE INDEX jobs_by_person ON jobs (person, created_at)")
    db.execute("ALTER TABLE spend ADD COLUMN person TEXT")


def m009_job_call_cancelled(db: sqlite3.Connection) -> None:
    """When the client cancelled the score_video call that started a job (the job goes on), until it is picked up."""
    db.execute("ALTER TABLE jobs ADD COLUMN call_cancelled_at TEXT")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_initial", m001_initial),
    ("002_job_owner", m002_job_owner),
    ("003_segment_track", m003_segment_track),
    ("004_job_picture", m004_job_picture),
    ("005_segment_lead", m005_segment_lead),
    ("006_job_takes", m006_job_takes),
    ("007_job_finish", m007_job_finish),
    ("008_job_person", m008_job_person),
    ("009_job_call_cancelled", m009_job_call_cancelled),
]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded, in order; return the names applied.

    Several processes may open one ledger at the same moment (two clients starting the server on a fresh data
    dir): the migrations run in one write transaction, so the first process applies them all and the others,
    waiting on the lock, find them recorded. A step must use `execute` only: `executescript` would commit the
    transaction early (and is refused here).
    """
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    if not _pending(db):
        return []
    db.execute("BEGIN IMMEDIATE")
    try:
        applied = []
        for name, step in _pending(db):
            step(db)
            if not db.in_transaction:
                raise RuntimeError(
                    f"migration {name} committed the transaction: use execute, not executescript"
                )
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat()),
            )
            applied.append(name)
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return applied


def _pending(db: sqlite3.Connection) -> list[tuple[str, Migration]]:
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    return [(name, step) for name, step in MIGRATIONS if name not in done]
