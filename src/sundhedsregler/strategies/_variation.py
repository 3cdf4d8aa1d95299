"""Variation: the places in a document that may change (units), and seeds varied in them.

A seed document is copied and changed in a few units; shrinking leads back to the seed.
Fresh documents draw their top-level fields from the same units, so generation and
variation reach the same values.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ._draws import _maybe
from ._pools import _COUNCILS_ALL, _KOMMUNER_ALL, _REGIONS_ALL


@dataclass(frozen=True)
class _Unit:
    """A place in a document that variation may change: a field, a field of a nested
    object, a whole list, or one field of one list item (``*`` in the path)."""

    path: tuple[str, ...]
    values: SearchStrategy[Any]
    optional: bool = True


def _common_units() -> list[_Unit]:
    return [
        _Unit(("dokument_id",), st.sampled_from(["DOK-1", "DOK-2", "AFTALE-2026-17"]), optional=False),
        _Unit(("titel",), st.sampled_from(["Aftale", "Udkast til aftale", "Aftale (revideret)"])),
    ]


def _party_units() -> list[_Unit]:
    """The parties of an agreement between a region and one municipality."""
    return [
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("kommune",), st.sampled_from(_KOMMUNER_ALL), optional=False),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
    ]


def _draw_fields(draw: st.DrawFn, data: dict[str, Any], units: tuple[_Unit, ...]) -> None:
    """Draw every top-level field ``data`` does not have yet from its unit (absent or a
    value), in the units' order."""
    for unit in units:
        name = unit.path[0]
        if len(unit.path) == 1 and name not in data:
            data[name] = draw(_maybe(unit.values) if unit.optional else unit.values)


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any, index: int) -> None:
    """Set (or, for None, remove) the value at a unit's path; ``*`` picks item ``index``."""
    node: Any = data
    for i, key in enumerate(path[:-1]):
        if key == "*":
            if not isinstance(node, list) or not node:
                return
            node = node[index % len(node)]
            continue
        nxt = node.get(key)
        if nxt is None:
            if path[i + 1] == "*":
                return
            if value is None:
                return
            nxt = node[key] = {}
        node = nxt
    if not isinstance(node, dict):
        return
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)


class _Seeds(tuple[dict[str, Any], ...]):
    """Seed documents with a short repr (Hypothesis shows strategies' arguments)."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed documents>"


@st.composite
def _varied(
    draw: st.DrawFn, seeds: tuple[dict[str, Any], ...], units: tuple[_Unit, ...], max_changes: int = 4
) -> dict[str, Any]:
    """A seed with up to ``max_changes`` of the given units changed; shrinks to the seed."""
    # Draw an index, not the seed itself: Hypothesis shows a strategy's repr, and a
    # sampled_from over whole documents would be kilobytes long.
    seed_index, changes, unit_of = _variation_draws(len(seeds), units, max_changes)
    data: dict[str, Any] = copy.deepcopy(seeds[draw(seed_index)])
    if units:
        for _ in range(draw(changes)):
            unit = draw(unit_of)
            value = draw(_maybe(unit.values) if unit.optional else unit.values)
            _set_path(data, unit.path, value, draw(_ITEM_INDEX))
    return data


# Which item of a list a unit with ``*`` changes.
_ITEM_INDEX = st.integers(min_value=0, max_value=9)


@functools.lru_cache(maxsize=256)
def _variation_draws(
    seeds: int, units: tuple[_Unit, ...], max_changes: int
) -> tuple[SearchStrategy[int], SearchStrategy[int], SearchStrategy[_Unit]]:
    """The strategies :func:`_varied` draws from, built once per seed count and units
    instead of on every draw (issue 17): which seed, how many changes, which unit. The
    same strategies as built fresh, so the same examples for a seed. Bounded: the units
    are those of a kind or a rule, a few dozen tuples in a run."""
    return (
        st.integers(min_value=0, max_value=seeds - 1),
        st.integers(min_value=0, max_value=max_changes),
        st.sampled_from(units) if units else st.nothing(),
    )


class _Keep:
    """The 'no change' choice of a one-field change (shrinking goes there first)."""

    def __repr__(self) -> str:
        return "<no change>"


_KEEP = _Keep()


def _one_change(doc: Any, unit: _Unit, index: int) -> SearchStrategy[dict[str, Any]]:
    data = doc.model_dump(mode="json", exclude_none=True)
    options: list[SearchStrategy[Any]] = [st.just(_KEEP), *([st.none()] if unit.optional else []), unit.values]
    return st.one_of(options).map(lambda v: data if v is _KEEP else _changed(data, unit.path, v, index))


def _changed(data: dict[str, Any], path: tuple[str, ...], value: Any, index: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    _set_path(out, path, value, index)
    return out


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two paths touch: one is a prefix of the other (``*`` is any item)."""
    return all(x == y for x, y in zip(a, b))


def _split_units(
    units: tuple[_Unit, ...], read: frozenset[tuple[str, ...]]
) -> tuple[tuple[_Unit, ...], tuple[_Unit, ...]]:
    """(units that touch none of the read paths, units that touch one)."""
    free = tuple(u for u in units if not any(_overlaps(u.path, r) for r in read))
    return free, tuple(u for u in units if u not in free)
