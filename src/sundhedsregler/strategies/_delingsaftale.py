"""Delingsaftaler: the fresh-data builder and the variation units."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ..models import Delingsanledning, PostKategori
from ._draws import _OPGAVE_LIST, _dates, _drop_none, _kroner, _list_of, _maybe, _maybe_value, _place
from ._pools import _GODKENDERE, _OPGAVE_TEKST, _POSTER, _slug
from ._variation import _common_units, _party_units, _Unit


@st.composite
def _del_data(draw: st.DrawFn) -> dict[str, Any]:
    region, raad, kommune = draw(_place(council=False))
    opgaver = draw(_OPGAVE_LIST)
    data: dict[str, Any] = {
        "kind": "delingsaftale",
        "dokument_id": f"DEL-{_slug(kommune)}-{_slug(opgaver[0].split('_')[0])}",
        "titel": _maybe_value(draw, f"Delingsaftale om {_OPGAVE_TEKST[opgaver[0]]}, {kommune} Kommune"),
        "region": region,
        "kommune": kommune,
        "sundhedsraad": raad,
        "opgaver": opgaver,
        "udkast_leveret": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "godkendt_regionsraad": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "godkendt_kommunalbestyrelse": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "poster": draw(_list_of(_post(), max_size=4)),
        "vederlag_kr": draw(_maybe(_vederlag())),
        "anledning": draw(_maybe(_anledning())),
        "overtagelsesdato": draw(_maybe(_overtagelsesdato())),
        "intet_overdrages": draw(_maybe(st.booleans())),
        "godkendt_regionsraad_af": draw(_maybe(_godkender())),
        "godkendt_regionsraad_med_forbehold": draw(_maybe(st.booleans())),
        "godkendt_kommunalbestyrelse_med_forbehold": draw(_maybe(st.booleans())),
        "delingsraad": draw(_maybe(_delingsraad())),
    }
    return _drop_none(data)


@functools.cache
def _post() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"betegnelse": st.sampled_from(_POSTER), "kategori": st.sampled_from([m.value for m in PostKategori])},
        optional={
            "andel_til_opgaven_pct": st.integers(min_value=0, max_value=100),
            "vurderingsdato": st.one_of(st.just("2025-05-25"), _dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30))),
            "fastsat_af": st.sampled_from(["parterne", "delingsraadet"]),
            "ansatte_informeret": _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)),
            "ansatte_hoert": _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)),
        },
    )


@functools.cache
def _vederlag() -> SearchStrategy[int]:
    return st.one_of(st.just(0), _kroner(10_000))


@functools.cache
def _anledning() -> SearchStrategy[str]:
    return st.sampled_from([m.value for m in Delingsanledning])


@functools.cache
def _overtagelsesdato() -> SearchStrategy[str]:
    return st.one_of(st.just("2027-01-01"), _dates(dt.date(2026, 6, 1), dt.date(2030, 12, 31)))


@functools.cache
def _godkender() -> SearchStrategy[str]:
    return st.sampled_from(_GODKENDERE)


@functools.cache
def _delingsraad() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "indbragt": _dates(dt.date(2026, 6, 1), dt.date(2026, 12, 31)),
            "afgoerelse": _dates(dt.date(2026, 7, 1), dt.date(2027, 3, 31)),
        },
    )


@functools.cache
def _del_units() -> tuple[_Unit, ...]:
    return (
        *_common_units(),
        *_party_units(),
        _Unit(("opgaver",), _OPGAVE_LIST, optional=False),
        _Unit(("udkast_leveret",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_regionsraad",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_kommunalbestyrelse",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("poster",), st.lists(_post(), max_size=4)),
        _Unit(("poster", "*", "betegnelse"), st.sampled_from(_POSTER), optional=False),
        _Unit(("poster", "*", "kategori"), st.sampled_from([m.value for m in PostKategori]), optional=False),
        _Unit(("poster", "*", "andel_til_opgaven_pct"), st.integers(min_value=0, max_value=100)),
        _Unit(("poster", "*", "vurderingsdato"), _dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30))),
        _Unit(("vederlag_kr",), _vederlag()),
        _Unit(("delingsraad", "indbragt"), _dates(dt.date(2026, 6, 1), dt.date(2026, 12, 31))),
        _Unit(("delingsraad", "afgoerelse"), _dates(dt.date(2026, 7, 1), dt.date(2027, 3, 31))),
        *_del_new_units(),
    )


def _del_new_units() -> list[_Unit]:
    """The delingsaftale's fields on occasion, takeover, approvals and items (issue 13),
    so variation reaches both the compliant and the violating values of each."""
    return [
        _Unit(("anledning",), _anledning()),
        _Unit(("overtagelsesdato",), _overtagelsesdato()),
        _Unit(("intet_overdrages",), st.booleans()),
        _Unit(("godkendt_regionsraad_af",), _godkender()),
        _Unit(("godkendt_regionsraad_med_forbehold",), st.booleans()),
        _Unit(("godkendt_kommunalbestyrelse_med_forbehold",), st.booleans()),
        _Unit(("poster", "*", "fastsat_af"), st.sampled_from(["parterne", "delingsraadet"])),
        _Unit(("poster", "*", "ansatte_informeret"), _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31))),
        _Unit(("poster", "*", "ansatte_hoert"), _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31))),
    ]
