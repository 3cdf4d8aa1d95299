"""Tilsagnsaftaler: the fresh-data builder and the variation units."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ..models import IndsatsKarakter, KravArt, Opgaveomraade
from ._draws import _copied, _dates, _drop_none, _kroner, _list_of, _maybe, _maybe_value, _periode, _place, _text
from ._pools import (
    _COUNCILS_ALL,
    _INDSATSER,
    _KRAV,
    _REGIONS_ALL,
    _TILSAGN_BESLUTTET_AF,
    SUNDHEDSRAAD,
    _slug,
)
from ._variation import _common_units, _Unit


@st.composite
def _til_data(draw: st.DrawFn) -> dict[str, Any]:
    region, raad, kommune = draw(_place(council=True))
    assert raad is not None
    council = list(SUNDHEDSRAAD[raad])
    # bilateral: one municipality; samlet: all of the council's; flere: several, not all
    # (L 42 § 118 c: "en eller flere kommunalbestyrelser"), where the council has three or more.
    aftaletype = draw(_aftaletype(flere=len(council) > 2))
    samlet = aftaletype == "samlet"
    parties = [kommune]
    if aftaletype == "flere":
        others = draw(_other_parties(raad, kommune))
        parties = [k for k in council if k == kommune or k in others]
    first_year = draw(_FIRST_YEAR)
    years = draw(_YEARS)
    amount = draw(_kroner(40_000))
    data = {
        "kind": "tilsagnsaftale",
        "dokument_id": "-".join(
            ("TIL", _slug(raad.removeprefix("Sundhedsråd ")), "SAMLET" if samlet else _slug(kommune), str(first_year))
        ),
        "titel": _maybe_value(draw, f"Tilsagnsaftale om nære sundhedsindsatser {first_year}"),
        "sundhedsraad": raad,
        "region": _maybe_value(draw, region),
        "aftaletype": aftaletype,
        "kommuner": council if samlet else parties,
        "sundhedsraadets_kommuner": _copied(draw(_maybe_council(raad))),
        "indgaaet": draw(_maybe(_dates(dt.date(2025, 6, 1), dt.date(first_year, 6, 30)))),
        "bevillinger": [{"budgetaar": first_year + i, "beloeb_kr": amount} for i in range(years)],
        "indsatser": draw(_list_of(_indsats(), max_size=3)),
        "krav": draw(_list_of(_krav(), max_size=3)),
        "tidsperiode": draw(_maybe(_periode())),
        "bindingsperiode": draw(_maybe(_periode())),
        "ophaevelse": draw(_maybe(_ophaevelse())),
        "informationsdeling": draw(_maybe(_text("informationsdeling"))),
        "kommunal_koordinering": draw(_maybe(st.booleans())),
        "besluttet_af": draw(_maybe(st.sampled_from(_TILSAGN_BESLUTTET_AF))),
        "delegationsgrundlag": draw(_maybe(_text("delegationsgrundlag"))),
        "delegation_dato": draw(_maybe(_dates(dt.date(2025, 6, 1), dt.date(2026, 12, 31)))),
        "regional_ydelsesbetaling": draw(_maybe(_ydelsesbetaling())),
    }
    return _drop_none(data)


_FIRST_YEAR = st.integers(min_value=2027, max_value=2029)
_YEARS = st.integers(min_value=1, max_value=3)


@functools.cache
def _maybe_council(raad: str) -> SearchStrategy[list[str] | None]:
    return _maybe(st.just(list(SUNDHEDSRAAD[raad])))


@functools.cache
def _aftaletype(*, flere: bool) -> SearchStrategy[str]:
    return st.sampled_from(["bilateral", "samlet", "flere"] if flere else ["bilateral", "samlet"])


@functools.cache
def _other_parties(raad: str, kommune: str) -> SearchStrategy[list[str]]:
    """Further parties of a tilsagnsaftale with several, not all, of the council's municipalities."""
    council = SUNDHEDSRAAD[raad]
    return st.lists(
        st.sampled_from([k for k in council if k != kommune]), min_size=1, max_size=len(council) - 2, unique=True
    )


