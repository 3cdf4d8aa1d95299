"""Facts of the opgaveflyt documents: horisontale samarbejdsaftaler, anmodninger om
fortsat drift and delingsaftaler (Q&A 'Flytning af opgaver', 003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from ._facts import Applicability, Context, Getter, Scope, done, is_filled, list_items, scope
from ._reference_opgaveflyt import OPGAVENAVNE, council_key, sundhedsraad_pladser
from .models import Delingsanledning, FlyttetOpgave, PostKategori


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
HSA.field("varsel_maaneder", "int", "notice period in months", path=("opsigelse", "varsel_maaneder"), unit="months")
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
    if doc.opsigelse is None:
        return None
    return list(doc.opsigelse.kan_opsiges_af) or None


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


def clause_filled(attr: str) -> Getter:
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
DEL.field(
    "regionsraad_med_forbehold",
    "bool",
    "the region's approval was given with reservations (not an approval)",
    path=("godkendt_regionsraad_med_forbehold",),
)
DEL.field(
    "kommunalbestyrelse_med_forbehold",
    "bool",
    "the kommunalbestyrelse's approval was given with reservations (not an approval)",
    path=("godkendt_kommunalbestyrelse_med_forbehold",),
)
DEL.field(
    "godkendt_regionsraad_af",
    "enum",
    "who gave the region's approval",
    values=("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"),
)
DEL.field("anledning", "enum", "why the sharing is made (absent: the move on 1 January 2027 is presumed)", values=Delingsanledning)
DEL.field("overtagelsesdato", "date", "the date the region takes the task over")
DEL.field("intet_overdrages", "bool", "the agreement states that nothing moves to the region")
DEL.field("vederlag_kr", "int", "consideration paid for what moves, in kroner", unit="kroner")
DEL.field("delingsraad_indbragt", "date", "date the case went to the Delingsråd", path=("delingsraad", "indbragt"), act=True)
DEL.field("delingsraad_afgoerelse", "date", "date of the Delingsråd's decision", path=("delingsraad", "afgoerelse"), act=True)
DEL.field("kommune", "text", "the municipality the tasks move from")

# The move on 1 January 2027 (003:3, 003:160-165): the day the 2026 deadlines of the
# sharing (1 May, 1 July, 1 October 2026) lead up to.
OPGAVEFLYT_DAG = dt.date(2027, 1, 1)


def sharing_for_the_move(doc: Any) -> bool:
    """Whether a delingsaftale concerns the move on 1 January 2027 (the only sharing the
    2026 deadlines are set for, 003:137, 003:141, 003:162-164). Sharing also happens when
    a request ends or a horizontal agreement is concluded, expires or is terminated (the
    bekendtgørelse on sharing, real-2025-26.md R1). The stated occasion decides; without
    one the move is presumed unless a takeover date other than 1 January 2027 is stated."""
    if doc.anledning is not None:
        return bool(doc.anledning is Delingsanledning.opgaveflyt_2027)
    return doc.overtagelsesdato is None or doc.overtagelsesdato == OPGAVEFLYT_DAG


@DEL.derived(
    "opgaveflyt_2027",
    "bool",
    "the sharing concerns the move on 1 January 2027: its stated occasion, or, when none is stated, no takeover date other than 1 January 2027",
    pointer="/anledning",
)
def _del_opgaveflyt_2027(doc: Any, ctx: Context) -> bool:
    return sharing_for_the_move(doc)


@DEL.derived("opgavenavne", "text", "the moved tasks by their Danish names, for messages", pointer="/opgaver")
def _del_opgavenavne(doc: Any, ctx: Context) -> str:
    return ", ".join(opgavenavn(o) for o in doc.opgaver)


def approval(when: dt.date | None, conditional: bool | None, ctx: Context) -> dt.date | None:
    """The date of an approval that counts: given as of the evaluation date and not with
    reservations (a conditional approval is not an approval, real-2025-26.md C3)."""
    return None if conditional else done(when, ctx)


_COUNTS = "if it counts: given by the evaluation date and not with reservations"


def approval_fact(s: Scope, name: str, attr: str, whose: str) -> None:
    """Register the date of an approval that counts (see ``approval``), read from the
    date field ``attr`` and its ``attr + '_med_forbehold'`` flag."""
    reservations = attr + "_med_forbehold"

    def get(doc: Any, ctx: Context) -> dt.date | None:
        return approval(getattr(doc, attr), getattr(doc, reservations), ctx)

    get.__name__ = f"_{s.name}_{name}"
    s.derived(name, "date", f"date of {whose} approval, {_COUNTS}", pointer=f"/{attr}")(get)


approval_fact(DEL, "regionsraad_godkendt", "godkendt_regionsraad", "the region's")
approval_fact(DEL, "kommunalbestyrelse_godkendt", "godkendt_kommunalbestyrelse", "the kommunalbestyrelse's")


def _del_approvals(doc: Any, ctx: Context) -> tuple[dt.date | None, dt.date | None]:
    return (
        approval(doc.godkendt_regionsraad, doc.godkendt_regionsraad_med_forbehold, ctx),
        approval(doc.godkendt_kommunalbestyrelse, doc.godkendt_kommunalbestyrelse_med_forbehold, ctx),
    )


@DEL.derived(
    "godkendt_af_begge",
    "date",
    "the later of the two approvals (regionsråd and kommunalbestyrelse); absent unless both approved without reservations",
    pointer="/godkendt_kommunalbestyrelse",
)
def _del_godkendt_af_begge(doc: Any, ctx: Context) -> dt.date | None:
    return _both_dates(*_del_approvals(doc, ctx))


@DEL.derived(
    "antal_godkendelser",
    "int",
    "how many of the two councils have approved without reservations (0, 1 or 2)",
)
def _del_antal_godkendelser(doc: Any, ctx: Context) -> int:
    return _count_present(*_del_approvals(doc, ctx))


@DEL.derived(
    "godkendelse_med_forbehold",
    "bool",
    "an approval given by the evaluation date was given with reservations, so it does not count (either council's: the finding points at the agreement)",
)
def _del_godkendelse_med_forbehold(doc: Any, ctx: Context) -> bool:
    return bool(
        (doc.godkendt_regionsraad_med_forbehold and done(doc.godkendt_regionsraad, ctx) is not None)
        or (doc.godkendt_kommunalbestyrelse_med_forbehold and done(doc.godkendt_kommunalbestyrelse, ctx) is not None)
    )


# Region Østdanmark replaces Region Hovedstaden and Region Sjælland on 1 January 2027;
# in 2026 the region's side of a sharing for it is the forberedende regionsråd
# (overgangsloven § 151, stk. 2, real-2025-26.md R7; 003:136, 003:141).
OESTDANMARK = frozenset({"region østdanmark", "region hovedstaden", "region sjælland"})
GAMLE_REGIONER = ("region_hovedstaden", "region_sjaelland")


def is_oestdanmark(region: str | None) -> bool:
    """Whether a region name is Region Østdanmark or one of the two regions it replaces."""
    return region is not None and name_key(region) in OESTDANMARK


def old_region_approved(region: str | None, approver: str | None, when: dt.date | None) -> bool | None:
    """For Region Østdanmark, an approval dated in 2026 given by an old region rather than
    the forberedende regionsråd; None when the approver is not stated."""
    if approver is None:
        return None
    return is_oestdanmark(region) and when is not None and when.year == 2026 and approver in GAMLE_REGIONER


@DEL.derived(
    "godkendt_af_gammel_region",
    "bool",
    "for Region Østdanmark in 2026: the region's approval was given by Region Hovedstaden or Region Sjælland, not by the forberedende regionsråd (absent: approver not stated)",
    pointer="/godkendt_regionsraad_af",
)
def _del_godkendt_af_gammel_region(doc: Any, ctx: Context) -> bool | None:
    return old_region_approved(doc.region, doc.godkendt_regionsraad_af, done(doc.godkendt_regionsraad, ctx))


@DEL.derived("delingsraad_sag", "bool", "the sharing case went to the Delingsråd", pointer="/delingsraad")
def _del_delingsraad_sag(doc: Any, ctx: Context) -> bool:
    sag = doc.delingsraad
    return sag is not None and (done(sag.indbragt, ctx) is not None or done(sag.afgoerelse, ctx) is not None)


@DEL.derived("antal_poster", "int", "number of items the agreement moves", pointer="/poster", unit="count")
def _del_antal_poster(doc: Any, ctx: Context) -> int:
    return len(doc.poster)


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
POST.field("ansatte_informeret", "date", "date the employees who move were informed", act=True)
POST.field("ansatte_hoert", "date", "date the employees who move were consulted", act=True)


@POST.derived(
    "andel_bp",
    "int",
    "share of the item's use that belongs to the moved task, in basis points (1/100 %)",
    pointer="/andel_til_opgaven_pct",
    unit="bp",
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


def item_fixed_by(item: Any, doc: Any, ctx: Context) -> str:
    """Who fixed that an item moves: as the item says; else the Delingsråd where it has
    decided a case the parties had not both approved (its decision is not the parties'
    agreement, overgangsloven § 152, stk. 2, real-2025-26.md R7); else the parties."""
    if item.fastsat_af is not None:
        return str(item.fastsat_af)
    sag = getattr(doc, "delingsraad", None)
    if sag is not None and done(sag.afgoerelse, ctx) is not None and _both_dates(*_del_approvals(doc, ctx)) is None:
        return "delingsraadet"
    return "parterne"


@POST.derived(
    "fastsat_af",
    "enum",
    "who fixed that the item moves: the parties, or the Delingsråd (stated, else the Delingsråd where it decided a case the parties had not both approved)",
    pointer="/fastsat_af",
    values=("parterne", "delingsraadet"),
)
def _post_fastsat_af(item: Any, ctx: Context) -> str:
    return item_fixed_by(item, ctx.document, ctx)


@POST.derived(
    "overtagelse",
    "date",
    "the day the region takes the task over: the agreement's takeover date, else 1 January 2027 for the move",
    pointer="/overtagelsesdato",
    pointer_base="unit",
)
def _post_overtagelse(item: Any, ctx: Context) -> dt.date | None:
    doc = ctx.document
    if doc.overtagelsesdato is not None:
        return cast(dt.date, doc.overtagelsesdato)
    return OPGAVEFLYT_DAG if sharing_for_the_move(doc) else None


# --- økonomisk disposition ----------------------------------------------------------

DISP = scope(
    "oekonomisk_disposition",
    "dokument",
    "the significant economic disposition of a municipality or an old region in the transition year",
)
DISP.field("part", "enum", "who makes the disposition: a municipality or an old region", values=("kommune", "region"))
DISP.field("disponent", "text", "the municipality or old region that makes the disposition")
DISP.field("region", "text", "the region that takes the task over")
DISP.field("besluttet", "date", "date the disposition was decided")
DISP.field("beskrivelse", "text", "what is decided")
DISP.field("beloeb_kr", "int", "the amount the disposition commits, in kroner", unit="kroner")
DISP.field("vaesentlig", "bool", "the disposition is significant (beyond ordinary budget corrections)")
DISP.field("godkendt_region", "date", "date the region approved the disposition", act=True)
DISP.field(
    "godkendt_region_af",
    "enum",
    "who gave the region's approval",
    values=("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"),
)
DISP.field("godkendt_region_med_forbehold", "bool", "the region's approval was given with reservations (not an approval)")
DISP.field(
    "aendret_af_forberedende_regionsraad",
    "date",
    "date the forberedende regionsråd changed the old region's disposition",
    act=True,
)
DISP.field("merudgift_kr", "int", "extra expenditure the disposition, as it stands, entails, in kroner", unit="kroner")


@DISP.derived("opgavenavne", "text", "the moved tasks the disposition concerns, for messages (absent: none named)", pointer="/opgaver")
def _disp_opgavenavne(doc: Any, ctx: Context) -> str | None:
    return ", ".join(opgavenavn(o) for o in doc.opgaver) or None


@DISP.derived("flyttet_opgave", "bool", "the disposition concerns one of the four moved tasks", pointer="/opgaver")
def _disp_flyttet_opgave(doc: Any, ctx: Context) -> bool:
    return bool(doc.opgaver)


approval_fact(DISP, "region_godkendt", "godkendt_region", "the region's")


@DISP.derived(
    "godkendt_af_gammel_region",
    "bool",
    "for Region Østdanmark in 2026: the approval was given by Region Hovedstaden or Region Sjælland, not by the forberedende regionsråd (absent: approver not stated)",
    pointer="/godkendt_region_af",
)
def _disp_godkendt_af_gammel_region(doc: Any, ctx: Context) -> bool | None:
    return old_region_approved(doc.region, doc.godkendt_region_af, done(doc.godkendt_region, ctx))


@DISP.derived(
    "gammel_region",
    "bool",
    "the disposition is made by Region Hovedstaden or Region Sjælland, the regions Region Østdanmark replaces",
    pointer="/disponent",
)
def _disp_gammel_region(doc: Any, ctx: Context) -> bool:
    return name_key(doc.disponent) in {"region hovedstaden", "region sjælland"}


# --- portfolios: routes and places per municipality and sundhedsråd -------------------
#
# A portfolio (Portefoelje) holds the opgaveflyt documents of a sundhedsråd or a region.
# The scopes below are registered for 'portefoelje' here, beside the document facts they
# build on; their names (opgaveflyt_kommune, pladser_kommune, pladser_sundhedsraad) keep
# clear of the tilsagn portfolio scopes (tilsagn_...). Each subject has its own pointer:
# the evaluator keeps facts per (scope, pointer).

OpgaveflytDokument = Any  # HorisontalSamarbejdsaftale | AnmodningOmFortsatDrift | Delingsaftale

# The three routes for a moved task from 2027 (003:132-139), by document kind, with the
# Danish name shown in messages (a legal term, shown as it is in both languages).
RUTER: dict[str, str] = {
    "delingsaftale": "regional drift (delingsaftale)",
    "horisontal_samarbejdsaftale": "horisontal samarbejdsaftale",
    "anmodning_om_fortsat_drift": "anmodning om fortsat drift",
}


def name_key(name: str) -> str:
    """A municipality name folded for matching (case and spacing do not matter)."""
    return " ".join(name.casefold().split())


def opgaver_of(doc: OpgaveflytDokument) -> tuple[FlyttetOpgave, ...]:
    """The moved tasks an opgaveflyt document concerns."""
    return tuple(doc.opgaver) if doc.kind == "delingsaftale" else (doc.opgave,)


def opgaveflyt_documents(pf: Any) -> list[tuple[str, OpgaveflytDokument]]:
    """The portfolio's opgaveflyt documents with their JSON Pointers (tilsagnsaftaler are
    left out)."""
    return [(f"/dokumenter/{i}", d) for i, d in enumerate(pf.dokumenter) if d.kind in RUTER]


# A portfolio without opgaveflyt documents (one of tilsagnsaftaler only) is not an
# opgaveflyt portfolio: the rules over its municipalities' routes and places do not apply.
OPGAVEFLYT_PORTFOLIO = Applicability(
    lambda pf: bool(opgaveflyt_documents(pf)),
    "porteføljen indeholder ingen aftaler om opgaveflytning",
    "the portfolio holds no agreements on moved tasks",
)


def municipalities(pf: Any) -> list[tuple[str, str]]:
    """(name, pointer) of every municipality of the portfolio: those it lists, then those
    that only appear in its opgaveflyt documents, each once."""
    out: dict[str, tuple[str, str]] = {}
    for i, name in enumerate(pf.kommuner):
        out.setdefault(name_key(name), (name, f"/kommuner/{i}"))
    for pointer, doc in opgaveflyt_documents(pf):
        out.setdefault(name_key(doc.kommune), (doc.kommune, pointer + "/kommune"))
    return list(out.values())


@dataclass(frozen=True)
class KommuneRuter:
    """One municipality of a portfolio with, per moved task, the documents that set the
    route by which the task is run from 2027."""

    kommune: str
    dokumenter: dict[FlyttetOpgave, tuple[OpgaveflytDokument, ...]]


def municipality_routes(pf: Any) -> Iterable[tuple[str, KommuneRuter]]:
    """Every municipality of the portfolio (one subject each, so each has its own
    pointer), with its documents per moved task."""
    docs = opgaveflyt_documents(pf)
    for name, pointer in municipalities(pf):
        key = name_key(name)
        mine = [d for _, d in docs if name_key(d.kommune) == key]
        yield pointer, KommuneRuter(
            name, {o: tuple(d for d in mine if o in opgaver_of(d)) for o in FlyttetOpgave}
        )


RUTE = scope(
    "portefoelje",
    "opgaveflyt_kommune",
    "each municipality of the portfolio, with the documents that set the route of each moved task from 2027",
    items=municipality_routes,
    collection="/kommuner",
    applies=OPGAVEFLYT_PORTFOLIO,
)


def _attribute(s: Scope, name: str, type: Any, description: str, *, attr: str | None = None, **kw: Any) -> None:
    """A fact read from a portfolio subject (not a document field, so it has no pointer
    of its own: a finding on it points at the subject)."""
    key = attr or name

    def get(obj: Any, ctx: Context) -> Any:
        return getattr(obj, key)

    s.derived(name, type, description, pointer="", **kw)(get)


_attribute(RUTE, "kommune", "text", "the municipality")


def route_count(opgave: FlyttetOpgave) -> Getter:
    """Getter: how many documents set a route for one moved task in the municipality."""

    def get(k: KommuneRuter, ctx: Context) -> int:
        return len(k.dokumenter[opgave])

    return get


def route_names(opgave: FlyttetOpgave) -> Getter:
    """Getter: the routes found for one moved task, as 'route (document id)'."""

    def get(k: KommuneRuter, ctx: Context) -> list[str] | None:
        return [f"{RUTER[d.kind]} ({d.dokument_id})" for d in k.dokumenter[opgave]] or None

    return get


for _opgave in FlyttetOpgave:
    RUTE.derived(
        f"antal_ruter_{_opgave.value}",
        "int",
        f"how many documents set a route for {opgavenavn(_opgave)} in the municipality",
    )(route_count(_opgave))
    RUTE.derived(
        f"ruter_{_opgave.value}",
        "text",
        f"the routes found for {opgavenavn(_opgave)}, as 'route (document id)', for messages",
    )(route_names(_opgave))


# Places (sundheds- og omsorgspladser) per municipality and per council (OF-16).


def places_documents(pf: Any, kommune: str) -> list[OpgaveflytDokument]:
    """The documents that set sundheds- og omsorgspladser in one municipality."""
    key = name_key(kommune)
    return [
        d
        for _, d in opgaveflyt_documents(pf)
        if name_key(d.kommune) == key and FlyttetOpgave.sundheds_og_omsorgspladser in opgaver_of(d)
    ]


def sum_known(counts: Iterable[int | None]) -> int | None:
    """The sum of place counts, or None when any of them is unknown."""
    total = 0
    for c in counts:
        if c is None:
            return None
        total += c
    return total


def municipality_places(pf: Any, kommune: str) -> int | None:
    """Places in a municipality over every route; 0 when no document sets any, None when a
    document that concerns the places does not say how many."""
    return sum_known(d.pladser for d in places_documents(pf, kommune))


def municipality_council(pf: Any, kommune: str) -> str | None:
    """The sundhedsråd of a municipality: as its documents name it, else the portfolio's."""
    key = name_key(kommune)
    for _, d in opgaveflyt_documents(pf):
        if name_key(d.kommune) == key and d.sundhedsraad:
            return str(d.sundhedsraad)
    return str(pf.sundhedsraad) if pf.sundhedsraad else None


