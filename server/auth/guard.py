"""The door of the HTTP app: the SDK's bearer authentication in front of /mcp, open only where no token exists.

A loopback server with no token configured (no KLING_V2A_HTTP_TOKEN, no tokens file, no identity provider) serves
the local user, as a server on one's own machine always did. Once any of them exists, every request needs a
token; the tokens file is looked at on each request, so the first `kling-v2a tokens add` closes the door at once.
"""

from __future__ import annotations

from typing import Any

from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend, RequireAuthMiddleware
from mcp.server.auth.provider import TokenVerifier
from pydantic import AnyHttpUrl
from starlette.applications import Starlette
from starlette.middleware.authentication import AuthenticationMiddleware

from tools.config import Config
from tools.people.store import PeopleStore, tokens_file

WELL_KNOWN = "/.well-known/oauth-protected-resource"


class _RequireToken(RequireAuthMiddleware):
    """The SDK's 401 (WWW-Authenticate: Bearer error=..., resource_metadata=...), saying which token to send."""

    def __init__(self, app: Any, hint: str, resource_metadata_url: AnyHttpUrl | None) -> None:
        super().__init__(app, [], resource_metadata_url)
        self.hint = hint

    async def _send_auth_error(self, send: Any, status_code: int, error: str, description: str) -> None:
        await super()._send_auth_error(send, status_code, error, f"{description}: {self.hint}")


class Guard:
    """ASGI: lifespan and the protected resource metadata go through; /mcp needs a token unless none exists."""

    def __init__(
        self,
        app: Any,
        verifier: TokenVerifier,
        *,
        hint: str,
        open_without_tokens: Any = None,
        metadata: Any = None,
        resource_metadata_url: AnyHttpUrl | None = None,
    ) -> None:
        self.app = app
        self.open_without_tokens = open_without_tokens
        self.metadata = metadata
        inner = AuthContextMiddleware(_RequireToken(app, hint, resource_metadata_url))
        self.protected = AuthenticationMiddleware(inner, backend=BearerAuthBackend(verifier))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
        elif self.metadata is not None and scope["path"].startswith(WELL_KNOWN):
            await self.metadata(scope, receive, send)
        elif self.open_without_tokens is not None and self.open_without_tokens():
            await self.app(scope, receive, send)
        else:
            await self.protected(scope, receive, send)


def token_configured(config: Config) -> bool:
    """Whether a server with this configuration asks every request for a token."""
    return bool(config.http_token or config.oauth or PeopleStore(tokens_file(config)).exists())


def guard(app: Any, config: Config, *, loopback: bool) -> Any:
    """Put the door in front of the app: the identity provider's tokens when one is configured, else people's."""
    if config.oauth is not None:
        from mcp.server.auth.routes import build_resource_metadata_url, create_protected_resource_routes

        from server.auth.oauth import JwtVerifier

        oauth = config.oauth
        resource = AnyHttpUrl(oauth.resource)
        routes = create_protected_resource_routes(
            resource, [AnyHttpUrl(oauth.issuer)], resource_name="kling-v2a"
        )
        return Guard(
            app,
            JwtVerifier(oauth),
            hint=f"send an access token from {oauth.issuer} for {oauth.audience}",
            metadata=Starlette(routes=routes),
            resource_metadata_url=build_resource_metadata_url(resource),
        )
    from server.auth.tokens import PeopleVerifier

    verifier = PeopleVerifier(PeopleStore(tokens_file(config)), config.http_token)
    return Guard(
        app,
        verifier,
        hint="send Authorization: Bearer <token> (kling-v2a tokens add NAME makes one; or KLING_V2A_HTTP_TOKEN)",
        open_without_tokens=(lambda: not verifier.configured()) if loopback else None,
    )
