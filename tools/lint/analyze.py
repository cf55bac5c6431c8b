"""What the rules read: each item's lexicon hits, and the spans that negation and directorial language claim."""

from __future__ import annotations

import bisect
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from tools.lint import lexicon as lx
from tools.lint.lexicon.directorial import DIRECTORIAL_RULES, DIRECTORIAL_TRIGGERS, LEAD_IN, LEAD_IN_REACH
from tools.lint.lexicon.words import STOP
from tools.lint.models import FieldName
from tools.lint.settings_text import setting_spans
from tools.lint.text import Item, Word, root, split_items, words_of

# For stems that begin a phrase of two or more words, the longest such phrase: only these need longer look-ups.
_PHRASE_LENGTH: dict[str, int] = {}
for _key in lx.INDEX:
    if len(_key) > 1:
        _PHRASE_LENGTH[_key[0]] = max(_PHRASE_LENGTH.get(_key[0], 1), len(_key))
_SINGLE: dict[str, frozenset[str]] = {key[0]: classes for key, classes in lx.INDEX.items() if len(key) == 1}
_new_tuple = tuple.__new__
_LAYER_CLASSES = frozenset(
    {
        lx.EVENT,
        lx.VAGUE_NOUN,
        lx.MUSIC_CUE,
        lx.MUSIC_GENERIC,
        lx.INSTRUMENT,
        lx.DIALOG,
        lx.GENRE_IN_SFX,
        lx.VOICE,
    }
)
NEGATION_REACH = 5  # words after "no" that can still be the negated layer
# Only this much of a field is analysed: the over-length fix drops everything past 200 characters anyway, and
# a 100,000-character prompt should not produce thousands of findings.
LINT_WINDOW = 1000
# Words that join two parts of one item; some rules judge each part on its own ("piano with birds chirping").
CONJUNCTIONS = frozenset({"and", "with", "while", "plus", "then", "whilst", "alongside"})


class Hit(NamedTuple):
    """A lexicon phrase found in an item: word indexes [first, last), character span, classes."""

    first: int
    last: int
    start: int
    end: int
    classes: frozenset[str]


@dataclass(slots=True)
class ItemView:
    """One item with what the lexicon and the phrase patterns found in it."""

    item: Item
    hits: tuple[Hit, ...]
    directorial: list[tuple[int, int]] = field(default_factory=list)
    negation: tuple[int, int] | None = None
    settings: list[tuple[int, int]] = field(default_factory=list)  # "set asmr_mode true", "--asmr"
    live: tuple[Hit, ...] = ()
    live_classes: frozenset[str] = frozenset()

    def claimed(self, start: int, end: int) -> bool:
        """Whether a span lies inside a negated or directorial part of the item."""
        if self.negation is not None and self.negation[0] <= start and end <= self.negation[1]:
            return True
        if self.settings and any(s <= start and end <= e for s, e in self.settings):
            return True
        # Directorial spans are sorted and merged: only the last one starting at or before `start` can hold it.
        k = bisect.bisect_right(self.directorial, (start, sys.maxsize)) - 1
        return k >= 0 and end <= self.directorial[k][1]

    def whole(self) -> tuple[int, int]:
        """The span that deletes the whole item with the separator after it."""
        return self.item.start, self.item.cut_end

    def has(self, cls: str) -> bool:
        """Whether a live (not negated, not directorial) hit has this class."""
        return cls in self.live_classes

    def has_mood(self) -> bool:
        """Whether a live hit names a music mood."""
        return any(lx.MOODS_OF[h.classes] for h in self.live)

    def clauses(self) -> list[tuple[int, int, list[Hit]]]:
        """The item split at 'and', 'with', 'while' ...: (first word, end word, live hits) of each part."""
        words = self.item.words
        bounds = [i for i, w in enumerate(words) if w.stem in CONJUNCTIONS]
        if not bounds:
            return [(0, len(words), list(self.live))] if self.live else []
        out: list[tuple[int, int, list[Hit]]] = []
        start = 0
        for end in [*bounds, len(words)]:
            hits = [h for h in self.live if start <= h.first and h.last <= end]
            if end > start and hits:
                out.append((start, end, hits))
            start = end + 1
        return out

    def live_words(self) -> list[Word]:
        """The item's words outside negated and directorial spans."""
        return [w for w in self.item.words if not self.claimed(w.start, w.end)]


@dataclass(slots=True)
class FieldView:
    """A prompt field as the rules see it: `text` is the part analysed, `full` the whole field."""

    name: FieldName
    text: str
    items: list[ItemView]
    full: str = ""


