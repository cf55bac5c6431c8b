"""Takes: several prompt variants of one clip scored in one job, each take a job of its own.

A takes job holds no fal calls itself. It lists one job per take (takes_json); each take's job runs, is reused and is
charged like any score job, and its files carry the take's number (walk.take-2.scored.mp4). The whole cost is
checked against the budget before anything of any take is recorded, so a refusal uploads and submits nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tools.errors import InputError
from tools.jobs.budget import check_budget
from tools.jobs.cache import tagged_hash
from tools.jobs.ledger import dumps, loads
from tools.jobs.prepare import PreparedRequest, ScoreRequest, check_prompts, prepare
from tools.jobs.recording import files_there
from tools.models import ScoreJob
from tools.paths import is_url

if TYPE_CHECKING:
    from tools.jobs.runner import JobRunner

MAX_TAKES = 4


def take_requests(request: ScoreRequest) -> list[ScoreRequest]:
    """The score request of each take, numbered from 1; the call's own prompts must be empty."""
    if not 1 <= len(request.takes) <= MAX_TAKES:
        raise InputError(
            f"takes holds {len(request.takes)} variants; give 1 to {MAX_TAKES}.",
            hint="Score more variants in a second call.",
        )
    if request.sound_effect_prompt.strip() or request.background_music_prompt.strip():
        raise InputError(
            "With takes, every prompt belongs in a take: sound_effect_prompt and background_music_prompt "
            "of the call must be empty.",
            hint="Move the call's prompts into one of the takes.",
        )
    return [
        replace(
            request,
            sound_effect_prompt=take.sound_effect_prompt,
            background_music_prompt=take.background_music_prompt,
            asmr_mode=request.asmr_mode if take.asmr_mode is None else take.asmr_mode,
            takes=(),
            take_index=i,
        )
        for i, take in enumerate(request.takes, start=1)
    ]


def with_take(first: PreparedRequest, request: ScoreRequest) -> PreparedRequest:
    """Another take of a prepared clip: the same picture and plan, its own prompts, lint and key."""
    from tools.jobs.cache import request_key

    prompts, report = check_prompts(request)
    key = request_key(
        first.picture,
        prompts.sound_effect_prompt,
        prompts.background_music_prompt,
        prompts.asmr_mode,
        first.finish_key,
    )
    return replace(first, request=request, prompts=prompts, lint=report, cache_key=key)


def takes_key(prepared: list[PreparedRequest]) -> str:
    """The key of a takes job: its takes' keys, in order."""
    return tagged_hash("takes", {"takes": [p.cache_key for p in prepared]})


async def start_takes(runner: JobRunner, request: ScoreRequest) -> ScoreJob:
    """Check every take, refuse the lot if the budget cannot pay for all, then start the takes not done before."""
    requests = take_requests(request)
    if is_url(request.video):
        raise InputError(
            "Takes need the clip on this machine; a URL is downloaded inside a job of its own.",
            hint="Score the URL once without takes (its download is kept) or download it, then pass the local path.",
        )
    first = await prepare(requests[0], runner.config)
    prepared = [first] + [with_take(first, r) for r in requests[1:]]
    key = takes_key(prepared)
    if request.reuse:
        earlier = runner.ledger.job_by_cache_key(key, ("completed", "preparing", "running"))
        if earlier is not None and _takes_still_there(runner, earlier):
            return runner.view(earlier, cached=earlier["status"] == "completed")
    reused: dict[int, ScoreJob] = {}
    calls: dict[int, tuple[list[str | None], int]] = {}
    for i, p in enumerate(prepared):
        done = runner.reusable(p) if request.reuse else None
        if done is not None:
            reused[i] = done
        else:
            calls[i] = runner.calls(p, reuse=request.reuse)
    check_budget(runner.ledger, runner.config, sum(new for _, new in calls.values()), request.person)
    entries = []
    started = []
    for i, p in enumerate(prepared):
        if i in reused:
            entries.append({"index": i + 1, "job_id": reused[i].job_id, "cached": reused[i].cached})
            continue
        job_id = runner.record(p, calls[i][0])
        entries.append({"index": i + 1, "job_id": job_id, "cached": False})
        started.append(job_id)
    parent = runner.new_job_id()
    runner.ledger.create_job(
        parent,
        input=request.video,
        output_dir=str(first.output_dir),
        status="running",
        kind="takes",
        source_path=str(first.source),
        cache_key=key,
        picture=first.picture,
        plan_json=dumps(first.plan.model_dump()),
        info_json=dumps(first.info.model_dump()),
        takes_json=dumps(entries),
        progress_message=f"{len(prepared)} takes",
        person=request.person,
    )
    for job_id in started:
        runner.spawn(job_id)
    return runner.get(parent)


def take_job_ids(row: dict) -> list[str]:
    """The job of each take of a takes job, in take order."""
    return [e["job_id"] for e in sorted(loads(row["takes_json"]) or [], key=lambda e: e["index"])]


def _takes_still_there(runner: JobRunner, row: dict) -> bool:
    """Whether every take's job of an earlier takes job still exists (and, when done, its files too)."""
    for job_id in take_job_ids(row):
        take = runner.ledger.job(job_id)
        if take is None or (take["status"] == "completed" and not files_there(take)):
            return False
    return True
