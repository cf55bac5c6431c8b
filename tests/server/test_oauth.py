"""The server as an OAuth 2.1 resource server, against a local issuer whose keys the test makes."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from server.auth.oauth import JwtVerifier
from server.streamable import build_http_app
from tests.server.test_http import INITIALIZE, MCP_HEADERS, bearer_client, serve_in_thread
from tools.config import Config
from tools.oauth_config import OAuthSettings

RESOURCE = "http://127.0.0.1:8765/mcp"
METADATA = "http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp"
KID = "test-key-1"
TEAM_TOKEN = "a-team-token-that-a-provider-makes-void"


class Issuer:
    """A local identity provider: an RSA key pair made here, its JWKS served on loopback, tokens signed at will."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.paths: list[str] = []
        self.keys = {KID: self.key}
        self.up = True
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.paths.append(self.path)
                ok = self.path == "/jwks" and issuer.up
                self.send_response(200 if ok else 503)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(issuer.jwks() if ok else b"{}")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def jwks(self) -> bytes:
        keys = [
            {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(k.public_key())), "kid": kid, "alg": "RS256"}
            for kid, k in self.keys.items()
        ]
        return json.dumps({"keys": keys}).encode()

    def token(self, key: Any = None, kid: str = KID, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": self.url, "aud": RESOURCE, "sub": "carol", "iat": now, "exp": now + 300, **claims}
        return jwt.encode(body, key or self.keys.get(kid, self.key), algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def issuer() -> Iterator[Issuer]:
    made = Issuer()
    try:
        yield made
    finally:
        made.httpd.shutdown()
        made.httpd.server_close()


@pytest.mark.anyio
async def test_the_providers_valid_token_opens_its_subjects_jobs_and_every_bad_token_gets_a_401_challenge(
    config: Config, issuer: Issuer, clip: Path
):
    oauth = OAuthSettings(
        issuer=issuer.url, jwks_url=f"{issuer.url}/jwks", resource=RESOURCE, audience=RESOURCE
    )
    app = build_http_app(dataclasses.replace(config, oauth=oauth, http_token=TEAM_TOKEN), host="127.0.0.1")
    now = int(time.time())
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    bad = {
        "wrong audience": issuer.token(aud="http://127.0.0.1:9999/mcp"),
        "expired": issuer.token(iat=now - 7200, exp=now - 3600),
        "bad signature": issuer.token(key=other_key),
        "other issuer": issuer.token(iss="http://127.0.0.1:1/other"),
        "no subject": jwt.encode(
            {"iss": issuer.url, "aud": RESOURCE, "exp": now + 300}, issuer.key, "RS256", headers={"kid": KID}
        ),
        "not a token": "kv2a_not-a-jwt",
        "the team token": TEAM_TOKEN,
    }
    with serve_in_thread(app) as url:
        async with httpx.AsyncClient(timeout=10) as http:
            refused = {
                why: await http.post(
                    url, json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": f"Bearer {t}"}
                )
                for why, t in bad.items()
            }
            bare = await http.post(url, json=INITIALIZE, headers=MCP_HEADERS)
            metadata = await http.get(url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp"))
        async with bearer_client(url, issuer.token()) as client:
            result = await client.call_tool("score_video", {"video": str(clip), "wait_seconds": 30})
            listed = (await client.call_tool("list_jobs", {})).structured_content
    for why, response in [*refused.items(), ("no token", bare)]:
        assert response.status_code == 401, why
        challenge = response.headers["www-authenticate"]
        assert challenge.startswith("Bearer "), why
        assert 'error="invalid_token"' in challenge and f'resource_metadata="{METADATA}"' in challenge, why
    assert metadata.status_code == 200
    assert metadata.json()["resource"] == RESOURCE
    assert [s.rstrip("/") for s in metadata.json()["authorization_servers"]] == [issuer.url]
    job = result.structured_content
    assert job is not None and job["status"] == "completed", result.content
    assert Path(job["video_path"]).parent == config.output_dir / "carol"
    assert listed is not None and [j["job_id"] for j in listed["jobs"]] == [job["job_id"]]
    # Only the configured key set was ever fetched, and not once per request.
    assert set(issuer.paths) == {"/jwks"} and len(issuer.paths) <= 3


@pytest.mark.anyio
async def test_a_new_signing_key_is_fetched_when_a_token_names_it_and_an_unreachable_provider_admits_nobody(
    issuer: Issuer, monkeypatch
):
    import server.auth.oauth as oauth_module

    monkeypatch.setattr(oauth_module, "REFETCH_AFTER_SECONDS", 0.0)
    verifier = JwtVerifier(
        OAuthSettings(issuer=issuer.url, jwks_url=f"{issuer.url}/jwks", resource=RESOURCE, audience=RESOURCE)
    )
    accepted = await verifier.verify_token(issuer.token())
    assert accepted is not None and accepted.subject == "carol" and accepted.resource == RESOURCE
    issuer.keys["rotated"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rotated = await verifier.verify_token(issuer.token(kid="rotated", sub="dave"))
    assert rotated is not None and rotated.subject == "dave"
    issuer.up = False
    assert await verifier.verify_token(issuer.token(kid="never-published", key=issuer.key)) is None
    assert await verifier.verify_token(issuer.token(kid="rotated", sub="dave")) is not None  # keys kept
    assert set(issuer.paths) == {"/jwks"}
