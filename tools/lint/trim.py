"""over-length: what to drop when a prompt is over 200 characters, least important first.

Repeats go first, then items that name no sound (chat, context), then beds and ambiences, then other items
from the end. The lead (the event the picture makes most of, else the first item that names a sound) and every
event the scene names stay: people bury the key event at the end, so the tail is not what matters least.
"""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, ItemView, event_kind
from tools.lint.candidates import bed_classes, is_transient
from tools.lint.order import in_other_language, picture_lead, scene_named
from tools.lint.text import MAX_PROMPT_CHARS, fit, item_spans, tidy


def trimmed(view: FieldView, ctx: Context) -> tuple[str, list[str]]:
    """The field with the least important items dropped until it fits, and the items dropped."""
    spans = item_spans(view.full)
    texts = [tidy(view.full[s:e], joiners=False) for s, e in spans]
    by_start = {v.item.start: v for v in view.items}
    views = [by_start.get(s) for s, _ in spans]
    lead = _lead(view, ctx)
    keep = [bool(t) for t in texts]
    left = sum(keep)
    length = sum(len(t) for t in texts if t) + 2 * max(0, left - 1)
    for k in _drop_order(texts, views, lead, ctx):
        if length <= MAX_PROMPT_CHARS or left <= 1:
            break
        if keep[k]:
            keep[k] = False
            left -= 1
            length -= len(texts[k]) + 2
    kept = ", ".join(t for t, on in zip(texts, keep, strict=True) if on and t)
    dropped = [t for t, on in zip(texts, keep, strict=True) if not on and t]
    return fit(kept), dropped


def _lead(view: FieldView, ctx: Context) -> ItemView | None:
    substantive = [v for v in view.items if v.live_classes & lx.SUBSTANCE]
    if not substantive:
        return None
    found, _ = picture_lead(substantive, ctx)
    return found if found is not None else substantive[0]


def _drop_order(
    texts: list[str], views: list[ItemView | None], lead: ItemView | None, ctx: Context
) -> list[int]:
    impacts = any(event_kind(label) == "impact" for _, label in ctx.events)
    foreign = in_other_language([v for v in views if v is not None])
    seen: set[str] = set()
    ranked: list[tuple[int, int]] = []
    for k, (text, view) in enumerate(zip(texts, views, strict=True)):
        key = " ".join(text.lower().split())
        repeat = key in seen
        seen.add(key)
        if view is None:  # past the part of the field the linter reads
            ranked.append((0, -k))
            continue
        if view is lead or (
            not repeat and (scene_named(view, ctx, foreign) or (impacts and is_transient(view.live_classes)))
        ):
            continue  # never dropped
        if repeat:
            rank = 1
        elif not view.live_classes & lx.SUBSTANCE:
            rank = 2
        elif bed_classes(view.live_classes):
            rank = 3
        else:
            rank = 4
        # Within a rank, from the end; items that name no sound go from the start, where chat sits ("ok so
        # it's a basketball clip").
        ranked.append((rank, k if rank == 2 else -k))
    return [abs(k) for _, k in sorted(ranked)]
