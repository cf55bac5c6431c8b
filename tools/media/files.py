"""Output file names and atomic writes: results appear whole or not at all, and never replace a file."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """The first free name of `stem + suffix`, `stem-2 + suffix`, `stem-3 + suffix` ... in folder."""
    folder = Path(folder)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


@contextlib.contextmanager
def atomic_output(out: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `out`; when the block succeeds, move it to `out` in one step.

    Without `overwrite`, an existing `out` raises FileExistsError, both before and after the work, so a file
    that appears meanwhile is not replaced. On any error the temporary file is removed.
    """
    out = Path(out)
    if not overwrite and out.exists():
        raise FileExistsError(f"{out} already exists")
    tmp = _new_file(out.parent, prefix=f".{out.stem}.", suffix=f".part{out.suffix}")
    try:
        yield tmp
        if overwrite:
            os.replace(tmp, out)
        else:
            _move_without_replacing(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _move_without_replacing(tmp: Path, out: Path) -> None:
    try:
        # A hard link fails if `out` exists, which makes "create only if absent" atomic.
        os.link(tmp, out)
    except FileExistsError:
        raise FileExistsError(f"{out} already exists") from None
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links: check, then rename.
        if out.exists():
            raise FileExistsError(f"{out} already exists") from None
        os.replace(tmp, out)


def _new_file(folder: Path, *, prefix: str, suffix: str) -> Path:
    """Create an empty file of a fresh name in folder, with the permissions any new file of the user's gets.

    Unlike mkstemp's private 0600 files, a result must open for whatever the user's umask allows.
    """
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {folder}")
