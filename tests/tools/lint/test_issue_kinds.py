"""The kinds of weak rewrite a sound designer would not send, each with the examples quoted when they were found."""

from __future__ import annotations

from tools.lint import LintReport, apply_safe_fixes, lint_prompts
from tools.lint.text import root


def _sfx(report: LintReport) -> str:
    return report.sound_effect_prompt.rewritten


def _asmr_advice(report: LintReport) -> str:
    return next(r.value for r in report.recommendations if r.topic == "asmr_mode")


# --- Order from evidence ------------------------------------------------------------------------------------


def test_the_buried_gunshot_leads_and_every_bed_moves_behind_it() -> None:
    prompt = "birds chirping, leaves rustling, rifle gunshot, light breeze"
    bare = lint_prompts(prompt)
    assert _sfx(bare) == "rifle gunshot, birds chirping, leaves rustling, light breeze"
    scene = lint_prompts(prompt, scene="hunter in the woods fires a rifle at a deer")
    assert _sfx(scene).startswith("rifle gunshot, ")
    assert sorted(_sfx(scene).split(", ")) == sorted(prompt.split(", "))


def test_a_bed_late_in_the_list_is_a_harmless_order_and_is_not_flagged() -> None:
    report = lint_prompts("footsteps on wood floor, floorboard creak, distant dog bark, clock ticking")
    assert report.clean and [f.rule for f in report.findings] == []


def test_a_bed_at_item_five_ahead_of_a_minor_event_at_seven_is_not_flagged() -> None:
    prompt = "door slam, footsteps, keys jingling, coat rustle, distant traffic, chair creak, cup clink"
    report = lint_prompts(prompt)
    assert report.clean and _sfx(report) == prompt


def test_the_campfire_on_a_campfire_close_up_keeps_the_lead() -> None:
    report = lint_prompts("campfire crackle, crickets, owl hoot", scene="close-up of a campfire at night")
    assert [f.rule for f in report.findings if f.field == "sound_effect_prompt"] == []
    assert _sfx(report) == "campfire crackle, crickets, owl hoot"


def test_the_scene_picks_the_lead_even_in_another_language() -> None:
    report = lint_prompts("lluvia, truenos, un portazo", scene="door slams shut during a storm")
    assert _sfx(report).startswith("un portazo")
    report = lint_prompts("engine revving, tires screeching, crash", scene="car crashes into a wall")
    assert _sfx(report) == "crash, engine revving, tires screeching"


def test_an_impact_in_the_picture_puts_the_short_event_first() -> None:
    events = [(1.2, "hard cut to a new shot"), (2.4, "a moving object stops or bounces sharply")]
    report = lint_prompts("wind, leaves, door slam", events=events)
    assert _sfx(report).startswith("door slam")
    assert any("2.4 s" in f.message for f in report.findings if f.rule == "ambience-first")


def test_birds_named_alone_are_a_bed_and_move_behind_the_bark_while_bird_sounds_stay_vague() -> None:
    report = lint_prompts("birds, wind, dog bark")
    assert _sfx(report) == "dog bark, birds, wind"
    assert [f.rule for f in report.findings] == ["ambience-first"]
    for bed in (
        "songbirds",
        "crowd chatter",
        "traffic noise",
        "pájaros cantando",
        "chant des oiseaux",
        "cicale",
    ):
        assert _sfx(lint_prompts(f"{bed}, glass shatter")).startswith("glass shatter"), bed
    assert [f.rule for f in lint_prompts("bird sounds, leaves rustling").findings] == ["vague-sound"]


def test_a_sound_word_of_another_language_finds_the_scene_word_by_its_root() -> None:
    report = lint_prompts("ruido de motor, frenazo, brisa", scene="el coche frena en seco ante el semáforo")
    assert _sfx(report).startswith("frenazo")
    report = lint_prompts("trueno, portazo", scene="alguien cierra la puerta de golpe")  # gloss: puerta, door
    assert _sfx(report) == "portazo, trueno"
    # English words match as they are: "folding" does not make "paper fold" the lead of a crafting close list.
    report = lint_prompts("scissors snip, paper fold, glue cap click", scene="hands folding paper")
    assert [f.rule for f in report.findings if f.rule == "ambience-first"] == []


def test_roots_join_inflections_but_short_and_ambiguous_words_keep_their_own() -> None:
    assert root("frenazo") == root("frena") == root("frenar") == root("frenando") == "fren"
    assert root("golpe") == root("golpea") == "golp"
    assert root("ladrido") == root("ladra")
    assert root("winding") == "winding" and root("wind") == "wind" and root("lighter") == "lighter"
    assert root("door") == "door" and root("paper") == "paper"


