"""Evaluation: documents -> facts -> engine -> findings -> report.

The work per document is split in three phases (``_collect``, the backend's ``run``,
``_report``) so that ``benchmarks/run.py`` can time each one. Everything that depends
only on the rule set and the language (the static parts of each finding, the rendered
standard messages, which placeholders a message uses, where ``locate`` points) is
prepared once per rule set in a ``_Plan`` and reused for every document: see
docs/performance.md for the figures behind that choice.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import string
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from dateutil.relativedelta import relativedelta

from .compiler import CompiledRule, TermPlan
from .selections import selected
from .._vocabulary.base import Context
from .._domain.formatting import show
from .._vocabulary.labels import label
from .._safeload import to_document
from .ruleset import RuleSet, load_rules
from ..errors import DocumentError
from ..findings import (
    OUTCOMES,
    REPORT_FORMAT_VERSION,
    SUMMARY_FORMAT_VERSION,
    Finding,
    Report,
    RuleSetInfo,
    SourceRef,
    _construct,
    report_form,
    summarise,
)
from ..models import Portefoelje

_DEFAULT: RuleSet | None = None


def default_ruleset() -> RuleSet:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT


# One record per finding: (rule, unit pointer, dokument_id, subject pointer or None when
# the rule's collection is empty, the subject's facts, terms and parameters). A tuple,
# not a dataclass: a document with a hundred subjects makes a hundred of them.
_Record = tuple[CompiledRule, str, str, "str | None", Mapping[str, Any]]

_STANDARD = {
    "pass": {"da": "Opfyldt: {title}", "en": "Satisfied: {title}"},
    "not_applicable": {"da": "Ikke relevant: {title}", "en": "Not applicable: {title}"},
    "missing_information": {
        "da": "Mangler oplysninger for at vurdere ({title}): {missing}",
        "en": "Missing information to judge this ({title}): {missing}",
    },
    "empty": {"da": "Ikke relevant: {title} (ingen elementer)", "en": "Not applicable: {title} (no items)"},
    "scope_not_applicable": {"da": "Ikke relevant: {title} ({reason})", "en": "Not applicable: {title} ({reason})"},
}

_UNSET = object()
# A scope that does not apply to a unit (Scope.applies): its item list, and the facts of
# the record each of its rules gets. Compared by identity, never changed.
_INAPPLICABLE: list[tuple[str, Any]] = []
_NOT_APPLICABLE: Mapping[str, Any] = MappingProxyType({})
_PLAIN = (str, int, bool, type(None))
_INT_LIMIT = 2**62


def _display(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_display(v) for v in value]
    return value


def _shown(value: Any) -> Any:
    """A value as a message placeholder shows it."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value


class _Template:
    """A message template, with the placeholders it uses worked out once. A template
    that uses only ``{title}`` (or nothing) is rendered once, when the plan is made."""

    __slots__ = ("text", "fields", "static", "money", "separator")

    def __init__(self, text: str, title: str, lang: str, shown_as: Mapping[str, str]):
        self.text = text
        self.fields = tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(text) if f is not None))
        self.static = text.format_map({"title": _shown(title)}) if set(self.fields) <= {"title"} else None
        # Amounts in kroner (a fact, term or parameter whose declared unit is kroner,
        # ``CompiledRule.shown_as``) are grouped by thousands in messages, as a reader
        # writes them: 16.800.000 in Danish, 16,800,000 in English.
        self.money = frozenset(f for f in self.fields if shown_as.get(f) == "kroner")
        self.separator = "." if lang == "da" else ","

    def render(self, evidence: dict[str, Any], title: str, as_of: str, missing: list[str]) -> str:
        if self.static is not None:
            return self.static
        shown: dict[str, Any] = {}
        for name in self.fields:
            if name == "title":
                v: Any = title
            elif name == "as_of":
                v = as_of
            elif name == "missing":
                v = missing
            else:
                v = evidence.get(name, _UNSET)
                if v is _UNSET:  # placeholders are checked at compile time; kept as a safety net
                    shown[name] = "–"
                    continue
            if name in self.money and type(v) is int:
                shown[name] = f"{v:,}".replace(",", self.separator)
            else:
                shown[name] = _shown(v)
        return self.text.format_map(shown)


