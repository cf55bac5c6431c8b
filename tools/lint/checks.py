"""Rules that read one prompt at a time: length, scope, wording, layer and list format."""

from __future__ import annotations

import re

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, Hit, ItemView
from tools.lint.candidates import concepts_in_hits, events_for
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.concepts import SUBJECT
from tools.lint.models import FieldName
from tools.lint.text import MAX_PROMPT_CHARS, cut_point, item_spans, tidy

SFX: FieldName = "sound_effect_prompt"
MUSIC: FieldName = "background_music_prompt"

# Words left over once a directorial phrase is removed that do not make an item worth keeping.
_LEFTOVER = frozenset(
    [
        "and",
        "or",
        "the",
        "a",
        "an",
        "to",
        "of",
        "with",
        "some",
        "more",
        "it",
        "this",
        "that",
        "which",
        "really",
        "very",
        "please",
        "also",
        "just",
        "so",
        "in",
        "for",
        "but",
        "tension",
        "suspense",
        "excitement",
        "drama",
        "energy",
        "mood",
        "atmosphere",
        "emotion",
        "emotions",
        "feeling",
        "feelings",
        "vibe",
        "vibes",
        "epic",
        "dramatic",
        "cinematic",
        "intense",
        "exciting",
        "emotional",
        "scary",
        "tense",
        "suspenseful",
        "sense",
        "lot",
        "lots",
        "real",
        "something",
        "anything",
        "stuff",
        "sound",
        "sounds",
        "noise",
        "one",
        "ones",
    ]
)
_SUBSTANCE = frozenset(
    {lx.EVENT, lx.INSTRUMENT, lx.GENRE, lx.MUSIC_CUE, lx.MUSIC_ELEMENT, lx.TEMPO, lx.MUSIC_GENERIC, lx.VOICE}
)
# An utterance in quotes: "says 'come closer'".
_SPACES = re.compile(r"\s+")
_QUOTED = re.compile(r"(?:^|\s)[\"“«'‘][^\"”»'’]*\w[^\"”»'’]*(?:[\"”»'’]|$)")
_VOCAL_VERBS = frozenset(
    [
        "shout",
        "shouting",
        "yell",
        "yelling",
        "scream",
        "screaming",
        "whisper",
        "whispering",
        "call",
        "calling",
        "cry",
    ]
)
_NOT_VAGUE = frozenset({lx.INSTRUMENT, lx.VOICE, lx.MUSIC_CUE, lx.DIALOG})
_BROAD = frozenset({lx.VAGUE_WORD, lx.SETTING, lx.ACTIVITY})
_CONJUNCTIONS = frozenset({"and", "with", "while", "plus", "then", "whilst", "alongside"})
MAX_DIALOG_LEAD = 4  # words before a dialog word that go with it ("someone", "a man")


def check_field(view: FieldView, ctx: Context) -> list[Issue]:
    """Every one-prompt rule on one field."""
    issues: list[Issue] = []
    if len(view.full) > MAX_PROMPT_CHARS:
        issues.append(_over_length(view))
    kept: list[ItemView] = []
    for item in view.items:
        found = _item_issues(view, item, ctx)
        issues.extend(found)
        if not any(i.span == _whole(item) for i in found if i.edit is not None):
            kept.append(item)
    issues.extend(_duplicates(view.name, kept))
    if view.text and ", ".join(_SPACES.sub(" ", v.item.text) for v in view.items) != view.text:
        issues.append(_list_format(view))
    return issues


def _whole(item: ItemView) -> tuple[int, int]:
    return item.item.start, item.item.cut_end


def _over_length(view: FieldView) -> Issue:
    cut = cut_point(view.full)
    kept = len(view.full[:cut].rstrip(" ,"))
    dropped = len(item_spans(view.full)) - len(item_spans(view.full[:cut]))
    what = f"the last {dropped} item(s)" if dropped else "the words past the limit"
    return Issue(
        "over-length",
        view.name,
        (cut, len(view.full)),
        f"{view.name} is {len(view.full)} characters; fal accepts at most {MAX_PROMPT_CHARS}. "
        f"Dropping {what} leaves {kept}.",
        Edit(f"Drop {what}", "", "safe"),
    )


