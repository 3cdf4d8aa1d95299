"""The document kinds: each kind's fresh-data builder and variation units, by kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis.strategies import SearchStrategy

from ._anmodning import _anm_units
from ._delingsaftale import _del_units
from ._disposition import _disp_data, _disp_units
from ._portefoelje import _MEMBER_DATA, _pf_data, _pf_units
from ._samarbejdsaftale import _hsa_units
from ._tilsagnsaftale import _til_units
from ._variation import _Unit

# The economic disposition is not a member kind of a portfolio (Portefoelje.dokumenter).
_FRESH: dict[str, Callable[[], SearchStrategy[dict[str, Any]]]] = {
    **_MEMBER_DATA,
    "oekonomisk_disposition": _disp_data,
    "portefoelje": _pf_data,
}


_UNITS: dict[str, Callable[[], tuple[_Unit, ...]]] = {
    "tilsagnsaftale": _til_units,
    "horisontal_samarbejdsaftale": _hsa_units,
    "anmodning_om_fortsat_drift": _anm_units,
    "delingsaftale": _del_units,
    "oekonomisk_disposition": _disp_units,
    "portefoelje": _pf_units,
}


def _units(kind: str) -> tuple[_Unit, ...]:
    """The variation units of one kind (each kind's builder caches its units)."""
    return _UNITS[kind]()
