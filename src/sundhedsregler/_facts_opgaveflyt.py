"""Facts of the opgaveflyt documents: horisontale samarbejdsaftaler, anmodninger om
fortsat drift and delingsaftaler (Q&A 'Flytning af opgaver', 003)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._facts import Context, Scope, done, is_filled, list_items, scope
from ._reference_opgaveflyt import OPGAVENAVNE
from .models import FlyttetOpgave, PostKategori


def opgavenavn(opgave: FlyttetOpgave) -> str:
    """The Danish name of a moved task, as the sources write it (003:5-8)."""
    return OPGAVENAVNE[opgave.value]


def _add_opgavenavn(s: Scope) -> None:
    @s.derived("opgavenavn", "text", "the moved task by its Danish name, for messages", pointer="/opgave")
    def _opgavenavn(doc: Any, ctx: Context) -> str:
        return opgavenavn(doc.opgave)


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
HSA.field("kommune", "text", "the municipality that operates the task")
_add_opgavenavn(HSA)


@HSA.derived(
    "kan_opsiges_af",
    "text",
    "the parties that may terminate the agreement, for messages (absent when none is named)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_kan_opsiges_af(doc: Any, ctx: Context) -> list[str] | None:
    return list(doc.opsigelse.kan_opsiges_af) or None if doc.opsigelse is not None else None


# The contents a horizontal agreement must describe (003:154-155). Each clause is a text
# fact (shown in evidence) and a derived 'udfyldt' fact: absent when the clause is missing,
# false when it is a placeholder such as 'udfyldes senere' or 'TBD' (see is_filled).
HSA_INDHOLD: dict[str, str] = {
    "faelles_maal": "the shared goal of both parties for the task",
    "bidrag_region": "how the region contributes to the task",
    "bidrag_kommune": "how the municipality contributes to the task",
    "ansvarsfordeling": "who answers for which services",
    "finansiering": "the financing of the task",
    "opfoelgning": "the follow-up on the cooperation",
    "misligholdelse": "the terms on breach (misligholdelse)",
}


def clause_filled(attr: str) -> Any:
    """Getter of the 'udfyldt' fact of one clause of a horizontal agreement."""

    def get(doc: Any, ctx: Context) -> bool | None:
        return is_filled(getattr(doc, attr))

    get.__name__ = f"_hsa_{attr}_udfyldt"
    return get


for _attr, _what in HSA_INDHOLD.items():
    HSA.field(_attr, "text", f"the clause on {_what}")
    HSA.derived(
        f"{_attr}_udfyldt",
        "bool",
        f"the clause on {_what} says something (absent: no clause; false: a placeholder)",
        pointer=f"/{_attr}",
    )(clause_filled(_attr))


def _may_terminate(doc: Any, part: str) -> bool | None:
    if doc.opsigelse is None:
        return None
    return part in doc.opsigelse.kan_opsiges_af


@HSA.derived(
    "region_kan_opsige",
    "bool",
    "the region may terminate the agreement (absent when there are no termination terms)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_region_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return _may_terminate(doc, "region")


@HSA.derived(
    "kommune_kan_opsige",
    "bool",
    "the municipality may terminate the agreement (absent when there are no termination terms)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_kommune_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return _may_terminate(doc, "kommune")


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
ANM.field("kommune", "text", "the municipality asked to keep operating the task")
_add_opgavenavn(ANM)


# --- delingsaftale -------------------------------------------------------------------

DEL = scope("delingsaftale", "dokument", "the sharing agreement")
DEL.field("udkast_leveret", "date", "date the municipality delivered its draft", act=True)
DEL.field("godkendt_regionsraad", "date", "date the regionsråd approved the agreement", act=True)
DEL.field("godkendt_kommunalbestyrelse", "date", "date the kommunalbestyrelse approved the agreement", act=True)
DEL.field("vederlag_kr", "int", "consideration paid for what moves, in kroner")
DEL.field("delingsraad_indbragt", "date", "date the case went to the Delingsråd", path=("delingsraad", "indbragt"), act=True)
DEL.field("delingsraad_afgoerelse", "date", "date of the Delingsråd's decision", path=("delingsraad", "afgoerelse"), act=True)
DEL.field("kommune", "text", "the municipality the tasks move from")


@DEL.derived("opgavenavne", "text", "the moved tasks by their Danish names, for messages", pointer="/opgaver")
def _del_opgavenavne(doc: Any, ctx: Context) -> str:
    return ", ".join(opgavenavn(o) for o in doc.opgaver)


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


@POST.derived(
    "andel_pct",
    "text",
    "share of the item's use that belongs to the moved task, as written (percent), for messages",
    pointer="/andel_til_opgaven_pct",
)
def _post_andel_pct(item: Any, ctx: Context) -> str | None:
    pct = item.andel_til_opgaven_pct
    return None if pct is None else f"{pct:g} %"


__all__ = ["HSA", "HSA_INDHOLD", "ANM", "DEL", "POST", "clause_filled", "is_filled", "opgavenavn"]