def _item_issues(view: FieldView, item: ItemView, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    whole = _whole(item)
    if item.negation is not None:
        issues.append(_negation(view, item))
        if item.negation[0] == item.item.start:
            return issues
    directorial_whole = False
    if item.directorial:
        directorial_whole = all(view.text[w.start : w.end].lower() in _LEFTOVER for w in item.live_words())
        for k, (start, end) in enumerate(item.directorial):
            phrase = view.text[start:end]
            span = whole if directorial_whole and k == 0 else (start, end)
            issues.append(
                Issue(
                    "directorial-language",
                    view.name,
                    span,
                    f"'{phrase}' directs an effect instead of describing a sound; the model ignores intentions. "
                    "Name the sounds (events, instruments, volume) instead.",
                    Edit(f"Remove '{phrase}'", "", "safe"),
                )
            )
        if directorial_whole:
            return issues
    dialog = _dialog(view, item)
    if dialog is not None:
        issues.append(dialog)
        return issues
    misplaced = _misplaced(view, item)
    if misplaced is not None:
        issues.append(misplaced)
        return issues
    if view.name == SFX:
        vague = _vague(view, item, ctx)
        if vague:
            issues.extend(vague)
            if len(vague) == 1 and vague[0].span in (_whole(item), (item.item.start, item.item.end)):
                return issues
    issues.extend(_filler(view, item))
    return issues


def _negation(view: FieldView, item: ItemView) -> Issue:
    assert item.negation is not None
    start, end = item.negation
    phrase = view.text[start:end]
    whole = start == item.item.start
    span = _whole(item) if whole else (start, end)
    hint = (
        " To get no music, leave background_music_prompt empty."
        if any(
            lx.MUSIC_CUE in h.classes or lx.MUSIC_GENERIC in h.classes for h in item.hits if h.start >= start
        )
        else ""
    )
    return Issue(
        "negation",
        view.name,
        span,
        f"'{phrase}' names a layer to exclude it, but the model generates what a prompt names; "
        f"leave it out instead.{hint}",
        Edit(f"Remove '{phrase}'", "", "safe"),
    )


def _dialog(view: FieldView, item: ItemView) -> Issue | None:
    live = item.live
    hit_at = None
    for k, hit in enumerate(live):
        if lx.DIALOG not in hit.classes:
            continue
        before = live[k - 1] if k > 0 and live[k - 1].last >= hit.first - 2 else None
        after = live[k + 1] if k + 1 < len(live) and live[k + 1].first == hit.last else None
        if before is not None and lx.NOT_DIALOG_BEFORE in before.classes:
            continue
        if after is not None and lx.NOT_DIALOG_AFTER in after.classes:
            continue
        hit_at = k
        break
    quoted = _QUOTED.search(item.item.text)
    if hit_at is None and not (quoted and any(w.stem in _VOCAL_VERBS for w in item.item.words)):
        return None
    words = item.item.words
    if hit_at is not None:
        hit = live[hit_at]
        first = hit.first
        # Take the few words before it that name no sound ("with someone talking", "sports commentator"),
        # and a vocal verb after it ("commentator shouting").
        classified = {i: h for h in item.hits for i in range(h.first, h.last)}
        while first > 0 and hit.first - first < MAX_DIALOG_LEAD:
            prev = classified.get(first - 1)
            if prev is not None and prev.classes & _SUBSTANCE:
                break
            first -= 1
        last = hit.last
        while last < len(words) and words[last].stem in _VOCAL_VERBS:
            last += 1
        start, end = words[first].start, words[last - 1].end
        what = view.text[hit.start : hit.end]
    else:
        start, end = item.item.start, item.item.end
        what = "quoted words"
    rest = [h for h in item.live if (h.end <= start or h.start >= end) and h.classes & _SUBSTANCE]
    if rest:
        span, replacement, title = (start, end), "", f"Remove '{view.text[start:end]}'"
    elif item.has(lx.CROWD):
        span, replacement, title = (
            (item.item.start, item.item.end),
            "indistinct crowd murmur",
            "Keep it as murmur",
        )
    else:
        span, replacement, title = _whole(item), "", "Remove the item"
    return Issue(
        "dialog-requested",
        view.name,
        span,
        f"'{item.item.text}' asks for {what}: the model generates no dialog, lyrics or lip sync. "
        "Add speech afterwards (a TTS model) and mix it in.",
        Edit(title, replacement, "suggested"),
    )


def _misplaced(view: FieldView, item: ItemView) -> Issue | None:
    if view.name == SFX:
        musical = item.has(lx.MUSIC_CUE) or item.has(lx.GENRE_IN_SFX)
        if not musical and item.has(lx.INSTRUMENT) and item.has_prefix("mood:"):
            musical = not item.has(lx.EVENT)
        if not musical:
            return None
        target: FieldName = MUSIC
        message = f"'{item.item.text}' is music; in sound_effect_prompt it leaks into the foley layer."
    else:
        music_words = (lx.INSTRUMENT, lx.GENRE, lx.MUSIC_CUE, lx.MUSIC_ELEMENT, lx.MUSIC_GENERIC, lx.TEMPO)
        if not item.has(lx.EVENT) or any(item.has(c) for c in music_words):
            return None
        target = SFX
        message = (
            f"'{item.item.text}' is a sound effect; in background_music_prompt it muddies the music bed."
        )
    return Issue(
        "misplaced-layer",
        view.name,
        _whole(item),
        f"{message} Move it to {target}.",
        Edit(f"Move '{item.item.text}' to {target}", "", "suggested", move_to=target),
    )


def _vague(view: FieldView, item: ItemView, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    clauses = _clauses(item)
    for first, last, hits in clauses:
        if not _is_vague(hits):
            continue
        words = item.item.words
        concepts = concepts_in_hits(hits) or list(ctx.scene_concepts)
        events = events_for(concepts, ctx)
        text = view.text[words[first].start : words[last - 1].end]
        if len(clauses) == 1:
            span = (item.item.start, item.item.end) if events else _whole(item)
        else:
            lead = first - 1 if first > 0 and words[first - 1].stem in _CONJUNCTIONS else first
            span = (
                (words[first].start, words[last - 1].end)
                if events
                else (words[lead].start, words[last - 1].end)
            )
        if events:
            replacement = ", ".join(events)
            edit = Edit(f"Name the events: {replacement}", replacement, "suggested")
            advice = f"name the events instead, e.g. '{replacement}'"
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


def _clauses(item: ItemView) -> list[tuple[int, int, list[Hit]]]:
    """Split an item at 'and', 'with', 'while' ...: each part is judged on its own."""
    words = item.item.words
    bounds = [i for i, w in enumerate(words) if w.stem in _CONJUNCTIONS]
    if not bounds:
        return [(0, len(words), list(item.live))] if item.live else []
    out: list[tuple[int, int, list[Hit]]] = []
    start = 0
    for end in [*bounds, len(words)]:
        hits = [h for h in item.live if start <= h.first and h.last <= end]
        if end > start and hits:
            out.append((start, end, hits))
        start = end + 1
    return out


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
    concrete = (
        lx.ASMR_WEAK in classes
        or lx.SOURCE in classes
        or any(c.startswith("concept:") and lx.CONCEPT_BY_NAME[c[8:]].rank == SUBJECT for c in classes)
    )
    return noun or not concrete


def _filler(view: FieldView, item: ItemView) -> list[Issue]:
    issues: list[Issue] = []
    live = item.live
    substance = [
        h for h in live if h.classes & _SUBSTANCE or any(c.startswith("concept:") for c in h.classes)
    ]
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
    if view.name == SFX:
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


def _duplicates(name: FieldName, items: list[ItemView]) -> list[Issue]:
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
                    _whole(item),
                    f"'{item.item.text}' is listed twice; repeating an item adds no emphasis.",
                    Edit("Remove the repeat", "", "safe"),
                )
            )
        seen.add(key)
    return issues


def _list_format(view: FieldView) -> Issue:
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
