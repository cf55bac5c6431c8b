"""Cleaning the data folder's work and input folders without touching what a job may still need.

Kept always: every file of an unfinished job (its work folder, its downloaded input) and, unless pruned by age
or size on request, fal's own downloads of finished jobs (`audio-*`, `track-*`: reuse and re-finishing start
from them). Removed by the automatic tidy (at every server start and at most every 10 minutes after a job ends):

- partial files (`.part-*`) nobody has written to for 10 minutes: a download that was stopped;
- what a finished job derived on the way (the clip rendered for upload, joined and finished soundtracks): its
  results are in the output folder, and a re-finish derives them again;
- work folders no job in the ledger owns (unless a damaged ledger was moved aside: they may be its jobs');
- downloaded URL inputs of finished jobs beyond KLING_V2A_INPUTS_CAP_MB, least recently used first (the same URL
  is downloaded again when it is scored again).

`kling-v2a jobs prune --older-than DAYS --max-size MB` also removes finished jobs' whole work folders, by age and
then oldest first until the work and input folders together fit in the size.
"""

from __future__ import annotations

import math
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tools.jobs.ledger import Ledger
from tools.models import FINISHED

STALE_PART_SECONDS = 600.0
DERIVED = ("upload-*", "soundtrack.*", "finished.*", "fal-video-*")


@dataclass
class PruneReport:
    """What a prune removed (or, dry, would remove) and what the folders hold afterwards."""

    removed: list[Path] = field(default_factory=list)
    freed_bytes: int = 0
    kept_unfinished: int = 0
    remaining_bytes: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        """One line for a person."""
        verb = "Would remove" if self.dry_run else "Removed"
        return (
            f"{verb} {len(self.removed)} file(s), {self.freed_bytes / 1e6:.1f} MB; kept the files of "
            f"{self.kept_unfinished} unfinished job(s); the work and input folders hold "
            f"{self.remaining_bytes / 1e6:.1f} MB."
        )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return math.inf  # gone meanwhile: never "stale"


def _finished_at(row: dict) -> float:
    stamp = row["finished_at"] or row["updated_at"] or row["created_at"]
    return datetime.fromisoformat(stamp).timestamp()


class _Pruner:
    def __init__(self, ledger: Ledger, data_dir: Path, dry_run: bool) -> None:
        self.work = data_dir / "work"
        self.inputs = data_dir / "inputs"
        self.report = PruneReport(dry_run=dry_run)
        self.gone: set[Path] = set()
        rows = ledger.job_files()
        self.unfinished = {r["id"] for r in rows if r["status"] not in FINISHED}
        self.finished = sorted((r for r in rows if r["status"] in FINISHED), key=_finished_at)
        self.known = {r["id"] for r in rows}
        self.needed_inputs = {
            r["source_path"] for r in rows if r["id"] in self.unfinished and r["source_path"]
        }

    def present(self, path: Path) -> bool:
        """Whether a path is still there (a dry run only pretends to remove)."""
        return path.exists() and not any(p in self.gone for p in (path, *path.parents))

    def size(self, path: Path) -> int:
        if not path.is_dir():
            return _size(path) if self.present(path) else 0
        return sum(_size(p) for p in path.rglob("*") if p.is_file() and self.present(p))

    def remove(self, path: Path) -> None:
        if not self.present(path):
            return
        size = self.size(path)
        if not self.report.dry_run:
            try:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            except OSError:
                return  # in use or already gone: the next prune tries again
        self.gone.add(path)
        self.report.removed.append(path)
        self.report.freed_bytes += size

    def removable_input(self, path: Path) -> bool:
        return (
            str(path) not in self.needed_inputs and str(path.with_suffix(".json")) not in self.needed_inputs
        )

    def tidy(self, now: float) -> None:
        for folder in (self.work, self.inputs):
            for part in folder.rglob(".part-*") if folder.is_dir() else ():
                if now - _mtime(part) > STALE_PART_SECONDS:
                    self.remove(part)
        # After a damaged ledger was moved aside every work folder looks unowned: they are left for whoever
        # tries to recover the old ledger (a prune by age or size still removes them).
        if not any(self.work.parent.glob("ledger.sqlite3.damaged-*")):
            self.drop_unowned(now)
        for row in self.finished:
            for pattern in DERIVED:
                for derived in (self.work / row["id"]).glob(pattern):
                    self.remove(derived)

    def cap_inputs(self, cap_bytes: int) -> None:
        files = [p for p in self.inputs.iterdir() if p.is_file() and self.present(p)]
        downloads = sorted((p for p in files if p.suffix != ".json"), key=_mtime)
        total = sum(self.size(p) for p in files)
        for download in downloads:
            if total <= cap_bytes:
                break
            if self.removable_input(download):
                total -= self.size(download)
                self.remove(download)
                self.remove(download.with_suffix(".json"))

    def drop_unowned(self, now: float) -> None:
        for job_dir in sorted(self.work.iterdir()) if self.work.is_dir() else ():
            if job_dir.name not in self.known and now - _mtime(job_dir) > STALE_PART_SECONDS:
                self.remove(job_dir)

    def finished_jobs(self, *, older_than_s: float | None, max_bytes: int | None, now: float) -> None:
        self.drop_unowned(now)
        for row in self.finished:
            if older_than_s is not None and now - _finished_at(row) > older_than_s:
                self.drop_job(row)
        if max_bytes is None:
            return
        total = self.size(self.work) + self.size(self.inputs)
        for row in self.finished:  # oldest first
            if total <= max_bytes:
                break
            before = self.report.freed_bytes
            self.drop_job(row)
            total -= self.report.freed_bytes - before
        if total > max_bytes and self.inputs.is_dir():
            self.cap_inputs(max(0, max_bytes - self.size(self.work)))

    def drop_job(self, row: dict) -> None:
        self.remove(self.work / row["id"])
        source = Path(row["source_path"]) if row["source_path"] else None
        if source is not None and source.parent == self.inputs and self.removable_input(source):
            self.remove(source)
            self.remove(source.with_suffix(".json"))


def prune(
    ledger: Ledger,
    data_dir: Path,
    *,
    inputs_cap_bytes: int,
    older_than_s: float | None = None,
    max_bytes: int | None = None,
    dry_run: bool = False,
) -> PruneReport:
    """Tidy the work and input folders (see the module doc); with an age or a size, prune finished jobs too."""
    now = time.time()
    pruner = _Pruner(ledger, data_dir, dry_run)
    pruner.tidy(now)
    if pruner.inputs.is_dir():
        pruner.cap_inputs(inputs_cap_bytes)
    if older_than_s is not None or max_bytes is not None:
        pruner.finished_jobs(older_than_s=older_than_s, max_bytes=max_bytes, now=now)
    report = pruner.report
    report.kept_unfinished = len(pruner.unfinished)
    report.remaining_bytes = pruner.size(pruner.work) + pruner.size(pruner.inputs)
    return report
