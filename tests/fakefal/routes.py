"""What the fake answers on each path of fal's storage, queue and CDN protocol (auth and faults come first)."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from tests.fakefal import media, validate
from tests.fakefal.jobs import DONE, Failure, Job

if TYPE_CHECKING:
    from tests.fakefal.server import FakeFal

log = logging.getLogger(__name__)

APP_ID = "fal-ai/kling-video/video-to-audio"
# Status, result and cancel URLs drop the endpoint's sub-path, as fal's own do; accept both forms.
REQUEST_PATH = r"/fal-ai/kling-video(?:/video-to-audio)?/requests/(?P<rid>[^/]+)"


@dataclass
class Call:
    """One HTTP request as the routes see it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    base: str  # http://host:port as the client addressed the fake
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body parsed as JSON (None when empty)."""
        return json.loads(self.body) if self.body else None


@dataclass
class Reply:
    """One HTTP response."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def reply_json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    """A JSON response."""
    return Reply(status, json.dumps(payload).encode(), "application/json", dict(headers or {}))


def request_urls(base: str, rid: str) -> dict[str, str]:
    """The response, status and cancel URLs of a request, pointing back at the fake."""
    root = f"{base}/fal-ai/kling-video/requests/{rid}"
    return {"response_url": root, "status_url": root + "/status", "cancel_url": root + "/cancel"}


# Storage


def token(fake: FakeFal, call: Call) -> Reply:
    """POST /storage/auth/token: a CDN upload token."""
    return reply_json(200, fake.store.issue_token(call.base))


def cdn_upload(fake: FakeFal, call: Call) -> Reply:
    """POST /files/upload: the whole file in one body."""
    if fake.faults.take("cdn_down"):
        return reply_json(500, {"detail": "CDN upload failed", "error_type": "internal_error"})
    stored = fake.store.put(_file_name(call), _content_type(call), call.body, kind="upload", route="cdn")
    fake.record_upload(stored)
    return reply_json(200, {"access_url": call.base + stored.path()})


def gcs_initiate(fake: FakeFal, call: Call) -> Reply:
    """POST /storage/upload/initiate: reserve a signed PUT URL."""
    body = call.json() or {}
    file_id, name = fake.store.begin_gcs(str(body.get("file_name") or "upload.bin"),
                                         str(body.get("content_type") or "application/octet-stream"))  # fmt: skip
    return reply_json(
        200,
        {
            "upload_url": f"{call.base}/_gcs/{file_id}?X-Goog-Signature=fake",
            "file_url": f"{call.base}/files/{file_id}/{quote(name)}",
        },
    )


def gcs_put(fake: FakeFal, call: Call) -> Reply:
    """PUT /_gcs/<id>: the bytes for a reserved upload."""
    stored = fake.store.finish_gcs(call.params["fid"], call.body)
    if stored is None:
        return reply_json(404, {"detail": "No such upload"})
    fake.record_upload(stored)
    return Reply(200)


def multipart_create(fake: FakeFal, call: Call) -> Reply:
    """POST /files/upload/multipart: start a multipart upload."""
    file_id, name, upload_id = fake.store.begin_multipart(_file_name(call), _content_type(call))
    return reply_json(
        200, {"access_url": f"{call.base}/files/{file_id}/{quote(name)}", "uploadId": upload_id}
    )


def multipart_part(fake: FakeFal, call: Call) -> Reply:
    """PUT .../multipart/<upload id>/<n>: one part; the ETag header is what the client collects."""
    etag = fake.store.put_part(call.params["fid"], call.params["uid"], int(call.params["n"]), call.body)
    if etag is None:
        return reply_json(404, {"detail": "No such multipart upload"})
    return Reply(200, headers={"ETag": etag})


def multipart_complete(fake: FakeFal, call: Call) -> Reply:
    """POST .../multipart/<upload id>/complete: join the parts."""
    parts = (call.json() or {}).get("parts") or []
    done = fake.store.complete_multipart(call.params["fid"], call.params["uid"], parts)
    if isinstance(done, str):
        return reply_json(400, {"detail": done})
    fake.record_upload(done)
    return reply_json(200, {"access_url": call.base + done.path()})


def file_get(fake: FakeFal, call: Call) -> Reply:
    """GET /files/<id>/<name>: stored bytes, unless a result has expired (or is first redirected)."""
    fake.count("file_gets")
    stored = fake.store.get(call.params["fid"])
    if stored is None or (stored.kind == "result" and _applies(fake, "expired_result", stored.content_type)):
        return reply_json(404, {"detail": "File not found"})
    if stored.kind == "result":
        hop = int((call.query.get("hop") or ["0"])[-1])
        redirect = fake.faults.peek("redirect_result") if hop else fake.faults.take("redirect_result")
        if redirect is not None and hop < redirect.hops:
            return Reply(redirect.status, headers={"Location": f"{stored.path()}?hop={hop + 1}"})
    return Reply(200, stored.data, _served_type(fake, stored.content_type))


def _applies(fake: FakeFal, name: str, content_type: str) -> bool:
    """Whether a fault with a `file` kind is on for a result file of this type (using one of its times)."""
    fault = fake.faults.peek(name)
    if fault is None or (fault.file is not None and not content_type.startswith(fault.file)):
        return False
    return fake.faults.take(name) is not None


def _served_type(fake: FakeFal, content_type: str) -> str:
    """The Content-Type a result file is served and described with: its own, unless it is made to lie."""
    lie = fake.faults.peek("lying_content_type")
    return (
        lie.content_type
        if lie is not None and _applies(fake, "lying_content_type", content_type)
        else content_type
    )


def _file_name(call: Call) -> str:
    return unquote(call.headers.get("x-fal-file-name", "upload.bin"))


def _content_type(call: Call) -> str:
    return call.headers.get("content-type", "application/octet-stream")


# Queue


def submit(fake: FakeFal, call: Call) -> Reply:
    """POST /fal-ai/kling-video/video-to-audio: validate, then queue (or refuse at once if so configured)."""
    try:
        arguments = call.json()
    except (ValueError, UnicodeDecodeError):
        return reply_json(
            422, {"detail": [{"loc": ["body"], "msg": "JSON decode error", "type": "json_invalid"}]}
        )
    errors = validate.check_schema(arguments)
    found = None
    if not errors:
        found = _fetch(fake, call, arguments["video_url"])
        errors = validate.check_video(arguments["video_url"], found[1] if found else None, fake.limits)
    validate_at = fake.validate_at
    rejection = fake.faults.take("reject_422")
    if rejection is not None:
        errors = [*errors, validate.error(rejection.field, rejection.msg, rejection.type)]
        validate_at = rejection.at or validate_at
    if errors and validate_at == "submit":
        fake.record_rejected(arguments, 422, errors)
        return reply_json(422, {"detail": errors})
    assert isinstance(arguments, dict)
    job = _new_job(fake, arguments, found, errors)
    fake.record_submit(job)
    fake.render_soon(job)
    body = {"status": "IN_QUEUE", "request_id": job.request_id, **request_urls(call.base, job.request_id),
            "queue_position": max(job.queue_polls, 0)}  # fmt: skip
    return reply_json(200, body, {"x-fal-request-id": job.request_id})


def _new_job(fake: FakeFal, arguments: dict, found: tuple[bytes, media.Probe] | None, errors: list) -> Job:
    job = Job(
        request_id=str(uuid.uuid4()),
        arguments=json.loads(json.dumps(arguments)),
        effective=validate.effective(arguments),
        submitted_at=fake.clock(),
        latency=fake.latency,
        hold=fake.hold,
        status_errors=fake.status_errors,
    )
    if found is not None and not errors:
        data, probed = found
        job.video, job.video_seconds = data, probed.duration or 0.0
        job.size = (probed.width or 0, probed.height or 0)
        job.tone_hz = media.tone_for(job.effective, data)
    if errors:
        job.failure = Failure(422, {"detail": errors}, errors[0]["msg"], errors[0]["type"])
    elif failing := fake.faults.take("result_failure"):
        job.failure = Failure(failing.status, {"detail": failing.detail, "error_type": failing.error_type},
                              failing.detail, failing.error_type)  # fmt: skip
    if slow := fake.faults.take("slow_queue"):
        job.queue_polls = slow.polls
    if job.video is not None and job.failure is None:
        job.audio = fake.faults.take("result_audio")
    return job


def _fetch(fake: FakeFal, call: Call, url: str) -> tuple[bytes, media.Probe] | None:
    """The bytes and probe behind a video_url, if the fake itself can serve them (or it is a data URI)."""
    if url.startswith("data:"):
        header, _, payload = url.partition(",")
        try:
            data = (
                base64.b64decode(payload, validate=True)
                if header.endswith(";base64")
                else unquote(payload).encode()
            )
        except (binascii.Error, ValueError):
            return None
        return data, media.probe(data)
    parts = urlsplit(url)
    ours = {urlsplit(call.base).netloc, urlsplit(fake.url).netloc, f"localhost:{fake.port}"}
    match = re.fullmatch(r"/files/(?P<fid>[^/]+)/[^/]+", parts.path)
    if parts.scheme != "http" or parts.netloc not in ours or match is None:
        return None
    stored = fake.store.get(match["fid"])
    if stored is None:
        return None
    return stored.data, fake.probe_of(stored)


def _job_or_404(fake: FakeFal, call: Call) -> Job | Reply:
    job = fake.requests.get(call.params["rid"])
    if job is None:
        return reply_json(404, {"detail": f"Request {call.params['rid']} not found"})
    return job


def status(fake: FakeFal, call: Call) -> Reply:
    """GET .../requests/<id>/status: 202 while queued or running, 200 once completed."""
    fake.count("status_polls")
    job = _job_or_404(fake, call)
    if isinstance(job, Reply):
        return job
    with_logs = call.query.get("logs", ["0"])[-1].lower() in ("1", "true")
    with job.lock:
        code, body = job.poll(fake.clock(), with_logs)
    body.update(request_urls(call.base, job.request_id))
    return reply_json(code, body, {"x-fal-request-id": job.request_id})


def result(fake: FakeFal, call: Call) -> Reply:
    """GET .../requests/<id>: the model's output, or its error with the model's own status code."""
    fake.count("result_gets")
    job = _job_or_404(fake, call)
    if isinstance(job, Reply):
        return job
    headers = {"x-fal-request-id": job.request_id}
    expired = fake.faults.peek("expired_result")
    if expired is not None and expired.response:
        return reply_json(404, {"detail": f"Request {job.request_id} not found"}, headers)
    with job.lock:
        job.advance(fake.clock())
        if job.phase != DONE:
            return reply_json(400, {"detail": "Request is still in progress"}, headers)
        if job.failure is not None:
            return reply_json(job.failure.status, job.failure.body,
                              {**headers, "X-Fal-Error-Type": job.failure.error_type})  # fmt: skip
    outputs = fake.outputs_of(job)
    job.answered_at = time.time()  # wall clock, so a client in another process can compare it with its own
    return reply_json(
        200, {name: _file_json(fake, call.base, stored) for name, stored in outputs.items()}, headers
    )


def _file_json(fake: FakeFal, base: str, stored: Any) -> dict[str, Any]:
    return {
        "url": base + stored.path(),
        "content_type": _served_type(fake, stored.content_type),
        "file_name": stored.name,
        "file_size": len(stored.data),
    }


def cancel(fake: FakeFal, call: Call) -> Reply:
    """PUT .../requests/<id>/cancel: 202 CANCELLATION_REQUESTED, 400 ALREADY_COMPLETED or 404 NOT_FOUND."""
    job = fake.requests.get(call.params["rid"])
    if job is None:
        outcome, code = "NOT_FOUND", 404
    else:
        with job.lock:
            cancelled = job.cancel(fake.clock())
        outcome, code = ("CANCELLATION_REQUESTED", 202) if cancelled else ("ALREADY_COMPLETED", 400)
    fake.record_cancel(call.params["rid"], outcome)
    return reply_json(code, {"status": outcome})


# Control channel for tests in another process (no auth: loopback test tool)


def control_state(fake: FakeFal, call: Call) -> Reply:
    """GET /_fake/state: counters, recorded calls, requests and faults."""
    return reply_json(200, fake.state())


def control_faults(fake: FakeFal, call: Call) -> Reply:
    """POST /_fake/faults: {"name", "params"} switches one on; {"clear": true | name} switches off."""
    body = call.json() or {}
    try:
        if "clear" in body:
            fake.clear_faults(None if body["clear"] is True else str(body["clear"]))
        else:
            fake.set_fault(str(body.get("name")), **(body.get("params") or {}))
    except (TypeError, ValueError) as exc:
        return reply_json(400, {"detail": str(exc)})
    return reply_json(200, {"faults": fake.faults.active()})


def control_release(fake: FakeFal, call: Call) -> Reply:
    """POST /_fake/release: {"request_id": id or null for all} lets held requests finish."""
    body = call.json() or {}
    return reply_json(200, {"released": fake.release(body.get("request_id"))})


def control_settings(fake: FakeFal, call: Call) -> Reply:
    """POST /_fake/settings: change latency, hold, validate_at or status_errors for later submits."""
    body = call.json() or {}
    try:
        fake.configure(**body)
    except (TypeError, ValueError) as exc:
        return reply_json(400, {"detail": str(exc)})
    return reply_json(200, fake.settings())
