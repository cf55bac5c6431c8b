"""Rules that read one prompt at a time: length, scope, wording, layer and list format."""

from __future__ import annotations

import re

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, ItemView
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.events import terms
from tools.lint.models import FieldName
from tools.lint.style import duplicate_issues, filler_issues, list_format_issue, needs_list_format
from tools.lint.text import MAX_PROMPT_CHARS, cut_point, item_spans
from tools.lint.vague import vague_issues

SFX: FieldName = "sound_effect_prompt"
MUSIC: FieldName = "background_music_prompt"

# Words left over once a directorial phrase is removed that do not make an item worth keeping.
_LEFTOVER = frozenset(
    terms(
        "and, or, the, a, an, to, of, with, some, more, it, this, that, which, really, very, please, also, just, "
        "so, in, for, but, tension, suspense, excitement, drama, energy, mood, atmosphere, emotion, emotions, "
        "feeling, feelings, vibe, vibes, epic, dramatic, cinematic, intense, exciting, emotional, scary, tense, "
        "suspenseful, sense, lot, lots, real, something, anything, stuff, sound, sounds, noise, one, ones"
    )
)
# An utterance in quotes: "says 'come closer'".
_QUOTED = re.compile(r"(?:^|\s)[\"“«'‘][^\"”»'’]*\w[^\"”»'’]*(?:[\"”»'’]|$)")
_VOCAL_VERBS = frozenset(
    terms("shout, shouting, yell, yelling, scream, screaming, whisper, whispering, call, calling, cry")
)
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
        if not any(i.span == item.whole() for i in found if i.edit is not None):
            kept.append(item)
    issues.extend(duplicate_issues(view.name, kept))
    if view.text and needs_list_format(view):
        issues.append(list_format_issue(view))
    return issues


def _over_length(view: FieldView) -> Issue:
    cut = cut_point(view.full)
    kept = len(view.full[:cut].rstrip(" ,"))
    dropped = len(item_spans(view.full)) - len(item_spans(view.full[:cut]))
    if dropped == 1:
        what = "the last item"
    elif dropped:
        what = f"the last {dropped} items"
    else:
        what = "the words past the limit"
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
    whole = item.whole()
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
        vague = vague_issues(view, item, ctx)
        if vague:
            issues.extend(vague)
            if len(vague) == 1 and vague[0].span in (item.whole(), (item.item.start, item.item.end)):
                return issues
    issues.extend(filler_issues(view, item))
    return issues


def _negation(view: FieldView, item: ItemView) -> Issue:
    assert item.negation is not None
    start, end = item.negation
    phrase = view.text[start:end]
    whole = start == item.item.start
    span = item.whole() if whole else (start, end)
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
            if prev is not None and prev.classes & lx.SUBSTANCE:
                break
            first -= 1
        last = hit.last
        while last < len(words) and words[last].stem in _VOCAL_VERBS:
            last += 1
        start, end = words[first].start, words[last - 1].end
        what = f"'{view.text[hit.start : hit.end]}'"
    else:
        start, end = item.item.start, item.item.end
        what = "a quoted line"
    rest = [h for h in item.live if (h.end <= start or h.start >= end) and h.classes & lx.SUBSTANCE]
    if rest:
        span, replacement, title = (start, end), "", f"Remove '{view.text[start:end]}'"
    elif item.has(lx.CROWD):
        span, replacement, title = (
            (item.item.start, item.item.end),
            "indistinct crowd murmur",
            "Keep it as murmur",
        )
    else:
        span, replacement, title = item.whole(), "", "Remove the item"
    return Issue(
        "dialog-requested",
        view.name,
        span,
        f"'{item.item.text}' asks for words ({what}), but the model generates no dialog, lyrics or lip sync; "
        "record or synthesise the voice (a TTS model) and mix it in afterwards.",
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
        item.whole(),
        f"{message} Move it to {target}.",
        Edit(f"Move '{item.item.text}' to {target}", "", "suggested", move_to=target),
    )
