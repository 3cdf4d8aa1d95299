"""The rule file format: a pydantic model of one rule per YAML file.

The vocabulary is closed and versioned (``VOCABULARY_VERSION``). Conditions are trees
of ``all`` / ``any`` / ``not`` over comparisons of a fact or term with a literal; terms
are the only place where parameters, dates and arithmetic appear, and they are computed
in Python before the engine sees a fact (see ``docs/writing-rules.md``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import DocumentKind

VOCABULARY_VERSION = 2
"""The newest vocabulary version; rule files of every version up to it load. A rule
set's receipt (``RuleSetInfo.vocabulary_version``) gives the newest version its files
use, so a rule set of version 1 files reports as before."""
SCHEMA_VERSIONS: tuple[int, ...] = (1, 2)

Outcome = Literal["pass", "fail", "pending", "review", "not_applicable", "missing_information"]
Level = Literal["error", "warning", "note"]
LegalStatus = Literal["lov", "bekendtgoerelse", "vejledning", "aftale", "lovforslag", "anbefaling", "lokal"]
Scalar = Union[bool, int, str]

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,47}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """A user-facing text in Danish and English."""

    da: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


class Source(_Strict):
    title: Annotated[str, Field(min_length=1)]
    section: Annotated[str, Field(min_length=1)]
    ref: Annotated[
        str,
        Field(
            pattern=r"^([0-9]{3}|real):[0-9]+(-[0-9]+)?(, ?([0-9]{3}|real):[0-9]+(-[0-9]+)?)*$",
            description=(
                "file:line references into the source texts, e.g. '003:153-154, 003:160'; "
                "'real:NN' is line NN of real-2025-26.md"
            ),
        ),
    ]
    url: Annotated[str, Field(pattern=r"^https://[^\s]+$", max_length=500)] | None = Field(
        default=None, description="address of the public page the cited text comes from"
    )


ParamType = Literal["date", "int", "kroner", "bp", "days", "months", "year"]


class DatedValue(_Strict):
    from_: Annotated[dt.date, Field(alias="from")]
    value: Union[dt.date, int]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Parameter(_Strict):
    """A named value a rule uses, with its documentation. ``values`` are keyed by the
    date they take effect; the value in force on the evaluation date is used."""

    type: ParamType
    description: Texts
    value: Union[dt.date, int, None] = None
    values: list[DatedValue] | None = None
    interpretation: bool = Field(
        default=False, description="True where the source gives a principle and the value is our reading"
    )

    @model_validator(mode="after")
    def _one_form(self) -> "Parameter":
        if (self.value is None) == (self.values is None):
            raise ValueError("give exactly one of 'value' or 'values'")
        items = [self.value] if self.value is not None else [v.value for v in self.values or []]
        if not items:
            raise ValueError("'values' is empty")
        for item in items:
            is_date = isinstance(item, dt.date)
            if (self.type == "date") != is_date or isinstance(item, bool):
                raise ValueError(f"a {self.type} parameter cannot take the value {item!r}")
        if self.values is not None:
            froms = [v.from_ for v in self.values]
            if froms != sorted(froms) or len(set(froms)) != len(froms):
                raise ValueError("'values' must be in increasing order of 'from', each date once")
        return self

    def at(self, when: dt.date) -> dt.date | int:
        if self.value is not None:
            return self.value
        assert self.values is not None
        chosen = self.values[0].value
        for item in self.values:
            if item.from_ <= when:
                chosen = item.value
        return chosen


# Operands of terms: a fact or term name, 'as_of', a parameter, or a literal.
class ParamRef(_Strict):
    param: Annotated[str, Field(pattern=NAME_PATTERN)]


Operand = Union[ParamRef, int, str]


class DaysBetween(_Strict):
    """Whole days from the first date to the second (positive when the second is later)."""

    days_between: Annotated[list[Operand], Field(min_length=2, max_length=2)]


class Difference(_Strict):
    difference: Annotated[list[Operand], Field(min_length=2, max_length=2)]


class Sum(_Strict):
    sum: Annotated[list[Operand], Field(min_length=1, max_length=20)]


class RatioBp(_Strict):
    """First operand divided by the second, in basis points (1/100 of a percent),
    rounded down; absent when the second is 0."""

    ratio_bp: Annotated[list[Operand], Field(min_length=2, max_length=2)]


class DateOf(_Strict):
    """The date with the given year, month and day."""

    date: Annotated[list[Operand], Field(min_length=3, max_length=3)]


class MonthsBetween(_Strict):
    """Whole months from the first date to the second (negative when the second is
    earlier), as ``dateutil.relativedelta`` counts them. Vocabulary version 2."""

    months_between: Annotated[list[Operand], Field(min_length=2, max_length=2)]


class PeriodMonths(_Strict):
    """Whole months in the period from the first date to the second, both days
    included: 2027-01-01 to 2027-06-30 is 6, and so is 2027-01-31 to 2027-07-30.
    Vocabulary version 2."""

    period_months: Annotated[list[Operand], Field(min_length=2, max_length=2)]


class CountOf(_Strict):
    """How many items a selection of the rule holds. Vocabulary version 2."""

    count_of: Annotated[str, Field(pattern=NAME_PATTERN, description="a selection of this rule")]


class SumOf(_Strict):
    """The sum of one number fact over the items of a selection of the rule; absent
    when that fact is absent for one of them (the total is then unknown), 0 when the
    selection is empty. Vocabulary version 2."""

    sum_of: Annotated[
        list[Annotated[str, Field(pattern=NAME_PATTERN)]],
        Field(min_length=2, max_length=2, description="[a selection of this rule, a number fact of its items]"),
    ]


Term = Union[DaysBetween, Difference, Sum, RatioBp, DateOf, MonthsBetween, PeriodMonths, CountOf, SumOf]
V2_TERMS = (MonthsBetween, PeriodMonths, CountOf, SumOf)

CompareOp = Literal["eq", "ne", "lt", "le", "gt", "ge"]
COMPARE_OPS: tuple[str, ...] = ("eq", "ne", "lt", "le", "gt", "ge")


class SubjectRef(_Strict):
    """``{subject: NAME}``: the value of a fact of the rule's subject, which an item's
    fact is compared with inside a selection (never in the rule's own conditions)."""

    subject: Annotated[str, Field(pattern=NAME_PATTERN)]


class Compare(_Strict):
    """``{fact: NAME, <op>: LITERAL}``; ``in``/``not_in`` take a list; ``present`` a bool.
    Inside a selection, ``eq`` ... ``ge`` may take ``{subject: NAME}`` instead of a
    literal, and ``contains: {subject: NAME}`` holds when the item's list holds the
    subject's value.

    A comparison on an absent fact is false; ``not`` is classical negation of that.
    """

    fact: Annotated[str, Field(pattern=NAME_PATTERN)]
    eq: Scalar | SubjectRef | None = None
    ne: Scalar | SubjectRef | None = None
    lt: int | SubjectRef | None = None
    le: int | SubjectRef | None = None
    gt: int | SubjectRef | None = None
    ge: int | SubjectRef | None = None
    in_: Annotated[list[Scalar] | None, Field(alias="in", min_length=1, max_length=40)] = None
    not_in: Annotated[list[Scalar] | None, Field(min_length=1, max_length=40)] = None
    present: bool | None = None
    contains: SubjectRef | None = Field(
        default=None, description="inside a selection: the item's list holds the subject's value (version 2)"
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_op(self) -> "Compare":
        given = [k for k in (*COMPARE_OPS, "in_", "not_in", "present", "contains") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a comparison names one fact and exactly one of eq, ne, lt, le, gt, ge, in, not_in, present, contains"
            )
        for k in ("lt", "le", "gt", "ge"):
            if isinstance(getattr(self, k), bool):
                raise ValueError(f"'{k}' compares numbers, not booleans")
        return self

    @property
    def op(self) -> str:
        for k in (*COMPARE_OPS, "in_", "not_in", "present", "contains"):
            if getattr(self, k) is not None:
                return k.rstrip("_")
        raise AssertionError("unreachable")

    @property
    def value(self) -> Any:
        return getattr(self, "in_" if self.op == "in" else self.op)


class All(_Strict):
    all: Annotated[list["Predicate"], Field(min_length=1, max_length=32)]


class Any_(_Strict):
    any: Annotated[list["Predicate"], Field(min_length=1, max_length=32)]


class Not(_Strict):
    not_: Annotated["Predicate", Field(alias="not")]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Predicate = Union[All, Any_, Not, Compare]
All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


class Selection(_Strict):
    """The items of a list scope of the rule's document kind that meet a condition:
    what ``count_of`` and ``sum_of`` terms count and add up. The condition is over the
    item's facts, and may compare one with a fact of the rule's subject
    (``{subject: NAME}``). Vocabulary version 2."""

    items: Annotated[str, Field(pattern=NAME_PATTERN, description="a list scope of the rule's document kind")]
    where: Predicate | None = Field(default=None, description="the condition an item must meet (absent: every item)")

BranchOutcome = Literal["pass", "fail", "pending", "review"]


class Branch(_Strict):
    outcome: BranchOutcome
    when: Predicate
    level: Level | None = None
    message: Texts
    locate: Annotated[str, Field(pattern=NAME_PATTERN)] | None = None
    legal_status: LegalStatus | None = Field(
        default=None, description="the legal status of this branch's findings, where not the rule's (version 2)"
    )


class Otherwise(_Strict):
    outcome: BranchOutcome = "pass"
    message: Texts | None = None
    level: Level | None = None
    legal_status: LegalStatus | None = Field(
        default=None, description="the legal status of these findings, where not the rule's (version 2)"
    )


class ExpectedFinding(_Strict):
    outcome: Outcome
    path: str | None = None
    level: Level | None = None
    evidence: dict[str, Any] | None = None


class Example(_Strict):
    name: Annotated[str, Field(min_length=1)]
    as_of: dt.date
    base: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] | None = Field(
        default=None, description="a fixture document in rules/_fixtures/ (without .yaml) to start from"
    )
    changes: dict[str, Any] | None = Field(
        default=None, description="a JSON Merge Patch (RFC 7396) applied to the base document"
    )
    document: dict[str, Any] | None = None
    parameters: dict[str, Union[dt.date, int]] | None = None
    expect: Annotated[list[ExpectedFinding], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_document(self) -> "Example":
        if (self.base is None) == (self.document is None):
            raise ValueError("give exactly one of 'base' (with optional 'changes') or 'document'")
        if self.document is not None and self.changes is not None:
            raise ValueError("'changes' goes with 'base', not with 'document'")
        return self


class DeadlineRef(_Strict):
    """A date of the rule that is a deadline: ``sundhedsregler frister`` lists it for
    each finding of the rule, and its calendar makes an event of it."""

    date: Annotated[str, Field(pattern=NAME_PATTERN, description="a date parameter or a date term of this rule")]
    label: Texts = Field(description="what must happen by the deadline, e.g. 'Udkast til delingsaftale leveret'")


class RuleFile(_Strict):
    """One rule. See ``docs/writing-rules.md`` for every field."""

    schema_version: Literal[1, 2] = Field(
        description=(
            "version of the rule vocabulary: 2 renders message placeholders by the type of "
            "their value and allows month terms and a legal status per branch"
        )
    )
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*-[0-9]+[a-z]?(\.[0-9]+)?$")]
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
    title: Texts
    level: Level
    legal_status: LegalStatus
    applies_to: DocumentKind
    subject: Annotated[str, Field(pattern=NAME_PATTERN)] = "dokument"
    sources: Annotated[list[Source], Field(min_length=1)]
    parameters: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Parameter] = Field(default_factory=dict)
    selections: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Selection] = Field(
        default_factory=dict,
        description="named sets of items that count_of and sum_of terms count and add up (version 2)",
    )
    terms: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Term] = Field(default_factory=dict)
    when: Predicate | None = Field(default=None, description="applicability; not_applicable when false")
    not_applicable: Texts | None = Field(
        default=None,
        description="why the rule does not apply when 'when' is false, shown in its not_applicable findings (version 2)",
    )
    requires: list[Annotated[str, Field(pattern=NAME_PATTERN)]] = Field(default_factory=list)
    outcomes: Annotated[list[Branch], Field(min_length=1, max_length=40)]
    otherwise: Otherwise = Otherwise()
    locate: Annotated[str, Field(pattern=NAME_PATTERN)] | None = None
    evidence: list[Annotated[str, Field(pattern=NAME_PATTERN)]] = Field(default_factory=list)
    deadlines: Annotated[list[DeadlineRef], Field(max_length=8)] = Field(
        default_factory=list, description="the dates of this rule that are deadlines (optional)"
    )
    fix: Texts | None = None
    rationale: Annotated[str, Field(min_length=1)]
    examples: Annotated[list[Example], Field(min_length=2)]

    @field_validator("outcomes")
    @classmethod
    def _messages_end_without_period(cls, branches: list[Branch]) -> list[Branch]:
        for b in branches:
            for text in (b.message.da, b.message.en):
                if text.rstrip().endswith("."):
                    raise ValueError(f"messages end without a period: {text!r}")
        return branches

    @model_validator(mode="after")
    def _not_applicable_reason(self) -> "RuleFile":
        # The reason completes the standard sentence "Ikke relevant: {title} (...)"; it
        # explains a false 'when', so a rule without one has nothing to explain.
        if self.not_applicable is None:
            return self
        if self.when is None:
            raise ValueError("not_applicable gives the reason a false 'when' means; this rule has no 'when'")
        for text in (self.not_applicable.da, self.not_applicable.en):
            if text.rstrip().endswith("."):
                raise ValueError(f"not_applicable: messages end without a period: {text!r}")
        return self

    @model_validator(mode="after")
    def _version_2_features(self) -> "RuleFile":
        if self.schema_version >= 2:
            return self
        if self.not_applicable is not None:
            raise ValueError("not_applicable needs schema_version 2")
        if self.selections:
            raise ValueError("selections need schema_version 2")
        for name, term in self.terms.items():
            if isinstance(term, V2_TERMS):
                op = next(iter(term.model_dump()))
                raise ValueError(f"terms.{name}: '{op}' needs schema_version 2")
        for i, b in enumerate(self.outcomes):
            if b.legal_status is not None:
                raise ValueError(f"outcomes[{i}].legal_status needs schema_version 2")
        if self.otherwise.legal_status is not None:
            raise ValueError("otherwise.legal_status needs schema_version 2")
        return self


def rule_json_schema() -> dict[str, Any]:
    """JSON Schema of a rule file (for editor completion and CI checks)."""
    schema = RuleFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sundhedsregler.invalid/schema/rule-v2.json"
    return schema
