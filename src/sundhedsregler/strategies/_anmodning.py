"""Anmodninger om fortsat drift: the fresh-data builder and the variation units."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st

from ._draws import _dates, _drop_none
from ._one_task import _hsa_anm_units, _one_task_data, _one_task_units
from ._variation import _Unit


@st.composite
def _anm_data(draw: st.DrawFn) -> dict[str, Any]:
    return _drop_none(
        _one_task_data(draw, "anmodning_om_fortsat_drift", "ANM", "Anmodning om fortsat drift af", _anm_units())
    )


@functools.cache
def _anm_units() -> tuple[_Unit, ...]:
    return (
        *_one_task_units(),
        _Unit(("afgivet",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("meddelt_ministeriet",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("slut",), _dates(dt.date(2027, 1, 1), dt.date(2030, 12, 31))),
        _Unit(("udgiftsdaekning",), st.sampled_from(["fuld", "delvis", "ingen"])),
        _Unit(("forlaengelse_droeftet_med_aftalepartierne",), st.booleans(), optional=False),
        _Unit(("brugerbetaling",), st.booleans()),
        _Unit(("pladser",), st.integers(min_value=0, max_value=60)),
        _Unit(("start",), _dates(dt.date(2027, 1, 1), dt.date(2028, 12, 1))),
        *_hsa_anm_units(),
    )
