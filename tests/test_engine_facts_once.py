"""Each subject's facts are derived once per evaluation, however many rules read them
(issue 17), and the engine facts are the same as the subjects' facts say."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from typing import Any

import sundhedsregler

from .conftest import AS_OF, FIXTURES, RULES


def test_a_fact_read_by_several_rules_is_derived_once_per_subject() -> None:
    rules = sundhedsregler.load_rules()  # its compiled facts are wrapped below: a rule set of its own
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    readers: dict[tuple[int, str], list[Any]] = collections.defaultdict(list)
    for cr in rules._by_kind[doc.kind]:
        for name in cr.facts:
            readers[(id(cr.scope), name)].append(cr)
    (scope_key, name), crs = max(readers.items(), key=lambda kv: len(kv[1]))
    assert len(crs) >= 3  # a fact many rules share
    calls: list[Any] = []
    original = crs[0].facts[name]

    def counted(obj: Any, ctx: Any) -> Any:
        calls.append(obj)
        return original.get(obj, ctx)

    wrapped = dataclasses.replace(original, get=counted)
    for cr in crs:
        cr.facts[name] = wrapped
    try:
        evaluator = sundhedsregler.Evaluator(rules, backend="python")
        report = evaluator.evaluate(doc, as_of=AS_OF)
        subjects = len(list(crs[0].scope.items(doc)))
        assert len(calls) == subjects  # once per subject, not once per rule
        reference = sundhedsregler.Evaluator(RULES, backend="python").evaluate(doc, as_of=AS_OF)
        assert report.to_json() == reference.to_json()
    finally:
        for cr in crs:
            cr.facts[name] = original


def test_engine_facts_carry_the_rule_and_subject_and_only_present_values() -> None:
    rules = RULES
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    evaluator = sundhedsregler.Evaluator(rules, backend="python")
    records, facts, spans = evaluator._collect(doc, AS_OF)
    assert spans == [(doc.kind, 0, len(facts))]
    for fact in facts:
        cr, _, _, pointer, values = records[fact["n"]]
        assert fact["q"] == cr.code and list(fact)[:2] == ["q", "n"] and pointer is not None
        assert None not in fact.values()
        for prop in cr.props:
            v = values.get(prop)
            assert (prop in fact) == (v is not None)
            if isinstance(v, dt.date):
                assert fact[prop] == (v - AS_OF).days
