"""Keep one take: copy its files to the plain result names (walk.take-2.scored.mp4 -> walk.scored.mp4).

An existing file of that name is never replaced: the copy takes the next free name (walk.scored-2.mp4), as any
result does.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.errors import InputError
from tools.jobs.outputs import write_new
from tools.media.files import atomic_output
from tools.models import ScoreJob, TakeResult

_TAKE = re.compile(r"\.take-\d+(?=\.)")


def plain_name(path: Path) -> tuple[str, str]:
    """The stem and suffix of a take's file without its take number."""
    name = _TAKE.sub("", path.name, count=1)
    suffix = Path(name).suffix
    return name[: len(name) - len(suffix)], suffix


def _copy_to(src: Path) -> Path:
    stem, suffix = plain_name(src)

    def copy(dest: Path) -> Path:
        with atomic_output(dest) as tmp:
            shutil.copyfile(src, tmp)
        return dest

    return write_new(src.parent, stem, suffix, copy)


def the_take(job: ScoreJob, index: int) -> TakeResult:
    """A completed take of a takes job, by its number."""
    take = next((t for t in job.takes if t.index == index), None)
    if take is None:
        raise InputError(
            f"Job {job.job_id} has no take {index}.",
            hint=f"Its takes are {', '.join(str(t.index) for t in job.takes) or 'none'}.",
        )
    if take.status != "completed" or not take.video_path or not take.audio_path:
        raise InputError(f"Take {index} of job {job.job_id} has no files to keep ({take.status}).")
    return take


def keep_take(job: ScoreJob, index: int) -> tuple[Path, Path]:
    """Copy a take's video and MP3 to the plain result names; return the new paths."""
    take = the_take(job, index)
    return _copy_to(Path(take.video_path or "")), _copy_to(Path(take.audio_path or ""))
