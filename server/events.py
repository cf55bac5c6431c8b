"""Resumable Streamable HTTP: a client that loses the stream of a long call picks it up again with Last-Event-ID.

The SDK's transport stores every message it sends on an SSE stream in an event store, under the stream's id,
which is the JSON-RPC id of the request; on a GET with Last-Event-ID it replays what followed that event and goes
on with the live stream. Request ids are the client's own (1, 2, 3 ...), so two sessions share them: one store
for the whole server would replay one session's events to another. Each session therefore gets its own view of
one bounded in-memory store, and a view finds only its own session's events.
"""

from __future__ import annotations

import itertools
import secrets
from collections import OrderedDict
from typing import Any

from mcp.server.streamable_http import EventCallback, EventMessage, EventStore
from mcp.types import JSONRPCMessage

# Events kept for all sessions together, oldest dropped first: a call's progress notifications and its answer are
# a few dozen events, replayed within seconds of a dropped connection. An answer can be large (inspect_video's
# contact sheet is up to 400 KB as base64), so the bytes are bounded too.
MAX_EVENTS = 4096
MAX_BYTES = 32 * 1024 * 1024
# Milliseconds a client waits before reconnecting to a stream the server closed (sent in the priming event).
RETRY_MS = 1000


class SharedEvents:
    """The events of every session, in the order stored, bounded to the newest max_events."""

    def __init__(self, max_events: int = MAX_EVENTS, max_bytes: int = MAX_BYTES) -> None:
        self.max_events = max_events
        self.max_bytes = max_bytes
        # event id -> (session view, stream id, message); None marks a stream's priming event
        self.events: OrderedDict[str, tuple[str, str, JSONRPCMessage | None]] = OrderedDict()
        self.sizes: dict[str, int] = {}
        self.bytes = 0
        self._ids = itertools.count(1)

    def add(self, view: str, stream_id: str, message: JSONRPCMessage | None) -> str:
        event_id = f"{view}-{next(self._ids)}"
        size = 0 if message is None else len(message.model_dump_json(by_alias=True, exclude_none=True))
        self.events[event_id] = (view, stream_id, message)
        self.sizes[event_id] = size
        self.bytes += size
        while len(self.events) > self.max_events or (self.bytes > self.max_bytes and len(self.events) > 1):
            oldest, _ = self.events.popitem(last=False)
            self.bytes -= self.sizes.pop(oldest)
        return event_id

    def after(self, view: str, last_event_id: str) -> tuple[str, list[tuple[str, JSONRPCMessage]]] | None:
        """The stream of one of this view's events, and that stream's later messages; None for another view's
        event, or one no longer kept."""
        found = self.events.get(last_event_id)
        if found is None or found[0] != view:
            return None
        stream_id = found[1]
        later: list[tuple[str, JSONRPCMessage]] = []
        seen = False
        for event_id, (owner, stream, message) in self.events.items():
            if event_id == last_event_id:
                seen = True
            elif seen and owner == view and stream == stream_id and message is not None:
                later.append((event_id, message))
        return stream_id, later


class SessionEvents(EventStore):
    """One session's view of the shared events."""

    def __init__(self, shared: SharedEvents) -> None:
        self.shared = shared
        self.view = secrets.token_hex(8)

    async def store_event(self, stream_id: str, message: JSONRPCMessage | None) -> str:
        return self.shared.add(self.view, stream_id, message)

    async def replay_events_after(self, last_event_id: str, send_callback: EventCallback) -> str | None:
        found = self.shared.after(self.view, last_event_id)
        if found is None:
            return None
        stream_id, later = found
        for event_id, message in later:
            await send_callback(EventMessage(message, event_id))
        return stream_id


def resumable(session_manager: Any, shared: SharedEvents | None = None) -> SharedEvents:
    """Give each new session of an SDK StreamableHTTPSessionManager its own view of one shared event store.

    The manager hands its `event_store` to the transport of each session it admits; it is swapped for a fresh
    view just before each admission. (The SDK offers one store for all sessions, keyed by request ids that
    sessions share: see the module's docstring.)
    """
    shared = shared or SharedEvents()
    admit = session_manager._admit_session

    def admit_with_own_view(*args: Any, **kwargs: Any) -> Any:
        session_manager.event_store = SessionEvents(shared)
        return admit(*args, **kwargs)

    session_manager._admit_session = admit_with_own_view
    session_manager.event_store = SessionEvents(shared)
    session_manager.retry_interval = RETRY_MS
    return shared
