"""Compile rule files into an engine-neutral form: typed terms, and each branch's
condition lowered to IR, shaped so that durable-rules can take it (``durable`` turns it
into a ruleset definition; ``python`` interprets it, the test oracle).

Every hazard in the durable-rules field notes that a condition can trigger is ruled out
here, before the engine sees anything:

* each rule gets its own fact per subject, so a fact meets at most that rule's branches
  (limit of 64 patterns per fact, item 14; ``durable`` guards each pattern by the rule,
  so none is made only of absence tests, item 8);
* conditions compare one fact's property with a literal: no cross-fact references, no
  joins, no ``$not``, no arithmetic, no regex (items 2, 3, 5, 10, 13);
* literals are typed against the declared facts (item 11); dates and parameters are
  turned into integer terms in Python first;
* a condition stays within the engine's groups and properties per fact (item 14).

``durable.check_property_hashes`` adds the check that every property name has a
distinct 32-bit hash (item 9), for both backends.

``compile_rule`` is a sequence of steps, each a function (or ``Lowering``) taking the
rule's state explicitly: the rule file, its ``Names`` and its ``RuleErrors``.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import Any

from .._vocabulary.base import Fact, Scope, Vocabulary
from .rulefile import (
    All,
    Any_,
    Compare,
    CountOf,
    DateOf,
    DaysBetween,
    Difference,
    MonthsBetween,
    Not,
    ParamRef,
    PeriodMonths,
    Predicate,
    RatioBp,
    RuleFile,
    Sum,
    SubjectRef,
    SumOf,
    Term,
)
from .selections import SelectionPlan, compile_selection
from ..errors import RuleError

# Intermediate form of a condition, in negation normal form with explicit presence guards:
#   ("and", (..)), ("or", (..)), ("cmp", prop, op, literal), ("ex", prop), ("nex", prop)
IR = tuple[Any, ...]

MAX_BRANCHES = 60  # < 64 patterns per fact (field notes, item 14)
# all/any groups in one branch's condition, after lowering ('not' and 'in' make groups
# too; each comparison is guarded by a presence test, one group more): measured, the
# engine refuses a condition with 16 $and/$or nodes (error 113) and the compiler adds
# one (the guard's $and), so 14 are left. An 'any' of 14 comparisons is 15.
MAX_GROUPS = 14
MAX_PROPERTIES = 200  # < 253 flattened properties per fact
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class CompiledBranch:
    kind: str  # "applies", "missing" or "outcome"
    index: int  # position among the rule's branches (engine rule name suffix)
    ir: IR
    outcome: str | None = None
    level: str | None = None
    message: Any = None  # Texts
    locate: str | None = None
    legal_status: str | None = None  # where the branch's findings have their own


@dataclass(frozen=True)
class TermPlan:
    name: str
    op: str  # days_between, difference, sum, ratio_bp, date, months_between, period_months, count_of, sum_of
    # ("name", n) | ("param", p) | ("lit", v) | ("as_of",); count_of and sum_of: ("selection",
    # s) and, for sum_of, ("item", fact of its items)
    operands: tuple[Any, ...]
    type: str  # "int" or "date"


@dataclass
class CompiledRule:
    code: int
    rule: RuleFile
    file: str
    scope: Scope
    facts: dict[str, Fact]  # facts the rule reads, in first-use order
    terms: tuple[TermPlan, ...]
    props: tuple[str, ...]  # names sent to the engine
    branches: tuple[CompiledBranch, ...]
    has_applies: bool
    referenced: tuple[str, ...]  # facts and terms shown in evidence, in order
    params: tuple[str, ...]
    # placeholder name -> how a version 2 message shows its value: "date", "bool",
    # "text", "list", or the unit of a number (see _facts.UNITS)
    shown_as: dict[str, str] = field(default_factory=dict)
    # selection name -> its compiled form, for the count_of and sum_of terms
    selections: dict[str, SelectionPlan] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class Names:
    """Name resolution and types inside one rule."""

    scope: Scope
    terms: dict[str, str] = field(default_factory=dict)  # term name -> type
    term_units: dict[str, str] = field(default_factory=dict)  # int term name -> unit
    used_facts: dict[str, Fact] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def type_of(self, name: str, where: str, err: RuleErrors) -> str:
        if name in self.terms:
            self._use(name)
            return self.terms[name]
        fact = self.scope.facts.get(name)
        if fact is None:
            known = ", ".join(sorted([*self.scope.facts, *self.terms]))
            raise err(f"unknown fact or term {name!r} in {where}; known here: {known}", where)
        self.used_facts.setdefault(name, fact)
        self._use(name)
        return fact.type

    def unit_of(self, name: str) -> str | None:
        """The unit of a number fact or term (``count`` where none is declared), None
        for a value that is not a number."""
        if name in self.terms:
            return self.term_units.get(name)
        fact = self.scope.facts[name]
        return (fact.unit or "count") if fact.type == "int" else None

    def shown_as(self, name: str) -> str:
        if name in self.terms:
            return self.term_units.get(name) or self.terms[name]
        fact = self.scope.facts[name]
        if fact.type == "int":
            return fact.unit or "count"
        return "text" if fact.type in ("enum", "text") else fact.type

    def _use(self, name: str) -> None:
        if name not in self.order:
            self.order.append(name)


class RuleErrors:
    """Makes the RuleError of one rule file: its file and rule id, and the field."""

    __slots__ = ("file", "rule_id")

    def __init__(self, file: str, rule_id: str):
        self.file, self.rule_id = file, rule_id

    def __call__(self, message: str, where: str | None = None) -> RuleError:
        return RuleError(message, file=self.file, rule_id=self.rule_id, field=where)


def compile_rule(rf: RuleFile, *, file: str, code: int, vocabulary: Vocabulary) -> CompiledRule:
    """One rule file in its engine-neutral form, compiled against ``vocabulary`` (the
    facts its rules may name) and checked in steps: its scope, its selections, its terms
    (and that every parameter is used), its branches lowered to IR within the engine's
    limits, the names it shows (locate, evidence, deadlines), the engine properties, the
    message placeholders. The first problem raises a RuleError naming file, rule and
    field; each step is a function of its own, with the rule's state passed to it."""
    err = RuleErrors(file, rf.id)
    scope = resolve_scope(rf, err, vocabulary)
    names = Names(scope)
    selections = compile_selections(rf, names, err, vocabulary)
    terms, params_used = compile_terms(rf, names, err, selections=selections)
    branches = compile_branches(rf, names, err)
    check_branch_limits(rf, branches, err)
    check_shown_names(rf, names, err)
    check_deadlines(rf, names, err)
    props = engine_properties(branches, err)
    check_message_placeholders(rf, names, err)
    return CompiledRule(
        code=code,
        rule=rf,
        file=file,
        scope=scope,
        facts=dict(names.used_facts),
        terms=terms,
        props=props,
        branches=branches,
        has_applies=rf.when is not None,
        referenced=tuple(names.order),
        params=params_used,
        shown_as=shown_as(rf, names),
        selections=selections,
    )


