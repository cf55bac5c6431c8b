"""Entry point of `kling-v2a-mcp`: the stdio server clients launch, or Streamable HTTP with --transport http."""

from __future__ import annotations

import argparse
import logging
import sys

from tools.config import load_config
from tools.errors import ConfigError

# Libraries that log every HTTP request (a status poll every 0.1-1 s) or every protocol message at INFO: at INFO
# the log is one line per job state change, so they speak from WARNING up unless DEBUG is asked for.
CHATTY_LOGGERS = ("httpx", "httpcore", "fal_client", "mcp", "uvicorn.access")


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr only: stdout belongs to the MCP protocol."""
    chosen = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(
        level=chosen,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(chosen, logging.WARNING) if chosen > logging.DEBUG else chosen)


TERMINAL_HINT = """\
kling-v2a-mcp is an MCP server: it talks MCP over stdin and stdout and waits, silent, for a client to speak.
MCP clients (Claude Desktop, Claude Code, VS Code, Cursor) start it themselves: see "Use it from your client" in
README. To try it from a terminal: kling-v2a doctor, kling-v2a score VIDEO, or the MCP Inspector:
  npx @modelcontextprotocol/inspector --cli -e FAL_KEY=your-key kling-v2a-mcp --method tools/list
Ctrl-C stops it."""


def hint_if_terminal() -> None:
    """Say on stderr what this silent process is when a person started it in a terminal (stdin is a TTY)."""
    try:
        person = sys.stdin.isatty()
    except (AttributeError, ValueError):
        person = False
    if person:
        print(TERMINAL_HINT, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the MCP server."""
    parser = argparse.ArgumentParser(prog="kling-v2a-mcp", description="The kling-v2a MCP server.")
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    setup_logging(args.log_level)
    try:
        config = load_config()
    except ConfigError as exc:
        logging.getLogger("kling-v2a").error("%s", exc)
        return 2
    from server.app import build_server

    if args.transport == "stdio":
        from server.stopping import run_stdio

        hint_if_terminal()
        run_stdio(build_server(config))
        return 0
    from server.streamable import serve_http

    return serve_http(config, host=args.host, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
