"""The fal adapter: upload, submit, follow, fetch, download and cancel, on fal_client.AsyncClient."""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
import socket
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import anyio

from tools.config import Config
from tools.engine.payload import FalResult, log_lines, map_http_error, parse_result
from tools.errors import (
    BadUrl,
    DownloadFailed,
    EngineError,
    FalResultError,
    FalServerError,
    MissingKey,
)
from tools.pricing import KLING_V2A_APP

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5

# Clips above this size are uploaded in parts of 10 MiB, this many at a time.
MULTIPART_ABOVE_BYTES = 32 * 1024 * 1024
UPLOAD_PARTS_IN_FLIGHT = 2

# Status polls run at fal-client's own pace for the first seconds, so short requests are seen finishing at once,
# then slow down to spare fal on long ones.
FIRST_POLL_SECONDS = 0.1
FAST_POLLING_SECONDS = 10.0
MAX_POLL_SECONDS = 1.0
POLL_BACKOFF = 1.15


@dataclass(frozen=True)
class EngineUpdate:
    """One status observation of a fal request."""

    phase: str  # queued | running | completed
    queue_position: int | None = None
    new_logs: tuple[str, ...] = ()


OnUpdate = Callable[[EngineUpdate], Awaitable[None] | None]

FAL_REST_URL = "https://rest.fal.ai"


@dataclass(frozen=True)
class ServiceCheck:
    """What one cheap call to fal's REST host showed."""

    base_url: str
    status_code: int | None = None
    error: str | None = None


def point_fal_client_at(base_url: str) -> None:
    """Send every fal-client call (queue, run, REST, CDN) to one base URL, e.g. a gateway or a loopback fake."""
    import fal_client.client as fc

    base = base_url.rstrip("/")
    fc.QUEUE_URL_FORMAT = base + "/"
    fc.RUN_URL_FORMAT = base + "/"
    fc.REST_URL = base
    fc.CDN_URL = base


def _host_is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_reserved or addr.is_multicast:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """The TLS settings every download uses, made once: loading the certificate store costs about 40 ms of CPU,
    which a fresh client per download would spend again each time (twice per segment)."""
    import httpx

    return httpx.create_ssl_context()


def check_target(url: str, public_only: bool) -> None:
    """Refuse a URL that is not http(s), or (with public_only) whose host resolves to a private address."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BadUrl(f"{url!r} is not an http(s) URL.")
    if public_only and _host_is_private(parsed.hostname):
        raise BadUrl(
            f"{parsed.hostname} is a loopback, link-local or private address; it is not fetched when serving "
            "over HTTP.",
            hint="Pass a public URL, or a local path inside the allowed folders.",
        )


def _check_peer(response: Any, url: str) -> None:
    """Refuse a response from a private address even if the name pointed elsewhere when it was checked.

    A name can resolve to a public address for the check and to a private one for the connection (DNS
    rebinding); the address actually connected to settles it, before anything is read from it.
    """
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return
    addr = ipaddress.ip_address(peer[0])
    if addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_reserved or addr.is_multicast:
        raise BadUrl(
            f"{urlparse(url).hostname} led to the private address {addr}; it is not fetched when serving over HTTP.",
            hint="Pass a public URL, or a local path inside the allowed folders.",
        )


@dataclass(frozen=True)
class Fetched:
    """A downloaded file and the validators its server sent, to ask later whether it changed."""

    path: Path
    etag: str | None = None
    last_modified: str | None = None
    fresh: bool = True  # False: the server said the copy already at path is current

    def conditions(self) -> dict[str, str]:
        """The headers of a conditional GET for this copy (none: it is simply fetched again)."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Pace:
    """How long a download may take in all, and the slowest it may run, averaged over `window_s`."""

    deadline_s: float
    min_bytes_per_s: float
    window_s: float


class _Meter:
    """Counts the bytes of one download and stops it when it runs past its deadline or under its rate."""

    def __init__(self, pace: Pace | None, on_bytes: Callable[[int], None] | None) -> None:
        self.pace = pace
        self.on_bytes = on_bytes
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        if self.on_bytes is not None:
            self.on_bytes(self.total)

    async def run(self, url: str, copy: Awaitable[None]) -> None:
        pace = self.pace
        if pace is None:
            await copy
            return
        slow: list[float] = []

        async def watch(scope: anyio.CancelScope) -> None:
            marks = [(anyio.current_time(), 0)]
            while True:
                await anyio.sleep(pace.window_s / 4)
                now = anyio.current_time()
                marks.append((now, self.total))
                while len(marks) > 1 and now - marks[1][0] >= pace.window_s:
                    marks.pop(0)
                since, before = marks[0]
                if (
                    now - since >= pace.window_s
                    and (self.total - before) / (now - since) < pace.min_bytes_per_s
                ):
                    slow.append((self.total - before) / (now - since))
                    scope.cancel()
                    return

        failed: list[BaseException] = []
        with anyio.move_on_after(pace.deadline_s) as deadline:
            async with anyio.create_task_group() as tg:
                tg.start_soon(watch, tg.cancel_scope)
                try:
                    await copy
                except Exception as exc:  # raised alone below, not wrapped in an exception group
                    failed.append(exc)
                tg.cancel_scope.cancel()
        if failed:
            raise failed[0]
        hint = "Download it yourself and pass a local path, or pass a faster URL."
        if slow:
            raise BadUrl(
                f"{url} sent {slow[0] / 1000:.1f} kB/s over {pace.window_s:g} s, below the "
                f"{pace.min_bytes_per_s / 1000:g} kB/s a download must keep up.",
                hint=hint,
            )
        if deadline.cancelled_caught:
            raise BadUrl(f"{url} did not finish downloading within {pace.deadline_s:g} s.", hint=hint)


