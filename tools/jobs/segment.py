"""One fal call of a job: render and upload its span, submit it, follow it, and download its result.

A call that has a fal request id is followed again, never submitted again: it may have been charged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import anyio

from tools.engine.fal import EngineUpdate
from tools.engine.payload import build_arguments
from tools.errors import (
    FalRateLimited,
    FalResultError,
    FalResultExpired,
    FalServerError,
    KlingError,
    ResultNotFetched,
)
from tools.jobs.budget import check_budget
from tools.jobs.services import JobState, NotOwner, Services, error_json, report
from tools.models import Plan, PromptsSent, VideoInfo
from tools.pricing import call_price

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


async def run_segment(
    svc: Services,
    state: JobState,
    seg: dict,
    source: Path,
    info: VideoInfo,
    plan: Plan,
    prompts: PromptsSent,
) -> None:
    """Carry one fal call of a job to completed: reused, or uploaded, submitted, followed and downloaded."""
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
        report(svc, state, idx, 1.0, "reused an earlier identical call", None)
        return
    work = svc.config.data_dir / "work" / job_id
    work.mkdir(parents=True, exist_ok=True)
    request_id = seg["request_id"]
    async with svc.limiter:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if not request_id:

                    async def upload() -> tuple[str, float]:
                        report(svc, state, idx, 0.05, "preparing the clip", "preparing")
                        path, lead = await _upload_file(svc, source, info, plan, seg, work)
                        report(svc, state, idx, 0.1, "uploading", "uploading")
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
                    state.sent(idx)
                    if (ledger.job(job_id) or {}).get("status") == "cancelled":
                        await svc.engine.cancel(
                            request_id
                        )  # cancelled elsewhere while the submit was in flight
                    report(svc, state, idx, 0.2, "queued on fal", "queued")
                # A long clip's soundtrack is joined and encoded here (JoinedSoundtrack): fal's track of one
                # segment is of no use then, and its video is not fetched.
                await _follow(svc, state, idx, request_id, keep_track=len(plan.segments) <= 1)
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
                    job_id, idx, request_id=None, status="preparing", error_json=error_json(exc)
                )


async def _follow(svc: Services, state: JobState, idx: int, request_id: str, *, keep_track: bool) -> None:
    job_id = state.job_id
    running = {"logs": 0}

    def on_update(update: EngineUpdate) -> None:
        if update.phase == "queued":
            where = f" at position {update.queue_position}" if update.queue_position is not None else ""
            report(svc, state, idx, 0.2, f"queued on fal{where}", "queued")
        else:
            running["logs"] += len(update.new_logs)
            fraction = min(0.8, 0.3 + 0.05 * running["logs"])
            message = update.new_logs[-1] if update.new_logs else state.messages.get(idx, "running on fal")
            if not update.new_logs and state.messages.get(idx, "").startswith("queued"):
                message = "running on fal"
            report(svc, state, idx, fraction, message, "running")

    result = await _patiently(f"job {job_id} segment {idx}", lambda: svc.engine.follow(request_id, on_update))
    fetching = "the soundtrack and fal's video" if keep_track else "the soundtrack"
    report(svc, state, idx, 0.85, f"downloading {fetching}", None)
    work = svc.config.data_dir / "work" / job_id
    track: list[Path | None] = [None]

    async def fetch_track() -> None:
        track[0] = await _fetch_track(svc, result.video.url, work, idx)

    # Both of fal's files at once: its URLs expire. The track's download never raises a KlingError, so the
    # MP3's error (the one that matters) is raised alone, not wrapped in an exception group.
    async with anyio.create_task_group() as tg:
        if keep_track:
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
    report(svc, state, idx, 1.0, "soundtrack received", None)


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
