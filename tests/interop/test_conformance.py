"""The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in tests/interop/package.json)
against the real server over Streamable HTTP: every server scenario passes, except those in baseline.yml, each of
which must fail for the reason the baseline gives (a fixture of the suite's reference server, or a capability
this server does not offer)."""

from __future__ import annotations

import json
import re
import subprocess

from tests.interop.conftest import HERE, node22_tool
from tests.server.test_http import http_server_process

BASELINE = HERE / "conformance" / "baseline.yml"
# What a failing check of a baselined scenario may say: it asked for one of the reference server's fixtures, or
# for a method or client feature this server does not offer.
FIXTURE_OR_CAPABILITY = re.compile(
    r"test_\w+|test://|json_schema_2020_12_tool|Method not found|did not request (elicitation|sampling)"
    r"|No (image|audio|resource) content|Missing (image|resource) content|Expected multiple content"
    r"|No progress notifications|Tool call failed",
)


def baselined() -> dict[str, str]:
    """Scenario -> the reason written above it in baseline.yml."""
    reasons, last = {}, ""
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("# ") and line.startswith("  "):
            last = text[2:]
        elif text.startswith("- "):
            reasons[text[2:].strip()] = last
            last = ""
    return reasons


def test_every_conformance_scenario_passes_but_the_baselined_ones_which_fail_for_their_reason(
    workspace, tmp_path
):
    suite = node22_tool("conformance")
    results = tmp_path / "results"
    with http_server_process(workspace.env("http://127.0.0.1:9")) as url:
        done = subprocess.run(
            [
                *(*suite, "server", "--url", url, "--suite", "all"),
                *("--expected-failures", str(BASELINE), "-o", str(results)),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
    summary = done.stdout[done.stdout.find("=== SUMMARY") :]
    assert done.returncode == 0, summary + done.stderr[-2000:]
    failing: dict[str, list[str]] = {}
    for checks in results.glob("*/checks.json"):
        scenario = re.sub(r"^server-|-\d{4}-\d\d-\d\dT.*$", "", checks.parent.name)
        for check in json.loads(checks.read_text()):
            if check["status"] == "FAILURE":
                failing.setdefault(scenario, []).append(check.get("errorMessage") or check["id"])
    reasons = baselined()
    assert set(failing) == set(reasons), summary
    for scenario, messages in failing.items():
        assert reasons[scenario], f"{scenario} has no reason in baseline.yml"
        assert all(FIXTURE_OR_CAPABILITY.search(m) for m in messages), (scenario, messages)
    passed = {
        re.sub(r"^server-|-\d{4}-\d\d-\d\dT.*$", "", p.parent.name) for p in results.glob("*/checks.json")
    }
    assert {
        "server-initialize",
        "tools-list",
        "ping",
        "dns-rebinding-protection",
        "prompts-list",
    } <= passed - set(failing)
