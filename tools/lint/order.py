"""ambience-first: the order of the sound effect prompt, judged from evidence.

With evidence of the picture (the scene names an item, or the picture's events show an impact) the item the
picture makes most of should lead. Without it, only a clear case counts: a bed or an ambience in the lead
while a short event follows, or a pure bed ("crickets", "room tone") while a named source's sound follows
("owl hoot"); only the beds move. Any other order is the user's and stays.
"""

from __future__ import annotations

import re

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, ItemView, event_kind
from tools.lint.candidates import bed_classes, is_transient
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.words import STOP
from tools.lint.text import root


def check_order(sfx: FieldView, ctx: Context, found: list[Issue]) -> list[Issue]:
    """ambience-first on the sound effect prompt, with the items other fixes remove set aside."""
    taken = {i.span for i in found if i.field == sfx.name and i.span is not None}
    items = [v for v in sfx.items if v.item.words and (v.item.start, v.item.cut_end) not in taken]
    if len(items) < 2:
        return []
    lead, why = picture_lead(items, ctx)
    first = items[0]
    foreign = in_other_language(items)
    if lead is not None:
        # The picture's lead displaces a bed, or, as a short event that syncs to a frame, any item that is not.
        # So does an event the scene names in two words or more ("slams the door"), in one on a close-up (what
        # fills the frame is the subject), or in one when it is itself a short event ("champagne pop" for a
        # champagne toast), when the first item is not in the scene at all.
        if lead is first or not (
            bed_classes(first.live_classes)
            or (is_transient(lead.live_classes) and not is_transient(first.live_classes))
            or (_named_enough(lead, ctx, foreign) and not scene_named(first, ctx, foreign))
        ):
            return []
        return [_issue(sfx, items, lead, why)]
    if not bed_classes(first.live_classes):
        return []
    # A short event behind any bed; another named event ("owl hoot", "chair creak") behind a pure bed.
    event = next((v for v in items[1:] if is_transient(v.live_classes)), None)
    if event is None and _pure_bed(first):
        event = next((v for v in items[1:] if _named_event(v)), None)
    if event is None:
        return []
    why = (
        f"'{first.item.text}' is a bed but leads, ahead of '{event.item.text}'; the first item gets the "
        "strongest emphasis, so lead with the named events and keep the beds behind them."
    )
    return [_issue(sfx, items, None, why)]


# What keeps a bed from being a pure one: a source of its own ("elevator hum"), distance ("distant siren"), a
# vague word ("office ambience"), a voice of a crowd.
_NOT_PURE = frozenset({lx.SOURCE, lx.DISTANT, lx.VAGUE_NOUN, lx.VAGUE_WORD, lx.MUSIC_ELEMENT, lx.CROWD})


def _pure_bed(view: ItemView) -> bool:
    """Whether an item is nothing but one bed ("crickets", "room tone", "vento"): one lexicon phrase that
    covers every word the item has, a bed and nothing else."""
    content = [k for k, w in enumerate(view.item.words) if w.stem not in STOP]
    if len(view.live) != 1 or not content:
        return False
    hit = view.live[0]
    return (
        bed_classes(hit.classes)
        and not hit.classes & _NOT_PURE
        and hit.first <= content[0]
        and content[-1] < hit.last
    )


def _named_event(view: ItemView) -> bool:
    """Whether an item names an event of its own that is not short: a source and its sound ("owl hoot",
    "chair creak"), none of whose words is a bed ("rain on a tin roof" is rain)."""
    content = [w for w in view.item.words if w.stem not in STOP]
    return (
        len(content) >= 2
        and lx.EVENT in view.live_classes
        and not any(bed_classes(hit.classes) for hit in view.live)
    )


def picture_lead(items: list[ItemView], ctx: Context) -> tuple[ItemView | None, str]:
    """The item the picture makes most of, when the scene or the picture's events say which, and why."""
    if ctx.scene_words:
        foreign = in_other_language(items)
        best: tuple[int, int, int, int, int] | None = None
        chosen: ItemView | None = None
        wheres = [scene_named(view, ctx, foreign) for view in items]
        claimed = {at for where in wheres for at in where}
        for view, where in zip(items, wheres, strict=True):
            if not where:
                continue
            # One more when the scene has a sound right after the item's word that no item names: the scene
            # says the item sounds ("the doorbell rings").
            sounding = any(at + 1 in ctx.scene_sounds and at + 1 not in claimed for at in where)
            score = (
                _named_sounds(view, ctx, foreign) + sounding,
                len(set(where)),
                0 if bed_classes(view.live_classes) else 1,
                1 if is_transient(view.live_classes) else 0,
                -min(where),
            )
            if best is None or score > best:
                best, chosen = score, view
        if chosen is not None:
            return chosen, f"the scene names '{chosen.item.text}'"
    impacts = [t for t, label in ctx.events if event_kind(label) == "impact"]
    if impacts:
        hit = next((v for v in items if is_transient(v.live_classes)), None)
        if hit is not None:
            return (
                hit,
                f"the picture's first impact is at {impacts[0]:.1f} s and '{hit.item.text}' lands on it",
            )
    return None, ""