@functools.cache
def _indsats() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "betegnelse": st.sampled_from(_INDSATSER),
            "opgaveomraade": st.sampled_from([m.value for m in Opgaveomraade]),
        },
        optional={
            "hjemmel": _text("hjemmel", placeholders=False),
            "myndighedsansvar": st.sampled_from(["kommune", "region", "sundhedsraad"]),
            "varig": st.booleans(),
            "periode": _periode(),
            "aarligt_beloeb_kr": _kroner(20_000),
            "karakter": st.sampled_from([m.value for m in IndsatsKarakter]),
        },
    )


@functools.cache
def _krav() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"betegnelse": st.sampled_from(_KRAV), "art": st.sampled_from([m.value for m in KravArt])},
        optional={
            "omraader": st.lists(st.sampled_from([m.value for m in Opgaveomraade]), max_size=3, unique=True),
            "skoennet_aarlig_omkostning_kr": _kroner(20_000),
            "binder_til": _dates(dt.date(2026, 1, 1), dt.date(2031, 12, 31)),
        },
    )


@functools.cache
def _bevilling() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"budgetaar": st.integers(min_value=2026, max_value=2030), "beloeb_kr": _kroner(60_000)}
    )


@functools.cache
def _ophaevelse() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"vilkaar": _text("vilkaar")},
        optional={"kan_ophaeves_af": st.lists(st.sampled_from(["kommune", "sundhedsraad"]), unique=True)},
    )


@functools.cache
def _ydelsesbetaling() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={"beloeb_kr": _kroner(5_000), "samtykke_fra_alle_kommunalbestyrelser": st.booleans()}
    )


@functools.cache
def _til_units() -> tuple[_Unit, ...]:
    return (
        *_common_units(),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL), optional=False),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL)),
        _Unit(("indgaaet",), _dates(dt.date(2025, 6, 1), dt.date(2028, 6, 30))),
        _Unit(("bevillinger",), st.lists(_bevilling(), max_size=3)),
        _Unit(("bevillinger", "*", "beloeb_kr"), _kroner(60_000), optional=False),
        _Unit(("bevillinger", "*", "budgetaar"), st.integers(min_value=2026, max_value=2030), optional=False),
        _Unit(("indsatser",), st.lists(_indsats(), max_size=3)),
        _Unit(("indsatser", "*", "betegnelse"), st.sampled_from(_INDSATSER), optional=False),
        _Unit(("indsatser", "*", "varig"), st.booleans()),
        _Unit(("indsatser", "*", "hjemmel"), _text("hjemmel", placeholders=False)),
        _Unit(("indsatser", "*", "aarligt_beloeb_kr"), _kroner(20_000)),
        _Unit(("krav",), st.lists(_krav(), max_size=3)),
        _Unit(("krav", "*", "betegnelse"), st.sampled_from(_KRAV), optional=False),
        _Unit(("krav", "*", "skoennet_aarlig_omkostning_kr"), _kroner(20_000)),
        _Unit(("tidsperiode",), _periode()),
        _Unit(("bindingsperiode",), _periode()),
        _Unit(("ophaevelse", "vilkaar"), _text("vilkaar")),
        _Unit(("informationsdeling",), _text("informationsdeling")),
        _Unit(("kommunal_koordinering",), st.booleans()),
        _Unit(("indsatser", "*", "karakter"), st.sampled_from([m.value for m in IndsatsKarakter])),
        _Unit(("besluttet_af",), st.sampled_from(_TILSAGN_BESLUTTET_AF)),
        _Unit(("delegationsgrundlag",), _text("delegationsgrundlag")),
        _Unit(("delegation_dato",), _dates(dt.date(2025, 6, 1), dt.date(2027, 6, 30))),
        _Unit(("tillaeg_til",), st.sampled_from(["TIL-HOLBAEK-2027", "TIL-MIDT-VESTSJAELLAND-SAMLET-2027"])),
    )
