"""A worker process for tests of several processes sharing one ledger: it reads one JSON command a line on stdin,
acts through the tools/ layer (as a server would), and answers one JSON line on stdout.

    {"op": "open", "data": DIR}                    open the ledger of a data dir (migrations on a fresh one)
    {"op": "score", "env": {...}, "video": PATH}   score_video as a server with that environment would, then wait

Two such workers answering the same line at the same instant are two servers taking the same call at once,
without the cost of starting two MCP servers for every trial.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _open(command: dict[str, Any]) -> dict[str, Any]:
    from tools.jobs.ledger import Ledger

    Ledger.in_data_dir(Path(command["data"])).close()
    return {"ok": True}


async def _score(command: dict[str, Any]) -> dict[str, Any]:
    from tools.config import load_config
    from tools.jobs.prepare import ScoreRequest
    from tools.jobs.runner import JobRunner

    config = load_config(command["env"])
    async with JobRunner(config) as runner:
        job = await runner.score(ScoreRequest(video=command["video"], lint="off"))
        job = await runner.wait(job.job_id, 30)
    return {"ok": True, "job_id": job.job_id, "status": job.status}


def main() -> int:
    import anyio

    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = _open(command) if command["op"] == "open" else anyio.run(_score, command)
        except Exception as exc:  # the test reads what went wrong
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