class _TypedTemplate:
    """A message template of vocabulary version 2: each placeholder shows its value by
    the type the compiler gave it (``CompiledRule.shown_as``), in the plan's language:
    "fristen 1. april 2026 er overskredet med 3 dage". The evidence keeps raw values."""

    __slots__ = ("text", "fields", "static", "kinds", "lang")

    def __init__(self, text: str, title: str, lang: str, shown_as: Mapping[str, str]):
        self.text = text
        self.lang = lang
        self.fields = tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(text) if f is not None))
        self.kinds = tuple(shown_as.get(f, "text") for f in self.fields)
        self.static = text.format_map({"title": title}) if set(self.fields) <= {"title"} else None

    def render(self, evidence: dict[str, Any], title: str, as_of: str, missing: list[str]) -> str:
        if self.static is not None:
            return self.static
        shown: dict[str, Any] = {}
        for name, kind in zip(self.fields, self.kinds):
            if name == "title":
                shown[name] = title
                continue
            if name == "as_of":
                v: Any = as_of
            elif name == "missing":
                v = missing
            else:
                v = evidence.get(name)
            shown[name] = show(v, kind, self.lang)
        return self.text.format_map(shown)


@dataclass(frozen=True)
class _Outcome:
    index: int
    outcome: str
    template: _Template | _TypedTemplate
    level: str
    locate: str | None
    legal_status: str


class _Plan:
    """What one rule's findings share in one language, prepared once per rule set."""

    def __init__(self, cr: CompiledRule, lang: str):
        rf = cr.rule
        self.cr = cr
        self.title = title = rf.title.get(lang)
        self.level = rf.level
        self.locate = rf.locate
        self.fix = rf.fix.get(lang) if rf.fix is not None else None
        self.requires = tuple(rf.requires)
        self.evidence_names = tuple(cr.referenced) + tuple(cr.params)
        self.sources = tuple(SourceRef.model_construct(title=s.title, section=s.section, ref=s.ref) for s in rf.sources)
        self.sources_data = [s.model_dump(mode="json") for s in self.sources]
        self.rule_id, self.rule_name, self.legal_status = rf.id, rf.name, rf.legal_status

        def template(text: str) -> _Template | _TypedTemplate:
            if rf.schema_version >= 2:
                return _TypedTemplate(text, title, lang, cr.shown_as)
            return _Template(text, title, lang, cr.shown_as)

        # A rule's own reason for a false 'when' (vocabulary 2) completes the same
        # sentence as a scope's; its placeholders are rendered like any message's.
        reason = rf.not_applicable.get(lang) if rf.not_applicable is not None else None
        self.not_applicable = template(
            _STANDARD["not_applicable"][lang]
            if reason is None
            else _STANDARD["scope_not_applicable"][lang].replace("{reason}", reason)
        )
        self.empty = template(_STANDARD["empty"][lang])
        applies = cr.scope.applies
        self.inapplicable = (
            None
            if applies is None
            else template(
                _STANDARD["scope_not_applicable"][lang].replace("{reason}", applies.reason(lang).replace("{", "{{").replace("}", "}}")),
            )
        )
        self.missing = template(_STANDARD["missing_information"][lang])
        # The message names missing facts by their labels; evidence.missing keeps the names.
        self.labels = {
            n: label(n, lang, description=f.description if (f := cr.scope.facts.get(n)) is not None else None)
            for n in rf.requires
        }
        msg = rf.otherwise.message
        self.otherwise = _Outcome(
            -1,
            rf.otherwise.outcome,
            template(msg.get(lang) if msg is not None else _STANDARD["pass"][lang]),
            rf.otherwise.level or rf.level,
            rf.locate,
            rf.otherwise.legal_status or rf.legal_status,
        )
        self.applies_index = next((b.index for b in cr.branches if b.kind == "applies"), None)
        self.missing_index = next((b.index for b in cr.branches if b.kind == "missing"), None)
        self.outcomes = tuple(
            _Outcome(
                b.index,
                b.outcome or "fail",
                template(b.message.get(lang)),
                b.level or rf.level,
                b.locate or rf.locate,
                b.legal_status or rf.legal_status,
            )
            for b in cr.branches
            if b.kind == "outcome"
        )
        # locate name -> (relative to the unit rather than the subject?, pointer); None:
        # the finding stays at the subject.
        self.pointers: dict[str, tuple[bool, str] | None] = {}
        # A count or sum over a selection points at the list its items come from.
        over = {t.name: cr.selections[t.operands[0][1]].scope.collection for t in cr.terms if t.op in ("count_of", "sum_of")}
        for name in {n for n in (rf.locate, *(b.locate for b in cr.branches), *rf.requires) if n is not None}:
            fact = cr.scope.facts.get(name)
            if name in over:
                self.pointers[name] = (True, over[name])
            elif fact is None or not fact.pointer:
                self.pointers[name] = None
            else:
                self.pointers[name] = (fact.pointer_base == "unit", fact.pointer)


# Plans per rule set and language, made on first use and dropped with the rule set
# (the module-level ``evaluate`` makes an Evaluator per call, so this is not per Evaluator).
_PLANS: weakref.WeakKeyDictionary[RuleSet, dict[str, tuple[list[CompiledRule], dict[int, _Plan]]]] = (
    weakref.WeakKeyDictionary()
)


