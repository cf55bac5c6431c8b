"""Takes through the MCP tool and the CLI's --take, against the loopback fake of fal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcp import Client

from server.app import build_server
from tests.server.test_cli import cli_env, run  # noqa: F401  (the CLI's in-process fixture and runner)

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_score_video_with_takes_returns_every_take_ranked_with_its_files(config, clip, fake_fal, mode):
    takes = [
        {"sound_effect_prompt": "footsteps on gravel", "background_music_prompt": ""},
        {"sound_effect_prompt": "boots on wet stone", "background_music_prompt": "low cello drone"},
    ]
    async with Client(build_server(config), mode=mode) as client:
        result = await client.call_tool("score_video", {"video": str(clip), "takes": takes})
        refused = await client.call_tool(
            "score_video", {"video": str(clip), "sound_effect_prompt": "rain", "takes": takes}
        )
    assert not result.is_error, result.content
    job = result.structured_content
    assert job["status"] == "completed" and len(fake_fal.submits) == 2
    assert {t["index"] for t in job["takes"]} == {1, 2}
    for take in job["takes"]:
        assert take["prompts_sent"]["sound_effect_prompt"] == takes[take["index"] - 1]["sound_effect_prompt"]
        assert Path(take["video_path"]).name == f"walk.take-{take['index']}.scored.mp4"
    assert job["cost_usd"] == pytest.approx(0.07)
    assert "fits the picture best" in job["next_step"]
    text = result.content[0].text
    assert "Take 1: completed" in text and "Take 2: completed" in text
    assert refused.is_error and "every prompt belongs in a take" in refused.content[0].text
    assert len(fake_fal.submits) == 2


def test_the_cli_scores_takes_with_one_progress_line_per_take(capsys, cli_env, clip, fake_fal):  # noqa: F811
    code, out, err = run(
        capsys,
        "score",
        str(clip),
        "--take",
        "footsteps on gravel | soft piano",
        "--take",
        "rain on a tin roof",
        "--json",
    )
    assert code == 0, err
    job = json.loads(out)
    assert [t["status"] for t in job["takes"]] == ["completed", "completed"]
    sent = {t["index"]: t["prompts_sent"] for t in job["takes"]}
    assert (
        sent[1]["sound_effect_prompt"] == "footsteps on gravel"
        and sent[1]["background_music_prompt"] == "soft piano"
    )
    assert sent[2]["sound_effect_prompt"] == "rain on a tin roof" and sent[2]["background_music_prompt"] == ""
    assert "take 1: completed 100%" in err and "take 2: completed 100%" in err
    code, _, err = run(capsys, "score", str(clip), "--take", "a | b | c")
    assert code == 2 and "one '|'" in err
