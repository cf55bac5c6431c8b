"""Rules for the music prompt as a whole: does it name instruments, a tempo, a BPM."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, ItemView
from tools.lint.candidates import bpm_for, has_bpm, mood_for, tempo_of, usual_tempo
from tools.lint.issue import Edit, Issue

# Rules whose fix takes an item out of the music prompt: what is left is the music the prompt asks for.
_REMOVING = frozenset({"negation", "dialog-requested", "misplaced-layer", "unneeded-layer"})


def check_music(music: FieldView, sfx: FieldView, ctx: Context, found: list[Issue]) -> list[Issue]:
    """music-missing-instrument, music-missing-tempo and tempo-without-bpm on the music prompt."""
    content = _content(music, found)
    if not content:
        return []
    issues: list[Issue] = []
    if not any(item.has(lx.INSTRUMENT) or item.has(lx.GENRE) for item in content):
        issues.append(_missing_instrument(music, content, mood_for(music, sfx, ctx)))
    bpm_given = has_bpm(music)
    tempo = tempo_of(music)
    end = len(music.full)
    if tempo is None and not bpm_given:
        word, target = usual_tempo(music, mood_for(music, sfx, ctx))
        bpm = bpm_for(target, ctx)
        addition = f"{word}, {bpm} BPM"
        issues.append(
            Issue(
                "music-missing-tempo",
                music.name,
                (end, end),
                f"The music prompt gives no tempo; add a tempo word and BPM, e.g. '{addition}'.",
                Edit(f"Add '{addition}'", ", " + addition, "suggested"),
            )
        )
    elif tempo is not None and not bpm_given and ctx.beat_bpm is not None:
        word, target = tempo
        bpm = bpm_for(target, ctx)
        issues.append(
            Issue(
                "tempo-without-bpm",
                music.name,
                (end, end),
                f"The picture cuts at a steady pace; at {bpm} BPM ('{word}') the beats land on the cuts.",
                Edit(f"Add '{bpm} BPM'", f", {bpm} BPM", "suggested"),
            )
        )
    return issues


def _content(music: FieldView, found: list[Issue]) -> list[ItemView]:
    removed = [i.span for i in found if i.rule in _REMOVING and i.span is not None and i.field == music.name]
    return [
        item
        for item in music.items
        if not any(s <= item.item.start and item.item.end <= e for s, e in removed)
        and not (item.negation is not None and item.negation[0] == item.item.start)
    ]


def _missing_instrument(music: FieldView, content: list[ItemView], mood: lx.Mood) -> Issue:
    instruments = ", ".join(mood.instrumentation)
    for item in content:
        generic = [h for h in item.live if lx.MUSIC_GENERIC in h.classes]
        if generic:
            hit = generic[0]
            word = music.text[hit.start : hit.end]
            return Issue(
                "music-missing-instrument",
                music.name,
                (hit.start, hit.end),
                f"'{item.item.text}' names no instrument or genre; name what plays, e.g. '{instruments}'.",
                Edit(f"Replace '{word}' with '{instruments}'", instruments, "suggested"),
            )
    start = content[0].item.start
    return Issue(
        "music-missing-instrument",
        music.name,
        (start, start),
        f"The music prompt names no instrument or genre; lead with what plays, e.g. '{instruments}'.",
        Edit(f"Add '{instruments}'", instruments + ", ", "suggested"),
    )
