"""Which live process owns a running job: its name in the ledger, whether it still runs, and the lease timings.

Several servers may share one data dir (the same person with the server in two clients). A running job is owned
by one of them, which renews a lease on it in the ledger every RENEW_SECONDS. A lease lapses when it was not
renewed for LEASE_SECONDS, at once when its holder quit (it lets go of its jobs), or when its holder's process is
known to be gone (same host, no such process: killed). Any live server then adopts the job: on get_job, list_jobs
and score_video, and on its own timer every RENEW_SECONDS.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

RENEW_SECONDS = 2.0
LEASE_SECONDS = 8.0


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
