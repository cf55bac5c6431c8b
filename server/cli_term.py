"""Terminal output for the CLI: colour only on a terminal, a progress bar on stderr, plain lines when piped."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Mapping
from typing import Any, TextIO

from pydantic import BaseModel

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def wants_colour(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal unless NO_COLOR is set or TERM is dumb; FORCE_COLOR turns it on anywhere."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return _isatty(stream) and env.get("TERM") != "dumb"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _unicode(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    return encoding in ("utf8", "utf16", "utf32")


class Out:
    """One output stream with optional colour and Unicode symbols."""

    def __init__(self, stream: TextIO, *, colour: bool | None = None) -> None:
        self.stream = stream
        self.colour = wants_colour(stream) if colour is None else colour
        self.unicode = _unicode(stream)
        self.tty = _isatty(stream)

    def style(self, text: str, *names: str) -> str:
        """Text wrapped in ANSI styles when colour is on."""
        if not self.colour or not names or not text:
            return text
        codes = ";".join(_CODES[n] for n in names)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def symbol(self, kind: str) -> str:
        """A status mark: ok, fail, warn, info or running, in Unicode when the stream can show it."""
        fancy = {"ok": "✔", "fail": "✘", "warn": "!", "info": "·", "running": "…"}
        plain = {"ok": "ok", "fail": "x", "warn": "!", "info": "-", "running": "..."}
        return (fancy if self.unicode else plain)[kind]

    def line(self, text: str = "") -> None:
        """Write one line."""
        self.stream.write(text + "\n")
        self.stream.flush()

    def json(self, value: BaseModel | Any) -> None:
        """Write a model or plain value as indented JSON (no colour, so scripts can parse it)."""
        if isinstance(value, BaseModel):
            text = value.model_dump_json(indent=2)
        else:
            text = json.dumps(value, indent=2, default=str)
        self.line(text)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal; on a pipe, a plain line per change of state."""

    def __init__(self, out: Out, label: str = "") -> None:
        self.out = out
        self.label = label
        self.fraction = 0.0
        self.status = "starting"
        self.message = ""
        self.started = time.monotonic()
        self._frame = 0
        self._last_plain: tuple[str, str] | None = None
        self.drawn = False

    def update(self, fraction: float, status: str, message: str = "") -> None:
        """Record progress (0..1) and the current status; redraw."""
        self.fraction = max(self.fraction, min(1.0, max(0.0, fraction)))
        self.status, self.message = status, message
        self._draw()

    def tick(self) -> None:
        """Advance the spinner and the clock (terminal only)."""
        if self.out.tty:
            self._frame += 1
            self._draw()

    def finish(self, ok: bool, status: str, message: str = "") -> None:
        """Draw the final state and end the line."""
        if ok:
            self.fraction = 1.0
        self.status, self.message = status, message
        self._draw(final=True)
        if self.out.tty:
            self.out.stream.write("\n")
            self.out.stream.flush()

    def _draw(self, final: bool = False) -> None:
        if not self.out.tty:
            state = (self.status, self.message)
            if state != self._last_plain:
                self._last_plain = state
                tail = f": {self.message}" if self.message else ""
                self.out.line(f"{self.label}{self.status} {round(self.fraction * 100)}%{tail}")
            return
        self.out.stream.write("\r\x1b[2K" + self._render(final))
        self.out.stream.flush()
        self.drawn = True

    def _render(self, final: bool) -> str:
        out = self.out
        columns = shutil.get_terminal_size((80, 24)).columns
        width = max(10, min(30, columns // 8))
        filled = round(self.fraction * width)
        full, empty = ("█", "░") if out.unicode else ("#", "-")
        colour = "green" if self.fraction >= 1.0 else "cyan"
        bar = out.style(full * filled, colour) + out.style(empty * (width - filled), "dim")
        if final:
            head = out.symbol("ok") if self.fraction >= 1.0 else out.symbol("fail")
        else:
            head = SPINNER[self._frame % len(SPINNER)] if out.unicode else "|/-\\"[self._frame % 4]
        percent = f"{round(self.fraction * 100):3d}%"
        # The label (a job id) starts each plain line, but not the terminal's line: at 80 columns fal's messages
        # need the room, and the result names the job.
        text = f"{head} {self.status:<9} {bar} {percent} {_clock(time.monotonic() - self.started)}"
        room = columns - len(_strip(text)) - 3
        if self.message and room > 8:
            message = self.message if len(self.message) <= room else self.message[: room - 1] + "…"
            text += "  " + out.style(message, "dim")
        return text


def _strip(text: str) -> str:
    """Text without ANSI escapes, to measure its width."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def stdout() -> Out:
    """The result stream."""
    return Out(sys.stdout)


def stderr() -> Out:
    """The progress and message stream."""
    return Out(sys.stderr)
