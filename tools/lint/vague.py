"""vague-sound: genre, mood, place or activity words where the sound effect prompt should name events."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import CONJUNCTIONS, Context, FieldView, Hit, ItemView
from tools.lint.candidates import concepts_in_hits, events_for
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.concepts import SUBJECT

_NOT_VAGUE = frozenset({lx.INSTRUMENT, lx.VOICE, lx.MUSIC_CUE, lx.DIALOG})
_BROAD = frozenset({lx.VAGUE_WORD, lx.SETTING, lx.ACTIVITY})
_TRIGGERS = _BROAD | {lx.VAGUE_NOUN}


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
        events = events_for(concepts, ctx)
        text = view.text[words[first].start : words[last - 1].end]
        named = ", ".join(events)
        span, replacement = (
            _part_edit(item, first, last, named) if len(clauses) > 1 else (item.whole(), named)
        )
        if len(clauses) == 1 and events:
            span = (item.item.start, item.item.end)
        if events:
            edit = Edit(f"Name the events: {named}", replacement, "suggested")
            advice = f"name the events instead, e.g. '{named}'"
        else:
            edit = Edit("Remove it", "", "suggested")
            advice = "name the events you can see instead"
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
