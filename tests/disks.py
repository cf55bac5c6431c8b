"""Real disks for tests: a read-only folder and a tiny tmpfs, mounted for the test (root only)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(path: Path, *, size: str = "1m", read_only: bool = False) -> Iterator[Path]:
    """Mount a tmpfs of `size` at path (read-only if asked) for the block; skip the test where that cannot be.

    chmod alone stops no one running as root, so a read-only folder is a read-only mount.
    """
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    options = f"{'ro,' if read_only else ''}size={size},mode=0777"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path) -> None:
    """Take every free byte of folder's disk."""
    with open(folder / "filler.bin", "wb") as out:
        block = b"\0" * 65536
        with contextlib.suppress(OSError):
            while True:
                out.write(block)
                out.flush()
    with contextlib.suppress(OSError), open(folder / "filler-2.bin", "wb") as out:
        while True:
            out.write(b"\0")
            out.flush()


def remount_read_only(path: Path) -> None:
    """Make a tmpfs mounted by `tmpfs` read-only from now on (a disk that turns read-only mid-job)."""
    done = subprocess.run(["mount", "-o", "remount,ro", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount a tmpfs read-only here: {done.stderr.strip() or done.returncode}")
