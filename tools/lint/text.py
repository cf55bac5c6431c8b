"""Prompt text as the linter sees it: list items and words, with character offsets into the original field."""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_PROMPT_CHARS = 200

# What ends one list item: commas and their look-alikes, semicolons, bars, bullets, line breaks and the
# other control characters, and sentence ends. Tabs and spaces are word spacing, not separators.
_SEPARATOR = re.compile(
    r"[,;|•·，、；\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]|[.!?…。！？]+(?=\s|$)",
)
_SEPARATOR_SPLIT = re.compile("(" + _SEPARATOR.pattern + ")")
# A quoted utterance: an opening quote after spacing (or at the start), a closing one before spacing, punctuation
# or the end. Apostrophes inside words ("let's", "don't") neither open nor close it.
QUOTED = re.compile(r"(?<![^\W_])['\"“‘«„]([^\n]*?[^\W_][^\n]*?)['\"”’»“](?![^\W_])")
_QUOTE_MASK = "\ue000"  # stands for a separator inside quotes: same length, neither separator nor word
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")
_SPACE_RUN = re.compile(r"\s+")
# Bullets, quotes and stray punctuation around an item are not part of it.
_EDGE = ' \t\u00a0"“”«»*-–—>#:`'
_BPM_TOKEN = re.compile(r"\d+bpm")
_LEADING_JOINER = re.compile(
    r"^(?:(?:and|or|but|with|then|plus|also|so|over|under|behind|beneath|against|&)(?:\s+|$))+", re.IGNORECASE
)


class Word(NamedTuple):
    """One word of a field: offsets into the field and its lower-case stem."""

    start: int
    end: int
    stem: str


class Item(NamedTuple):
    """One comma-separated item of a field, trimmed of spacing and bullets."""

    position: int
    start: int
    end: int
    text: str
    words: tuple[Word, ...]
    # Where the item's own text plus the separator after it ends: deleting [start, cut_end) removes the item.
    cut_end: int


# Plurals the suffix rules get wrong, and words that only look plural.
_IRREGULAR = {
    "woods": "woods",
    "leaves": "leaf",
    "knives": "knife",
    "wolves": "wolf",
    "hooves": "hoof",
    "shelves": "shelf",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "children": "child",
    "series": "series",
    "news": "news",
    "lens": "lens",
    "canvas": "canvas",
}


_STEMS: dict[str, str] = {}  # word -> stem; bounded, since prompts can hold anything


def _stem_new(token: str) -> str:
    found = stem(token)
    if len(_STEMS) < 65536:
        _STEMS[token] = found
    return found


# Word construction is the hot loop of the linter: build the tuples directly, skipping NamedTuple.__new__.
_new_tuple = tuple.__new__


def stem(token: str) -> str:
    """Lower-case a word and strip a plural ending, so 'Footsteps' and 'footstep' match."""
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if _BPM_TOKEN.fullmatch(word):
        return "bpm"
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Endings of inflected and derived sound words in the languages the lexicon knows, longest first: "frenazo",
# "frena" and "frenando" share the root "fren", "tuffo" and "tuffa" the root "tuff", "whistling" "whistl".
_ROOT_ENDINGS = (
    "iendo", "ando", "endo", "azo", "ada", "ado", "ida", "ido", "ata", "ato", "ing", "ant", "ent",
    "ed", "ar", "er", "ir", "an", "en", "a", "e", "i", "o",
)  # fmt: skip
_ROOT_MIN = 4
# Sound words whose longer forms mean something else ("winding road", "waving hands"): they keep their word.
_NO_ROOT = frozenset({"wind", "wave", "surf", "fan", "static", "drone", "hum", "light", "bell", "port"})


def root(word: str) -> str:
    """The root of a stem, for matching a scene's words across inflections and languages; a word shorter than
    five letters is its own root, so short English words match only as they are."""
    if len(word) <= _ROOT_MIN:
        return word
    for ending in _ROOT_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _ROOT_MIN:
            out = word[: -len(ending)]
            if ending in ("ing", "ed") and out[-1] == out[-2]:
                out = out[:-1]  # slamming, slammed
            if out[-1] in "aeiou" and len(out) > _ROOT_MIN:
                out = out[:-1]  # golpea, golpe
            return word if out in _NO_ROOT else out
    return word


