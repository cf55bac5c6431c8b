"""Start-up problems of the real server process and the CLI: a damaged ledger, a data folder that cannot be
written. Reported, never crashed on."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mcp import Client
from mcp.client.stdio import stdio_client

from tests.clips import make_clip
from tests.conftest import Workspace
from tests.disks import tmpfs
from tests.server.helpers import console_script, stdio_server
from tests.server.test_cli import process_env

pytestmark = pytest.mark.anyio

GARBAGE = b"this was a ledger once\0" * 200


def damaged_ledger(workspace: Workspace) -> Path:
    workspace.data.mkdir(parents=True, exist_ok=True)
    ledger = workspace.data / "ledger.sqlite3"
    ledger.write_bytes(GARBAGE)
    return ledger


@contextmanager
def unusable_data_dir(workspace: Workspace, how: str) -> Iterator[Path]:
    """A data folder the server cannot write: a read-only disk (root only), or a file where the folder goes."""
    if how == "read-only disk":
        with tmpfs(workspace.data, read_only=True) as folder:
            yield folder
    else:
        workspace.data.parent.mkdir(parents=True, exist_ok=True)
        workspace.data.write_text("not a folder")
        yield workspace.data


async def test_a_damaged_ledger_is_moved_aside_named_and_the_server_serves_on(
    workspace, clip, fake_fal, tmp_path
):
    ledger = damaged_ledger(workspace)
    errlog = tmp_path / "server.log"
    with errlog.open("w") as log:
        async with Client(stdio_client(stdio_server(workspace.env(fake_fal.url)), errlog=log)) as client:
            listing = (await client.call_tool("list_jobs", {})).structured_content
            missing = await client.call_tool("get_job", {"job_id": "job_from_before"})
            scored = await client.call_tool("score_video", {"video": str(clip), "lint": "off"})
    moved = [p for p in ledger.parent.iterdir() if p.name.startswith("ledger.sqlite3.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == GARBAGE
    text = errlog.read_text()
    assert str(ledger) in text and str(moved[0]) in text and "Traceback" not in text
    assert listing is not None and listing["total"] == 0
    assert missing.is_error and str(moved[0]) in missing.content[0].text
    assert scored.structured_content is not None and scored.structured_content["status"] == "completed"


@pytest.mark.parametrize("how", ["a file where the folder goes", "read-only disk"])
async def test_without_a_usable_data_folder_the_server_starts_and_only_the_job_tools_refuse(
    workspace, clip, fake_fal, tmp_path, web_root, how
):
    make_clip(web_root[0] / "clip.mp4", duration=4.0)  # a URL input needs the data folder: refused too
    errlog = tmp_path / "server.log"
    with unusable_data_dir(workspace, how) as data, errlog.open("w") as log:
        async with Client(stdio_client(stdio_server(workspace.env(fake_fal.url)), errlog=log)) as client:
            scored = await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 0})
            listing = await client.call_tool("list_jobs", {})
            lint = await client.call_tool("lint_prompt", {"sound_effect_prompt": "footsteps on gravel"})
            inspected = await client.call_tool("inspect_video", {"video": str(clip), "frames": 2})
            by_url = await client.call_tool("inspect_video", {"video": f"{web_root[1]}/clip.mp4"})
    for refused in (scored, listing, by_url):
        text = refused.content[0].text
        assert refused.is_error and "[data_dir_unusable]" in text and str(data) in text, text
        assert "KLING_V2A_DATA_DIR" in text
    assert not lint.is_error and not inspected.is_error, inspected.content
    assert (
        inspected.structured_content is not None
        and inspected.structured_content["metadata"]["duration_s"] > 3
    )
    text = errlog.read_text()
    assert str(data) in text and "Traceback" not in text
    assert fake_fal.uploads == []


def _cli(workspace: Workspace, fake_url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script("kling-v2a"), *argv],
        env=process_env(workspace.env(fake_url)),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_says_in_one_line_that_it_moved_a_damaged_ledger(workspace, fake_fal):
    ledger = damaged_ledger(workspace)
    doctor = _cli(workspace, fake_fal.url, "doctor")
    assert doctor.returncode == 3 and "The ledger file is damaged" in doctor.stdout + doctor.stderr
    done = _cli(workspace, fake_fal.url, "jobs", "list")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(ledger) in lines[0] and ".damaged-" in lines[0], done.stderr
    assert "0 of 0 job(s)" in done.stdout


def test_the_cli_says_in_one_line_that_the_data_folder_cannot_be_written(workspace, fake_fal):
    with unusable_data_dir(workspace, "a file where the folder goes") as data:
        done = _cli(workspace, fake_fal.url, "jobs", "list")
    assert done.returncode == 3, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("error [data_dir_unusable]") and str(data) in first
    assert "Traceback" not in done.stderr
