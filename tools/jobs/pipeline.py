"""The body of a score job: render, upload, submit, follow and download each fal call, then build the outputs.

Every step is written to the ledger before the next begins, so a job killed at any point resumes where it was:
a call that has a fal request id is followed again, never submitted again.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio

from tools.config import Config
from tools.engine.fal import EngineUpdate, FalEngine
from tools.engine.payload import build_arguments
from tools.errors import (
    BudgetExceeded,
    FalCancelled,
    FalRateLimited,
    FalResultError,
    FalResultExpired,
    FalServerError,
    KlingError,
    ResultNotFetched,
)
from tools.jobs.ledger import Ledger, dumps, loads, now_iso
from tools.jobs.outputs import JoinedSoundtrack, write_outputs
from tools.jobs.recovery import RESUMABLE, stopped_submits
from tools.jobs.uploads import SharedUploads
from tools.models import Plan, PromptsSent, VideoInfo
from tools.people.scope import daily_budget
from tools.pricing import call_price
from tools.review.job import SoundtrackReview

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRYABLE = (FalServerError, FalRateLimited, FalResultError)
ATTEMPTS = 2
# Passing trouble (5xx, 429, a dropped connection) while following a request that fal already has, or while
# downloading its result, is waited out on that same request: it was charged, so it is never sent again for it.
PASSING = (FalServerError, FalRateLimited)
PATIENCE_SECONDS = 300.0
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0


@dataclass
class Services:
    """What a running job needs, opened once by the runner."""

    config: Config
    ledger: Ledger
    engine: FalEngine
    limiter: anyio.CapacityLimiter
    touch: Callable[[str], None]
    uploads: SharedUploads = field(default_factory=SharedUploads)
    owner: str | None = (
        None  # this process's name in the ledger: a submit is sent only while it holds the job
    )


class NotOwner(Exception):
    """This process no longer holds the job (cancelled, or adopted by another process): it stops, writing nothing."""


@dataclass
class _JobState:
    job_id: str
    total: int
    picture: str | None = None  # the picture's digest: spans of it uploaded once are shared (takes)
    fractions: dict[int, float] = field(default_factory=dict)
    messages: dict[int, str] = field(default_factory=dict)


def _error_json(exc: KlingError) -> str | None:
    return dumps({"code": exc.code, "message": exc.message, "hint": exc.hint})


def _report(
    svc: Services, state: _JobState, idx: int, fraction: float, message: str, status: str | None
) -> None:
    state.fractions[idx] = fraction
    state.messages[idx] = message
    overall = 0.05 + 0.85 * sum(state.fractions.values()) / max(1, state.total)
    prefix = f"segment {idx + 1} of {state.total} " if state.total > 1 else ""
    fields: dict[str, Any] = {"progress": round(overall, 3), "progress_message": f"{prefix}{message}".strip()}
    if status is not None:
        fields["status"] = status
    svc.ledger.update_job(state.job_id, **fields)
    svc.touch(state.job_id)


def check_budget(ledger: Ledger, config: Config, calls: int, person: str | None = None) -> None:
    """Refuse work that would take a person's fal spend today past their daily budget (KLING_V2A_DAILY_BUDGET_USD
    unless their token sets one); each person's spend counts against their own budget only."""
    if calls <= 0:
        return
    spent = ledger.spent_today_by(person)
    needed = calls * call_price()
    budget, where = daily_budget(config, person)
    if spent + needed > budget + 1e-9:
        raise BudgetExceeded(
            f"This needs {calls} fal call(s), USD {needed:.3f}, but USD {spent:.3f} of today's {where} is "
            "already spent."
        )


