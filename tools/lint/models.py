"""The LintReport contract: what lint_prompt returns and score_video embeds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "suggested"]
FieldName = Literal["sound_effect_prompt", "background_music_prompt", "asmr_mode"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Fix(_Model):
    """A replacement for a span of one field."""

    title: str
    replacement: str
    applicability: Applicability
    move_to: FieldName | None = Field(
        None, description="misplaced-layer: the removed text is appended to this prompt instead of dropped"
    )


class Finding(_Model):
    """One rule violation, like a code linter's diagnostic."""

    code: str = Field(description="stable code, e.g. KV001")
    rule: str = Field(description="kebab-case rule name, e.g. directorial-language")
    severity: Severity
    field: FieldName
    span: tuple[int, int] | None = Field(
        None, description="character offsets [start, end) in the original field"
    )
    message: str
    fix: Fix | None = None


class FieldReport(_Model):
    """One prompt field: as given, as rewritten, and what was found in it."""

    original: str
    rewritten: str
    findings: list[Finding] = Field(default_factory=list)


class Recommendation(_Model):
    """Advice on the settings around the prompts."""

    topic: Literal["asmr_mode", "prompts"]
    value: str = Field(
        description="asmr_mode: 'on'/'off'; prompts: 'sfx_only', 'music_only', 'both', 'neither'"
    )
    reason: str


class LintReport(_Model):
    """The whole lint of one score request."""

    sound_effect_prompt: FieldReport
    background_music_prompt: FieldReport
    asmr_mode: bool
    findings: list[Finding] = Field(default_factory=list, description="every finding, all fields, in order")
    recommendations: list[Recommendation] = Field(default_factory=list)
    clean: bool = Field(description="no error and no warning")
    rewritten_asmr_mode: bool | None = Field(None, description="asmr_mode after applying every fix")
