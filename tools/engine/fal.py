"""The fal adapter: upload, submit, follow, fetch, download and cancel, on fal_client.AsyncClient."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

from tools.config import Config
from tools.engine.download import fetch
from tools.engine.payload import FalResult, log_lines, map_http_error, parse_result
from tools.errors import (
    EngineError,
    FalResultError,
    FalServerError,
    MissingKey,
)
from tools.pricing import KLING_V2A_APP

log = logging.getLogger(__name__)

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

    # A download needs nothing of the engine's own; it is the engine's still, so every network call goes through here.
    fetch = staticmethod(fetch)
