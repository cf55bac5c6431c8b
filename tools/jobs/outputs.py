"""A finished job's results: the MP3 and the scored video in the output folder, from its segments' soundtracks."""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from tools.errors import KlingError, MediaError, OutputWriteFailed
from tools.media.files import atomic_output, unique_path
from tools.models import SegmentSpec, Soundtrack, VideoInfo

if TYPE_CHECKING:
    from tools.finish.loudness import Loudness
    from tools.media.stitch import Part

log = logging.getLogger(__name__)

_DONE = object()  # the last part has been handed over
_ABANDONED = object()  # the job ends without all its parts


def stem_of(row: dict) -> str:
    """The name a job's result files start with: the input's, made safe for any file system."""
    name = Path(row["input"].split("?", 1)[0].rstrip("/")).stem or "clip"
    stem = "".join(c if c.isalnum() or c in "-_ ." else "_" for c in name)[:80] or "clip"
    return f"{stem}.take-{row['take_index']}" if row.get("take_index") else stem


class StitchAbandoned(Exception):
    """The job ended before every segment's soundtrack arrived: the half-joined files are dropped."""


class JoinedSoundtrack:
    """A long clip's soundtrack, joined while its segments finish: the MP3 and the scored video's track.

    Two threads encode the joined track (as MP3, and in the scored video's own codec), each reading the
    segments' soundtracks in order as `arrived` hands them over, so the encoding of the first segments is
    done while the last are still on fal, and only the last one's remains when it comes back. A soundtrack
    that is finished afterwards (tools/finish) is joined once, losslessly, as a WAV (both `files`): the
    finishing encodes the MP3 and the track from it.
    """

    def __init__(self, row: dict, source: Path, info: VideoInfo, work: Path, count: int) -> None:
        from tools.finish.options import Finish
        from tools.finish.soundtrack import needs_finishing
        from tools.jobs.ledger import loads
        from tools.jobs.measures import TrackMeasures
        from tools.media.audio import ENCODERS
        from tools.media.plan import SEGMENT_OVERLAP_S

        codec = track_codec(row, source)
        self.files = (work / "soundtrack.mp3", work / f"soundtrack{ENCODERS[codec].suffix}")
        self._codecs: tuple[str, ...] = ("libmp3lame", codec)
        # The video's track is measured as it is encoded (the lighter of the two encoders), for the report.
        self.measures: TrackMeasures | None = TrackMeasures()
        if needs_finishing(Finish.from_json(loads(row.get("finish_json"))), info):
            self.files = (work / "soundtrack.wav", work / "soundtrack.wav")
            self._codecs = ("pcm_f32le",)
            self.measures = None  # the finishing measures what it makes
        self._duration = info.duration_s
        self._hold = SEGMENT_OVERLAP_S
        self._count = count
        self._ready: dict[int, Part] = {}
        self._next = 0
        self._queues: list[queue.Queue] = [queue.Queue() for _ in self._codecs]
        self.error: KlingError | None = None

    def arrived(self, seg: dict) -> None:
        """Hand over a finished segment (its ledger row); parts go to the encoders in order, once each."""
        idx = seg["idx"]
        if idx in self._ready or idx < self._next:
            return
        spec = SegmentSpec(index=idx, start_s=seg["start_s"], end_s=seg["end_s"])
        self._ready[idx] = (Path(seg["audio_path"]), spec, seg.get("lead_s") or 0.0)
        while self._next in self._ready:
            for q in self._queues:
                q.put(self._ready[self._next])
            self._next += 1
        if self._next == self._count:
            self._put(_DONE)

    def abandon(self) -> None:
        """Stop the encoders where they are (the job ends without every part); their files are dropped."""
        if self._next < self._count:
            self._put(_ABANDONED)

    async def run(self) -> None:
        """Encode until the last part (or `abandon`); a bad soundtrack is kept in `error`, not raised."""
        from tools.media.stitch import stitch_audio

        for leftover in self.files:  # from an interrupted earlier attempt
            leftover.unlink(missing_ok=True)

        measures = self.measures

        async def encode(i: int) -> None:
            parts = self._parts(self._queues[i])
            measured = measures is not None and i == len(self._codecs) - 1
            complete = False
            try:
                await anyio.to_thread.run_sync(
                    lambda: stitch_audio(
                        parts,
                        self._duration,
                        self.files[i],
                        codec=self._codecs[i],
                        hold_s=self._hold,
                        tap=measures.take if measures is not None and measured else None,
                    )
                )
                complete = True
            except StitchAbandoned:
                pass
            except KlingError as exc:
                self.error = self.error or exc
            finally:
                if measures is not None and measured:
                    measures.end(complete=complete)

        async with anyio.create_task_group() as tg:
            if measures is not None:
                tg.start_soon(measures.run)
            for i in range(len(self._codecs)):
                tg.start_soon(encode, i)

    def _put(self, item: object) -> None:
        for q in self._queues:
            q.put(item)

    @staticmethod
    def _parts(q: queue.Queue) -> Iterator[Part]:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if item is _ABANDONED:
                raise StitchAbandoned
            yield item


