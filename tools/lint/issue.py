"""Findings as the rules produce them, before they become the LintReport's pydantic models."""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.models import Applicability, FieldName


@dataclass(frozen=True, slots=True)
class Edit:
    """A proposed replacement of the span [start, end) of one field."""

    title: str
    replacement: str
    applicability: Applicability
    move_to: FieldName | None = None  # the removed item is appended to this field


@dataclass(frozen=True, slots=True)
class Issue:
    """One rule violation: which rule, where, why, and the edit that fixes it."""

    rule: str
    field: FieldName
    span: tuple[int, int] | None
    message: str
    edit: Edit | None = None
