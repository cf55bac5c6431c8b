"""Run FakeFal as its own process, for end-to-end tests of a server process that talks to "fal".

    python -m tests.fakefal --port 0 --state-file PATH [--url-file PATH] [--latency 0.5] [--hold]
                            [--valid-key KEY ...] [--validate-at result|submit] [--no-status-errors]
                            [--upload-mbps MBPS] [--work-nice N]

Writes {"url", "pid"} to the state file (atomically) once serving, the bare URL to --url-file, and the URL on
stdout. Counters are at GET <url>/_fake/state; faults are switched at POST <url>/_fake/faults. Stops on
SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from tests.fakefal.server import FakeFal


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Serve until told to stop."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakefal", description="Loopback fake of fal.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--state-file", type=Path)
    parser.add_argument("--url-file", type=Path)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--hold", action="store_true", help="requests stay running until released")
    parser.add_argument("--valid-key", action="append", dest="valid_keys", help="accept only these keys")
    parser.add_argument("--validate-at", choices=("result", "submit"), default="result")
    parser.add_argument(
        "--no-status-errors", action="store_true", help="COMPLETED never carries error fields"
    )
    parser.add_argument(
        "--upload-mbps",
        type=float,
        default=None,
        help="carry uploads no faster than this, like a home uplink",
    )
    parser.add_argument(
        "--work-nice",
        type=int,
        default=None,
        help="niceness of the threads that probe uploads and make results (fal's own machines' work)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="fakefal %(levelname)s %(message)s")

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    fake = FakeFal(latency=args.latency, hold=args.hold, valid_keys=args.valid_keys,
                   validate_at=args.validate_at, status_errors=not args.no_status_errors,
                   host=args.host, port=args.port, upload_mbps=args.upload_mbps,
                   work_nice=args.work_nice)  # fmt: skip
    with fake:
        if args.state_file:
            _write_atomically(args.state_file, json.dumps({"url": fake.url, "pid": os.getpid()}))
        if args.url_file:
            _write_atomically(args.url_file, fake.url)
        sys.stdout.write(fake.url + "\n")
        sys.stdout.flush()
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
