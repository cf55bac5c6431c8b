"""The linter's lexicon, indexed: every phrase maps, by its word stems, to the classes it belongs to."""

from __future__ import annotations

from collections.abc import Iterable

from tools.lint.lexicon import cues, events, evidence, multilingual, music
from tools.lint.lexicon.concepts import CONCEPTS, TAGS, Concept
from tools.lint.lexicon.music import DEFAULT_MOOD, GENRE_TEMPO, MOODS, Mood
from tools.lint.lexicon.music import TEMPO_BPM as _TEMPO_EN
from tools.lint.lexicon.references import REFERENCES, Reference
from tools.lint.text import stems

TEMPO_BPM: dict[str, int] = {**_TEMPO_EN, **multilingual.TEMPO_BPM}

# Class names. Concept, tag and mood classes are "concept:<name>", "tag:<name>", "mood:<name>".
EVENT = "event"
BED = "bed"
TRANSIENT = "transient"
DISTANT = "distant"
CONTACT = "contact"
VAGUE_NOUN = "vague_noun"
VAGUE_WORD = "vague_word"
SETTING = "setting"
ACTIVITY = "activity"
WIDE = "wide"
ASMR_STRONG = "asmr_strong"
ASMR_WEAK = "asmr_weak"
SCENE_MUSICAL = "scene_musical"
SCENE_DIEGETIC = "scene_diegetic"
INSTRUMENT = "instrument"
GENRE = "genre"
GENRE_IN_SFX = "genre_in_sfx"
MUSIC_CUE = "music_cue"
MUSIC_ELEMENT = "music_element"
MUSIC_GENERIC = "music_generic"
TEMPO = "tempo"
NEGATOR = "negator"
NEGATION_JOINER = "negation_joiner"
DIALOG = "dialog"
NOT_DIALOG_BEFORE = "not_dialog_before"
NOT_DIALOG_AFTER = "not_dialog_after"
CROWD = "crowd"
FILLER_LEADING = "filler_leading"
FILLER_TRAILING = "filler_trailing"
PLACEHOLDER = "placeholder"
SOLE_PLACEHOLDER = "sole_placeholder"
VOICE = "voice"
SOURCE = "source"
SPEECH_OBJECT = "speech_object"
CHAT_FILLER = "chat_filler"
REFERENCE = "reference"  # an artist, composer, score or genre of the references lexicon

# Whole items that stand for "nothing here": sending them generates something anyway.
PLACEHOLDERS = events.terms("none, nothing, n/a, na, null, nil, empty, no, nope, blank, off")
# Words that stand for "nothing here" only when they are the whole field: "piano, silence" asks for a rest.
SOLE_PLACEHOLDERS = events.terms(
    "silence, silent, total silence, complete silence, dead silence, pure silence"
)

_CLASSES: dict[str, Iterable[str]] = {
    EVENT: (
        *events.EVENT,
        *events.BED,
        *events.TRANSIENT,
        *multilingual.EVENT,
        *multilingual.BED,
        *multilingual.TRANSIENT,
    ),
    BED: (*events.BED, *events.AMBIENT_SOURCE, *multilingual.BED),
    TRANSIENT: (*events.TRANSIENT, *multilingual.TRANSIENT),
    DISTANT: events.DISTANT,
    CONTACT: events.CONTACT,
    VAGUE_NOUN: events.VAGUE_NOUN,
    VAGUE_WORD: events.VAGUE_WORD,
    SETTING: events.SETTING,
    SOURCE: events.SOURCE,
    ACTIVITY: events.ACTIVITY,
    WIDE: events.WIDE_STRONG,
    ASMR_STRONG: events.ASMR_STRONG,
    ASMR_WEAK: events.ASMR_WEAK,
    SCENE_MUSICAL: events.SCENE_MUSICAL,
    SCENE_DIEGETIC: events.SCENE_DIEGETIC,
    INSTRUMENT: (*music.INSTRUMENT, *multilingual.INSTRUMENT),
    GENRE: (*music.GENRE, *multilingual.GENRE),
    GENRE_IN_SFX: music.GENRE_IN_SFX,
    MUSIC_CUE: music.MUSIC_CUE,
    MUSIC_ELEMENT: music.MUSIC_ELEMENT,
    MUSIC_GENERIC: music.MUSIC_GENERIC,
    TEMPO: tuple(TEMPO_BPM),
    NEGATOR: cues.NEGATOR,
    NEGATION_JOINER: cues.NEGATION_JOINERS,
    DIALOG: cues.DIALOG,
    NOT_DIALOG_BEFORE: cues.NOT_DIALOG_BEFORE,
    NOT_DIALOG_AFTER: cues.NOT_DIALOG_AFTER,
    CROWD: cues.CROWD,
    SPEECH_OBJECT: cues.SPEECH_OBJECT,
    FILLER_LEADING: cues.FILLER_LEADING,
    FILLER_TRAILING: cues.FILLER_TRAILING,
    CHAT_FILLER: cues.CHAT_FILLER,
    PLACEHOLDER: PLACEHOLDERS,
    SOLE_PLACEHOLDER: SOLE_PLACEHOLDERS,
    VOICE: events.terms("voice, voices, human voice, human voices, vocal sounds"),
}

# Cue classes only tag a phrase: a phrase that is nothing but cues keeps the classes of its words too, so
# "paper crinkle" is still an event and "car chase" still a car.
_TAGGING = frozenset({WIDE, ASMR_STRONG, ASMR_WEAK, SCENE_MUSICAL, SCENE_DIEGETIC})
_TAGGING_PREFIXES = ("concept:", "tag:", "mood:")

