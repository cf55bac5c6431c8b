"""The client configs users copy: mcp.json and README's snippets parse and launch the installed server."""

from __future__ import annotations

import json
import re

from tests.interop.conftest import ROOT

SCRIPTS = set(re.findall(r"^(kling-v2a(?:-mcp)?) = ", (ROOT / "pyproject.toml").read_text(), re.M))


def readme_json_blocks() -> list[dict]:
    """Every ```json block of README.md, parsed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]


def test_mcp_json_is_the_mcpservers_shape_launching_the_server_with_a_key_slot():
    config = json.loads((ROOT / "mcp.json").read_text(encoding="utf-8"))
    server = config["mcpServers"]["kling-v2a"]
    assert server["command"] == "kling-v2a-mcp" and server["command"] in SCRIPTS
    assert server.get("args", []) == []  # no arguments: the stdio server
    assert "FAL_KEY" in server["env"]


def test_readme_snippets_parse_and_vs_code_prompts_for_the_key_as_a_password():
    blocks = readme_json_blocks()
    desktop = next(b for b in blocks if "mcpServers" in b)
    assert desktop["mcpServers"]["kling-v2a"]["command"] in SCRIPTS
    vscode = next(b for b in blocks if "servers" in b)
    server = vscode["servers"]["kling-v2a"]
    assert server["type"] == "stdio" and server["command"] in SCRIPTS
    key = re.fullmatch(r"\$\{input:([\w-]+)\}", server["env"]["FAL_KEY"])
    assert key is not None, server["env"]
    asked = {i["id"]: i for i in vscode["inputs"]}
    assert asked[key.group(1)]["type"] == "promptString" and asked[key.group(1)]["password"] is True
