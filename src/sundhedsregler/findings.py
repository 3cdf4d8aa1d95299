"""Findings and reports: plain values, never exceptions.

A ``Finding`` says what one rule concluded about one subject (the document, or one item
of it): outcome, level, legal status, message, where (JSON Pointer), the evidence that
decided it, and the sources. A ``Report`` holds the findings for one document or
portfolio, the rule set's version and hash, and counts per outcome.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic_core import PydanticSerializationError

from ._version import __version__

__all__ = [
    "Finding",
    "Report",
    "RuleSetInfo",
    "RuleSetPart",
    "SourceRef",
    "OUTCOMES",
    "LEVELS",
    "REPORT_FORMAT_VERSION",
    "REPORT_FORMS",
]

REPORT_FORMAT_VERSION = 1
# The report's two forms: "summary" (passes counted per rule, each rule's name and
# sources listed once, every other finding in full; format_version 2) and "full" (every
# finding in full with its sources; format_version 1, the form of earlier versions).
REPORT_FORMS: tuple[str, ...] = ("summary", "full")
SUMMARY_FORMAT_VERSION: Literal[2] = 2
ReportForm = Literal["summary", "full"]


def report_form(form: object) -> ReportForm:
    """``form`` if it names one of :data:`REPORT_FORMS`; else ValueError (every place
    that takes a form refuses an unknown one with this message)."""
    if form == "summary" or form == "full":
        return form
    raise ValueError(f"form must be one of {', '.join(REPORT_FORMS)}, not {form!r}")

_setattr = object.__setattr__

Outcome = Literal["pass", "fail", "pending", "review", "not_applicable", "missing_information"]
Level = Literal["error", "warning", "note"]
OUTCOMES: tuple[str, ...] = ("fail", "missing_information", "review", "pending", "pass", "not_applicable")
LEVELS: tuple[str, ...] = ("error", "warning", "note")


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_M = TypeVar("_M", bound=_Value)


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

    def _as_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class RuleSetPart(_Value):
    """One rule directory of a rule set: the national rules, or a local set beside them."""

    name: str = Field(description="'name' of the directory's ruleset.yaml, else the directory's own name")
    version: str = Field(description="'version' of the directory's ruleset.yaml, else '0'")
    hash: str = Field(description="sha256 over this directory's files")


class RuleSetInfo(_Value):
    """The receipt of a report: which rules, which tool and which parameters made it.

    ``name`` and ``version`` are the first rule set's (the national one, unless it was
    left out); ``hash`` covers every rule set in ``sets``. Parameter overrides are listed
    in ``parameters`` rather than folded into the hash, so that the hash keeps naming the
    rule files. The backend is not here: both give the same report, and the run's
    summary names the one used.
    """

    name: str
    version: str
    hash: str = Field(description="sha256 over the rule set's files")
    vocabulary_version: int
    tool_version: str = Field(default=__version__, description="version of sundhedsregler that made the report")
    sets: tuple[RuleSetPart, ...] = Field(
        default=(), description="every rule set loaded, in load order: the national one first unless left out"
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description="parameter overrides by 'RULE-ID.name' (dates as YYYY-MM-DD), sorted; empty when none",
    )


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
        """The findings with ``outcome``, in report order."""
        return [f for f in self.findings if f.outcome == outcome]

    @property
    def failures(self) -> list[Finding]:
        """The findings whose outcome is fail."""
        return self.by_outcome("fail")

    def worst_level(self, outcomes: tuple[str, ...] = ("fail",)) -> str | None:
        """The most serious level among findings with these outcomes, or None."""
        present = {f.level for f in self.findings if f.outcome in outcomes}
        for level in LEVELS:
            if level in present:
                return level
        return None

    def to_dict(self, *, form: ReportForm = "full") -> dict[str, Any]:
        """The report as plain data: every finding (``form="full"``, the model's own
        ``model_dump(mode="json")``), or passes counted per rule and each rule's name
        and sources listed once (``form="summary"``, what ``check`` writes by default)."""
        if report_form(form) == "summary":
            head = self.model_dump(mode="json", exclude={"findings"})
            return summarise(head, ((f.rule_id, f.outcome, f._as_data) for f in self.findings))
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2, form: ReportForm = "full") -> str:
        """Deterministic JSON: same input, rules and date give the same bytes."""
        if form != "full":
            return json.dumps(self.to_dict(form=form), ensure_ascii=False, indent=indent)
        if indent is not None and indent > 0 and _plain(self.counts) and all(_plain(f.evidence) for f in self.findings):
            # pydantic's encoder writes the same bytes as json.dumps(indent=...) here,
            # about eight times faster; it differs on floats (1e-05 vs 1e-5), hence the
            # check, and refuses lone surrogates, hence the fallback.
            try:
                return self.model_dump_json(indent=indent)
            except PydanticSerializationError:
                pass
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)


_SCALARS = (str, int, bool, type(None))


def _plain(value: Any) -> bool:
    """Whether a value holds only strings, integers, booleans, None, lists, tuples and
    dicts with string keys: the values both JSON encoders write identically."""
    t = type(value)
    if t in _SCALARS:
        return True
    if t is list or t is tuple:
        return all(_plain(v) for v in value)
    if t is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


def _construct(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls.model_construct(**values)`` for the value models here, when ``values``
    names every field in declaration order: the same instance, several times faster
    (a report of 40 findings makes 40 of them). Checked against ``model_construct``
    in tests/test_fast_paths.py.
    """
    obj = cls.__new__(cls)
    _setattr(obj, "__dict__", values)
    _setattr(obj, "__pydantic_fields_set__", set(values))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