# Classes that make an item name a sound or a piece of music (as opposed to filler or mood words).
SUBSTANCE = frozenset({EVENT, INSTRUMENT, GENRE, MUSIC_CUE, MUSIC_ELEMENT, TEMPO, MUSIC_GENERIC, VOICE})

MAX_PHRASE_WORDS = 4
_VOWELS = "aeiou"
# Sound words whose -ing form means something else ("winding road", "waving hands").
_NO_FORMS = frozenset({"wind", "wave", "surf", "fan", "static", "drone", "feedback", "hum"})
_WITH_FORMS = frozenset({EVENT, BED, TRANSIENT})


def forms(word: str) -> tuple[str, ...]:
    """A sound verb and its -ing and -ed forms: slam, slamming, slammed; crackle, crackling, crackled."""
    if (
        len(word) < 3
        or not word.isascii()
        or not word.isalpha()
        or word in _NO_FORMS
        or word.endswith(("ing", "ed"))
    ):
        return (word,)
    base = word[:-1] if word.endswith("e") and not word.endswith("ee") else word
    if len(word) <= 4 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        base = word + word[-1]
    return (word, base + "ing", base + "ed")


def _build() -> dict[tuple[str, ...], frozenset[str]]:
    index: dict[tuple[str, ...], set[str]] = {}

    def add(phrase: str, cls: str) -> None:
        key = stems(phrase)
        if key and len(key) <= MAX_PHRASE_WORDS:
            index.setdefault(key, set()).add(cls)

    for cls, phrases in _CLASSES.items():
        for phrase in phrases:
            for form in forms(phrase) if cls in _WITH_FORMS else (phrase,):
                add(form, cls)
    for concept in CONCEPTS:
        for phrase in concept.triggers:
            add(phrase, "concept:" + concept.name)
    for tag, phrases in TAGS.items():
        for phrase in phrases:
            add(phrase, "tag:" + tag)
    for mood in MOODS:
        for phrase in (*mood.triggers, *events.terms(multilingual.MOODS.get(mood.name, ""))):
            add(phrase, "mood:" + mood.name)
    for ref in REFERENCES:
        for phrase in ref.triggers:
            add(phrase, "ref:" + ref.name)
            add(phrase, REFERENCE)
    for key, classes in list(index.items()):
        if len(key) > 1 and all(c in _TAGGING or c.startswith(_TAGGING_PREFIXES) for c in classes):
            for word in key:
                classes.update(index.get((word,), ()))
    return {key: frozenset(classes) for key, classes in index.items()}


INDEX: dict[tuple[str, ...], frozenset[str]] = _build()


def _names(prefix: str) -> dict[frozenset[str], tuple[str, ...]]:
    return {
        classes: tuple(sorted(c[len(prefix) :] for c in classes if c.startswith(prefix)))
        for classes in set(INDEX.values())
    }


# The concept, tag and mood names in each class set of the index, worked out once (the rules ask often).
CONCEPTS_OF: dict[frozenset[str], tuple[str, ...]] = _names("concept:")
TAGS_OF: dict[frozenset[str], tuple[str, ...]] = _names("tag:")
MOODS_OF: dict[frozenset[str], tuple[str, ...]] = _names("mood:")
REFS_OF: dict[frozenset[str], tuple[str, ...]] = _names("ref:")
REFERENCE_BY_NAME: dict[str, Reference] = {r.name: r for r in REFERENCES}
CONCEPT_BY_NAME: dict[str, Concept] = {c.name: c for c in CONCEPTS}
MOOD_BY_NAME: dict[str, Mood] = {m.name: m for m in MOODS}
TEMPO_BY_STEMS: dict[tuple[str, ...], int] = {stems(word): bpm for word, bpm in TEMPO_BPM.items()}
IMPLIES: dict[str, frozenset[str]] = {
    stems(word)[0]: frozenset(stems(implied))
    for words, implied in evidence.IMPLIES.items()
    for word in events.terms(words)
}
QUALIFIERS: frozenset[str] = frozenset(stems(", ".join(evidence.QUALIFIERS)))
# Japanese words hold their sound words inside them: each maps to the classes it adds to the word.
CJK: dict[str, frozenset[str]] = {
    **{word: frozenset({TEMPO}) for word in multilingual.CJK_TEMPO_BPM},
    **{word: frozenset({INSTRUMENT}) for word in multilingual.CJK_INSTRUMENT},
    **{word: frozenset({"mood:" + mood}) for word, mood in multilingual.CJK_MOOD.items()},
}
GLOSS: dict[str, tuple[str, ...]] = {
    stems(word)[0]: stems(gloss) for word, gloss in multilingual.GLOSS.items()
}
# The stems of the other languages' sound words: these are matched to a scene's words by their roots too.
FOREIGN_STEMS: frozenset[str] = frozenset(
    s
    for phrase in (*multilingual.BED, *multilingual.TRANSIENT, *multilingual.EVENT, *multilingual.GLOSS)
    for s in stems(phrase)
) - frozenset(stems(", ".join((*events.EVENT, *events.BED, *events.TRANSIENT, *events.SOURCE))))
GENRE_TEMPO_BY_STEMS: dict[tuple[str, ...], tuple[str, int]] = {
    stems(g): tempo for g, tempo in GENRE_TEMPO.items()
}

__all__ = [
    "CONCEPTS",
    "CONCEPTS_OF",
    "CONCEPT_BY_NAME",
    "DEFAULT_MOOD",
    "GENRE_TEMPO_BY_STEMS",
    "INDEX",
    "MOODS",
    "MOODS_OF",
    "MOOD_BY_NAME",
    "REFERENCES",
    "REFERENCE_BY_NAME",
    "REFS_OF",
    "TAGS",
    "TAGS_OF",
    "TEMPO_BY_STEMS",
    "Concept",
    "Mood",
    "Reference",
]
