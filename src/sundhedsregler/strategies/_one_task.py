"""What the agreements about one moved task between a region and one municipality share
(horisontale samarbejdsaftaler and anmodninger om fortsat drift): the parties and the
task, and the arrangement, user charges, addenda and settlement."""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ..models import Afregningsgrundlag, Ordning
from ._draws import _OPGAVE, _maybe_value, _place
from ._pools import _OPGAVE_TEKST, _slug
from ._variation import _common_units, _draw_fields, _party_units, _Unit


def _one_task_data(
    draw: st.DrawFn, kind: str, prefix: str, title: str, units: tuple[_Unit, ...]
) -> dict[str, Any]:
    """An agreement between a region and one municipality about one moved task: the
    parties and the task consistent with each other, every other top-level field drawn
    from its variation unit in ``units`` (absent or a value)."""
    region, raad, kommune = draw(_place(council=False))
    opgave = draw(_OPGAVE)
    data: dict[str, Any] = {
        "kind": kind,
        "dokument_id": f"{prefix}-{_slug(kommune)}-{_slug(opgave.split('_')[0])}",
        "titel": _maybe_value(draw, f"{title} {_OPGAVE_TEKST[opgave]} i {kommune} Kommune"),
        "region": region,
        "kommune": kommune,
        "sundhedsraad": raad,
        "opgave": opgave,
    }
    _draw_fields(draw, data, units)
    return data


def _one_task_units() -> list[_Unit]:
    """The units every agreement about one moved task opens with: the document, the
    parties and the task."""
    return [*_common_units(), *_party_units(), _Unit(("opgave",), _OPGAVE, optional=False)]


def _hsa_anm_units() -> list[_Unit]:
    """Variation units shared by the horizontal agreement and the request: the
    arrangement, user charges, addenda and the settlement (real-2025-26.md R1, R2)."""
    return [
        _Unit(("ordning",), st.sampled_from([m.value for m in Ordning])),
        _Unit(("brugerbetaling_for",), st.sampled_from(
            [[], ["medicin_apotek"], ["ophold"], ["kost", "linned"], ["medicin"], ["andet"]])),
        _Unit(("tillaeg",), st.lists(_tillaeg(), max_size=2)),
        _Unit(("afregning", "grundlag"), st.sampled_from([m.value for m in Afregningsgrundlag])),
        _Unit(("afregning", "skoennede_omkostninger_kr"), st.sampled_from([12_000_000, 14_200_000])),
        _Unit(("afregning", "betaling_kr"), st.sampled_from([12_000_000, 14_200_000, 15_000_000])),
        _Unit(("afregning", "avance_kr"), st.sampled_from([0, 1, 500_000])),
        _Unit(("afregning", "udgiftsdaekning_pct"), st.sampled_from([80, 99.99, 100, 100.01, 110])),
    ]


@functools.cache
def _tillaeg() -> SearchStrategy[dict[str, Any]]:
    """An addendum: lawful (new rules or guidelines by 31 December 2026) or not (price,
    another cause, or a date in 2027)."""
    return st.fixed_dictionaries(
        {},
        optional={
            "dato": st.sampled_from(["2026-06-01", "2026-12-31", "2027-01-01", "2027-06-30"]),
            "aarsag": st.sampled_from(["nye_regler", "nye_retningslinjer", "pris", "andet"]),
            "reference": st.sampled_from(["Sundhedsstyrelsens kvalitetsstandard 2026", "Prisregulering"]),
        },
    )
