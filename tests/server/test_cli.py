"""The `kling-v2a` CLI: in-process for exit codes and JSON, as a real process in a terminal and in a pipe."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from server.cli import main
from tests.conftest import TEST_KEY
from tests.server.helpers import console_script

ANSI = "\x1b["


@pytest.fixture
def cli_env(monkeypatch, workspace, fake_fal):
    """The process environment of an in-process CLI run against the fake."""
    for name in list(os.environ):
        if name.startswith(("KLING_V2A_", "FAL_KEY")) or name in ("NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name)
    env = workspace.env(fake_fal.url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return the exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def process_env(env: dict[str, str], **extra: str) -> dict[str, str]:
    """A subprocess environment: the workspace's variables plus PATH, HOME and a UTF-8 locale."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "TMPDIR") if k in os.environ}
    return {**base, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **env, **extra}


def run_in_terminal(
    argv: list[str], env: dict[str, str], timeout: float = 60, columns: int = 120
) -> tuple[int, str]:
    """Run a command with stdin, stdout and stderr on a pseudo-terminal (30 rows, `columns` wide); return its exit
    code and everything shown."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("the command did not finish in time: " + b"".join(chunks).decode())
            ready, _, _ = select.select([master], [], [], min(remaining, 0.5))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every holder of the terminal has closed it
                break
            if not data:
                break
            chunks.append(data)
        return proc.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


def wait_until(condition, timeout: float = 30.0) -> None:
    """Poll a condition until it holds, failing after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


# scoring


def test_score_in_a_terminal_draws_a_progress_bar_that_fills_to_100_percent(workspace, clip, fake_fal):
    fake_fal.configure(latency=1.5)
    env = process_env(workspace.env(fake_fal.url), TERM="xterm-256color")
    code, shown = run_in_terminal(
        [console_script("kling-v2a"), "score", str(clip), "--sfx", "footsteps"], env
    )
    assert code == 0, shown
    redraws = shown.count("\r\x1b[2K")
    assert redraws >= 3, shown  # drawn in place, again and again, while fal works
    last = shown.rsplit("\r\x1b[2K", 1)[1]
    assert "100%" in last and "completed" in last and "✔" in last
    assert "\x1b[32m" in shown  # green: colour is on in a terminal
    assert len(fake_fal.submits) == 1
    assert list(workspace.out.glob("walk*.mp4")) and list(workspace.out.glob("walk*.mp3"))


