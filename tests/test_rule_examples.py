"""Every rule's examples, on every backend: the rules' own test suite."""

from __future__ import annotations

import pytest

import sundhedsregler
from sundhedsregler._examples import example_document, run_examples

from .conftest import BACKENDS

RULES = sundhedsregler.load_rules()
CASES = [(f, rf, ex) for f, rf in RULES.files for ex in rf.examples]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("file", "rule", "example"), CASES, ids=[f"{rf.id}:{ex.name}" for _, rf, ex in CASES]
)
def test_rule_example(file: str, rule: object, example: object, backend: str) -> None:
    results = run_examples(RULES, backend=backend, ids={rule.id})  # type: ignore[attr-defined]
    mine = [r for r in results if r.example == example.name]  # type: ignore[attr-defined]
    assert len(mine) == 1
    assert mine[0].ok, "\n".join(mine[0].problems)


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    for file, rf in RULES.files:
        outcomes = {e.outcome for ex in rf.examples for e in ex.expect}
        assert "pass" in outcomes or rf.otherwise.outcome != "pass", f"{rf.id} has no passing example"
        failing = {"fail", "review", "missing_information"}
        assert outcomes & failing, f"{rf.id} has no failing example"


def test_examples_are_valid_documents() -> None:
    for file, rf in RULES.files:
        for ex in rf.examples:
            example_document(RULES, rf, ex, file=file)


def test_example_names_are_unique_per_rule() -> None:
    for _, rf in RULES.files:
        names = [ex.name for ex in rf.examples]
        assert len(names) == len(set(names)), rf.id
