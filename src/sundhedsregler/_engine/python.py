"""The plain-Python backend, the oracle: ``holds`` interprets a compiled condition over
one engine fact; ``compile_condition`` turns it into nested closures once per rule set,
which ``PythonBackend`` runs. It needs nothing but the compiled rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .backends import EngineFact, Match, Span
from .compiler import IR, CompiledRule


def holds(ir: IR, fact: EngineFact) -> bool:
    """Plain-Python meaning of a compiled condition over one engine fact."""
    tag = ir[0]
    if tag == "and":
        return all(holds(x, fact) for x in ir[1])
    if tag == "or":
        return any(holds(x, fact) for x in ir[1])
    if tag == "ex":
        return ir[1] in fact
    if tag == "nex":
        return ir[1] not in fact
    _, prop, op, lit = ir
    if prop not in fact:
        return False
    v = fact[prop]
    if op == "eq":
        return bool(v == lit)
    if op == "ne":
        return bool(v != lit)
    if op == "lt":
        return bool(v < lit)
    if op == "le":
        return bool(v <= lit)
    if op == "gt":
        return bool(v > lit)
    return bool(v >= lit)


Condition = Callable[[EngineFact], Any]
"""A compiled condition: called with one engine fact, truthy exactly when ``holds`` is."""


def compile_condition(ir: IR) -> Condition:
    """A compiled condition as nested Python closures over its IR, built once so that
    evaluating it does not dispatch on the IR's tags again (``holds`` does, on every
    fact). No code is generated from rule text: each closure only captures a property
    name, a literal or the closures of its parts. The result is truthy for exactly the
    facts ``holds`` accepts, and raises where ``holds`` raises (a comparison of values
    Python cannot order), so both backends keep the same matches."""
    tag = ir[0]
    if tag == "and":
        return _compile_all(tuple(compile_condition(x) for x in ir[1]))
    if tag == "or":
        return _compile_any(tuple(compile_condition(x) for x in ir[1]))
    if tag == "ex":
        prop = ir[1]
        return lambda fact: prop in fact
    if tag == "nex":
        prop = ir[1]
        return lambda fact: prop not in fact
    _, prop, op, lit = ir
    # One closure per operator: the operator is chosen here, once, not for every fact.
    if op == "eq":
        return lambda fact: prop in fact and fact[prop] == lit
    if op == "ne":
        return lambda fact: prop in fact and fact[prop] != lit
    if op == "lt":
        return lambda fact: prop in fact and fact[prop] < lit
    if op == "le":
        return lambda fact: prop in fact and fact[prop] <= lit
    if op == "gt":
        return lambda fact: prop in fact and fact[prop] > lit
    if op == "ge":
        return lambda fact: prop in fact and fact[prop] >= lit
    raise ValueError(f"compiled condition {ir!r}: unknown operator {op!r}")


def _compile_all(parts: tuple[Condition, ...]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda fact: a(fact) and b(fact)

    def every(fact: EngineFact) -> bool:
        for part in parts:
            if not part(fact):
                return False
        return True  # like all(()): an empty conjunction holds

    return every


def _compile_any(parts: tuple[Condition, ...]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda fact: a(fact) or b(fact)

    def some(fact: EngineFact) -> bool:
        for part in parts:
            if part(fact):
                return True
        return False  # like any(()): an empty disjunction fails

    return some


class PythonBackend:
    name = "python"

    def __init__(self, rules: list[CompiledRule]) -> None:
        # Compiled once per rule set: run() only calls the closures.
        self._branches: dict[int, list[tuple[int, Condition]]] = {
            cr.code: [(b.index, compile_condition(b.ir)) for b in cr.branches] for cr in rules
        }

    def run(self, facts: list[EngineFact], spans: list[Span]) -> set[Match]:
        out: set[Match] = set()  # spans: the kinds of the facts, which only durable needs
        branches = self._branches
        add = out.add
        for fact in facts:
            q, n = fact["q"], fact["n"]
            for index, condition in branches[q]:
                if condition(fact):
                    add((q, n, index))
        return out
