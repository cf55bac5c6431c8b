"""A client that loses the Streamable HTTP stream of a long score_video call picks it up again with Last-Event-ID
and gets the call's answer; another session cannot replay that stream."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx

from tests.fakefal.server import FakeFal
from tests.server.test_http import MCP_HEADERS, http_server_process

VERSION = "2025-11-25"  # the first protocol version whose streams are resumable


def events(lines: Iterator[str]) -> Iterator[dict]:
    """SSE events as {"id": ..., "data": ...}, one per blank-line-terminated block."""
    event: dict = {}
    for line in lines:
        if not line:
            if event:
                yield event
            event = {}
        elif ":" in line:
            field, _, value = line.partition(":")
            event[field] = value.strip()


def open_session(http: httpx.Client, url: str) -> dict[str, str]:
    init = http.post(
        url,
        json={
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": VERSION,
                "capabilities": {},
                "clientInfo": {"name": "t", "version": "1"},
            },
        },
    )
    assert init.status_code == 200, init.text
    session = {"mcp-session-id": init.headers["mcp-session-id"], "mcp-protocol-version": VERSION}
    http.post(url, json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=session)
    return session


def test_a_dropped_stream_of_a_long_call_is_resumed_with_last_event_id(workspace, clip):
    call = {
        "jsonrpc": "2.0",
        "id": 7,
        "method": "tools/call",
        "params": {
            "name": "score_video",
            "arguments": {"video": str(clip), "wait_seconds": 60},
            "_meta": {"progressToken": "p7"},
        },
    }
    with FakeFal(hold=True) as fake, http_server_process(workspace.env(fake.url)) as url:
        with httpx.Client(timeout=httpx.Timeout(60.0), headers=MCP_HEADERS) as http:
            session = open_session(http, url)
            with http.stream("POST", url, json=call, headers=session) as stream:
                first = next(events(stream.iter_lines()))  # the priming event: an id and no data
            # the connection is gone; the call goes on in the server
            assert first.get("id") and not first.get("data"), first
            fake.configure(hold=False)  # fal finishes the request, whether or not it was submitted yet
            fake.release()
            answer = None
            with http.stream("GET", url, headers={**session, "last-event-id": first["id"]}) as resumed:
                assert resumed.status_code == 200
                for event in events(resumed.iter_lines()):
                    message = json.loads(event["data"]) if event.get("data") else {}
                    if message.get("id") == 7:
                        answer = message
                        break
            # another session may not replay this one's stream
            other = open_session(http, url)
            stranger = http.get(url, headers={**other, "last-event-id": first["id"]}, timeout=10)
    assert answer is not None and answer["result"]["structuredContent"]["status"] == "completed", answer
    assert '"id": 7' not in stranger.text and '"id":7' not in stranger.text
    assert len(fake.submits) == 1


def test_the_event_store_keeps_the_newest_events_within_its_bounds_and_each_session_its_own():
    import anyio
    from mcp.types import JSONRPCNotification

    from server.events import SessionEvents, SharedEvents

    shared = SharedEvents(max_events=50, max_bytes=4000)
    one, two = SessionEvents(shared), SessionEvents(shared)

    def note(i: int) -> JSONRPCNotification:
        return JSONRPCNotification(
            jsonrpc="2.0", method="notifications/progress", params={"n": i, "pad": "x" * 100}
        )

    async def run() -> tuple[list[int], str | None, str | None, str | None]:
        first = await one.store_event("7", None)
        ids = [await one.store_event("7", note(i)) for i in range(30)]
        await two.store_event("7", note(99))  # the same request id in another session
        replayed: list[int] = []

        async def send(event) -> None:
            replayed.append(event.message.params["n"])

        mine = await one.replay_events_after(ids[-10], send)
        theirs = await two.replay_events_after(ids[-10], send)  # another session's event: nothing
        gone = await one.replay_events_after(first, send)  # evicted by the byte bound: nothing
        return replayed, mine, theirs, gone

    replayed, mine, theirs, gone = anyio.run(run)
    assert replayed == list(range(21, 30)) and mine == "7" and theirs is None and gone is None
    assert shared.bytes <= 4000 and len(shared.events) < 31
