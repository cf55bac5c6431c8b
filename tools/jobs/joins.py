"""A long clip's joins, moved to its scene cuts while they are found; each segment starts once its span is settled."""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable
from pathlib import Path

import anyio

from tools.errors import KlingError
from tools.jobs.ledger import dumps
from tools.jobs.services import Services
from tools.models import Plan, PromptsSent, VideoInfo

log = logging.getLogger(__name__)


async def join_at_cuts(
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
