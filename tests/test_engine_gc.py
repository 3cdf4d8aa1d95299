"""An evaluation pauses the cyclic garbage collector and leaves it as it found it, also
when evaluations overlap in the threads of a host (issue 17: the collector's scans made
the time per member of a large portfolio grow; docs/performance.md, docs/backends.md)."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import sundhedsregler
from sundhedsregler._engine import evaluate as evaluate_module
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


class _Held:
    """A backend wrapper whose first run waits, inside the evaluation, until released."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.inside, self.release = threading.Event(), threading.Event()

    def run(self, facts: Any, spans: Any) -> Any:
        if not self.inside.is_set():
            self.inside.set()
            assert self.release.wait(30)
        return self.backend.run(facts, spans)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


def _held_evaluation(backend: str) -> tuple[Any, Any, _Held, threading.Thread, list[Any]]:
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    held_ev = sundhedsregler.Evaluator(RULES, backend=backend)
    held = held_ev._backend = _Held(held_ev._backend)
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(held_ev.evaluate(doc, as_of=AS_OF).to_json()))
    return doc, held_ev, held, thread, out


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_evaluation_that_ends_leaves_the_collector_off_while_another_thread_evaluates(
    backend: str, collector_state: None
) -> None:
    # A threaded host: the collector is on again only when the last evaluation ends.
    gc.enable()
    doc, _, held, thread, out = _held_evaluation(backend)
    other = sundhedsregler.Evaluator(RULES, backend=backend)
    reference = other.evaluate(doc, as_of=AS_OF).to_json()
    assert gc.isenabled()
    thread.start()
    try:
        assert held.inside.wait(30)
        assert not gc.isenabled()
        assert other.evaluate(doc, as_of=AS_OF).to_json() == reference
        other._evaluate_data(doc, as_of=AS_OF)
        assert not gc.isenabled()  # the held evaluation is still under way
    finally:
        held.release.set()
        thread.join(30)
    assert out == [reference]
    assert gc.isenabled()
    assert evaluate_module._GC_STATE[0] == 0


def test_a_collector_off_when_the_first_evaluation_started_stays_off_after_the_last(collector_state: None) -> None:
    gc.disable()
    doc, _, held, thread, out = _held_evaluation("python")
    thread.start()
    try:
        assert held.inside.wait(30)
        sundhedsregler.Evaluator(RULES, backend="python").evaluate(doc, as_of=AS_OF)
    finally:
        held.release.set()
        thread.join(30)
    assert len(out) == 1
    assert not gc.isenabled()


def test_evaluations_that_always_overlap_still_let_the_young_generations_be_collected(
    monkeypatch: pytest.MonkeyPatch, collector_state: None
) -> None:
    # Without a moment when no evaluation is under way the pause would never end: every
    # _GC_SPAN ended evaluations collect generations 0 and 1 all the same.
    monkeypatch.setattr(evaluate_module, "_GC_SPAN", 3)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.enable()
    doc, _, held, thread, _out = _held_evaluation("python")
    other = sundhedsregler.Evaluator(RULES, backend="python")
    thread.start()
    gc.callbacks.append(seen)
    try:
        assert held.inside.wait(30)
        for _ in range(7):
            other.evaluate(doc, as_of=AS_OF)  # each ends two pauses: evaluate and _evaluate_data
    finally:
        gc.callbacks.remove(seen)
        held.release.set()
        thread.join(30)
    assert collections == [1, 1, 1, 1]  # 14 ended pauses, one collection every 3
    assert gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_does_not_inherit_a_pause_of_its_parents_threads(collector_state: None) -> None:
    gc.enable()
    doc, _, held, thread, _out = _held_evaluation("python")
    thread.start()
    try:
        assert held.inside.wait(30)
        assert not gc.isenabled()
        pid = os.fork()
        if pid == 0:  # the child: none of the parent's threads, so no evaluation under way
            ok = gc.isenabled() and evaluate_module._GC_STATE[0] == 0
            sundhedsregler.Evaluator(RULES, backend="python").evaluate(doc, as_of=AS_OF)
            os._exit(0 if ok and gc.isenabled() else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        held.release.set()
        thread.join(30)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()
