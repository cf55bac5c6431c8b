"""A shared host over real HTTP: two people with their own tokens, jobs, folders and budgets."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp.shared.exceptions import MCPError

from server.streamable import build_http_app
from tests.clips import make_clip
from tests.conftest import Workspace
from tests.fakefal.server import FakeFal
from tests.server.helpers import console_script
from tests.server.test_http import (
    INITIALIZE,
    MCP_HEADERS,
    bearer_client,
    http_server_process,
    serve_in_thread,
    subprocess_env,
)
from tools.config import Config
from tools.people.store import PeopleStore, tokens_file

SFX = "footsteps on gravel, a door slams"
ALICE_BUDGET = 0.08  # two fal calls (USD 0.035 each), not three
TEAM_TOKEN = "a-shared-team-token-for-tests-5e2a"


def make_token(env: dict[str, str], *args: str) -> str:
    """`kling-v2a tokens add ...` as an operator runs it; the token is the one line on stdout."""
    done = subprocess.run(
        [console_script("kling-v2a"), "tokens", "add", *args],
        env=subprocess_env(env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "shown only this once" in done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def host(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """One shared host: alice (a small budget) and bob, a fake of fal, a clip in the allowed folder."""
    root = tmp_path_factory.mktemp("people")
    ws = Workspace(home=root / "home", out=root / "home" / "scored", data=root / "data")
    ws.home.mkdir()
    clip = make_clip(ws.home / "walk.mp4", duration=4.0)
    with FakeFal(latency=0.2) as fake:
        env = ws.env(fake.url)
        alice = make_token(env, "alice", "--budget", str(ALICE_BUDGET))
        bob = make_token(env, "bob")
        log = root / "server.log"
        with log.open("w") as stderr, http_server_process(env, "--log-level", "DEBUG", stderr=stderr) as url:
            yield {
                "url": url,
                "fake": fake,
                "clip": clip,
                "ws": ws,
                "env": env,
                "log": log,
                "alice": alice,
                "bob": bob,
            }


async def score(url: str, token: str, clip: Path, sfx: str = SFX, wait: float = 30) -> dict[str, Any]:
    async with bearer_client(url, token) as client:
        result = await client.call_tool(
            "score_video", {"video": str(clip), "sound_effect_prompt": sfx, "wait_seconds": wait}
        )
    assert result.structured_content is not None, result.content
    return result.structured_content


async def unknown_answers(url: str, token: str, job_id: str) -> list[str]:
    """What get_job, cancel_job and the three job resources answer about a job id, with the id blanked out."""
    said = []
    async with bearer_client(url, token) as client:
        for tool in ("get_job", "cancel_job"):
            result = await client.call_tool(tool, {"job_id": job_id})
            assert result.is_error
            said.append(result.content[0].text)
        for suffix in ("", "/video", "/audio"):
            with pytest.raises(MCPError) as refused:
                await client.read_resource(f"kling-v2a://jobs/{job_id}{suffix}")
            said.append(f"{refused.value.code} {refused.value.message}")
    return [s.replace(job_id, "ID") for s in said]


@pytest.mark.anyio
async def test_two_people_see_only_their_own_jobs_pay_for_their_own_calls_and_keep_their_own_budgets(host):
    url, fake, clip, out = host["url"], host["fake"], host["clip"], host["ws"].out
    alice, bob = host["alice"], host["bob"]

    # alice scores a clip: her job, in her folder
    first = await score(url, alice, clip)
    assert first["status"] == "completed" and len(fake.submits) == 1
    assert Path(first["video_path"]).parent == out / "alice"
    job_a = first["job_id"]

    # to bob, alice's job is exactly like a job that does not exist, in every tool and resource
    assert await unknown_answers(url, bob, job_a) == await unknown_answers(url, bob, "job_0123456789ab")
    async with bearer_client(url, bob) as client:
        listed = (await client.call_tool("list_jobs", {})).structured_content
    assert listed is not None and listed["jobs"] == [] and listed["total"] == 0

    # alice still has it all
    async with bearer_client(url, alice) as client:
        mine = (await client.call_tool("list_jobs", {})).structured_content
        video = (await client.read_resource(f"kling-v2a://jobs/{job_a}/video")).contents[0]
    assert mine is not None and [j["job_id"] for j in mine["jobs"]] == [job_a]
    assert len(video.blob) > 1000  # type: ignore[union-attr]

    # bob's identical request is his own job, his own fal call and his own file
    second = await score(url, bob, clip)
    assert second["status"] == "completed" and not second["cached"]
    assert second["job_id"] != job_a and len(fake.submits) == 2
    assert Path(second["video_path"]).parent == out / "bob"
    # alice's identical request again is her earlier result, at no charge
    again = await score(url, alice, clip)
    assert again["job_id"] == job_a and again["cached"] and len(fake.submits) == 2

    # alice's running job: bob cannot cancel it (unknown), alice can
    fake.configure(hold=True)
    held = await score(url, alice, clip, sfx="rain on a tin roof", wait=0)
    assert len(fake.submits) == 3 or held["status"] in ("preparing", "uploading", "queued")
    async with bearer_client(url, bob) as client:
        refused = await client.call_tool("cancel_job", {"job_id": held["job_id"]})
    assert refused.is_error and "job_not_found" in refused.content[0].text
    async with bearer_client(url, alice) as client:
        still = (
            await client.call_tool("get_job", {"job_id": held["job_id"], "wait_seconds": 20})
        ).structured_content
        assert still is not None and still["status"] in ("queued", "running")
        cancelled = (await client.call_tool("cancel_job", {"job_id": held["job_id"]})).structured_content
    assert cancelled is not None and cancelled["status"] == "cancelled"
    fake.configure(hold=False)

    # alice has spent two calls of her USD 0.08; bob's budget is his own
    async with bearer_client(url, alice) as client:
        over = await client.call_tool(
            "score_video",
            {"video": str(clip), "sound_effect_prompt": "wind in tall grass", "wait_seconds": 0},
        )
    assert over.is_error and "budget_exceeded" in over.content[0].text and "alice" in over.content[0].text
    submits = len(fake.submits)
    third = await score(url, bob, clip, sfx="wind in tall grass")
    assert third["status"] == "completed" and len(fake.submits) == submits + 1


@pytest.mark.anyio
async def test_a_person_cannot_read_or_write_in_another_persons_folder(host):
    url, out = host["url"], host["ws"].out
    bobs = sorted((out / "bob").glob("walk.scored*.mp4"))
    assert bobs, "the first test scored bob's clip"
    async with bearer_client(url, host["alice"]) as client:
        as_input = await client.call_tool("score_video", {"video": str(bobs[0]), "wait_seconds": 0})
        as_output = await client.call_tool(
            "score_video", {"video": str(host["clip"]), "output_dir": str(out / "bob"), "wait_seconds": 0}
        )
        inspected = await client.call_tool("inspect_video", {"video": str(bobs[0])})
        own = await client.call_tool("inspect_video", {"video": str(host["clip"]), "frames": 2})
    for refused in (as_input, as_output, inspected):
        assert refused.is_error and "path_not_allowed" in refused.content[0].text
        assert "outside your folders" in refused.content[0].text
    assert own.structured_content is not None, own.content
    assert Path(own.structured_content["contact_sheet_path"]).parent == out / "alice"


@pytest.mark.anyio
async def test_a_revoked_token_gets_401_and_no_token_is_ever_stored_or_logged_in_clear(host):
    url, env = host["url"], host["env"]
    bearer = {**MCP_HEADERS, "Authorization": f"Bearer {host['bob']}"}
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await http.post(url, json=INITIALIZE, headers=bearer)).status_code == 200
        done = subprocess.run(
            [console_script("kling-v2a"), "tokens", "revoke", "bob"],
            env=subprocess_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        revoked = await http.post(url, json=INITIALIZE, headers=bearer)
        alice = await http.post(
            url, json=INITIALIZE, headers={**bearer, "Authorization": f"Bearer {host['alice']}"}
        )
        bare = await http.post(url, json=INITIALIZE, headers=MCP_HEADERS)
    assert revoked.status_code == 401 and bare.status_code == 401 and alice.status_code == 200
    challenge = revoked.headers["www-authenticate"]
    assert challenge.startswith("Bearer ") and 'error="invalid_token"' in challenge
    assert "kling-v2a tokens add" in revoked.json()["error_description"]

    listing = subprocess.run(
        [console_script("kling-v2a"), "tokens", "list"],
        env=subprocess_env(env),
        capture_output=True,
        text=True,
    )
    assert "alice" in listing.stdout and "bob" not in listing.stdout
    # Every byte the host wrote (ledger, WAL, tokens file, results) and the server's log at DEBUG level.
    ws: Workspace = host["ws"]
    written = [p for folder in (ws.data, ws.out) for p in folder.rglob("*") if p.is_file()] + [host["log"]]
    assert any(p.name == "tokens.json" for p in written) and any(p.suffix == ".sqlite3" for p in written)
    for token in (host["alice"], host["bob"]):
        for path in written:
            assert token.encode() not in path.read_bytes(), path
    assert "alice" in (ws.data / "tokens.json").read_text()

    # In the ledger, every job and every charge is the person's whose token started it.
    with closing(sqlite3.connect(ws.data / "ledger.sqlite3")) as db:
        jobs = dict(db.execute("SELECT person, COUNT(*) FROM jobs GROUP BY person").fetchall())
        spend = dict(db.execute("SELECT person, SUM(usd) FROM spend GROUP BY person").fetchall())
    assert jobs == {"alice": 2, "bob": 2}
    assert spend == pytest.approx({"alice": 0.07, "bob": 0.07})


@pytest.mark.anyio
async def test_a_loopback_server_without_tokens_serves_the_local_user_until_the_first_token_is_made(
    config: Config,
):
    with serve_in_thread(build_http_app(config, host="127.0.0.1")) as url:
        async with httpx.AsyncClient(timeout=10) as http:
            before = await http.post(url, json=INITIALIZE, headers=MCP_HEADERS)
            token = PeopleStore(tokens_file(config)).add("me")
            after = await http.post(url, json=INITIALIZE, headers=MCP_HEADERS)
            bearer = await http.post(
                url, json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": f"Bearer {token}"}
            )
    assert (before.status_code, after.status_code, bearer.status_code) == (200, 401, 200)


@pytest.mark.anyio
async def test_the_one_shared_token_is_the_person_team(config: Config, clip: Path):
    app = build_http_app(dataclasses.replace(config, http_token=TEAM_TOKEN), host="0.0.0.0")
    with serve_in_thread(app) as url:
        job = await score(url, TEAM_TOKEN, clip)
        async with bearer_client(url, TEAM_TOKEN) as client:
            listed = (await client.call_tool("list_jobs", {})).structured_content
    assert job["status"] == "completed" and Path(job["video_path"]).parent == config.output_dir / "team"
    assert listed is not None and [j["job_id"] for j in listed["jobs"]] == [job["job_id"]]