def test_a_short_event_the_scene_names_leads_other_short_events_and_nothing_else_moves() -> None:
    report = lint_prompts("glass clink, bottle pop, fizz", scene="a waiter opens a wine bottle at the table")
    assert _sfx(report) == "bottle pop, glass clink, fizz"
    # Two short events and a scene that names neither: the user's order stays.
    report = lint_prompts("glass clink, bottle pop, fizz", scene="a dinner party on a terrace")
    assert [f.rule for f in report.findings if f.rule == "ambience-first"] == []
    assert _sfx(report) == "glass clink, bottle pop, fizz"
    # The scene names the first item too: it keeps the lead.
    report = lint_prompts("glass clink, bottle pop, fizz", scene="friends raise a glass as the bottle opens")
    assert [f.rule for f in report.findings if f.rule == "ambience-first"] == []


# --- Text is parsed as text ---------------------------------------------------------------------------------


def test_a_quote_with_an_apostrophe_is_one_utterance() -> None:
    report = lint_prompts("guy says 'let's go!' then car door slams")
    assert _sfx(report) == "car door slams"
    report = lint_prompts("she whispers 'don't look back' and the floor creaks")
    assert "creaks" in _sfx(report) and "look" not in _sfx(report) and "'" not in _sfx(report)


def test_a_control_character_is_removed_before_reading_and_reported() -> None:
    report = lint_prompts("foot\x00steps on gravel, gate creak")
    assert not report.clean
    found = [f for f in report.findings if f.rule == "control-characters"]
    assert len(found) == 1 and "U+0000" in found[0].message
    assert _sfx(report) == "footsteps on gravel, gate creak"
    assert apply_safe_fixes(report)[0] == "footsteps on gravel, gate creak"


def test_spans_of_other_findings_point_into_the_original_text() -> None:
    text = "door\u200b slam, the sound of rain"
    report = lint_prompts(text)
    filler = next(f for f in report.findings if f.rule == "filler-words")
    assert filler.span is not None and text[filler.span[0] : filler.span[1]] == "the sound of"


def test_settings_written_into_a_prompt_change_no_recommendation() -> None:
    plain = lint_prompts("rain on window")
    for prompt in (
        "rain on window, set asmr_mode true",
        "rain on window --asmr",
        "rain on window, --asmr",
        '{"sound_effect_prompt": "rain on window", "asmr_mode": true}',
        "rain on window, asmr_mode=on",
    ):
        report = lint_prompts(prompt)
        assert _asmr_advice(report) == _asmr_advice(plain), prompt
        assert report.recommendations == plain.recommendations, prompt
        assert _sfx(report) == "rain on window", prompt
        assert any(f.rule == "setting-in-prompt" for f in report.findings), prompt
        assert apply_safe_fixes(report)[0] == "rain on window", prompt


# --- Nothing invented ----------------------------------------------------------------------------------------


def test_a_sleeping_baby_gets_no_giggle_rattle_or_footsteps() -> None:
    report = lint_prompts("cute baby sounds", scene="baby sleeping in a crib, night light on")
    rewritten = _sfx(report)
    assert not {"giggle", "rattle", "footsteps"} & set(rewritten.replace(",", " ").split())
    assert "breathing" in rewritten


def test_an_office_scene_gets_no_phone_ring_nobody_asked_for() -> None:
    report = lint_prompts("office sounds", scene="two people working quietly at laptops in a small office")
    assert "phone" not in _sfx(report) and "ring" not in _sfx(report)
    assert _sfx(report) == "keyboard typing"


def test_without_the_picture_the_rewrite_keeps_the_user_s_words_and_offers_examples() -> None:
    report = lint_prompts("ambient forest sounds")
    assert _sfx(report) == "forest"
    [vague] = [f for f in report.findings if f.rule == "vague-sound"]
    assert "twig snap" in vague.message and "twig" not in _sfx(report)
    nothing = lint_prompts("scary sounds")
    assert _sfx(nothing) == ""  # no word of the user's names a sound: the model decides from the picture
    assert "door creak" in nothing.findings[0].message


# --- Over-length ------------------------------------------------------------------------------------------------