def resolve_scope(rf: RuleFile, err: RuleErrors, vocabulary: Vocabulary) -> Scope:
    """The scope the rule's subject names, for its document kind."""
    scopes = vocabulary.scopes(rf.applies_to)
    scope = scopes.get(rf.subject)
    if scope is None:
        raise err(
            f"unknown subject {rf.subject!r} for {rf.applies_to}; known: {', '.join(sorted(scopes))}", "subject"
        )
    return scope


# (plan operand, type, unit: None for a date or a bare integer literal)
_Operand = tuple[tuple[Any, ...], str, "str | None"]


def compile_selections(rf: RuleFile, names: Names, err: RuleErrors, vocabulary: Vocabulary) -> dict[str, SelectionPlan]:
    """The rule's selections, each checked against the list scopes of its document kind
    (``selections.compile_selection``). The subject's facts a selection compares with
    are computed for every subject, but are not evidence on that account: the evidence
    shows what the count or sum came to (name such a fact in ``evidence`` to show it)."""
    if not rf.selections:
        return {}
    scopes = vocabulary.scopes(rf.applies_to)
    summed: dict[str, dict[str, str]] = {}  # selection -> item fact summed -> field of the first such term
    used: set[str] = set()
    for tname, term in rf.terms.items():
        if isinstance(term, SumOf):
            summed.setdefault(term.sum_of[0], {}).setdefault(term.sum_of[1], f"terms.{tname}")
            used.add(term.sum_of[0])
        elif isinstance(term, CountOf):
            used.add(term.count_of)
    plans: dict[str, SelectionPlan] = {}
    for sname, sel in rf.selections.items():
        where = f"selections.{sname}"
        if sname in names.scope.facts or sname in rf.terms:
            raise err(f"selection {sname!r} has the name of a fact or term", where)
        if sname not in used:
            raise err(f"selection {sname!r} is declared but no count_of or sum_of term uses it", where)
        plan = compile_selection(
            sname,
            sel,
            scopes=scopes,
            subject=names.scope,
            values=summed.get(sname, {}),
            err=err,
            check_literal=_check_literal,
        )
        for fname in plan.subject_facts:
            names.used_facts.setdefault(fname, names.scope.facts[fname])
        plans[sname] = plan
    return plans


