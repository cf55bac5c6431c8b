from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import VideoOutOfLimits
from tools.media.plan import plan_preflight, segment_count, segments_for, settle_joins, split_segments
from tools.models import VideoInfo


def _info(**changes: object) -> VideoInfo:
    base: dict[str, object] = {
        "path": "/videos/walk.mp4",
        "container": "mov,mp4,m4a,3gp,3g2,mj2",
        "extension": ".mp4",
        "size_bytes": 5_000_000,
        "duration_s": 8.0,
        "fps": 24.0,
        "width": 1280,
        "height": 720,
        "video_codec": "h264",
        "pixel_format": "yuv420p",
    }
    base.update(changes)
    return VideoInfo.model_validate(base)


def _kinds(info: VideoInfo, **kwargs: object) -> list[str]:
    return [step.kind for step in plan_preflight(info, **kwargs).steps]  # type: ignore[arg-type]


def test_a_silent_h264_mp4_of_eight_seconds_is_uploaded_as_it_is() -> None:
    plan = plan_preflight(_info())
    assert [s.kind for s in plan.steps] == ["upload"]
    assert plan.fal_calls == 1
    assert plan.estimated_cost_usd == pytest.approx(0.035)
    assert plan.segments[0].start_s == 0.0 and plan.segments[0].end_s == 8.0
    assert plan.summary.startswith("Ready as it is")


@pytest.mark.parametrize(
    ("changes", "first"),
    [
        ({"extension": ".webm", "container": "matroska,webm", "video_codec": "vp9"}, "WEBM"),
        ({"extension": ".mov", "video_codec": "hevc"}, "HEVC"),
        ({"extension": ".gif", "container": "gif", "video_codec": "gif"}, "GIF"),
        ({"pixel_format": "yuv420p10le"}, "yuv420p10le"),
        ({"rotation": 90}, "upright"),
    ],
)
def test_anything_but_upright_8_bit_h264_in_mp4_or_mov_is_transcoded(
    changes: dict[str, object], first: str
) -> None:
    plan = plan_preflight(_info(**changes))
    assert plan.steps[0].kind == "transcode"
    assert first in plan.steps[0].reason


def test_a_clip_over_100_mb_is_compressed() -> None:
    plan = plan_preflight(_info(size_bytes=180_000_000))
    assert [s.kind for s in plan.steps] == ["compress", "upload"]
    assert "180 MB" in plan.steps[0].reason


def test_a_two_second_clip_is_padded_to_three_seconds() -> None:
    plan = plan_preflight(_info(duration_s=2.0))
    assert [s.kind for s in plan.steps] == ["pad", "upload"]
    assert "3.0 s" in plan.steps[0].reason
    assert plan.segments[0].end_s == 2.0  # the true length: padding happens in rendering


def test_a_clip_with_sound_has_its_audio_stripped_before_upload() -> None:
    kinds = _kinds(_info(has_audio=True, audio_codec="aac"))
    assert kinds == ["strip_audio", "upload"]


def test_steps_come_in_a_fixed_order() -> None:
    info = _info(
        extension=".mkv", size_bytes=300_000_000, duration_s=47.0, has_audio=True, audio_codec="opus"
    )
    plan = plan_preflight(info, cuts=[14.0, 31.0])
    assert [s.kind for s in plan.steps] == ["transcode", "compress", "split", "strip_audio", "upload"]
    assert plan.fal_calls == 3
    assert plan.estimated_cost_usd == pytest.approx(0.105)
    assert "3 fal calls" in plan.summary and "$0.105" in plan.summary


def test_a_47_second_clip_is_split_at_its_scene_cuts() -> None:
    segments = plan_preflight(_info(duration_s=47.0), cuts=[14.0, 31.0]).segments
    assert len(segments) == 3
    assert [(s.start_s, s.end_s) for s in segments] == [(0.0, 14.5), (13.5, 31.5), (30.5, 47.0)]
    assert [s.cut_at_scene for s in segments] == [False, True, True]


def test_a_cut_outside_the_allowed_window_is_not_used() -> None:
    segments = split_segments(47.0, [2.0, 45.0])
    assert not any(s.cut_at_scene for s in segments)
    assert all(3.0 <= s.duration_s <= 20.0 for s in segments)


def test_a_clip_over_the_input_limit_is_refused_with_the_variable_and_the_cost() -> None:
    with pytest.raises(VideoOutOfLimits) as caught:
        plan_preflight(_info(duration_s=700.0), max_input_seconds=600.0)
    text = str(caught.value)
    assert "600 s" in text and "KLING_V2A_MAX_INPUT_SECONDS" in text
    assert "37 fal calls" in text and "$1.29" in text


def test_planning_is_deterministic() -> None:
    info = _info(duration_s=95.5, has_audio=True, audio_codec="aac")
    assert plan_preflight(info, cuts=[20.1, 44.0, 71.3]) == plan_preflight(info, cuts=[20.1, 44.0, 71.3])


@given(
    duration=st.floats(min_value=20.01, max_value=600.0),
    cuts=st.lists(st.floats(min_value=0.0, max_value=600.0), max_size=30),
)
def test_segments_always_cover_the_clip_within_fals_limits(duration: float, cuts: list[float]) -> None:
    segments = split_segments(duration, cuts)
    assert segments[0].start_s == 0.0
    assert segments[-1].end_s == duration
    for segment in segments:
        assert 3.0 - 1e-9 <= segment.duration_s <= 20.0 + 1e-9
    for before, after in itertools.pairwise(segments):
        assert after.start_s < before.end_s  # they overlap, so the crossfade has material
        assert before.end_s - after.start_s == pytest.approx(1.0, abs=0.002)
    assert len(segments) == max(1, -(-(duration - 1.0) // 19.0))


@given(
    duration=st.floats(min_value=20.01, max_value=300.0),
    cuts=st.lists(st.floats(min_value=0.0, max_value=300.0), max_size=20),
    read_to=st.floats(min_value=0.0, max_value=300.0),
)
def test_joins_settled_while_the_clip_is_read_are_the_ones_the_whole_clip_gives(
    duration: float, cuts: list[float], read_to: float
) -> None:
    every = settle_joins(duration, cuts)
    so_far = settle_joins(duration, [c for c in cuts if c <= read_to], known_until=read_to)
    assert so_far == every[: len(so_far)]
    assert len(every) == segment_count(duration) - 1
    # The segments known so far are the first ones of the whole plan, exactly.
    assert (
        segments_for(duration, so_far)
        == split_segments(duration, cuts)[: len(segments_for(duration, so_far))]
    )


def test_a_join_is_settled_as_soon_as_its_window_has_been_read() -> None:
    # 47 s, three segments: the first join may fall anywhere up to 19.5 s, so it waits for the clip up to there.
    assert settle_joins(47.0, [9.0], known_until=19.4) == []
    assert settle_joins(47.0, [9.0], known_until=19.5) == [(9.0, True)]
    assert settle_joins(47.0, [9.0, 27.8], known_until=math.inf) == [(9.0, True), (27.8, True)]


def test_joins_fixed_earlier_are_kept_and_the_rest_follow_on_from_them() -> None:
    joins = settle_joins(47.0, [9.0, 30.0], fixed=[(12.0, False)])
    assert joins == [(12.0, False), (30.0, True)]
    assert segments_for(47.0, joins)[1].start_s == 11.5
