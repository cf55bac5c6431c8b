"""The part of the chat corpus's review rubric that code can check, applied to one rewrite.

Independent of the linter's own lexicon on purpose: words are compared as lower-case text with a plural 's'
dropped, so a check cannot pass because the linter and the rubric share a mistake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tests.tools.lint.chat_case import ChatCase
from tools.lint import LintReport, lint_prompts

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_BPM = re.compile(r"(\d+)\s*bpm", re.IGNORECASE)
# Words that only qualify a sound; an item supported by one of these alone is not supported.
_QUALIFIERS = frozenset(
    re.findall(
        r"\w+",
        """a an the on in of at to by from with and or into onto over under through across along behind near far
        away off up down out distant soft low light heavy quiet loud faint gentle occasional close small big
        large long short slow fast sharp deep high dry wet single one two three few some little""",
    )
)
# Chat filler that a sendable prompt never carries.
_CHAT_FILLER = frozenset(re.findall(r"\w+", "pls plz lol idk kinda sorta stuff lmao thx"))
_QUOTES = "'\"“”‘’«»"


def word_keys(text: str) -> list[str]:
    """Lower-case words of a text with a plural 's' dropped."""
    out = []
    for m in _WORD.finditer(text.lower()):
        word = m.group()
        out.append(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return out


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass
class Checked:
    """What the rubric's checks found on one rewrite."""

    case: ChatCase
    report: LintReport
    problems: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # events added that nothing supports

    @property
    def sfx(self) -> str:
        """The rewritten sound effect prompt."""
        return self.report.sound_effect_prompt.rewritten

    @property
    def music(self) -> str:
        """The rewritten music prompt."""
        return self.report.background_music_prompt.rewritten

    @property
    def order_fired(self) -> bool:
        """Whether the order rule fired."""
        return any(f.rule == "ambience-first" for f in self.report.findings)


def lint_case(case: ChatCase) -> LintReport:
    """The linter's report on one request."""
    return lint_prompts(case.sfx, case.music, case.asmr, scene=case.scene, events=case.events or None)


def check(case: ChatCase, report: LintReport | None = None) -> Checked:
    """Apply every checkable point of the rubric to the rewrite of one request."""
    report = report if report is not None else lint_case(case)
    out = Checked(case, report)
    sfx, music = out.sfx, out.music
    both = f"{sfx}\n{music}".lower()
    evidence = set(
        word_keys(" ".join([case.sfx, case.music, case.scene or "", *(e[1] for e in case.events)]))
    )
    for item in _items(sfx):
        content = [w for w in word_keys(item) if w not in _QUALIFIERS]
        if content and not any(w in evidence for w in content) and item not in case.allow:
            out.unsupported.append(item)
    for word in case.forbid:
        if word.lower() in both:
            out.unsupported.append(f"forbidden '{word}'")
    if out.unsupported:
        out.problems.append(f"adds what nothing supports: {out.unsupported}")
    for word in case.keep:
        if word.lower() not in both:
            out.problems.append(f"lost '{word}'")
    if case.lead is not None and not (_items(sfx) and case.lead.lower() in _items(sfx)[0].lower()):
        out.problems.append(f"lead is not '{case.lead}'")
    if case.tempo is not None and case.tempo.lower() not in music.lower():
        out.problems.append(f"tempo word '{case.tempo}' lost")
    bpms = [int(m.group(1)) for m in _BPM.finditer(music)]
    if case.bpm is not None:
        lo, hi = case.bpm
        if any(not lo <= b <= hi for b in bpms):
            out.problems.append(f"BPM {bpms} outside {lo}-{hi}")
        if not bpms and case.tempo is None and music:
            out.problems.append("no tempo given")
    if case.good and not report.clean:
        out.problems.append("warning on a good request")
    if case.asmr_rec is not None:
        rec = next((r.value for r in report.recommendations if r.topic == "asmr_mode"), None)
        if rec != case.asmr_rec:
            out.problems.append(f"asmr_mode advice {rec}, expected {case.asmr_rec}")
    for name, text in (("sfx", sfx), ("music", music)):
        if len(text) > 200:
            out.problems.append(f"{name} over 200 characters")
        if any(unicodedata.category(c) in ("Cc", "Cf", "So", "Sk") for c in text):
            out.problems.append(f"{name} has control characters or emoji")
        if set(word_keys(text)) & _CHAT_FILLER:
            out.problems.append(f"{name} keeps chat filler")
        if any(c in _QUOTES for c in text.replace("'s ", " ").replace("n't", "")) and (
            sum(text.count(q) for q in '"“”«»') % 2 or re.search(r"(^|[\s,])'|'($|[\s,])", text)
        ):
            out.problems.append(f"{name} has a broken quote")
    if "\x00" in case.sfx and report.clean:
        out.problems.append("control character not reported")
    return out
