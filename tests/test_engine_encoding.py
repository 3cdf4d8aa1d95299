"""The durable backend's fast fact encoder writes exactly what ``json.dumps`` writes:
the engine compares strings in their escaped form (field notes, item 11), so a
different escape would change which facts match."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sundhedsregler._engine.durable import _encode

ASCII = "".join(chr(i) for i in range(128))


@pytest.mark.parametrize(
    "value",
    [ASCII, "\x7f", "Sundhedsråd Østdanmark", "\ud800", 1.5, 1e-05, 2**62 - 1, -(2**62) + 1, 2**64, -(2**70), True, False, 0],
)
def test_every_kind_of_value_is_written_as_json_dumps_writes_it(value: object) -> None:
    facts = [{"q": 3, "n": 0, "a": value}, {"q": 4, "n": 1, "b": True, "c": "region"}]
    assert _encode(facts) == json.dumps(facts, separators=(",", ":"))


@given(
    st.lists(
        st.dictionaries(
            st.text(st.characters(max_codepoint=0x7F), min_size=1, max_size=4),
            st.one_of(st.booleans(), st.integers(), st.text(max_size=8)),
            max_size=4,
        ),
        max_size=5,
    )
)
def test_generated_facts_are_written_as_json_dumps_writes_them(facts: list[dict[str, object]]) -> None:
    facts = [{"q": 1, "n": i, **f} for i, f in enumerate(facts)]
    assert _encode(facts) == json.dumps(facts, separators=(",", ":"))