def _aggregate_term(
    tname: str, term: CountOf | SumOf, selections: dict[str, SelectionPlan], err: RuleErrors
) -> tuple[TermPlan, str]:
    """(plan, unit) of a count_of or sum_of term over one of the rule's selections."""
    where = f"terms.{tname}"
    sname = term.count_of if isinstance(term, CountOf) else term.sum_of[0]
    plan = selections.get(sname)
    if plan is None:
        known = ", ".join(sorted(selections)) or "none"
        raise err(f"unknown selection {sname!r}; this rule's selections: {known}", where)
    if isinstance(term, CountOf):
        return TermPlan(tname, "count_of", (("selection", sname),), "int"), "count"
    value = term.sum_of[1]
    fact = dict(plan.facts)[value]  # compile_selection has checked it is a number fact of the items
    return TermPlan(tname, "sum_of", (("selection", sname), ("item", value)), "int"), fact.unit or "count"


def compile_terms(
    rf: RuleFile, names: Names, err: RuleErrors, *, selections: dict[str, SelectionPlan] | None = None
) -> tuple[tuple[TermPlan, ...], tuple[str, ...]]:
    """The rule's terms in order, each operand typed (a term sees the terms before it),
    and the parameters they use in first-use order; a parameter no term uses is an
    error. Declares each term's type and unit in ``names``."""
    params_used: list[str] = []
    terms: list[TermPlan] = []
    for tname, term in rf.terms.items():
        where = f"terms.{tname}"
        if tname in names.scope.facts:
            raise err(f"term {tname!r} has the name of a fact", where)
        if isinstance(term, (CountOf, SumOf)):
            plan, aggregate_unit = _aggregate_term(tname, term, selections or {}, err)
            terms.append(plan)
            names.terms[tname] = "int"
            names.term_units[tname] = aggregate_unit
            continue
        op, raw, want, result = _term_shape(term)
        ops = []
        units: list[str | None] = []
        for i, value in enumerate(raw):
            o, t, unit = _term_operand(value, f"{where}[{i}]", rf, names, params_used, err)
            if t != want:
                raise err(f"{op} takes {want} operands; operand {i} is a {t}", where)
            ops.append(o)
            units.append(unit)
        terms.append(TermPlan(tname, op, tuple(ops), result))
        names.terms[tname] = result
        if result == "int":
            names.term_units[tname] = _term_unit(op, units, strict=rf.schema_version >= 2, where=where, err=err)
    for p in rf.parameters:
        if p not in params_used:
            raise err(f"parameter {p!r} is declared but no term uses it", f"parameters.{p}")
    return tuple(terms), tuple(params_used)


