"""Which files the player app may read: only those of the job it was opened for, proved by a ticket.

A ticket is an HMAC of the job id under a key kept in the data folder (made once, readable by the user only), handed
to the app with a job's result. The app names the job, the ticket and a file; a ticket for another job, or a file
that is not one of the job's (or its takes') results, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from tools.errors import DataDirError, PlayerRefused
from tools.models import ScoreJob

KEY_FILE = "player.key"


def player_key(data_dir: Path) -> bytes:
    """The data folder's ticket key, made on first use (0600, never replaced)."""
    path = Path(data_dir) / KEY_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise DataDirError(f"The player's key {path} cannot be read: {exc.strerror}.") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()  # another server made it meanwhile
    except OSError as exc:
        raise DataDirError(f"The player's key {path} cannot be written: {exc.strerror}.") from None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def ticket(key: bytes, job_id: str) -> str:
    """The ticket that opens one job's files to the app."""
    return hmac.new(key, f"player:{job_id}".encode(), hashlib.sha256).hexdigest()[:32]


def check_ticket(key: bytes, job_id: str, given: str) -> None:
    """Refuse a ticket that was not made for this job."""
    if not hmac.compare_digest(ticket(key, job_id), given or ""):
        raise PlayerRefused(f"This player was not opened for job {job_id}.")


def job_files(job: ScoreJob) -> set[Path]:
    """The result files of a job and of its takes, resolved."""
    named = [job.video_path, job.audio_path]
    for take in job.takes:
        named += [take.video_path, take.audio_path]
    return {Path(p).resolve() for p in named if p}


def job_file(job: ScoreJob, path: str) -> Path:
    """`path` if it is one of the job's result files, else refused."""
    try:
        resolved = Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        resolved = None
    if resolved is None or resolved not in job_files(job):
        raise PlayerRefused(f"{path} is not a result file of job {job.job_id}.")
    return resolved
