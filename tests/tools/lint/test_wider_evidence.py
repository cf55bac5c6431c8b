"""General rules found from requests the linter had not seen: beds behind any named event, words of other
languages found by their roots, the scene's sounding event leading, instruments and scores in other languages,
diegetic music kept as a sound, ambience words kept whole, and ASMR advice only on evidence."""

from __future__ import annotations

from tools.lint import LintReport, lint_prompts


def _sfx(report: LintReport) -> str:
    return report.sound_effect_prompt.rewritten


def _rules(report: LintReport) -> list[str]:
    return [f.rule for f in report.findings]


# --- Order ----------------------------------------------------------------------------------------------------


def test_a_pure_bed_moves_behind_a_named_event_that_is_not_a_short_one() -> None:
    assert _sfx(lint_prompts("crickets, owl hoot")) == "owl hoot, crickets"
    assert (
        _sfx(lint_prompts("room tone, chair creak, paper rustle")) == "chair creak, paper rustle, room tone"
    )


def test_a_bed_with_a_source_of_its_own_or_a_lone_sound_word_behind_it_stays_where_the_user_put_it() -> None:
    for prompt in (
        "elevator hum, floor chime, doors sliding open",
        "rain, thunder",
        "distant siren, buzzing streetlight",
    ):
        report = lint_prompts(prompt)
        assert "ambience-first" not in _rules(report), prompt
    # A bed that only looks like an event ("rain on a tin roof" is rain) is not a named event.
    assert "ambience-first" not in _rules(lint_prompts("rain, rain on a tin roof"))


def test_a_word_the_lexicon_does_not_know_finds_the_scene_by_its_root_in_a_prompt_of_another_language() -> (
    None
):
    report = lint_prompts("vento, onde, gabbiani, un tuffo", scene="un ragazzo si tuffa dal molo")
    assert _sfx(report) == "un tuffo, vento, onde, gabbiani"


def test_english_words_still_match_the_scene_only_as_they_are() -> None:
    # "landing" and "lands" share a root, but an English prompt is read word for word: the user's order stays.
    prompt = "skateboard wheels rolling on concrete, board pop, landing clack, distant traffic"
    report = lint_prompts(prompt, scene="kid lands a kickflip at a skatepark")
    assert report.clean and _sfx(report) == prompt


def test_the_event_the_scene_says_sounds_first_leads() -> None:
    report = lint_prompts(
        "tv murmur in the background, dog barking, doorbell",
        scene="the doorbell rings and the dog runs to the door barking",
    )
    assert _sfx(report) == "doorbell, dog barking, tv murmur in the background"


def test_a_sound_word_the_scene_gives_to_another_item_does_not_count_twice() -> None:
    prompt = "crowd going wild, ball bouncing on the court, the buzzer going off, the game-winning swish"
    report = lint_prompts(prompt, scene="buzzer-beater: the ball swishes through the net as time runs out")
    assert _sfx(report).startswith("the game-winning swish, ")


# --- Music ----------------------------------------------------------------------------------------------------


def _music(report: LintReport) -> str:
    return report.background_music_prompt.rewritten


def test_instruments_in_other_languages_are_instruments() -> None:
    for prompt in (
        "ruhige Musik, langsam, Klavier",
        "musica dolce, pianoforte, lento",
        "música lenta con órgano",
    ):
        report = lint_prompts("", prompt)
        assert "music-missing-instrument" not in _rules(report), prompt
        assert _music(report) == prompt and "guitar" not in _music(report)


def test_a_score_named_in_another_language_maps_to_its_instruments_and_tempo() -> None:
    report = lint_prompts("", "algo épico tipo juego de tronos")
    assert "cello" in _music(report) and "full orchestra, taiko drums, brass swells" not in _music(report)
    bpm = int(_music(report).rsplit(", ", 1)[1].split()[0])
    assert 60 <= bpm <= 120
    for title in ("musique comme le seigneur des anneaux", "so was wie krieg der sterne"):
        assert "orchestra" in _music(lint_prompts("", title)), title


def test_music_heard_in_the_scene_is_a_sound_the_user_wrote_and_stays_in_the_sound_effects() -> None:
    report = lint_prompts(
        "party chatter, music thumping through the wall, glass shatters",
        scene="someone drops a wine glass at a house party and it shatters",
    )
    assert "music thumping through the wall" in _sfx(report)
    assert _music(report) == "" and "misplaced-layer" not in _rules(report)
    # Music with nowhere it is heard from is still the music layer's.
    assert "misplaced-layer" in _rules(lint_prompts("footsteps, sad piano music"))


# --- Ambience words, ASMR advice ------------------------------------------------------------------------------


def test_an_ambience_the_linter_cannot_replace_is_kept_whole() -> None:
    assert _sfx(lint_prompts("kitchen ambience")) == "kitchen ambience"
    assert _sfx(lint_prompts("just the kitchen ambience pls")) == "kitchen ambience"
    report = lint_prompts(
        "kitchen ambience, kettle whistle, cups clinking",
        scene="close-up of a kettle starting to whistle on the stove",
    )
    assert _sfx(report) == "kettle whistle, cups clinking, kitchen ambience"


def _asmr(report: LintReport) -> str:
    return next(r.value for r in report.recommendations if r.topic == "asmr_mode")


def test_a_close_up_scene_alone_does_not_call_for_asmr_mode_when_the_prompt_asks_for_weather() -> None:
    report = lint_prompts(
        "campfire crackle, owl, wind in the trees", scene="close-up of a campfire at night in the woods"
    )
    assert report.clean and "asmr-mismatch" not in _rules(report)
    # Without weather, the close-up still calls for it.
    report = lint_prompts("campfire crackle, crickets, owl hoot", scene="close-up of a campfire at night")
    assert _asmr(report) == "on" and "asmr-mismatch" in _rules(report)


def test_tempo_words_of_other_languages_are_respected_and_never_contradicted() -> None:
    for prompt in (
        "Klavier, gemächlich",
        "guitarra, pausada",
        "musique rythmée au piano",
        "chitarra, ritmata",
    ):
        report = lint_prompts("", prompt)
        assert _music(report) == prompt and "BPM" not in _music(report), prompt


def test_film_and_game_scores_named_in_other_languages_are_references() -> None:
    assert "mandolin" in _music(lint_prompts("", "música tipo el padrino"))
    assert "french horns" in _music(lint_prompts("", "algo tipo piratas del caribe pls"))


def test_a_buried_lead_moved_to_the_front_loses_the_words_that_put_it_at_the_end() -> None:
    assert _sfx(lint_prompts("viento, olas, un chapuzón al final")) == "un chapuzón, viento, olas"
    report = lint_prompts(
        "crowd murmur, sneakers squeaking, and the game-winning swish at the very end!!",
        scene="the ball swishes through the net as time runs out",
    )
    assert _sfx(report).startswith("the game-winning swish, ")


def test_an_item_that_tells_about_the_clip_and_names_no_sound_is_dropped() -> None:
    report = lint_prompts("ok so its a basketball clip, sneakers squeaking, ball bouncing")
    assert _sfx(report) == "sneakers squeaking, ball bouncing"
    # An item that names a sound stays, whatever else it says.
    assert "clip" in _sfx(lint_prompts("the clip has a door slam, footsteps"))
