"""Serving stdio until the client leaves or a signal comes: SIGINT (one Ctrl-C) and SIGTERM stop at once.

The SDK reads stdin in a worker thread, which no cancellation can interrupt: the first Ctrl-C in a terminal
waited for the next line of input. Here stdin is read when the event loop says it is readable, so a signal
cancels the server like any other task: running jobs stop where they are and stay in the ledger (the next
start resumes them), and every partial download is removed on the way out.
"""

from __future__ import annotations

import logging
import os
import signal
import stat
import sys
from collections.abc import AsyncIterator
from typing import Any

import anyio

log = logging.getLogger("kling-v2a")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StdinLines:
    """The lines of a pipe or terminal on `fd`, read without a thread (a regular file cannot be waited on)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @staticmethod
    def usable(fd: int) -> bool:
        """Whether the loop can wait on fd: a pipe, a socket or a terminal, not a regular file."""
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            return False
        return sys.platform != "win32" and not stat.S_ISREG(mode)

    def __aiter__(self) -> AsyncIterator[str]:
        return self._lines()

    async def _lines(self) -> AsyncIterator[str]:
        pending = b""
        while True:
            while b"\n" not in pending:
                await anyio.wait_readable(self.fd)
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    if pending:
                        yield pending.decode("utf-8", "replace")
                    return
                pending += chunk
            line, _, pending = pending.partition(b"\n")
            yield line.decode("utf-8", "replace") + "\n"


async def _stop_on_signals(scope: anyio.CancelScope) -> None:
    with anyio.open_signal_receiver(*STOP_SIGNALS) as signals:
        async for signum in signals:
            log.info(
                "%s: stopping; running jobs stay in the ledger and resume at the next start",
                signal.Signals(signum).name,
            )
            scope.cancel()
            return


async def serve_stdio(mcp: Any) -> None:
    """Serve an MCPServer over stdio until stdin closes or SIGINT or SIGTERM arrives."""
    from mcp.server.stdio import stdio_server

    stdin: Any = StdinLines(0) if StdinLines.usable(0) else None
    # MCPServer.run_stdio_async with a stdin that a cancellation can interrupt; the low-level server is the
    # SDK's own (server/mcpserver/server.py).
    lowlevel = mcp._lowlevel_server
    async with anyio.create_task_group() as tg:
        if sys.platform != "win32":  # asyncio has no signal handlers there: Ctrl-C raises KeyboardInterrupt
            tg.start_soon(_stop_on_signals, tg.cancel_scope)
        async with stdio_server(stdin=stdin) as (read_stream, write_stream):
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())
        tg.cancel_scope.cancel()


def run_stdio(mcp: Any) -> None:
    """Run the stdio server to its end: stdin closed, or a stop signal."""
    anyio.run(serve_stdio, mcp, backend="asyncio")
