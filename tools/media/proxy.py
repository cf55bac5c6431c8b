"""The upload proxy: send fal a moderate H.264 rendition when that gets the result sooner than the clip itself.

fal's model reads picture-level events; it needs neither 4K nor 60 fps nor a phone's 25 Mbit/s, and its picture
is discarded anyway (the scored video keeps the person's original picture). On a home uplink the upload is often
the longest step, so a clip heavier than the model needs is rendered at 720p (the shorter side; never upscaled),
at most 30 fps and about 1.7 Mbit/s, when the estimated render time plus the smaller upload beats sending the clip
as it is. The estimate comes from render speeds measured on a 2-core machine (see README, Performance) scaled by
the cores here, and from the configured uplink (KLING_V2A_UPLINK_MBPS).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from tools.media.render import Rendition, choose_bit_rate, needs_render, output_rate, output_size
from tools.models import Plan, PlanStep, VideoInfo

UploadMode = Literal["auto", "original"]

PROXY = Rendition(max_height=720, max_fps=30, bits_per_pixel=0.06, max_rate=2_000_000, preset="ultrafast")
# A source within this factor of the proxy's bit rate, size and frame rate is already moderate: sent as it is.
HEAVY_FACTOR = 1.5
# Render speed per CPU core, in megapixels a second, measured on H.264 noise (the hardest case) at 1080p60:
# decoding the source, and scaling + encoding the proxy with the ultrafast preset (its picture is for the model's
# eyes only, and rate control keeps its size).
DECODE_MPIX_PER_CORE_S = 700.0
ENCODE_MPIX_PER_CORE_S = 145.0
# The proxy must save at least this much time, and this share of the original upload, to be worth making.
MIN_SAVING_S = 1.0
MIN_SAVING_SHARE = 0.1
CONTAINER_OVERHEAD = 1.03


@dataclass(frozen=True)
class UploadChoice:
    """Whether fal gets the proxy, the estimates behind it, and the sentence that says so."""

    proxy: bool
    reason: str
    original_bytes: int
    proxy_bytes: int = 0
    render_s: float = 0.0
    saved_s: float = 0.0


def send_seconds(size_bytes: float, uplink_mbps: float) -> float:
    """Seconds to upload `size_bytes` at `uplink_mbps`."""
    return size_bytes * 8 / (uplink_mbps * 1e6)


def _mb(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def choose_upload(
    info: VideoInfo, plan: Plan, *, mode: UploadMode, uplink_mbps: float, cores: int | None = None
) -> UploadChoice:
    """Decide between the clip (or the render fal needs anyway) and the proxy, from estimates only."""
    cores = max(1, cores or os.cpu_count() or 1)
    size = info.size_bytes
    seconds = max(info.duration_s, 0.001)
    if mode == "original":
        return UploadChoice(False, f"upload='original': fal gets the clip itself ({_mb(size)}).", size)
    width, height = output_size(info, PROXY.max_height)
    fps = output_rate(None, info, PROXY.max_fps)
    proxy_rate = choose_bit_rate(width, height, fps, seconds, 95_000_000, PROXY)
    proxy_bytes = int(proxy_rate * seconds / 8 * CONTAINER_OVERHEAD)
    source_rate = size * 8 / seconds
    source_fps = info.fps or float(fps)
    heavy = (
        source_rate > HEAVY_FACTOR * proxy_rate
        or min(info.width, info.height) > PROXY.max_height * HEAVY_FACTOR
        or source_fps > PROXY.max_fps * HEAVY_FACTOR
    )
    if not heavy:
        return UploadChoice(
            False,
            f"Sent as it is: at {source_rate / 1e6:.1f} Mbit/s and {min(info.width, info.height)}p it is "
            f"already moderate ({_mb(size)}).",
            size,
        )
    decode_s = info.width * info.height * source_fps * seconds / (DECODE_MPIX_PER_CORE_S * 1e6)
    encode_s = width * height * float(fps) * seconds / (ENCODE_MPIX_PER_CORE_S * 1e6)
    render_s = (decode_s + encode_s) / cores
    original_s = send_seconds(size, uplink_mbps)
    proxy_s = send_seconds(proxy_bytes, uplink_mbps)
    if needs_render(info, plan) and len(plan.segments) == 1:
        # A render happens anyway: the proxy's is smaller and quicker to make than a full-size one.
        saved = original_s - proxy_s
        return UploadChoice(
            True,
            f"It is re-encoded for fal anyway, so it goes as a {width}x{height} proxy of about "
            f"{_mb(proxy_bytes)} instead of {_mb(size)}; the scored video keeps your original picture.",
            size,
            proxy_bytes,
            round(render_s, 2),
            round(saved, 2),
        )
    saved = original_s - proxy_s - render_s
    at = f"at {uplink_mbps:g} Mbit/s (KLING_V2A_UPLINK_MBPS)"
    if saved >= max(MIN_SAVING_S, MIN_SAVING_SHARE * original_s):
        return UploadChoice(
            True,
            f"A {width}x{height} H.264 proxy of about {_mb(proxy_bytes)} goes to fal instead of the "
            f"{_mb(size)} clip: about {render_s:.1f} s to make and {proxy_s:.1f} s to send {at}, against "
            f"{original_s:.1f} s for the clip, so the result comes about {saved:.0f} s sooner. The scored video "
            "keeps your original picture.",
            size,
            proxy_bytes,
            round(render_s, 2),
            round(saved, 2),
        )
    return UploadChoice(
        False,
        f"Sent as it is ({_mb(size)}, about {original_s:.1f} s {at}): a proxy would take about "
        f"{render_s:.1f} s to make and save too little.",
        size,
        proxy_bytes,
        round(render_s, 2),
        round(saved, 2),
    )


def with_upload_choice(plan: Plan, info: VideoInfo, *, mode: UploadMode, uplink_mbps: float) -> Plan:
    """The plan with the upload decided: a `proxy` step when fal gets the proxy, else the reason in `upload`."""
    choice = choose_upload(info, plan, mode=mode, uplink_mbps=uplink_mbps)
    steps = list(plan.steps)
    at = next((i for i, s in enumerate(steps) if s.kind == "upload"), len(steps))
    if choice.proxy:
        steps.insert(at, PlanStep(kind="proxy", reason=choice.reason))
    elif at < len(steps):
        steps[at] = PlanStep(kind="upload", reason=f"{steps[at].reason} {choice.reason}")
    summary = plan.summary
    if choice.proxy:
        proxy = f"a moderate 720p proxy ({_mb(choice.proxy_bytes)} instead of {_mb(choice.original_bytes)})"
        if summary.startswith("Ready as it is: the "):
            summary = summary.replace("Ready as it is: the ", "The ", 1).replace(
                "is uploaded unchanged", f"goes to fal as {proxy}; your result keeps its original picture", 1
            )
        else:
            summary = f"{summary} fal gets {proxy}."
    return plan.model_copy(update={"steps": steps, "proxy": choice.proxy, "summary": summary})
