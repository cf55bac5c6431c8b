"""Rule by rule: what fires, where the span points, what the fix does."""

from __future__ import annotations

import re

from tools.lint import MAX_PROMPT_CHARS, RULES, LintReport, lint_prompts


def _rules(report: LintReport) -> list[str]:
    return [f.rule for f in report.findings]


def test_codes_and_rule_names_are_stable() -> None:
    assert {rule.name: rule.code for rule in RULES} == {
        "over-length": "KV001",
        "dialog-requested": "KV002",
        "vague-sound": "KV101",
        "directorial-language": "KV102",
        "negation": "KV103",
        "filler-words": "KV104",
        "setting-in-prompt": "KV105",
        "ambience-first": "KV201",
        "misplaced-layer": "KV202",
        "duplicate-item": "KV203",
        "music-missing-instrument": "KV301",
        "music-missing-tempo": "KV302",
        "tempo-without-bpm": "KV303",
        "asmr-mismatch": "KV401",
        "dense-prompts": "KV402",
        "unneeded-layer": "KV403",
        "list-format": "KV501",
        "control-characters": "KV502",
    }


def test_rule_names_are_kebab_case_and_fixes_are_safe_or_suggested() -> None:
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
        assert re.fullmatch(r"KV\d{3}", rule.code)
        assert rule.severity in ("error", "warning", "info")
        assert rule.fix in ("safe", "suggested")


def test_a_finding_carries_the_code_severity_and_a_span_on_the_offending_text() -> None:
    text = "footsteps on gravel, build tension"
    [finding] = lint_prompts(text).findings
    assert (finding.code, finding.rule, finding.severity) == ("KV102", "directorial-language", "warning")
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == "build tension"
    assert finding.fix is not None and finding.fix.applicability == "safe"


def test_a_prompt_over_200_characters_is_an_error_whose_fix_cuts_between_items() -> None:
    items = [f"door slam number {i}" for i in range(20)]
    text = ", ".join(items)
    report = lint_prompts(text)
    [finding] = [f for f in report.findings if f.rule == "over-length"]
    assert finding.severity == "error" and finding.fix is not None and finding.fix.applicability == "safe"
    # The fix replaces the field with the items it keeps (it drops the least important, not just the tail);
    # items of equal weight go from the end, and the message names what was dropped.
    assert finding.span == (0, len(text))
    kept = finding.fix.replacement
    assert len(kept) <= MAX_PROMPT_CHARS and kept == ", ".join(items[: len(kept.split(", "))])
    assert f"Dropping '{items[len(kept.split(', '))]}'" in finding.message
    assert not report.clean


def test_clean_allows_notes_but_not_warnings() -> None:
    report = lint_prompts("", "tense cinematic strings")
    assert [f.severity for f in report.findings] == ["info"]
    assert report.clean


def test_a_negated_layer_is_removed_and_a_field_of_only_negation_is_emptied() -> None:
    report = lint_prompts("footsteps on gravel, no music", "none")
    assert _rules(report) == ["negation", "negation"]
    assert all(f.fix is not None and f.fix.applicability == "safe" for f in report.findings)
    assert report.sound_effect_prompt.rewritten == "footsteps on gravel"
    assert report.background_music_prompt.rewritten == ""
    assert "leave background_music_prompt empty" in report.findings[0].message


def test_a_negated_dialog_request_is_a_negation_not_a_dialog_request() -> None:
    assert _rules(lint_prompts("footsteps, no talking")) == ["negation"]


def test_never_ending_is_not_a_negation() -> None:
    assert _rules(lint_prompts("never-ending rain on a tin roof")) == []


def test_music_in_the_sound_effect_prompt_moves_to_the_music_prompt() -> None:
    report = lint_prompts("footsteps on gravel, sad piano melody")
    [finding] = report.findings
    assert finding.rule == "misplaced-layer" and finding.fix is not None
    assert finding.fix.move_to == "background_music_prompt"
    assert report.sound_effect_prompt.rewritten == "footsteps on gravel"
    assert report.background_music_prompt.rewritten.startswith("sad piano melody")


