"""score_video's original_audio and loudness_lufs over MCP: in the schema, in the result, refused when out of range."""

from __future__ import annotations

import pytest
from mcp import Client

from server.app import build_server
from tests import meter
from tests.tools.finish.talking import talking_clip

pytestmark = pytest.mark.anyio


async def test_score_video_takes_the_finishing_and_reports_the_soundtrack(config, workspace, fake_fal):
    src = talking_clip(workspace.home / "interview.mp4", 4.6)
    async with Client(build_server(config)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        schema = tools["score_video"].input_schema["properties"]
        assert schema["original_audio"]["enum"] == ["replace", "mix", "duck"]
        assert "soundtrack" in tools["score_video"].output_schema["properties"]
        refused = await client.call_tool("score_video", {"video": str(src), "loudness_lufs": -3})
        assert refused.is_error
        result = await client.call_tool(
            "score_video", {"video": str(src), "original_audio": "mix", "loudness_lufs": -23, "lint": "off"}
        )
    assert not result.is_error, result.content
    job = result.structured_content
    assert job["status"] == "completed" and job["soundtrack"]["original_audio"] == "mix"
    assert abs(job["soundtrack"]["integrated_lufs"] + 23) <= 0.3
    x = meter.decode(job["video_path"])
    assert abs(meter.integrated_lufs(x) + 23) <= 0.5 and meter.true_peak_dbtp(x) <= -1.0
    assert fake_fal.uploads and len(fake_fal.submits) == 1  # the refused call cost nothing
