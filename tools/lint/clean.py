"""Text as text: invisible and control characters removed before a prompt is split into words, and where."""

from __future__ import annotations

import re
import unicodedata

# Spacing and line breaks are read as such (a line break separates items); everything else that is a control
# or format character is removed, so "foot<NUL>steps" reads as "footsteps".
_KEEP = frozenset("\t\n\r")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def invisible(text: str) -> bool:
    """Whether a text holds control or format characters the linter removes."""
    if _INVISIBLE.search(text) is not None:
        return True
    return not text.isascii() and any(
        ord(c) > 0x206F and unicodedata.category(c) in ("Cc", "Cf") for c in text
    )


def strip_invisible(text: str) -> tuple[str, list[int], list[str]]:
    """The text without control and format characters, the original offset of each kept character (plus the
    length at the end), and the characters removed, as U+XXXX codes."""
    kept: list[str] = []
    where: list[int] = []
    removed: list[str] = []
    for i, c in enumerate(text):
        if c not in _KEEP and unicodedata.category(c) in ("Cc", "Cf"):
            code = f"U+{ord(c):04X}"
            if code not in removed:
                removed.append(code)
            continue
        kept.append(c)
        where.append(i)
    where.append(len(text))
    return "".join(kept), where, removed


def map_span(span: tuple[int, int], where: list[int]) -> tuple[int, int]:
    """A span of the cleaned text as a span of the original."""
    start, end = span
    first = where[start] if start < len(where) else where[-1]
    last = where[end - 1] + 1 if end > start else first
    return first, last
