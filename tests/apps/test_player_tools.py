"""The player's server side through the SDK's in-process Client: hosts without Apps see today's results; the
app-only tools read only the job the app was opened for, in chunks under 1 MB; the HTML is self-contained."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import av
import pytest
from mcp import Client
from mcp.client.extension import advertise

from server.app import build_server
from server.apps import PLAYER_URI, TICKET_META, TIMELINE_URI, player_html
from server.render import job_result
from tests.clips import make_clip
from tools.models import ScoreJob
from tools.player import preview

pytestmark = pytest.mark.anyio

MODES = ["auto", "legacy"]
APPS = advertise("io.modelcontextprotocol/ui", {"mimeTypes": ["text/html;profile=mcp-app"]})
APP_TOOLS = {"player_media", "player_timeline", "player_keep_take"}
MB = 1024 * 1024


def apps_client(config, mode: str = "auto") -> Client:
    return Client(build_server(config), mode=mode, extensions=[APPS])


def wire(result) -> dict:
    return result.model_dump(mode="json", by_alias=True, exclude_none=True)


async def scored(client: Client, clip: Path) -> tuple[dict, str | None]:
    result = await client.call_tool("score_video", {"video": str(clip), "lint": "off"})
    assert not result.is_error, result.content
    ticket = ((result.meta or {}).get(TICKET_META) or {}).get("ticket")
    return result.structured_content, ticket


@pytest.mark.parametrize("mode", MODES)
async def test_a_host_without_apps_sees_todays_results_and_tools(config, clip, fake_fal, mode):
    async with Client(build_server(config), mode=mode) as plain:
        tools = {t.name for t in (await plain.list_tools()).tools}
        job, ticket = await scored(plain, clip)
        shown = await plain.call_tool("get_job", {"job_id": job["job_id"]})
    async with apps_client(config, mode) as apps:
        app_tools = {t.name for t in (await apps.list_tools()).tools}
        with_app = await apps.call_tool("get_job", {"job_id": job["job_id"]})

    assert APP_TOOLS.isdisjoint(tools) and app_tools >= APP_TOOLS
    assert tools == app_tools - APP_TOOLS
    # Exactly what the rendering of a job gives, with no ticket for a host that cannot show the app (the SDK's own
    # serverInfo stamp on the 2026 protocol aside).
    assert ticket is None and TICKET_META not in (shown.meta or {})
    today = job_result(ScoreJob.model_validate(shown.structured_content))
    assert [c.model_dump() for c in shown.content] == [c.model_dump() for c in today.content]
    assert shown.structured_content == today.structured_content
    # An Apps host gets the same result plus the ticket of this job in _meta.
    assert with_app.structured_content == shown.structured_content
    assert [c.model_dump() for c in with_app.content] == [c.model_dump() for c in shown.content]
    assert set(with_app.meta or {}) == {TICKET_META, *(shown.meta or {})}


async def test_the_app_only_tools_refuse_other_jobs_and_files_outside_the_job(config, workspace, fake_fal):
    other_clip = make_clip(workspace.home / "other.mp4", duration=2.0)
    clip = make_clip(workspace.home / "walk.mp4", duration=2.0)
    async with apps_client(config) as client:
        job, ticket = await scored(client, clip)
        other, other_ticket = await scored(client, other_clip)
        assert ticket and other_ticket and ticket != other_ticket
        link = workspace.out / "link.mp4"
        link.symlink_to(clip)

        async def media(job_id: str, given: str | None, path: str) -> str | None:
            result = await client.call_tool(
                "player_media", {"job_id": job_id, "ticket": given or "", "path": path}
            )
            return result.content[0].text if result.is_error else None

        assert await media(job["job_id"], ticket, job["video_path"]) is None  # its own file is read
        refusals = [
            await media(job["job_id"], other_ticket, job["video_path"]),  # another job's ticket
            await media(other["job_id"], ticket, other["video_path"]),  # another job, with this ticket
            await media(job["job_id"], None, job["video_path"]),  # no ticket
            await media(job["job_id"], ticket, other["video_path"]),  # another job's file
            await media(job["job_id"], ticket, str(clip)),  # the input, not a result
            await media(job["job_id"], ticket, str(Path(job["video_path"]).parent / ".." / "walk.mp4")),
            await media(job["job_id"], ticket, str(link)),  # a link to a file outside the job
            await media(job["job_id"], ticket, str(workspace.data / "player.key")),
        ]
        timeline = await client.call_tool(
            "player_timeline", {"job_id": other["job_id"], "ticket": ticket, "path": other["video_path"]}
        )
        keep = await client.call_tool(
            "player_keep_take", {"job_id": other["job_id"], "ticket": ticket, "take": 1}
        )
    assert all(r is not None and r.startswith("[not_this_job]") for r in refusals), refusals
    assert timeline.is_error and timeline.content[0].text.startswith("[not_this_job]")
    assert keep.is_error and keep.content[0].text.startswith("[not_this_job]")
    assert "Traceback" not in "".join(refusals)  # type: ignore[arg-type]


async def test_media_comes_in_chunks_under_1_mb_whole_or_as_a_playable_preview(
    config, workspace, fake_fal, monkeypatch
):
    big = make_clip(workspace.home / "big.mp4", duration=4.0, size=(640, 360), noise=True, bit_rate=4_000_000)
    async with apps_client(config) as client:
        job, ticket = await scored(client, big)
        size = Path(job["video_path"]).stat().st_size
        assert size > 2 * 576 * 1024  # at least three chunks

        async def read_all(plays: list[str]) -> tuple[bytes, dict, int]:
            parts, offset, messages, chunk = [], 0, 0, {}
            while True:
                result = await client.call_tool(
                    "player_media",
                    {
                        "job_id": job["job_id"],
                        "ticket": ticket,
                        "path": job["video_path"],
                        "plays": plays,
                        "offset": offset,
                    },
                )
                assert not result.is_error, result.content
                assert len(json.dumps(wire(result)).encode()) < MB
                chunk = result.structured_content
                parts.append(base64.b64decode(chunk["data"]))
                offset += len(parts[-1])
                messages += 1
                if chunk["done"]:
                    return b"".join(parts), chunk, messages

        whole, chunk, messages = await read_all(["h264", "aac", "mp3"])
        assert whole == Path(job["video_path"]).read_bytes() and not chunk["preview"] and messages >= 3
        assert chunk["mime"] == "video/mp4"

        # A browser that plays neither H.264 nor AAC gets the small WebM made for the app.
        small, chunk, _ = await read_all(["vp8", "vp9", "opus"])
        # So does a result too large to send whole.
        monkeypatch.setattr(preview, "ORIGINAL_UP_TO_BYTES", 1000)
        again, chunk2, _ = await read_all(["h264", "aac"])
    assert chunk["preview"] and chunk["mime"] == "video/webm" and chunk2["preview"] and again == small
    assert len(small) < size
    out = workspace.out / "preview.webm"
    out.write_bytes(small)
    with av.open(str(out)) as c:
        codecs = sorted(s.codec_context.name for s in c.streams)
        frames = sum(1 for _ in c.decode(video=0))
        duration = c.duration / 1e6
    assert codecs == ["opus", "vp9"]
    assert frames == 4 * 24  # make_clip's 24 fps: every picture is there
    assert duration == pytest.approx(4.0, abs=1 / 24 + 0.03)


async def test_the_app_is_one_self_contained_document_under_150_kb(config):
    html = player_html()
    assert len(html.encode()) < 150 * 1024
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(
        r"@import|url\(\s*['\"]?(https?:)?//|fetch\(|XMLHttpRequest|WebSocket|EventSource", html
    )
    async with apps_client(config) as client:
        for uri in (PLAYER_URI, TIMELINE_URI):
            read = await client.read_resource(uri)
            content = read.contents[0]
            assert content.mime_type == "text/html;profile=mcp-app"
            assert content.text == html
        listed = {str(r.uri): r for r in (await client.list_resources()).resources}
    csp = listed[PLAYER_URI].meta["ui"]["csp"]
    assert not csp.get("connectDomains") and not csp.get("resourceDomains")
