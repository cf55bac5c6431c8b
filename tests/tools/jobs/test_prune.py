"""Pruning the work and input folders: never what a job may still need."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import anyio
import pytest

from server.cli import main
from tests.clips import make_clip
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner

pytestmark = pytest.mark.anyio

LONG_AGO = time.time() - 3600


async def _cli(capsys, *argv: str) -> tuple[int, str]:
    """The CLI in-process (in a thread: it runs its own event loop); its exit code and stdout."""
    code = await anyio.to_thread.run_sync(main, list(argv))
    return code, capsys.readouterr().out


def _old(path: Path) -> Path:
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


@pytest.fixture
def cli_env(monkeypatch, workspace, config):
    for name, value in workspace.env(config.fal_url).items():
        monkeypatch.setenv(name, value)


async def _finished_and_unfinished(config, workspace, web_root, fake_fal) -> dict:
    """Two finished jobs (one from a URL, one of a short clip rendered for upload) and one held at fal."""
    root, base = web_root
    make_clip(root / "street.mp4", duration=4.0)
    short = make_clip(workspace.home / "short.mp4", duration=2.5)  # padded to 3.1 s: rendered for upload
    held = make_clip(workspace.home / "held.mp4", duration=4.0, size=(176, 144))
    async with JobRunner(config) as runner:
        by_url = await runner.wait((await runner.score(ScoreRequest(video=f"{base}/street.mp4"))).job_id, 20)
        rendered = await runner.wait((await runner.score(ScoreRequest(video=str(short)))).job_id, 20)
        fake_fal.configure(hold=True)
        unfinished = await runner.score(ScoreRequest(video=str(held)))
        with anyio.fail_after(20):
            while len(fake_fal.submits) < 3:
                await anyio.sleep(0.05)
    assert (by_url.status, rendered.status) == ("completed", "completed"), (by_url.error, rendered.error)
    return {"url": by_url.job_id, "rendered": rendered.job_id, "unfinished": unfinished.job_id}


async def test_prune_keeps_what_jobs_need_and_by_age_removes_finished_jobs_files(
    capsys, cli_env, config, workspace, web_root, fake_fal
):
    jobs = await _finished_and_unfinished(config, workspace, web_root, fake_fal)
    work, inputs = config.data_dir / "work", config.data_dir / "inputs"
    assert list((work / jobs["rendered"]).glob("upload-*")), "the short clip was rendered for upload"
    stale_part = inputs / ".part-stopped"
    stale_part.write_bytes(b"x" * 1000)
    _old(stale_part)
    fresh_part = work / jobs["unfinished"] / ".part-downloading"
    fresh_part.write_bytes(b"y")
    orphan = work / "job_nobody"
    orphan.mkdir()
    (orphan / "audio-0.mp3").write_bytes(b"z")
    _old(orphan)
    unfinished_files = sorted(p.name for p in (work / jobs["unfinished"]).iterdir())

    code, said = await _cli(capsys, "jobs", "prune")
    assert code == 0 and "Removed" in said and "1 unfinished job(s)" in said, said
    assert not stale_part.exists() and not orphan.exists()
    assert not list((work / jobs["rendered"]).glob("upload-*"))  # derived, results already written
    for job in ("url", "rendered"):
        assert list((work / jobs[job]).glob("audio-*.mp3")), (
            "fal's download is kept for reuse and re-finishing"
        )
    assert sorted(p.name for p in (work / jobs["unfinished"]).iterdir()) == unfinished_files
    assert len([p for p in inputs.iterdir() if p.suffix == ".mp4"]) == 1  # the URL's download, under the cap

    code, said = await _cli(capsys, "jobs", "prune", "--older-than", "0")
    assert code == 0, said
    assert not (work / jobs["url"]).exists() and not (work / jobs["rendered"]).exists()
    assert not [p for p in inputs.iterdir() if p.suffix == ".mp4"]
    assert sorted(p.name for p in (work / jobs["unfinished"]).iterdir()) == unfinished_files
    # The results in the output folder are untouched, and the unfinished job still completes.
    assert len(list(config.output_dir.glob("*.scored.mp4"))) == 2
    fake_fal.release()
    async with JobRunner(config) as runner:
        done = await runner.wait(jobs["unfinished"], 30)
    assert done.status == "completed", done.error
    assert len(fake_fal.submits) == 3


async def test_prune_by_size_removes_the_oldest_finished_jobs_first_and_a_dry_run_removes_nothing(
    capsys, cli_env, config, workspace, fake_fal
):
    ids = []
    async with JobRunner(config) as runner:
        for i, seconds in enumerate((2.5, 2.6)):  # both rendered for upload; the first finishes first
            clip = make_clip(workspace.home / f"clip{i}.mp4", duration=seconds)
            ids.append(
                (await runner.wait((await runner.score(ScoreRequest(video=str(clip)))).job_id, 20)).job_id
            )
    work = config.data_dir / "work"
    await _cli(capsys, "jobs", "prune")  # the derived files go first
    sizes = [sum(p.stat().st_size for p in (work / i).iterdir()) for i in ids]
    limit_mb = (sizes[1] + 1) / 1e6  # room for the newer job only

    code, said = await _cli(capsys, "jobs", "prune", "--max-size", f"{limit_mb:.6f}", "--dry-run")
    assert (
        code == 0 and "Would remove" in said and str(work / ids[0]) in said and str(work / ids[1]) not in said
    )
    assert (work / ids[0]).exists()

    code, said = await _cli(capsys, "jobs", "prune", "--max-size", f"{limit_mb:.6f}")
    assert code == 0, said
    assert not (work / ids[0]).exists() and (work / ids[1]).exists()


async def test_the_server_keeps_downloaded_inputs_under_the_cap_least_recently_used_first(
    config, web_root, fake_fal
):
    root, base = web_root
    urls = []
    for name, seconds in (("a.mp4", 4.0), ("b.mp4", 4.2)):
        make_clip(root / name, duration=seconds)
        urls.append(f"{base}/{name}")
    async with JobRunner(config) as runner:
        for url in urls:
            job = await runner.wait((await runner.score(ScoreRequest(video=url, lint="off"))).job_id, 20)
            assert job.status == "completed", job.error
    inputs = config.data_dir / "inputs"
    downloads = sorted((p for p in inputs.iterdir() if p.suffix == ".mp4"), key=lambda p: p.stat().st_mtime)
    assert len(downloads) == 2
    _old(downloads[0])
    capped = dataclasses.replace(config, inputs_cap_mb=(downloads[1].stat().st_size + 1000) / 1e6)
    async with JobRunner(capped):  # a server start tidies in the background
        with anyio.fail_after(20):
            while downloads[0].exists():
                await anyio.sleep(0.05)
    assert downloads[1].exists()
