"""Helpers for MCP end-to-end tests: launching the installed server over stdio."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mcp import StdioServerParameters


def console_script(name: str) -> str:
    """Path of an installed console script: next to this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed: run pip install -e '.[dev]'")
    return found


def stdio_server(env: dict[str, str], *args: str) -> StdioServerParameters:
    """Parameters that spawn the real `kling-v2a-mcp` with only the given environment (plus PATH and HOME)."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return StdioServerParameters(
        command=console_script("kling-v2a-mcp"), args=list(args), env={**base, **env}
    )