@dataclass(frozen=True)
class Context:
    """Everything outside the two prompts: the scene text and the picture events."""

    scene_classes: frozenset[str]
    scene_concepts: tuple[str, ...]
    tags: frozenset[str]
    events: tuple[tuple[float, str], ...]
    # The scene's content words (stems), each with its first position in the scene.
    scene_words: dict[str, int] = field(default_factory=dict)
    # The same words with their English glosses ("door" for "puerta"), and as roots ("fren" for "frena"): how
    # an item in another language finds the scene's word.
    scene_glossed: dict[str, int] = field(default_factory=dict)
    scene_roots: dict[str, int] = field(default_factory=dict)
    # Tags that the scene itself gives (not the prompts): evidence of what the picture shows.
    scene_tags: frozenset[str] = frozenset()
    # Word stems the request supports: the prompts', the scene's and the event labels', and what they imply.
    evidence: frozenset[str] = frozenset()
    # Positions of the scene's sound words ("rings" in "the doorbell rings").
    scene_sounds: frozenset[int] = frozenset()

    @property
    def beat_bpm(self) -> float | None:
        """Beats per minute that would land on the picture's cuts, when they come at a steady pace."""
        times = sorted(t for t, label in self.events if event_kind(label) == "cut")
        if len(times) < 3:
            times = sorted(t for t, _ in self.events)
        if len(times) < 3:
            return None
        gaps = [b - a for a, b in pairwise(times) if b - a > 0.05]
        if len(gaps) < 2:
            return None
        gap = statistics.median(gaps)
        return 60.0 / gap if gap >= 0.2 else None


_EVENT_WORDS = (
    ("cut", ("cut", "transition", "new shot")),
    (
        "impact",
        ("impact", "hit", "stop", "bounce", "collision", "collide", "land", "crash", "slam", "strike"),
    ),
    ("motion", ("motion", "move", "moving", "enters", "leaves")),
)


def event_kind(label: str) -> str | None:
    """What a picture event is, read from its label (inspect_video's kinds and descriptions both work)."""
    text = label.lower()
    for kind, words in _EVENT_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def hits_of(words: Sequence[Word]) -> tuple[Hit, ...]:
    """Greedy longest-phrase look-up of words in the lexicon."""
    out: list[Hit] = []
    n = len(words)
    i = 0
    index, single, longest_at = lx.INDEX, _SINGLE, _PHRASE_LENGTH
    while i < n:
        word = words[i]
        longest = longest_at.get(word.stem)
        if longest is not None:
            size = min(longest, n - i)
            while size > 1:
                classes = index.get(tuple([w.stem for w in words[i : i + size]]))
                if classes:
                    out.append(_new_tuple(Hit, (i, i + size, word.start, words[i + size - 1].end, classes)))
                    i += size
                    break
                size -= 1
            else:
                classes = single.get(word.stem)
                if classes:
                    out.append(_new_tuple(Hit, (i, i + 1, word.start, word.end, classes)))
                i += 1
            continue
        classes = single.get(word.stem)
        if classes:
            out.append(_new_tuple(Hit, (i, i + 1, word.start, word.end, classes)))
        elif word.stem[0] >= "\u3040":  # a run of Japanese: the sound words are inside the word
            found = _cjk_classes(word.stem)
            if found:
                out.append(_new_tuple(Hit, (i, i + 1, word.start, word.end, found)))
        i += 1
    return tuple(out)


def _cjk_classes(text: str) -> frozenset[str]:
    found: set[str] = set()
    for key, classes in lx.CJK.items():
        if key in text:
            found |= classes
    if not found:
        return frozenset()
    frozen = frozenset(found)
    # The index's class sets are the keys of the concept and mood maps; a new set is added to them once.
    if frozen not in lx.MOODS_OF:
        lx.MOODS_OF[frozen] = tuple(sorted(c[5:] for c in frozen if c.startswith("mood:")))
        lx.CONCEPTS_OF[frozen] = ()
        lx.TAGS_OF[frozen] = ()
        lx.REFS_OF[frozen] = ()
    return frozen


def analyze_field(name: FieldName, full: str) -> FieldView:
    """Split a field into items and find what each one says (in its first LINT_WINDOW characters)."""
    text = full[:LINT_WINDOW]
    views = [ItemView(item, hits_of(item.words)) for item in split_items(text)]
    if views:
        _mark_directorial(text, views)
        for view in views:
            start = view.item.start
            while start > 0 and text[start - 1] in "-–—":  # "--asmr": the dashes are trimmed off the item
                start -= 1
            view.settings = setting_spans(text, start, view.item.end)
            _mark_negation(text, view, alone=len(views) == 1)
            if view.negation is None and not view.directorial and not view.settings:
                view.live = view.hits
            else:
                view.live = tuple([h for h in view.hits if not view.claimed(h.start, h.end)])
            classes: set[str] = set()
            for hit in view.live:
                classes |= hit.classes
            view.live_classes = frozenset(classes)
    return FieldView(name, text, views, full)


