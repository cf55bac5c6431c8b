"""What clients that are not ours check: error codes and texts, resource types, and the size and validity of the
tool schemas (the TypeScript SDK's client validates every structured result against its tool's output schema)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import anyio
import httpx
import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from mcp.shared.exceptions import MCPError

from server.app import build_server
from tests.clips import make_clip
from tests.fakefal.server import FakeFal
from tests.server.test_http import INITIALIZE, MCP_HEADERS, http_server_process

pytestmark = pytest.mark.anyio

INVALID_PARAMS = -32602
UNKNOWN = "job_0123456789ab"


def check_against(schema: dict, value: dict) -> None:
    """Fail with every violation of a JSON Schema (2020-12, as MCP output schemas are)."""
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(value)]
    assert not errors, errors


async def test_every_result_validates_against_the_compact_schemas_and_the_video_type_is_the_links(
    config, workspace, fake_fal
):
    clips = [
        make_clip(workspace.home / f"walk{ext}", duration=3.5)
        for ext in (".mp4", ".mov", ".mkv", ".webm", ".avi")
    ]
    async with Client(build_server(config)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        results = {}
        for clip in clips:
            result = await client.call_tool(
                "score_video", {"video": str(clip), "sound_effect_prompt": "steps"}
            )
            job = result.structured_content
            assert not result.is_error and job["status"] == "completed", result.content
            check_against(tools["score_video"].output_schema, job)
            links = {c.uri: c for c in result.content if c.type == "resource_link"}
            for uri, link in links.items():
                read = (await client.read_resource(str(uri))).contents[0]
                assert read.mime_type == link.mime_type, (clip.suffix, uri)
            video = links[f"kling-v2a://jobs/{job['job_id']}/video"]
            results[clip.suffix] = video.mime_type
            check_against(
                tools["get_job"].output_schema,
                (await client.call_tool("get_job", {"job_id": job["job_id"]})).structured_content,
            )
        fake_fal.set_fault("reject_422", field="video_url", msg="Unsupported video")
        failed = await client.call_tool(
            "score_video", {"video": str(clips[0]), "reuse": False, "wait_seconds": 30}
        )
        check_against(tools["score_video"].output_schema, failed.structured_content)
        check_against(
            tools["list_jobs"].output_schema, (await client.call_tool("list_jobs", {})).structured_content
        )
        check_against(
            tools["cancel_job"].output_schema,
            (
                await client.call_tool("cancel_job", {"job_id": failed.structured_content["job_id"]})
            ).structured_content,
        )
        lint = await client.call_tool("lint_prompt", {"sound_effect_prompt": "epic cinematic sounds"})
        check_against(tools["lint_prompt"].output_schema, lint.structured_content)
        inspected = await client.call_tool("inspect_video", {"video": str(clips[0])})
        check_against(tools["inspect_video"].output_schema, inspected.structured_content)
    assert results == {
        ".mp4": "video/mp4",
        ".mov": "video/quicktime",
        ".mkv": "video/x-matroska",
        ".webm": "video/webm",
        ".avi": "video/x-msvideo",
    }


async def test_a_tool_error_reads_code_message_and_hint_with_nothing_before_it(config, workspace):
    async with Client(build_server(config)) as client:
        result = await client.call_tool("score_video", {"video": str(workspace.home / "nowhere.mp4")})
        unknown = await client.call_tool("get_job", {"job_id": UNKNOWN})
    assert result.is_error and result.content[0].text.startswith("[input_not_found] ")
    assert unknown.is_error and unknown.content[0].text.startswith("[job_not_found] No job")
    assert str(workspace.data) not in unknown.content[0].text


async def test_inspecting_one_clip_ten_times_leaves_one_contact_sheet(config, workspace, clip):
    (workspace.home / "elsewhere").mkdir()
    other = make_clip(workspace.home / "elsewhere" / "walk.mp4", duration=3.5, cuts=[1.5])
    async with Client(build_server(config)) as client:
        paths = {
            (await client.call_tool("inspect_video", {"video": str(clip), "frames": 3})).structured_content[
                "contact_sheet_path"
            ]
            for _ in range(10)
        }
        # Another clip of the same name is another picture: it gets a sheet of its own.
        elsewhere = (
            await client.call_tool("inspect_video", {"video": str(other), "frames": 3})
        ).structured_content
    sheets = sorted(p.name for p in workspace.out.glob("*.jpg"))
    assert len(paths) == 1 and sheets == ["walk.contact-sheet-2.jpg", "walk.contact-sheet.jpg"]
    assert Path(elsewhere["contact_sheet_path"]).name == "walk.contact-sheet-2.jpg"


async def test_prompts_get_without_its_argument_or_of_an_unknown_prompt_is_invalid_params_without_a_traceback(
    config, caplog
):
    caplog.set_level(logging.DEBUG)
    async with Client(build_server(config)) as client:
        with pytest.raises(MCPError) as missing:
            await client.get_prompt("score_clip", {"idea": "rain"})
        with pytest.raises(MCPError) as unknown:
            await client.get_prompt("no_such_prompt", {})
        good = await client.get_prompt("score_clip", {"video": "~/walk.mp4"})
    assert missing.value.code == INVALID_PARAMS and "video" in missing.value.message
    assert unknown.value.code == INVALID_PARAMS and "score_clip" in unknown.value.message
    assert "inspect_video" in good.messages[0].content.text
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


def test_over_http_unknown_jobs_are_invalid_params_that_name_no_path_and_tools_list_is_small(workspace):
    with FakeFal() as fake, http_server_process(workspace.env(fake.url)) as url:
        size = tools_list_bytes(url)

        async def read_all() -> list[tuple[int, str]]:
            said = []
            async with Client(url) as client:
                for suffix in ("", "/video", "/audio"):
                    with pytest.raises(MCPError) as err:
                        await client.read_resource(f"kling-v2a://jobs/{UNKNOWN}{suffix}")
                    said.append((err.value.code, err.value.message))
                tool = await client.call_tool("get_job", {"job_id": UNKNOWN})
                said.append((0, tool.content[0].text))
            return said

        said = anyio.run(read_all)
    assert [code for code, _ in said[:3]] == [INVALID_PARAMS] * 3
    for _, message in said:
        assert (
            "No job" in message and str(workspace.data) not in message and "/" not in message.split("job_")[0]
        )
    assert size < 20_000, f"tools/list is {size} bytes"


def tools_list_bytes(url: str) -> int:
    """The size of the tools/list answer as a client with MCP Apps support receives it (it lists the app-only
    tools too): the JSON-RPC message, on the wire."""
    initialize = json.loads(json.dumps(INITIALIZE))
    initialize["params"]["capabilities"]["extensions"] = {
        "io.modelcontextprotocol/ui": {"mimeTypes": ["text/html;profile=mcp-app"]}
    }
    with httpx.Client(timeout=10, headers=MCP_HEADERS) as http:
        init = http.post(url, json=initialize)
        session = {"mcp-session-id": init.headers["mcp-session-id"], "mcp-protocol-version": "2025-06-18"}
        http.post(url, json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=session)
        answer = http.post(url, json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, headers=session)
    body = answer.text
    if answer.headers["content-type"].startswith("text/event-stream"):
        body = "".join(line[5:].strip() for line in body.splitlines() if line.startswith("data:"))
    names = {t["name"] for t in json.loads(body)["result"]["tools"]}
    assert {"score_video", "player_media"} <= names, names  # the app-only tools are counted
    return len(body.encode())


def test_over_http_an_unusable_data_folder_is_named_without_its_path(workspace, tmp_path):
    workspace.data.parent.mkdir(parents=True, exist_ok=True)
    workspace.data.write_text("a file where the data folder goes")

    async def refused() -> list[str]:
        async with Client(url) as client:
            listing = await client.call_tool("list_jobs", {})
            with pytest.raises(MCPError) as read:
                await client.read_resource(f"kling-v2a://jobs/{UNKNOWN}")
        return [listing.content[0].text, read.value.message]

    with FakeFal() as fake, http_server_process(workspace.env(fake.url)) as url:
        said = anyio.run(refused)
    assert said[0].startswith("[data_dir_unusable]") and "the server's data folder" in said[0], said
    assert all(str(workspace.data) not in text for text in said), said