def _term_operand(
    value: Any, where: str, rf: RuleFile, names: Names, params_used: list[str], err: RuleErrors
) -> _Operand:
    """One operand of a term: a parameter (noted in ``params_used``), an integer or
    date literal, ``as_of``, or a fact or earlier term of the rule."""
    if isinstance(value, ParamRef):
        p = rf.parameters.get(value.param)
        if p is None:
            raise err(f"unknown parameter {value.param!r}", where)
        if value.param not in params_used:
            params_used.append(value.param)
        if p.type == "date":
            return ("param", value.param), "date", None
        return ("param", value.param), "int", _PARAM_SHOWN[p.type]
    if isinstance(value, bool):
        raise err("booleans are not term operands", where)
    if isinstance(value, int):
        return ("lit", value), "int", None
    if value == "as_of":
        return ("as_of",), "date", None
    if _ISO_DATE.match(value):
        try:
            return ("lit", dt.date.fromisoformat(value)), "date", None
        except ValueError:
            raise err(f"invalid date {value!r}", where) from None
    t = names.type_of(value, where, err)
    if t not in ("int", "date"):
        raise err(f"{value!r} is a {t} fact; terms take numbers and dates", where)
    return ("name", value), t, names.unit_of(value)


class Lowering:
    """Lowers a rule's predicates to IR: negation normal form, each comparison guarded
    by a presence test, literals checked against the fact's type. Names the facts it
    meets in ``names``."""

    def __init__(self, names: Names, err: RuleErrors):
        self.names, self.err = names, err

    def predicate(self, pred: Predicate, where: str, negate: bool = False) -> IR:
        if isinstance(pred, All) or isinstance(pred, Any_):
            items = pred.all if isinstance(pred, All) else pred.any
            conj = isinstance(pred, All) != negate
            parts = tuple(self.predicate(p, f"{where}[{i}]", negate) for i, p in enumerate(items))
            return _flat("and" if conj else "or", parts)
        if isinstance(pred, Not):
            return self.predicate(pred.not_, where, not negate)
        assert isinstance(pred, Compare)
        return self.compare(pred, where, negate)

    def compare(self, c: Compare, where: str, negate: bool) -> IR:
        err = self.err
        t = self.names.type_of(c.fact, where, err)
        op, value = c.op, c.value
        fact = self.names.scope.facts.get(c.fact)
        if op == "contains" or isinstance(value, SubjectRef):
            raise err(
                f"{c.fact!r} is compared with a subject's value ('contains' or {{subject: ...}}); "
                "that is only for the condition of a selection",
                where,
            )
        if op == "present":
            positive = bool(value) != negate
            return ("ex", c.fact) if positive else ("nex", c.fact)
        if t in ("date", "text"):
            raise err(
                f"{c.fact!r} is a {t}; only 'present' applies to it (compare dates through a days_between term)",
                where,
            )
        literals = value if op in ("in", "not_in") else [value]
        for lit in literals:
            _check_literal(t, lit, fact, c.fact, where, err)
        if op in ("in", "not_in"):
            inside = op == "in"
            if inside != negate:
                test = _flat("or", tuple(("cmp", c.fact, "eq", v) for v in literals))
            else:
                test = _flat("and", tuple(("cmp", c.fact, "ne", v) for v in literals))
            positive = inside != negate
        else:
            test = ("cmp", c.fact, _NEGATE[op] if negate else op, value)
            positive = not negate
        guarded = _flat("and", (("ex", c.fact), test))
        # Classical negation: 'not (x > 5)' holds when x is absent.
        return guarded if positive else _flat("or", (("nex", c.fact), guarded))


def compile_branches(rf: RuleFile, names: Names, err: RuleErrors) -> tuple[CompiledBranch, ...]:
    """The rule's branches in engine order: its 'when' (applies), its 'requires'
    (missing information), then each outcome."""
    lower = Lowering(names, err).predicate
    branches: list[CompiledBranch] = []
    if rf.when is not None:
        branches.append(CompiledBranch("applies", len(branches), lower(rf.when, "when")))
    for name in rf.requires:
        names.type_of(name, "requires", err)
    if rf.requires:
        ir = _flat("or", tuple(("nex", n) for n in rf.requires))
        branches.append(CompiledBranch("missing", len(branches), ir, outcome="missing_information"))
    for i, b in enumerate(rf.outcomes):
        where = f"outcomes[{i}]"
        if b.locate is not None:
            names.type_of(b.locate, f"{where}.locate", err)
        branches.append(
            CompiledBranch(
                "outcome",
                len(branches),
                lower(b.when, f"{where}.when"),
                outcome=b.outcome,
                level=b.level,
                message=b.message,
                locate=b.locate,
                legal_status=b.legal_status,
            )
        )
    return tuple(branches)


