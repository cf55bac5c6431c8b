"""`kling-v2a score` and `kling-v2a jobs`: the same JobRunner the server uses, with a progress bar."""

from __future__ import annotations

import argparse
import dataclasses
import math
from datetime import datetime, timezone
from pathlib import Path

import anyio

from server.cli_exit import OK, USAGE, cli_hint, code_for_job
from server.cli_progress import JobProgress
from server.cli_reach import score_if_fal_answers
from server.cli_takes import TakeLines
from server.cli_term import Out, ProgressBar
from server.cli_words import for_cli, model_for_cli
from tools.config import Config
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.models import FINISHED, JobList, ScoreJob, Soundtrack
from tools.paths import is_url

TICK_SECONDS = 0.2


class Started:
    """The id of the job this command started or follows, so an interrupt can name it."""

    job_id: str | None = None


def absolute(path: str | None) -> str | None:
    """A local path made absolute against the working folder; URLs and ~ paths are left as given."""
    if path is None or is_url(path) or path.strip().startswith("~"):
        return path
    return str(Path(path).absolute())


def local_time(iso: str) -> str:
    """A ledger time (ISO 8601 in UTC) in this machine's time zone, with the zone: 2026-12-04 17:22:03 CET."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.tzname() or local.strftime("%z"))


def _wait_for(args: argparse.Namespace) -> float:
    seconds = getattr(args, "wait", None)
    return math.inf if seconds is None else seconds


async def _follow(runner: JobRunner, job: ScoreJob, seconds: float, err: Out, show: bool) -> ScoreJob:
    """Wait for a job with a progress bar on stderr (ticking on a terminal); return it as it then is."""
    if job.status in FINISHED:
        return job
    takes = TakeLines(err) if show and job.takes else None
    bar = ProgressBar(err, label=f"{job.job_id} ") if show and takes is None else None
    steady = JobProgress()

    async def on_progress(current: ScoreJob) -> None:
        if bar is not None:
            shown = steady.see(current)
            bar.update(shown.fraction, shown.status, shown.message)
        if takes is not None:
            takes.update(current, {t.job_id: runner.get(t.job_id).progress.fraction for t in current.takes})

    async with anyio.create_task_group() as tg:
        if bar is not None and err.tty:

            async def tick() -> None:
                while True:
                    await anyio.sleep(TICK_SECONDS)
                    bar.tick()

            tg.start_soon(tick)
        try:
            job = await runner.wait(job.job_id, seconds, on_progress)
        finally:
            tg.cancel_scope.cancel()
    if takes is not None:
        takes.update(job, {})
    if bar is not None:
        done = job.status == "completed"
        bar.finish(done, job.status, "" if done else job.progress.message)
    return job


async def score(args: argparse.Namespace, config: Config, out: Out, err: Out, started: Started) -> int:
    """Score one clip and wait for it (or for --wait seconds)."""
    request = ScoreRequest(
        video=absolute(args.video) or "",
        sound_effect_prompt=args.sfx or "",
        background_music_prompt=args.music or "",
        asmr_mode=args.asmr,
        lint=args.lint,
        output_dir=absolute(args.out),
        reuse=not args.no_reuse,
        takes=tuple(args.takes or ()),
        original_audio=args.original,
        loudness_lufs=args.loudness,
        resubmit=args.resubmit,
        upload=args.upload,
    )
    async with JobRunner(config, resume=False) as runner:
        job = await score_if_fal_answers(runner, request)
        started.job_id = job.job_id
        if job.lint is not None and job.lint.findings and not args.json:
            for finding in job.lint.findings:
                err.line(err.style(f"lint {finding.code} {finding.rule}: ", "yellow") + finding.message)
        job = await _follow(runner, job, _wait_for(args), err, show=not args.no_progress)
    emit_job(job, out, args.json)
    return code_for_job(job)


async def jobs(args: argparse.Namespace, config: Config, out: Out, err: Out, started: Started) -> int:
    """list, show, cancel and wait on jobs in the ledger."""
    action = args.action or "list"
    if action == "prune":
        return prune_jobs(args, config, out)
    if action == "list":
        reader = JobRunner(config, resume=False)
        try:
            listing = reader.list(args.limit, args.status)
        finally:
            reader.ledger.close()
        emit_list(listing, out, args.json)
        return OK
    async with JobRunner(config, resume=False) as runner:
        if action == "show":
            job = runner.get(args.job_id)
            emit_job(job, out, args.json)
            return OK
        if action == "cancel":
            job = runner.get(args.job_id)
            if job.status in FINISHED:
                err.line(
                    f"{err.style('not cancelled', 'yellow', 'bold')} job {job.job_id} had already ended "
                    f"({job.status}{', at ' + local_time(job.finished_at) if job.finished_at else ''}): "
                    "there is nothing to cancel."
                )
                emit_job(job, out, args.json)
                return USAGE
            job = await runner.cancel(args.job_id)
            emit_job(job, out, args.json)
            return OK if job.status == "cancelled" else code_for_job(job)
        job = runner.get(args.job_id)
        started.job_id = job.job_id
        # a job whose process ended is carried on here; one another process is running is only watched
        runner.follow(job.job_id)
        job = await _follow(runner, job, _wait_for(args), err, show=not args.no_progress)
    emit_job(job, out, args.json)
    return code_for_job(job)


def prune_jobs(args: argparse.Namespace, config: Config, out: Out) -> int:
    """`kling-v2a jobs prune`: clean the work and input folders, by age and size if asked."""
    from tools.jobs.prune import prune
    from tools.jobs.startup import open_ledger

    ledger, _ = open_ledger(config.data_dir)
    try:
        report = prune(
            ledger,
            config.data_dir,
            inputs_cap_bytes=int(config.inputs_cap_mb * 1e6),
            older_than_s=None if args.older_than is None else args.older_than * 86400,
            max_bytes=None if args.max_size is None else int(args.max_size * 1e6),
            dry_run=args.dry_run,
        )
    finally:
        ledger.close()
    if args.json:
        out.json({**dataclasses.asdict(report), "removed": [str(p) for p in report.removed]})
        return OK
    if args.verbose or args.dry_run:
        for path in report.removed:
            out.line(f"  {path}")
    out.line(report.summary())
    return OK


_STATUS_STYLE = {"completed": "green", "failed": "red", "cancelled": "yellow"}


def emit_job(job: ScoreJob, out: Out, as_json: bool) -> None:
    """A job as JSON, or as a few labelled lines."""
    if as_json:
        out.json(model_for_cli(job))
        return
    colour = _STATUS_STYLE.get(job.status, "cyan")
    mark = {"completed": "ok", "failed": "fail", "cancelled": "warn"}.get(job.status, "running")
    head = f"{out.style(out.symbol(mark), colour)} {out.style(job.status, colour, 'bold')}  {job.job_id}"
    extras = []
    if job.cached:
        extras.append("reused an identical earlier result, no new charge")
    elif job.cost_usd:
        extras.append(f"USD {job.cost_usd:.3f}")
    if job.elapsed_s:
        extras.append(f"{job.elapsed_s:.1f} s")
    if job.status not in FINISHED:
        extras.append(f"{round(job.progress.fraction * 100)}%: {job.progress.message}")
    out.line(head + (f"  ({'; '.join(extras)})" if extras else ""))
    rows: list[tuple[str, str]] = [("input", job.input), ("start", local_time(job.created_at))]
    if job.finished_at:
        rows.append(("end", local_time(job.finished_at)))
    if job.video_path:
        rows.append(("video", job.video_path))
    if job.audio_path:
        rows.append(("mp3", job.audio_path))
    if job.soundtrack is not None:
        rows.append(("sound", sound_line(job.soundtrack)))
    if job.prompts_sent is not None:
        p = job.prompts_sent
        rows.append(("sfx", f'"{p.sound_effect_prompt}"'))
        rows.append(("music", f'"{p.background_music_prompt}"'))
        rows.append(("asmr", "on" if p.asmr_mode else "off"))
    if job.plan is not None and job.plan.summary:
        rows.append(("plan", job.plan.summary))
    for take in job.takes:
        sent = take.prompts_sent
        what = f' sfx "{sent.sound_effect_prompt}" music "{sent.background_music_prompt}"' if sent else ""
        rows.append((f"take {take.index}", f"{take.status}{what}"))
        if take.video_path:
            rows.append(("", take.video_path))
        if take.error is not None:
            rows.append(("", f"[{take.error.code}] {for_cli(take.error.message)}"))
    if job.error is not None:
        rows.append(("error", f"[{job.error.code}] {for_cli(job.error.message)}"))
        if job.error.hint:
            rows.append(("fix", for_cli(cli_hint(job.error.hint))))
    for label, value in rows:
        out.line(f"  {out.style(f'{label:<6}', 'dim')} {value}")
    if job.status not in FINISHED:
        out.line(f"  {out.style('next  ', 'dim')} kling-v2a jobs wait {job.job_id}")


def sound_line(sound: Soundtrack) -> str:
    """A soundtrack's measurements and what was done with the clip's own audio, in one line."""
    if sound.integrated_lufs is None:
        level = "silent"
    else:
        level = f"{sound.integrated_lufs:.1f} LUFS, true peak {sound.true_peak_dbtp:.1f} dBTP"
        level += f", range {sound.loudness_range_lu:.1f} LU"
    own = {
        "replace": "own audio replaced",
        "mix": "own audio mixed in",
        "duck": "ducked under the own audio",
        "absent": "the clip had no audio",
    }[sound.original_audio]
    return f"{level}; {sound.duration_s:.2f} s; {own}"


def emit_list(listing: JobList, out: Out, as_json: bool) -> None:
    """Jobs as JSON, or one line each."""
    if as_json:
        out.json(model_for_cli(listing))
        return
    out.line(f"{len(listing.jobs)} of {listing.total} job(s), newest first")
    for job in listing.jobs:
        colour = _STATUS_STYLE.get(job.status, "cyan")
        target = f" -> {job.video_path}" if job.video_path else ""
        out.line(
            f"{job.job_id}  {out.style(f'{job.status:<9}', colour)}  {local_time(job.created_at)}  "
            f"{job.input}{target}"
        )


def pending_note(job_id: str | None) -> str:
    """What to run to pick up a job this process stopped following."""
    if not job_id:
        return ""
    return (
        f"Job {job_id} stays in the ledger: follow it with `kling-v2a jobs wait {job_id}`, "
        f"or stop it with `kling-v2a jobs cancel {job_id}`."
    )