def test_a_sound_effect_in_the_music_prompt_moves_to_the_sound_effect_prompt() -> None:
    report = lint_prompts("door creak", "soft jazz, footsteps, 90 BPM")
    assert _rules(report) == ["misplaced-layer"]
    assert report.sound_effect_prompt.rewritten == "door creak, footsteps"
    assert report.background_music_prompt.rewritten == "soft jazz, 90 BPM"


def test_an_instrument_played_on_screen_is_not_misplaced() -> None:
    assert _rules(lint_prompts("guitar strings snapping, amp hum")) == []


def test_speech_and_lyrics_are_flagged_but_birdsong_and_wordless_vocals_are_not() -> None:
    assert _rules(lint_prompts("man saying hello, door slam")) == ["dialog-requested"]
    assert _rules(lint_prompts("", "pop with lyrics, 120 BPM")) == ["dialog-requested"]
    assert _rules(lint_prompts("birds singing, wind in leaves")) == []
    assert _rules(lint_prompts("", "wordless vocals, soft pads, 70 BPM")) == []


def test_a_crowd_asked_to_talk_is_rewritten_as_murmur() -> None:
    report = lint_prompts("people talking in a cafe")
    assert report.sound_effect_prompt.rewritten == "indistinct crowd murmur"


def test_a_bed_before_a_transient_is_reordered_after_it() -> None:
    report = lint_prompts("room tone, distant traffic, door slam, footsteps")
    assert _rules(report) == ["ambience-first"]
    assert report.sound_effect_prompt.rewritten == "door slam, footsteps, room tone, distant traffic"


def test_beds_listed_last_are_fine() -> None:
    assert _rules(lint_prompts("door slam, footsteps, room tone, distant traffic")) == []


def test_picture_impacts_are_named_in_the_ordering_message() -> None:
    report = lint_prompts("rain, thunder crack", events=[(2.4, "impact (top left of the frame)")])
    assert "2.4 s" in report.findings[0].message


def test_music_without_instruments_gets_the_mood_s_instruments() -> None:
    report = lint_prompts("", "sad music, slow")
    assert _rules(report) == ["music-missing-instrument"]
    assert report.background_music_prompt.rewritten == "sad solo piano, soft cello, slow"


def test_the_scene_sets_the_mood_of_a_music_prompt_with_none() -> None:
    report = lint_prompts("", "background music", scene="a wedding in a garden")
    assert "strings" in report.background_music_prompt.rewritten


def test_a_genre_counts_as_instrumentation_and_brings_its_usual_tempo() -> None:
    report = lint_prompts("", "lo-fi hip hop")
    assert _rules(report) == ["music-missing-tempo"]
    assert report.background_music_prompt.rewritten == "lo-fi hip hop, laid-back, 80 BPM"


def test_steady_cuts_suggest_the_bpm_that_lands_on_them() -> None:
    cuts = [(0.5 * i, "scene_cut") for i in range(1, 10)]
    report = lint_prompts("", "driving synthwave, fast", events=cuts)
    assert _rules(report) == ["tempo-without-bpm"]
    assert report.background_music_prompt.rewritten == "driving synthwave, fast, 120 BPM"
    assert _rules(lint_prompts("", "driving synthwave, fast")) == []


def test_asmr_on_with_wide_action_is_flagged_and_the_rewrite_turns_it_off() -> None:
    report = lint_prompts("explosion, debris scatter, distant sirens", asmr_mode=True)
    [finding] = report.findings
    assert (finding.rule, finding.field, finding.span) == ("asmr-mismatch", "asmr_mode", None)
    assert finding.fix is not None and finding.fix.replacement == "false"
    assert report.rewritten_asmr_mode is False
    assert report.recommendations[0].topic == "asmr_mode" and report.recommendations[0].value == "off"


def test_asmr_off_on_a_macro_shot_is_flagged() -> None:
    report = lint_prompts("brush bristles, powder tap", scene="macro shot of a makeup brush")
    assert _rules(report) == ["asmr-mismatch"]
    assert report.rewritten_asmr_mode is True


