"""The HTTP layer of the fake: parse a request, route it, check auth, apply faults, write (or drop) the reply."""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from tests.fakefal import routes
from tests.fakefal.routes import REQUEST_PATH, Call, Reply, reply_json

if TYPE_CHECKING:
    from tests.fakefal.server import FakeFal

log = logging.getLogger(__name__)

NGINX_PAGE = "<html><head><title>{0}</title></head><body><center><h1>{0}</h1></center><hr><center>nginx</center></body></html>"


@dataclass(frozen=True)
class Route:
    """A method and path pattern, the protocol call it is (for faults), its auth, and what answers it."""

    method: str
    pattern: re.Pattern[str]
    call: str | None
    auth: str | None  # "key" (Authorization: Key ...), "token" (a CDN token) or None
    answer: Callable[[FakeFal, Call], Reply]


def _route(method: str, path: str, call: str | None, auth: str | None, answer: Callable[..., Reply]) -> Route:
    return Route(method, re.compile(path), call, auth, answer)


_FILE = r"/files/(?P<fid>[^/]+)/(?P<name>[^/]+)"
ROUTES = [
    _route("POST", r"/storage/auth/token", "token", "key", routes.token),
    _route("POST", r"/storage/upload/initiate", "initiate", "key", routes.gcs_initiate),
    _route("PUT", r"/_gcs/(?P<fid>[^/]+)", "gcs_put", None, routes.gcs_put),
    _route("POST", r"/files/upload", "upload", "token", routes.cdn_upload),
    _route("POST", r"/files/upload/multipart", "multipart", "token", routes.multipart_create),
    _route(
        "PUT", _FILE + r"/multipart/(?P<uid>[^/]+)/(?P<n>\d+)", "multipart", "token", routes.multipart_part
    ),
    _route(
        "POST", _FILE + r"/multipart/(?P<uid>[^/]+)/complete", "multipart", "token", routes.multipart_complete
    ),
    _route("GET", _FILE, "file", None, routes.file_get),
    _route("POST", "/" + routes.APP_ID, "submit", "key", routes.submit),
    _route("GET", REQUEST_PATH + "/status", "status", "key", routes.status),
    _route("GET", REQUEST_PATH, "result", "key", routes.result),
    _route("PUT", REQUEST_PATH + "/cancel", "cancel", "key", routes.cancel),
    _route("GET", r"/_fake/state", None, None, routes.control_state),
    _route("POST", r"/_fake/faults", None, None, routes.control_faults),
    _route("POST", r"/_fake/release", None, None, routes.control_release),
    _route("POST", r"/_fake/settings", None, None, routes.control_settings),
]


# The calls that carry a file from the person's machine: they go over the (possibly limited) uplink.
UPLOAD_CALLS = frozenset({"upload", "gcs_put", "multipart"})


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving a method and path, with the path's named parts."""
    for route in ROUTES:
        if route.method == method and (match := route.pattern.fullmatch(path)):
            return route, match.groupdict()
    return None


class FakeHTTPServer(ThreadingHTTPServer):
    """A threading server that knows its fake and can cut every open connection when it closes."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], fake: FakeFal) -> None:
        super().__init__(address, FakeHandler)
        self.fake = fake
        self.connections: set[socket.socket] = set()

    def cut_connections(self) -> None:
        """Shut down every client connection still open (keep-alive sockets would otherwise linger)."""
        for sock in list(self.connections):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class FakeHandler(BaseHTTPRequestHandler):
    """Serves one connection; HTTP/1.1 keep-alive like fal's endpoints."""

    protocol_version = "HTTP/1.1"
    timeout = 60
    server: FakeHTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        found = find_route(method, parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        uploading = found is not None and found[0].call in UPLOAD_CALLS
        body = fake.uplink.read(self.rfile, length) if uploading else self.rfile.read(length)
        if found is None:
            self._send(reply_json(404, {"detail": f"Not found: {method} {parts.path}"}))
            return
        route, params = found
        call = Call(
            method=method,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            base="http://" + (self.headers.get("Host") or fake.url.removeprefix("http://")),
            params=params,
        )
        drop = fake.faults.take("drop_connection", route.call) if route.call else None
        if drop is not None and drop.when == "before":
            fake.record_refusal(route.call, None)
            self._drop()
            return
        try:
            refusal = self._refusal(fake, route, call)
            if refusal is not None:
                fake.record_refusal(route.call, refusal.status)
            reply = refusal or route.answer(fake, call)
        except Exception as exc:  # a bug in the fake must answer, not hang the client
            log.exception("fake fal failed on %s %s", method, parts.path)
            reply = reply_json(500, {"detail": f"fake fal error: {exc}", "error_type": "internal_error"})
        if drop is not None:
            fake.record_refusal(route.call, None)
            self._drop()
            return
        if route.call:
            fake.hold_answer(route.call)  # acted on (a submit is accepted), the answer waits while held
        self._send(reply)

    def _refusal(self, fake: FakeFal, route: Route, call: Call) -> Reply | None:
        """A reply that stops the call before it is served: auth, infrastructure error or rate limit."""
        authorization = call.headers.get("authorization", "")
        if route.auth == "key":
            scheme, _, key = authorization.partition(" ")
            if scheme != "Key" or not key.strip():
                return reply_json(
                    401, {"detail": "Missing or malformed Authorization header: use 'Key <key>'"}
                )
            if not fake.key_ok(key.strip()) or fake.faults.take("unauthorized"):
                return reply_json(401, {"detail": "No user found for Key ID and Secret"})
        elif route.auth == "token" and not fake.store.token_ok(authorization):
            return reply_json(401, {"detail": "Invalid or expired upload token"})
        infra = fake.faults.take("infra_error", route.call) if route.call else None
        if infra is not None:
            if infra.ingress:
                page = NGINX_PAGE.format(f"{infra.status} {HTTPStatus(infra.status).phrase}").encode()
                return Reply(infra.status, page, "text/html")
            headers = {
                "X-Fal-Error-Type": infra.error_type,
                "x-fal-request-id": call.params.get("rid", str(uuid.uuid4())),
            }
            return reply_json(infra.status, {"detail": infra.detail, "error_type": infra.error_type}, headers)
        if route.call == "submit" and fake.faults.take("rate_limit_then_ok"):
            return reply_json(
                429, {"detail": "Rate limit exceeded: too many requests", "error_type": "rate_limited"}
            )
        return None

    def _drop(self) -> None:
        # Close without a byte of response: the client sees the server disconnect mid-request.
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
