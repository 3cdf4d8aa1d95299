"""Primitive draws shared by the document builders and variation: places, dates,
amounts, clause texts and optional fields.

The strategy builders are cached: a composite strategy calls them on every draw, and
building (and validating) a strategy object costs more than drawing from it (issue 17).
Strategies are immutable, so sharing one object is safe; the draws, and so the examples
for a seed, are the same as with fresh objects.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ._pools import _OPGAVER, _PLACEHOLDER_TEXTS, _TEXTS, OTHER_REGIONS, REGION_OEST, SUNDHEDSRAAD


T = TypeVar("T")


@functools.cache
def _place(*, council: bool) -> SearchStrategy[tuple[str, str | None, str]]:
    """(region, sundhedsråd or None, municipality), consistent with each other."""
    oest = st.sampled_from(sorted(SUNDHEDSRAAD)).flatmap(_place_in_council)
    if council:
        return oest
    other = st.sampled_from(sorted(OTHER_REGIONS)).flatmap(_place_in_region)
    return st.one_of(oest, other)


@functools.cache
def _place_in_council(raad: str) -> SearchStrategy[tuple[str, str | None, str]]:
    return st.sampled_from(SUNDHEDSRAAD[raad]).map(lambda k: (REGION_OEST, cast("str | None", raad), k))


@functools.cache
def _place_in_region(region: str) -> SearchStrategy[tuple[str, str | None, str]]:
    return st.sampled_from(OTHER_REGIONS[region]).map(lambda k: (region, cast("str | None", None), k))


@functools.cache
def _dates(lo: dt.date = dt.date(2025, 1, 1), hi: dt.date = dt.date(2028, 12, 31)) -> SearchStrategy[str]:
    return st.dates(min_value=lo, max_value=hi).map(dt.date.isoformat)


@functools.cache
def _kroner(max_thousands: int = 50_000) -> SearchStrategy[int]:
    # Whole thousands of kroner read like real budget lines and shrink to 0.
    return st.integers(min_value=0, max_value=max_thousands).map(lambda t: t * 1000)


@functools.cache
def _text(field: str, *, placeholders: bool = True) -> SearchStrategy[str]:
    good = st.sampled_from(_TEXTS[field])
    return st.one_of(good, st.sampled_from(_PLACEHOLDER_TEXTS)) if placeholders else good


# Bounded: the callers pass cached strategies, but a cache keyed by strategy objects
# must not grow without end should one pass fresh ones.
@functools.lru_cache(maxsize=1024)
def _maybe(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """An optional field: absent (None) is the simplest value, so it shrinks there."""
    return st.one_of(st.none(), strategy)


# Keyed by the value, not a strategy: an optional field with a value fixed by the rest
# of the document (a title, a region). The strategy, not only the draw, must be that of
# ``_maybe(st.just(value))``: Hypothesis labels a ``just`` by its value, and the labels
# steer its generation, so another strategy would give other examples for a seed.
@functools.lru_cache(maxsize=4096)
def _maybe_just(value: str) -> SearchStrategy[str | None]:
    return _maybe(st.just(value))


def _maybe_value(draw: st.DrawFn, value: str) -> str | None:
    """``value`` or None (absent), drawn like ``draw(_maybe(st.just(value)))``."""
    return draw(_maybe_just(value))


@functools.cache
def _periode() -> SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda start, years: {"start": start.isoformat(), "slut": dt.date(start.year + years, 12, 31).isoformat()},
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 1, 1)),
        st.integers(min_value=0, max_value=3),
    )


@functools.cache
def _list_of(elements: SearchStrategy[T], *, max_size: int) -> SearchStrategy[list[T]]:
    return st.lists(elements, max_size=max_size)


def _drop_none(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _copied(value: list[str] | None) -> list[str] | None:
    """A list drawn from a shared strategy, as the document's own (the caller may change it)."""
    return None if value is None else list(value)


_OPGAVE = st.sampled_from(_OPGAVER)
_OPGAVE_LIST = st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True)
