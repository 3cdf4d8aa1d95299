"""Facts of a ``tilsagnsaftale`` (KL inspirationskatalog, 000), a section per subject:
the document, each ``bevilling``, each distinct ``budgetaar``, each funded ``indsats``
and each ``krav``. The readings they are computed by are in ``_domain.tilsagn``; the
facts of portfolios of tilsagnsaftaler are in ``portefoelje``.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .base import Context, list_items, scope, text_list
from .._domain.acts import done
from .._domain.reference_opgaveflyt import OPGAVENAVNE
from .._domain.tilsagn import (
    MOVED_AREAS,
    REGIONAL_AREA,
    CouncilParties,
    any_permanent,
    council_parties,
    effort_last_day,
    funded_areas,
    last_funded_day,
    pays_for_regional_services,
    requirement_applies_until,
    temporary_share_amounts,
    unfunded_areas,
    year_totals,
)
from ..models import Indsats, IndsatsKarakter, Krav, KravArt, Opgaveomraade, Tilsagnsaftale


# How task areas and parties are named in messages: the Danish terms with æ, ø and å,
# used in both languages as the terms of the law (the enum values are ASCII-folded).
AREA_LABELS = {
    "sundhed": "sundhed",
    "aeldre": "ældre",
    "social": "social",
    "boern_og_unge": "børn og unge",
    "beskaeftigelse": "beskæftigelse",
    **OPGAVENAVNE,  # the four moved tasks, named as the sources write them (003:5-8)
    "regional_sundhed": "regional sundhed",
}
# Parties in messages, in the definite form each language needs ("hos sundhedsrådet",
# "with the sundhedsråd").
PART_LABELS = {"kommune": "kommunen", "region": "regionen", "sundhedsraad": "sundhedsrådet"}
PART_LABELS_EN = {"kommune": "the municipality", "region": "the region", "sundhedsraad": "the sundhedsråd"}


def area_label(value: str) -> str:
    """The display name of a task area value."""
    return AREA_LABELS.get(value, value)


# --- the document ----------------------------------------------------------------------

TIL = scope("tilsagnsaftale", "dokument", "the tilsagn agreement")
TIL.field(
    "aftaletype",
    "enum",
    "bilateral (one municipality), samlet (all of the council's) or flere (several, not all)",
    values=("bilateral", "samlet", "flere"),
)
TIL.field("indgaaet", "date", "date the agreement was concluded", act=True)
TIL.field("tidsperiode_start", "date", "first day of the tilsagn's time period", path=("tidsperiode", "start"))
TIL.field("tidsperiode_slut", "date", "last day of the tilsagn's time period", path=("tidsperiode", "slut"))
TIL.field("bindingsperiode_start", "date", "first day of the binding period", path=("bindingsperiode", "start"))
TIL.field("bindingsperiode_slut", "date", "last day of the binding period", path=("bindingsperiode", "slut"))
TIL.field("kommunal_koordinering", "bool", "the municipalities of the council discussed and coordinated before the agreement")
TIL.field(
    "samtykke_fra_alle_kommunalbestyrelser",
    "bool",
    "all municipal councils of the sundhedsråd agreed to paying for regional services",
    path=("regional_ydelsesbetaling", "samtykke_fra_alle_kommunalbestyrelser"),
)
TIL.field(
    "regional_ydelsesbeloeb_kr",
    "int",
    "amount used to pay for regional services, in kroner",
    path=("regional_ydelsesbetaling", "beloeb_kr"),
    unit="kroner",
)
TIL.field(
    "besluttet_af",
    "enum",
    "who decided the tilsagn on the region's side (regionsråd, forberedende regionsråd, sundhedsråd, the chair alone)",
    values=("regionsraad", "forberedende_regionsraad", "sundhedsraad", "formand"),
)
TIL.field("delegationsgrundlag", "text", "the delegation the decision rests on (styrelsesvedtægt or the regionsråd's resolution)")
TIL.field("delegation_dato", "date", "date of the regionsråd's delegation decision", act=True)
TIL.field("tillaeg_til", "text", "the agreement this one amends (absent: not an amendment)")


TIL.filled(
    "delegation_udfyldt",
    "the delegation basis is recorded (absent: none recorded; false: a placeholder)",
    path=("delegationsgrundlag",),
)


@TIL.derived("parter", "text", "the municipalities that are party to the agreement, for messages", pointer="/kommuner")
def _til_parter(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    return text_list(doc.kommuner)


@TIL.derived("antal_kommuner", "int", "number of municipalities that are party to the agreement", pointer="/kommuner")
def _til_antal_kommuner(doc: Tilsagnsaftale, ctx: Context) -> int:
    return len(doc.kommuner)


# Five facts below read the council's municipalities and the two differences from
# them (a count fact and a names fact each): they are derived once per evaluated
# document, for the Context of its unit. A Context is made per document and evaluation,
# so a later evaluation never sees an earlier one's; it is held weakly, so that no
# document outlives its evaluation here.
_parties_of: tuple[weakref.ref[Context], CouncilParties | None] | None = None


def _parties(doc: Tilsagnsaftale, ctx: Context) -> CouncilParties | None:
    global _parties_of
    last = _parties_of
    if last is not None and last[0]() is ctx and ctx.document is doc:
        return last[1]
    found = council_parties(doc, ctx.portfolio)
    if ctx.document is doc:
        _parties_of = (weakref.ref(ctx), found)
    return found


@TIL.derived(
    "sundhedsraadets_kommuner",
    "text",
    "the municipalities of the sundhedsråd (the agreement's list, else the portfolio's)",
    pointer="/sundhedsraadets_kommuner",
)
def _til_raadets_kommuner(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    parties = _parties(doc, ctx)
    return None if parties is None else list(parties.members)


@TIL.derived("antal_kommuner_uden_for_raadet", "int", "parties that are not municipalities of the council", pointer="/kommuner")
def _til_antal_uden_for(doc: Tilsagnsaftale, ctx: Context) -> int | None:
    parties = _parties(doc, ctx)
    return None if parties is None else len(parties.outside)


@TIL.derived("kommuner_uden_for_raadet", "text", "names of the parties that are not municipalities of the council", pointer="/kommuner")
def _til_uden_for(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    parties = _parties(doc, ctx)
    return None if parties is None else text_list(parties.outside)


@TIL.derived("antal_manglende_kommuner", "int", "municipalities of the council the agreement does not name", pointer="/kommuner")
def _til_antal_manglende(doc: Tilsagnsaftale, ctx: Context) -> int | None:
    parties = _parties(doc, ctx)
    return None if parties is None else len(parties.missing)


@TIL.derived("manglende_kommuner", "text", "names of the council's municipalities the agreement does not name", pointer="/kommuner")
def _til_manglende(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    parties = _parties(doc, ctx)
    return None if parties is None else text_list(parties.missing)


TIL.filled(
    "informationsdeling_udfyldt",
    "the information-sharing clause says something (absent: no clause; a placeholder: false)",
    path=("informationsdeling",),
)
TIL.filled("ophaevelse_udfyldt", "the revocation terms say something", path=("ophaevelse", "vilkaar"))


@TIL.derived("antal_ophaevende_parter", "int", "how many parties the revocation terms name", pointer="/ophaevelse/kan_ophaeves_af")
def _til_antal_ophaevende(doc: Tilsagnsaftale, ctx: Context) -> int | None:
    return None if doc.ophaevelse is None else len(set(doc.ophaevelse.kan_ophaeves_af))


@TIL.derived(
    "begge_parter_kan_ophaeve",
    "bool",
    "both the municipality and the council side (sundhedsråd or region) can revoke",
    pointer="/ophaevelse/kan_ophaeves_af",
)
def _til_begge_kan_ophaeve(doc: Tilsagnsaftale, ctx: Context) -> bool | None:
    if doc.ophaevelse is None:
        return None
    parts = set(doc.ophaevelse.kan_ophaeves_af)
    return "kommune" in parts and bool(parts & {"sundhedsraad", "region"})


@TIL.derived("ophaevelse_parter", "text", "the parties the revocation terms name, in Danish, for messages", pointer="/ophaevelse/kan_ophaeves_af")
def _til_ophaevelse_parter(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    return None if doc.ophaevelse is None else text_list(PART_LABELS.get(p, p) for p in doc.ophaevelse.kan_ophaeves_af)


@TIL.derived(
    "ophaevelse_parter_en",
    "text",
    "the parties the revocation terms name, in English, for messages",
    pointer="/ophaevelse/kan_ophaeves_af",
)
def _til_ophaevelse_parter_en(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    return None if doc.ophaevelse is None else text_list(PART_LABELS_EN.get(p, p) for p in doc.ophaevelse.kan_ophaeves_af)


@TIL.derived(
    "betaler_regionale_ydelser",
    "bool",
    "the money pays for regional health services (recorded payment or an effort in the regional area)",
    pointer="/regional_ydelsesbetaling",
)
def _til_betaler_regionale(doc: Tilsagnsaftale, ctx: Context) -> bool:
    return pays_for_regional_services(doc)


@TIL.derived("budgetaarene", "text", "the budget years the agreement funds, in order (absent: none)", pointer="/bevillinger")
def _til_budgetaarene(doc: Tilsagnsaftale, ctx: Context) -> list[str] | None:
    return text_list(str(year) for year in year_totals(doc))


@TIL.derived("antal_indsatser", "int", "number of funded efforts", pointer="/indsatser")
def _til_antal_indsatser(doc: Tilsagnsaftale, ctx: Context) -> int:
    return len(doc.indsatser)


@TIL.derived(
    "indsatser_varig",
    "bool",
    "some funded effort is permanent capacity (false: all temporary; absent: not stated for all)",
    pointer="/indsatser",
)
def _til_indsatser_varig(doc: Tilsagnsaftale, ctx: Context) -> bool | None:
    return any_permanent(doc) if doc.indsatser else None


@TIL.derived(
    "indsatser_aarligt_beloeb_kr",
    "int",
    "annual amount of all funded efforts, in kroner (absent if an effort has no amount)",
    pointer="/indsatser",
    unit="kroner",
)
def _til_indsatser_beloeb(doc: Tilsagnsaftale, ctx: Context) -> int | None:
    return temporary_share_amounts(doc)[0]


@TIL.derived(
    "midlertidige_aarligt_beloeb_kr",
    "int",
    "annual amount of the temporary efforts, in kroner (absent if an effort has no amount or no varig)",
    pointer="/indsatser",
    unit="kroner",
)
def _til_midlertidige_beloeb(doc: Tilsagnsaftale, ctx: Context) -> int | None:
    return temporary_share_amounts(doc)[1]


# --- each bevilling (amount for one budget year) -----------------------------------------

BEV = scope(
    "tilsagnsaftale",
    "bevilling",
    "each budget year the agreement funds",
    items=list_items("bevillinger"),
    collection="/bevillinger",
)
BEV.field("budgetaar", "int", "the budget year funded", unit="year")
BEV.field("beloeb_kr", "int", "the amount committed for the year, in kroner", unit="kroner")


@BEV.derived("indgaaet", "date", "date the agreement was concluded", pointer="/indgaaet", pointer_base="unit")
def _bev_indgaaet(item: Any, ctx: Context) -> Any:
    return done(ctx.document.indgaaet, ctx.as_of)


# --- each distinct budget year of the agreement -------------------------------------------


@dataclass(frozen=True)
class Aarstilsagn:
    """The agreement's total commitment for one budget year."""

    budgetaar: int
    beloeb_kr: int


