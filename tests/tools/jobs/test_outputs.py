"""Result files: a name another writer takes at the last moment is never overwritten; the next free one is used."""

from __future__ import annotations

from pathlib import Path

import anyio
import av
import numpy as np
import pytest

from tests.clips import make_audio_only
from tools.errors import MediaError
from tools.jobs.outputs import JoinedSoundtrack, write_new
from tools.media.files import atomic_output
from tools.media.plan import split_segments
from tools.media.stitch import stitch_audio
from tools.models import SegmentSpec, VideoInfo


def test_a_name_taken_while_the_result_is_written_moves_the_result_to_the_next_free_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "walk.scored.mp3").write_bytes(b"older")
    calls: list[Path] = []

    def write(out: Path) -> Path:
        calls.append(out)
        if len(calls) == 1:
            out.write_bytes(b"another job's result")  # appears between naming and writing
        with atomic_output(out) as tmp:
            tmp.write_bytes(b"ours")
        return out

    written = write_new(tmp_path, "walk.scored", ".mp3", write)
    assert written == tmp_path / "walk.scored-3.mp3"
    assert calls == [tmp_path / "walk.scored-2.mp3", tmp_path / "walk.scored-3.mp3"]
    assert (tmp_path / "walk.scored.mp3").read_bytes() == b"older"
    assert (tmp_path / "walk.scored-2.mp3").read_bytes() == b"another job's result"
    assert written.read_bytes() == b"ours"


def _row(tmp_path: Path) -> dict:
    return {"input": str(tmp_path / "reel.mp4"), "output_dir": str(tmp_path)}


def _info(duration: float) -> VideoInfo:
    return VideoInfo(
        path="reel.mp4",
        container="mp4",
        extension=".mp4",
        size_bytes=1,
        duration_s=duration,
        width=320,
        height=240,
        video_codec="h264",
    )


def _parts(tmp_path: Path, duration: float) -> list[dict]:
    return [
        {"idx": s.index, "start_s": s.start_s, "end_s": s.end_s, "audio_path": str(path)}
        for s in split_segments(duration)
        for path in [
            make_audio_only(tmp_path / f"part{s.index}.mp3", s.duration_s, frequency=300 + 200 * s.index)
        ]
    ]


@pytest.mark.anyio
async def test_a_joined_soundtrack_takes_its_segments_in_any_order_and_joins_them_in_place(
    tmp_path: Path,
) -> None:
    segs = _parts(tmp_path, 47.0)
    joined = JoinedSoundtrack(_row(tmp_path), tmp_path / "reel.mp4", _info(47.0), tmp_path, len(segs))
    async with anyio.create_task_group() as tg:
        tg.start_soon(joined.run)
        for seg in (segs[2], segs[0], segs[0], segs[1]):  # out of order, one twice
            await anyio.sleep(0.05)
            joined.arrived(seg)
    assert joined.error is None
    expected = stitch_audio(
        [
            (Path(s["audio_path"]), SegmentSpec(index=s["idx"], start_s=s["start_s"], end_s=s["end_s"]))
            for s in segs
        ],
        47.0,
        tmp_path / "expected.mp3",
    )
    assert all(f.is_file() for f in joined.files)
    assert _samples(joined.files[0]).shape == _samples(expected).shape
    assert np.abs(_samples(joined.files[0]) - _samples(expected)).max() < 1e-6
    assert abs(len(_samples(joined.files[1])) / _rate(joined.files[1]) - 47.0) < 0.05  # the AAC track too


@pytest.mark.anyio
async def test_an_abandoned_joined_soundtrack_stops_and_leaves_no_files(tmp_path: Path) -> None:
    segs = _parts(tmp_path, 47.0)
    joined = JoinedSoundtrack(_row(tmp_path), tmp_path / "reel.mp4", _info(47.0), tmp_path, len(segs))
    with anyio.fail_after(30):
        async with anyio.create_task_group() as tg:
            tg.start_soon(joined.run)
            joined.arrived(segs[0])
            await anyio.sleep(0.2)
            joined.abandon()
    assert joined.error is None
    assert not any(f.exists() for f in joined.files)
    assert not list(tmp_path.glob(".soundtrack.*"))  # no half-written temporary files either


@pytest.mark.anyio
async def test_an_unreadable_segment_soundtrack_is_kept_as_the_error(tmp_path: Path) -> None:
    segs = _parts(tmp_path, 25.0)
    Path(segs[1]["audio_path"]).write_bytes(b"not audio at all")
    joined = JoinedSoundtrack(_row(tmp_path), tmp_path / "reel.mp4", _info(25.0), tmp_path, len(segs))
    with anyio.fail_after(30):
        async with anyio.create_task_group() as tg:
            tg.start_soon(joined.run)
            for seg in segs:
                joined.arrived(seg)
    assert isinstance(joined.error, MediaError) and "part1.mp3" in joined.error.message
    assert not any(f.exists() for f in joined.files)


def _samples(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.concatenate([f.to_ndarray().mean(axis=0) for f in container.decode(audio=0)])


def _rate(path: Path) -> int:
    with av.open(str(path)) as container:
        return container.streams.audio[0].rate
