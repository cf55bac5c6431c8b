"""Media benchmark: probe cost against file size, upload rendering speed, and rendering memory.

Run from the repository root: `.venv/bin/python -m tests.bench.bench_media`. `run()` returns the figures as a
dict; everything it generates lives in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.clips import make_clip
from tools.media.probe import probe
from tools.media.render import render_upload

REPO = Path(__file__).resolve().parents[2]
PROBE_RUNS = 7

# Peak RSS of the rendering process alone. VmHWM belongs to the process's own memory map, unlike ru_maxrss,
# which on Linux also counts what the parent had when it forked.
_PEAK_RSS = """
import sys
from pathlib import Path
from tools.media.probe import probe
from tools.media.render import render_upload
src = Path(sys.argv[1])
render_upload(src, probe(src), Path(sys.argv[2]))
status = Path("/proc/self/status").read_text()
print(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024)
"""


def _median_probe_seconds(path: Path) -> float:
    probe(path)  # warm the page cache and the codec tables, so runs compare like with like
    times = []
    for _ in range(PROBE_RUNS):
        start = time.perf_counter()
        probe(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, float]:
    """Measure and return the media figures."""
    with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
        folder = Path(tmp)
        # The same kind of picture in both, so the ratio isolates the file's size (and length).
        noise = {"fps": 36, "size": (320, 240), "noise": True, "bit_rate": 100_000_000}
        small = make_clip(folder / "small.mp4", duration=0.2, **noise)  # type: ignore[arg-type]
        large = make_clip(folder / "large.mp4", duration=20.0, **noise)  # type: ignore[arg-type]
        probe_small, probe_large = _median_probe_seconds(small), _median_probe_seconds(large)

        # H.264 in Matroska is not ready for fal, so this is a full decode, convert and encode.
        hd = make_clip(folder / "hd.mkv", duration=10.0, fps=24, size=(1280, 720), cuts=(4.0, 7.0))
        start = time.perf_counter()
        render_upload(hd, probe(hd), folder / "hd.upload.mp4")
        render_seconds = time.perf_counter() - start
        # A ready MP4 that only carries sound: its picture is copied, not encoded.
        ready = make_clip(folder / "ready.mp4", duration=10.0, fps=24, size=(1280, 720), audio=True)
        start = time.perf_counter()
        render_upload(ready, probe(ready), folder / "ready.upload.mp4")
        copy_seconds = time.perf_counter() - start

        done = subprocess.run(
            [sys.executable, "-c", _PEAK_RSS, str(large), str(folder / "large.upload.mp4")],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        peak = int(done.stdout.strip().splitlines()[-1])
        return {
            "probe_small_file_mb": round(small.stat().st_size / 1e6, 2),
            "probe_large_file_mb": round(large.stat().st_size / 1e6, 2),
            "probe_small_ms": round(probe_small * 1000, 3),
            "probe_large_ms": round(probe_large * 1000, 3),
            "probe_large_to_small_ratio": round(probe_large / probe_small, 2),
            "render_720p_10s_seconds": round(render_seconds, 3),
            "render_720p_speed_x_realtime": round(10.0 / render_seconds, 2),
            "strip_audio_copy_720p_10s_seconds": round(copy_seconds, 3),
            "render_large_peak_rss_mb": round(peak / 1e6, 1),
            "render_large_peak_rss_to_input_ratio": round(peak / large.stat().st_size, 2),
        }


if __name__ == "__main__":
    json.dump(run(), sys.stdout, indent=2)
    sys.stdout.write("\n")