def check_branch_limits(rf: RuleFile, branches: tuple[CompiledBranch, ...], err: RuleErrors) -> None:
    """At most MAX_BRANCHES branches, each of at most MAX_GROUPS all/any groups."""
    if len(branches) > MAX_BRANCHES:
        raise err(f"{len(branches)} branches; at most {MAX_BRANCHES}", "outcomes")
    for branch in branches:
        groups = _groups(branch.ir)
        if groups > MAX_GROUPS:
            raise err(
                f"the condition makes {groups} all/any groups (each 'not', 'in' and comparison adds to them); "
                f"the engine takes at most {MAX_GROUPS} in one condition: split the rule or its outcomes",
                branch_field(rf, branch),
            )


def check_shown_names(rf: RuleFile, names: Names, err: RuleErrors) -> None:
    """The rule's locate and evidence name facts or terms of the rule."""
    if rf.locate is not None:
        names.type_of(rf.locate, "locate", err)
    for name in rf.evidence:
        names.type_of(name, "evidence", err)


def engine_properties(branches: tuple[CompiledBranch, ...], err: RuleErrors) -> tuple[str, ...]:
    """The properties the branches test, sorted: what the engine fact carries."""
    props = sorted(props_of(b.ir for b in branches))
    if len(props) > MAX_PROPERTIES:
        raise err(f"{len(props)} engine properties; at most {MAX_PROPERTIES}", "outcomes")
    return tuple(props)


def check_message_placeholders(rf: RuleFile, names: Names, err: RuleErrors) -> None:
    """Every placeholder of every message names a fact, term or parameter of the rule
    (or as_of, missing; a reason for not_applicable cannot name missing)."""
    placeholder_names = set(names.order) | set(rf.parameters) | {"as_of", "missing"}
    for i, b in enumerate(rf.outcomes):
        _check_placeholders(b.message, placeholder_names, f"outcomes[{i}].message", err)
    if rf.otherwise.message is not None:
        _check_placeholders(rf.otherwise.message, placeholder_names, "otherwise.message", err)
    if rf.not_applicable is not None:
        _check_placeholders(rf.not_applicable, placeholder_names - {"missing"}, "not_applicable", err)


def shown_as(rf: RuleFile, names: Names) -> dict[str, str]:
    """placeholder name -> how a version 2 message shows its value."""
    out = {name: names.shown_as(name) for name in names.order}
    for pname, param in rf.parameters.items():
        out[pname] = _PARAM_SHOWN[param.type]
    out.update(as_of="date", missing="list", title="text")
    return out


# How a message shows a parameter of each type (vocabulary version 2).
_PARAM_SHOWN = {"date": "date", "int": "count", "kroner": "kroner", "bp": "bp", "days": "days", "months": "months", "year": "year"}
_TERM_UNIT = {"days_between": "days", "months_between": "months", "period_months": "months", "ratio_bp": "bp"}


def _term_unit(op: str, units: list[str | None], *, strict: bool, where: str, err: RuleErrors) -> str:
    """The unit of an int term: fixed by its kind, or for ``sum`` and ``difference`` the
    unit its operands share (a bare literal takes theirs). In version 2 operands of
    different units are an error: kroner plus days means nothing. Years added or
    subtracted give a number of years, a plain count."""
    fixed = _TERM_UNIT.get(op)
    if fixed is not None:
        return fixed
    named = {u for u in units if u is not None}
    if len(named) == 1 and named != {"year"}:
        return named.pop()
    if strict and len(named) > 1 and not named <= {"count", "year"}:
        raise err(f"{op} of values in different units ({', '.join(sorted(named))})", where)
    return "count"


