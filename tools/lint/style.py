"""Style notes: filler words, repeated items, and list format."""

from __future__ import annotations

import re

from tools.lint import lexicon as lx
from tools.lint.analyze import FieldView, Hit, ItemView
from tools.lint.issue import Edit, Issue
from tools.lint.models import FieldName
from tools.lint.text import tidy

_SPACES = re.compile(r"\s+")
# Emoji and pictographs, with the joiners and variation selectors that build them.
_EMOJI = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299"
    "\ufe0e\ufe0f\u200d\U0001f000-\U0001faff\U000e0020-\U000e007f]+"
)


def needs_list_format(view: FieldView) -> bool:
    """Whether the analysed text differs from its items joined by ', ' (other separators, stray spacing ...)."""
    plain = ", ".join([v.item.text for v in view.items])
    if plain == view.text:
        return False
    return ", ".join([_SPACES.sub(" ", v.item.text) for v in view.items]) != view.text


def filler_issues(view: FieldView, item: ItemView) -> list[Issue]:
    """Lead-ins and trailing words in an item that name nothing."""
    issues: list[Issue] = []
    if lx.FILLER_LEADING not in item.live_classes and lx.FILLER_TRAILING not in item.live_classes:
        return issues
    live = item.live
    substance = [h for h in live if h.classes & lx.SUBSTANCE or lx.CONCEPTS_OF[h.classes]]
    if not substance:
        return issues
    lead: list[Hit] = []
    for hit in live:
        if hit.first != (lead[-1].last if lead else 0) or lx.FILLER_LEADING not in hit.classes:
            break
        if hit.end > substance[0].start:
            break
        lead.append(hit)
    if lead:
        start, end = lead[0].start, lead[-1].end
        issues.append(_filler_issue(view, (start, end), view.text[start:end]))
    if view.name == "sound_effect_prompt":
        last = live[-1] if live else None
        if (
            last is not None
            and lx.FILLER_TRAILING in last.classes
            and last.last == len(item.item.words)
            and any(lx.EVENT in h.classes for h in substance if h is not last)
            and lx.EVENT not in last.classes
        ):
            issues.append(_filler_issue(view, (last.start, last.end), view.text[last.start : last.end]))
    return issues


def _filler_issue(view: FieldView, span: tuple[int, int], phrase: str) -> Issue:
    return Issue(
        "filler-words",
        view.name,
        span,
        f"'{phrase}' names nothing and spends characters of the 200-character budget.",
        Edit(f"Remove '{phrase}'", "", "safe"),
    )


def duplicate_issues(name: FieldName, items: list[ItemView]) -> list[Issue]:
    """Items listed a second time."""
    seen: set[str] = set()
    issues: list[Issue] = []
    for item in items:
        key = " ".join(w.stem for w in item.item.words)
        if not key:
            continue
        if key in seen:
            issues.append(
                Issue(
                    "duplicate-item",
                    name,
                    item.whole(),
                    f"'{item.item.text}' is listed twice; repeating an item adds no emphasis.",
                    Edit("Remove the repeat", "", "safe"),
                )
            )
        seen.add(key)
    return issues


def list_format_issue(view: FieldView) -> Issue:
    """The note and fix for a field that is not one comma-separated list."""
    text = view.text
    if any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in text):
        what = "control characters"
    elif any(c in text for c in ";|\n•·") or re.search(r"[.!?]\s+\S", text):
        what = "separators other than commas"
    else:
        what = "stray spacing, quotes or punctuation around items"
    return Issue(
        "list-format",
        view.name,
        (0, len(text)),
        f"{view.name} has {what}; a prompt is one comma-separated list of sounds.",
        Edit("Rewrite as a comma-separated list", tidy(text, joiners=False), "safe"),
    )


_CLIP_WORDS = frozenset({"clip", "video", "vid", "footage", "tiktok", "reel", "short", "vlog"})


def _about_the_clip(item: ItemView) -> bool:
    """An item that tells the assistant about the clip and names no sound ("its a basketball clip")."""
    return not item.live_classes & lx.SUBSTANCE and any(w.stem in _CLIP_WORDS for w in item.item.words)


def chat_filler_issues(view: FieldView, item: ItemView) -> list[Issue]:
    """Chat filler anywhere in an item ("pls", "kinda", "lol", a leading "like", emoji): removed before and
    around any other fix. An item of nothing but filler goes whole."""
    spans: list[tuple[int, int]] = []
    words = item.item.words
    if lx.DIALOG in item.live_classes:  # what a voice says is the dialog rule's
        return []
    for hit in item.live:
        if lx.CHAT_FILLER in hit.classes and lx.FILLER_LEADING not in hit.classes:
            spans.append((hit.start, hit.end))
    if words and view.text[words[0].start : words[0].end].lower() == "like":
        spans.append((words[0].start, words[0].end))
    text = item.item.text
    if not text.isascii():
        spans.extend((item.item.start + m.start(), item.item.start + m.end()) for m in _EMOJI.finditer(text))
    if view.name == "sound_effect_prompt" and _about_the_clip(item):
        spans = [item.whole()]
    if not spans:
        return []
    spans.sort()
    covered = sum(1 for w in words if any(s <= w.start and w.end <= e for s, e in spans))
    if covered == len(words):
        spans = [item.whole()]
    return [_filler_issue(view, span, view.text[span[0] : span[1]].strip(" ,")) for span in spans]
