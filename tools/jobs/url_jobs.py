"""Clips named by URL: checked at once (prompts, key, output folder, address), downloaded inside their job.

score_video answers within its wait whatever the URL's server does: the job exists before the first byte is
fetched, the download has a deadline and a minimum rate (tools/jobs/prepare.py), and only then is the clip
checked like a local one and its fal calls recorded. Until then the job has no plan (`info_json` is NULL).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlparse

import anyio

from tools.config import Config
from tools.engine.download import check_target
from tools.errors import KlingError
from tools.finish.options import Finish
from tools.jobs.budget import check_budget
from tools.jobs.ledger import Ledger, dumps, loads, now_iso
from tools.jobs.prepare import CheckedRequest, ScoreRequest, check_request, fetch_input, inspect_request
from tools.jobs.recording import add_segments, earlier_result, segment_keys
from tools.jobs.services import Services, fail_job
from tools.lint.models import LintReport
from tools.models import PromptsSent
from tools.paths import check_url

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0


def url_key(url: str, prompts: PromptsSent, finish: Finish | None = None, person: str | None = None) -> str:
    """The reuse key of a job still downloading its URL: identical calls of the same person meanwhile follow
    that job."""
    what: list = [url, prompts.model_dump()]
    if finish is not None and not finish.is_default:
        what.append(finish.as_json())
    if person is not None:
        what.append({"person": person})
    canonical = json.dumps(what, sort_keys=True, separators=(",", ":"))
    return "url:" + hashlib.sha256(canonical.encode()).hexdigest()


async def record_url_job(
    request: ScoreRequest, config: Config, ledger: Ledger, *, job_id: str, public_only: bool
) -> str:
    """Check what needs no download and record the job (or find an identical one downloading); its id."""
    checked = check_request(request, config)
    url = check_url(request.video.strip())
    # The address is checked before anything is looked up or fetched for it.
    await anyio.to_thread.run_sync(check_target, url, public_only)
    # A job that reuses nothing carries no key; the key tells the job to look for earlier results.
    key = url_key(url, checked.prompts, checked.finish, request.person) if request.reuse else None
    job = {
        "id": job_id,
        "input": url,
        "output_dir": str(checked.output_dir),
        "cache_key": key,
        "prompts_json": dumps(checked.prompts.model_dump()),
        "lint_json": dumps(checked.lint.model_dump()) if checked.lint else None,
        "finish_json": dumps(checked.finish.as_json()),
        "progress_message": f"downloading the clip from {urlparse(url).hostname}",
        "person": request.person,
    }
    # One transaction: the identical call taken at the same instant (here or in another process) follows this job.
    return ledger.record_job(job, [], follow=("preparing",))[0]


def _checked(row: dict) -> CheckedRequest:
    prompts = PromptsSent.model_validate(loads(row["prompts_json"]))
    lint = loads(row["lint_json"])
    finish = Finish.from_json(loads(row.get("finish_json")))
    request = ScoreRequest(
        video=row["input"],
        sound_effect_prompt=prompts.sound_effect_prompt,
        background_music_prompt=prompts.background_music_prompt,
        asmr_mode=prompts.asmr_mode,
        output_dir=row["output_dir"],
        reuse=row["cache_key"] is not None,
        original_audio=finish.original_audio,
        loudness_lufs=finish.loudness_lufs,
        person=row["person"],
    )
    return CheckedRequest(
        request, prompts, LintReport.model_validate(lint) if lint else None, Path(row["output_dir"]), finish
    )


async def download_if_needed(svc: Services, job_id: str, *, public_only: bool) -> bool:
    """Download and check a URL job's clip and record its plan; whether the job goes on to fal.

    False when the job ended here: failed with the reason, or completed by an identical earlier result.
    """
    ledger = svc.ledger
    row = ledger.job(job_id)
    if row is None or row["info_json"] is not None:
        return row is not None
    checked = _checked(row)
    last = [-PROGRESS_EVERY_SECONDS]

    def on_bytes(total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS:
            last[0] = now
            ledger.update_job(job_id, progress_message=f"downloading the clip: {total / 1e6:.1f} MB")
            svc.touch(job_id)

    try:
        source = await fetch_input(
            row["input"], svc.config, svc.engine, public_only=public_only, on_bytes=on_bytes
        )
        prepared = await inspect_request(checked, source, svc.config)
        planned = {
            "source_path": str(source),
            "picture": prepared.picture,
            "cache_key": prepared.cache_key,
            "plan_json": dumps(prepared.plan.model_dump()),
            "info_json": dumps(prepared.info.model_dump()),
        }
        done = earlier_result(ledger, prepared.cache_key) if checked.request.reuse else None
        # Files written for another input or folder are not this request's: the job goes on and writes its
        # own from the kept soundtracks (its segments are reused, so nothing is sent to fal).
        if done is not None and (done["input"], done["output_dir"]) == (row["input"], row["output_dir"]):
            ledger.update_job(
                job_id,
                **planned,
                status="completed",
                progress=1.0,
                progress_message="reused an identical earlier result, no new charge",
                video_path=done["video_path"],
                audio_path=done["audio_path"],
                soundtrack_json=done.get("soundtrack_json"),
                finished_at=now_iso(),
            )
            return False
        keys, new_calls = segment_keys(prepared, ledger, reuse=checked.request.reuse)
        check_budget(ledger, svc.config, new_calls, row["person"])
        add_segments(ledger, job_id, prepared, keys)
        ledger.update_job(job_id, **planned, progress_message="recorded; preparing the clip")
        return True
    except KlingError as exc:
        fail_job(ledger, job_id, exc)
        return False
    finally:
        svc.touch(job_id)
