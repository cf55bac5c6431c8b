"""inspect_video, the score_clip prompt and the prompt guide over MCP."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from mcp import Client
from PIL import Image

from server.app import build_server
from tests.clips import make_clip, make_empty, make_not_a_video
from tests.tools.inspection import synth

pytestmark = pytest.mark.anyio


async def test_inspect_video_shows_metadata_plan_events_and_a_contact_sheet(config, workspace, fake_fal):
    src = make_clip(workspace.home / "cuts.mp4", duration=6.0, cuts=(2.0, 4.0), size=(320, 240))
    async with Client(build_server(config)) as client:
        result = await client.call_tool("inspect_video", {"video": str(src), "frames": 4})
    assert not result.is_error, result.content
    report = result.structured_content
    assert report["metadata"]["duration_s"] == pytest.approx(6.0, abs=0.1)
    assert report["plan"]["fal_calls"] == 1 and report["plan"]["estimated_cost_usd"] == pytest.approx(0.035)
    cuts = [e["time_s"] for e in report["analysis"]["events"] if e["kind"] == "scene_cut"]
    assert any(abs(c - 2.0) <= 0.1 for c in cuts) and any(abs(c - 4.0) <= 0.1 for c in cuts)
    images = [c for c in result.content if c.type == "image"]
    assert len(images) == 1 and images[0].mime_type == "image/jpeg"
    jpeg = base64.b64decode(images[0].data)
    assert len(jpeg) < 300_000
    assert Image.open(io.BytesIO(jpeg)).format == "JPEG"
    assert Path(report["contact_sheet_path"]).read_bytes() == jpeg
    assert "lint_prompt (pass this result's analysis" in report["next_step"]
    assert fake_fal.uploads == [] and fake_fal.submits == []


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("text", "not_a_video"),
        ("empty", "not_a_video"),
        ("outside", "path_not_allowed"),
        ("hidden", "path_not_allowed"),
        ("missing", "input_not_found"),
    ],
)
async def test_inspect_video_refuses_bad_input_like_score_video(config, workspace, tmp_path, kind, code):
    if kind == "text":
        path = make_not_a_video(workspace.home / "notes.mp4")
    elif kind == "empty":
        path = make_empty(workspace.home / "empty.mp4")
    elif kind == "outside":
        path = make_clip(tmp_path / "outside.mp4", duration=3.5)
    elif kind == "hidden":
        (workspace.home / ".private").mkdir()
        path = make_clip(workspace.home / ".private" / "clip.mp4", duration=3.5)
    else:
        path = workspace.home / "nowhere.mp4"
    async with Client(build_server(config)) as client:
        inspected = await client.call_tool("inspect_video", {"video": str(path)})
        scored = await client.call_tool("score_video", {"video": str(path)})
    assert inspected.is_error and scored.is_error
    # The same error, word for word, as README shows it: "[code] message hint", no tool name before it.
    said = [r.content[0].text for r in (inspected, scored)]
    assert said[0] == said[1]
    assert said[0].startswith(f"[{code}] ")
    assert not workspace.out.exists() or not list(workspace.out.iterdir())


async def test_the_score_clip_prompt_walks_through_inspect_lint_and_score(config):
    async with Client(build_server(config)) as client:
        prompts = {p.name for p in (await client.list_prompts()).prompts}
        assert "score_clip" in prompts
        prompt = await client.get_prompt("score_clip", {"video": "~/Videos/walk.mov", "idea": "footsteps"})
    text = prompt.messages[0].content.text
    assert text.index("inspect_video") < text.index("lint_prompt") < text.index("score_video")
    assert "'~/Videos/walk.mov'" in text and '"footsteps"' in text
    assert "analysis=" in text  # hands the inspection on to lint_prompt


async def test_the_guides_are_resources(config):
    async with Client(build_server(config)) as client:
        guide = await client.read_resource("kling-v2a://docs/prompt-guide")
        rules = await client.read_resource("kling-v2a://docs/lint-rules")
    text = guide.contents[0].text
    assert "Name events, not genres" in text
    assert text.index("`inspect_video`") < text.index("`lint_prompt`") < text.index("`score_video`")
    assert "directorial-language" in rules.contents[0].text


def _first_impact_s(report: dict) -> float | None:
    """The picture's first impact time as the ambience-first finding states it, if it does."""
    for finding in report["findings"]:
        found = re.search(r"first impact is at ([0-9.]+) s", finding["message"])
        if found:
            return float(found.group(1))
    return None


async def test_lint_prompt_orders_by_the_clips_events_from_a_path_or_an_inspection(config, workspace):
    src = workspace.home / "bounce.mp4"
    impacts = synth.make_bounce(src)
    args = {"sound_effect_prompt": "rain ambience, thud"}
    async with Client(build_server(config)) as client:
        words_only = await client.call_tool("lint_prompt", args)
        with_clip = await client.call_tool("lint_prompt", {**args, "video": str(src)})
        inspected = await client.call_tool("inspect_video", {"video": str(src), "frames": 1})
        analysis = inspected.structured_content["analysis"]
        # Handed over in any order, the events are read in on-screen order.
        shuffled = {**analysis, "events": analysis["events"][::-1]}
        with_inspection = await client.call_tool("lint_prompt", {**args, "analysis": shuffled})
    assert not with_clip.is_error and not with_inspection.is_error, with_inspection.content
    assert _first_impact_s(words_only.structured_content) is None
    first = _first_impact_s(with_clip.structured_content)
    assert first is not None and abs(first - impacts[0]) <= 0.2
    assert with_inspection.structured_content == with_clip.structured_content


async def test_lint_prompt_refuses_a_video_that_is_not_one_and_an_inspection_that_is_malformed(
    config, workspace
):
    notes = make_not_a_video(workspace.home / "notes.mp4")
    args = {"sound_effect_prompt": "glass shatter, footsteps on tile", "scene": "a kitchen"}
    async with Client(build_server(config)) as client:
        refused = await client.call_tool("lint_prompt", {**args, "video": str(notes)})
        malformed = await client.call_tool("lint_prompt", {**args, "analysis": {"events": "soon"}})
    assert refused.is_error and "[not_a_video]" in refused.content[0].text
    assert malformed.is_error