@dataclass(frozen=True)
class KommunePladser:
    kommune: str
    sundhedsraad: str | None
    pladser: int | None
    begrundelse: str | None


def _begrundelse(pf: Any, kommune: str) -> str | None:
    key = name_key(kommune)
    for name, text in pf.begrundelser_uden_pladser.items():
        if name_key(name) == key:
            return str(text)
    return None


def municipality_places_items(pf: Any) -> Iterable[tuple[str, KommunePladser]]:
    """Every municipality of the portfolio with its places and any reason for having none."""
    for name, pointer in municipalities(pf):
        yield pointer, KommunePladser(
            name, municipality_council(pf, name), municipality_places(pf, name), _begrundelse(pf, name)
        )


PKOMMUNE = scope(
    "portefoelje",
    "pladser_kommune",
    "each municipality of the portfolio, with its sundheds- og omsorgspladser over every route",
    items=municipality_places_items,
    collection="/kommuner",
    applies=OPGAVEFLYT_PORTFOLIO,
)
_attribute(PKOMMUNE, "kommune", "text", "the municipality")
_attribute(PKOMMUNE, "sundhedsraad", "text", "the municipality's sundhedsråd")
_attribute(PKOMMUNE, "pladser", "int", "sundheds- og omsorgspladser in the municipality, summed over its documents")
_attribute(PKOMMUNE, "begrundelse", "text", "the reason given for having no places (Portefoelje.begrundelser_uden_pladser)")