def _plans(rules: RuleSet, lang: str) -> dict[int, _Plan]:
    """rule code -> plan, for one rule set and language."""
    compiled = rules._compiled
    per_set = _PLANS.get(rules)
    if per_set is None:
        per_set = _PLANS[rules] = {}
    cached = per_set.get(lang)
    if cached is None or cached[0] is not compiled:
        cached = per_set[lang] = (compiled, {cr.code: _Plan(cr, lang) for cr in compiled})
    return cached[1]


# The terms of two operands, as functions of the two values: _term_value computes them
# with these, and _bind_term closes over them.
_BINARY: dict[str, Any] = {
    "days_between": lambda x, y: (y - x).days,
    "difference": lambda x, y: x - y,
    "sum": lambda x, y: x + y,  # sum((x, y)) of two integers
    "ratio_bp": lambda x, y: None if y == 0 else (x * 10_000) // y,
}


def _term_value(plan: TermPlan, values: dict[str, Any], params: dict[str, Any], as_of: dt.date) -> Any:
    ops = []
    for operand in plan.operands:
        tag = operand[0]
        if tag == "name":
            v = values.get(operand[1])
        elif tag == "param":
            v = params[operand[1]]
        elif tag == "lit":
            v = operand[1]
        else:
            v = as_of
        if v is None:
            return None
        ops.append(v)
    op = plan.op
    binary = _BINARY.get(op)
    if binary is not None and len(ops) == 2:
        return binary(ops[0], ops[1])
    if op == "sum":
        return sum(ops)
    if op == "months_between" or op == "period_months":
        start, end = ops
        if op == "period_months":
            # both days included: the months from the first day to the day after the last
            try:
                end = end + dt.timedelta(days=1)
            except OverflowError:
                return None
        months = relativedelta(end, start)
        return months.years * 12 + months.months
    try:
        return dt.date(ops[0], ops[1], ops[2])
    except (ValueError, OverflowError):
        return None


def _bind_term(plan: TermPlan, params: dict[str, Any], as_of: dt.date) -> Any:
    """A term other than count_of and sum_of as a closure over the values of one
    subject, its parameters, literals and the evaluation date bound once per rule and
    date: the same value as ``_term_value(plan, values, params, as_of)`` (absent when an
    operand is), without dispatching on the operands' tags for every subject. No code is
    generated: the closure captures names, constants and one of the functions above
    (tests/test_fast_paths.py compares it with _term_value on every term of the rules)."""
    operands: list[tuple[bool, Any]] = []
    for operand in plan.operands:
        tag = operand[0]
        if tag == "name":
            operands.append((True, operand[1]))
        elif tag == "param":
            operands.append((False, params[operand[1]]))
        elif tag == "lit":
            operands.append((False, operand[1]))
        else:
            operands.append((False, as_of))
    f = _BINARY.get(plan.op)
    if f is None or len(operands) != 2 or not (operands[0][0] or operands[1][0]):
        return lambda values: _term_value(plan, values, params, as_of)
    (name_a, a), (name_b, b) = operands
    if name_a and name_b:

        def both(values: dict[str, Any]) -> Any:
            x = values.get(a)
            if x is None:
                return None
            y = values.get(b)
            return None if y is None else f(x, y)

        return both
    if (b if name_a else a) is None:  # an absent parameter: the term is absent
        return lambda values: None
    if name_a:

        def first(values: dict[str, Any]) -> Any:
            x = values.get(a)
            return None if x is None else f(x, b)

        return first

    def second(values: dict[str, Any]) -> Any:
        y = values.get(b)
        return None if y is None else f(a, y)

    return second


def _aggregate(
    cr: CompiledRule,
    plan: TermPlan,
    subject: dict[str, Any],
    doc: Any,
    ctx: Context,
    chosen: dict[str, list[dict[str, Any]]],
    sel_items: dict[int, list[tuple[str, Any]]],
    known_of: dict[tuple[int, int], dict[str, Any]],
) -> int | None:
    """A count_of or sum_of term: the items of its selection (chosen once per subject,
    in ``chosen``) counted, or one of their facts added up; a sum is absent when that
    fact is absent for one of them. Item facts are computed once per unit, in the same
    cache as the facts of the rules over that scope."""
    sname = plan.operands[0][1]
    items = chosen.get(sname)
    if items is None:
        sel = cr.selections[sname]
        scope = sel.scope
        listed = sel_items.get(id(scope))
        if listed is None:
            # the scope's own applicability is for rules over it, not for the items a
            # selection takes in: its items are listed as they are
            listed = sel_items[id(scope)] = list(scope.items(doc))
        items = []
        for position, (_, obj) in enumerate(listed):
            known = known_of.get((id(scope), position))
            if known is None:
                known = known_of[(id(scope), position)] = {}
            item: dict[str, Any] = {}
            for name, fact in sel.facts:
                v = known.get(name, _UNSET)
                if v is _UNSET:
                    v = known[name] = fact.get(obj, ctx)
                item[name] = v
            if selected(sel.where, item, subject):
                items.append(item)
        chosen[sname] = items
    if plan.op == "count_of":
        return len(items)
    value = plan.operands[1][1]
    total = 0
    for item in items:
        v = item[value]
        if v is None:
            return None
        total += v
    return total


