"""Who is asking, over HTTP: people's tokens, KLING_V2A_HTTP_TOKEN (the person `team`), or an identity provider's
OAuth access tokens. Built on the SDK's bearer authentication; see guard.py for how a request is let in."""

from __future__ import annotations

from typing import Any

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser


def person_of(ctx: Any) -> str | None:
    """The person a request's token names; None for the local user (stdio, or loopback without tokens)."""
    request = getattr(ctx.request_context, "request", None)
    user = (getattr(request, "scope", None) or {}).get("user")
    if isinstance(user, AuthenticatedUser):
        token = user.access_token
        return token.subject or token.client_id
    return None