def _budget_years(doc: Tilsagnsaftale) -> Iterable[tuple[str, Any]]:
    first: dict[int, int] = {}
    for i, b in enumerate(doc.bevillinger):
        first.setdefault(b.budgetaar, i)
    for year, total in year_totals(doc).items():
        yield f"/bevillinger/{first[year]}", Aarstilsagn(year, total)


AAR = scope(
    "tilsagnsaftale",
    "budgetaar",
    "each distinct budget year the agreement funds, with the year's total",
    items=_budget_years,
    collection="/bevillinger",
)
AAR.field("budgetaar", "int", "the budget year", unit="year")
AAR.field("beloeb_kr", "int", "the total committed for the year, all municipalities, in kroner", path=("beloeb_kr",), unit="kroner")


# Which requirements bind in a budget year, and what they cost together, is FA-3b.2's
# reading: its selection over `krav` (rules/forarsaftalen-2025/FA-3b.2.yaml).


# --- each funded effort ----------------------------------------------------------------

IND = scope(
    "tilsagnsaftale",
    "indsats",
    "each funded effort",
    items=list_items("indsatser"),
    collection="/indsatser",
)
IND.field("betegnelse", "text", "the effort's name")
IND.field("opgaveomraade", "enum", "the task area of the effort", values=Opgaveomraade)
IND.field("myndighedsansvar", "enum", "who the agreement says holds myndighedsansvar for the effort", values=("kommune", "region", "sundhedsraad"))
IND.field("varig", "bool", "permanent capacity (false: a temporary lift, trial or project)")
IND.field(
    "karakter",
    "enum",
    "new effort, expansion of an existing effort, or existing operation without expansion (000:22)",
    values=IndsatsKarakter,
)