def test_one_material_word_in_a_busy_prompt_does_not_ask_for_asmr() -> None:
    assert _rules(lint_prompts("glass shatter, alarm bell, running footsteps")) == []


def test_two_dense_prompts_are_trimmed_keeping_the_music_tempo() -> None:
    sfx = "footsteps, gate creak, distant crows, wind in dry grass, dog bark, leaves skittering, church bells"
    music = "tense strings, low drone, sparse piano, ticking percussion, deep sub bass pulses, slow, 60 BPM"
    report = lint_prompts(sfx, music)
    assert _rules(report).count("dense-prompts") == 2
    assert report.background_music_prompt.rewritten.endswith("slow, 60 BPM")
    assert len(report.sound_effect_prompt.rewritten.split(", ")) <= 4


def test_one_dense_prompt_alone_is_fine() -> None:
    sfx = "footsteps, gate creak, distant crows, wind in dry grass, dog bark, leaves skittering, church bells"
    assert "dense-prompts" not in _rules(lint_prompts(sfx, "solo piano, slow"))


def test_a_purely_musical_scene_empties_the_sound_effect_prompt() -> None:
    report = lint_prompts("sneakers squeak", "upbeat house, 124 BPM", scene="dance video")
    assert _rules(report) == ["unneeded-layer"]
    assert report.sound_effect_prompt.rewritten == ""
    assert report.recommendations[1].value == "music_only"


def test_a_tutorial_scene_empties_the_music_prompt() -> None:
    report = lint_prompts("knife on board", "happy ukulele, upbeat", scene="cooking tutorial")
    assert [f.field for f in report.findings] == ["background_music_prompt"]
    assert report.recommendations[1].value == "sfx_only"


def test_filler_words_are_a_safe_note() -> None:
    report = lint_prompts("the sound of rain on a tin roof")
    [finding] = report.findings
    assert (finding.rule, finding.severity) == ("filler-words", "info")
    assert report.clean and report.sound_effect_prompt.rewritten == "rain on a tin roof"


def test_a_repeated_item_is_dropped() -> None:
    report = lint_prompts("door slam, footsteps, Door slam")
    assert _rules(report) == ["duplicate-item"]
    assert report.sound_effect_prompt.rewritten == "door slam, footsteps"


def test_semicolons_and_line_breaks_become_commas() -> None:
    report = lint_prompts("footsteps on gravel;\ndistant crows.  Wind in dry grass.")
    assert _rules(report) == ["list-format"]
    assert report.sound_effect_prompt.rewritten == "footsteps on gravel, distant crows, Wind in dry grass"


def test_findings_are_ordered_by_field_then_position() -> None:
    report = lint_prompts("city sounds, build tension", "none", asmr_mode=True)
    keys = [(f.field, f.span[0] if f.span else -1) for f in report.findings]
    order = {"sound_effect_prompt": 0, "background_music_prompt": 1, "asmr_mode": 2}
    assert keys == sorted(keys, key=lambda k: (order[k[0]], k[1]))


def test_recommendations_say_which_prompts_to_fill() -> None:
    assert lint_prompts("", "").recommendations[1].value == "neither"
    assert lint_prompts("door slam", "").recommendations[1].value == "sfx_only"
    assert lint_prompts("", "solo piano, slow").recommendations[1].value == "music_only"
    assert lint_prompts("door slam", "solo piano, slow").recommendations[1].value == "both"
    impacts = [(1.2, "impact"), (3.0, "impact")]
    advice = lint_prompts("", "", events=impacts).recommendations[1]
    assert advice.value == "sfx_only" and "1.2 s" in advice.reason


def test_inspect_video_event_labels_are_understood() -> None:
    events = [
        (0.8, "hard cut to a new shot"),
        (1.6, "a moving object stops or bounces sharply (top left of the frame)"),
        (2.4, "hard cut to a new shot"),
        (3.2, "hard cut to a new shot"),
        (4.0, "hard cut to a new shot"),
    ]
    order = lint_prompts("rain, thunder crack", events=events).findings[0].message
    assert "1.6 s" in order
    tempo = lint_prompts("", "slow piano", events=events)
    assert tempo.background_music_prompt.rewritten == "slow piano, 75 BPM"


