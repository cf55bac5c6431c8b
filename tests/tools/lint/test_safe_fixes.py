"""apply_safe_fixes: what score_video sends with lint="fix"."""

from __future__ import annotations

from tools.lint import MAX_PROMPT_CHARS, LintReport, apply_safe_fixes, lint_prompts

LONG = (
    "heavy boots on a metal catwalk, chain rattling against a railing, steam hissing from a broken pipe, "
    "water dripping into a puddle, door slamming somewhere below, flickering fluorescent tube buzzing overhead"
)


def test_an_over_length_prompt_is_cut_between_items_to_200_characters() -> None:
    sfx, music = apply_safe_fixes(lint_prompts(LONG, LONG))
    for sent in (sfx, music):
        assert len(sent) <= MAX_PROMPT_CHARS
        assert LONG.startswith(sent) and LONG[len(sent)] == ","


def test_a_single_item_over_the_limit_is_cut_at_a_word_boundary() -> None:
    text = " ".join(["rumble"] * 60)
    sfx, _ = apply_safe_fixes(lint_prompts(text))
    assert len(sfx) <= MAX_PROMPT_CHARS and text.startswith(sfx) and text[len(sfx)] == " "


def test_one_word_longer_than_the_limit_is_cut_hard() -> None:
    sfx, _ = apply_safe_fixes(lint_prompts("a" * 500))
    assert sfx == "a" * MAX_PROMPT_CHARS


def test_safe_fixes_drop_negation_and_direction_but_not_guesses() -> None:
    report = lint_prompts("city sounds, build tension, no music", "tense strings, without drums")
    sfx, music = apply_safe_fixes(report)
    assert sfx == "city sounds"  # the vague item stays: naming its events is only a suggestion
    assert music == "tense strings"
    assert report.sound_effect_prompt.rewritten != sfx


def test_prompts_without_safe_fixes_are_sent_exactly_as_written() -> None:
    report = lint_prompts("wind, door slam", "calm music")
    assert not report.clean  # ambience-first and music-missing-instrument: both only suggested
    assert apply_safe_fixes(report) == ("wind, door slam", "calm music")


def test_a_clean_request_is_sent_unchanged() -> None:
    report = lint_prompts("footsteps on gravel, distant crows", "minimal piano, 60 BPM")
    assert apply_safe_fixes(report) == ("footsteps on gravel, distant crows", "minimal piano, 60 BPM")


def test_safe_fixes_work_on_a_report_read_back_from_json() -> None:
    report = lint_prompts(LONG + ", build tension", "none")
    stored = LintReport.model_validate_json(report.model_dump_json())
    assert apply_safe_fixes(stored) == apply_safe_fixes(report)
    sfx, music = apply_safe_fixes(stored)
    assert len(sfx) <= MAX_PROMPT_CHARS and "tension" not in sfx and music == ""


def test_list_format_is_a_safe_fix() -> None:
    sfx, _ = apply_safe_fixes(lint_prompts("footsteps on gravel;\ndistant crows"))
    assert sfx == "footsteps on gravel, distant crows"


def test_score_video_with_lint_warn_sends_the_prompts_as_written_and_keeps_the_findings() -> None:
    from tools.jobs.prepare import ScoreRequest, check_prompts

    request = ScoreRequest(video="walk.mp4", sound_effect_prompt="door slam, build tension", lint="warn")
    sent, report = check_prompts(request)
    assert sent.sound_effect_prompt == "door slam, build tension"
    assert report is not None and [f.rule for f in report.findings] == ["directorial-language"]


def test_score_video_with_lint_fix_sends_only_the_safe_fixes() -> None:
    from tools.jobs.prepare import ScoreRequest, check_prompts

    request = ScoreRequest(
        video="walk.mp4",
        sound_effect_prompt="city sounds, build tension, no music",
        background_music_prompt="calm music",
        lint="fix",
    )
    sent, report = check_prompts(request)
    assert (sent.sound_effect_prompt, sent.background_music_prompt) == ("city sounds", "calm music")
    assert report is not None and report.background_music_prompt.rewritten != "calm music"
    off, none = check_prompts(ScoreRequest(video="walk.mp4", sound_effect_prompt="city sounds", lint="off"))
    assert off.sound_effect_prompt == "city sounds" and none is None
