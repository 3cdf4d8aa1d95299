"""Facts of the opgaveflyt documents: horisontale samarbejdsaftaler, anmodninger om
fortsat drift and delingsaftaler (Q&A 'Flytning af opgaver', 003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ._facts import Applicability, Context, Getter, Scope, done, is_filled, list_items, scope
from ._reference_opgaveflyt import OPGAVENAVNE, council_key, sundhedsraad_pladser
from .models import (
    Afregningsgrundlag,
    Brugerbetalingsart,
    FlyttetOpgave,
    Ordning,
    PostKategori,
    RegionensBidrag,
    TillaegAarsag,
)


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
    if doc.opsigelse is None or doc.opsigelse.kan_opsiges_af is None:
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
    # Absent when the agreement does not say who may terminate: the law then lets both
    # parties do so (003:158), so silence is not a one-sided clause (OF-4).
    if doc.opsigelse is None or doc.opsigelse.kan_opsiges_af is None:
        return None
    return part in doc.opsigelse.kan_opsiges_af


@HSA.derived(
    "region_kan_opsige",
    "bool",
    "the region may terminate the agreement (absent when the agreement does not say who may)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_region_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return _may_terminate(doc, "region")


@HSA.derived(
    "kommune_kan_opsige",
    "bool",
    "the municipality may terminate the agreement (absent when the agreement does not say who may)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_kommune_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return _may_terminate(doc, "kommune")


def approval(doc: Any, council: str, ctx: Context) -> dt.date | None:
    """The date a council approved the document, if the approval counts as of the
    evaluation date: it is dated, on or before ``as_of``, and not given with reservations
    (a conditional approval is not an approval, real-2025-26.md C3)."""
    if getattr(doc, f"godkendt_{council}_med_forbehold") is True:
        return None
    return done(getattr(doc, f"godkendt_{council}"), ctx)


def _approval_getter(council: str) -> Getter:
    def get(doc: Any, ctx: Context) -> dt.date | None:
        return approval(doc, council, ctx)

    get.__name__ = f"_hsa_godkendt_{council}"
    return get


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
    return _both_dates(approval(doc, "regionsraad", ctx), approval(doc, "kommunalbestyrelse", ctx))


@HSA.derived("antal_godkendelser", "int", "how many of the two councils have approved (0, 1 or 2)")
def _hsa_antal_godkendelser(doc: Any, ctx: Context) -> int:
    return _count_present(approval(doc, "regionsraad", ctx), approval(doc, "kommunalbestyrelse", ctx))


HSA.derived(
    "godkendt_regionsraad",
    "date",
    "date the regionsråd approved the agreement (absent when not yet, or only with reservations)",
    pointer="/godkendt_regionsraad",
)(_approval_getter("regionsraad"))
HSA.derived(
    "godkendt_kommunalbestyrelse",
    "date",
    "date the kommunalbestyrelse approved the agreement (absent when not yet, or only with reservations)",
    pointer="/godkendt_kommunalbestyrelse",
)(_approval_getter("kommunalbestyrelse"))
HSA.field(
    "regionsraad_med_forbehold",
    "bool",
    "the region's approval was given with reservations (it does not count)",
    path=("godkendt_regionsraad_med_forbehold",),
)
HSA.field(
    "kommunalbestyrelse_med_forbehold",
    "bool",
    "the kommunalbestyrelse's approval was given with reservations (it does not count)",
    path=("godkendt_kommunalbestyrelse_med_forbehold",),
)
HSA.field(
    "godkendt_regionsraad_af",
    "enum",
    "who gave the region's approval",
    values=("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"),
)
HSA.field("region", "text", "the region that is party to the agreement")
HSA.field("slut", "date", "last day of the agreement's validity period")
HSA.field("ordning", "enum", "the arrangement the agreement states it rests on", values=Ordning)

@HSA.derived(
    "region_oestdanmark",
    "bool",
    "the region party is Region Østdanmark, whose council in 2026 is the forberedende regionsråd (003:136)",
    pointer="/region",
)
def _hsa_region_oestdanmark(doc: Any, ctx: Context) -> bool:
    return name_key(doc.region) in {"region østdanmark", "region oestdanmark"}


# An HSA from 2028 on cannot be one made for the move on 1 January 2027: the transition
# act's own period for that move ends with 2028 (003:135, 003:139), so such an agreement
# rests on the lasting arrangement of the health act (real-2025-26.md R3).
VARIG_FRA = dt.date(2028, 1, 1)


@HSA.derived(
    "ordning_antaget",
    "enum",
    "the arrangement the agreement rests on: as stated, else the lasting one for a start in 2028 or later, else the move on 1 January 2027 (the presumption)",
    pointer="/ordning",
    values=Ordning,
)
def _hsa_ordning_antaget(doc: Any, ctx: Context) -> str:
    if doc.ordning is not None:
        return str(doc.ordning.value)
    if doc.start is not None and doc.start >= VARIG_FRA:
        return Ordning.varig.value
    return Ordning.opgaveflyt_2027.value


@HSA.derived(
    "sendt_foer_godkendelse",
    "bool",
    "the agreement was sent to the ministry before both councils had approved it",
    pointer="/sendt_til_ministeriet",
)
def _hsa_sendt_foer_godkendelse(doc: Any, ctx: Context) -> bool | None:
    sendt = done(doc.sendt_til_ministeriet, ctx)
    if sendt is None:
        return None
    begge = _both_dates(approval(doc, "regionsraad", ctx), approval(doc, "kommunalbestyrelse", ctx))
    return begge is None or begge > sendt


def _tasks(doc: Any) -> list[FlyttetOpgave]:
    out = [doc.opgave]
    for o in doc.opgaver or ():
        if o not in out:
            out.append(o)
    return out


@HSA.derived("antal_opgaver", "int", "how many moved tasks the agreement covers", pointer="/opgaver", unit="count")
def _hsa_antal_opgaver(doc: Any, ctx: Context) -> int:
    return len(_tasks(doc))


@HSA.derived("opgavenavne", "text", "the moved tasks the agreement covers, by their Danish names", pointer="/opgaver")
def _hsa_opgavenavne(doc: Any, ctx: Context) -> list[str]:
    return [opgavenavn(o) for o in _tasks(doc)]


# Terms the final rules and the cases ask an agreement to settle (real-2025-26.md C1:
# drafts that left service level, target group, capacity and regulation open).
HSA_VILKAAR: dict[str, str] = {
    "serviceniveau": "the service level the municipality delivers",
    "maalgruppe": "the target group of the task",
    "kapacitet": "the capacity the municipality provides",
    "aktivitetsregulering": "how payment is adjusted when activity changes",
}
for _attr, _what in HSA_VILKAAR.items():
    HSA.field(_attr, "text", f"the term on {_what}")
    HSA.derived(
        f"{_attr}_udfyldt",
        "bool",
        f"the term on {_what} says something (absent: no term; false: a placeholder)",
        pointer=f"/{_attr}",
    )(clause_filled(_attr))


def _pct_bp(pct: float | None) -> int | None:
    return None if pct is None else round(pct * 100)


# The udbudsloven § 15 elements (real-2025-26.md R4): shares of the open market in basis
# points, so the rules compare integers.
HSA.field("udbud_faelles_maal", "bool", "the cooperation serves objectives the parties share (§ 15)", path=("udbudsvurdering", "faelles_maal"))
HSA.field(
    "udbud_kun_offentlig_interesse",
    "bool",
    "the cooperation is governed solely by the public interest (§ 15)",
    path=("udbudsvurdering", "kun_offentlig_interesse"),
)
HSA.field("udbud_vurderet", "date", "date of the region's recorded § 15 assessment", path=("udbudsvurdering", "vurderet"), act=True)


def _market_bp(doc: Any, party: str) -> int | None:
    u = doc.udbudsvurdering
    return None if u is None else _pct_bp(getattr(u, f"markedsandel_{party}_pct"))


@HSA.derived(
    "markedsandel_region_bp",
    "int",
    "the region's share of the activities concerned on the open market, in basis points",
    pointer="/udbudsvurdering/markedsandel_region_pct",
    unit="bp",
)
def _hsa_markedsandel_region_bp(doc: Any, ctx: Context) -> int | None:
    return _market_bp(doc, "region")


@HSA.derived(
    "markedsandel_kommune_bp",
    "int",
    "the municipality's share of the activities concerned on the open market, in basis points",
    pointer="/udbudsvurdering/markedsandel_kommune_pct",
    unit="bp",
)
def _hsa_markedsandel_kommune_bp(doc: Any, ctx: Context) -> int | None:
    return _market_bp(doc, "kommune")


@HSA.derived(
    "hoejeste_markedsandel_bp",
    "int",
    "the larger of the parties' open-market shares, in basis points (absent unless both are stated, or one alone already reaches 20 %)",
    pointer="/udbudsvurdering",
    unit="bp",
)
def _hsa_hoejeste_markedsandel_bp(doc: Any, ctx: Context) -> int | None:
    shares = [_market_bp(doc, "region"), _market_bp(doc, "kommune")]
    known = [v for v in shares if v is not None]
    if not known:
        return None
    if len(known) == 2 or max(known) >= 2000:
        return max(known)
    return None


@HSA.derived(
    "regionens_bidrag_kun_betaling",
    "bool",
    "the region's only contribution to the cooperation is payment (absent when not stated)",
    pointer="/regionens_bidrag",
)
def _hsa_regionens_bidrag_kun_betaling(doc: Any, ctx: Context) -> bool | None:
    if doc.regionens_bidrag is None:
        return None
    return set(doc.regionens_bidrag) == {RegionensBidrag.betaling}


@HSA.derived("regionens_bidrag_arter", "text", "what the region contributes, as listed", pointer="/regionens_bidrag")
def _hsa_regionens_bidrag_arter(doc: Any, ctx: Context) -> list[str] | None:
    return None if doc.regionens_bidrag is None else [b.value for b in doc.regionens_bidrag] or None


def add_user_charge_facts(s: Scope) -> None:
    """Facts on what citizens are charged for (003:70, 003:105), shared by the HSA and
    the request: each kind of charge as a bool, absent when the document says nothing
    (the scope declares the ``brugerbetaling`` field itself)."""

    def charged(doc: Any, kinds: set[Brugerbetalingsart]) -> bool | None:
        if doc.brugerbetaling_for is None:
            return False if doc.brugerbetaling is False else None
        return bool(kinds & set(doc.brugerbetaling_for))

    @s.derived("betaling_for_ophold", "bool", "citizens pay for the stay (or the service) itself", pointer="/brugerbetaling_for")
    def _ophold(doc: Any, ctx: Context) -> bool | None:
        return charged(doc, {Brugerbetalingsart.ophold})

    @s.derived(
        "betaling_for_medicin",
        "bool",
        "citizens pay for medicine the service hands out (not medicine bought at the pharmacy)",
        pointer="/brugerbetaling_for",
    )
    def _medicin(doc: Any, ctx: Context) -> bool | None:
        return charged(doc, {Brugerbetalingsart.medicin})

    @s.derived(
        "betaling_til_vurdering",
        "bool",
        "citizens pay for board, linen or something else, which a person must judge",
        pointer="/brugerbetaling_for",
    )
    def _vurdering(doc: Any, ctx: Context) -> bool | None:
        return charged(doc, {Brugerbetalingsart.kost, Brugerbetalingsart.linned, Brugerbetalingsart.andet})

    @s.derived(
        "brugerbetaling_uspecificeret",
        "bool",
        "the document says citizens pay a charge but not what for",
        pointer="/brugerbetaling",
    )
    def _uspecificeret(doc: Any, ctx: Context) -> bool:
        return doc.brugerbetaling is True and doc.brugerbetaling_for is None

    @s.derived("brugerbetaling_arter", "text", "what citizens are charged for, as listed", pointer="/brugerbetaling_for")
    def _arter(doc: Any, ctx: Context) -> list[str] | None:
        return None if doc.brugerbetaling_for is None else [b.value for b in doc.brugerbetaling_for] or None


def add_settlement_facts(s: Scope) -> None:
    """Facts of the settlement (Afregning), shared by the HSA and the request: no party
    may make a loss or a profit (ISM's vejledning, real-2025-26.md R1)."""
    s.field("afregningsgrundlag", "enum", "the basis of payment", path=("afregning", "grundlag"), values=Afregningsgrundlag)
    s.field(
        "skoennede_omkostninger_kr",
        "int",
        "the municipality's estimated annual costs, in kroner",
        path=("afregning", "skoennede_omkostninger_kr"),
        unit="kroner",
    )
    s.field("betaling_kr", "int", "the region's annual payment, in kroner", path=("afregning", "betaling_kr"), unit="kroner")
    s.field("avance_kr", "int", "a mark-up on top of the costs, in kroner a year", path=("afregning", "avance_kr"), unit="kroner")

    @s.derived(
        "udgiftsdaekning_bp",
        "int",
        "the share of the municipality's costs the region pays, in basis points (10000 = full cover)",
        pointer="/afregning/udgiftsdaekning_pct",
        unit="bp",
    )
    def _bp(doc: Any, ctx: Context) -> int | None:
        return None if doc.afregning is None else _pct_bp(doc.afregning.udgiftsdaekning_pct)

    @s.derived(
        "udgiftsdaekning_andel",
        "text",
        "the share of the municipality's costs the region pays, as written (percent), for messages",
        pointer="/afregning/udgiftsdaekning_pct",
    )
    def _andel(doc: Any, ctx: Context) -> str | None:
        pct = None if doc.afregning is None else doc.afregning.udgiftsdaekning_pct
        return None if pct is None else f"{pct:g} %"


add_user_charge_facts(HSA)
add_settlement_facts(HSA)


def tillaeg_scope(kind: str) -> Scope:
    """Each addendum of an HSA or a request, with the arrangement of its document."""
    def items(doc: Any) -> Iterable[tuple[str, Any]]:
        return ((f"/tillaeg/{i}", t) for i, t in enumerate(doc.tillaeg or ()))

    t = scope(kind, "tillaeg", "each addendum (tillæg) to the document", items=items, collection="/tillaeg")
    t.field("dato", "date", "date the addendum was concluded or sent")
    t.field("aarsag", "enum", "why the addendum is made", values=TillaegAarsag)
    t.field("reference", "text", "the rule, guideline or other basis the addendum follows from")
    return t


HSA_TILLAEG = tillaeg_scope("horisontal_samarbejdsaftale")


@HSA_TILLAEG.derived("ordning_antaget", "enum", "the arrangement the agreement rests on (see the document's fact)", pointer="#/ordning", values=Ordning)
def _hsa_tillaeg_ordning(item: Any, ctx: Context) -> str:
    return str(_hsa_ordning_antaget(ctx.document, ctx))


# --- anmodning om fortsat drift ------------------------------------------------------

ANM = scope("anmodning_om_fortsat_drift", "dokument", "the region's request for continued operation")
ANM.field("opgave", "enum", "the moved task the municipality keeps operating", values=FlyttetOpgave)
ANM.field("afgivet", "date", "date the region made the request", act=True)
ANM.field("meddelt_ministeriet", "date", "date the region told the ministry", act=True)
ANM.field("slut", "date", "last day of the period the request covers")
ANM.field("udgiftsdaekning", "enum", "how far the region covers the municipality's costs", values=("fuld", "delvis", "ingen"))
ANM.field(
    "forlaengelse_droeftet_med_aftalepartierne",
    "bool",
    "an extension beyond 2028 was discussed with the political parties behind the reform agreement",
)
ANM.field("brugerbetaling", "bool", "whether citizens pay a user charge for the task")
ANM.field("pladser", "int", "number of sundheds- og omsorgspladser the municipality operates")
ANM.field("kommune", "text", "the municipality asked to keep operating the task")
ANM.field("ordning", "enum", "the arrangement the request states it rests on", values=Ordning)
_add_opgavenavn(ANM)
add_user_charge_facts(ANM)
add_settlement_facts(ANM)

# Operation at a request starts on 1 January 2027 unless the request says otherwise
# (003:135, 003:139).
ANMODNING_START = dt.date(2027, 1, 1)


@ANM.derived("start", "date", "first day the municipality operates the task at the request (absent: 1 January 2027)", pointer="/start")
def _anm_start(doc: Any, ctx: Context) -> dt.date:
    return doc.start if doc.start is not None else ANMODNING_START


ANM_TILLAEG = tillaeg_scope("anmodning_om_fortsat_drift")


# --- delingsaftale -------------------------------------------------------------------

DEL = scope("delingsaftale", "dokument", "the sharing agreement")
DEL.field("udkast_leveret", "date", "date the municipality delivered its draft", act=True)
DEL.field("godkendt_regionsraad", "date", "date the regionsråd approved the agreement", act=True)
DEL.field("godkendt_kommunalbestyrelse", "date", "date the kommunalbestyrelse approved the agreement", act=True)
DEL.field("vederlag_kr", "int", "consideration paid for what moves, in kroner", unit="kroner")
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
    pointer="#/begrundelser_uden_pladser",
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
    "ANM_TILLAEG",
    "DEL",
    "HSA",
    "HSA_INDHOLD",
    "HSA_TILLAEG",
    "HSA_VILKAAR",
    "PKOMMUNE",
    "POST",
    "PRAAD",
    "RUTE",
    "RUTER",
    "KommunePladser",
    "KommuneRuter",
    "RaadPladser",
    "add_settlement_facts",
    "add_user_charge_facts",
    "approval",
    "clause_filled",
    "is_filled",
    "municipalities",
    "municipality_council",
    "municipality_places",
    "name_key",
    "opgavenavn",
    "municipality_routes",
    "opgaver_of",
    "route_count",
    "route_names",
    "sum_known",
    "tillaeg_scope",
]
