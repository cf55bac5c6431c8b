"""The server as an OAuth 2.1 resource server: the identity provider's access tokens (JWTs), checked here.

A token is accepted when its signature verifies with one of the provider's keys (KLING_V2A_OAUTH_JWKS_URL, the only
address ever fetched for them: no discovery, no redirects, no proxies), its `iss` is KLING_V2A_OAUTH_ISSUER, its
`aud` names this server (KLING_V2A_OAUTH_AUDIENCE, by default KLING_V2A_OAUTH_RESOURCE), it has not expired, and it
has a subject: the person whose jobs, folder and budget it opens.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import anyio
import httpx
import jwt
from mcp.server.auth.provider import AccessToken

from tools.oauth_config import OAuthSettings

log = logging.getLogger(__name__)

# Asymmetric signatures only: a token signed with "none" or a shared secret (HS256) is never accepted.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
KEYS_FRESH_SECONDS = 600.0  # keys are fetched again after this long
REFETCH_AFTER_SECONDS = 30.0  # an unknown key id fetches the keys again at most this often
LEEWAY_SECONDS = 30  # clock skew allowed on exp, nbf and iat
MAX_JWKS_BYTES = 256_000


class JwtVerifier:
    """The SDK's TokenVerifier for one identity provider's JWT access tokens."""

    def __init__(self, settings: OAuthSettings) -> None:
        self.settings = settings
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = -float("inf")
        self._lock = anyio.Lock()

    async def _fetch_keys(self) -> None:
        async with httpx.AsyncClient(trust_env=False, follow_redirects=False, timeout=10.0) as http:
            response = await http.get(self.settings.jwks_url, headers={"Accept": "application/json"})
        response.raise_for_status()
        if len(response.content) > MAX_JWKS_BYTES:
            raise ValueError(f"the key set is larger than {MAX_JWKS_BYTES} bytes")
        keys = {}
        for key in jwt.PyJWKSet.from_dict(response.json()).keys:
            keys[key.key_id or ""] = key
        self._keys = keys

    async def _key(self, kid: str) -> jwt.PyJWK | None:
        async with self._lock:
            now = time.monotonic()
            stale = now - self._fetched_at > KEYS_FRESH_SECONDS
            unknown = kid not in self._keys and now - self._fetched_at > REFETCH_AFTER_SECONDS
            if stale or unknown:
                try:
                    await self._fetch_keys()
                except (httpx.HTTPError, ValueError, jwt.PyJWKError, jwt.PyJWKSetError) as exc:
                    log.warning(
                        "the signing keys at %s could not be fetched: %s", self.settings.jwks_url, exc
                    )
                self._fetched_at = now
        if kid in self._keys:
            return self._keys[kid]
        return next(iter(self._keys.values())) if not kid and len(self._keys) == 1 else None

    async def verify_token(self, token: str) -> AccessToken | None:
        """The person of a valid access token, or None (the request then gets 401)."""
        try:
            header = jwt.get_unverified_header(token)
            key = await self._key(str(header.get("kid") or ""))
            if key is None:
                log.info("access token refused: no signing key %r at the provider", header.get("kid"))
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            log.info("access token refused: %s", exc)
            return None
        subject = str(claims["sub"])
        scope = claims.get("scope")
        return AccessToken(
            token=token,
            client_id=str(claims.get("client_id") or claims.get("azp") or subject),
            scopes=scope.split() if isinstance(scope, str) else [],
            expires_at=int(claims["exp"]),
            resource=self.settings.audience,
            subject=subject,
            claims={"iss": claims["iss"]},
        )
