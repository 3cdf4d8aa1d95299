"""Facts of the opgaveflyt documents: horisontale samarbejdsaftaler, anmodninger om
fortsat drift and delingsaftaler (Q&A 'Flytning af opgaver', 003)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._facts import Context, done, is_filled, list_items, scope
from .models import FlyttetOpgave, PostKategori

# --- horisontal samarbejdsaftale -----------------------------------------------------

HSA = scope("horisontal_samarbejdsaftale", "dokument", "the horizontal cooperation agreement")
HSA.field("opgave", "enum", "the moved task the municipality operates", values=FlyttetOpgave)
HSA.field("myndighedsansvar", "enum", "who the agreement says holds myndighedsansvar", values=("kommune", "region"))
HSA.field("godkendt_regionsraad", "date", "date the regionsråd approved the agreement", act=True)
HSA.field("godkendt_kommunalbestyrelse", "date", "date the kommunalbestyrelse approved the agreement", act=True)
HSA.field("sendt_til_ministeriet", "date", "date the approved agreement was sent to the ministry", act=True)
HSA.field("start", "date", "date the municipality starts operating the task under the agreement")
HSA.field("varsel_maaneder", "int", "notice period in months", path=("opsigelse", "varsel_maaneder"))
HSA.field("brugerbetaling", "bool", "whether citizens pay a user charge for the task")
HSA.field("pladser", "int", "number of sundheds- og omsorgspladser the municipality operates")


def _both_dates(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(a, b) if a is not None and b is not None else None


def _count_present(*values: Any) -> int:
    return sum(v is not None for v in values)


@HSA.derived(
    "godkendt_af_begge",
    "date",
    "the later of the two approvals (regionsråd and kommunalbestyrelse); absent unless both approved",
    pointer="/godkendt_kommunalbestyrelse",
)
def _hsa_godkendt_af_begge(doc: Any, ctx: Context) -> dt.date | None:
    return _both_dates(done(doc.godkendt_regionsraad, ctx), done(doc.godkendt_kommunalbestyrelse, ctx))


@HSA.derived("antal_godkendelser", "int", "how many of the two councils have approved (0, 1 or 2)")
def _hsa_antal_godkendelser(doc: Any, ctx: Context) -> int:
    return _count_present(done(doc.godkendt_regionsraad, ctx), done(doc.godkendt_kommunalbestyrelse, ctx))


# --- anmodning om fortsat drift ------------------------------------------------------

ANM = scope("anmodning_om_fortsat_drift", "dokument", "the region's request for continued operation")
ANM.field("opgave", "enum", "the moved task the municipality keeps operating", values=FlyttetOpgave)
ANM.field("afgivet", "date", "date the region made the request", act=True)
ANM.field("meddelt_ministeriet", "date", "date the region told the ministry", act=True)
ANM.field("slut", "date", "last day of the period the request covers")
ANM.field("udgiftsdaekning", "enum", "how far the region covers the municipality's costs", values=("fuld", "delvis", "ingen"))
ANM.field(
    "forlaengelse_droeftet_med_aftaleparterne",
    "bool",
    "an extension beyond 2028 was discussed with the parties to the reform agreement",
)
ANM.field("brugerbetaling", "bool", "whether citizens pay a user charge for the task")
ANM.field("pladser", "int", "number of sundheds- og omsorgspladser the municipality operates")


# --- delingsaftale -------------------------------------------------------------------

DEL = scope("delingsaftale", "dokument", "the sharing agreement")
DEL.field("udkast_leveret", "date", "date the municipality delivered its draft", act=True)
DEL.field("godkendt_regionsraad", "date", "date the regionsråd approved the agreement", act=True)
DEL.field("godkendt_kommunalbestyrelse", "date", "date the kommunalbestyrelse approved the agreement", act=True)
DEL.field("vederlag_kr", "int", "consideration paid for what moves, in kroner")
DEL.field("delingsraad_indbragt", "date", "date the case went to the Delingsråd", path=("delingsraad", "indbragt"), act=True)
DEL.field("delingsraad_afgoerelse", "date", "date of the Delingsråd's decision", path=("delingsraad", "afgoerelse"), act=True)


@DEL.derived(
    "godkendt_af_begge",
    "date",
    "the later of the two approvals (regionsråd and kommunalbestyrelse); absent unless both approved",
    pointer="/godkendt_kommunalbestyrelse",
)
def _del_godkendt_af_begge(doc: Any, ctx: Context) -> dt.date | None:
    return _both_dates(done(doc.godkendt_regionsraad, ctx), done(doc.godkendt_kommunalbestyrelse, ctx))


@DEL.derived("antal_godkendelser", "int", "how many of the two councils have approved (0, 1 or 2)")
def _del_antal_godkendelser(doc: Any, ctx: Context) -> int:
    return _count_present(done(doc.godkendt_regionsraad, ctx), done(doc.godkendt_kommunalbestyrelse, ctx))


@DEL.derived("delingsraad_sag", "bool", "the sharing case went to the Delingsråd", pointer="/delingsraad")
def _del_delingsraad_sag(doc: Any, ctx: Context) -> bool:
    sag = doc.delingsraad
    return sag is not None and (done(sag.indbragt, ctx) is not None or done(sag.afgoerelse, ctx) is not None)


POST = scope(
    "delingsaftale",
    "post",
    "each item (asset, liability, right, obligation, employee) the agreement moves",
    items=list_items("poster"),
    collection="/poster",
)
POST.field("betegnelse", "text", "the item's name")
POST.field("kategori", "enum", "the item's category", values=PostKategori)
POST.field("vurderingsdato", "date", "reference date of the assessment of the item's use")


@POST.derived(
    "andel_bp",
    "int",
    "share of the item's use that belongs to the moved task, in basis points (1/100 %)",
    pointer="/andel_til_opgaven_pct",
)
def _post_andel_bp(item: Any, ctx: Context) -> int | None:
    pct = item.andel_til_opgaven_pct
    return None if pct is None else round(pct * 100)


__all__ = ["HSA", "ANM", "DEL", "POST", "is_filled"]
