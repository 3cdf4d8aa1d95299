"""An evaluation pauses the cyclic garbage collector and leaves it as it found it
(issue 17: the collector's scans made the time per member of a large portfolio grow;
docs/performance.md)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

import sundhedsregler
from sundhedsregler.errors import DocumentError

from .conftest import AS_OF, BACKENDS, FIXTURES, RULES


@pytest.fixture
def collector_state() -> Iterator[None]:
    was = gc.isenabled()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


class _Watching:
    """A backend wrapper that notes whether the collector was on while it ran."""

    def __init__(self, backend: Any, *, fail: bool = False) -> None:
        self.backend, self.fail, self.seen = backend, fail, []

    def run(self, facts: Any, spans: Any) -> Any:
        self.seen.append(gc.isenabled())
        if self.fail:
            raise ValueError("the engine failed")
        return self.backend.run(facts, spans)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fixture", ["hsa.yaml", "portefoelje-sundhedsraad.yaml"])
def test_the_collector_is_off_during_an_evaluation_and_on_after_it(backend: str, fixture: str, collector_state: None) -> None:
    doc = sundhedsregler.load_document(FIXTURES / fixture)
    evaluator = sundhedsregler.Evaluator(RULES, backend=backend)
    reference = evaluator.evaluate(doc, as_of=AS_OF).to_json()
    watching = evaluator._backend = _Watching(evaluator._backend)
    gc.enable()
    assert evaluator.evaluate(doc, as_of=AS_OF).to_json() == reference
    evaluator._evaluate_data(doc, as_of=AS_OF)  # what batches call
    assert watching.seen == [False, False]
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(collector_state: None) -> None:
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    evaluator = sundhedsregler.Evaluator(RULES, backend="python")
    gc.disable()
    evaluator.evaluate(doc, as_of=AS_OF)
    evaluator._evaluate_data(doc, as_of=AS_OF)
    assert not gc.isenabled()


def test_the_collector_is_on_again_after_an_evaluation_that_raises(collector_state: None) -> None:
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    evaluator = sundhedsregler.Evaluator(RULES, backend="python")
    evaluator._backend = _Watching(evaluator._backend, fail=True)
    gc.enable()
    with pytest.raises(ValueError, match="the engine failed"):
        evaluator.evaluate(doc, as_of=AS_OF)
    assert gc.isenabled()
    with pytest.raises(ValueError, match="the engine failed"):
        evaluator._evaluate_data(doc, as_of=AS_OF)
    assert gc.isenabled()
    with pytest.raises(DocumentError):  # a bad mapping is refused before the pause
        evaluator.evaluate({"kind": "delingsaftale"}, as_of=AS_OF)
    assert gc.isenabled()
