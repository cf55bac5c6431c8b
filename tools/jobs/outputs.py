"""A finished job's results: the MP3 and the scored video in the output folder, from its segments' soundtracks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import anyio

from tools.media.files import atomic_output, unique_path
from tools.models import SegmentSpec, VideoInfo


def stem_of(row: dict) -> str:
    """The name a job's result files start with: the input's, made safe for any file system."""
    name = Path(row["input"].split("?", 1)[0].rstrip("/")).stem or "clip"
    return "".join(c if c.isalnum() or c in "-_ ." else "_" for c in name)[:80] or "clip"


async def write_outputs(
    row: dict, source: Path, info: VideoInfo, segs: list[dict], work: Path
) -> tuple[Path, Path]:
    """The MP3 and the scored video in the output folder, from the segments' soundtracks."""
    from tools.media.audio import ENCODERS
    from tools.media.mux import mux_original_with_audio, scored_suffix, track_encoder
    from tools.media.stitch import stitch_audio, trim_audio

    out_dir = Path(row["output_dir"])
    stem = stem_of(row) + ".scored"
    suffix = scored_suffix(source)
    codec = track_encoder(Path(stem + suffix))
    mp3_work, track_work = work / "soundtrack.mp3", work / f"soundtrack{ENCODERS[codec].suffix}"
    for leftover in (mp3_work, track_work):  # from an interrupted earlier attempt
        leftover.unlink(missing_ok=True)
    audio = Path(segs[0]["audio_path"])
    track = Path(segs[0]["track_path"]) if segs[0]["track_path"] else None
    if len(segs) == 1:
        if segs[0]["pad_to_s"] > info.duration_s:
            # The copy of fal's track is cut at the picture's end when muxed; the MP3 is cut here.
            audio = await anyio.to_thread.run_sync(trim_audio, audio, info.duration_s, mp3_work)
    else:
        parts = [
            (Path(s["audio_path"]), SegmentSpec(index=s["idx"], start_s=s["start_s"], end_s=s["end_s"]))
            for s in segs
        ]
        # The joined soundtrack is encoded twice, as the MP3 and in the scored video's own codec: two threads,
        # since the encoders run outside the GIL.
        async with anyio.create_task_group() as tg:
            tg.start_soon(anyio.to_thread.run_sync, lambda: stitch_audio(parts, info.duration_s, mp3_work))
            tg.start_soon(
                anyio.to_thread.run_sync,
                lambda: stitch_audio(parts, info.duration_s, track_work, codec=codec),
            )
        audio, track = mp3_work, track_work
    ready = track if track is not None and track.is_file() else None

    def copy_mp3(out: Path) -> Path:
        with atomic_output(out) as tmp:
            shutil.copyfile(audio, tmp)
        return out

    mp3 = await anyio.to_thread.run_sync(write_new, out_dir, stem, ".mp3", copy_mp3)
    video = await anyio.to_thread.run_sync(
        write_new,
        out_dir,
        stem,
        suffix,
        lambda out: mux_original_with_audio(source, audio, out, track=ready),
    )
    track_work.unlink(missing_ok=True)
    return video, mp3


def write_new(folder: Path, stem: str, suffix: str, write: Callable[[Path], Path]) -> Path:
    """Write a result under the first free name; if another writer takes that name meanwhile, take the next."""
    for _ in range(100):
        try:
            return write(unique_path(folder, stem, suffix))
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for {stem}{suffix} in {folder}")
