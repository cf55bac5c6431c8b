"""Properties that hold for any input: the rewrite fits, is clean, and the linter never raises or wavers."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tools.lint.corpus import CORPUS
from tools.lint import MAX_PROMPT_CHARS, LintReport, apply_safe_fixes, lint_prompts
from tools.lint.analyze import analyze_field

ROOT = Path(__file__).resolve().parents[3]

# Pieces that reach the rules: corpus items, lexicon-style phrases, directions, negations and noise.
_PIECES = sorted(
    {
        item.strip()
        for case in CORPUS
        for text in (case.sfx, case.music)
        for item in text.split(",")
        if item.strip()
    }
    | {
        "build tension",
        "make it feel epic",
        "no music",
        "without voices",
        "none",
        "people talking",
        "lyrics",
        "lip sync",
        "city sounds",
        "120 BPM",
        "calm music",
        "asmr",
        "macro",
        "explosion",
        "the sound of",
        "please add",
        "room tone",
        "distant traffic",
        "door slam",
        "\u0000",
        "\u200b",
        "🎵",
        "İstanbul",
        "ﬁre",
        "ß",
        "a" * 90,
        "never-ending",
        "not",
        "and",
        "with",
        "''",
        '"',
    }
)
_SEPARATORS = st.sampled_from(
    [", ", ",", "; ", "\n", " and ", " with ", ". ", " ", "\t", " | ", "، ", "\r\n"]
)
_SCENES = st.one_of(
    st.none(),
    st.sampled_from([case.scene for case in CORPUS if case.scene] + ["a wide aerial shot", "macro of silk"]),
    st.text(max_size=60),
)
_EVENTS = st.one_of(
    st.none(),
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=30, allow_nan=False),
            st.sampled_from(["scene_cut", "impact", "motion_onset", "scene cut", "x"]),
        ),
        max_size=12,
    ),
)


@st.composite
def prompts(draw: st.DrawFn) -> str:
    """Either arbitrary text or a list built from pieces the rules know, joined in odd ways."""
    if draw(st.booleans()):
        return draw(st.text(max_size=260))
    parts = draw(st.lists(st.sampled_from(_PIECES), max_size=14))
    out = ""
    for k, part in enumerate(parts):
        out += (draw(_SEPARATORS) if k else "") + part
    return out


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_internal_errors() -> Iterator[None]:
    """Fail if the linter had to fall back after an internal error (it logs and answers anyway)."""
    handler = _Errors()
    logger = logging.getLogger("tools.lint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert handler.records == [], [r.getMessage() for r in handler.records]


def _relint(report: LintReport, scene: str | None, events: object) -> LintReport:
    return lint_prompts(
        report.sound_effect_prompt.rewritten,
        report.background_music_prompt.rewritten,
        bool(report.rewritten_asmr_mode),
        scene=scene,
        events=events,  # type: ignore[arg-type]
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sfx=prompts(), music=prompts(), asmr=st.booleans(), scene=_SCENES, events=_EVENTS)
def test_the_rewrite_fits_is_clean_and_holds_no_direction(
    sfx: str, music: str, asmr: bool, scene: str | None, events: list[tuple[float, str]] | None
) -> None:
    with no_internal_errors():
        report = lint_prompts(sfx, music, asmr, scene=scene, events=events)
        for field in (report.sound_effect_prompt, report.background_music_prompt):
            assert len(field.rewritten) <= MAX_PROMPT_CHARS
            assert all(
                not item.directorial for item in analyze_field("sound_effect_prompt", field.rewritten).items
            )
        again = _relint(report, scene, events)
        # A vague item the request gives nothing to name stays in the user's own words, by contract: its
        # warning has no fix. Every other warning is fixed in the rewrite.
        assert [f.rule for f in again.findings if f.severity != "info" and f.fix is not None] == []
        assert {f.rule for f in again.findings if f.severity != "info"} <= {"vague-sound"}


@settings(max_examples=200, deadline=None)
@given(sfx=prompts(), music=prompts(), asmr=st.booleans())
def test_safe_fixes_never_send_more_than_200_characters(sfx: str, music: str, asmr: bool) -> None:
    with no_internal_errors():
        sent = apply_safe_fixes(lint_prompts(sfx, music, asmr))
    assert all(len(text) <= MAX_PROMPT_CHARS for text in sent)


@settings(max_examples=100, deadline=None)
@given(sfx=prompts(), music=prompts(), scene=_SCENES)
def test_the_same_input_gives_the_same_report(sfx: str, music: str, scene: str | None) -> None:
    first = lint_prompts(sfx, music, scene=scene).model_dump_json()
    assert lint_prompts(sfx, music, scene=scene).model_dump_json() == first


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co"])))
def test_control_and_format_characters_never_break_the_linter(text: str) -> None:
    with no_internal_errors():
        report = lint_prompts(text, text, True, scene=text)
    assert len(report.sound_effect_prompt.rewritten) <= MAX_PROMPT_CHARS


def test_100000_character_inputs_are_linted_without_error() -> None:
    inputs = [
        "a" * 100_000,
        "build tension, " * 6_700,
        "no music and " * 7_700,
        "footsteps on gravel " * 5_000,
        "\n".join(["city sounds"] * 8_400),
        "make the audience feel " * 4_400,
        "\u0000\u200b🎵, " * 20_000,
    ]
    with no_internal_errors():
        for text in inputs:
            report = lint_prompts(text, text, scene=text[:100_000])
            assert len(report.sound_effect_prompt.rewritten) <= MAX_PROMPT_CHARS
            assert [f.severity for f in report.findings if f.rule == "over-length"] == ["error", "error"]
            assert all(len(sent) <= MAX_PROMPT_CHARS for sent in apply_safe_fixes(report))


def test_non_string_arguments_are_read_as_text() -> None:
    odd: Any = [("x", 1), (1.0,), None]
    report = lint_prompts(cast(str, None), cast(str, 42), cast(bool, 1), scene=None, events=odd)
    assert report.sound_effect_prompt.original == "" and report.background_music_prompt.original == "42"


def _corpus_digest() -> str:
    reports = [
        lint_prompts(c.sfx, c.music, c.asmr, scene=c.scene, events=c.events or None).model_dump(mode="json")
        for c in CORPUS
    ]
    return hashlib.sha256(json.dumps(reports, sort_keys=True).encode()).hexdigest()


def test_reports_do_not_depend_on_the_process_hash_seed() -> None:
    script = "from tests.tools.lint.test_properties import _corpus_digest; print(_corpus_digest())"
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        digests.add(out.stdout.strip())
    assert digests == {_corpus_digest()}
