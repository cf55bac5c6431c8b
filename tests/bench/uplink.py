"""Time to result on a home uplink: score_video with upload="auto" and "original" against the plain script.

The fake fal runs as its own process and carries uploads no faster than UPLINK_MBPS (shared by all uploads, like
one home connection). Each clip is scored end to end through the in-process server with upload="auto" and with
upload="original", and by the plain fal-client script (upload, subscribe, download both files), in one run:
- a phone-style clip: about 60 MB of 1080p60 H.264;
- a 4K-style clip: about 60 MB of 2160p30 H.264;
- a small clip (8 s of 640x360), where auto must send the clip as it is and cost nothing extra.
The clips are made once with PyAV (noise, the hardest picture to decode and encode) and kept in .bench/clips.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio

from tests.bench.harness import BENCH_KEY, REPO, bench_config, fake_fal_process, quiet_logs, score_once
from tests.bench.overhead import MUSIC, SFX, plain_script
from tests.bench.stats import pairwise_ratios, row, summary
from tests.clips import make_clip

UPLINK_MBPS = 20.0
LATENCY = 2.0
TARGET_AUTO = 0.4
TARGET_SMALL = 1.05
CLIPS = {
    "phone": {"duration": 20.0, "fps": 60, "size": (1920, 1080), "bit_rate": 24_000_000},
    "4k": {"duration": 10.0, "fps": 30, "size": (3840, 2160), "bit_rate": 48_000_000},
    "small": {"duration": 8.0, "fps": 30, "size": (640, 360), "bit_rate": 1_000_000},
}


CLIPS_DIR = REPO / ".bench" / "clips"


def clip_for(name: str) -> Path:
    """The benchmark's clip `name`, made once and kept under .bench/clips."""
    kept = CLIPS_DIR / f"uplink-{name}.mp4"
    if not kept.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        spec = CLIPS[name]
        tmp = kept.with_name(kept.stem + ".tmp.mp4")
        make_clip(tmp, noise=name != "small", keyframe_every=int(spec["fps"]), **spec)  # type: ignore[arg-type]
        tmp.replace(kept)
    return kept


async def _measure(url: str, folder: Path, clips: dict[str, Path], runs: int) -> dict[str, Any]:
    import fal_client
    from mcp import Client

    from server.app import build_server

    quiet_logs()
    config = bench_config(
        url, folder / "home", folder / "data", uplink_mbps=UPLINK_MBPS, allowed_dirs=(CLIPS_DIR,)
    )
    fal = fal_client.AsyncClient(key=BENCH_KEY)
    times: dict[str, dict[str, list[float]]] = {n: {"auto": [], "original": [], "script": []} for n in clips}
    plans: dict[str, Any] = {}
    async with Client(build_server(config)) as client:
        small = clips.get("small") or next(iter(clips.values()))
        await score_once(client, small, sound_effect_prompt=SFX)  # loads the libraries, opens connections
        await plain_script(fal, small, folder / "warm.mp3")
        for _ in range(runs):
            for name, clip in clips.items():
                for mode in ("auto", "original"):
                    took, job = await score_once(
                        client, clip, sound_effect_prompt=SFX, background_music_prompt=MUSIC, upload=mode
                    )
                    times[name][mode].append(took)
                    if mode == "auto":
                        plans[name] = {"proxy": job["plan"].get("proxy"), "summary": job["plan"]["summary"]}
                times[name]["script"].append(await plain_script(fal, clip, folder / f"script-{name}.mp3"))
    return {"times": times, "plans": plans}


def run(runs: int = 2, latency: float = LATENCY) -> dict[str, Any]:
    """Score each clip `runs` times each way on the limited uplink."""
    with tempfile.TemporaryDirectory(prefix="bench-uplink-") as tmp:
        folder = Path(tmp)
        (folder / "home").mkdir()
        started = time.perf_counter()
        clips = {name: clip_for(name) for name in CLIPS}
        made_s = time.perf_counter() - started
        sizes = {name: round(clip.stat().st_size / 1e6, 1) for name, clip in clips.items()}
        with fake_fal_process(latency, folder / "fake", upload_mbps=UPLINK_MBPS) as url:
            measured = anyio.run(_measure, url, folder, clips, runs)
    return {
        "latency_s": latency,
        "uplink_mbps": UPLINK_MBPS,
        "sizes_mb": sizes,
        "clips_made_s": round(made_s, 1),
        **measured,
    }


def rows(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Three rows: auto vs the plain script for the phone and the 4K clip, and auto vs original for a small clip."""
    out = []
    t, sizes, plans = raw["times"], raw["sizes_mb"], raw["plans"]
    for name, label in (("phone", "1080p60 phone clip"), ("4k", "2160p30 4K clip")):
        auto, script, original = t[name]["auto"], t[name]["script"], t[name]["original"]
        detail = (
            f"{sizes[name]:g} MB {label}, {raw['uplink_mbps']:g} Mbit/s simulated uplink, fake model latency "
            f'{raw["latency_s"]:g} s: upload="auto" {summary(auto)["median"]:.1f} s, upload="original" '
            f"{summary(original)['median']:.1f} s, plain fal-client script {summary(script)['median']:.1f} s. "
            f"Plan: {plans.get(name, {}).get('summary', '')}"
        )
        out.append(
            row(
                f"Time to result, {label} on a home uplink: auto vs plain script",
                pairwise_ratios(auto, script),
                unit="x",
                target=f"≤ {TARGET_AUTO:g}x",
                limit=TARGET_AUTO,
                detail=detail,
            )
        )
    small = t["small"]
    out.append(
        row(
            "Time to result, small clip: auto vs original",
            pairwise_ratios(small["auto"], small["original"]),
            unit="x",
            target=f"≤ {TARGET_SMALL:g}x",
            limit=TARGET_SMALL,
            detail=f"{sizes['small']:g} MB 640x360 clip, sent as it is either way: "
            f"{plans.get('small', {}).get('summary', '')}",
        )
    )
    return out


if __name__ == "__main__":
    import json

    sys.stdout.write(json.dumps(run(1), indent=2) + "\n")
