"""Portfolios: the fresh-data builder (members fitted to the portfolio's council) and the
variation units."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from ..models import Portefoelje
from ._anmodning import _anm_data
from ._delingsaftale import _del_data
from ._draws import _dates, _drop_none, _kroner, _list_of, _maybe, _maybe_value
from ._pools import _COUNCILS_ALL, _GODKENDERE, _KOMMUNER_ALL, _OPGAVER, _REGIONS_ALL, REGION_OEST, SUNDHEDSRAAD, _slug
from ._samarbejdsaftale import _hsa_data
from ._tilsagnsaftale import _til_data
from ._variation import _common_units, _Unit

_MEMBER_DATA: dict[str, Callable[[], SearchStrategy[dict[str, Any]]]] = {
    "tilsagnsaftale": _til_data,
    "horisontal_samarbejdsaftale": _hsa_data,
    "anmodning_om_fortsat_drift": _anm_data,
    "delingsaftale": _del_data,
}


@st.composite
def _pf_data(draw: st.DrawFn, members: SearchStrategy[dict[str, Any]] | None = None) -> dict[str, Any]:
    raad = draw(_council())
    kommuner = list(SUNDHEDSRAAD[raad])
    member_strategy = members if members is not None else _any_member()
    docs = draw(_list_of(member_strategy, max_size=4))
    # Members of one council's portfolio belong to that council and region.
    for doc in docs:
        if doc["kind"] == "tilsagnsaftale":
            doc["sundhedsraad"] = raad
        else:
            doc["region"] = REGION_OEST
            doc["sundhedsraad"] = raad
            doc["kommune"] = draw(_kommune_in(raad))
    for i, doc in enumerate(docs):
        doc["dokument_id"] = f"{doc['dokument_id']}-{i + 1}"  # distinct ids inside one portfolio
    data = {
        "kind": "portefoelje",
        "dokument_id": f"PF-{_slug(raad.removeprefix('Sundhedsråd '))}",
        "titel": _maybe_value(draw, f"Aftaler i {raad}"),
        "sundhedsraad": raad,
        "region": REGION_OEST,
        "kommuner": kommuner,
        "rammer": draw(_rammer()),
        "aftalte_pladser": draw(_maybe(_AFTALTE_PLADSER)),
        # the council's municipalities as input (OF-16.1): all of them, or one more than the
        # portfolio holds, so that hele_sundhedsraad is drawn both ways
        "sundhedsraadenes_kommuner": draw(_maybe(_membership(raad))),
        "driftsbeslutninger": draw(_list_of(_driftsbeslutning(SUNDHEDSRAAD[raad]), max_size=3)),
        "dokumenter": docs,
    }
    return _drop_none(data)


_AFTALTE_PLADSER = st.integers(min_value=0, max_value=300)


@functools.cache
def _council() -> SearchStrategy[str]:
    return st.sampled_from(sorted(SUNDHEDSRAAD))


@functools.cache
def _membership(raad: str) -> SearchStrategy[dict[str, list[str]]]:
    members = list(SUNDHEDSRAAD[raad])
    return st.sampled_from([{raad: members}, {raad: [*members, "Eksempelby"]}])


@functools.cache
def _kommune_in(raad: str) -> SearchStrategy[str]:
    return st.sampled_from(list(SUNDHEDSRAAD[raad]))


@functools.cache
def _any_member() -> SearchStrategy[dict[str, Any]]:
    return st.one_of(*(f() for f in _MEMBER_DATA.values()))


@functools.cache
def _rammer() -> SearchStrategy[list[dict[str, Any]]]:
    return st.lists(
        st.fixed_dictionaries({"budgetaar": st.integers(min_value=2027, max_value=2030), "beloeb_kr": _kroner(120_000)}),
        max_size=3,
        unique_by=lambda r: r["budgetaar"],
    )


@functools.cache
def _driftsbeslutning(kommuner: tuple[str, ...] | None = None) -> SearchStrategy[dict[str, Any]]:
    """A regionsråd's decision on the route of moved tasks (Portefoelje.driftsbeslutninger)."""
    names = kommuner or _KOMMUNER_ALL
    return st.fixed_dictionaries(
        {
            "kommuner": st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True),
            "opgaver": st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True),
            "drift": st.sampled_from(["region", "kommune"]),
        },
        optional={
            "dato": _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
            "besluttet_af": st.sampled_from(_GODKENDERE),
            "indstilling_sundhedsraad": st.sampled_from(["region", "kommune"]),
        },
    )


def _member_data(doc: Any) -> dict[str, Any]:
    if isinstance(doc, Portefoelje) or not isinstance(doc, BaseModel):
        raise InvalidArgument(f"members must draw single documents, not {type(doc).__name__}")
    data: dict[str, Any] = doc.model_dump(mode="json", exclude_none=True)
    return data


@functools.cache
def _pf_units() -> tuple[_Unit, ...]:
    return (
        *_common_units(),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL)),
        _Unit(("aftalte_pladser",), _AFTALTE_PLADSER),
        _Unit(("aftalte_pladser_region",), st.integers(min_value=0, max_value=2000)),
        _Unit(("sundhedsraadenes_kommuner",), st.sampled_from(
            [{raad: list(members)} for raad, members in sorted(SUNDHEDSRAAD.items())]
            + [{"Sundhedsråd Nordsjælland": ["Hillerød"]}, {"Sundhedsråd Midt- og Vestsjælland": ["Holbæk", "Eksempelby"]}])),
        _Unit(("driftsbeslutninger",), st.lists(_driftsbeslutning(), max_size=3)),
        _Unit(("driftsbeslutninger", "*", "drift"), st.sampled_from(["region", "kommune"]), optional=False),
        _Unit(("driftsbeslutninger", "*", "dato"), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("driftsbeslutninger", "*", "besluttet_af"), st.sampled_from(_GODKENDERE)),
    )
