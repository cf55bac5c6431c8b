"""Settings written into a prompt ("set asmr_mode true", "--asmr", a pasted JSON blob): text, never a setting.

The model reads them as words to sound out, and the linter must not read them as advice either: a prompt that
says "asmr_mode: true" changes no recommendation. They are found here, before any rule reads the item.
"""

from __future__ import annotations

import re

_NAMES = (
    r"(?:asmr[_ -]?mode|asmr|sound[_ -]?effect[_ -]?prompt|background[_ -]?music[_ -]?prompt|sfx[_ -]?prompt|"
    r"music[_ -]?prompt|lint|scene|analysis|video|output[_ -]?dir|wait[_ -]?seconds|reuse|mode|prompt|sfx|music)"
)
# Names that are settings whatever follows them.
_STRICT = (
    r"(?:asmr[_ -]?mode|asmr|sound[_ -]?effect[_ -]?prompt|background[_ -]?music[_ -]?prompt|sfx[_ -]?prompt|"
    r"music[_ -]?prompt|lint|output[_ -]?dir|wait[_ -]?seconds)"
)
_VALUE = r"(?:true|false|on|off|yes|no|none|null|fix|warn|enabled?|disabled?|\d+(?:\.\d+)?)"
_Q = r"[\"'“”‘’]?"
SETTING = re.compile(
    "|".join(
        (
            # --asmr, --asmr-mode=true, --lint fix, -asmr (a single dash only before a setting's name, since a
            # list typed with dashes for bullets reads "-footsteps")
            rf"(?<![\w-])--[a-z][\w-]*(?:[= ]{_VALUE}\b)?",
            rf"(?<![\w-])-{_STRICT}\b(?:[= ]{_VALUE}\b)?",
            # set asmr_mode true, turn asmr mode on, enable asmr
            rf"\b(?:set|turn|switch|put|enable|disable|activate|deactivate|use)\s+(?:the\s+)?{_STRICT}"
            rf"(?:\s+(?:to|=|:)?\s*{_VALUE})?(?:\s+(?:on|off))?\b",
            # "asmr_mode": true, asmr=on, asmr mode: on (JSON, YAML, flags)
            rf"{_Q}{_NAMES}{_Q}\s*[:=]\s*{_Q}{_VALUE}{_Q}",
            # a JSON key in front of the text it holds: "sound_effect_prompt": "rain ...
            rf"[{{\[]?\s*[\"'“”‘’]{_NAMES}[\"'“”‘’]\s*:\s*",
            # the braces and brackets of a pasted object
            r"[{}\[\]]",
        )
    ),
    re.IGNORECASE,
)
# What a setting cannot be written without: most items have none of it and are never searched further.
_MAYBE = re.compile(
    r"[-:={}\[\]]|\b(?:set|turn|switch|put|enable|disable|activate|deactivate|use)\b", re.IGNORECASE
)


def setting_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of [start, end) that write a setting rather than describe a sound."""
    if _MAYBE.search(text, start, end) is None:
        return []
    piece = text[start:end]
    return [(start + m.start(), start + m.end()) for m in SETTING.finditer(piece) if m.end() > m.start()]