@PKOMMUNE.derived(
    "har_begrundelse",
    "bool",
    "a reason for having no places is given and is not a placeholder",
    pointer="/begrundelser_uden_pladser", pointer_base="unit",
)
def _pkommune_har_begrundelse(k: KommunePladser, ctx: Context) -> bool:
    return bool(is_filled(k.begrundelse))


@dataclass(frozen=True)
class RaadPladser:
    sundhedsraad: str
    kommuner: tuple[str, ...]
    pladser: int | None
    aftalte_pladser: int | None
    kilde: str | None


def council_places_items(pf: Any) -> Iterable[tuple[str, RaadPladser]]:
    """Every sundhedsråd of the portfolio with its places and the agreed figure: sourced for
    the Region Østdanmark councils (003:73-96), else the portfolio's input figure for its
    own council."""
    councils: dict[str, tuple[str, str, list[str]]] = {}
    if pf.sundhedsraad:
        councils[council_key(pf.sundhedsraad)] = (pf.sundhedsraad, "/sundhedsraad", [])
    for name, pointer in municipalities(pf):
        raad = municipality_council(pf, name)
        if raad is None:
            continue  # not attributable to a council; OF-16.2 still sees the municipality
        entry = councils.setdefault(council_key(raad), (raad, pointer, []))
        entry[2].append(name)
    for key, (raad, pointer, kommuner) in councils.items():
        if not kommuner:
            continue  # the portfolio's council, when every document names another one
        total = sum_known(municipality_places(pf, k) for k in kommuner)
        sourced = sundhedsraad_pladser(raad)
        if sourced is not None:
            agreed: int | None = sourced.pladser
            kilde: str | None = sourced.kilde
        elif pf.sundhedsraad and council_key(pf.sundhedsraad) == key and pf.aftalte_pladser is not None:
            agreed, kilde = pf.aftalte_pladser, "input (aftalte_pladser)"
        else:
            agreed, kilde = None, None
        yield pointer, RaadPladser(raad, tuple(kommuner), total, agreed, kilde)


