"""A checked request written to the ledger as its fal calls: one segment row each, keyed for reuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.jobs.cache import segment_key
from tools.jobs.ledger import Ledger
from tools.jobs.prepare import PreparedRequest

# fal refuses anything under 3.000 s: a shorter clip is padded to this length for its call.
SHORTEST_CALL_S = 3.1


def segment_keys(prepared: PreparedRequest, ledger: Ledger, *, reuse: bool) -> tuple[list[str | None], int]:
    """Each segment's reuse key (None without reuse), and how many of them need a new fal call."""
    if not reuse:
        return [None] * len(prepared.plan.segments), len(prepared.plan.segments)
    keys: list[str | None] = [
        segment_key(
            prepared.picture,
            s.start_s,
            s.end_s,
            prepared.prompts.sound_effect_prompt,
            prepared.prompts.background_music_prompt,
            prepared.prompts.asmr_mode,
        )
        for s in prepared.plan.segments
    ]
    new_calls = len([k for k in keys if k is None or ledger.completed_segment(k) is None])
    return keys, new_calls


def segment_rows(prepared: PreparedRequest, keys: list[str | None]) -> list[dict[str, Any]]:
    """The ledger rows of a request's planned fal calls."""
    pad_to = SHORTEST_CALL_S if prepared.info.duration_s < 3.0 else 0.0
    return [
        {
            "idx": spec.index,
            "start_s": spec.start_s,
            "end_s": spec.end_s,
            "pad_to_s": pad_to,
            "cache_key": key,
        }
        for spec, key in zip(prepared.plan.segments, keys, strict=True)
    ]


def add_segments(ledger: Ledger, job_id: str, prepared: PreparedRequest, keys: list[str | None]) -> None:
    """Record the planned fal calls of a job."""
    for seg in segment_rows(prepared, keys):
        ledger.add_segment(job_id, seg.pop("idx"), seg.pop("start_s"), seg.pop("end_s"), **seg)


def earlier_result(ledger: Ledger, cache_key: str, output_dir: str | None = None) -> dict[str, Any] | None:
    """The newest completed job of an identical request (written to output_dir, if given) whose files are all
    still there."""
    done = ledger.job_by_cache_key(cache_key, ("completed",), output_dir=output_dir)
    return done if done is not None and files_there(done) else None


def files_there(row: dict[str, Any]) -> bool:
    """Whether every result file a job row names is still on disk."""
    return all(Path(row[c]).is_file() for c in ("video_path", "audio_path") if row[c])