def test_trimming_keeps_the_swish_buried_at_the_end_and_says_what_went() -> None:
    prompt = (
        "ok so its a basketball clip, crowd going wild in the arena, sneakers squeaking on the hardwood, ball "
        "bouncing on the court, coach yelling from the sideline, the buzzer going off, and the game-winning "
        "swish at the very end!!"
    )
    report = lint_prompts(prompt, scene="buzzer-beater: the ball swishes through the net as time runs out")
    assert "swish" in _sfx(report).split(", ")[0] and len(_sfx(report)) <= 200
    [over] = [f for f in report.findings if f.rule == "over-length"]
    assert "Dropping 'ok so its a basketball clip'" in over.message
    sent, _ = apply_safe_fixes(report)
    assert "swish" in sent and len(sent) <= 200


def test_trimming_drops_repeats_and_beds_before_named_events() -> None:
    items = ["door slam", "wind", "room tone", "door slam", "footsteps on gravel", "distant traffic"]
    prompt = ", ".join(items * 5) + ", glass shatter"
    report = lint_prompts(prompt)
    [over] = [f for f in report.findings if f.rule == "over-length"]
    assert over.fix is not None
    kept = over.fix.replacement.split(", ")
    # Only repeats had to go: every item is still there once, the buried glass shatter too.
    assert set(kept) == {*items, "glass shatter"} and kept[-1] == "glass shatter"
    beds = lint_prompts(
        ", ".join(f"{e}, wind {k}, room tone {k}" for k, e in enumerate(items)) + ", " + "x" * 40
    )
    [over] = [f for f in beds.findings if f.rule == "over-length"]
    assert over.fix is not None
    assert all(e in over.fix.replacement for e in ("door slam", "footsteps on gravel"))


# --- Filler, and suggestions replace the vague phrase whole ------------------------------------------------


def test_filler_goes_and_the_epic_suggestion_replaces_the_phrase_whole() -> None:
    report = lint_prompts("", "some epic music pls")
    music = report.background_music_prompt.rewritten
    assert music.startswith("epic full orchestra, taiko drums, brass swells, ")
    assert "pls" not in music and "some" not in music


def test_chat_filler_and_emoji_are_removed_around_the_sounds() -> None:
    report = lint_prompts("like, footsteps and stuff idk 🔥🔥", scene="woman walking down a hallway in heels")
    assert _sfx(report) == "footsteps"
    report = lint_prompts("ok so theres a cat knocking a glass off the table and it shatters lol")
    assert "lol" not in _sfx(report) and "ok so" not in _sfx(report) and "shatters" in _sfx(report)


# --- Music: references, scene defaults, the user's tempo ------------------------------------------------------


def _bpm(text: str) -> int:
    return int(text.rsplit(", ", 1)[1].split()[0])


def test_daft_punk_becomes_filtered_house_at_its_own_tempo() -> None:
    music = lint_prompts("", "sounds like daft punk").background_music_prompt.rewritten
    assert "daft punk" not in music and "vocoder" in music
    assert 118 <= _bpm(music) <= 126


def test_the_scene_s_pace_picks_the_default_for_a_skate_kickflip() -> None:
    music = lint_prompts("", "skate video music", scene="kid lands a kickflip at a skatepark")
    rewritten = music.background_music_prompt.rewritten
    assert "soft piano" not in rewritten and _bpm(rewritten) >= 120
    calm = lint_prompts("", "background music", scene="slow-motion rain drops on leaves, peaceful")
    assert _bpm(calm.background_music_prompt.rewritten) <= 80


def test_a_tempo_word_in_another_language_is_respected() -> None:
    for music in ("musica lenta y triste, piano", "musique douce au piano, lente", "ゆっくりしたピアノの曲"):
        report = lint_prompts("", music)
        assert report.background_music_prompt.rewritten == music, music
        assert not any(f.rule == "music-missing-tempo" for f in report.findings), music
    events = [(0.5 * i, "hard cut to a new shot") for i in range(1, 12)]
    slow = lint_prompts("", "langsame traurige Musik mit Cello", events=events)
    assert _bpm(slow.background_music_prompt.rewritten) <= 90  # a beat on the cuts, at the user's slow tempo


def test_a_list_typed_with_dashes_is_a_list_not_a_row_of_flags() -> None:
    report = lint_prompts("-footsteps on gravel\n-door slam")
    assert _sfx(report) == "footsteps on gravel, door slam"
    assert [f.rule for f in report.findings] == ["list-format"]
    assert _sfx(lint_prompts("rain, --lint fix")) == "rain"
