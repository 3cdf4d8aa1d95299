"""Findings and reports: plain values, never exceptions.

A ``Finding`` says what one rule concluded about one subject (the document, or one item
of it): outcome, level, legal status, message, where (JSON Pointer), the evidence that
decided it, and the sources. A ``Report`` holds the findings for one document or
portfolio, the rule set's version and hash, and counts per outcome.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Finding", "Report", "RuleSetInfo", "SourceRef", "OUTCOMES", "LEVELS", "REPORT_FORMAT_VERSION"]

REPORT_FORMAT_VERSION = 1

Outcome = Literal["pass", "fail", "pending", "review", "not_applicable", "missing_information"]
Level = Literal["error", "warning", "note"]
OUTCOMES: tuple[str, ...] = ("fail", "missing_information", "review", "pending", "pass", "not_applicable")
LEVELS: tuple[str, ...] = ("error", "warning", "note")


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceRef(_Value):
    title: str
    section: str
    ref: str = Field(description="file:line references into the source texts")


class Finding(_Value):
    rule_id: str
    rule_name: str
    outcome: Outcome
    level: Level
    legal_status: str
    message: str
    fix: str | None = None
    document: str = Field(description="dokument_id of the document the subject belongs to")
    path: str = Field(description="JSON Pointer into the evaluated input")
    evidence: dict[str, Any] = Field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    as_of: str


class RuleSetInfo(_Value):
    name: str
    version: str
    hash: str = Field(description="sha256 over the rule set's files")
    vocabulary_version: int


class Report(_Value):
    """The findings for one document or portfolio."""

    format_version: int = REPORT_FORMAT_VERSION
    as_of: str
    lang: Literal["da", "en"]
    document: str = Field(description="dokument_id of the evaluated document or portfolio")
    kind: str
    ruleset: RuleSetInfo
    counts: dict[str, int]
    findings: tuple[Finding, ...]

    def by_outcome(self, outcome: str) -> list[Finding]:
        return [f for f in self.findings if f.outcome == outcome]

    @property
    def failures(self) -> list[Finding]:
        return self.by_outcome("fail")

    def worst_level(self, outcomes: tuple[str, ...] = ("fail",)) -> str | None:
        """The most serious level among findings with these outcomes, or None."""
        present = {f.level for f in self.findings if f.outcome in outcomes}
        for level in LEVELS:
            if level in present:
                return level
        return None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        """Deterministic JSON: same input, rules and date give the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)


def count_outcomes(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for f in findings:
        counts[f.outcome] += 1
    return counts


def report_json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
