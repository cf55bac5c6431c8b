"""vague-sound: genre, mood, place or activity words where the sound effect prompt should name events."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import CONJUNCTIONS, Context, FieldView, Hit, ItemView
from tools.lint.candidates import bed_classes, concepts_in_hits, content_stems, events_for
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.concepts import SUBJECT
from tools.lint.text import stems

_NOT_VAGUE = frozenset({lx.INSTRUMENT, lx.VOICE, lx.MUSIC_CUE, lx.DIALOG})
_BROAD = frozenset({lx.VAGUE_WORD, lx.SETTING, lx.ACTIVITY})
_TRIGGERS = _BROAD | {lx.VAGUE_NOUN}
_OWN = frozenset({lx.SOURCE, lx.EVENT, lx.SETTING})
_VAGUE_PARTS = frozenset(
    {lx.VAGUE_NOUN, lx.VAGUE_WORD, lx.FILLER_TRAILING, lx.FILLER_LEADING, lx.CHAT_FILLER}
)


def vague_issues(view: FieldView, item: ItemView, ctx: Context) -> list[Issue]:
    """The vague parts of one sound effect item, each with concrete events to name instead."""
    issues: list[Issue] = []
    if item.live_classes.isdisjoint(_TRIGGERS):
        return issues
    clauses = item.clauses()
    for first, last, hits in clauses:
        if not _is_vague(hits):
            continue
        words = item.item.words
        concepts = concepts_in_hits(hits) or list(ctx.scene_concepts)
        events, examples = events_for(concepts, ctx)
        # An event the rest of the prompt already names is no news ("car horn" next to "car horn honking").
        named_elsewhere = {w.stem for other in view.items if other is not item for w in other.item.words}
        named_elsewhere.update(w.stem for k, w in enumerate(words) if not first <= k < last)
        events = tuple(e for e in events if not set(content_stems(e)) <= named_elsewhere)
        text = view.text[words[first].start : words[last - 1].end]
        # What the request supports goes in; when nothing does, the user's own specific words stay, and the
        # examples go to the message for the user to choose from.
        named = ", ".join(events) if events else _own_words(view, item, first, last)
        if not events and _only_places(item, first, last) and _other_sounds(view, item):
            named = ""  # "city" next to a city's ambience adds nothing; alone, it is the user's only context
        span, replacement = (
            _part_edit(item, first, last, named) if len(clauses) > 1 else (item.whole(), named)
        )
        if len(clauses) == 1 and named:
            span = (item.item.start, item.item.end)
        choose = f"e.g. '{', '.join(examples)}'" if examples else "the sources you can see"
        edit: Edit | None
        if view.text[span[0] : span[1]].strip(" ,") == replacement.strip(" ,"):
            # Only the user's own words are left to keep: the finding stands, with nothing to rewrite.
            edit = None
            advice = f"name the events the picture shows instead ({choose}: only you can see which fit)"
        elif events:
            edit = Edit(f"Name the events: {named}", replacement, "suggested")
            others = [e for e in examples if e not in events]
            more = f"; others to choose from: '{', '.join(others)}'" if others else ""
            advice = f"name the events instead, e.g. '{named}' (what the request supports){more}"
        elif named:
            edit = Edit(f"Keep your own words: {named}", replacement, "suggested")
            advice = f"name the events the picture shows instead ({choose}: only you can see which fit)"
        else:
            edit = Edit("Remove it", "", "suggested")
            advice = f"name the events the picture shows instead ({choose}: only you can see which fit)"
        issues.append(
            Issue(
                "vague-sound",
                view.name,
                span,
                f"'{text}' names a genre, mood or place, not sound events; specific events sync to the "
                f"picture more reliably, so {advice}.",
                edit,
            )
        )
    return issues


_AMBIENCE = frozenset(
    stems("ambience, ambiance, atmosphere, atmos, ambiente, atmosphäre, atmosfera, atmosphère, room tone")
)


_FILLER = frozenset({lx.FILLER_LEADING, lx.FILLER_TRAILING, lx.CHAT_FILLER, lx.NEGATION_JOINER})


def _edge_filler(item: ItemView, index: int) -> bool:
    """Whether a word is filler or names nothing: no lexicon phrase holds it, or only a filler one does."""
    hits = [h for h in item.live if h.first <= index < h.last]
    return not hits or all(h.classes & _FILLER for h in hits)


def _own_words(view: FieldView, item: ItemView, first: int, last: int) -> str:
    """The specific words of a vague part: sources and sounds it names, without the genre, mood or place. An
    ambience stays whole ("kitchen ambience" is a bed the user asked for, "kitchen" is not)."""
    words = item.item.words
    if any(w.stem in _AMBIENCE for w in words[first:last]):
        # Whole, but without the filler at its edges: "just the kitchen ambience pls" is "kitchen ambience".
        lo, hi = first, last
        while lo < hi and _edge_filler(item, lo):
            lo += 1
        while hi > lo and _edge_filler(item, hi - 1):
            hi -= 1
        return view.text[words[lo].start : words[hi - 1].end] if lo < hi else ""
    keep: list[tuple[int, int]] = []
    for hit in item.live:
        if hit.first < first or hit.last > last or hit.classes & _VAGUE_PARTS:
            continue
        subject = any(lx.CONCEPT_BY_NAME[n].rank == SUBJECT for n in lx.CONCEPTS_OF[hit.classes])
        if subject or hit.classes & _OWN:
            keep.append((hit.start, hit.end))
    return " ".join(view.text[s:e] for s, e in keep)


def _only_places(item: ItemView, first: int, last: int) -> bool:
    kept = [h for h in item.live if first <= h.first and h.last <= last and not h.classes & _VAGUE_PARTS]
    return all(lx.SETTING in h.classes and lx.EVENT not in h.classes for h in kept)


def _other_sounds(view: FieldView, item: ItemView) -> bool:
    """Whether another item already gives the place its ambience ("traffic" next to "city ambience")."""
    return any(other is not item and bed_classes(other.live_classes) for other in view.items)


def _part_edit(item: ItemView, first: int, last: int, named: str) -> tuple[tuple[int, int], str]:
    """Span and replacement for one part of an item: the events become items of their own, commas around them."""
    words = item.item.words
    lead = first - 1 if first > 0 and words[first - 1].stem in CONJUNCTIONS else None
    trail = last if last < len(words) and words[last].stem in CONJUNCTIONS else None
    end = words[last - 1].end
    if lead is not None:  # "... and something scary" -> "..., door creak, distant thump"
        return (words[lead].start, end), (", " + named if named else "")
    if trail is not None:  # "busy cafe sounds with cups clinking" -> "espresso hiss, ..., cups clinking"
        return (words[first].start, words[trail].end), (named + ", " if named else "")
    return (words[first].start, end), named


def _is_vague(hits: list[Hit]) -> bool:
    classes: set[str] = set()
    for hit in hits:
        if lx.EVENT in hit.classes and lx.VAGUE_NOUN not in hit.classes:
            return False
        classes |= hit.classes
    if not classes.isdisjoint(_NOT_VAGUE):
        return False
    noun = lx.VAGUE_NOUN in classes
    if not noun and classes.isdisjoint(_BROAD):
        return False
    if noun:
        return True
    # A broad word next to a thing that sounds ("heavy boots", "some birds") is concrete enough.
    concrete = (
        lx.ASMR_WEAK in classes
        or lx.SOURCE in classes
        or any(
            lx.CONCEPT_BY_NAME[name].rank == SUBJECT for hit in hits for name in lx.CONCEPTS_OF[hit.classes]
        )
    )
    return not concrete
