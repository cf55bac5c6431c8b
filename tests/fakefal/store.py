"""The fake's storage: CDN tokens, uploaded files (single shot, GCS-style, multipart) and result files."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import quote


@dataclass(frozen=True)
class StoredFile:
    """One file the fake serves under /files/<file_id>/<name>."""

    file_id: str
    name: str
    content_type: str
    data: bytes
    kind: str  # "upload" or "result"
    route: str  # how it arrived: "cdn", "gcs", "multipart", "data_uri" or "model"

    def path(self) -> str:
        """The URL path that serves this file."""
        return f"/files/{self.file_id}/{quote(self.name)}"


@dataclass
class _Multipart:
    file_id: str
    name: str
    content_type: str
    parts: dict[int, bytes] = field(default_factory=dict)


class FileStore:
    """Everything the fake keeps in memory about files; safe across server threads."""

    def __init__(self, token_seconds: float = 3600.0) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, StoredFile] = {}
        self._tokens: set[str] = set()
        self._pending_gcs: dict[str, tuple[str, str]] = {}
        self._multipart: dict[str, _Multipart] = {}
        self._token_seconds = token_seconds

    def issue_token(self, base_url: str) -> dict[str, str]:
        """A CDN upload token in fal's shape, valid for an hour."""
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._tokens.add(token)
        expires = datetime.now(timezone.utc) + timedelta(seconds=self._token_seconds)
        return {
            "token": token,
            "token_type": "Bearer",
            "base_url": base_url,
            "expires_at": expires.isoformat(),
        }

    def token_ok(self, authorization: str) -> bool:
        """Whether an Authorization header carries a token this store issued."""
        scheme, _, token = authorization.partition(" ")
        with self._lock:
            return scheme == "Bearer" and token in self._tokens

    def put(self, name: str, content_type: str, data: bytes, *, kind: str, route: str) -> StoredFile:
        """Store bytes under a fresh id."""
        stored = StoredFile(_new_id(), _safe_name(name), content_type, data, kind, route)
        with self._lock:
            self._files[stored.file_id] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """The file with that id, if any."""
        with self._lock:
            return self._files.get(file_id)

    def begin_gcs(self, name: str, content_type: str) -> tuple[str, str]:
        """Reserve an id for a GCS-style upload; return (file_id, safe name)."""
        file_id, safe = _new_id(), _safe_name(name)
        with self._lock:
            self._pending_gcs[file_id] = (safe, content_type)
        return file_id, safe

    def finish_gcs(self, file_id: str, data: bytes) -> StoredFile | None:
        """Store the bytes PUT to a reserved GCS-style URL."""
        with self._lock:
            pending = self._pending_gcs.pop(file_id, None)
            if pending is None:
                return None
            stored = StoredFile(file_id, pending[0], pending[1], data, "upload", "gcs")
            self._files[file_id] = stored
            return stored

    def begin_multipart(self, name: str, content_type: str) -> tuple[str, str, str]:
        """Start a multipart upload; return (file_id, safe name, upload id)."""
        upload_id = secrets.token_hex(8)
        upload = _Multipart(_new_id(), _safe_name(name), content_type)
        with self._lock:
            self._multipart[upload_id] = upload
        return upload.file_id, upload.name, upload_id

    def put_part(self, file_id: str, upload_id: str, number: int, data: bytes) -> str | None:
        """Keep one part; return its ETag, or None for an unknown upload."""
        with self._lock:
            upload = self._multipart.get(upload_id)
            if upload is None or upload.file_id != file_id:
                return None
            upload.parts[number] = data
        return '"' + hashlib.md5(data).hexdigest() + '"'

    def complete_multipart(self, file_id: str, upload_id: str, parts: list[dict]) -> StoredFile | str:
        """Join the listed parts in order; return the file, or a reason the list does not match."""
        with self._lock:
            upload = self._multipart.get(upload_id)
            if upload is None or upload.file_id != file_id:
                return "unknown upload"
            numbers = sorted(int(p["partNumber"]) for p in parts)
            if numbers != sorted(upload.parts) or numbers != list(range(1, len(numbers) + 1)):
                return f"parts {numbers} do not match the uploaded parts {sorted(upload.parts)}"
            for part in parts:
                expected = '"' + hashlib.md5(upload.parts[int(part["partNumber"])]).hexdigest() + '"'
                if part.get("etag") != expected:
                    return f"etag of part {part['partNumber']} does not match"
            data = b"".join(upload.parts[n] for n in numbers)
            del self._multipart[upload_id]
            stored = StoredFile(file_id, upload.name, upload.content_type, data, "upload", "multipart")
            self._files[file_id] = stored
            return stored


def _new_id() -> str:
    return secrets.token_hex(8)


def _safe_name(name: str) -> str:
    # Names end up in URL paths: keep only the base name, never an empty one.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base or "upload.bin"