def check_deadlines(rf: RuleFile, names: Names, err: RuleErrors) -> None:
    """Each deadline names a date parameter or a date term of the rule, once. A term
    named here is shown in the evidence, where ``frister`` reads its value."""
    seen: set[str] = set()
    for i, d in enumerate(rf.deadlines):
        where = f"deadlines[{i}].date"
        if d.date in seen:
            raise err(f"deadline {d.date!r} named twice", where)
        seen.add(d.date)
        param = rf.parameters.get(d.date)
        if param is not None:
            kind = f"a {param.type} parameter"
        elif d.date in names.terms:
            kind = f"a term of type {names.terms[d.date]}"
        else:
            raise err(f"deadline {d.date!r} is neither a parameter nor a term of this rule", where)
        if kind not in ("a date parameter", "a term of type date"):
            raise err(f"deadline {d.date!r} is {kind}; a deadline is a date", where)
        if param is None:
            names.type_of(d.date, where, err)


def _term_shape(term: Term) -> tuple[str, list[Any], str, str]:
    """(operator, operands, operand type, result type) of a term."""
    if isinstance(term, DaysBetween):
        return "days_between", term.days_between, "date", "int"
    if isinstance(term, Difference):
        return "difference", term.difference, "int", "int"
    if isinstance(term, Sum):
        return "sum", term.sum, "int", "int"
    if isinstance(term, RatioBp):
        return "ratio_bp", term.ratio_bp, "int", "int"
    if isinstance(term, MonthsBetween):
        return "months_between", term.months_between, "date", "int"
    if isinstance(term, PeriodMonths):
        return "period_months", term.period_months, "date", "int"
    assert isinstance(term, DateOf)
    return "date", term.date, "int", "date"


def _check_literal(t: str, lit: Any, fact: Fact | None, name: str, where: str, err: RuleErrors) -> None:
    if t == "bool":
        ok = isinstance(lit, bool)
    elif t == "int":
        ok = isinstance(lit, int) and not isinstance(lit, bool) and -(2**53) < lit < 2**53
    elif t == "enum":
        ok = isinstance(lit, str)
        if ok and fact is not None and fact.values is not None and lit not in fact.values:
            raise err(f"{lit!r} is not a value of {name!r}; its values are {', '.join(fact.values)}", where)
    else:
        ok = False
    if not ok:
        raise err(f"{name!r} is a {t} fact and cannot be compared with {lit!r}", where)


def _check_placeholders(texts: Any, known: set[str], where: str, err: RuleErrors) -> None:
    for lang in ("da", "en"):
        try:
            parsed = list(string.Formatter().parse(getattr(texts, lang)))
        except ValueError as exc:  # an unbalanced brace: write a literal one as {{ or }}
            raise err(f"the {lang} message is not a valid template ({exc}); write a brace as {{{{ or }}}}", where) from None
        for _, fname, spec, conv in parsed:
            if fname is None:
                continue
            if fname not in known or spec or conv:
                raise err(
                    f"placeholder {{{fname}}} in the {lang} message is not a fact, term or parameter of this rule",
                    where,
                )


def _flat(op: str, parts: tuple[IR, ...]) -> IR:
    out: list[IR] = []
    for p in parts:
        if p[0] == op:
            out.extend(p[1])
        else:
            out.append(p)
    return out[0] if len(out) == 1 else (op, tuple(out))


def _groups(ir: IR) -> int:
    """The $and/$or nodes of a condition's durable form."""
    if ir[0] not in ("and", "or"):
        return 0
    return 1 + sum(_groups(x) for x in ir[1])


def branch_field(rf: RuleFile, b: CompiledBranch) -> str:
    """The field of the rule file a branch comes from."""
    if b.kind == "applies":
        return "when"
    if b.kind == "missing":
        return "requires"
    first = b.index - (rf.when is not None) - bool(rf.requires)
    return f"outcomes[{first}].when"


def props_of(irs: Any) -> set[str]:
    """The engine properties (fact names) the conditions ``irs`` read."""
    out: set[str] = set()
    stack = list(irs)
    while stack:
        node = stack.pop()
        if node[0] in ("and", "or"):
            stack.extend(node[1])
        else:
            out.add(node[1])
    return out
