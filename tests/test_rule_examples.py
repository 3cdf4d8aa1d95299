"""Every rule's examples, on every backend: the rules' own test suite."""

from __future__ import annotations

import pytest

import sundhedsregler
from sundhedsregler._engine.examples import example_document, run_example
from sundhedsregler._engine.rulefile import Example, RuleFile
from sundhedsregler.models import DOCUMENT_KINDS

from .conftest import BACKENDS, RULES

CASES = [(f, rf, ex) for f, rf in RULES.files for ex in rf.examples]
EVALUATORS = {b: sundhedsregler.Evaluator(RULES, backend=b, lang="en") for b in BACKENDS}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("file", "rule", "example"), CASES, ids=[f"{rf.id}:{ex.name}" for _, rf, ex in CASES]
)
def test_rule_example(file: str, rule: RuleFile, example: Example, backend: str) -> None:
    # One evaluation per example and backend (not the rule's every example per case).
    result = run_example(RULES, rule, example, file=file, evaluator=EVALUATORS[backend], backend=backend)
    assert (result.rule_id, result.example) == (rule.id, example.name)
    assert result.ok, "\n".join(result.problems)


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    for file, rf in RULES.files:
        outcomes = {e.outcome for ex in rf.examples for e in ex.expect}
        assert "pass" in outcomes or rf.otherwise.outcome != "pass", f"{rf.id} has no passing example"
        failing = {"fail", "review", "missing_information"}
        assert outcomes & failing, f"{rf.id} has no failing example"


def test_examples_are_valid_documents() -> None:
    kinds = {}
    for file, rf in RULES.files:
        for ex in rf.examples:
            doc = example_document(RULES, rf, ex, file=file)
            # A rule on one kind may be shown on a portfolio holding documents of that kind.
            assert doc.kind in (rf.applies_to, "portefoelje"), f"{rf.id} {ex.name}: a {doc.kind} for {rf.applies_to}"
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    assert sum(kinds.values()) == len(CASES) and set(kinds) == set(DOCUMENT_KINDS)  # every kind has examples


def test_example_names_are_unique_per_rule() -> None:
    for _, rf in RULES.files:
        names = [ex.name for ex in rf.examples]
        assert len(names) == len(set(names)), rf.id
