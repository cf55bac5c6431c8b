"""A web server that promises a video and trickles it a byte at a time, as a stalled host does."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Promises a megabyte and sends one byte every 0.3 s, until the client leaves or the test ends."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        stop: threading.Event = self.server.stop  # type: ignore[attr-defined]
        try:
            while not stop.wait(0.3):
                self.wfile.write(b"\0")
                self.wfile.flush()
        except OSError:
            pass  # the client gave up: that is what the test wants

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def trickling_url() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    httpd.stop = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/slow.mp4"
    finally:
        httpd.stop.set()  # type: ignore[attr-defined]
        httpd.shutdown()
        httpd.server_close()
