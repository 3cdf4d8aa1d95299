"""The python backend's compiled conditions (closures) against the interpreter ``holds``."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sundhedsregler._engine.python import PythonBackend, compile_condition, holds

from .conftest import RULES

PROPS = ("a", "b", "c")
# Values of one kind compare; mixed kinds make the ordering operators raise, which both
# sides must do alike.
VALUES = st.one_of(st.integers(-3, 3), st.sampled_from(["x", "y"]), st.booleans(), st.none())


def irs() -> st.SearchStrategy[tuple[Any, ...]]:
    leaves = st.one_of(
        st.tuples(st.just("ex"), st.sampled_from(PROPS)),
        st.tuples(st.just("nex"), st.sampled_from(PROPS)),
        st.tuples(
            st.just("cmp"),
            st.sampled_from(PROPS),
            st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
            VALUES,
        ),
    )
    return st.recursive(
        leaves,
        lambda inner: st.tuples(
            st.sampled_from(["and", "or"]), st.lists(inner, max_size=4).map(tuple)
        ),
        max_leaves=12,
    )


facts = st.dictionaries(st.sampled_from(PROPS), VALUES)


def _outcome(fn: Any, *args: Any) -> object:
    try:
        return bool(fn(*args))
    except TypeError:
        return TypeError


@given(irs(), facts)
def test_closure_agrees_with_interpreter(ir: tuple[Any, ...], fact: dict[str, Any]) -> None:
    assert _outcome(compile_condition(ir), fact) == _outcome(holds, ir, fact)


def test_empty_conjunction_holds_and_empty_disjunction_fails() -> None:
    assert compile_condition(("and", ()))({}) and holds(("and", ()), {})
    assert not compile_condition(("or", ()))({}) and not holds(("or", ()), {})


def test_missing_property_fails_every_comparison() -> None:
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        assert not compile_condition(("cmp", "a", op, 1))({"b": 1})
        assert compile_condition(("cmp", "a", op, 1))({"a": 1}) == holds(("cmp", "a", op, 1), {"a": 1})


def test_backend_matches_interpreter_on_shipped_rules() -> None:
    rules = RULES
    backend = PythonBackend(rules._compiled)
    # Every shipped branch, on facts that give all of its rule's properties one value
    # (values Python cannot order against a literal raise on both sides).
    matched = 0
    for cr in rules._compiled:
        props = sorted({p for b in cr.branches for p in _props(b.ir)})
        for value in (0, 1, 10_000, "ja", True, None):
            fact: dict[str, Any] = {"q": cr.code, "n": 0, **{p: value for p in props}}
            try:
                expected = {(cr.code, 0, b.index) for b in cr.branches if holds(b.ir, fact)}
            except TypeError:
                with pytest.raises(TypeError):
                    backend.run([fact], [])
                continue
            assert backend.run([fact], []) == expected
            matched += len(expected)
    assert matched > 0


def _props(ir: tuple[Any, ...]) -> set[str]:
    if ir[0] in ("and", "or"):
        return set().union(*(_props(x) for x in ir[1])) if ir[1] else set()
    return {ir[1]}
