"""Preflight planning: what must happen to a clip before fal accepts it, and what scoring it will cost.

Pure functions of a probe result and scene-cut times: no I/O, same input, same plan.

fal's limits for `fal-ai/kling-video/video-to-audio`: an .mp4 or .mov file, at most 100 MB, 3.0 to 20.0 s.
Only H.264 (8-bit 4:2:0) in MP4/MOV counts as ready. HEVC in a MOV (what phones record) is transcoded too: fal
lists containers, not codecs, and H.264 is the one every decoder reads, so converting costs seconds while a
refused upload costs a round trip. A stored display rotation is baked in, so the model sees the picture upright.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from tools.errors import VideoOutOfLimits
from tools.models import Plan, PlanStep, SegmentSpec, VideoInfo

FAL_MAX_BYTES = 100_000_000
FAL_MIN_SECONDS = 3.0
FAL_MAX_SECONDS = 20.0
SEGMENT_OVERLAP_S = 1.0
MAX_SHORT_SIDE = 1080
READY_EXTENSIONS = (".mp4", ".mov")
READY_CODECS = ("h264",)
READY_PIXEL_FORMATS = ("yuv420p", "yuvj420p")

_CODEC_NAMES = {
    "h264": "H.264",
    "hevc": "HEVC (H.265)",
    "vp9": "VP9",
    "vp8": "VP8",
    "av1": "AV1",
    "gif": "GIF",
}


def plan_preflight(
    info: VideoInfo,
    *,
    cuts: Sequence[float] = (),
    max_input_seconds: float = 600.0,
    price_per_call_usd: float = 0.035,
) -> Plan:
    """Decide the preflight steps for a probed clip, its segments, fal calls and estimated cost."""
    name = Path(info.path).name
    duration = info.duration_s
    if duration <= 0:
        raise VideoOutOfLimits(f"{name} reports no length, so it cannot be scored.")
    segments = split_segments(duration, cuts)
    calls = len(segments)
    cost = round(calls * price_per_call_usd, 4)
    if duration > max_input_seconds:
        raise VideoOutOfLimits(
            f"{name} is {duration:.1f} s long, over the {max_input_seconds:g} s limit for one job "
            f"(KLING_V2A_MAX_INPUT_SECONDS); it would take {calls} fal calls, about {_usd(cost)}.",
            hint="Trim the clip, or raise KLING_V2A_MAX_INPUT_SECONDS in the server's environment.",
        )
    steps = _steps(info, calls)
    return Plan(
        steps=steps,
        segments=segments,
        fal_calls=calls,
        estimated_cost_usd=cost,
        summary=_summary(info, steps, calls, cost),
    )


def split_segments(
    duration: float,
    cuts: Sequence[float] = (),
    *,
    max_s: float = FAL_MAX_SECONDS,
    min_s: float = FAL_MIN_SECONDS,
    overlap_s: float = SEGMENT_OVERLAP_S,
) -> list[SegmentSpec]:
    """Cover [0, duration] with the fewest slices of min_s..max_s, overlapping by overlap_s, joined at cuts.

    Each join is a point b: the slice before it ends at b + overlap/2, the next starts at b - overlap/2, so
    the crossfade is centred on b. A join goes to the scene cut nearest an even spacing, among the cuts
    where every slice (including the rest of the clip) can still meet the limits; without one, to the even
    spacing itself. A slice whose join is a scene cut has `cut_at_scene` set.
    """
    limits = (max_s, min_s, overlap_s)
    return segments_for(duration, settle_joins(duration, cuts, limits=limits), limits=limits)


def segment_count(
    duration: float, *, max_s: float = FAL_MAX_SECONDS, overlap_s: float = SEGMENT_OVERLAP_S
) -> int:
    """How many overlapping slices of at most max_s cover a clip; cuts never change it."""
    if duration <= max_s:
        return 1
    return math.ceil((duration - overlap_s) / (max_s - overlap_s) - 1e-9)


Join = tuple[float, bool]  # where two slices meet, and whether that is at a scene cut


def settle_joins(
    duration: float,
    cuts: Sequence[float] = (),
    *,
    known_until: float = math.inf,
    fixed: Sequence[Join] = (),
    limits: tuple[float, float, float] = (FAL_MAX_SECONDS, FAL_MIN_SECONDS, SEGMENT_OVERLAP_S),
) -> list[Join]:
    """The joins `split_segments` makes, first to last, as far as scene cuts known up to `known_until` decide.

    A join depends only on the cuts inside its window, so it is settled once the cuts up to the window's end
    are known, while the rest of the clip is still being looked at. `fixed` are joins settled earlier (calls
    went out on them): they are kept as they are and the rest follow on from them.
    """
    max_s, min_s, overlap_s = limits
    count = segment_count(duration, max_s=max_s, overlap_s=overlap_s)
    half = overlap_s / 2
    ordered = sorted({round(c, 3) for c in cuts if 0 < c < duration})
    joins: list[Join] = list(fixed[: count - 1])
    previous = joins[-1][0] if joins else 0.0
    for k in range(len(joins) + 1, count):
        rest = count - k
        start = 0.0 if k == 1 else previous - half
        low = max(start + min_s - half, duration + half - rest * max_s + (rest - 1) * overlap_s)
        high = min(start + max_s - half, duration + half - max(min_s, rest * min_s - (rest - 1) * overlap_s))
        low, high = math.ceil(low * 1000 - 1e-6) / 1000, math.floor(high * 1000 + 1e-6) / 1000
        if high > known_until:
            break  # a cut not found yet could still move this join
        ideal = previous + (duration - previous) / (rest + 1)
        inside = [c for c in ordered if low <= c <= high]
        if inside:
            join, at_cut = min(inside, key=lambda c: (abs(c - ideal), c)), True
        else:
            join, at_cut = min(max(round(ideal, 3), low), high), False
        joins.append((join, at_cut))
        previous = join
    return joins


def segments_for(
    duration: float,
    joins: Sequence[Join],
    *,
    limits: tuple[float, float, float] = (FAL_MAX_SECONDS, FAL_MIN_SECONDS, SEGMENT_OVERLAP_S),
) -> list[SegmentSpec]:
    """The slices that `joins` (the first ones, or all) decide: each but the last ends at the join after it."""
    max_s, _, overlap_s = limits
    count = segment_count(duration, max_s=max_s, overlap_s=overlap_s)
    if count == 1:
        return [SegmentSpec(index=0, start_s=0.0, end_s=duration)]
    half = overlap_s / 2
    bounds = [(0.0, False), *joins[: count - 1], (duration, False)]
    known = count if len(joins) >= count - 1 else len(joins)
    segments = []
    for i in range(known):
        (left, at_cut), (right, _) = bounds[i], bounds[i + 1]
        start = 0.0 if i == 0 else round(left - half, 3)
        end = duration if i == count - 1 else round(right + half, 3)
        segments.append(SegmentSpec(index=i, start_s=start, end_s=end, cut_at_scene=at_cut))
    return segments


def _steps(info: VideoInfo, calls: int) -> list[PlanStep]:
    steps = []
    if reasons := _transcode_reasons(info):
        text = "; ".join(reasons)
        steps.append(PlanStep(kind="transcode", reason=text[0].upper() + text[1:] + "."))
    if info.size_bytes > FAL_MAX_BYTES:
        steps.append(
            PlanStep(
                kind="compress",
                reason=f"It is {info.size_bytes / 1e6:.0f} MB, over fal's 100 MB cap: it is re-encoded at a "
                f"moderate bit rate, at most {MAX_SHORT_SIDE}p, to fit under it.",
            )
        )
    if info.duration_s < FAL_MIN_SECONDS:
        steps.append(
            PlanStep(
                kind="pad",
                reason=f"It is {info.duration_s:.1f} s, under fal's 3 s minimum: the last frame is held to "
                f"3.0 s, and the soundtrack is trimmed back to {info.duration_s:.1f} s.",
            )
        )
    if calls > 1:
        steps.append(
            PlanStep(
                kind="split",
                reason=f"It is {info.duration_s:.1f} s, over fal's 20 s maximum: it is scored in {calls} "
                f"overlapping segments, cut at scene changes where possible, and the soundtracks are "
                f"joined with crossfades.",
            )
        )
    if info.has_audio:
        codec = _CODEC_NAMES.get(info.audio_codec or "", info.audio_codec or "its")
        steps.append(
            PlanStep(
                kind="strip_audio",
                reason=f"Its own {codec} audio track is not uploaded. By default the new soundtrack replaces "
                "it; score_video's original_audio='duck' keeps it with the new soundtrack dipping under it "
                "wherever it is active (speech, commentary), 'mix' keeps both throughout.",
            )
        )
    files = "1 file goes" if calls == 1 else f"{calls} files go"
    steps.append(PlanStep(kind="upload", reason=f"{files} to fal's storage, for {_calls(calls)}."))
    return steps


def _transcode_reasons(info: VideoInfo) -> list[str]:
    reasons = []
    codec = _CODEC_NAMES.get(info.video_codec, info.video_codec)
    if info.extension not in READY_EXTENSIONS:
        kind = info.extension.lstrip(".").upper() or "this"
        inner = "" if codec.upper() == kind else f" ({codec})"
        reasons.append(f"fal reads only MP4 and MOV files: this {kind} file{inner} is converted to H.264 MP4")
    elif info.video_codec not in READY_CODECS:
        reasons.append(f"its {codec} picture is converted to H.264, which fal's model reads reliably")
    ready_codec = info.extension in READY_EXTENSIONS and info.video_codec in READY_CODECS
    if ready_codec and (info.pixel_format or "yuv420p") not in READY_PIXEL_FORMATS:
        reasons.append(
            f"its {info.pixel_format} pixels are converted to the 8-bit 4:2:0 H.264 every player reads"
        )
    if info.rotation:
        reasons.append(
            f"the picture is stored turned {info.rotation} degrees: it is turned upright for the model"
        )
    return reasons


def _summary(info: VideoInfo, steps: list[PlanStep], calls: int, cost: float) -> str:
    length = f"{info.duration_s:.1f} s"
    if [s.kind for s in steps] == ["upload"]:
        return (
            f"Ready as it is: the {length} clip is uploaded unchanged, {_calls(calls)}, about {_usd(cost)}."
        )
    words = {
        "transcode": _transcode_words(info),
        "compress": "compressed under 100 MB",
        "pad": "padded to 3.0 s",
        "split": f"split into {calls} segments",
        "strip_audio": "stripped of its audio",
    }
    actions = [words[s.kind] for s in steps if s.kind in words]
    listed = actions[0] if len(actions) == 1 else ", ".join(actions[:-1]) + " and " + actions[-1]
    return f"Before upload the {length} clip is {listed}: {_calls(calls)}, about {_usd(cost)}."


def _transcode_words(info: VideoInfo) -> str:
    if info.extension not in READY_EXTENSIONS or info.video_codec not in READY_CODECS:
        return "converted to H.264 MP4"
    return "turned upright" if info.rotation else "re-encoded as 8-bit H.264"


def _calls(calls: int) -> str:
    return "1 fal call" if calls == 1 else f"{calls} fal calls"


def _usd(cost: float) -> str:
    return f"${cost:.2f}" if cost >= 1 else f"${cost:.3f}"
