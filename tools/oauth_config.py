"""The OAuth settings of a shared host: whose access tokens it accepts (KLING_V2A_OAUTH_*)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from tools.errors import ConfigError
from tools.paths import is_loopback

NAMES = ("KLING_V2A_OAUTH_ISSUER", "KLING_V2A_OAUTH_JWKS_URL", "KLING_V2A_OAUTH_RESOURCE")


@dataclass(frozen=True)
class OAuthSettings:
    """The identity provider whose access tokens are accepted, and what this server is to it."""

    issuer: str  # the `iss` every token must carry
    jwks_url: str  # where the provider's signing keys are: the only address ever fetched for them
    resource: str  # this server's public MCP URL (https://mcp.example.com/mcp), named in its metadata
    audience: str  # the `aud` every token must carry (default: the resource)


def _url(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        given = ", ".join(n for n in NAMES if env.get(n, "").strip())
        raise ConfigError(
            f"{name} is not set, but {given} is.",
            hint=f"Set all of {', '.join(NAMES)} to use an identity provider, or none of them.",
        )
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"{name}={raw!r} is not an http(s) URL.", hint=f"Set {name} to the provider's URL.")
    if name == "KLING_V2A_OAUTH_JWKS_URL" and parsed.scheme == "http" and not is_loopback(parsed.hostname):
        # Keys fetched in clear text could be swapped on the way, and with them anyone could sign tokens.
        raise ConfigError(
            f"{name}={raw!r} is plain http to another machine.",
            hint="Use the provider's https URL for its keys (plain http is accepted on loopback only).",
        )
    return raw


def load_oauth(env: Mapping[str, str]) -> OAuthSettings | None:
    """The OAuth settings, or None when no KLING_V2A_OAUTH_* variable is set."""
    if not any(env.get(n, "").strip() for n in (*NAMES, "KLING_V2A_OAUTH_AUDIENCE")):
        return None
    issuer, jwks, resource = (_url(env, n) for n in NAMES)
    audience = env.get("KLING_V2A_OAUTH_AUDIENCE", "").strip() or resource
    return OAuthSettings(issuer=issuer, jwks_url=jwks, resource=resource, audience=audience)


def oauth_description(oauth: OAuthSettings | None) -> dict[str, object]:
    """The OAuth settings as plain data for `kling-v2a config`."""
    if oauth is None:
        return dict.fromkeys((*NAMES, "KLING_V2A_OAUTH_AUDIENCE"))
    return {
        "KLING_V2A_OAUTH_ISSUER": oauth.issuer,
        "KLING_V2A_OAUTH_JWKS_URL": oauth.jwks_url,
        "KLING_V2A_OAUTH_RESOURCE": oauth.resource,
        "KLING_V2A_OAUTH_AUDIENCE": oauth.audience,
    }
