"""The player app in headless Chromium, inside a minimal MCP Apps host page relaying to the real kling-v2a-mcp (over
stdio) with the loopback fake of fal: playback, markers at the picture's events, seeking, takes, score again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import anyio
import pytest

from tests.apps.cdp import browser, chromium_path
from tests.apps.clip import make_bounce_and_cut
from tests.apps.harness import HostPage, StdioMcp
from tools.jobs.prepare import ScoreRequest, Take
from tools.jobs.runner import JobRunner
from tools.media.probe import probe

FPS = 24
FRAME = 1 / FPS
REQUIRED = os.environ.get("KLING_V2A_REQUIRE_BROWSER") == "1"
CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="no chromium here (apt-get install chromium); .ci/run installs it",
)
EDITED = "glass marble bouncing on a wooden floor, three soft knocks"

VIDEO_READY = (
    "(() => { const v = document.getElementById('video'); return v.readyState >= 1 && v.duration > 0 })()"
)
MARKERS = """(() => {
  const box = document.getElementById('timeline').getBoundingClientRect();
  return [...document.querySelectorAll('#timeline .marker')].map(m => {
    const r = m.getBoundingClientRect();
    return {kind: m.dataset.kind, time: Number(m.dataset.time), x: (r.left + r.width / 2 - box.left) / box.width};
  });
})()"""


def at(expr: str) -> str:
    return f"(() => {{ const v = document.getElementById('video'); return {expr}; }})()"


async def _takes_job(config, clip: Path) -> str:
    async with JobRunner(config) as runner:
        takes = (
            Take("ball bouncing on concrete, hollow knocks", ""),
            Take("rubber ball thuds, room echo", ""),
        )
        job = await runner.score(ScoreRequest(video=str(clip), lint="warn", takes=takes))
        job = await runner.wait(job.job_id, 60)
        assert job.status == "completed", job
        return job.job_id


def test_the_player_plays_the_job_with_its_timeline_takes_and_score_again(
    workspace, fake_fal, config, tmp_path
):
    assert CHROMIUM, "chromium is not installed"
    artifacts = Path(os.environ.get("KLING_V2A_ARTIFACTS") or tmp_path)
    clip = workspace.home / "bounce.mp4"
    impacts, cuts = make_bounce_and_cut(clip, fps=FPS)
    job_id = anyio.run(_takes_job, config, clip)

    server = StdioMcp(workspace.env(fake_fal.url))
    try:
        resource = server.result("resources/read", {"uri": "ui://kling-v2a/player"})["contents"][0]
        tools = server.result("tools/list", {})["tools"]
        shown = server.result("tools/call", {"name": "get_job", "arguments": {"job_id": job_id}})
        job = shown["structuredContent"]
        take1, take2 = sorted(job["takes"], key=lambda t: t["index"])
        duration = probe(Path(take1["video_path"])).duration_s

        with browser(CHROMIUM) as b:
            host = HostPage(b, server)
            host.start(
                {
                    "html": resource["text"],
                    "csp": resource["_meta"]["ui"]["csp"],
                    "tools": tools,
                    "args": {"job_id": job_id},
                    "result": shown,
                }
            )
            # The first take plays, through the host: its duration is the job's (within a frame).
            host.until(VIDEO_READY, "the video to load", 120)
            assert host.app_eval(at("v.dataset.path")) == take1["video_path"]
            assert host.app_eval(at("v.dataset.preview")) == "0"  # Debian's Chromium plays the H.264/AAC file
            assert host.app_eval(at("v.duration")) == pytest.approx(duration, abs=FRAME)
            host.app_eval(at("v.play().then(() => true)"))
            host.until(at("v.currentTime > 0.4"), "playback to advance", 60)
            host.app_eval(at("(v.pause(), true)"))

            # A marker at each known impact and cut, drawn where its time is; clicking one seeks there.
            host.until("document.querySelectorAll('#timeline .marker').length > 0", "the timeline", 60)
            markers = host.app_eval(MARKERS)
            for kind, times in (("impact", impacts), ("scene_cut", cuts)):
                for t in times:
                    near = [m for m in markers if m["kind"] == kind and abs(m["time"] - t) <= FRAME]
                    assert near, (kind, t, markers)
                    assert near[0]["x"] * duration == pytest.approx(near[0]["time"], abs=FRAME)
            for m in markers:
                host.app_eval(
                    f"(document.querySelector('#timeline .marker[data-time=\"{m['time']}\"]').click(), true)"
                )
                host.until(at(f"Math.abs(v.currentTime - {m['time']}) < {FRAME} && !v.seeking"), "a seek", 30)
            host.screenshot(artifacts / "player-take-1.png")

            # Switching takes keeps the playhead. Take 2 comes as the WebM preview: the app now finds no H.264/AAC.
            host.app_eval("(document.documentElement.dataset.withoutProprietaryCodecs = '1', true)")
            mark = cuts[0] - 0.6
            host.app_eval(at(f"(v.currentTime = {mark}, true)"))
            host.until(
                at(f"!v.seeking && Math.abs(v.currentTime - {mark}) < 0.01"), "the seek before the switch"
            )
            host.app_eval("(document.querySelector('#takes button[data-take=\"2\"]').click(), true)")
            host.until(at(f"v.dataset.path === {json.dumps(take2['video_path'])}"), "take 2", 120)
            host.until(VIDEO_READY, "take 2 to load", 60)
            host.until(at(f"Math.abs(v.currentTime - {mark}) < {FRAME}"), "the playhead kept", 30)
            assert host.app_eval(at("v.dataset.preview")) == "1"
            assert host.app_eval(at("v.duration")) == pytest.approx(duration, abs=FRAME)
            host.app_eval(at("v.play().then(() => true)"))
            host.until(at(f"v.currentTime > {mark} + 0.3"), "the preview to play on", 60)
            host.app_eval(at("(v.pause(), true)"))

            # Keep this one: take 2's files are copied to the plain result names.
            host.app_eval("(document.getElementById('keep').click(), true)")
            kept = host.until("document.getElementById('kept').textContent", "the kept take", 30)
            plain = workspace.out / "bounce.scored.mp4"
            assert str(plain) in kept, kept
            assert plain.read_bytes() == Path(take2["video_path"]).read_bytes()

            # Score again with an edited prompt: the cost is on screen before sending, then a tools/call goes out.
            cost = host.app_eval("document.getElementById('cost').textContent")
            assert "USD" in cost, cost
            host.app_eval(
                "(() => { const t = document.getElementById('sfx'); t.value = "
                + json.dumps(EDITED)
                + "; t.dispatchEvent(new Event('input')); document.getElementById('send').click(); return true })()"
            )
            host.until("document.getElementById('title').textContent.length > 0", "the title")
            calls = bounded_calls(host, "score_video")
            assert calls[-1]["arguments"]["sound_effect_prompt"] == EDITED
            assert calls[-1]["arguments"]["video"] == str(clip)
            host.until(
                at("v.readyState >= 1 && !v.dataset.path.includes('.take-')"), "the new job's video", 120
            )
            host.screenshot(artifacts / "player-score-again.png")
            log = host.host_eval("window.hostLog")

            # inspect_video's timeline view: the same markers from the inspection's own analysis.
            timeline = server.result("resources/read", {"uri": "ui://kling-v2a/timeline"})["contents"][0]
            inspected = server.result(
                "tools/call", {"name": "inspect_video", "arguments": {"video": str(clip)}}
            )
            events = inspected["structuredContent"]["analysis"]["events"]
            host.start(
                {
                    "html": timeline["text"],
                    "csp": timeline["_meta"]["ui"]["csp"],
                    "tools": tools,
                    "args": {"video": str(clip)},
                    "result": inspected,
                }
            )
            shown_times = host.until(
                f"(() => {{ const m = [...document.querySelectorAll('#timeline .marker')];"
                f" return m.length === {len(events)} && m.map(x => Number(x.dataset.time)) }})()",
                "the inspection's markers",
            )
            assert shown_times == [e["time_s"] for e in events]
            for t in impacts + cuts:
                assert min(abs(s - t) for s in shown_times) <= FRAME
            host.screenshot(artifacts / "timeline-inspect.png")

        assert [s["sound_effect_prompt"] for s in fake_fal.submits].count(EDITED) == 1
        # The app asked the host only for what the spec lets it, and the page fetched nothing but itself.
        assert log["refused"] == []
        names = [c["name"] for c in log["calls"]]
        # The new job answered at once (wait_seconds 0) and the app followed it by polling get_job.
        assert "get_job" in names[names.index("score_video") :]
        assert {c["name"] for c in log["calls"]} <= {
            "player_media",
            "player_timeline",
            "player_keep_take",
            "get_job",
            "score_video",
        }
        outside = [u for u in host.requests if not u.startswith(("data:", "about:")) and u != host_page_uri()]
        assert outside == [], outside
        assert host_page_uri() in host.requests  # the page's own load was seen: the watch on requests works
        (artifacts / "requests.json").write_text(json.dumps([u[:80] for u in host.requests], indent=1))
        assert not [e for e in host.console_errors if "Content Security Policy" in e], host.console_errors
    finally:
        server.close()


def bounded_calls(host: HostPage, name: str) -> list[dict]:
    from tests.apps.cdp import bounded

    def calls() -> list[dict]:
        return [c for c in host.host_eval("window.hostLog.calls") if c["name"] == name]

    return bounded(calls, host.pump, 30, f"a {name} call")


def host_page_uri() -> str:
    from tests.apps.harness import HOST_PAGE

    return HOST_PAGE.as_uri()
