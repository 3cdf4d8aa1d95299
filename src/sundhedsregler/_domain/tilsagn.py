"""Readings of tilsagnsaftaler and of portfolios of them (KL inspirationskatalog, 000):
funded periods and areas, the council's municipalities, requirements in force, and
what the portfolio's agreements commit per year and per municipality.

An agreement counts as concluded when its ``indgaaet`` date is on or before the
evaluation date; the portfolio sums only concluded agreements and shows the rest
separately as drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..models import FlyttetOpgave, Indsats, Krav, Opgaveomraade, Portefoelje, Tilsagnsaftale

__all__ = [
    "MOVED_AREAS",
    "REGIONAL_AREA",
    "CouncilParties",
    "any_permanent",
    "council_municipalities",
    "council_parties",
    "effort_last_day",
    "funded_areas",
    "is_tilsagn_portfolio",
    "last_funded_day",
    "pays_for_regional_services",
    "portfolio_agreements",
    "requirement_applies_until",
    "temporary_share_amounts",
    "unfunded_areas",
    "year_totals",
]

MOVED_AREAS = frozenset(t.value for t in FlyttetOpgave)
REGIONAL_AREA = Opgaveomraade.regional_sundhed.value


def last_funded_day(doc: Tilsagnsaftale) -> dt.date | None:
    """31 December of the last budget year the agreement funds (None without any)."""
    years = [b.budgetaar for b in doc.bevillinger]
    return dt.date(max(years), 12, 31) if years else None


def year_totals(doc: Tilsagnsaftale) -> dict[int, int]:
    """Committed amount per budget year, summed over municipalities, in year order."""
    totals: dict[int, int] = {}
    for b in sorted(doc.bevillinger, key=lambda b: b.budgetaar):
        totals[b.budgetaar] = totals.get(b.budgetaar, 0) + b.beloeb_kr
    return totals


def council_municipalities(doc: Tilsagnsaftale, portfolio: Any) -> list[str] | None:
    """The municipalities of the agreement's sundhedsråd: the agreement's own list, else
    the list of the portfolio it is evaluated in (input data either way), else None."""
    if doc.sundhedsraadets_kommuner is not None:
        return list(doc.sundhedsraadets_kommuner)
    pf = portfolio
    if isinstance(pf, Portefoelje) and pf.kommuner and (pf.sundhedsraad in (None, doc.sundhedsraad)):
        return list(pf.kommuner)
    return None


@dataclass(frozen=True)
class CouncilParties:
    """The council's municipalities, and how the agreement's parties differ from them."""

    members: list[str]
    outside: list[str]  # the parties that are not municipalities of the council
    missing: list[str]  # the council's municipalities the agreement does not name


def council_parties(doc: Tilsagnsaftale, portfolio: Any) -> CouncilParties | None:
    """The agreement's parties against its council's municipalities (None: council unknown)."""
    members = council_municipalities(doc, portfolio)
    if members is None:
        return None
    return CouncilParties(members, [k for k in doc.kommuner if k not in members], [k for k in members if k not in doc.kommuner])


def requirement_applies_until(krav: Krav, doc: Tilsagnsaftale) -> dt.date | None:
    """The last day a requirement binds: its own ``binder_til``, else the end of the
    agreement's binding period (a requirement without its own end is read as binding as
    long as the agreement binds), else None."""
    if krav.binder_til is not None:
        return krav.binder_til
    if doc.bindingsperiode is not None and doc.bindingsperiode.slut is not None:
        return doc.bindingsperiode.slut
    return None


def effort_last_day(indsats: Indsats, doc: Tilsagnsaftale) -> dt.date | None:
    """The last day a funded effort runs: its own period end, else the end of the last
    budget year funded, else None."""
    if indsats.periode is not None and indsats.periode.slut is not None:
        return indsats.periode.slut
    return last_funded_day(doc)


def funded_areas(doc: Tilsagnsaftale) -> set[str]:
    """Task areas of the funded efforts."""
    return {i.opgaveomraade.value for i in doc.indsatser}


def unfunded_areas(krav: Krav, doc: Tilsagnsaftale) -> list[str] | None:
    """Areas a requirement reaches that no funded effort is in (None when the
    requirement names no areas: its reach is then unknown)."""
    if not krav.omraader:
        return None
    funded = funded_areas(doc)
    return [a.value for a in krav.omraader if a.value not in funded]


def temporary_share_amounts(doc: Tilsagnsaftale) -> tuple[int | None, int | None]:
    """(annual amount of all efforts, annual amount of temporary efforts); each None
    when an effort lacks what is needed to count it."""
    if any(i.aarligt_beloeb_kr is None for i in doc.indsatser):
        return None, None
    total = sum(i.aarligt_beloeb_kr or 0 for i in doc.indsatser)
    if any(i.varig is None for i in doc.indsatser):
        return total, None
    temporary = sum(i.aarligt_beloeb_kr or 0 for i in doc.indsatser if i.varig is False)
    return total, temporary


def any_permanent(doc: Tilsagnsaftale) -> bool | None:
    """True if some effort is permanent capacity, False if all are temporary, None when
    no effort is permanent and some do not say."""
    values = [i.varig for i in doc.indsatser]
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def pays_for_regional_services(doc: Tilsagnsaftale) -> bool:
    """The agreement uses the money for regional health services: a recorded payment
    for regional services, or a funded effort in the regional area (000:50)."""
    betaling = doc.regional_ydelsesbetaling
    recorded = betaling is not None and (betaling.beloeb_kr is None or betaling.beloeb_kr > 0)
    return recorded or any(i.opgaveomraade.value == REGIONAL_AREA for i in doc.indsatser)


def portfolio_agreements(pf: Portefoelje) -> list[Tilsagnsaftale]:
    """The tilsagnsaftaler of a portfolio."""
    return [d for d in pf.dokumenter if isinstance(d, Tilsagnsaftale)]


def is_tilsagn_portfolio(pf: Portefoelje) -> bool:
    """A portfolio holding tilsagnsaftaler (or nothing yet). One of opgaveflyt documents
    only is not: its municipalities are not missing a share of the money."""
    return not pf.dokumenter or any(d.kind == "tilsagnsaftale" for d in pf.dokumenter)
