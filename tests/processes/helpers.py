"""Helpers for tests of real processes sharing one data dir: worker processes, and what the ledger file says."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A `tests.processes.driver` process: one JSON command in, one JSON answer out."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "NO_PROXY": "127.0.0.1,localhost"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.processes.driver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            env=env,
        )

    def send(self, command: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the worker ended (exit {self.proc.wait(10)})")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def at_once(workers: list[Worker], command: dict[str, Any]) -> list[dict[str, Any]]:
    """Send every worker the same command back to back (they act at the same instant), then read each answer."""
    for worker in workers:
        worker.send(command)
    return [worker.answer() for worker in workers]


def ledger_rows(data_dir: Path, sql: str, *args: Any) -> list[tuple]:
    """Rows of a query on the ledger file of a data dir, read by a connection of the test's own."""
    db = sqlite3.connect(data_dir / "ledger.sqlite3")
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def assert_spend_is_what_fal_accepted(data_dir: Path, fake: Any, *, unanswered: int = 0) -> None:
    """The ledger's spend is exactly the submits fal accepted and answered with a request id the ledger holds.

    `unanswered` submits were accepted by fal but their answer never arrived (the submit window): they are not in
    the ledger's spend, and no call in the ledger names them.
    """
    spent = ledger_rows(data_dir, "SELECT request_id, usd FROM spend")
    accepted = list(fake.requests)
    assert len(accepted) == len(spent) + unanswered, (accepted, spent)
    assert {rid for rid, _ in spent} <= set(accepted)
    assert sum(usd for _, usd in spent) == pytest.approx(0.035 * len(spent))


async def until(check: Any, seconds: float = 30.0) -> Any:
    """Poll `check` until it returns something truthy, and return that; fail after `seconds`."""
    with anyio.fail_after(seconds):
        while not (found := check()):
            await anyio.sleep(0.05)
    return found