@IND.derived("omraade", "text", "display name of the effort's task area", pointer="/opgaveomraade")
def _ind_omraade(item: Indsats, ctx: Context) -> str:
    return area_label(item.opgaveomraade.value)


@IND.derived("ansvarlig", "text", "the party the agreement gives myndighedsansvar, in Danish, for messages", pointer="/myndighedsansvar")
def _ind_ansvarlig(item: Indsats, ctx: Context) -> str | None:
    return None if item.myndighedsansvar is None else PART_LABELS.get(item.myndighedsansvar, item.myndighedsansvar)


@IND.derived("ansvarlig_en", "text", "the party the agreement gives myndighedsansvar, in English, for messages", pointer="/myndighedsansvar")
def _ind_ansvarlig_en(item: Indsats, ctx: Context) -> str | None:
    return None if item.myndighedsansvar is None else PART_LABELS_EN.get(item.myndighedsansvar, item.myndighedsansvar)


@IND.derived("flyttet_opgave", "bool", "the effort's area is one of the four tasks that move to the regions", pointer="/opgaveomraade")
def _ind_flyttet(item: Indsats, ctx: Context) -> bool:
    return item.opgaveomraade.value in MOVED_AREAS


@IND.derived("regionalt_omraade", "bool", "the effort's area is a regional health service", pointer="/opgaveomraade")
def _ind_regional(item: Indsats, ctx: Context) -> bool:
    return item.opgaveomraade.value == REGIONAL_AREA


