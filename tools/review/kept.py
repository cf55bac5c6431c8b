"""A clip's picture analysis, computed once per picture and kept in the data folder for every take and re-finish."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import anyio

from tools.inspection.models import Analysis

log = logging.getLogger(__name__)

_locks: dict[str, anyio.Lock] = {}


def kept_path(data_dir: Path, picture: str) -> Path:
    """Where the analysis of a picture is kept."""
    return data_dir / "analysis" / f"{picture[:32]}.json"


def read_kept(data_dir: Path, picture: str | None) -> Analysis | None:
    """The analysis kept for a picture, if there is one that reads."""
    path = kept_path(data_dir, picture) if picture else None
    if path is None or not path.is_file():
        return None
    try:
        return Analysis.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.info("the kept analysis %s cannot be read; the clip is analysed again", path.name)
        return None


async def clip_analysis(data_dir: Path, picture: str, source: Path) -> Analysis | None:
    """The picture's analysis: the kept one, or a new one made now (one at a time per picture); None if unreadable."""
    path = kept_path(data_dir, picture)
    lock = _locks.setdefault(picture, anyio.Lock())
    async with lock:
        kept = read_kept(data_dir, picture)
        if kept is not None:
            return kept
        try:
            from tools.inspection import analyze_video

            analysis = await anyio.to_thread.run_sync(analyze_video, source)
        except Exception as exc:  # a review is a hint: a clip the analysis cannot read gets none
            log.info("no sync review: the picture of %s could not be analysed (%s)", source.name, exc)
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(analysis.model_dump()), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            log.info("the analysis of %s is not kept: %s", source.name, exc)
        return analysis