def words_of(text: str, base: int = 0) -> tuple[Word, ...]:
    """Every word of a piece of text, with offsets (plus `base`) and stems."""
    # re.split with a group alternates spacing and words; summing lengths gives offsets without match objects.
    parts = _WORD_SPLIT.split(text)
    out: list[Word] = []
    cache = _STEMS
    pos = base + len(parts[0])
    for k in range(1, len(parts), 2):
        token = parts[k]
        end = pos + len(token)
        found = cache.get(token)
        out.append(_new_tuple(Word, (pos, end, found if found is not None else _stem_new(token))))
        pos = end + len(parts[k + 1])
    return tuple(out)


def stems(text: str) -> tuple[str, ...]:
    """The stems of every word in a piece of text."""
    return tuple(stem(m.group()) for m in _WORD.finditer(text))


def item_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of each list item of a field, trimmed of spacing and bullets."""
    # As in words_of: split with the separator captured, and add up lengths for the offsets. Separators inside
    # a quoted utterance ("guy says 'let's go!'") do not end an item.
    parts = _SEPARATOR_SPLIT.split(_mask_quotes(text) if _has_quote(text) else text)
    raw: list[tuple[int, int]] = []
    pos = 0
    for k in range(0, len(parts), 2):
        piece = parts[k]
        left = piece.lstrip(_EDGE)
        while left and left[0].isspace():  # other spacing (ideographic, thin ...) next to the edge characters
            left = left[1:].lstrip(_EDGE)
        if left:
            right = left.rstrip(_EDGE)
            while right and right[-1].isspace():
                right = right[:-1].rstrip(_EDGE)
            start = pos + len(piece) - len(left)
            raw.append((start, start + len(right)))
        pos += len(piece) + (len(parts[k + 1]) if k + 1 < len(parts) else 0)
    return raw


def _has_quote(text: str) -> bool:
    return any(q in text for q in "'\"“‘«„")


def _mask_quotes(text: str) -> str:
    """The text with separators inside quoted utterances replaced by a stand-in of the same length."""
    out = text
    for m in QUOTED.finditer(text):
        inner = m.group(0)
        masked = _SEPARATOR.sub(lambda s: _QUOTE_MASK * len(s.group()), inner[1:-1])
        if masked != inner[1:-1]:
            out = out[: m.start() + 1] + masked + out[m.end() - 1 :]
    return out


def split_items(text: str) -> tuple[Item, ...]:
    """Split a field into its list items, with their words, keeping offsets into the original text."""
    raw = item_spans(text)
    if not raw:
        return ()
    # Words never cross a separator or an item's trimmed edge, so one pass over the field serves every item.
    words = words_of(text)
    items: list[Item] = []
    k, count = 0, len(words)
    for i, (s, e) in enumerate(raw):
        while k < count and words[k].start < s:
            k += 1
        j = k
        while j < count and words[j].start < e:
            j += 1
        cut_end = raw[i + 1][0] if i + 1 < len(raw) else len(text)
        items.append(_new_tuple(Item, (i, s, e, text[s:e], words[k:j], cut_end)))
        k = j
    return tuple(items)


def tidy(text: str, *, joiners: bool = True) -> str:
    """Normalise a field to 'item, item, item': one comma and one space between items, spacing collapsed.

    With `joiners`, conjunctions left at the start of an item by a removed phrase go too ("and heroic").
    """
    parts = [_SPACE_RUN.sub(" ", text[s:e]) for s, e in item_spans(text)]
    if joiners:
        parts = [_LEADING_JOINER.sub("", p) for p in parts]
    return ", ".join(p for p in parts if p)


def fit(text: str, limit: int = MAX_PROMPT_CHARS) -> str:
    """Cut a tidy field to at most `limit` characters at an item boundary (a word boundary if one item is too long)."""
    if len(text) <= limit:
        return text
    return text[: cut_point(text, limit)].rstrip(" ,")


def cut_point(text: str, limit: int = MAX_PROMPT_CHARS, spans: list[tuple[int, int]] | None = None) -> int:
    """Where to cut a field so the rest fits in `limit`: after the last whole item, else the last whole word."""
    if spans is None:
        spans = item_spans(text)
    kept = 0
    for _, end in spans:
        if end > limit:
            break
        kept = end
    if kept:
        return kept
    # The first item alone is over the limit: keep its words that fit.
    if spans:
        last_word_end = 0
        for word in _WORD.finditer(text, spans[0][0], spans[0][1]):
            if word.end() > limit:
                break
            last_word_end = word.end()
        if last_word_end:
            return last_word_end
    return limit


def join_items(parts: list[str]) -> str:
    """Join item texts into a tidy field."""
    return tidy(", ".join(parts))