async def _copy(response: Any, out: Any, url: str, max_bytes: int | None, meter: _Meter) -> None:
    async for chunk in response.aiter_bytes():
        if max_bytes is not None and meter.total + len(chunk) > max_bytes:
            raise BadUrl(
                f"{url} is larger than {max_bytes // 1_000_000} MB.",
                hint="Download it yourself and pass a local path.",
            )
        out.write(chunk)
        meter.add(len(chunk))


class FalEngine:
    """Talks to fal (or KLING_V2A_FAL_URL) for one process. Every network call of the project goes through here."""

    def __init__(
        self, config: Config, *, app: str = KLING_V2A_APP, max_poll_seconds: float = MAX_POLL_SECONDS
    ):
        self.config = config
        self.app = app
        self.max_poll_seconds = max_poll_seconds
        self._client: Any = None
        if config.fal_url:
            point_fal_client_at(config.fal_url)

    def _fal(self) -> Any:
        if not self.config.has_key:
            raise MissingKey("No fal API key is configured, so nothing can be scored.")
        if self._client is None:
            import fal_client

            self._client = fal_client.AsyncClient(key=self.config.fal_key)
        return self._client

    async def _call(self, during: str, coro: Awaitable[Any]) -> Any:
        import fal_client
        import httpx

        try:
            return await coro
        except fal_client.client.FalClientHTTPError as exc:
            raise map_http_error(exc.status_code, exc.message, exc.error_type, during=during) from None
        except fal_client.client.FalClientTimeoutError as exc:
            raise FalServerError(f"fal timed out while {during}.") from exc
        except httpx.HTTPError as exc:
            raise FalServerError(
                f"Could not reach fal while {during}: {type(exc).__name__}.",
                hint="Check the network connection; the job can be retried with score_video.",
            ) from None

    async def upload(self, path: Path) -> str:
        """Upload a prepared clip to fal storage; return its URL.

        fal-client reads files up to 100 MiB whole before sending them; bigger clips go in parts instead, a
        few at a time, so memory stays near two parts rather than the whole file (plain upload as fallback).
        """
        if path.stat().st_size > MULTIPART_ABOVE_BYTES:
            try:
                return await self._call("uploading the clip", self._upload_in_parts(path))
            except EngineError as exc:
                log.warning("upload in parts failed (%s); uploading the file whole", exc.message)
        return await self._call("uploading the clip", self._fal().upload_file(path))

    async def _upload_in_parts(self, path: Path) -> str:
        import mimetypes

        from fal_client.client import AsyncMultipartUpload

        client = self._fal()
        token_manager = await client._token_manager
        async with client._cdn_client() as http:
            url: str = await AsyncMultipartUpload.save_file(
                file_path=str(path),
                client=http,
                token_manager=token_manager,
                content_type=mimetypes.guess_type(path.name)[0] or "video/mp4",
                max_concurrency=UPLOAD_PARTS_IN_FLIGHT,
            )
        return url

    async def submit(self, arguments: dict) -> str:
        """Queue one model call; return fal's request id."""
        handle = await self._call("submitting the request", self._fal().submit(self.app, arguments))
        return handle.request_id

    async def follow(self, request_id: str, on_update: OnUpdate | None = None) -> FalResult:
        """Poll a request until it completes, reporting queue position and new log lines; return its result."""
        import fal_client

        client = self._fal()
        handle = await self._call("resuming the request", client.get_handle(self.app, request_id))
        seen = 0
        interval = FIRST_POLL_SECONDS
        started = anyio.current_time()
        while True:
            polled_at = anyio.current_time()
            status = await self._call("checking the request's status", handle.status(with_logs=True))
            if isinstance(status, fal_client.Queued):
                update = EngineUpdate("queued", queue_position=status.position)
            else:
                lines = log_lines(getattr(status, "logs", None))
                new, seen = tuple(lines[seen:]), max(seen, len(lines))
                phase = "completed" if isinstance(status, fal_client.Completed) else "running"
                update = EngineUpdate(phase, new_logs=new)
            if on_update is not None:
                maybe = on_update(update)
                if maybe is not None:
                    await maybe
            if isinstance(status, fal_client.Completed):
                break
            # One poll per interval, counted from the start of the last one, whatever the poll itself took.
            await anyio.sleep(max(0.0, polled_at + interval - anyio.current_time()))
            if anyio.current_time() - started > FAST_POLLING_SECONDS:
                interval = min(self.max_poll_seconds, interval * POLL_BACKOFF)
        # A failed model shows as an HTTP error on the result (422 names the field), so fetch it even then.
        data = await self._call("fetching the result", self._get_result(handle))
        if status.error:
            raise FalResultError(f"The model failed: {status.error}")
        return parse_result(data)

    async def _get_result(self, handle: Any) -> Any:
        from fal_client.client import _async_maybe_retry_request, _raise_for_status

        response = await _async_maybe_retry_request(handle.client, "GET", handle.response_url)
        _raise_for_status(response)
        return response.json()

    async def cancel(self, request_id: str) -> None:
        """Ask fal to cancel a queued or running request."""
        client = self._fal()
        handle = await self._call("cancelling the request", client.get_handle(self.app, request_id))
        try:
            await self._call("cancelling the request", handle.cancel())
        except EngineError as exc:
            # An already finished or forgotten request cannot be cancelled; that is not an error for the caller.
            log.info("cancel of %s: %s", request_id, exc.message)

    def check_service(self, *, timeout: float = 5.0) -> ServiceCheck:
        """Ask fal's REST host for an upload token (free) to see whether it answers and accepts the key."""
        import httpx

        base = self.config.fal_url or FAL_REST_URL
        try:
            with httpx.Client(timeout=timeout) as client:
                if self.config.has_key:
                    answer = client.post(
                        f"{base}/storage/auth/token",
                        params={"storage_type": "fal-cdn-v3"},
                        json={},
                        headers={"Authorization": f"Key {self.config.fal_key}"},
                    )
                else:
                    answer = client.get(base + "/")
        except httpx.HTTPError as exc:
            return ServiceCheck(base, error=type(exc).__name__)
        return ServiceCheck(base, status_code=answer.status_code)

    async def download(
        self,
        url: str,
        dest: Path,
        *,
        max_bytes: int | None = None,
        public_only: bool = False,
        user_input: bool = False,
    ) -> Path:
        """Stream a URL to dest atomically (a temp file in dest's folder, then rename).

        user_input marks a video the caller named by URL (errors speak of their URL), as opposed to a fal result.
        With public_only, every redirect hop is checked too, so a public URL cannot bounce to a private address.
        """
        got = await self.fetch(url, dest, max_bytes=max_bytes, public_only=public_only, user_input=user_input)
        return got.path

    async def fetch(
        self,
        url: str,
        dest: Path,
        *,
        max_bytes: int | None = None,
        public_only: bool = False,
        user_input: bool = False,
        known: Fetched | None = None,
        pace: Pace | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> Fetched:
        """`download`, revalidating `known` (the copy at dest and its validators), under an optional `pace`.

        When the server says the known copy is current (HTTP 304), dest is left as it is.
        """
        import httpx

        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
        tmp = Path(tmp_name)
        current = url
        meter = _Meter(pace, on_bytes)
        headers = known.conditions() if known is not None and dest.is_file() else {}
        try:
            async with httpx.AsyncClient(
                follow_redirects=False, timeout=httpx.Timeout(120.0, connect=30.0), verify=_tls()
            ) as http:
                for _ in range(MAX_REDIRECTS + 1):
                    check_target(current, public_only)
                    async with http.stream("GET", current, headers=headers) as response:
                        if public_only:
                            _check_peer(response, current)
                        if response.is_redirect and "location" in response.headers:
                            current = str(response.url.join(response.headers["location"]))
                            continue
                        if response.status_code == 304 and headers:
                            return Fetched(dest, known.etag, known.last_modified, fresh=False)  # type: ignore[union-attr]
                        if response.status_code >= 400:
                            await response.aread()
                            if user_input:
                                raise BadUrl(
                                    f"{url} answered HTTP {response.status_code}.",
                                    hint="Check that the URL opens in a browser, or pass a local path.",
                                )
                            raise map_http_error(
                                response.status_code,
                                response.text[:200],
                                None,
                                during="downloading the result",
                            )
                        with os.fdopen(fd, "wb") as out:
                            fd = -1
                            await meter.run(url, _copy(response, out, url, max_bytes, meter))
                        got = Fetched(
                            dest, response.headers.get("etag"), response.headers.get("last-modified")
                        )
                    os.replace(tmp, dest)
                    return got
                raise BadUrl(f"{url} redirects more than {MAX_REDIRECTS} times.", hint="Pass the final URL.")
        except httpx.HTTPError as exc:
            host = urlparse(current)
            if user_input:
                raise DownloadFailed(
                    f"Could not download {url}: {type(exc).__name__} from {host.hostname}."
                ) from None
            raise FalServerError(
                f"Could not download {host.hostname}{host.path}: {type(exc).__name__}."
            ) from None
        finally:
            if fd != -1:
                os.close(fd)
            tmp.unlink(missing_ok=True)