@IND.derived(
    "sidste_dag",
    "date",
    "last day the effort runs: its period end, else 31 December of the last budget year funded",
    pointer="/periode/slut",
)
def _ind_sidste_dag(item: Indsats, ctx: Context) -> dt.date | None:
    return effort_last_day(item, ctx.document)


# --- each requirement ------------------------------------------------------------------

KRAV = scope(
    "tilsagnsaftale",
    "krav",
    "each requirement (tilsagnskrav) attached to the tilsagn",
    items=list_items("krav"),
    collection="/krav",
)
KRAV.field("betegnelse", "text", "the requirement's name")
KRAV.field("art", "enum", "what the requirement asks of the municipality", values=KravArt)


# The kinds of requirement by their Danish names, for messages in both languages (the
# enum values are ASCII-folded).
KRAVART_LABELS = {
    "fast_personaleudgift": "fast personaleudgift",
    "udgiftsopfoelgning": "udgiftsopfølgning",
}


@KRAV.derived("artnavn", "text", "the kind of requirement by its Danish name, for messages", pointer="/art")
def _krav_artnavn(item: Krav, ctx: Context) -> str:
    return KRAVART_LABELS.get(item.art.value, item.art.value)

KRAV.field("skoennet_aarlig_omkostning_kr", "int", "estimated annual cost of meeting the requirement, in kroner", unit="kroner")


@KRAV.derived(
    "binder_til",
    "date",
    "last day the requirement binds: its own end, else the end of the agreement's binding period",
    pointer="/binder_til",
)
def _krav_binder_til(item: Krav, ctx: Context) -> dt.date | None:
    return requirement_applies_until(item, ctx.document)


@KRAV.derived(
    "egen_binder_til_aar",
    "int",
    "the year of the requirement's own last binding day (absent: it states none of its own)",
    pointer="/binder_til",
    unit="year",
)
def _krav_egen_binder_til_aar(item: Krav, ctx: Context) -> int | None:
    return None if item.binder_til is None else item.binder_til.year


@KRAV.derived(
    "finansieret_til",
    "date",
    "31 December of the last budget year the agreement funds",
    pointer="/bevillinger", pointer_base="unit",
)
def _krav_finansieret_til(item: Krav, ctx: Context) -> dt.date | None:
    return last_funded_day(ctx.document)


