"""Rules that read one prompt at a time: length, scope, wording, layer and list format."""

from __future__ import annotations

import re

from tools.lint import lexicon as lx
from tools.lint.analyze import CONJUNCTIONS, Context, FieldView, Hit, ItemView
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon import cues
from tools.lint.lexicon.events import terms
from tools.lint.models import FieldName
from tools.lint.style import (
    chat_filler_issues,
    duplicate_issues,
    filler_issues,
    list_format_issue,
    needs_list_format,
)
from tools.lint.text import MAX_PROMPT_CHARS, stems
from tools.lint.text import QUOTED as _QUOTED
from tools.lint.trim import trimmed
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
_SAID = re.compile(r"\s*(?:" + _QUOTED.pattern + ")")
_SAYING = frozenset(terms("say, says, said, saying, go, goes, went, ask, asks, asked, tell, tells, told"))
_VOCAL_VERBS = frozenset(
    terms(
        "shout, shouting, yell, yelling, scream, screaming, whisper, whispering, call, calling, cry, chant, "
        "chanting, cheer, cheering, sing, singing, answer, answers, answering, reply, replies, replying, greet, "
        "greets, recite, recites, reciting, announce, announces"
    )
)
# What "no ..." in the sound effect prompt refuses when it refuses the whole layer.
_SFX_LAYER = frozenset({("sound", "effect"), ("sfx",), ("fx",), ("foley",), ("effect",), ("sound",)})
_MUSIC_IN_SFX = frozenset({lx.MUSIC_CUE, lx.GENRE_IN_SFX, lx.INSTRUMENT})
_QUOTE_CHARS = frozenset("\"“«'‘")
_PLACEHOLDER = frozenset({lx.PLACEHOLDER, lx.SOLE_PLACEHOLDER})
MAX_DIALOG_LEAD = 4  # words before a dialog word that go with it ("someone", "a man")


def check_field(view: FieldView, ctx: Context) -> list[Issue]:
    """Every one-prompt rule on one field."""
    issues: list[Issue] = []
    if len(view.full) > MAX_PROMPT_CHARS:
        issues.append(_over_length(view, ctx))
    kept: list[ItemView] = []
    for item in view.items:
        found = chat_filler_issues(view, item) + _item_issues(view, item, ctx)
        issues.extend(found)
        if not any(i.span == item.whole() for i in found if i.edit is not None):
            kept.append(item)
    issues.extend(duplicate_issues(view.name, kept))
    if view.text and needs_list_format(view):
        issues.append(list_format_issue(view))
    return issues


def _over_length(view: FieldView, ctx: Context) -> Issue:
    kept, dropped = trimmed(view, ctx)
    if dropped:
        names = ", ".join(f"'{d}'" for d in dropped[:6]) + (
            f" and {len(dropped) - 6} more" if len(dropped) > 6 else ""
        )
        what = f"Dropping {names} (repeats, filler, beds and ambience go first; the lead and the events the scene names stay)"
        title = f"Drop {len(dropped)} item{'s' if len(dropped) > 1 else ''}"
    else:
        what, title = "Cutting the words past the limit", "Cut the words past the limit"
    return Issue(
        "over-length",
        view.name,
        (0, len(view.full)),
        f"{view.name} is {len(view.full)} characters; fal accepts at most {MAX_PROMPT_CHARS}. "
        f"{what} leaves {len(kept)}.",
        Edit(title, kept, "safe"),
    )


