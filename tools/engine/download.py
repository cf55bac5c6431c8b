"""Downloads over HTTP(S): fal's result files and videos named by URL, streamed to disk atomically.

With public_only (serving over HTTP) no hop may lead to a loopback, link-local or private address, checked by name
before each request and by the address actually connected to. A download can be held to a deadline and a minimum
rate (`Pace`), and a copy kept earlier is revalidated instead of fetched again (`Fetched`).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import anyio

from tools.engine.payload import map_http_error
from tools.errors import BadUrl, DownloadFailed, FalServerError

if TYPE_CHECKING:
    import ssl

MAX_REDIRECTS = 5


def _is_private(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_reserved or addr.is_multicast


def _host_is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return any(_is_private(ipaddress.ip_address(info[4][0])) for info in infos)


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
    if _is_private(addr):
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


async def fetch(
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
    """Stream a URL to dest atomically (a temp file in dest's folder, then rename), revalidating `known` (the copy
    at dest and its validators), under an optional `pace` (FalEngine.fetch; FalEngine.download says the rest).

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
                    got = Fetched(dest, response.headers.get("etag"), response.headers.get("last-modified"))
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
