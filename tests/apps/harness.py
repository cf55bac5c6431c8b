"""The browser test's pieces: the real kling-v2a-mcp over stdio (raw JSON-RPC, declaring MCP Apps support), and a
minimal host page in headless Chromium whose app frame reaches that server only through the host."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.apps.cdp import Browser, bounded
from tests.server.helpers import console_script

APPS = {"io.modelcontextprotocol/ui": {"mimeTypes": ["text/html;profile=mcp-app"]}}
HOST_PAGE = Path(__file__).with_name("host.html")


# In every frame: once a test sets data-without-proprietary-codecs on the document, <video> answers as a Chromium
# built without H.264 and AAC would (Debian's plays both), so the app must ask for its WebM preview.
WITHOUT_PROPRIETARY_CODECS = """
(() => {
  const can = HTMLMediaElement.prototype.canPlayType;
  HTMLMediaElement.prototype.canPlayType = function (type) {
    if (document.documentElement.dataset.withoutProprietaryCodecs && /mp4|avc1|mp4a|mpeg/i.test(type)) return "";
    return can.call(this, type);
  };
})();
"""


class StdioMcp:
    """kling-v2a-mcp as a host launches it; `request` sends one JSON-RPC request and returns the reply message."""

    def __init__(self, env: dict[str, str], *, apps: bool = True) -> None:
        base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        self.proc = subprocess.Popen(
            [console_script("kling-v2a-mcp")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**base, **env},
        )
        self._lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._next = 0
        caps: dict[str, Any] = {"extensions": APPS} if apps else {}
        self.request(
            "initialize",
            {
                "protocolVersion": "2025-11-25",
                "capabilities": caps,
                "clientInfo": {"name": "test-host", "version": "1"},
            },
        )
        self._send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)

    def _send(self, msg: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
        self.proc.stdin.flush()

    def request(self, method: str, params: dict[str, Any], timeout: float = 120.0) -> dict[str, Any]:
        self._next += 1
        rid = self._next
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = json.loads(self._lines.get(timeout=max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                raise TimeoutError(f"no answer to {method}") from None
            if msg.get("id") == rid and "method" not in msg:
                return msg
            if "method" in msg and "id" in msg:  # a request from the server: this host offers nothing
                self._send(
                    {"jsonrpc": "2.0", "id": msg["id"], "error": {"code": -32601, "message": "not here"}}
                )

    def result(self, method: str, params: dict[str, Any], timeout: float = 120.0) -> Any:
        msg = self.request(method, params, timeout)
        assert "result" in msg, msg
        return msg["result"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


class HostPage:
    """The host page in Chromium, relaying its app's requests to `server`; records every request the page makes."""

    def __init__(self, browser: Browser, server: StdioMcp) -> None:
        self.b = browser
        self.server = server
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        target = next(t for t in browser.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = browser.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Network.enable", "Log.enable"):
            self.call(method)
        self.call("Runtime.addBinding", {"name": "hostRelay"})
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": WITHOUT_PROPRIETARY_CODECS})
        self.call("Page.navigate", {"url": HOST_PAGE.as_uri()})
        bounded(
            lambda: self.host_eval("typeof window.startHost === 'function'"), self.pump, 30, "the host page"
        )
        self.world: int | None = None

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.b.call(method, params, session=self.session)

    def pump(self) -> None:
        """Handle the events that have come: relay the app's calls, note requests and console errors."""
        event = self.b.wait_event(0.05)
        while event is not None:
            self._handle(event)
            event = self.b.wait_event(0) if self.b.events else None

    def _handle(self, event: dict[str, Any]) -> None:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.bindingCalled" and params.get("name") == "hostRelay":
            ask = json.loads(params["payload"])
            answer = self.server.request(ask["method"], ask["params"])
            self.call(
                "Runtime.evaluate",
                {
                    "expression": f"window.__hostReply({ask['id']}, {json.dumps(answer)})",
                    "returnByValue": True,
                },
            )
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.console_errors.append(params["entry"].get("text", ""))
        elif method == "Runtime.exceptionThrown":
            self.console_errors.append(json.dumps(params.get("exceptionDetails", {}))[:500])

    def host_eval(self, expression: str) -> Any:
        out = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in out:
            raise AssertionError(out["exceptionDetails"])
        return out["result"].get("value")

    def start(self, setup: dict[str, Any]) -> None:
        self.host_eval(f"window.startHost({json.dumps(setup)})")
        bounded(
            lambda: self.host_eval("window.hostLog.initialized"), self.pump, 30, "the app's ui/initialize"
        )
        frames = self.call("Page.getFrameTree")["frameTree"].get("childFrames", [])
        frame_id = frames[0]["frame"]["id"]
        self.world = self.call("Page.createIsolatedWorld", {"frameId": frame_id, "worldName": "test"})[
            "executionContextId"
        ]

    def app_eval(self, expression: str) -> Any:
        """Evaluate in the app frame (an isolated world: the app's DOM, not its script's variables)."""
        out = self.call(
            "Runtime.evaluate",
            {"expression": expression, "contextId": self.world, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in out:
            raise AssertionError(out["exceptionDetails"])
        return out["result"].get("value")

    def until(self, expression: str, what: str, timeout: float = 60.0) -> Any:
        return bounded(lambda: self.app_eval(expression), self.pump, timeout, what)

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