def _item_issues(view: FieldView, item: ItemView, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    whole = item.whole()
    if item.negation is not None:
        issues.append(_negation(view, item))
        if item.negation[0] == item.item.start:
            return issues
    if item.settings:
        issues.extend(_settings(view, item))
        if not item.live_words():
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
    if misplaced:
        issues.extend(misplaced)
        if misplaced[0].span == item.whole():
            return issues
    if view.name == SFX:
        vague = vague_issues(view, item, ctx)
        if vague:
            issues.extend(vague)
            if len(vague) == 1 and vague[0].span in (item.whole(), (item.item.start, item.item.end)):
                return issues
    issues.extend(filler_issues(view, item))
    return issues


def _settings(view: FieldView, item: ItemView) -> list[Issue]:
    leftover = [w for w in item.live_words() if view.text[w.start : w.end].lower() not in _LEFTOVER]
    # Nothing but the setting in the item: the whole item goes, with its separator.
    pairs = (
        [(s, s) for s in item.settings] if leftover else [(item.whole(), (item.item.start, item.item.end))]
    )
    return [
        Issue(
            "setting-in-prompt",
            view.name,
            span,
            f"'{view.text[start:end]}' is written as a setting, but a prompt is only words to sound out: the "
            "model would read it and no setting changes. Set asmr_mode (and the prompts) as the tool's own "
            "parameters.",
            Edit(f"Remove '{view.text[start:end]}'", "", "safe"),
        )
        for span, (start, end) in pairs
    ]


def _negation(view: FieldView, item: ItemView) -> Issue:
    assert item.negation is not None
    start, end = item.negation
    phrase = view.text[start:end]
    span = item.whole() if start == item.item.start else (start, end)
    negated = [h for h in item.hits if h.start >= start]
    music = any(lx.MUSIC_CUE in h.classes or lx.MUSIC_GENERIC in h.classes for h in negated)
    hint = " To get no music, leave background_music_prompt empty." if music else ""
    title = f"Remove '{phrase}'"
    words = item.item.words
    own = (
        music
        if view.name == MUSIC
        else any(tuple(w.stem for w in words[h.first : h.last]) in _SFX_LAYER for h in negated)
    )
    if own:  # "no music" in the music prompt asks for an empty field, whatever else is written around it
        span, title = (0, len(view.full)), f"Empty {view.name}"
    if len(negated) == 1 and not negated[0].classes.isdisjoint(_PLACEHOLDER) and start == item.item.start:
        message = (
            f"'{phrase}' stands for nothing, but the model reads it as words to generate; "
            f"leave the item out (an empty {view.name} lets the model decide)."
        )
    else:
        message = (
            f"'{phrase}' names a layer to exclude it, but the model generates what a prompt names; "
            f"leave it out instead.{hint}"
        )
    return Issue("negation", view.name, span, message, Edit(title, "", "safe"))


def _dialog(view: FieldView, item: ItemView) -> Issue | None:
    spoken = lx.SPEECH_OBJECT in item.live_classes and any(w.stem in _VOCAL_VERBS for w in item.item.words)
    if lx.DIALOG not in item.live_classes and not spoken and not _QUOTE_CHARS.intersection(item.item.text):
        return None
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
    if (
        hit_at is None
        and not spoken
        and not (quoted and any(w.stem in _VOCAL_VERBS or w.stem in _SAYING for w in item.item.words))
    ):
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
        said = _SAID.match(view.text, end, item.item.cut_end)  # the words themselves: "saying 'good boy'"
        if said is not None:
            end = min(said.end(), item.item.end)
        what = f"'{view.text[hit.start : hit.end]}'"
    elif quoted is not None:
        # The words said, with the voice that says them: "she whispers 'don't look back'", "'cheers!' everyone
        # shouts". What else the item names ("and the floor creaks") stays.
        start, end = item.item.start + quoted.start(), item.item.start + quoted.end()
        verbs = [k for k, w in enumerate(words) if w.stem in _VOCAL_VERBS or w.stem in _SAYING]
        said_before = [k for k in verbs if words[k].end <= start]
        said_after = [k for k in verbs if words[k].start >= end]
        if said_before:
            voice = said_before[-1]
            while (
                voice > 0 and said_before[-1] - voice < MAX_DIALOG_LEAD and not _names_sound(item, voice - 1)
            ):
                voice -= 1
            start = words[voice].start
        elif said_after:
            end = words[said_after[0]].end
        what = "a quoted line"
    else:
        start, end = item.item.start, item.item.end
        what = "words shouted or chanted"
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


_MUSIC_WORDS = frozenset(
    {lx.INSTRUMENT, lx.GENRE, lx.MUSIC_CUE, lx.MUSIC_ELEMENT, lx.MUSIC_GENERIC, lx.TEMPO}
)


def _names_sound(item: ItemView, index: int) -> bool:
    return any(h.first <= index < h.last and h.classes & lx.SUBSTANCE for h in item.hits)


def _misplaced(view: FieldView, item: ItemView) -> list[Issue]:
    """Music in the sound effect prompt or sound effects in the music prompt, item by item or part by part."""
    target: FieldName = MUSIC if view.name == SFX else SFX
    if view.name == SFX:
        if item.live_classes.isdisjoint(_MUSIC_IN_SFX) or _heard_in_scene(item):
            return []
    elif lx.EVENT not in item.live_classes:
        return []
    clauses = item.clauses()
    wrong = [c for c in clauses if _wrong_layer(view.name, c[2])]
    if not wrong:
        return []
    words = item.item.words
    if len(wrong) == len(clauses):
        parts = [(item.whole(), item.item.text)]
    else:
        parts = []
        for first, last, _ in wrong:
            lead = first - 1 if first > 0 and words[first - 1].stem in CONJUNCTIONS else first
            parts.append(
                (
                    (words[lead].start, words[last - 1].end),
                    view.text[words[first].start : words[last - 1].end],
                )
            )
    kind = "music" if view.name == SFX else "a sound effect"
    leak = "leaks into the foley layer" if view.name == SFX else "muddies the music bed"
    return [
        Issue(
            "misplaced-layer",
            view.name,
            span,
            f"'{text}' is {kind}; in {view.name} it {leak}. Move it to {target}.",
            Edit(f"Move '{text}' to {target}", "", "suggested", move_to=target),
        )
        for span, text in parts
    ]


_HEARD_IN_SCENE = frozenset(stems(phrase) for phrase in cues.HEARD_IN_SCENE)
_HEARD_LONGEST = max(len(key) for key in _HEARD_IN_SCENE)


def _heard_in_scene(item: ItemView) -> bool:
    """Whether the item says where in the scene its music is heard from ("thumping through the wall", "a radio
    next door"): diegetic music is a sound effect the user wrote, and stays where they wrote it."""
    words = [w.stem for w in item.item.words]
    return any(
        tuple(words[k : k + n]) in _HEARD_IN_SCENE
        for n in range(1, _HEARD_LONGEST + 1)
        for k in range(len(words) - n + 1)
    )


def _wrong_layer(field: str, hits: list[Hit]) -> bool:
    classes: set[str] = set()
    for hit in hits:
        classes |= hit.classes
    if field == SFX:
        if lx.MUSIC_CUE in classes or lx.GENRE_IN_SFX in classes:
            return True
        # An instrument with a mood is a music bed; an instrument with an event is played on screen.
        moods = any(lx.MOODS_OF[h.classes] for h in hits)
        return lx.INSTRUMENT in classes and moods and lx.EVENT not in classes
    return lx.EVENT in classes and classes.isdisjoint(_MUSIC_WORDS)