def _mark_directorial(text: str, views: list[ItemView]) -> None:
    for view in views:
        present = {w.stem for w in view.item.words}
        if present.isdisjoint(DIRECTORIAL_TRIGGERS):
            continue
        start, end = view.item.start, view.item.end
        spans: list[tuple[int, int]] = []
        for words, pattern in DIRECTORIAL_RULES:
            if present.isdisjoint(words):
                continue
            for match in pattern.finditer(text, start, end):
                lead = LEAD_IN.search(text, max(start, match.start() - LEAD_IN_REACH), match.start())
                spans.append((lead.start() if lead else match.start(), match.end()))
        for s, e in sorted(spans):
            if view.directorial and s <= view.directorial[-1][1]:
                view.directorial[-1] = (view.directorial[-1][0], max(e, view.directorial[-1][1]))
            else:
                view.directorial.append((s, e))


def _mark_negation(text: str, view: ItemView, *, alone: bool) -> None:
    hits = view.hits
    words = view.item.words
    if hits and len(hits) == 1 and len(words) == hits[0].last:
        classes = hits[0].classes
        if lx.PLACEHOLDER in classes or (alone and lx.SOLE_PLACEHOLDER in classes):
            view.negation = (view.item.start, view.item.end)
            return
    for k, hit in enumerate(hits):
        if lx.NEGATOR not in hit.classes or view.claimed(hit.start, hit.end):
            continue
        if hit.end < len(text) and text[hit.end] == "-":  # "never-ending", "no-nonsense"
            continue
        reach = hit.last + NEGATION_REACH
        if not any(h.first < reach and h.classes & _LAYER_CLASSES for h in hits[k + 1 :]) and not any(
            h.first < reach and lx.CONCEPTS_OF[h.classes] for h in hits[k + 1 :]
        ):
            continue
        start = hit.start
        j = k - 1
        while j >= 0 and lx.NEGATION_JOINER in hits[j].classes and hits[j].last == hits[j + 1].first:
            start = hits[j].start
            j -= 1
        view.negation = (start, view.item.end)
        return


def read_context(
    scene: str | None, events: Iterable[tuple[float, str]] | None, *fields: FieldView
) -> Context:
    """Read the scene (and the prompts, for tags) into a context the rules can steer by."""
    cleaned = _clean_events(events)
    scene_words_of = words_of((scene or "")[:LINT_WINDOW])
    scene_hits = hits_of(scene_words_of)
    scene_classes = frozenset().union(*(h.classes for h in scene_hits)) if scene_hits else frozenset()
    concepts: list[str] = []
    tags: set[str] = set()
    for hit in scene_hits:
        tags.update(lx.TAGS_OF[hit.classes])
        for name in lx.CONCEPTS_OF[hit.classes]:
            if name not in concepts:
                concepts.append(name)
    tags.update(concepts)
    scene_tags = frozenset(tags)
    words: dict[str, int] = {}
    glossed: dict[str, int] = {}
    roots: dict[str, int] = {}
    for k, word in enumerate(scene_words_of):
        if word.stem not in STOP and word.stem not in words:
            words[word.stem] = k
            for key in (word.stem, *lx.GLOSS.get(word.stem, ())):
                glossed.setdefault(key, k)
                roots.setdefault(root(key), k)
    said = {w.stem for w in scene_words_of}
    for view in fields:
        for item in view.items:
            said.update(w.stem for w in item.item.words)
            for hit in item.hits:
                tags.update(lx.TAGS_OF[hit.classes])
    for _, label in cleaned:
        said.update(w.stem for w in words_of(label))
    evidence = set(said)
    for stem in said:
        evidence.update(lx.IMPLIES.get(stem, ()))
        evidence.update(lx.GLOSS.get(stem, ()))
    return Context(
        scene_classes,
        tuple(concepts),
        frozenset(tags),
        cleaned,
        words,
        glossed,
        roots,
        scene_tags,
        frozenset(evidence),
        frozenset(k for hit in scene_hits if lx.EVENT in hit.classes for k in range(hit.first, hit.last)),
    )


def _clean_events(events: Iterable[tuple[float, str]] | None) -> tuple[tuple[float, str], ...]:
    out: list[tuple[float, str]] = []
    if not events:
        return ()
    try:
        for event in events:
            try:
                time_s, label = float(event[0]), str(event[1])
            except (TypeError, ValueError, IndexError):
                continue
            if time_s == time_s and 0.0 <= time_s < 1e6:  # drops NaN and nonsense times
                out.append((time_s, label))
    except TypeError:
        return ()
    return tuple(sorted(out))
