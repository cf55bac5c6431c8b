"""What the fixes write: concrete events for a vague item, instruments for a mood, a tempo and a BPM."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, Hit, hits_of
from tools.lint.lexicon import CONCEPT_BY_NAME, DEFAULT_MOOD, MOOD_BY_NAME, TEMPO_BY_STEMS, Mood, Reference
from tools.lint.lexicon.multilingual import CJK_TEMPO_BPM
from tools.lint.lexicon.words import STOP
from tools.lint.text import stems, words_of

MAX_CANDIDATES = 3
MIN_BPM, MAX_BPM = 50, 190


def concepts_in_hits(hits: list[Hit]) -> list[str]:
    """Concept names among some lexicon hits, leading concept (activity, subject, setting, mood) first."""
    found: list[tuple[int, int, str]] = []
    for position, hit in enumerate(hits):
        for name in lx.CONCEPTS_OF[hit.classes]:
            found.append((CONCEPT_BY_NAME[name].rank, position, name))
    names: list[str] = []
    for _, _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def events_for(concepts: list[str], ctx: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Concrete events for these concepts in this context: up to three the request supports (what a rewrite may
    write), and up to three examples to choose from (what a message may offer); short events before beds."""
    picked: list[str] = []
    for name in concepts:
        for event in CONCEPT_BY_NAME[name].candidates(ctx.tags):
            if event not in picked:
                picked.append(event)
    supported = [e for e in picked if supports(ctx.evidence, e)][:MAX_CANDIDATES]
    # A rewrite must not lead with a bed: keep beds after everything else, order otherwise unchanged.
    return tuple(sorted(supported, key=is_bed)), tuple(sorted(picked[:MAX_CANDIDATES], key=is_bed))


def supports(evidence: frozenset[str], event: str) -> bool:
    """Whether the request supports an event: each of its content words is in the evidence."""
    content = content_stems(event)
    return bool(content) and all(s in evidence for s in content)


def content_stems(event: str) -> list[str]:
    """The stems of an event's words that name something (not articles, not qualifiers such as 'distant')."""
    return [s for s in stems(event) if s not in STOP and s not in lx.QUALIFIERS]


def is_bed(text: str) -> bool:
    """Whether an item reads as a continuous bed (wind, room tone, distant traffic) rather than an event."""
    classes: set[str] = set()
    for hit in hits_of(words_of(text)):
        classes.update(hit.classes)
    return bed_classes(frozenset(classes))


def bed_classes(classes: frozenset[str]) -> bool:
    """The bed test on an item's classes."""
    if lx.DISTANT in classes:
        return True
    return lx.BED in classes and lx.TRANSIENT not in classes and lx.CONTACT not in classes


def is_transient(classes: frozenset[str]) -> bool:
    """Whether an item's classes make it a short event that lands on a frame."""
    return lx.TRANSIENT in classes and lx.DISTANT not in classes


def mood_for(music: FieldView, sfx: FieldView, ctx: Context) -> Mood:
    """The mood a music prompt asks for: from its own words (directorial ones too), else the scene, else the SFX."""
    for source in (_field_moods(music), _class_moods(ctx.scene_classes), _field_moods(sfx)):
        if source:
            return MOOD_BY_NAME[source[0]]
    return DEFAULT_MOOD


def _field_moods(view: FieldView) -> list[str]:
    names: list[str] = []
    for item in view.items:
        for hit in item.hits:
            names.extend(lx.MOODS_OF[hit.classes])
    return names


def _class_moods(classes: frozenset[str]) -> list[str]:
    return sorted(c[5:] for c in classes if c.startswith("mood:"))


def tempo_of(view: FieldView) -> tuple[str, int] | None:
    """The first tempo word of a music prompt (in any language the lexicon knows) and its BPM."""
    for item in view.items:
        for hit in item.live:
            if lx.TEMPO in hit.classes:
                key = tuple(w.stem for w in item.item.words[hit.first : hit.last])
                text = item.item.text[hit.start - item.item.start : hit.end - item.item.start]
                bpm = TEMPO_BY_STEMS.get(key)
                if bpm is None:  # a Japanese word with the tempo word inside it
                    word, bpm = next(((w, b) for w, b in CJK_TEMPO_BPM.items() if w in text), (text, 100))
                    text = word
                return text, bpm
    return None


def reference_of(view: FieldView) -> Reference | None:
    """The music reference (artist, composer, score) of a music prompt; the most specific when there are
    several ("beethoven moonlight sonata" is the sonata)."""
    found: list[tuple[int, int, str]] = []
    for item in view.items:
        for hit in item.live:
            for name in lx.REFS_OF[hit.classes]:
                found.append((-(hit.last - hit.first), len(found), name))
    return lx.REFERENCE_BY_NAME[min(found)[2]] if found else None


def usual_tempo(view: FieldView, mood: Mood) -> tuple[str, int]:
    """The tempo word and BPM to suggest: the reference's range, else the genre's usual tempo, else the mood's."""
    ref = reference_of(view)
    if ref is not None:
        return ref.tempo, ref.bpm
    own = mood.tempo, TEMPO_BY_STEMS.get(stems(mood.tempo), 100)
    for item in view.items:
        for hit in item.live:
            if lx.GENRE in hit.classes:
                key = tuple(w.stem for w in item.item.words[hit.first : hit.last])
                if key in lx.GENRE_TEMPO_BY_STEMS:
                    genre = lx.GENRE_TEMPO_BY_STEMS[key]
                    # A slow mood the user wrote ("jazz tranquilo") slows the genre down; it never speeds it up.
                    return own if _field_moods(view) and own[1] < genre[1] else genre
    return own


def has_bpm(view: FieldView) -> bool:
    """Whether a music prompt already gives a BPM."""
    return any(w.stem == "bpm" for item in view.items for w in item.item.words)


def bpm_for(target: int, ctx: Context) -> int:
    """A BPM near `target`: the one that puts a beat on the picture's cuts when they come at a steady pace."""
    beat = ctx.beat_bpm
    if beat is None:
        return target
    options = [beat * 2.0**k for k in range(-4, 5) if MIN_BPM <= beat * 2.0**k <= MAX_BPM]
    if not options:
        return target
    best: float = min(options, key=lambda bpm: (abs(bpm - target), bpm))
    return round(best)
