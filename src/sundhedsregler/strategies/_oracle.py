"""The test oracle: generated data validated into models, and the rule set evaluated with
the plain-Python backend (it cannot crash the process); its fixtures and examples are
the seeds, and watching the facts shows which document paths a rule reads."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from ..errors import DocumentError

if TYPE_CHECKING:
    from ._targeting import _Target


def _to_model(data: Mapping[str, Any]) -> Any:
    """The document model for generated data, or None where variation made it invalid."""
    from .._safeload import to_document

    try:
        return to_document(data, source="<generated>")
    except DocumentError:
        return None


def _valid(strategy: SearchStrategy[dict[str, Any]]) -> SearchStrategy[Any]:
    return strategy.map(_to_model).filter(lambda doc: doc is not None)


class _Oracle:
    """The rule set, its fixtures and examples as seeds, and evaluation with the
    plain-Python backend (the test oracle; it cannot crash the process)."""

    def __init__(self, rules: Any):
        from .._engine.evaluate import Evaluator

        self.rules = rules
        self.evaluator = Evaluator(rules, backend="python", lang="en")
        self._seeds: dict[str, tuple[dict[str, Any], ...]] | None = None
        self._reads: dict[tuple[str | None, dt.date], frozenset[tuple[str, ...]]] = {}
        self._meeting: dict[tuple[str, _Target, dt.date], tuple[dict[str, Any], ...]] = {}

    def report(self, doc: Any, as_of: dt.date) -> Any:
        return self.evaluator.evaluate(doc, as_of=as_of)

    def seeds(self, kind: str) -> tuple[dict[str, Any], ...]:
        """Fixtures, then every rule example's document, of one kind (each once)."""
        if self._seeds is None:
            from .._engine.examples import merge_patch

            found: dict[str, list[dict[str, Any]]] = {}
            seen: set[str] = set()

            def add(data: Any) -> None:
                if not isinstance(data, dict) or _to_model(data) is None:
                    return
                key = json.dumps(data, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    found.setdefault(str(data.get("kind")), []).append(copy.deepcopy(data))

            for name in sorted(self.rules.fixtures):
                add(self.rules.fixtures[name])
            for rf in self.rules.rules:
                for ex in rf.examples:
                    if ex.document is not None:
                        add(ex.document)
                    elif ex.base in self.rules.fixtures:
                        add(merge_patch(self.rules.fixtures[ex.base], ex.changes or {}))
            self._seeds = {k: tuple(v) for k, v in found.items()}
        return self._seeds.get(kind, ())

    def meeting(self, kind: str, target: _Target, as_of: dt.date) -> tuple[dict[str, Any], ...]:
        """The seeds of ``kind`` that meet ``target`` as of ``as_of``, in seed order.

        Kept per oracle: a strategy built again with the same options (one per test)
        would otherwise evaluate every seed again (20-120 ms, issue 17).
        """
        key = (kind, target, as_of)
        if key not in self._meeting:
            found = []
            for data in self.seeds(kind):
                doc = _to_model(data)
                if doc is not None and target.met(self.report(doc, as_of)):
                    found.append(data)
            self._meeting[key] = tuple(found)
        return self._meeting[key]

    def reads(self, kind: str, rule_id: str | None, as_of: dt.date) -> frozenset[tuple[str, ...]]:
        """The document paths the facts of one rule (or of every rule of the kind) read,
        watched while computing them for every seed of the kind."""
        key = (kind if rule_id is None else rule_id, as_of)
        if key not in self._reads:
            from .._vocabulary.base import Context

            paths: set[tuple[str, ...]] = set()
            compiled = [
                cr for cr in self.rules._by_kind.get(kind, ()) if rule_id is None or cr.id == rule_id
            ]
            for data in self.seeds(kind):
                doc = _to_model(data)
                for cr in compiled:
                    root = _Recorder(doc, (), paths)
                    portfolio = root if kind == "portefoelje" else None
                    ctx = Context(as_of, root, portfolio)
                    prefix = tuple(p for p in cr.scope.collection.split("/") if p)
                    try:
                        # What the scope reads to find its subjects counts too (a scope may
                        # be derived from other lists), except the list it enumerates.
                        found: set[tuple[str, ...]] = set()
                        subjects = list(cr.scope.subjects(_Recorder(doc, (), found)))
                        paths.update(p for p in found if p != prefix)
                        for subject in subjects:
                            item = subject.obj._obj if isinstance(subject.obj, _Recorder) else subject.obj
                            obj = _Recorder(item, (*prefix, "*") if prefix else (), paths)
                            for fact in cr.facts.values():
                                fact.get(obj, ctx)
                    except Exception:  # a fact the recorder cannot follow: treat it as reading everything
                        paths.add(())
            self._reads[key] = frozenset(paths)
        return self._reads[key]


class _Recorder:
    """Stands in for a document model and writes down every attribute path read."""

    def __init__(self, obj: Any, path: tuple[str, ...], log: set[tuple[str, ...]]):
        self._obj = obj
        self._path = path
        self._log = log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._obj, name)
        path = (*self._path, name)
        if isinstance(value, BaseModel):
            return _Recorder(value, path, self._log)
        self._log.add(() if callable(value) else path)
        return value


_ORACLES: dict[int, _Oracle] = {}


def _oracle(rules: Any) -> _Oracle:
    if rules is None:
        from .._engine.evaluate import default_ruleset

        rules = default_ruleset()
    oracle = _ORACLES.get(id(rules))
    if oracle is None or oracle.rules is not rules:
        oracle = _Oracle(rules)
        _ORACLES[id(rules)] = oracle
    return oracle
