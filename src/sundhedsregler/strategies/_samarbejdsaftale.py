"""Horisontale samarbejdsaftaler: the fresh-data builder and the variation units."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ._draws import _copied, _dates, _drop_none, _maybe, _text
from ._one_task import _hsa_anm_units, _one_task_data, _one_task_units
from ._pools import _GODKENDERE, _OPGAVER
from ._variation import _Unit


@st.composite
def _hsa_data(draw: st.DrawFn) -> dict[str, Any]:
    data = _one_task_data(
        draw, "horisontal_samarbejdsaftale", "HSA", "Horisontal samarbejdsaftale om", _hsa_units()
    )
    opsigelse = draw(_maybe(_opsigelse()))
    if opsigelse is not None and "kan_opsiges_af" in opsigelse:
        opsigelse["kan_opsiges_af"] = _copied(opsigelse["kan_opsiges_af"])
    data["opsigelse"] = opsigelse
    return _drop_none(data)


@functools.cache
def _opsigelse() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "varsel_maaneder": st.sampled_from([9, 6, 12, 3]),
            "kan_opsiges_af": st.sampled_from([["region", "kommune"], ["region"], ["kommune"]]),
        },
    )


@functools.cache
def _hsa_units() -> tuple[_Unit, ...]:
    units = [
        *_one_task_units(),
        _Unit(("myndighedsansvar",), st.sampled_from(["kommune", "region"])),
        _Unit(("godkendt_regionsraad",), _dates()),
        _Unit(("godkendt_kommunalbestyrelse",), _dates()),
        _Unit(("sendt_til_ministeriet",), _dates()),
        _Unit(("opsigelse", "varsel_maaneder"), st.integers(min_value=0, max_value=24)),
        _Unit(("opsigelse", "kan_opsiges_af"), st.sampled_from([["region", "kommune"], ["region"], ["kommune"], []])),
        _Unit(("start",), _dates(dt.date(2026, 6, 1), dt.date(2027, 12, 31))),
        _Unit(("brugerbetaling",), st.booleans()),
        _Unit(("pladser",), st.integers(min_value=0, max_value=60)),
        *_hsa_anm_units(),
        _Unit(("godkendt_regionsraad_af",), st.sampled_from(_GODKENDERE)),
        _Unit(("godkendt_regionsraad_med_forbehold",), st.booleans()),
        _Unit(("godkendt_kommunalbestyrelse_med_forbehold",), st.booleans()),
        _Unit(("slut",), _dates(dt.date(2027, 1, 1), dt.date(2031, 12, 31))),
        # "hele eller dele af driften" (003:132): the scope OF-17 reads.
        _Unit(("omfang",), st.sampled_from(["hele", "dele"])),
        _Unit(("opgaver",), st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True)),
        _Unit(("regionens_bidrag",), st.sampled_from(
            [["faglig", "personale"], ["faglig", "udstyr", "betaling"], ["betaling"], ["personale"]])),
        # The udbudsloven § 15 elements (real-2025-26.md R4): shares below, at and above 20 %.
        _Unit(("udbudsvurdering", "markedsandel_region_pct"), st.sampled_from([0, 5, 19.9, 20, 35])),
        _Unit(("udbudsvurdering", "markedsandel_kommune_pct"), st.sampled_from([0, 2, 19.9, 20, 50])),
        _Unit(("udbudsvurdering", "faelles_maal"), st.booleans()),
        _Unit(("udbudsvurdering", "kun_offentlig_interesse"), st.booleans()),
        _Unit(("udbudsvurdering", "vurderet"), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    ]
    for clause in ("faelles_maal", "bidrag_region", "bidrag_kommune", "ansvarsfordeling", "finansiering",
                   "opfoelgning", "misligholdelse", "serviceniveau", "maalgruppe", "kapacitet",
                   "aktivitetsregulering"):
        units.append(_Unit((clause,), _text(clause)))
    return tuple(units)
