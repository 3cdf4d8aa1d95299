"""Reference data for tilsagnsaftaler that the sources give, each figure with its line.

KL, "Inspirationskatalog – Sundhedsrådsmidler til nære indsatser" (source 000) gives the
national phase-in of the municipal investment money (kommunale investeringsmidler):
312.5 m DKK in 2027, a further 185.5 m in 2028 on top of 2027, and 1.4 bn a year at full
phase-in from 2030 (000:20-27). The money is split first across the 17 sundhedsråd and
then to the municipalities (000:102). The source refers to a chart for the years in
between ("som vist nedenfor", 000:27) whose figures are not in the text, so 2029 has no
sourced figure here; each council's own frame is input data (``Portefoelje.rammer``),
never derived from these national totals.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANTAL_SUNDHEDSRAAD",
    "FULD_INDFASNING_FRA",
    "INDFASNING",
    "NationaltBeloeb",
    "national_ramme_kr",
]


@dataclass(frozen=True)
class NationaltBeloeb:
    """The national amount of municipal investment money for one budget year."""

    budgetaar: int
    beloeb_kr: int
    ref: str
    note: str


# 1.4 bn a year from 2030 (000:20 names the 1.4 bn; 000:27 dates full phase-in to 2030).
FULD_INDFASNING_FRA = 2030
_FULD_INDFASNING_KR = 1_400_000_000

INDFASNING: tuple[NationaltBeloeb, ...] = (
    NationaltBeloeb(2027, 312_500_000, "000:27", "312,5 mio. kr. fra 2027"),
    # 000:27: 2028 adds 185.5 m relative to the 312.5 m of 2027, so 498.0 m in total.
    NationaltBeloeb(2028, 312_500_000 + 185_500_000, "000:27", "312,5 + 185,5 mio. kr."),
    NationaltBeloeb(FULD_INDFASNING_FRA, _FULD_INDFASNING_KR, "000:20, 000:27", "1,4 mia. kr. årligt ved fuld indfasning"),
)

# 000:102: the money is split first across the country's 17 councils.
ANTAL_SUNDHEDSRAAD = 17

_BY_YEAR = {b.budgetaar: b for b in INDFASNING}


def national_ramme_kr(budgetaar: int) -> int | None:
    """The national amount for a budget year in kroner, or None where the source gives
    no figure (before 2027, and 2029)."""
    if budgetaar >= FULD_INDFASNING_FRA:
        return _FULD_INDFASNING_KR
    entry = _BY_YEAR.get(budgetaar)
    return entry.beloeb_kr if entry is not None else None