async def _upload_file(
    svc: Services, source: Path, info: VideoInfo, plan: Plan, seg: dict, work: Path
) -> tuple[Path, float]:
    """The file fal gets for a segment, and how much picture before the segment's span it starts with."""
    from tools.media.proxy import PROXY
    from tools.media.render import FULL, copy_slice, needs_render, render_upload

    if len(plan.segments) <= 1 and not needs_render(info, plan):
        return source, 0.0
    out = work / f"upload-{seg['idx']}.mp4"
    if len(plan.segments) > 1 and not plan.proxy:
        # The original H.264 from the keyframe before the span, when it allows: no encoding at all.
        lead = await anyio.to_thread.run_sync(
            lambda: copy_slice(source, info, out, start_s=seg["start_s"], end_s=seg["end_s"])
        )
        if lead is not None:
            return out, lead
    end = seg["end_s"] if len(plan.segments) > 1 else None
    # Segments render side by side: each gets its share of the cores.
    side_by_side = min(len(plan.segments), svc.config.max_concurrency)
    threads = max(1, (os.cpu_count() or 1) // side_by_side) if side_by_side > 1 else 0
    await anyio.to_thread.run_sync(
        lambda: render_upload(
            source,
            info,
            out,
            start_s=seg["start_s"],
            end_s=end,
            pad_to_s=seg["pad_to_s"],
            threads=threads,
            rendition=PROXY if plan.proxy else FULL,
        )
    )
    return out, 0.0


async def _run_segment(
    svc: Services,
    state: _JobState,
    seg: dict,
    source: Path,
    info: VideoInfo,
    plan: Plan,
    prompts: PromptsSent,
) -> None:
    job_id, idx = state.job_id, seg["idx"]
    ledger = svc.ledger
    if seg["cache_key"] and (hit := ledger.completed_segment(seg["cache_key"])) is not None:
        if not (hit["job_id"] == job_id and hit["idx"] == idx):
            ledger.update_segment(
                job_id,
                idx,
                status="completed",
                audio_path=hit["audio_path"],
                track_path=hit["track_path"],
                audio_url=hit["audio_url"],
                video_url=hit["video_url"],
                request_id=hit["request_id"],
                lead_s=hit["lead_s"],
            )
        _report(svc, state, idx, 1.0, "reused an earlier identical call", None)
        return
    work = svc.config.data_dir / "work" / job_id
    work.mkdir(parents=True, exist_ok=True)
    request_id = seg["request_id"]
    async with svc.limiter:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if not request_id:

                    async def upload() -> tuple[str, float]:
                        _report(svc, state, idx, 0.05, "preparing the clip", "preparing")
                        path, lead = await _upload_file(svc, source, info, plan, seg, work)
                        _report(svc, state, idx, 0.1, "uploading", "uploading")
                        return await svc.engine.upload(path), lead

                    # A request that reuses nothing (reuse=false: no cache key) uploads its own copy.
                    shared = (
                        f"{state.picture}:{'proxy' if plan.proxy else 'full'}" if seg["cache_key"] else None
                    )
                    url, lead = await svc.uploads.get(shared, seg["start_s"], seg["end_s"], upload)
                    check_budget(ledger, svc.config, 1, ledger.job_person(job_id))
                    if not ledger.begin_submit(job_id, idx, svc.owner, upload_url=url, lead_s=lead):
                        raise NotOwner(job_id)  # cancelled, or taken over by another process: never sent here
                    args = build_arguments(
                        url, prompts.sound_effect_prompt, prompts.background_music_prompt, prompts.asmr_mode
                    )
                    # Once sent, a submit may be charged: finish it and record its id even if the job is cancelled,
                    # so the id is known to cancel on fal and to resume.
                    with anyio.CancelScope(shield=True):
                        request_id = await svc.engine.submit(args)
                        price = call_price()
                        ledger.update_segment(
                            job_id, idx, status="queued", request_id=request_id, cost_usd=price
                        )
                        ledger.record_spend(price, job_id=job_id, request_id=request_id)
                    if (ledger.job(job_id) or {}).get("status") == "cancelled":
                        await svc.engine.cancel(
                            request_id
                        )  # cancelled elsewhere while the submit was in flight
                    _report(svc, state, idx, 0.2, "queued on fal", "queued")
                await _follow(svc, state, idx, request_id)
                return
            except RETRYABLE as exc:
                if request_id and isinstance(exc, PASSING):
                    # The charged request outlasted our patience: never pay for it twice; it stays fetchable.
                    raise ResultNotFetched(
                        f"fal request {request_id} was paid for, but its result could not be fetched within "
                        f"{PATIENCE_SECONDS:g} s: {exc.message}"
                    ) from None
                if attempt >= ATTEMPTS or isinstance(exc, FalResultExpired):
                    raise
                log.warning("job %s segment %d: %s; retrying once", job_id, idx, exc.message)
                request_id = None
                ledger.update_segment(
                    job_id, idx, request_id=None, status="preparing", error_json=_error_json(exc)
                )


async def _follow(svc: Services, state: _JobState, idx: int, request_id: str) -> None:
    job_id = state.job_id
    running = {"logs": 0}

    def on_update(update: EngineUpdate) -> None:
        if update.phase == "queued":
            where = f" at position {update.queue_position}" if update.queue_position is not None else ""
            _report(svc, state, idx, 0.2, f"queued on fal{where}", "queued")
        else:
            running["logs"] += len(update.new_logs)
            fraction = min(0.8, 0.3 + 0.05 * running["logs"])
            message = update.new_logs[-1] if update.new_logs else state.messages.get(idx, "running on fal")
            if not update.new_logs and state.messages.get(idx, "").startswith("queued"):
                message = "running on fal"
            _report(svc, state, idx, fraction, message, "running")

    result = await _patiently(f"job {job_id} segment {idx}", lambda: svc.engine.follow(request_id, on_update))
    _report(svc, state, idx, 0.85, "downloading the soundtrack and fal's video", None)
    work = svc.config.data_dir / "work" / job_id
    track: list[Path | None] = [None]

    async def fetch_track() -> None:
        track[0] = await _fetch_track(svc, result.video.url, work, idx)

    # Both of fal's files at once: its URLs expire. The track's download never raises a KlingError, so the
    # MP3's error (the one that matters) is raised alone, not wrapped in an exception group.
    async with anyio.create_task_group() as tg:
        tg.start_soon(fetch_track)
        try:
            audio = await _patiently(
                f"job {job_id} segment {idx}",
                lambda: svc.engine.download(result.audio.url, work / f"audio-{idx}.mp3"),
            )
        except KlingError as exc:
            tg.cancel_scope.cancel()
            failed: KlingError | None = exc
        else:
            failed = None
    if failed is not None:
        raise failed
    svc.ledger.update_segment(
        job_id,
        idx,
        status="completed",
        audio_path=str(audio),
        track_path=str(track[0]) if track[0] else None,
        audio_url=result.audio.url,
        video_url=result.video.url,
        error_json=None,
    )
    _report(svc, state, idx, 1.0, "soundtrack received", None)


async def _patiently(what: str, call: Callable[[], Awaitable[T]]) -> T:
    """Run `call` again after passing trouble, pausing longer each time, for up to PATIENCE_SECONDS."""
    deadline = anyio.current_time() + PATIENCE_SECONDS
    pause = FIRST_PAUSE_SECONDS
    while True:
        try:
            return await call()
        except PASSING as exc:
            if anyio.current_time() + pause > deadline:
                raise
            log.warning("%s: %s; trying the same request again in %.1f s", what, exc.message, pause)
            await anyio.sleep(pause)
            pause = min(LONGEST_PAUSE_SECONDS, pause * 2)


async def _fetch_track(svc: Services, url: str, work: Path, idx: int) -> Path | None:
    """Download fal's scored video and keep its soundtrack as fal encoded it; None if that fails.

    The MP3 is the result that matters: without this track the soundtrack is simply encoded again when muxed.
    fal's video itself (the uploaded picture with the sound) is not kept: the scored video is made from the
    user's original picture instead.
    """
    from tools.media.mux import extract_track

    video = work / f"fal-video-{idx}.mp4"
    try:
        await svc.engine.download(url, video)
        return await anyio.to_thread.run_sync(extract_track, video, work / f"track-{idx}.m4a")
    except KlingError as exc:
        log.warning("segment %d: fal's video could not be downloaded (%s); its MP3 is used alone", idx, exc)
        return None
    finally:
        video.unlink(missing_ok=True)


async def _settle_joins(
    svc: Services,
    row: dict,
    source: Path,
    info: VideoInfo,
    plan: Plan,
    prompts: PromptsSent,
    start: Callable[[dict], None],
    stopped: Callable[[], bool],
) -> Plan:
    """Move a long clip's joins to its scene cuts while they are found, and `start` each segment the moment
    its span is settled; the calls and the cost stay the same.

    A join depends only on the cuts near it, so the first segments go to fal while the rest of the clip is
    still being read. Each settled span (and its reuse key) is written to the ledger before its segment
    starts, and the settled plan at the end, so a job resumed later keeps every span a call went out on.
    """
    from tools.inspection.cuts import scan_scene_cuts
    from tools.jobs.cache import segment_key
    from tools.media.plan import SEGMENT_OVERLAP_S, Join, segments_for, settle_joins

    job_id, ledger, duration = row["id"], svc.ledger, info.duration_s
    segs = {s["idx"]: s for s in ledger.segments(job_id)}
    count = len(segs)
    # Segments that went out keep their spans, and so do the joins up to the last of them.
    last_out = max((i for i, s in segs.items() if s["request_id"] or s["status"] == "completed"), default=-1)
    fixed: list[Join] = [  # join k ends segment k - 1
        (round(segs[k - 1]["end_s"] - SEGMENT_OVERLAP_S / 2, 3), False)
        for k in range(1, min(count - 1, last_out + 1) + 1)
    ]
    joins: list[Join] = list(fixed)
    started: set[int] = set()

    def take(known_until: float, cuts: list[float]) -> bool:
        """Start the segments these cuts settle; True once every one has started (or the job is stopped)."""
        if stopped():
            return True
        joins[:] = settle_joins(duration, cuts, known_until=known_until, fixed=fixed)
        for spec in segments_for(duration, joins):
            if spec.index in started:
                continue
            started.add(spec.index)
            seg = segs[spec.index]
            if not (seg["request_id"] or seg["status"] == "completed"):
                key = seg["cache_key"]
                if key and row["picture"]:
                    key = segment_key(
                        row["picture"],
                        spec.start_s,
                        spec.end_s,
                        prompts.sound_effect_prompt,
                        prompts.background_music_prompt,
                        prompts.asmr_mode,
                    )
                ledger.update_segment(
                    job_id, spec.index, start_s=spec.start_s, end_s=spec.end_s, cache_key=key
                )
                seg = {**seg, "start_s": spec.start_s, "end_s": spec.end_s, "cache_key": key}
            start(seg)
        return len(started) == count

    def scan() -> list[float]:
        found: list[float] = []
        try:
            for known_until, found in scan_scene_cuts(source):
                if anyio.from_thread.run_sync(take, known_until, found):
                    break
        except KlingError as exc:  # validated before: only a file changed since can get here
            log.warning("job %s: scene cuts not found (%s); the joins stay evenly spaced", job_id, exc)
        anyio.from_thread.run_sync(take, math.inf, found)
        return found

    ledger.update_job(job_id, progress_message="looking for scene cuts to join the segments at")
    svc.touch(job_id)
    take(-math.inf, [])  # the segments that went out before resume at once
    cuts = set(await anyio.to_thread.run_sync(scan))
    if stopped():
        return plan  # the joins not settled yet are settled when the job resumes
    settled_joins = [(join, at_cut or join in cuts) for join, at_cut in joins]
    settled = plan.model_copy(
        update={"segments": segments_for(duration, settled_joins), "cuts_pending": False}
    )
    ledger.update_job(job_id, plan_json=dumps(settled.model_dump()))
    log.info("job %s: %d scene cut(s); segments joined at %s", job_id, len(cuts), _joins(settled))
    return settled


def _joins(plan: Plan) -> str:
    ends = [f"{(a.end_s + b.start_s) / 2:.2f} s" for a, b in itertools.pairwise(plan.segments)]
    return ", ".join(ends) or "nothing"


async def run_job(svc: Services, job_id: str) -> None:
    """Carry a job from wherever the ledger says it is to completed or failed."""
    ledger = svc.ledger
    row = ledger.job(job_id)
    if row is None:
        return
    info = VideoInfo.model_validate(loads(row["info_json"]))
    plan = Plan.model_validate(loads(row["plan_json"]))
    prompts = PromptsSent.model_validate(loads(row["prompts_json"]))
    source = Path(row["source_path"])
    segs = ledger.segments(job_id)
    state = _JobState(job_id, total=len(segs), picture=row["picture"])
    for seg in segs:
        state.fractions[seg["idx"]] = 1.0 if seg["status"] == "completed" else 0.0
    failures: dict[int, KlingError] = {}
    work = svc.config.data_dir / "work" / job_id
    # A long clip's soundtrack is joined while its segments come back, not after the last.
    joined = JoinedSoundtrack(row, source, info, work, len(segs)) if len(segs) > 1 else None
    # The picture is analysed while fal works, for the sync review of the finished soundtrack.
    reviewer = SoundtrackReview(svc.config.data_dir, row["picture"], source)

    def arrived(idx: int) -> None:
        if joined is not None:
            joined.arrived(next(s for s in ledger.segments(job_id) if s["idx"] == idx))

    async def guarded(seg: dict) -> None:
        try:
            await _run_segment(svc, state, seg, source, info, plan, prompts)
        except NotOwner:
            lost.append(seg["idx"])
            tg.cancel_scope.cancel()
        except KlingError as exc:
            failures[seg["idx"]] = exc
            ledger.update_segment(job_id, seg["idx"], status="failed", error_json=_error_json(exc))
            svc.touch(job_id)
        else:
            arrived(seg["idx"])

    lost: list[int] = []
    try:
        # A call whose submit may have reached fal is not sent again; the others go on, so their results are kept.
        failures.update(stopped_submits(ledger, job_id, segs))
        work.mkdir(parents=True, exist_ok=True)
        async with anyio.create_task_group() as outer:
            if joined is not None:
                outer.start_soon(joined.run)
            outer.start_soon(reviewer.run)
            try:
                async with anyio.create_task_group() as tg:

                    def start(seg: dict) -> None:
                        if seg["status"] == "completed":
                            arrived(seg["idx"])
                        elif seg["idx"] not in failures:
                            tg.start_soon(guarded, seg)

                    if plan.cuts_pending:
                        plan = await _settle_joins(
                            svc,
                            row,
                            source,
                            info,
                            plan,
                            prompts,
                            start,
                            lambda: tg.cancel_scope.cancel_called,
                        )
                    else:
                        for seg in segs:
                            start(seg)
            finally:
                if joined is not None:
                    joined.abandon()  # nothing when every part has arrived
            if failures or lost:
                outer.cancel_scope.cancel()  # no review for a job that fails or left this process
        if lost:
            log.info(
                "job %s: this process no longer holds it (cancelled or taken over); stopped here", job_id
            )
            return
        if failures:
            # A failure that ends the job outright is told before one whose paid result can still be fetched, so
            # a job is taken up again only when every failed call can be (nothing new is sent then).
            idx, exc = min(failures.items(), key=lambda f: (f[1].code in RESUMABLE, f[0]))
            where = f"Segment {idx + 1} of {len(segs)} failed: " if len(segs) > 1 else ""
            kept = " The segments that finished are kept and will be reused." if len(segs) > 1 else ""
            raise type(exc)(f"{where}{exc.message}", hint=(exc.hint + kept).strip(), code=exc.code)
        if joined is not None and joined.error is not None:
            raise joined.error
        ledger.update_job(job_id, progress=0.95, progress_message="writing the video and the MP3")
        svc.touch(job_id)
        done = ledger.segments(job_id)
        video, mp3, soundtrack = await write_outputs(
            row, source, info, done, work, joined.files if joined else None
        )
        soundtrack = await reviewer.add_to(soundtrack, mp3)
        first = done[0]
        ledger.update_job(
            job_id,
            status="completed",
            progress=1.0,
            progress_message="done",
            video_path=str(video),
            audio_path=str(mp3),
            soundtrack_json=dumps(soundtrack.model_dump()),
            video_url=first["video_url"] if len(done) == 1 else None,
            audio_url=first["audio_url"] if len(done) == 1 else None,
            finished_at=now_iso(),
            error_json=None,
        )
    except KlingError as exc:
        current = ledger.job(job_id)
        if isinstance(exc, FalCancelled) or (current is not None and current["status"] == "cancelled"):
            # Cancelled here or by another process (cancel_job, `kling-v2a jobs cancel`): not a failure.
            log.debug("job %s was cancelled", job_id)
            if current is not None and current["status"] != "cancelled":
                ledger.update_job(
                    job_id, status="cancelled", finished_at=now_iso(), progress_message="cancelled"
                )
            return
        log.debug("job %s failed: %s", job_id, exc.message)
        ledger.update_job(
            job_id,
            status="failed",
            error_json=_error_json(exc),
            finished_at=now_iso(),
            progress_message="failed",
        )
    except anyio.get_cancelled_exc_class():
        raise
    except Exception as exc:  # the top of a job: record what happened, keep the server serving
        log.exception("job %s failed unexpectedly", job_id)
        ledger.update_job(
            job_id,
            status="failed",
            finished_at=now_iso(),
            progress_message="failed",
            error_json=dumps(
                {
                    "code": "internal_error",
                    "message": f"{type(exc).__name__}: {exc}",
                    "hint": "This is a bug in kling-v2a-mcp; the server log has the details.",
                }
            ),
        )
    finally:
        svc.touch(job_id)
