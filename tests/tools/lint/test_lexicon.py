"""The lexicon is consistent with the rules: what the fixes write never breaks a rule itself."""

from __future__ import annotations

import pytest

from tests.tools.lint.corpus import CORPUS
from tools.lint import lint_prompts
from tools.lint.lexicon import CONCEPTS, GENRE_TEMPO_BY_STEMS, MOODS, TAGS, TEMPO_BY_STEMS, Mood
from tools.lint.lexicon.directorial import DIRECTORIAL_RULES
from tools.lint.text import stems

_CANDIDATE_LISTS = sorted({", ".join(events) for concept in CONCEPTS for _, events in concept.variants})


def test_every_variant_is_steered_by_a_known_tag() -> None:
    known = set(TAGS) | {concept.name for concept in CONCEPTS}
    unknown = [(c.name, tag) for c in CONCEPTS for tags, _ in c.variants for tag in tags if tag not in known]
    assert unknown == []


def test_every_concept_ends_with_a_default_variant() -> None:
    assert all(concept.variants[-1][0] == () for concept in CONCEPTS)


@pytest.mark.parametrize("events", _CANDIDATE_LISTS)
def test_what_a_vague_term_becomes_is_itself_clean(events: str) -> None:
    first = lint_prompts(events)
    report = lint_prompts(events, asmr_mode=bool(first.rewritten_asmr_mode))
    assert [f.rule for f in report.findings if f.severity != "info"] == []


@pytest.mark.parametrize("mood", MOODS, ids=lambda m: m.name)
def test_a_mood_s_instruments_and_tempo_make_a_clean_music_prompt(mood: Mood) -> None:
    report = lint_prompts("", f"{', '.join(mood.instrumentation)}, {mood.tempo}")
    assert report.findings == []
    assert stems(mood.tempo) in TEMPO_BY_STEMS


def test_tempo_words_and_genre_tempos_are_plausible_bpm() -> None:
    for bpm in TEMPO_BY_STEMS.values():
        assert 40 <= bpm <= 200
    for word, bpm in GENRE_TEMPO_BY_STEMS.values():
        assert stems(word) in TEMPO_BY_STEMS and 40 <= bpm <= 200


_MORE_DIRECTIONS = [
    "build up the suspense",
    "tension-building strings",
    "set the tone",
    "make the viewer cry",
    "make it sound bigger",
    "so the audience feels it",
    "for maximum dramatic effect",
    "with a cinematic feel",
    "needs to be more exciting",
    "hold the viewers' attention",
    "on the edge of your seat",
    "tell a story",
    "crank up the hype",
    "capture the essence of summer",
    "pump it up",
    "pay off the tension",
    "bring out the emotion",
    "send chills",
    "wow the audience",
    "make people want to buy",
    "feel like a horror movie",
    "should sound like a video game",
]
_CORPUS_DIRECTIONS = [
    item.strip()
    for case in CORPUS
    if "directorial-language" in case.expect
    for text in (case.sfx, case.music)
    for item in text.split(",")
]


def test_a_directorial_pattern_only_matches_text_holding_one_of_its_trigger_words() -> None:
    # The linter skips a pattern when none of its words are present; that must never hide a match.
    for text in _CORPUS_DIRECTIONS + _MORE_DIRECTIONS:
        present = set(stems(text))
        for words, pattern in DIRECTORIAL_RULES:
            if pattern.search(text):
                assert not present.isdisjoint(words), (text, pattern.pattern[:60])


@pytest.mark.parametrize("phrase", _MORE_DIRECTIONS)
def test_variants_of_directorial_phrases_are_caught(phrase: str) -> None:
    assert "directorial-language" in {f.rule for f in lint_prompts("door slam, " + phrase).findings}
