"""Oekonomiske dispositioner: the fresh-data builder and the variation units."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st

from ._draws import _OPGAVE_LIST, _dates, _drop_none, _kroner, _place
from ._pools import _DISPOSITIONER, _GAMLE_REGIONER, _GODKENDERE, _KOMMUNER_ALL, _OPGAVER, _REGIONS_ALL, REGION_OEST, _slug
from ._variation import _common_units, _draw_fields, _Unit


@st.composite
def _disp_data(draw: st.DrawFn) -> dict[str, Any]:
    """A significant economic disposition in or around 2026: a municipality's on a moved
    task, or an old region's (Region Hovedstaden, Region Sjælland)."""
    part = draw(_PART)
    if part == "kommune":
        region, _, disponent = draw(_place(council=False))
        opgaver = draw(_OPGAVE_LIST)
    else:
        region, disponent, opgaver = REGION_OEST, draw(_GAMMEL_REGION), []
    data: dict[str, Any] = {
        "kind": "oekonomisk_disposition",
        "dokument_id": f"DISP-{_slug(disponent)}",
        "part": part,
        "disponent": disponent,
        "region": region,
        "opgaver": opgaver,
    }
    _draw_fields(draw, data, _disp_units())
    return _drop_none(data)


_PART = st.sampled_from(["kommune", "region"])
_GAMMEL_REGION = st.sampled_from(_GAMLE_REGIONER)


@functools.cache
def _disp_units() -> tuple[_Unit, ...]:
    return (
        *_common_units(),
        _Unit(("part",), _PART, optional=False),
        _Unit(("disponent",), st.sampled_from((*_KOMMUNER_ALL[:6], *_GAMLE_REGIONER)), optional=False),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("opgaver",), st.lists(st.sampled_from(_OPGAVER), max_size=2, unique=True), optional=False),
        _Unit(("beskrivelse",), st.sampled_from(_DISPOSITIONER)),
        _Unit(("besluttet",), _dates(dt.date(2025, 10, 1), dt.date(2027, 3, 31))),
        _Unit(("beloeb_kr",), _kroner(50_000)),
        _Unit(("vaesentlig",), st.booleans()),
        _Unit(("godkendt_region",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_region_af",), st.sampled_from(_GODKENDERE)),
        _Unit(("godkendt_region_med_forbehold",), st.booleans()),
        _Unit(("aendret_af_forberedende_regionsraad",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("merudgift_kr",), st.one_of(st.just(0), _kroner(10_000))),
    )