@KRAV.derived(
    "gaelder_til",
    "date",
    "last day the requirement applies: its binding end, else the end of the funded period",
    pointer="/binder_til",
)
def _krav_gaelder_til(item: Krav, ctx: Context) -> dt.date | None:
    return requirement_applies_until(item, ctx.document) or last_funded_day(ctx.document)


@KRAV.derived("omraader", "text", "the task areas the requirement reaches (absent if none named)", pointer="/omraader")
def _krav_omraader(item: Krav, ctx: Context) -> list[str] | None:
    return text_list(area_label(a.value) for a in item.omraader)


@KRAV.derived("regionalt_omraade", "bool", "the requirement reaches a regional health service", pointer="/omraader")
def _krav_regional(item: Krav, ctx: Context) -> bool:
    return any(a.value == REGIONAL_AREA for a in item.omraader)


@KRAV.derived(
    "betaler_regionale_ydelser",
    "bool",
    "the agreement's money pays for regional health services (recorded payment or an effort in the regional area)",
    pointer="/regional_ydelsesbetaling", pointer_base="unit",
)
def _krav_betaler_regionale(item: Krav, ctx: Context) -> bool:
    return pays_for_regional_services(ctx.document)


# One reading for the efforts and the requirements: the same fact of the document,
# declared in both scopes.
@IND.derived(
    "samtykke_fra_alle_kommunalbestyrelser",
    "bool",
    "all municipal councils of the sundhedsråd agreed to paying for regional services",
    pointer="/regional_ydelsesbetaling/samtykke_fra_alle_kommunalbestyrelser", pointer_base="unit",
)
@KRAV.derived(
    "samtykke_fra_alle_kommunalbestyrelser",
    "bool",
    "all municipal councils of the sundhedsråd agreed to paying for regional services",
    pointer="/regional_ydelsesbetaling/samtykke_fra_alle_kommunalbestyrelser", pointer_base="unit",
)
def _samtykke(item: Indsats | Krav, ctx: Context) -> bool | None:
    betaling = ctx.document.regional_ydelsesbetaling
    return None if betaling is None else betaling.samtykke_fra_alle_kommunalbestyrelser


@KRAV.derived(
    "kommunale_omraader",
    "text",
    "the municipal task areas the requirement reaches: neither regional nor one of the moved tasks (absent if none)",
    pointer="/omraader",
)
def _krav_kommunale(item: Krav, ctx: Context) -> list[str] | None:
    return text_list(area_label(a.value) for a in item.omraader if a.value != REGIONAL_AREA and a.value not in MOVED_AREAS)


@KRAV.derived("flyttede_opgaver", "text", "moved tasks among the areas the requirement reaches", pointer="/omraader")
def _krav_flyttede(item: Krav, ctx: Context) -> list[str] | None:
    return text_list(area_label(a.value) for a in item.omraader if a.value in MOVED_AREAS)


@KRAV.derived(
    "antal_ufinansierede_omraader",
    "int",
    "areas the requirement reaches that no funded effort is in (absent if it names no areas)",
    pointer="/omraader",
)
def _krav_antal_ufinansierede(item: Krav, ctx: Context) -> int | None:
    out = unfunded_areas(item, ctx.document)
    return None if out is None else len(out)


@KRAV.derived("ufinansierede_omraader", "text", "names of the areas the requirement reaches that are not funded", pointer="/omraader")
def _krav_ufinansierede(item: Krav, ctx: Context) -> list[str] | None:
    out = unfunded_areas(item, ctx.document)
    return None if out is None else text_list(area_label(a) for a in out)


@KRAV.derived("finansierede_omraader", "text", "the task areas of the funded efforts", pointer="/indsatser", pointer_base="unit")
def _krav_finansierede(item: Krav, ctx: Context) -> list[str] | None:
    return text_list(sorted(area_label(a) for a in funded_areas(ctx.document)))


# What this module declares, in order (the vocabulary is built from it).
SCOPES = (TIL, BEV, AAR, IND, KRAV)

__all__ = ["AAR", "AREA_LABELS", "BEV", "IND", "KRAV", "SCOPES", "TIL", "area_label"]
