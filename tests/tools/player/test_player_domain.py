"""The player's domain parts without a server: segment joins and the waveform on the timeline, keeping a take, the
ticket key."""

from __future__ import annotations

import itertools
import stat
from pathlib import Path

import av
import pytest

from tests.clips import make_clip
from tools.errors import InputError, PlayerRefused
from tools.models import ScoreJob, SegmentState, TakeResult
from tools.player.access import check_ticket, job_file, player_key, ticket
from tools.player.keep import keep_take, plain_name
from tools.player.preview import preview_of
from tools.player.timeline import PEAKS, build_timeline, joins


def _segments(*bounds: float) -> list[SegmentState]:
    return [
        SegmentState(index=i, start_s=a, end_s=b, status="completed")
        for i, (a, b) in enumerate(itertools.pairwise(bounds))
    ]


def test_a_long_clips_segment_joins_are_markers_where_each_next_segment_starts(tmp_path: Path) -> None:
    segs = _segments(0.0, 18.5, 37.25, 45.0)
    assert [(m.kind, m.time_s) for m in joins(list(reversed(segs)))] == [("join", 18.5), ("join", 37.25)]
    clip = make_clip(tmp_path / "tone.mp4", duration=3.0, cuts=(1.5,), audio=True)
    timeline = build_timeline(clip, clip, _segments(0.0, 1.0, 3.0))
    kinds = [(m.kind, m.time_s) for m in timeline.markers]
    assert ("join", 1.0) in kinds
    assert any(k == "scene_cut" and abs(t - 1.5) <= 1 / 24 for k, t in kinds)
    assert [m.time_s for m in timeline.markers] == sorted(m.time_s for m in timeline.markers)
    assert timeline.duration_s == pytest.approx(3.0, abs=0.05)
    # make_clip's tone sounds throughout: every column of the waveform is loud.
    assert len(timeline.peaks) == PEAKS and min(timeline.peaks) > 0.5


def test_the_timeline_takes_the_analysis_its_job_kept_instead_of_analysing_the_picture_again(
    tmp_path: Path,
) -> None:
    from tools.inspection import analyze_video

    clip = make_clip(tmp_path / "cut.mp4", duration=3.0, cuts=(1.5,))
    kept = analyze_video(clip)
    # a kept analysis that says something the picture itself would not: only it can put a marker at 0.8 s
    said = kept.model_copy(
        update={"events": [e.model_copy(update={"time_s": 0.8, "kind": "impact"}) for e in kept.events[:1]]}
    )
    assert said.events and [m.time_s for m in build_timeline(clip, None, [], said).markers] == [0.8]
    assert 0.8 not in [m.time_s for m in build_timeline(clip, None, []).markers]


def _takes_job(folder: Path) -> ScoreJob:
    takes = []
    for i in (1, 2):
        video, mp3 = folder / f"walk.take-{i}.scored.mp4", folder / f"walk.take-{i}.scored.mp3"
        video.write_bytes(f"video {i}".encode())
        mp3.write_bytes(f"mp3 {i}".encode())
        takes.append(
            TakeResult(
                index=i, job_id=f"job_t{i}", status="completed", video_path=str(video), audio_path=str(mp3)
            )
        )
    return ScoreJob(job_id="job_takes", status="completed", input="walk.mp4", created_at="now", takes=takes)


def test_keeping_a_take_copies_its_files_to_the_plain_names_and_never_replaces_one(tmp_path: Path) -> None:
    job = _takes_job(tmp_path)
    assert plain_name(Path("walk.take-2.scored-3.mp4")) == ("walk.scored-3", ".mp4")
    video, mp3 = keep_take(job, 2)
    assert (video.name, mp3.name) == ("walk.scored.mp4", "walk.scored.mp3")
    assert video.read_bytes() == b"video 2" and mp3.read_bytes() == b"mp3 2"
    again, _ = keep_take(job, 1)
    assert again.name == "walk.scored-2.mp4" and again.read_bytes() == b"video 1"
    assert video.read_bytes() == b"video 2"
    with pytest.raises(InputError, match="no take 3"):
        keep_take(job, 3)


def test_the_ticket_key_is_private_and_a_ticket_opens_one_job_and_its_files(tmp_path: Path) -> None:
    key = player_key(tmp_path / "data")
    assert player_key(tmp_path / "data") == key and len(key) == 32
    assert stat.S_IMODE((tmp_path / "data" / "player.key").stat().st_mode) == 0o600
    check_ticket(key, "job_a", ticket(key, "job_a"))
    with pytest.raises(PlayerRefused):
        check_ticket(key, "job_b", ticket(key, "job_a"))
    with pytest.raises(PlayerRefused):
        check_ticket(player_key(tmp_path / "other"), "job_a", ticket(key, "job_a"))
    job = _takes_job(tmp_path)
    assert job_file(job, job.takes[1].audio_path or "") == Path(job.takes[1].audio_path or "").resolve()
    with pytest.raises(PlayerRefused):
        job_file(job, str(tmp_path / "walk.mp4"))


def test_a_preview_is_small_upright_and_as_long_as_the_result(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "phone.mp4", duration=2.0, size=(640, 480), rotation=90, audio=True)
    out = preview_of(clip, tmp_path / "previews")
    assert preview_of(clip, tmp_path / "previews") == out  # made once, then kept
    with av.open(str(out)) as c:
        v = c.streams.video[0]
        assert (v.codec_context.name, v.codec_context.width, v.codec_context.height) == ("vp9", 270, 360)
        assert c.streams.audio[0].codec_context.name == "opus"
        frames = sum(1 for _ in c.decode(video=0))
        assert c.duration / 1e6 == pytest.approx(2.0, abs=1 / 24 + 0.03)
    assert frames == 48
