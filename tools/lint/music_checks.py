"""Rules for the music prompt as a whole: does it name instruments, a tempo, a BPM."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, Hit, ItemView
from tools.lint.candidates import bpm_for, has_bpm, mood_for, reference_of, tempo_of, usual_tempo
from tools.lint.issue import Edit, Issue
from tools.lint.lexicon.concepts import MOOD

# Rules whose fix takes an item out of the music prompt: what is left is the music the prompt asks for.
_REMOVING = frozenset({"negation", "dialog-requested", "misplaced-layer", "unneeded-layer"})


def check_music(music: FieldView, sfx: FieldView, ctx: Context, found: list[Issue]) -> list[Issue]:
    """music-missing-instrument, music-missing-tempo and tempo-without-bpm on the music prompt."""
    content = _content(music, found)
    if not content:
        return []
    issues: list[Issue] = []
    if not any(item.has(lx.INSTRUMENT) or item.has(lx.GENRE) for item in content):
        issues += _missing_instrument(music, content, mood_for(music, sfx, ctx), reference_of(music))
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


def _missing_instrument(
    music: FieldView, content: list[ItemView], mood: lx.Mood, ref: lx.Reference | None
) -> list[Issue]:
    instruments = ref.instruments if ref is not None else ", ".join(mood.instrumentation)
    why = (
        f"'{_hit_text(music, ref)}' is a reference the model may not know and that sets no tempo"
        if ref is not None
        else "names no instrument or genre"
    )
    for item in content:
        if not item.live or _is_tempo(item):
            continue
        # The vague phrase is replaced whole, filler and all ("some epic music pls"); the user's mood word and
        # tempo word stay ("epic full orchestra ...", "..., rapide").
        said = next((h for h in item.live if _mood_word(h)), None)
        tempo = [h for h in item.live if lx.TEMPO in h.classes]
        lead = music.text[said.start : said.end] + " " if said is not None and ref is None else ""
        tail = "".join(", " + music.text[h.start : h.end] for h in tempo)
        replacement = lead + instruments + tail
        issues = [
            Issue(
                "music-missing-instrument",
                music.name,
                (item.item.start, item.item.end),
                f"'{item.item.text}' {why}; name what plays, e.g. '{instruments}'.",
                Edit(f"Replace '{item.item.text}' with '{replacement}'", replacement, "suggested"),
            )
        ]
        # Further items that only name the same reference or the music itself go ("ghibli style, joe hisaishi").
        for other in content:
            if (
                other is not item
                and other.live
                and not _is_tempo(other)
                and all(_only_naming(h) for h in other.live)
            ):
                issues.append(
                    Issue(
                        "music-missing-instrument",
                        music.name,
                        other.whole(),
                        f"'{other.item.text}' adds no instrument to '{replacement}'.",
                        Edit(f"Remove '{other.item.text}'", "", "suggested"),
                    )
                )
        return issues
    start = content[0].item.start
    return [
        Issue(
            "music-missing-instrument",
            music.name,
            (start, start),
            f"The music prompt names no instrument or genre; lead with what plays, e.g. '{instruments}'.",
            Edit(f"Add '{instruments}'", instruments + ", ", "suggested"),
        )
    ]


def _only_naming(hit: Hit) -> bool:
    return bool(lx.REFS_OF[hit.classes]) or hit.classes <= {lx.MUSIC_GENERIC, lx.CHAT_FILLER, lx.MUSIC_CUE}


def _mood_word(hit: Hit) -> bool:
    """A word that names a mood and nothing else the picture shows ("epic", not "skate" or "party")."""
    if not lx.MOODS_OF[hit.classes] or lx.TEMPO in hit.classes or lx.ACTIVITY in hit.classes:
        return False
    return all(lx.CONCEPT_BY_NAME[n].rank == MOOD for n in lx.CONCEPTS_OF[hit.classes])


def _is_tempo(item: ItemView) -> bool:
    return (all(lx.TEMPO in h.classes for h in item.live) and bool(item.live)) or any(
        w.stem == "bpm" for w in item.item.words
    )


def _hit_text(music: FieldView, ref: lx.Reference | None) -> str:
    for item in music.items:
        for hit in item.live:
            if ref is not None and ref.name in lx.REFS_OF[hit.classes]:
                return music.text[hit.start : hit.end]
    return ""
