"""Streamable HTTP: DNS-rebinding protection always on; tokens (people's, the team's or an identity provider's)
are required off loopback, and on loopback too once any exists (server/auth)."""

from __future__ import annotations

import logging
from typing import Any

from tools.config import Config
from tools.errors import ConfigError
from tools.paths import is_loopback

log = logging.getLogger(__name__)

WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def security_settings(host: str, port: int, extra_hosts: tuple[str, ...] = ()) -> Any:
    """Which Host and Origin headers are accepted for a bind address (plus KLING_V2A_HTTP_ALLOWED_HOSTS)."""
    from mcp.server.transport_security import TransportSecuritySettings

    wildcard = host in WILDCARD_HOSTS
    if wildcard and not extra_hosts:
        # Any interface and no names given: the Host header cannot be known in advance; the token is the guard.
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    names = {"127.0.0.1", "localhost", *extra_hosts}
    if not wildcard:
        names.add(f"[{host}]" if ":" in host else host)
    names.add("[::1]")
    # With and without a port: behind a reverse proxy on 443 the Host and Origin headers carry none.
    hosts = sorted(names) + [f"{n}:*" for n in sorted(names)]
    origins = [
        f"{scheme}://{n}{port_part}"
        for scheme in ("http", "https")
        for n in sorted(names)
        for port_part in ("", ":*")
    ]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )


def build_http_app(config: Config, *, host: str = "127.0.0.1", port: int = 8765) -> Any:
    """The Starlette app serving MCP at /mcp, refusing to exist off loopback without a token."""
    from server.app import build_server
    from server.auth.guard import guard, token_configured

    loopback = is_loopback(host)
    if not loopback and not token_configured(config):
        raise ConfigError(
            f"Refusing to serve on {host}: a non-loopback address needs tokens.",
            hint="Give each person a token with `kling-v2a tokens add NAME`, set KLING_V2A_HTTP_TOKEN to a long "
            "random secret, or configure an identity provider (KLING_V2A_OAUTH_*); or bind to 127.0.0.1.",
        )
    mcp = build_server(config, public_urls_only=True)
    app = mcp.streamable_http_app(
        transport_security=security_settings(host, port, config.http_allowed_hosts), host=host
    )
    from server.events import resumable

    resumable(mcp.session_manager)  # a dropped stream is picked up again with Last-Event-ID
    return guard(app, config, loopback=loopback)


def run_http(config: Config, *, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve Streamable HTTP until interrupted; raise ConfigError before binding when the setup is unsafe."""
    import uvicorn

    app = build_http_app(config, host=host, port=port)
    log.info("serving MCP over Streamable HTTP at http://%s:%d/mcp", host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def serve_http(config: Config, *, host: str = "127.0.0.1", port: int = 8765) -> int:
    """Serve Streamable HTTP until interrupted; return the exit code (2 when refusing to start)."""
    try:
        run_http(config, host=host, port=port)
    except ConfigError as exc:
        log.error("%s", exc)
        return 2
    return 0
