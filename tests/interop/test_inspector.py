"""The MCP Inspector CLI 2.x (a client that is not ours: the TypeScript SDK's, which validates every structured
result against its tool's output schema) against the real server, over stdio and Streamable HTTP.

Inspector 2 starts a stdio server with a default environment only (PATH, HOME and the like), so the server's
settings travel as -e KEY=VALUE, as README says."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.conftest import TEST_KEY
from tests.interop.conftest import ROOT, inspector_json, run_node_tool
from tests.server.helpers import console_script
from tests.server.test_http import http_server_process

TOOLS = {"score_video", "get_job", "list_jobs", "cancel_job", "lint_prompt", "inspect_video"}


def inspector_env(env: dict[str, str]) -> dict[str, str]:
    """The Inspector's own environment: the workspace, with this venv first on PATH."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    base = {k: os.environ[k] for k in ("HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**base, **env, "PATH": path}


def settings(env: dict[str, str]) -> list[str]:
    """The server's settings as the Inspector's -e KEY=VALUE options (it passes a stdio server nothing else)."""
    return [arg for key, value in sorted(env.items()) for arg in ("-e", f"{key}={value}")]


def test_the_inspector_lists_every_tool_over_stdio_from_the_top_level_mcp_json(
    inspector, workspace, fake_fal
):
    env = inspector_env(workspace.env(fake_fal.url))
    done = run_node_tool(
        [
            *inspector,
            "--cli",
            "--config",
            str(ROOT / "mcp.json"),
            "--server",
            "kling-v2a",
            *settings(
                {**workspace.env(fake_fal.url), "FAL_KEY": TEST_KEY}
            ),  # mcp.json's key is a placeholder
            "--method",
            "tools/list",
            "--strict",
        ],
        env,
    )
    tools = inspector_json(done)["tools"]
    assert {t["name"] for t in tools} == TOOLS
    # --strict reports any tool schema a single-type dialect (Gemini's, OpenAPI's) could not read
    assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr
    score = next(t for t in tools if t["name"] == "score_video")
    assert score["annotations"]["openWorldHint"] is True and "outputSchema" in score


def test_the_inspector_calls_lint_prompt_and_score_video_over_stdio(inspector, workspace, clip, fake_fal):
    env = inspector_env(workspace.env(fake_fal.url))
    server = console_script("kling-v2a-mcp")
    lint = inspector_json(
        run_node_tool(
            [
                *inspector,
                "--cli",
                *settings(workspace.env(fake_fal.url)),
                server,
                "--method",
                "tools/call",
                "--tool-name",
                "lint_prompt",
                "--tool-arg",
                "sound_effect_prompt=epic cinematic sounds",
                "--tool-arg",
                "asmr_mode=false",
            ],
            env,
        )
    )
    assert "KV101" in [f["code"] for f in lint["structuredContent"]["findings"]]
    score = inspector_json(
        run_node_tool(
            [
                *inspector,
                "--cli",
                *settings(workspace.env(fake_fal.url)),
                server,
                "--method",
                "tools/call",
                "--tool-name",
                "score_video",
                "--tool-arg",
                f"video={clip}",
                "--tool-arg",
                "sound_effect_prompt=footsteps on gravel",
                "--tool-arg",
                "wait_seconds=30",
            ],
            env,
        )
    )
    job = score["structuredContent"]
    assert job["status"] == "completed", score["content"]
    assert Path(job["video_path"]).is_file()
    assert fake_fal.submits[0]["sound_effect_prompt"] == "footsteps on gravel"


def test_the_inspector_lists_lints_and_scores_over_streamable_http(inspector, workspace, clip, fake_fal):
    env = inspector_env(workspace.env(fake_fal.url))
    with http_server_process(workspace.env(fake_fal.url)) as url:
        tools = inspector_json(run_node_tool([*inspector, "--cli", url, "--method", "tools/list"], env))[
            "tools"
        ]
        prompts = inspector_json(run_node_tool([*inspector, "--cli", url, "--method", "prompts/list"], env))
        lint = inspector_json(
            run_node_tool(
                [
                    *inspector,
                    "--cli",
                    url,
                    "--transport",
                    "http",
                    "--method",
                    "tools/call",
                    "--tool-name",
                    "lint_prompt",
                    "--tool-arg",
                    "background_music_prompt=sad",
                ],
                env,
            )
        )
        score = inspector_json(
            run_node_tool(
                [
                    *inspector,
                    "--cli",
                    url,
                    "--method",
                    "tools/call",
                    "--tool-name",
                    "score_video",
                    "--tool-arg",
                    f"video={clip}",
                    "--tool-arg",
                    "wait_seconds=30",
                ],
                env,
            )
        )
    assert {t["name"] for t in tools} == TOOLS
    assert "score_clip" in {p["name"] for p in prompts["prompts"]}
    assert lint["structuredContent"]["clean"] is False
    assert score["structuredContent"]["status"] == "completed", score["content"]
    assert len(fake_fal.submits) == 1