# --- The summary form --------------------------------------------------------------------

# What a listed finding of the summary form leaves to the report: its rule's name and
# sources are in the report's ``rules`` table, its date is the report's.
_IN_RULES = ("rule_name", "sources", "as_of")


def summarise(head: dict[str, Any], findings: Iterable[tuple[str, str, Callable[[], dict[str, Any]]]]) -> dict[str, Any]:
    """The summary form of a report: ``head`` (the full form's plain data without its
    findings) and, for each finding in order, its rule id, its outcome and a function
    giving the finding as plain data (full form), called only for findings other than
    passes. Passes are counted per rule (in the order of the rules' first findings),
    every other finding is listed, and each listed rule's name and sources are given
    once in ``rules``."""
    passed: dict[str, int] = {}
    rules: dict[str, dict[str, Any]] = {}
    listed: list[dict[str, Any]] = []
    for rule_id, outcome, make in findings:
        if outcome == "pass":
            passed[rule_id] = passed.get(rule_id, 0) + 1
            continue
        full = make()
        if rule_id not in rules:
            rules[rule_id] = {"name": full["rule_name"], "sources": full["sources"]}
        listed.append({k: v for k, v in full.items() if k not in _IN_RULES})
    out: dict[str, Any] = {"format_version": SUMMARY_FORMAT_VERSION, "form": "summary"}
    out.update((k, v) for k, v in head.items() if k != "format_version" and k != "findings")
    out["passed"] = passed
    out["rules"] = rules
    out["findings"] = listed
    return out


class RuleEntry(_Value):
    """A rule of the summary form's ``rules`` table: what its findings share."""

    name: str
    sources: tuple[SourceRef, ...] = ()


def _listed_finding() -> type[_Value]:
    # Made from Finding's own fields (those of _IN_RULES left out, in Finding's order):
    # the two forms cannot come to disagree on a field. Only rule_id says more here.
    fields: dict[str, Any] = {}
    for name, info in Finding.model_fields.items():
        if name not in _IN_RULES:
            info = copy.copy(info)
            if name == "rule_id":
                info.description = "key into the report's 'rules'"
            fields[name] = (info.annotation, info)
    model: type[_Value] = create_model(
        "ListedFinding",
        __base__=_Value,
        __module__=__name__,
        __doc__="""A finding of the summary form: a full finding without what its rule's entry in
    ``rules`` says (name, sources) and without the report's date.""",
        **fields,
    )
    return model


if TYPE_CHECKING:
    ListedFinding: TypeAlias = _Value
else:
    ListedFinding = _listed_finding()


class SummaryReport(_Value):
    """The findings for one document or portfolio, passes counted per rule (the default
    form of ``check``'s JSON and JSON Lines; ``--report full`` gives :class:`Report`)."""

    format_version: Literal[2] = 2
    form: Literal["summary"] = "summary"
    as_of: str
    lang: Literal["da", "en"]
    document: str = Field(description="dokument_id of the evaluated document or portfolio")
    kind: str
    ruleset: RuleSetInfo
    counts: dict[str, int] = Field(description="findings per outcome, passes included")
    passed: dict[str, int] = Field(
        description="rule id -> passes, for each rule with a pass, in the order of the rules' first findings"
    )
    rules: dict[str, RuleEntry] = Field(description="rule id -> name and sources, for each rule of a listed finding")
    findings: tuple[ListedFinding, ...] = Field(description="every finding that is not a pass, in report order")


def report_json_schema(*, form: ReportForm = "summary") -> dict[str, Any]:
    """JSON Schema of one report in either form."""
    schema = (SummaryReport if report_form(form) == "summary" else Report).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
