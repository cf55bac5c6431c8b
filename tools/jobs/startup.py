"""Opening the ledger at start: a damaged ledger is moved aside, a data folder that cannot be written is named.

Neither may end in a traceback: the server starts either way (without jobs when the folder cannot be written),
and the CLI says what happened in one line.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from tools.errors import DataDirError
from tools.jobs.ledger import Ledger

log = logging.getLogger(__name__)

LEDGER_NAME = "ledger.sqlite3"


def is_damaged(exc: BaseException) -> bool:
    """Whether SQLite found the file itself damaged (not a database, malformed), not merely out of reach."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def move_aside(path: Path) -> Path:
    """Rename a damaged ledger (and its WAL files) so a new one can start; the new name of the ledger."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    return aside


def open_ledger(data_dir: Path) -> tuple[Ledger, Path | None]:
    """The ledger of a data folder, and where a damaged one found there was moved (None if it was fine).

    Raises DataDirError, naming the folder and the fix, when the folder or the ledger cannot be written.
    """
    path = data_dir / LEDGER_NAME
    try:
        try:
            return Ledger(path), None
        except sqlite3.DatabaseError as exc:
            if not is_damaged(exc):
                raise
            aside = move_aside(path)
            log.warning(
                "The ledger %s was damaged (%s); it was moved to %s and a new, empty ledger started. "
                "Jobs recorded in the old one are not listed.",
                path,
                exc,
                aside,
            )
            return Ledger(path), aside
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataDirError(
            f"The data folder {data_dir} cannot be used for the ledger ({path}): {reason}."
        ) from None
