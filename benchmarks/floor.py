"""The floor of a decision: the same rules decided over the same facts in one straight
pass per document, with nothing else around it (no records, no engine, no findings).

Two parts, both timed per document by benchmarks/run.py beside the library:

- **facts**: every fact the kind's rules read, computed by the vocabulary's own getters
  straight into one dict per subject (each getter once per subject, as the library
  does; terms and parameters are left out, so this is lower than what the library
  must compute);
- **decision**: a function per document kind, built once from the compiled rules,
  that takes the engine facts (precomputed by ``Evaluator._collect``) and returns each
  finding's outcome in one loop: the rule's applicability, its missing-information
  branch, its outcome branches in order, its ``otherwise``.

The decision is built from the compiled conditions as closures (``_engine.python.
compile_condition``), not written per rule by hand: 68 rules with 235 branches are
edited by the legal engineers all the time, and a hand copy would drift from them;
generating Python source from the rules is what the design forbids. ``check`` compares
its outcomes with the library's findings, so that the floor can never drift silently
from the rules it claims to decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sundhedsregler
from sundhedsregler._engine.python import Condition, compile_condition
from sundhedsregler._vocabulary.base import Context
from sundhedsregler.models import Portefoelje

# decided outcomes, one per finding of the report, in the report's order
Decider = Callable[[list[dict[str, Any]], int], list[str]]
# rule code -> (applicability, missing information, [(outcome, condition)], otherwise)
_Table = dict[int, tuple["Condition | None", "Condition | None", tuple[tuple[str, Condition], ...], str]]


def _table(rules: list[Any]) -> _Table:
    table: _Table = {}
    for cr in rules:
        applies = missing = None
        outcomes: list[tuple[str, Condition]] = []
        for b in cr.branches:
            cond = compile_condition(b.ir)
            if b.kind == "applies":
                applies = cond
            elif b.kind == "missing":
                missing = cond
            else:
                outcomes.append((b.outcome or "fail", cond))
        table[cr.code] = (applies, missing, tuple(outcomes), cr.rule.otherwise.outcome)
    return table


def decider(rules: list[Any]) -> Decider:
    """The straight decision of ``rules`` (one document kind's compiled rules)."""
    table = _table(rules)

    def decide(facts: list[dict[str, Any]], records: int) -> list[str]:
        # a record without an engine fact is a rule over an empty or inapplicable scope
        out = ["not_applicable"] * records
        for fact in facts:
            applies, missing, outcomes, otherwise = table[fact["q"]]
            n = fact["n"]
            if applies is not None and not applies(fact):
                continue
            if missing is not None and missing(fact):
                out[n] = "missing_information"
                continue
            for outcome, cond in outcomes:
                if cond(fact):
                    out[n] = outcome
                    break
            else:
                out[n] = otherwise
        return out

    return decide


def deciders(rules: sundhedsregler.RuleSet) -> dict[str, Decider]:
    """A decision function per document kind (a portfolio's members and the portfolio
    itself are decided by one function over the rules of every kind)."""
    by_kind: dict[str, list[Any]] = {}
    for cr in rules._compiled:
        by_kind.setdefault(cr.rule.applies_to, []).append(cr)
    out = {kind: decider(group) for kind, group in by_kind.items()}
    out["portefoelje"] = decider(list(rules._compiled))
    return out


Getters = dict[str, list[tuple[Any, tuple[Callable[[Any, Context], Any], ...]]]]


def getters(rules: sundhedsregler.RuleSet) -> Getters:
    """kind -> [(scope, the getters of every fact its rules read)]."""
    per_kind: dict[str, dict[int, tuple[Any, dict[str, Any]]]] = {}
    for cr in rules._compiled:
        scopes = per_kind.setdefault(cr.rule.applies_to, {})
        _, gets = scopes.setdefault(id(cr.scope), (cr.scope, {}))
        for name, fact in cr.facts.items():
            gets.setdefault(name, fact.get)
    return {kind: [(s, tuple(g.values())) for s, g in scopes.values()] for kind, scopes in per_kind.items()}


def facts(table: Getters, document: Any, as_of: dt.date) -> list[list[Any]]:
    """Every fact the rules read, each subject's in one list: the getters alone."""
    units = [(m, Context(as_of, m, document)) for m in document.dokumenter] if isinstance(document, Portefoelje) else []
    units.append((document, Context(as_of, document, document if units else None)))
    out: list[list[Any]] = []
    for doc, ctx in units:
        for scope, gets in table.get(doc.kind, ()):
            if scope.applies is not None and not scope.applies.test(doc):
                continue
            for _, obj in scope.items(doc):
                out.append([get(obj, ctx) for get in gets])
    return out


def check(ev: sundhedsregler.Evaluator, decide: dict[str, Decider], document: Any, as_of: dt.date) -> None:
    """Raise unless the straight decision gives every finding of the library's report
    of ``document`` the same outcome."""
    records, engine_facts, _ = ev._collect(document, as_of)
    mine = decide[document.kind](engine_facts, len(records))
    theirs = [f.outcome for f in ev.evaluate(document, as_of=as_of).findings]
    if mine != theirs:
        wrong = sorted({rec[0].id for rec, a, b in zip(records, mine, theirs) if a != b})
        raise SystemExit(
            f"the floor's decision disagrees with the library on {document.dokument_id} "
            f"(rules {', '.join(wrong) or '?'}; {len(mine)} against {len(theirs)} findings): "
            "benchmarks/floor.py no longer decides the rules the library does"
        )
