"""Selections: the items of a list scope that meet a condition, counted and added up
by ``count_of`` and ``sum_of`` terms (vocabulary version 2).

A selection is how a rule file says which things a sum or a count takes in ("the
requirements that still bind in the budget year", "the amounts of concluded
agreements the municipality is party to"), so that reading is in the rule rather than
in a Python fact. Its condition is over the item's facts; a comparison may take a fact
of the rule's subject instead of a literal (``{subject: NAME}``), and ``contains`` tests
that an item's list holds the subject's value.

Like every term, a selection is computed in Python before either backend sees a fact,
so both backends get the same value; ``selected`` is its one meaning, the oracle.
Compiling one checks every name and type and raises a ``RuleError`` naming the file,
the rule and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._vocabulary.base import Fact, Scope
from .rulefile import All, Any_, Compare, Not, Predicate, Selection, SubjectRef

# The condition of a selection, kept as written (no engine sees it, so no normal form):
#   ("and", parts) | ("or", parts) | ("not", part)
#   | ("cmp", item fact, op, literal)        op: eq ne lt le gt ge
#   | ("rel", item fact, op, subject fact)   the same ops, against the subject's value
#   | ("in", item fact, literals) | ("ex", item fact)
#   | ("has", item fact, subject fact)       the item's list holds the subject's value
SelectionIR = tuple[Any, ...]

_ORDER_OPS = ("lt", "le", "gt", "ge")


@dataclass(frozen=True)
class SelectionPlan:
    """A compiled selection: the scope its items come from, the item facts it reads
    (its condition's and the facts its sums add up), and its condition."""

    name: str
    scope: Scope
    facts: tuple[tuple[str, Fact], ...]
    where: SelectionIR | None
    subject_facts: tuple[str, ...]  # facts of the rule's subject the condition compares with


def compile_selection(
    name: str,
    sel: Selection,
    *,
    scopes: Mapping[str, Scope],
    subject: Scope,
    values: Mapping[str, str],
    err: Callable[..., Exception],
    check_literal: Callable[..., None],
) -> SelectionPlan:
    """Check one selection against the scopes of the rule's document kind and lower its
    condition. ``values`` are the item facts ``sum_of`` terms add up over it, each with
    the field of the first term that does."""
    where = f"selections.{name}"
    scope = scopes.get(sel.items)
    if scope is None or not scope.collection:
        lists = ", ".join(sorted(n for n, s in scopes.items() if s.collection))
        raise err(f"selection {name!r}: {sel.items!r} is not a list scope of {subject.kind}; known: {lists}", f"{where}.items")
    used: dict[str, Fact] = {}
    subject_facts: list[str] = []

    def item_fact(fact_name: str, at: str) -> Fact:
        fact = scope.facts.get(fact_name)
        if fact is None:
            known = ", ".join(sorted(scope.facts))
            raise err(f"unknown fact {fact_name!r} of the items of {sel.items!r} in {at}; known there: {known}", at)
        used.setdefault(fact_name, fact)
        return fact

    def subject_fact(ref: SubjectRef, at: str) -> Fact:
        fact = subject.facts.get(ref.subject)
        if fact is None:
            known = ", ".join(sorted(subject.facts))
            raise err(f"unknown fact {{subject: {ref.subject}}} of the subject {subject.name!r} in {at}; known there: {known}", at)
        if ref.subject not in subject_facts:
            subject_facts.append(ref.subject)
        return fact

    def lower(pred: Predicate, at: str) -> SelectionIR:
        if isinstance(pred, All):
            return ("and", tuple(lower(p, f"{at}[{i}]") for i, p in enumerate(pred.all)))
        if isinstance(pred, Any_):
            return ("or", tuple(lower(p, f"{at}[{i}]") for i, p in enumerate(pred.any)))
        if isinstance(pred, Not):
            return ("not", lower(pred.not_, at))
        assert isinstance(pred, Compare)
        return leaf(pred, at)

    def leaf(c: Compare, at: str) -> SelectionIR:
        fact = item_fact(c.fact, at)
        op, value = c.op, c.value
        if op == "present":
            return ("ex", c.fact) if value else ("not", ("ex", c.fact))
        if op == "contains":
            other = subject_fact(value, at)
            if fact.type != "text" or other.type not in ("text", "enum"):
                raise err(
                    f"'contains' tests that a list of the item holds a value of the subject; {c.fact!r} is a "
                    f"{fact.type} fact and {value.subject!r} a {other.type} fact",
                    at,
                )
            return ("has", c.fact, value.subject)
        if isinstance(value, SubjectRef):
            other = subject_fact(value, at)
            same = fact.type == other.type or {fact.type, other.type} <= {"text", "enum"}
            if not same or fact.type == "date" or (op in _ORDER_OPS and fact.type != "int"):
                raise err(
                    f"{c.fact!r} (a {fact.type} fact) cannot be compared with {op!r} to the subject's "
                    f"{value.subject!r} (a {other.type} fact)",
                    at,
                )
            return ("rel", c.fact, op, value.subject)
        if fact.type in ("date", "text"):
            raise err(f"{c.fact!r} is a {fact.type}; only 'present', or 'eq'/'ne' with a {{subject: ...}}, apply to it", at)
        literals = value if op in ("in", "not_in") else [value]
        for lit in literals:
            check_literal(fact.type, lit, fact, c.fact, at, err)
        if op == "in":
            return ("in", c.fact, tuple(literals))
        if op == "not_in":
            return ("not", ("in", c.fact, tuple(literals)))
        return ("cmp", c.fact, op, value)

    ir = None if sel.where is None else lower(sel.where, f"{where}.where")
    for value_name, term_field in values.items():
        fact = item_fact(value_name, term_field)
        if fact.type != "int":
            raise err(f"sum_of adds up a number fact; {value_name!r} of {sel.items!r} is a {fact.type} fact", term_field)
    return SelectionPlan(name, scope, tuple(used.items()), ir, tuple(subject_facts))


def selected(ir: SelectionIR | None, item: Mapping[str, Any], subject: Mapping[str, Any]) -> bool:
    """Whether an item (its facts by name, None where absent) meets a selection's
    condition, for a subject (its facts by name). A comparison with an absent value is
    false on either side; ``not`` is the plain negation, as in a rule's conditions."""
    if ir is None:
        return True
    tag = ir[0]
    if tag == "and":
        return all(selected(p, item, subject) for p in ir[1])
    if tag == "or":
        return any(selected(p, item, subject) for p in ir[1])
    if tag == "not":
        return not selected(ir[1], item, subject)
    v = item.get(ir[1])
    if tag == "ex":
        return v is not None
    if v is None:
        return False
    if tag == "in":
        return v in ir[2]
    if tag == "has":
        other = subject.get(ir[2])
        return other is not None and isinstance(v, (list, tuple)) and other in v
    if tag == "rel":
        other = subject.get(ir[3])
        if other is None:
            return False
        return _compare(v, ir[2], other)
    return _compare(v, ir[2], ir[3])


def _compare(a: Any, op: str, b: Any) -> bool:
    if op == "eq":
        return bool(a == b)
    if op == "ne":
        return bool(a != b)
    if op == "lt":
        return bool(a < b)
    if op == "le":
        return bool(a <= b)
    if op == "gt":
        return bool(a > b)
    return bool(a >= b)