PRAAD = scope(
    "portefoelje",
    "pladser_sundhedsraad",
    "each sundhedsråd of the portfolio, with its sundheds- og omsorgspladser and the agreed figure",
    items=council_places_items,
    collection="/dokumenter",
    applies=OPGAVEFLYT_PORTFOLIO,
)
_attribute(PRAAD, "sundhedsraad", "text", "the sundhedsråd")
_attribute(PRAAD, "kommuner", "text", "the council's municipalities in the portfolio")
_attribute(PRAAD, "pladser", "int", "sundheds- og omsorgspladser in the council's municipalities, summed")
_attribute(PRAAD, "aftalte_pladser", "int", "the agreed number of places for the council (sourced, or input)")
_attribute(PRAAD, "pladstal_kilde", "text", "where the agreed figure comes from: a source line, or 'input'", attr="kilde")


__all__ = [
    "ANM",
    "DEL",
    "DISP",
    "HSA",
    "HSA_INDHOLD",
    "PKOMMUNE",
    "POST",
    "PRAAD",
    "RUTE",
    "RUTER",
    "KommunePladser",
    "KommuneRuter",
    "RaadPladser",
    "clause_filled",
    "is_filled",
    "municipalities",
    "municipality_council",
    "municipality_places",
    "name_key",
    "approval",
    "approval_fact",
    "is_oestdanmark",
    "item_fixed_by",
    "old_region_approved",
    "opgavenavn",
    "sharing_for_the_move",
    "municipality_routes",
    "opgaver_of",
    "route_count",
    "route_names",
    "sum_known",
]