def test_refusing_the_music_layer_empties_the_music_prompt() -> None:
    report = lint_prompts("footsteps", "no music please, just silence")
    [finding] = report.findings
    assert finding.rule == "negation" and finding.span == (0, len("no music please, just silence"))
    assert report.background_music_prompt.rewritten == ""


def test_refusing_one_sound_keeps_the_rest_of_the_prompt() -> None:
    report = lint_prompts("typing, mouse clicks, no background noise")
    assert report.sound_effect_prompt.rewritten == "typing, mouse clicks"


def test_the_quoted_words_go_with_the_dialog_request() -> None:
    report = lint_prompts("a dog barking and a man saying 'good boy'")
    assert report.sound_effect_prompt.rewritten == "a dog barking"


def test_a_vague_part_of_an_item_becomes_items_of_its_own() -> None:
    report = lint_prompts(
        "spooky forest at night with wind and something scary approaching", scene="night forest"
    )
    assert [f.rule for f in report.findings] == ["vague-sound", "vague-sound"]
    rewritten = report.sound_effect_prompt.rewritten.split(", ")
    # Nothing in the request says owls or crickets: the rewrite keeps the user's wind and forest, and the
    # message offers the night-forest events to choose from.
    assert "wind" in rewritten and "scary" not in report.sound_effect_prompt.rewritten
    assert not {"owl hoot", "crickets", "twig snap"} & set(rewritten)
    assert any("owl hoot" in f.message for f in report.findings)


def test_a_murmuring_cafe_is_not_wide_action() -> None:
    report = lint_prompts("cups clinking, crowd murmur", asmr_mode=True)
    assert "asmr-mismatch" not in _rules(report)


def test_ambient_before_a_place_is_vague_but_before_a_sound_it_is_fine() -> None:
    vague = lint_prompts("ambient city noise")
    assert _rules(vague) == ["vague-sound"]
    # A city supports traffic; a horn or a crowd would be a guess, so they are offered, not written.
    assert vague.sound_effect_prompt.rewritten == "distant traffic"
    assert "car horn" in vague.findings[0].message
    assert lint_prompts("ambient room tone").findings == []


def test_a_direction_that_names_a_film_is_removed_whole() -> None:
    report = lint_prompts("", "epic, make it feel like a movie trailer")
    directions = [f for f in report.findings if f.rule == "directorial-language"]
    assert [
        report.background_music_prompt.original[s:e] for s, e in [d.span for d in directions if d.span]
    ] == ["make it feel like a movie trailer"]
    assert "trailer" not in report.background_music_prompt.rewritten
    assert lint_prompts("", "should feel like a horror movie, piano").background_music_prompt.rewritten == (
        "piano, slow, 70 BPM"
    )


def test_making_people_want_something_is_a_direction() -> None:
    report = lint_prompts("", "synth, 80 BPM, make them want to watch it again")
    assert _rules(report) == ["directorial-language"]
    assert report.background_music_prompt.rewritten == "synth, 80 BPM"
    kept = lint_prompts("", "disco, 120 BPM, makes you want to dance with funky bass")
    assert kept.background_music_prompt.rewritten == "disco, 120 BPM, funky bass"


def test_a_field_of_only_silence_is_emptied_but_silence_among_items_is_kept() -> None:
    report = lint_prompts("footsteps on gravel", "silence")
    assert [(f.rule, f.field) for f in report.findings] == [("negation", "background_music_prompt")]
    assert report.background_music_prompt.rewritten == ""
    assert "stands for nothing" in report.findings[0].message
    rests = lint_prompts("", "piano, silence, 60 BPM")
    assert rests.findings == [] and rests.background_music_prompt.rewritten == "piano, silence, 60 BPM"


def test_a_greeting_someone_answers_with_is_dialog() -> None:
    report = lint_prompts("phone ringing, someone answers hello")
    assert _rules(report) == ["dialog-requested"]
    assert report.sound_effect_prompt.rewritten == "phone ringing"
    assert lint_prompts("doorbell, man answers the door").findings == []
