"""The Claude Desktop Extension: manifest.json matches the server, passes `mcpb validate`, and `mcpb pack` bundles it."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from server.app import build_server
from tests.interop.conftest import ROOT, run_node_tool
from tools import __version__

MANIFEST = ROOT / "manifest.json"
# What a bundle needs: uv installs the project from pyproject.toml, which names README.md.
BUNDLE_FILES = ("manifest.json", "pyproject.toml", "README.md", "LICENSE")
BUNDLE_PACKAGES = ("server", "tools")


def _manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.mark.anyio
async def test_the_manifest_declares_exactly_the_servers_tools_and_prompts(config):
    manifest = _manifest()
    server = build_server(config)
    # Tools only the player app may call (visibility ["app"]) are not the model's, so the bundle does not list them.
    tools = {
        t.name: t.description
        for t in await server.list_tools()
        if "model" in ((t.meta or {}).get("ui", {}).get("visibility") or ["model"])
    }
    prompts = {p.name: p for p in await server.list_prompts()}
    assert {t["name"]: t["description"] for t in manifest["tools"]} == tools
    assert {p["name"] for p in manifest["prompts"]} == set(prompts)
    for declared in manifest["prompts"]:
        assert declared["arguments"] == [a.name for a in prompts[declared["name"]].arguments or []]
    pyproject = re.search(
        r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M
    )
    assert pyproject is not None
    assert manifest["version"] == __version__ == pyproject.group(1)


def test_the_fal_key_is_asked_for_as_a_secret_and_reaches_the_server_as_fal_key():
    manifest = _manifest()
    key = manifest["user_config"]["fal_key"]
    assert key["sensitive"] is True and key["required"] is True
    env = manifest["server"]["mcp_config"]["env"]
    assert env["FAL_KEY"] == "${user_config.fal_key}"
    assert env["KLING_V2A_OUTPUT_DIR"] == "${user_config.output_dir}"
    assert manifest["user_config"]["output_dir"]["type"] == "directory"
    assert (ROOT / manifest["server"]["entry_point"]).is_file()


def test_mcpb_validate_passes_on_the_manifest_and_fails_on_a_broken_copy(mcpb, tmp_path):
    done = run_node_tool([mcpb, "validate", str(MANIFEST)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passes" in done.stdout
    broken = _manifest()
    broken["user_config"]["fal_key"]["type"] = "password"
    (tmp_path / "manifest.json").write_text(json.dumps(broken), encoding="utf-8")
    refused = run_node_tool([mcpb, "validate", str(tmp_path / "manifest.json")])
    assert refused.returncode != 0


def stage_bundle(into: Path) -> Path:
    """Copy what the bundle holds (sources and project files, no tests, caches or virtual environments)."""
    into.mkdir(parents=True)
    for name in BUNDLE_FILES:
        shutil.copy2(ROOT / name, into / name)
    for package in BUNDLE_PACKAGES:
        shutil.copytree(ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return into


def test_mcpb_pack_builds_a_bundle_with_the_manifest_and_the_server_sources(mcpb, tmp_path):
    stage = stage_bundle(tmp_path / "kling-v2a")
    out = tmp_path / "kling-v2a.mcpb"
    done = run_node_tool([mcpb, "pack", str(stage), str(out)])
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        packed = json.loads(bundle.read("manifest.json"))
    assert {
        "manifest.json",
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "server/main.py",
        "tools/__init__.py",
    } <= names
    assert packed["name"] == "kling-v2a"
    assert not [n for n in names if n.startswith(("tests/", ".venv/")) or "__pycache__" in n]


def test_the_loudness_default_reaches_the_server_as_the_variable_the_config_reads_within_its_range():
    from tools.config import load_config
    from tools.finish.options import LOUDEST_LUFS, QUIETEST_LUFS

    manifest = _manifest()
    field = manifest["user_config"]["loudness_lufs"]
    assert field["type"] == "number" and field["required"] is False
    assert (field["min"], field["max"]) == (QUIETEST_LUFS, LOUDEST_LUFS)
    assert (
        manifest["server"]["mcp_config"]["env"]["KLING_V2A_LOUDNESS_LUFS"] == "${user_config.loudness_lufs}"
    )
    assert load_config({"KLING_V2A_LOUDNESS_LUFS": "-14"}).loudness_lufs == -14
    assert load_config({"KLING_V2A_LOUDNESS_LUFS": ""}).loudness_lufs is None  # left empty in the dialog