def track_codec(row: dict, source: Path) -> str:
    """The audio encoder of a job's scored video (a track made with it is copied in as it is)."""
    from tools.media.mux import scored_suffix, track_encoder

    return track_encoder(Path(stem_of(row) + ".scored" + scored_suffix(source)))


async def write_outputs(
    row: dict,
    source: Path,
    info: VideoInfo,
    segs: list[dict],
    work: Path,
    joined: tuple[Path, Path] | None = None,
    loudness: Loudness | None = None,
) -> tuple[Path, Path, Soundtrack]:
    """The MP3 and the scored video in the output folder, from the segments' soundtracks, and what the
    video's soundtrack measures.

    A long clip's soundtracks are joined beforehand (`JoinedSoundtrack`): `joined` is its MP3 and track, and
    `loudness` the track's, when it was measured while it was encoded. The joined (or single) soundtrack is
    then finished once over its whole length as the job asked (tools.finish).
    """
    from tools.finish.loudness import Loudness as Measured
    from tools.finish.loudness import measure_file
    from tools.finish.options import Finish
    from tools.finish.soundtrack import finish_soundtrack, needs_finishing, soundtrack_report
    from tools.jobs.ledger import loads
    from tools.media.mux import mux_original_with_audio, scored_suffix
    from tools.media.stitch import fit_mp3

    finish = Finish.from_json(loads(row.get("finish_json")))
    finished = needs_finishing(finish, info)
    out_dir = Path(row["output_dir"])
    stem = stem_of(row) + ".scored"
    suffix = scored_suffix(source)
    track: Path | None
    if joined is not None:
        audio, track = joined
    elif len(segs) == 1:
        audio = Path(segs[0]["audio_path"])
        track = Path(segs[0]["track_path"]) if segs[0]["track_path"] else None
        # fal's file may be longer or shorter than the picture, or not an MP3 at all: the MP3 is made to fit
        # (the copy of fal's track is cut at the picture's end, or replaced, when muxed).
        fitted = work / "soundtrack.mp3"
        fitted.unlink(missing_ok=True)  # from an interrupted earlier attempt
        if not finished:  # the finishing reads fal's file as it is and fits it itself
            audio = await anyio.to_thread.run_sync(fit_mp3, audio, info.duration_s, fitted)
    else:
        raise ValueError("a clip scored in segments needs its joined soundtrack (JoinedSoundtrack)")
    ready = track if track is not None and track.is_file() else None
    done = "replace"
    if finished:
        codec = track_codec(row, source)
        audio, ready, done = await anyio.to_thread.run_sync(
            lambda: finish_soundtrack(audio, source, info, finish, work, codec)
        )

    def copy_mp3(out: Path) -> Path:
        with atomic_output(out) as tmp:
            shutil.copyfile(audio, tmp)
        return out

    with write_failures(out_dir):
        mp3 = await anyio.to_thread.run_sync(write_new, out_dir, stem, ".mp3", copy_mp3)
        try:
            video = await anyio.to_thread.run_sync(
                write_new,
                out_dir,
                stem,
                suffix,
                lambda out: mux_original_with_audio(source, audio, out, track=ready),
            )
        except BaseException:
            mp3.unlink(missing_ok=True)  # the pair is written together or not at all
            raise
    if joined is not None:
        joined[1].unlink(missing_ok=True)
    if finished:  # the finished working files are in the results now
        audio.unlink(missing_ok=True)
        if ready is not None:
            ready.unlink(missing_ok=True)
    try:  # what a person hears: the scored video's own track, whichever way it got there
        measured = (
            loudness
            if loudness is not None and not finished
            else await anyio.to_thread.run_sync(measure_file, video)
        )
    except MediaError as exc:  # the files are written and play; only the report lacks its figures
        log.warning("the soundtrack of %s could not be measured: %s", video.name, exc)
        measured = Measured(None, None, 0.0, round(info.duration_s, 3))
    if not info.has_audio:
        done = "absent"
    return video, mp3, soundtrack_report(measured, finish, done, info)


@contextlib.contextmanager
def write_failures(out_dir: Path) -> Iterator[None]:
    """Turn a failed write in the output folder (a full disk, a folder made read-only ...) into an error that
    names the folder, rather than a bug or a damaged clip."""
    try:
        yield
    except (OSError, MediaError) as exc:
        cause = exc if isinstance(exc, OSError) else exc.__cause__
        if not isinstance(cause, OSError) or cause.errno is None:
            raise
        raise OutputWriteFailed(
            f"The results could not be written to {out_dir}: {cause.strerror or cause}."
        ) from exc


def write_new(folder: Path, stem: str, suffix: str, write: Callable[[Path], Path]) -> Path:
    """Write a result under the first free name; if another writer takes that name meanwhile, take the next."""
    for _ in range(100):
        try:
            return write(unique_path(folder, stem, suffix))
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for {stem}{suffix} in {folder}")
