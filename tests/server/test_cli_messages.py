"""What a new user of the CLI reads: commands instead of MCP tools, the right files after a reuse, whose fault a
failure is, a fast answer when fal is away, a steady progress line, and times with their zone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.server import test_cli
from tests.server.helpers import console_script
from tests.server.test_cli import process_env, run, run_in_terminal

cli_env = test_cli.cli_env  # the CLI's fixture: the process environment of an in-process run against the fake

# What the CLI never says: the server's tools, their parameters, or advice for paths that the CLI accepts.
MCP_WORDS = re.compile(
    r"\b(score_video|get_job|list_jobs|cancel_job|inspect_video|lint_prompt|wait_seconds|reuse=false|output_dir)"
    r"\b|lint=\"fix\"|mcp\.json|absolute path"
)
STATUS_ORDER = ["preparing", "uploading", "queued", "running", "completed"]


def said(out: str, err: str) -> str:
    """Everything a command printed, failing when it names an MCP tool or parameter."""
    text = out + err
    found = MCP_WORDS.search(text)
    assert found is None, f"{found.group(0)!r} in: {text}"
    return text


def test_no_message_names_an_mcp_tool_from_start_to_cancel(
    capsys, cli_env, workspace, clip, fake_fal, monkeypatch
):
    fake_fal.configure(hold=True)
    code, out, err = run(capsys, "score", str(clip), "--wait", "0.5", "--json", "--no-progress")
    said(out, err)
    job = json.loads(out)
    assert code == 5 and f"kling-v2a jobs wait {job['job_id']}" in job["next_step"]
    said(*run(capsys, "score", str(clip), "--wait", "0.5", "--no-progress")[1:])
    said(*run(capsys, "jobs", "show", job["job_id"], "--json")[1:])
    said(*run(capsys, "jobs", "list", "--json")[1:])
    code, out, err = run(capsys, "jobs", "cancel", job["job_id"], "--json")
    assert "kling-v2a score again" in said(out, err)
    code, out, err = run(capsys, "inspect", str(clip), "--json", "--frames", "2")
    assert code == 0 and "kling-v2a lint" in said(out, err)
    monkeypatch.chdir(workspace.home)
    code, out, err = run(capsys, "score", "missing.mp4")
    assert code == 2 and "relative path is read from the folder" in said(out, err)
    monkeypatch.delenv("FAL_KEY")
    code, out, err = run(capsys, "score", clip.name, "--json")
    assert code == 3 and "kling-v2a score cannot run" in said(out, err)


def test_a_repeat_into_another_folder_writes_the_files_there_without_a_new_charge(
    capsys, cli_env, workspace, clip, fake_fal
):
    first_dir, second_dir = workspace.home / "first", workspace.home / "second"
    code, out, _ = run(capsys, "score", str(clip), "--out", str(first_dir), "--json", "--no-progress")
    first = json.loads(out)
    code, out, _ = run(capsys, "score", str(clip), "--out", str(second_dir), "--json", "--no-progress")
    second = json.loads(out)
    code, out, _ = run(capsys, "score", str(clip), "--out", str(second_dir), "--json", "--no-progress")
    third = json.loads(out)
    assert code == 0 and len(fake_fal.submits) == 1
    assert Path(first["video_path"]).parent == first_dir
    assert Path(second["video_path"]).parent == second_dir and Path(second["audio_path"]).parent == second_dir
    assert sorted(p.name for p in second_dir.iterdir()) == ["walk.scored.mp3", "walk.scored.mp4"]
    assert Path(second["audio_path"]).read_bytes() == Path(first["audio_path"]).read_bytes()
    assert second["cost_usd"] == 0
    # the third run finds the files the second wrote, in its own folder
    assert third["cached"] is True and third["video_path"] == second["video_path"]


def test_a_url_that_cannot_be_downloaded_is_not_blamed_on_fal(capsys, cli_env, fake_fal):
    # Nothing listens on port 9 of this machine.
    code, out, _ = run(capsys, "score", "http://127.0.0.1:9/clip.mp4", "--json", "--no-progress")
    job = json.loads(out)
    assert code == 6, job
    assert job["error"]["code"] == "download_failed" and "fal" not in job["error"]["message"].lower()
    assert "fal" not in job["error"]["hint"].lower()
    assert fake_fal.uploads == [] and fake_fal.submits == []


@pytest.mark.timeout(40)  # fal-client's retries took over a minute before
def test_with_fal_unreachable_score_stops_at_once_and_cancels_its_job(capsys, cli_env, clip, monkeypatch):
    monkeypatch.setenv("KLING_V2A_FAL_URL", "http://127.0.0.1:9")
    code, out, err = run(capsys, "score", str(clip), "--no-progress")
    assert code == 4, err
    assert (
        "[fal_unavailable] fal does not answer at http://127.0.0.1:9" in err and "nothing was charged" in err
    )
    assert "kling-v2a doctor" in err
    job_id = re.search(r"job (job_\w+)", err).group(1)
    code, out, _ = run(capsys, "jobs", "show", job_id, "--json")
    assert json.loads(out)["status"] == "cancelled"


def test_jobs_cancel_of_a_finished_job_says_so_and_fails(capsys, cli_env, clip, fake_fal):
    code, out, _ = run(capsys, "score", str(clip), "--json", "--no-progress")
    job = json.loads(out)
    code, out, err = run(capsys, "jobs", "cancel", job["job_id"])
    assert code == 2
    assert f"job {job['job_id']} had already ended (completed" in err and "nothing to cancel" in err
    code, out, _ = run(capsys, "jobs", "show", job["job_id"], "--json")
    assert json.loads(out)["status"] == "completed"


def test_times_carry_their_zone(capsys, cli_env, clip, fake_fal, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    try:
        run(capsys, "score", str(clip), "--no-progress")
        _, listing, _ = run(capsys, "jobs", "list")
        _, shown, _ = run(capsys, "score", str(clip), "--no-progress")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST"
    assert re.search(stamp, listing.splitlines()[1]), listing
    assert re.search(r"start\s+" + stamp, shown) and re.search(r"end\s+" + stamp, shown)


def test_a_long_clips_progress_line_moves_forward_and_keeps_fals_message_whole_at_80_columns(
    workspace, fake_fal
):
    clip = make_clip(workspace.home / "long.mp4", duration=45.0, size=(64, 48), fps=12)
    fake_fal.configure(latency=1.0)
    env = process_env(workspace.env(fake_fal.url), TERM="xterm-256color", NO_COLOR="1")
    code, shown = run_in_terminal([console_script("kling-v2a"), "score", str(clip)], env, columns=80)
    assert code == 0, shown
    frames = [f.split("\n")[0].strip() for f in shown.replace("\x1b[2K", "").split("\r") if f.strip()]
    bars = [f for f in frames if re.search(r"\d+% \d+:\d\d", f)]
    assert bars and all(len(f) <= 80 for f in bars), bars
    statuses = [next(s for s in [*STATUS_ORDER, "starting"] if f" {s} " in f" {f} ") for f in bars]
    ranks = [STATUS_ORDER.index(s) if s in STATUS_ORDER else -1 for s in statuses]
    assert ranks == sorted(ranks), statuses
    percents = [int(re.search(r"(\d+)% \d+:\d\d", f).group(1)) for f in bars]
    assert percents == sorted(percents)
    followed = [int(m.group(1)) for f in bars if (m := re.search(r"  (\d)/3 ", f))]
    assert followed == sorted(followed) and set(followed) >= {1, 3}, followed
    assert any(f.endswith("1/3 Generating sound effects and music") for f in bars), bars