def in_other_language(items: list[ItemView]) -> bool:
    """Whether the prompt is written (at least partly) in another language: it has a sound word the lexicon
    knows in one. Then a word the lexicon does not know is read as a word of that language too."""
    return any(w.stem in lx.FOREIGN_STEMS for v in items for w in v.item.words)


def _named_enough(lead: ItemView, ctx: Context, foreign: bool) -> bool:
    named = len(scene_named(lead, ctx, foreign))
    return named >= 2 or (
        named == 1 and (lx.ASMR_STRONG in ctx.scene_classes or is_transient(lead.live_classes))
    )


def _named_sounds(view: ItemView, ctx: Context, foreign: bool) -> int:
    """How many of the item's sound words the scene uses: "swish" for "the ball swishes through the net"."""
    words = view.item.words
    return sum(
        1
        for hit in view.live
        if lx.EVENT in hit.classes
        for w in words[hit.first : hit.last]
        if any(_in_scene(k, ctx, foreign) is not None for k in (w.stem, *lx.GLOSS.get(w.stem, ())))
    )


def scene_named(view: ItemView, ctx: Context, foreign: bool = False) -> list[int]:
    """Where in the scene each of the item's words appears (an empty list: the scene does not name it)."""
    return [at for w in item_words(view) if (at := _in_scene(w, ctx, foreign)) is not None]


def _in_scene(word: str, ctx: Context, foreign: bool) -> int | None:
    """Where the scene has this word: as it is, or through the English gloss of a scene word in another
    language ("door" for "puerta"); a sound word of another language, or in a prompt of another language a word
    the lexicon does not know, also by its root, so "frenazo" finds "frena" and "frenar", "tuffo" finds "si tuffa". English words match as they are: the scene's verb and the prompt's noun of one
    action ("folding paper", "paper fold") do not make an order."""
    at = ctx.scene_glossed.get(word)
    if at is None and (word in lx.FOREIGN_STEMS or (foreign and (word,) not in lx.INDEX)):
        at = ctx.scene_roots.get(root(word))
    return at


def item_words(view: ItemView) -> set[str]:
    """An item's content words as stems, with the English glosses of words in other languages."""
    out: set[str] = set()
    for word in view.item.words:
        if word.stem in STOP:
            continue
        out.add(word.stem)
        out.update(lx.GLOSS.get(word.stem, ()))
    return out


# When in the clip a buried event happens ("at the very end", "al final"): once it leads, the words say nothing
# the picture does not, and read as a direction.
_WHEN_AT_END = re.compile(
    r"\s+(?:right\s+|just\s+)?(?:(?:at|in|by)\s+the\s+(?:very\s+)?(?:end|last\s+(?:second|moment))|al\s+final|"
    r"à\s+la\s+fin|am\s+ende|no\s+final|alla\s+fine)\s*[.!]*$",
    re.IGNORECASE,
)


def _lead_text(text: str) -> str:
    """A lead's text without the words that placed it at the end of the clip."""
    return _WHEN_AT_END.sub("", text) or text


def _issue(sfx: FieldView, items: list[ItemView], lead: ItemView | None, why: str) -> Issue:
    rest = [v for v in sfx.items if v is not lead]
    beds = [v for v in rest if bed_classes(v.live_classes)]
    order = ([lead] if lead is not None else []) + [v for v in rest if v not in beds] + beds
    replacement = ", ".join(_lead_text(v.item.text) if k == 0 else v.item.text for k, v in enumerate(order))
    if lead is not None:
        message = (
            f"'{lead.item.text}' is what the picture makes most of ({why}) but is not first; the first item "
            "gets the strongest emphasis, so lead with it."
        )
        title = f"Lead with '{lead.item.text}'"
    else:
        message, title = why, "Move the beds after the events"
    return Issue(
        "ambience-first",
        sfx.name,
        (sfx.items[0].item.start, sfx.items[-1].item.end),
        message,
        Edit(title, replacement, "suggested"),
    )