def _check_int(value: Any, where: str) -> Any:
    # Integers beyond int64 saturate in durable-rules (field notes, item 4), and a valid
    # document can give one (a ratio in basis points of a sum of large amounts). Every
    # integer literal of a rule lies strictly between -2**53 and 2**53
    # (_compiler._check_literal), so the clamped value compares with every literal as
    # the true value does; the evidence keeps the true value.
    if isinstance(value, int) and not isinstance(value, bool) and not -_INT_LIMIT < value < _INT_LIMIT:
        return max(-_INT_LIMIT + 1, min(_INT_LIMIT - 1, value))
    return value


def _engine_props(cr: CompiledRule) -> tuple[tuple[str, bool], ...]:
    """(property, presence only) for each engine property of a rule. A text fact can
    only be tested for presence (the compiler rejects any other test on it), so the
    engine gets ``true`` for it rather than the text: less JSON to encode, and no
    strings the engine would have to unescape (field notes, item 11)."""
    out = []
    for prop in cr.props:
        fact = cr.facts.get(prop)
        out.append((prop, fact is not None and fact.type == "text"))
    return tuple(out)


# How the facts of one rule are derived: (rule, code, id(scope), the names of the facts
# it reads, whether it adds terms or parameters to them, its engine properties).
_Shape = tuple[CompiledRule, int, int, tuple[str, ...], bool, tuple[tuple[str, bool], ...]]
# The rules of one document kind in order, and id(scope) -> (fact name, getter) of every
# fact the kind's rules read in that scope, in first-use order.
_KindPlan = tuple[tuple[_Shape, ...], dict[int, tuple[tuple[str, Any], ...]]]


def _kind_plan(rules: Any) -> _KindPlan:
    """The plan of one kind's rules: each scope's facts are derived once per subject, in
    one pass, however many rules read them (issue 17: a generic loop of some 390
    dict.get calls per document did it per rule)."""
    shapes: list[_Shape] = []
    getters: dict[int, dict[str, Any]] = {}
    for cr in rules:
        scope_getters = getters.setdefault(id(cr.scope), {})
        for name, fact in cr.facts.items():
            scope_getters.setdefault(name, fact.get)
        own = bool(cr.terms) or bool(cr.params)
        shapes.append((cr, cr.code, id(cr.scope), tuple(cr.facts), own, _engine_props(cr)))
    return tuple(shapes), {k: tuple(v.items()) for k, v in getters.items()}


# The collector's pause (_pause_gc): evaluations under way in any thread of the
# process, whether the last of them turns the collector on again, and how many have
# ended since it was last off with none under way.
_GC_LOCK = threading.Lock()
_GC_STATE = [0, False, 0]  # [evaluations paused, resume at the end, ended in this pause]
# In a host whose threads keep evaluations overlapping without a gap, the pause would
# never end: every so many ended evaluations the young generations are collected all
# the same (what the host threads made meanwhile; the evaluations' objects are scanned
# once and make no cycles).
_GC_SPAN = 1_000


def _pause_gc() -> None:
    """Pause the cyclic garbage collector for one evaluation; :func:`_resume_gc` ends
    it (in ``finally``). Safe in a threaded host: the pauses are counted, the
    collector is turned off by the first evaluation that starts while none is under
    way, and on again by the last one to end, and only if it was on when the first
    started.

    An evaluation allocates several objects per fact, record and finding and frees
    none of them before it ends, and it makes no reference cycles of its own. With the
    collector on, its collections scan those objects again and again as they pile up,
    so the time per member of a portfolio grew with its size (issue 17: 2.4x from 10
    to 10,000 members); paused, 1.3-1.4x (docs/performance.md). A caller who has
    turned the collector off keeps it off. Objects a caller keeps (the report) are
    seen by the next collection. docs/backends.md says what a host may rely on."""
    with _GC_LOCK:
        state = _GC_STATE
        if state[0] == 0:
            state[1] = gc.isenabled()
            state[2] = 0
            if state[1]:
                gc.disable()
        state[0] += 1


