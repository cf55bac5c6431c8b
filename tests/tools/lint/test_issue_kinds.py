"""The kinds of weak rewrite a sound designer would not send, each with the examples quoted when they were found."""

from __future__ import annotations

from tools.lint import LintReport, apply_safe_fixes, lint_prompts


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
        '{"sound_effect_prompt": "rain on window", "asmr_mode": true}',
        "rain on window, asmr_mode=on",
    ):
        report = lint_prompts(prompt)
        assert _asmr_advice(report) == _asmr_advice(plain), prompt
        assert report.recommendations == plain.recommendations, prompt
        assert _sfx(report) == "rain on window", prompt
        assert any(f.rule == "setting-in-prompt" for f in report.findings), prompt
        assert apply_safe_fixes(report)[0] == "rain on window", prompt