def test_score_piped_prints_json_and_plain_progress_without_escape_codes(workspace, clip, fake_fal):
    env = process_env(workspace.env(fake_fal.url), TERM="xterm-256color")
    done = subprocess.run(
        [console_script("kling-v2a"), "score", str(clip), "--music", "slow piano, 70 BPM", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert ANSI not in done.stdout and ANSI not in done.stderr and "\r" not in done.stderr
    job = json.loads(done.stdout)
    assert job["status"] == "completed"
    assert Path(job["video_path"]).is_file()
    assert job["prompts_sent"]["background_music_prompt"] == "slow piano, 70 BPM"
    assert f"{job['job_id']} completed 100%" in done.stderr


def test_a_relative_path_is_read_from_the_working_folder_and_a_repeat_is_reused(
    capsys, cli_env, workspace, clip, fake_fal, monkeypatch
):
    monkeypatch.chdir(workspace.home)
    code, out, _ = run(capsys, "score", clip.name, "--json", "--no-progress")
    assert code == 0
    first = json.loads(out)
    code, out, _ = run(capsys, "score", clip.name, "--json", "--no-progress")
    again = json.loads(out)
    assert code == 0 and again["cached"] is True
    assert again["video_path"] == first["video_path"]
    assert len(fake_fal.submits) == 1


def test_score_without_a_key_exits_3_and_says_how_to_set_it(capsys, cli_env, clip, monkeypatch):
    monkeypatch.delenv("FAL_KEY")
    code, out, err = run(capsys, "score", str(clip))
    assert code == 3
    assert "missing_fal_key" in err and "export FAL_KEY=" in err and "fal.ai/dashboard/keys" in err
    assert out == ""


def test_bad_input_exits_2_with_json_error_for_scripts(capsys, cli_env, workspace):
    code, out, _ = run(capsys, "score", str(workspace.home / "nope.mp4"), "--json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "input_not_found"
    code, _, err = run(capsys, "score", "/etc/hostname")
    assert code == 2 and "path_not_allowed" in err and "kling-v2a config" in err
    code, _, err = run(capsys, "inspect", "x.mp4", "--frames", "13")
    assert code == 2 and "from 1 to 12" in err


def test_a_job_fal_fails_exits_4_with_the_reason(capsys, cli_env, clip, fake_fal):
    fake_fal.set_fault("result_failure")
    code, out, _ = run(capsys, "score", str(clip), "--json", "--no-progress")
    job = json.loads(out)
    assert code == 4, job
    assert job["status"] == "failed" and job["error"]["code"].startswith("fal_")
    code, out, _ = run(capsys, "jobs", "show", job["job_id"])
    fix = next(line for line in out.splitlines() if line.strip().startswith("fix"))
    assert "kling-v2a score again" in fix and "score_video" not in fix


def test_hints_name_the_cli_s_flags_and_verbs_not_the_tools(capsys, cli_env, clip, fake_fal):
    long_prompt = ", ".join(["footsteps on gravel"] * 12)
    code, out, err = run(capsys, "score", str(clip), "--sfx", long_prompt)
    assert code == 2 and "prompt_too_long" in err
    assert "--lint fix" in err and 'lint="fix"' not in err
    code, out, _ = run(capsys, "jobs", "show", "job_000000000000", "--json")
    assert code == 2
    assert json.loads(out)["error"]["hint"] == "Run kling-v2a jobs list to see the job ids."
    assert fake_fal.uploads == [] and fake_fal.submits == []


def test_a_wait_that_ends_first_exits_5_and_jobs_wait_carries_the_job_to_the_end(
    capsys, cli_env, clip, fake_fal
):
    fake_fal.configure(hold=True)
    code, out, _ = run(capsys, "score", str(clip), "--wait", "1", "--json", "--no-progress")
    assert code == 5
    job = json.loads(out)
    assert job["status"] not in ("completed", "failed", "cancelled")
    fake_fal.configure(hold=False)
    fake_fal.release()  # whether or not the first process got as far as submitting
    code, out, _ = run(capsys, "jobs", "wait", job["job_id"], "--wait", "30", "--json", "--no-progress")
    assert code == 0, out
    assert json.loads(out)["status"] == "completed"
    assert len(fake_fal.submits) == 1


def test_ctrl_c_exits_130_and_names_the_job_to_follow(workspace, clip, fake_fal):
    fake_fal.configure(hold=True)
    env = process_env(workspace.env(fake_fal.url))
    proc = subprocess.Popen(
        [console_script("kling-v2a"), "score", str(clip)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: fake_fal.status_polls > 0)  # submitted, and its request id recorded
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "kling-v2a jobs wait job_" in err


def test_a_job_cancelled_from_another_terminal_stops_the_one_waiting_on_it(capsys, cli_env, clip, fake_fal):
    fake_fal.configure(hold=True)
    waiting = subprocess.Popen(
        [console_script("kling-v2a"), "score", str(clip), "--no-progress"],
        env=process_env(cli_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: fake_fal.status_polls > 0)
        code, out, _ = run(capsys, "jobs", "--json")
        listing = json.loads(out)
        assert code == 0 and listing["total"] == 1
        job_id = listing["jobs"][0]["job_id"]
        code, out, _ = run(capsys, "jobs", "show", job_id)
        assert code == 0 and job_id in out and f"kling-v2a jobs wait {job_id}" in out
        code, out, _ = run(capsys, "jobs", "cancel", job_id, "--json")
        assert code == 0 and json.loads(out)["status"] == "cancelled"
        shown, _ = waiting.communicate(timeout=30)
    finally:
        if waiting.poll() is None:
            waiting.kill()
    assert waiting.returncode == 1, shown
    assert "cancelled" in shown
    assert [c["request_id"] for c in fake_fal.cancels] == list(fake_fal.requests)
    code, out, _ = run(capsys, "jobs", "show", job_id, "--json")
    assert json.loads(out)["status"] == "cancelled"  # the waiting process did not turn it into "failed"
    code, _, err = run(capsys, "jobs", "show", "job_000000000000")
    assert code == 2 and "job_not_found" in err and "kling-v2a jobs list" in err


# lint and inspect


def test_colour_follows_the_terminal_unless_no_color_or_force_color_says_otherwise(workspace):
    argv = [console_script("kling-v2a"), "lint", "epic cinematic sounds"]
    env = process_env(workspace.env(), TERM="xterm-256color")
    code, shown = run_in_terminal(argv, env)
    assert code == 1 and ANSI in shown and "KV101" in shown
    code, shown = run_in_terminal(argv, {**env, "NO_COLOR": "1"})
    assert code == 1 and ANSI not in shown and "KV101" in shown
    piped = subprocess.run(argv, env={**env, "FORCE_COLOR": "1"}, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 1 and ANSI in piped.stdout


def test_lint_exits_1_on_a_vague_prompt_and_0_on_a_clean_one(capsys, cli_env):
    code, out, _ = run(capsys, "lint", "epic cinematic sounds", "--json")
    report = json.loads(out)
    assert code == 1
    assert "KV101" in [f["code"] for f in report["findings"]]
    code, out, _ = run(capsys, "lint", "footsteps on gravel, a wooden door creaks open", "--scene", "a walk")
    assert code == 0, out
    assert "clean" in out


def test_inspect_reports_the_clip_and_writes_a_contact_sheet(capsys, cli_env, clip):
    code, out, _ = run(capsys, "inspect", str(clip), "--frames", "2", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["metadata"]["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert Path(report["contact_sheet_path"]).is_file()
    code, out, _ = run(capsys, "inspect", str(clip), "--frames", "2")
    plan = next(line for line in out.splitlines() if line.strip().startswith("plan"))
    assert code == 0 and plan.count("0.035") == 1, plan  # the cost once, not twice


# config and doctor


def test_config_shows_the_key_only_as_set(capsys, cli_env):
    code, out, _ = run(capsys, "config")
    assert code == 0 and TEST_KEY not in out
    assert "FAL_KEY" in out and "set" in out
    code, out, _ = run(capsys, "config", "--json")
    values = json.loads(out)["config"]
    assert values["FAL_KEY"] == "set" and TEST_KEY not in out


def test_doctor_without_a_key_says_exactly_what_to_do(capsys, cli_env, monkeypatch):
    monkeypatch.delenv("FAL_KEY")
    code, out, _ = run(capsys, "doctor")
    assert code == 3
    assert "FAL_KEY is not set" in out
    assert "https://fal.ai/dashboard/keys" in out and "export FAL_KEY=your-key" in out
    assert '"env"' in out and "not ready" in out
    code, out, _ = run(capsys, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert checks["fal key"]["status"] == "fail" and checks["PyAV"]["status"] == "ok"


def test_doctor_with_a_key_passes_every_check_against_the_fake(capsys, cli_env, workspace):
    code, out, _ = run(capsys, "doctor", "--json")
    report = json.loads(out)
    assert code == 0, out
    assert report["ok"] and {c["status"] for c in report["checks"]} == {"ok"}
    fal = next(c for c in report["checks"] if c["name"] == "fal reachable")
    assert "accepted the key" in fal["detail"]
    assert workspace.out.is_dir()


def test_doctor_tells_a_refused_key_from_an_unreachable_fal(capsys, cli_env, fake_fal, monkeypatch):
    fake_fal.set_fault("unauthorized")
    code, out, _ = run(capsys, "doctor")
    assert code == 3 and "refused the key" in out
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens once the socket is closed
    monkeypatch.setenv("KLING_V2A_FAL_URL", f"http://127.0.0.1:{closed}")
    code, out, _ = run(capsys, "doctor")
    assert code == 4 and "could not reach" in out


def test_a_bad_variable_fails_config_with_the_variable_named(capsys, cli_env, monkeypatch):
    monkeypatch.setenv("KLING_V2A_WAIT_SECONDS", "soon")
    code, _, err = run(capsys, "config")
    assert code == 3 and "KLING_V2A_WAIT_SECONDS" in err
    code, out, _ = run(capsys, "doctor")
    assert code == 3 and "KLING_V2A_WAIT_SECONDS" in out


@pytest.mark.anyio
async def test_serve_runs_the_mcp_server_on_stdio(workspace):
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=console_script("kling-v2a"), args=["serve"], env=process_env(workspace.env())
    )
    async with Client(params) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert {"score_video", "lint_prompt", "inspect_video"} <= names


def test_a_reader_that_left_the_pipe_ends_the_command_quietly_with_141(workspace):
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the command writes: its first line meets a broken pipe
    try:
        done = subprocess.run(
            [console_script("kling-v2a"), "config"],
            env=process_env(workspace.env()),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


def test_no_verb_prints_help_and_exits_2(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "exit codes:" in err