def _resume_gc() -> None:
    """The end of one evaluation's :func:`_pause_gc`."""
    with _GC_LOCK:
        state = _GC_STATE
        state[0] -= 1
        if state[0] == 0:
            if state[1]:
                gc.enable()
            return
        state[2] += 1
        span = state[1] and state[2] >= _GC_SPAN
        if span:
            state[2] = 0
    if span:  # outside the lock: a collection can run finalizers that evaluate
        gc.collect(1)


def _gc_after_fork() -> None:
    """A forked child has none of its parent's other threads: no evaluation is under
    way in it, whatever the parent's were doing."""
    global _GC_LOCK
    _GC_LOCK = threading.Lock()
    state = _GC_STATE
    if state[0] and state[1]:
        gc.enable()
    state[:] = [0, False, 0]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_gc_after_fork)


class Evaluator:
    """Evaluates documents with one rule set, backend, language and parameter set."""

    def __init__(
        self,
        rules: RuleSet,
        *,
        backend: str | None = None,
        lang: str = "da",
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        if lang not in ("da", "en"):
            raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
        self.rules = rules
        self.lang = lang
        self._backend = rules._backend(backend)
        self.overrides = _check_overrides(rules, parameters or {})
        # The report's receipt lists the overrides: a changed parameter changes the
        # report's receipt even where it changes no finding.
        self.info = rules.info
        if self.overrides:
            listed = {k: _display(self.overrides[k]) for k in sorted(self.overrides)}
            self.info = rules.info.model_copy(update={"parameters": listed})
        self._plans = _plans(rules, lang)
        # document kind -> how its facts are derived (_kind_plan), made on first use
        self._kind_plans: dict[str, _KindPlan] = {}
        self._params: dict[dt.date, dict[int, tuple[dict[str, Any], tuple[tuple[TermPlan, Any], ...]]]] = {}
        self._ruleset_data: dict[str, Any] | None = None  # self.info as plain data, made on first use

    def _params_on(self, as_of: dt.date) -> dict[int, tuple[dict[str, Any], tuple[tuple[TermPlan, Any], ...]]]:
        """rule code -> parameter values in force on ``as_of`` (with the overrides), and
        each term with its closure (``_bind_term``; None for count_of and sum_of),
        filled as rules are met; kept for the last few dates, as an Evaluator usually
        sees one date for many documents."""
        cache = self._params.get(as_of)
        if cache is None:
            if len(self._params) >= 8:
                self._params.clear()
            cache = self._params[as_of] = {}
        return cache

    @property
    def backend_name(self) -> str:
        """The backend that decides: ``"durable"`` or ``"python"``."""
        return self._backend.name

    def evaluate(self, document: Any, *, as_of: dt.date) -> Report:
        """Evaluate one document or portfolio (a model, or a mapping validated first)
        as of a date, and return its report."""
        if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
            raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
        if isinstance(document, Mapping):
            try:
                document = to_document(document, source="<mapping>")
            except DocumentError as exc:
                raise exc.in_language(self.lang) from None
        _pause_gc()
        try:
            return self._evaluate_data(document, as_of=as_of).report()
        finally:
            _resume_gc()

    # The three phases of an evaluation, kept apart so that benchmarks/run.py can time
    # each one (docs/performance.md).

    def _collect(
        self, document: Any, as_of: dt.date
    ) -> tuple[list[_Record], list[dict[str, Any]], list[tuple[str, int, int]]]:
        """Derive the facts of every subject of every rule that applies: the records
        the findings are built from, the engine facts, and which slice of the facts
        belongs to which document kind (kind, start, end).

        Each fact is computed once per subject, however many rules read it: rules
        over the same scope share the subject's computed facts within one unit.
        """
        units: list[tuple[str, Any, Context]] = []
        if isinstance(document, Portefoelje):
            for i, member in enumerate(document.dokumenter):
                units.append((f"/dokumenter/{i}", member, Context(as_of, member, document)))
        units.append(("", document, Context(as_of, document, document if isinstance(document, Portefoelje) else None)))

        records: list[_Record] = []
        facts: list[dict[str, Any]] = []
        spans: list[tuple[str, int, int]] = []
        params_cache = self._params_on(as_of)
        overrides = self.overrides
        kind_plans = self._kind_plans
        for prefix, doc, ctx in units:
            kind_plan = kind_plans.get(doc.kind)
            if kind_plan is None:
                kind_plan = kind_plans[doc.kind] = _kind_plan(self.rules._by_kind.get(doc.kind, ()))
            shapes, scope_getters = kind_plan
            if not shapes:
                continue
            doc_id = doc.dokument_id
            start = len(facts)
            # id(scope) -> its subjects (pointer, facts), each subject's facts derived in
            # one pass over the getters of every fact the kind's rules read in that scope
            subjects_of: dict[int, list[tuple[str, dict[str, Any]]]] = {}
            # (id(scope), position of the subject in the scope) -> its facts, for the
            # selections' items. Keyed by position, not pointer: two subjects may share a
            # pointer (a portfolio scope whose subjects point at the same list) and must
            # not share their facts.
            known_of: dict[tuple[int, int], dict[str, Any]] = {}
            sel_items: dict[int, list[tuple[str, Any]]] = {}  # id(scope) -> the items selections take from
            for shape in shapes:
                cr, code, scope_key, names, own, props = shape
                subjects = subjects_of.get(scope_key)
                if subjects is None:
                    scope = cr.scope
                    applies = scope.applies
                    if applies is None or applies.test(doc):
                        getters = scope_getters[scope_key]
                        subjects = []
                        for position, (pointer, obj) in enumerate(scope.items(doc)):
                            known = {name: get(obj, ctx) for name, get in getters}
                            known_of[(scope_key, position)] = known
                            subjects.append((pointer, known))
                    else:
                        subjects = _INAPPLICABLE
                    subjects_of[scope_key] = subjects
                if not subjects:  # no items, or the scope does not apply to this unit
                    records.append((cr, prefix, doc_id, None, _NOT_APPLICABLE if subjects is _INAPPLICABLE else {}))
                    continue
                bound = params_cache.get(code)
                if bound is None:
                    params = {p: overrides.get(f"{cr.id}.{p}", cr.rule.parameters[p].at(as_of)) for p in cr.params}
                    steps = tuple(
                        (plan, None if plan.op == "count_of" or plan.op == "sum_of" else _bind_term(plan, params, as_of))
                        for plan in cr.terms
                    )
                    bound = params_cache[code] = (params, steps)
                params, steps = bound
                for pointer, known in subjects:
                    if own:
                        # the rule adds terms or parameters: its own dict of the facts it reads
                        values = {name: known[name] for name in names}
                        chosen: dict[str, list[dict[str, Any]]] = {}
                        for plan, term in steps:
                            if term is None:
                                values[plan.name] = _aggregate(cr, plan, values, doc, ctx, chosen, sel_items, known_of)
                            else:
                                values[plan.name] = term(values)
                        if params:  # the same dict as {**values, **params}, without copying
                            values.update(params)
                    else:
                        # only facts: the subject's facts themselves (read, never changed)
                        values = known
                    engine_fact: dict[str, Any] = {"q": code, "n": len(records)}
                    for prop, presence_only in props:
                        v = values.get(prop)
                        if v is None:
                            continue  # absent, never null (field notes, item 12)
                        t = type(v)
                        if presence_only:
                            v = True
                        elif t is int:
                            if not -_INT_LIMIT < v < _INT_LIMIT:
                                v = _check_int(v, f"{doc_id}{prefix}{pointer}: {prop}")
                        elif t is not bool and t is not str:
                            v = (v - as_of).days if isinstance(v, dt.date) else _check_int(v, f"{doc_id}{prefix}{pointer}: {prop}")
                        engine_fact[prop] = v
                    records.append((cr, prefix, doc_id, pointer, values))
                    facts.append(engine_fact)
            if len(facts) > start:
                spans.append((doc.kind, start, len(facts)))
        return records, facts, spans

    def _report_data(
        self, document: Any, as_of: dt.date, records: list[_Record], matches: set[tuple[int, int, int]]
    ) -> ReportData:
        """Decide each record's outcome (which branch, level, legal status): the report
        as plain data, its findings built only when asked for."""
        by_record: dict[int, set[int]] = {}
        for _, n, branch in matches:
            by_record.setdefault(n, set()).add(branch)
        plans = self._plans
        nothing: set[int] = set()
        decide = _decide
        decisions = [decide(plans[rec[0].code], rec, by_record.get(i, nothing)) for i, rec in enumerate(records)]
        counts = dict.fromkeys(OUTCOMES, 0)
        for d in decisions:
            counts[d[2]] += 1
        ruleset = self._ruleset_data
        if ruleset is None:
            ruleset = self._ruleset_data = self.info.model_dump(mode="json")
        head = {
            "format_version": REPORT_FORMAT_VERSION,
            "as_of": as_of.isoformat(),
            "lang": self.lang,
            "document": document.dokument_id,
            "kind": document.kind,
            "ruleset": ruleset,
            "counts": counts,
        }
        return ReportData(head, decisions, self.info)

    def _evaluate_data(self, document: Any, *, as_of: dt.date) -> ReportData:
        """:meth:`evaluate` of a validated document, the report as plain data."""
        _pause_gc()
        try:
            records, facts, spans = self._collect(document, as_of)
            return self._report_data(document, as_of, records, self._backend.run(facts, spans))
        finally:
            _resume_gc()


# A record's decision: (plan, record, outcome, level, legal status, message template,
# locate). A tuple: a report makes one per rule and subject.
_Decision = tuple["_Plan", _Record, str, str, str, "_Template | _TypedTemplate", "str | None"]


def _decide(plan: _Plan, rec: _Record, matched: set[int]) -> _Decision:
    """Which branch decided a record: its outcome, level, legal status, message and
    where the finding points."""
    pointer, values = rec[3], rec[4]
    if pointer is None:
        template = plan.inapplicable if values is _NOT_APPLICABLE and plan.inapplicable is not None else plan.empty
        return (plan, rec, "not_applicable", plan.level, plan.legal_status, template, None)
    if plan.applies_index is not None and plan.applies_index not in matched:
        return (plan, rec, "not_applicable", plan.level, plan.legal_status, plan.not_applicable, plan.locate)
    if plan.missing_index is not None and plan.missing_index in matched:
        return (plan, rec, "missing_information", plan.level, plan.legal_status, plan.missing, plan.locate)
    chosen = plan.otherwise
    if matched:
        for b in plan.outcomes:
            if b.index in matched:
                chosen = b
                break
    return (plan, rec, chosen.outcome, chosen.level, chosen.legal_status, chosen.template, chosen.locate)


def _parts(d: _Decision, as_of: str) -> tuple[str, str | None, str, dict[str, Any]]:
    """What a finding says beyond its rule and decision: (message, fix, path, evidence)."""
    plan, (_, unit_pointer, _, pointer, values), outcome, _, _, template, locate = d
    missing: list[str] = []
    if pointer is None:
        path = unit_pointer + plan.cr.scope.collection
        evidence: dict[str, Any] = {}
    else:
        if outcome == "missing_information" and template is plan.missing:
            missing = [n for n in plan.requires if values.get(n) is None]
            if missing:
                locate = missing[0]
        base = unit_pointer + pointer
        where = plan.pointers.get(locate) if locate is not None else None
        path = base if where is None else (unit_pointer if where[0] else base) + where[1]
        evidence = {name: v if type(v := values.get(name)) in _PLAIN else _display(v) for name in plan.evidence_names}
        if missing:
            evidence["missing"] = missing
    message = template.render(evidence, plan.title, as_of, [plan.labels[n] for n in missing] if missing else missing)
    return message, plan.fix if outcome in ("fail", "review") else None, path, evidence


def _finding(d: _Decision, as_of: str) -> dict[str, Any]:
    """One finding as plain data (``Finding.model_dump(mode="json")``): the message,
    the path and the evidence."""
    plan = d[0]
    message, fix, path, evidence = _parts(d, as_of)
    return {
        "rule_id": plan.rule_id,
        "rule_name": plan.rule_name,
        "outcome": d[2],
        "level": d[3],
        "legal_status": d[4],
        "message": message,
        "fix": fix,
        "document": d[1][2],
        "path": path,
        "evidence": evidence,
        "sources": plan.sources_data,
        "as_of": as_of,
    }


def _summary(head: dict[str, Any], decisions: list[_Decision]) -> dict[str, Any]:
    """``findings.summarise`` over the decisions, without a full finding per listed one
    nor a callable per decision: the summary form straight from the decisions (the
    default form of ``check``; the same data, tests/test_report_forms.py)."""
    as_of = head["as_of"]
    passed: dict[str, int] = {}
    rules: dict[str, dict[str, Any]] = {}
    listed: list[dict[str, Any]] = []
    for d in decisions:
        plan = d[0]
        rule_id = plan.rule_id
        outcome = d[2]
        if outcome == "pass":
            passed[rule_id] = passed.get(rule_id, 0) + 1
            continue
        if rule_id not in rules:
            rules[rule_id] = {"name": plan.rule_name, "sources": plan.sources_data}
        message, fix, path, evidence = _parts(d, as_of)
        listed.append(
            {
                "rule_id": rule_id,
                "outcome": outcome,
                "level": d[3],
                "legal_status": d[4],
                "message": message,
                "fix": fix,
                "document": d[1][2],
                "path": path,
                "evidence": evidence,
            }
        )
    out: dict[str, Any] = {"format_version": SUMMARY_FORMAT_VERSION, "form": "summary"}
    out.update((k, v) for k, v in head.items() if k != "format_version" and k != "findings")
    out["passed"] = passed
    out["rules"] = rules
    out["findings"] = listed
    return out


_new_finding = Finding.__new__
_setattr = object.__setattr__


class ReportData:
    """One report as plain data: what ``check`` writes, without a model per finding.

    ``head`` is the full form's plain data but the findings; the findings are built
    from the decisions when first asked for (a summary report builds none for its
    passes), and the :class:`~sundhedsregler.findings.Report` model only when a caller
    asks for it, from the same values (equal to what :meth:`Evaluator.evaluate` gives).
    Pickled (``--jobs``), it carries its findings and model rather than its plans.
    """

    __slots__ = ("head", "_decisions", "_findings", "_report", "_info")

    def __init__(self, head: dict[str, Any], decisions: list[_Decision], info: RuleSetInfo):
        self.head = head
        self._decisions: list[_Decision] | None = decisions
        self._findings: list[dict[str, Any]] | None = None
        self._report: Report | None = None
        self._info = info

    def findings(self) -> list[dict[str, Any]]:
        """Every finding as plain data, in report order."""
        found = self._findings
        if found is None:
            assert self._decisions is not None
            as_of = self.head["as_of"]
            found = self._findings = [_finding(d, as_of) for d in self._decisions]
        return found

    def tallies(self) -> list[tuple[str, str]]:
        """(outcome, level) of each finding, in report order."""
        if self._decisions is not None:
            return [(d[2], d[3]) for d in self._decisions]
        return [(f["outcome"], f["level"]) for f in self.findings()]

    def data(self, form: str = "full") -> dict[str, Any]:
        """The report as plain data in one of the two forms (findings.REPORT_FORMS)."""
        if report_form(form) == "full":
            return {**self.head, "findings": self.findings()}
        if self._findings is None and self._decisions is not None:
            return _summary(self.head, self._decisions)
        items: Iterator[tuple[str, str, Callable[[], dict[str, Any]]]] = (
            (f["rule_id"], f["outcome"], functools.partial(dict, f)) for f in self.findings()
        )
        return summarise(self.head, items)

    def report(self) -> Report:
        """The report as the model of the Python API."""
        report = self._report
        if report is None:
            assert self._decisions is not None
            new, setattr_ = _new_finding, _setattr
            findings = []
            for d, values in zip(self._decisions, self.findings()):
                # findings._construct, inlined: one of these per rule and subject.
                fields = {**values, "sources": d[0].sources}
                obj = new(Finding)
                setattr_(obj, "__dict__", fields)
                setattr_(obj, "__pydantic_fields_set__", set(fields))
                setattr_(obj, "__pydantic_extra__", None)
                setattr_(obj, "__pydantic_private__", None)
                findings.append(obj)
            head = self.head
            report = self._report = _construct(
                Report,
                {
                    "format_version": head["format_version"],
                    "as_of": head["as_of"],
                    "lang": head["lang"],
                    "document": head["document"],
                    "kind": head["kind"],
                    "ruleset": self._info,
                    "counts": dict(head["counts"]),
                    "findings": tuple(findings),
                },
            )
        return report

    def __getstate__(self) -> tuple[dict[str, Any], list[dict[str, Any]], Report, RuleSetInfo]:
        return (self.head, self.findings(), self.report(), self._info)

    def __setstate__(self, state: tuple[dict[str, Any], list[dict[str, Any]], Report, RuleSetInfo]) -> None:
        self.head, self._findings, self._report, self._info = state
        self._decisions = None


def _check_overrides(rules: RuleSet, overrides: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in overrides.items():
        # Split at the last dot: rule ids may carry a '.N' suffix (FA-3b.2), parameter
        # names never contain a dot.
        rule_id, _, pname = key.rpartition(".")
        try:
            rf = rules.get(rule_id)
        except KeyError:
            raise ValueError(f"parameter override {key!r}: no rule {rule_id!r}") from None
        p = rf.parameters.get(pname)
        if p is None:
            known = ", ".join(f"{rule_id}.{n}" for n in rf.parameters) or "none"
            raise ValueError(f"parameter override {key!r}: rule {rule_id} has no parameter {pname!r} (known: {known})")
        if isinstance(value, str) and p.type == "date":
            value = dt.date.fromisoformat(value)
        is_date = isinstance(value, dt.date)
        if (p.type == "date") != is_date or isinstance(value, bool) or not isinstance(value, (int, dt.date)):
            raise ValueError(f"parameter override {key!r}: a {p.type} parameter cannot take {value!r}")
        out[key] = value
    return out


def evaluate(
    document: Any,
    *,
    as_of: dt.date,
    lang: str = "da",
    rules: RuleSet | None = None,
    backend: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Report:
    """Evaluate one document or portfolio as of a date.

    ``document`` is a model instance or a mapping (validated first; a bad one raises
    :class:`~sundhedsregler.errors.DocumentError`). ``as_of`` is required: nothing reads
    the wall clock. ``backend`` is ``"durable"`` (default where durable-rules imports)
    or ``"python"``; both give identical reports. ``parameters`` overrides rule
    parameters by ``"RULE-ID.name"``.
    """
    ruleset = rules if rules is not None else default_ruleset()
    return Evaluator(ruleset, backend=backend, lang=lang, parameters=parameters).evaluate(document, as_of=as_of)
