"""Facts of the opgaveflyt documents: horisontale samarbejdsaftaler, anmodninger om
fortsat drift and delingsaftaler (Q&A 'Flytning af opgaver', 003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from .base import Applicability, Context, Getter, Scope, done, is_filled, list_items, scope
from .._domain.formatting import show
from .._domain.reference_opgaveflyt import (
    ANMODNINGSFRIST,
    HSA_GODKENDELSESFRIST,
    OPGAVENAVNE,
    REGIONALE_PLADSER,
    SENESTE_START_2027_ORDNING,
    SUNDHEDSRAAD_PLADSER,
    council_key,
    sundhedsraad_pladser,
)
from ..models import (
    Afregningsgrundlag,
    Brugerbetalingsart,
    Delingsanledning,
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


def council_approval(doc: Any, council: str, ctx: Context) -> dt.date | None:
    """The date a council (``regionsraad`` or ``kommunalbestyrelse``) approved the
    document, if the approval counts as of the evaluation date (see ``approval``)."""
    return approval(getattr(doc, f"godkendt_{council}"), getattr(doc, f"godkendt_{council}_med_forbehold"), ctx)


def _approval_getter(council: str) -> Getter:
    def get(doc: Any, ctx: Context) -> dt.date | None:
        return council_approval(doc, council, ctx)

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
    return _both_dates(council_approval(doc, "regionsraad", ctx), council_approval(doc, "kommunalbestyrelse", ctx))


@HSA.derived("antal_godkendelser", "int", "how many of the two councils have approved (0, 1 or 2)")
def _hsa_antal_godkendelser(doc: Any, ctx: Context) -> int:
    return _count_present(council_approval(doc, "regionsraad", ctx), council_approval(doc, "kommunalbestyrelse", ctx))


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
# rests on the lasting arrangement of the health act (real-2025-26.md R3). The same day
# decides the effective routes of a portfolio (hsa_status).


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
    if doc.start is not None and doc.start >= SENESTE_START_2027_ORDNING:
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
    begge = _both_dates(council_approval(doc, "regionsraad", ctx), council_approval(doc, "kommunalbestyrelse", ctx))
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


@HSA_TILLAEG.derived("ordning_antaget", "enum", "the arrangement the agreement rests on (see the document's fact)", pointer="/ordning", pointer_base="unit", values=Ordning)
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
    return council_approval(doc, "regionsraad", ctx), council_approval(doc, "kommunalbestyrelse", ctx)


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


# --- portfolios: routes and places per municipality, task, sundhedsråd and region -----
#
# A portfolio (Portefoelje) holds the opgaveflyt documents of a sundhedsråd or a region.
# The scopes below are registered for 'portefoelje' here, beside the document facts they
# build on; their names (opgaveflyt_opgave, pladser_kommune, pladser_sundhedsraad,
# pladser_region) keep clear of the tilsagn portfolio scopes (tilsagn_...).
#
# Which documents count is decided per document and evaluation date (route_status): only
# an effective route counts (issue 12): an HSA for the 2027 move approved by both councils
# before 1 April 2026 without reservations (003:153, real:36-47), a request made by
# 15 April 2026 (003:139, 003:161). A delingsaftale is the document of regional
# operation, which is the default where the task has no effective municipal route
# (003:3, 003:132, 003:137).
#
# Each scope indexes the portfolio's members once (PortfolioIndex), so the cost of a
# portfolio grows with its members, not with members times municipalities (issue 17).

OpgaveflytDokument = Any  # HorisontalSamarbejdsaftale | AnmodningOmFortsatDrift | Delingsaftale

# The documents of the routes for a moved task from 2027 (003:132-139), by kind, with the
# Danish name shown in messages before the document's id (a legal term, shown as it is in
# both languages): "delingsaftale DEL-HOLBAEK".
RUTER: dict[str, str] = {
    "delingsaftale": "delingsaftale",
    "horisontal_samarbejdsaftale": "horisontal samarbejdsaftale",
    "anmodning_om_fortsat_drift": "anmodning om fortsat drift",
}


def name_key(name: str) -> str:
    """A municipality name folded for matching (case and spacing do not matter)."""
    return " ".join(name.casefold().split())


def opgaver_of(doc: OpgaveflytDokument) -> tuple[FlyttetOpgave, ...]:
    """The moved tasks an opgaveflyt document concerns: a delingsaftale's list; an HSA's
    ``opgave`` and any further tasks in its ``opgaver`` (OF-30 reports an HSA that covers
    several); a request's ``opgave``."""
    if doc.kind == "delingsaftale":
        return tuple(doc.opgaver)
    extra = getattr(doc, "opgaver", None) or ()
    return tuple(dict.fromkeys((doc.opgave, *extra)))


def opgaveflyt_documents(pf: Any) -> list[tuple[str, OpgaveflytDokument]]:
    """The portfolio's opgaveflyt documents with their JSON Pointers (tilsagnsaftaler are
    left out)."""
    return [(f"/dokumenter/{i}", d) for i, d in enumerate(pf.dokumenter) if d.kind in RUTER]


# A portfolio without opgaveflyt documents (one of tilsagnsaftaler only) is not an
# opgaveflyt portfolio: the rules over its municipalities' routes and places do not apply.
OPGAVEFLYT_PORTFOLIO = Applicability(
    lambda pf: any(d.kind in RUTER for d in pf.dokumenter),
    "porteføljen indeholder ingen aftaler om opgaveflytning",
    "the portfolio holds no agreements on moved tasks",
)


@dataclass
class PortfolioIndex:
    """The portfolio's opgaveflyt documents indexed once: the municipalities in order
    (those it lists, then those only its documents name) with their pointers, and each
    municipality's documents."""

    kommuner: list[tuple[str, str]]  # (name, pointer)
    dokumenter: dict[str, list[tuple[str, OpgaveflytDokument]]]  # name_key -> (pointer, doc)

    def of(self, kommune: str) -> list[tuple[str, OpgaveflytDokument]]:
        return self.dokumenter.get(name_key(kommune), [])

    def of_task(self, kommune: str, opgave: FlyttetOpgave) -> list[tuple[str, OpgaveflytDokument]]:
        return [(p, d) for p, d in self.of(kommune) if opgave in opgaver_of(d)]


def portfolio_index(pf: Any) -> PortfolioIndex:
    """Index the portfolio's opgaveflyt documents by municipality (one pass)."""
    names: dict[str, tuple[str, str]] = {}
    docs: dict[str, list[tuple[str, OpgaveflytDokument]]] = {}
    for i, name in enumerate(pf.kommuner):
        names.setdefault(name_key(name), (name, f"/kommuner/{i}"))
    for pointer, doc in opgaveflyt_documents(pf):
        key = name_key(doc.kommune)
        names.setdefault(key, (doc.kommune, pointer + "/kommune"))
        docs.setdefault(key, []).append((pointer, doc))
    return PortfolioIndex(list(names.values()), docs)


def municipalities(pf: Any) -> list[tuple[str, str]]:
    """(name, pointer) of every municipality of the portfolio: those it lists, then those
    that only appear in its opgaveflyt documents, each once."""
    return portfolio_index(pf).kommuner


# --- which documents are routes for 2027, as of the evaluation date ------------------

# Status of one document in the route of its task, as of the evaluation date:
# effektiv: it counts; fristdag: an HSA approved on 1 April itself (for a person to judge);
# afventer: its deadline has not passed and it may still count; ikke_effektiv: it does not
# count (the reason says why); uden_for: it is not about the 2027 move.
EFFEKTIV, FRISTDAG, AFVENTER, IKKE_EFFEKTIV, UDEN_FOR = "effektiv", "fristdag", "afventer", "ikke_effektiv", "uden_for"

# Reasons, in Danish and English, for a document that does not count (or not yet).
GRUNDE: dict[str, tuple[str, str]] = {
    "varig": ("efter sundhedslovens varige ordning, ikke opgaveflytningen 2027", "under the lasting arrangement, not the 2027 move"),
    "senere_start": ("starter efter overgangsperioden, fra 2028", "starts after the transition period, from 2028"),
    "forbehold": ("godkendt med forbehold", "approved with reservations"),
    "ikke_godkendt": ("ikke godkendt af både regionsråd og kommunalbestyrelse", "not approved by both regionsråd and kommunalbestyrelse"),
    "godkendt_for_sent": ("godkendt efter 1. april 2026", "approved after 1 April 2026"),
    "godkendt_paa_fristdagen": ("godkendt 1. april 2026, på fristdagen", "approved on 1 April 2026, the deadline day"),
    "afventer_godkendelse": ("afventer godkendelse inden 1. april 2026", "awaiting approval before 1 April 2026"),
    "ikke_afgivet": ("ikke afgivet senest 15. april 2026", "not made by 15 April 2026"),
    "afgivet_for_sent": ("afgivet efter 15. april 2026", "made after 15 April 2026"),
    "afventer_anmodning": ("kan afgives til og med 15. april 2026", "may be made until 15 April 2026"),
    "hsa_deling": ("deling ved indgåelse, udløb eller opsigelse af en horisontal samarbejdsaftale", "sharing on the conclusion, expiry or termination of a horizontal agreement"),
}


def hsa_status(doc: Any, ctx: Context) -> tuple[str, str | None]:
    """Whether a horizontal agreement is an effective route for the 2027 move, with the
    reason where it is not."""
    if doc.ordning is not None and doc.ordning.value == "varig":
        return UDEN_FOR, "varig"
    if doc.ordning is None and doc.start is not None and doc.start >= SENESTE_START_2027_ORDNING:
        return UDEN_FOR, "senere_start"
    # an approval with reservations does not count (council_approval), and is the reason given
    rr, kb = council_approval(doc, "regionsraad", ctx), council_approval(doc, "kommunalbestyrelse", ctx)
    forbehold = bool(doc.godkendt_regionsraad_med_forbehold) or bool(doc.godkendt_kommunalbestyrelse_med_forbehold)
    if rr is not None and kb is not None:
        last = max(rr, kb)
        if last < HSA_GODKENDELSESFRIST:
            return EFFEKTIV, None
        if last == HSA_GODKENDELSESFRIST:
            return FRISTDAG, "godkendt_paa_fristdagen"
        return IKKE_EFFEKTIV, "godkendt_for_sent"
    if ctx.as_of <= HSA_GODKENDELSESFRIST:
        return AFVENTER, "afventer_godkendelse"
    return IKKE_EFFEKTIV, "forbehold" if forbehold else "ikke_godkendt"


def anmodning_status(doc: Any, ctx: Context) -> tuple[str, str | None]:
    """Whether a request for continued operation is an effective route (made by 15 April
    2026, 003:139, 003:161)."""
    if doc.ordning is not None and doc.ordning.value == "varig":
        return UDEN_FOR, "varig"
    afgivet = done(doc.afgivet, ctx)
    if afgivet is not None:
        return (EFFEKTIV, None) if afgivet <= ANMODNINGSFRIST else (IKKE_EFFEKTIV, "afgivet_for_sent")
    if ctx.as_of <= ANMODNINGSFRIST:
        return AFVENTER, "afventer_anmodning"
    return IKKE_EFFEKTIV, "ikke_afgivet"


def route_status(doc: OpgaveflytDokument, ctx: Context) -> tuple[str, str | None]:
    """The status of one opgaveflyt document in the route of its tasks for 2027."""
    if doc.kind == "horisontal_samarbejdsaftale":
        return hsa_status(doc, ctx)
    if doc.kind == "anmodning_om_fortsat_drift":
        return anmodning_status(doc, ctx)
    # A delingsaftale made when an HSA is concluded, expires or is terminated concerns a
    # later change of route, not the choice for 2027 (real:108-111).
    anledning = doc.anledning.value if doc.anledning is not None else None
    if anledning in ("hsa_indgaaet", "hsa_udloebet", "hsa_opsagt"):
        return UDEN_FOR, "hsa_deling"
    return EFFEKTIV, None


def counts_for_places(doc: OpgaveflytDokument, ctx: Context) -> str:
    """How a document's places count: 'ja' (an effective route or a delingsaftale),
    'afventer', 'usikker' (an HSA approved on the deadline day) or 'nej'."""
    status, _ = route_status(doc, ctx)
    return {EFFEKTIV: "ja", AFVENTER: "afventer", FRISTDAG: "usikker"}.get(status, "nej")


# --- one subject per municipality and moved task (OF-15, OF-17) -----------------------


@dataclass
class OpgaveRute:
    """One moved task in one municipality of a portfolio, with the documents about it and
    the regionsråd's decisions on it. Statuses depend on the evaluation date and are
    computed once per date (``_cache``)."""

    kommune: str
    opgave: FlyttetOpgave
    dokumenter: tuple[OpgaveflytDokument, ...]
    beslutninger: tuple[Any, ...]  # Driftsbeslutning, in the portfolio's order
    cache: dict[dt.date, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)


# Module functions rather than methods: the strategies watch which attributes a fact reads
# (strategies._Recorder), and a method call on a subject counts as reading everything.


def summary(r: OpgaveRute, ctx: Context) -> dict[str, Any]:
    """The task's documents sorted by how they count as of the evaluation date, and the
    regionsråd's decision in force (computed once per subject and date)."""
    got = r.cache.get(ctx.as_of)
    if got is None:
        got = r.cache[ctx.as_of] = _summarise(r, ctx)
    return got


def _summarise(r: OpgaveRute, ctx: Context) -> dict[str, Any]:
    s: dict[str, Any] = {
        "hsa": 0, "anmodning": 0, "deling": 0, "deling_efter_anmodning": 0, "afventer": 0, "fristdag": 0,
        "hsa_2027": [], "medregnet": [], "afventende": [], "ikke_da": [], "ikke_en": [],
    }
    for d in r.dokumenter:
        status, grund = route_status(d, ctx)
        shown = f"{RUTER[d.kind]} {d.dokument_id}"
        if d.kind == "horisontal_samarbejdsaftale" and status != UDEN_FOR:
            s["hsa_2027"].append(d)
        if status == EFFEKTIV:
            s["medregnet"].append(shown)
            if d.kind == "horisontal_samarbejdsaftale":
                s["hsa"] += 1
            elif d.kind == "anmodning_om_fortsat_drift":
                s["anmodning"] += 1
            elif d.anledning is not None and d.anledning.value == "anmodning_ophoert":
                s["deling_efter_anmodning"] += 1
            else:
                s["deling"] += 1
            continue
        if status == AFVENTER:
            s["afventer"] += 1
            s["afventende"].append(shown)
        elif status == FRISTDAG:
            s["fristdag"] += 1
        assert grund is not None
        da, en = GRUNDE[grund]
        s["ikke_da"].append(f"{d.dokument_id} ({da})")
        s["ikke_en"].append(f"{d.dokument_id} ({en})")
    s["beslutning"] = _decision(r, ctx)
    return s


def _decision(r: OpgaveRute, ctx: Context) -> Any:
    """The latest decision of the regionsråd on this task in this municipality that has
    been made as of the evaluation date (a later decision replaces an earlier one; one
    without a date counts as made, placed by its order)."""
    made = [b for b in r.beslutninger if b.dato is None or b.dato <= ctx.as_of]
    if not made:
        return None
    return max(enumerate(made), key=lambda ib: (ib[1].dato or dt.date.min, ib[0]))[1]


def task_routes(pf: Any) -> Iterable[tuple[str, OpgaveRute]]:
    """Every municipality of the portfolio and moved task, one subject each. The pointer
    is the municipality's followed by the task (``/kommuner/0/akutsygepleje``), so each
    finding has its own path (and SARIF fingerprint); the last segment names the task,
    not a member of the document."""
    index = portfolio_index(pf)
    decisions: dict[tuple[str, FlyttetOpgave], list[Any]] = {}
    for b in pf.driftsbeslutninger:
        for k in b.kommuner:
            for o in b.opgaver:
                decisions.setdefault((name_key(k), o), []).append(b)
    for name, pointer in index.kommuner:
        key = name_key(name)
        mine = index.of(name)
        for opgave in FlyttetOpgave:
            docs = tuple(d for _, d in mine if opgave in opgaver_of(d))
            yield f"{pointer}/{opgave.value}", OpgaveRute(name, opgave, docs, tuple(decisions.get((key, opgave), ())))


RUTE = scope(
    "portefoelje",
    "opgaveflyt_opgave",
    "each municipality of the portfolio and moved task, with the documents that set its route from 2027 "
    "and the regionsråd's decisions on it (path: the municipality's pointer followed by the task)",
    items=task_routes,
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


def _summary_fact(s: Scope, name: str, type: Any, description: str, key: str, *, pointer: str = "", **kw: Any) -> None:
    """A fact read from the subject's summary as of the evaluation date; empty lists are
    absent (shown as '–')."""

    def get(obj: Any, ctx: Context) -> Any:
        v = summary(obj, ctx)[key]
        return (v or None) if isinstance(v, list) else v

    get.__name__ = f"_{s.name}_{name}"
    s.derived(name, type, description, pointer=pointer, **kw)(get)


_attribute(RUTE, "kommune", "text", "the municipality")


@RUTE.derived("opgave", "enum", "the moved task", values=FlyttetOpgave)
def _rute_opgave(r: OpgaveRute, ctx: Context) -> str:
    return r.opgave.value


@RUTE.derived("opgavenavn", "text", "the moved task by its Danish name, for messages")
def _rute_opgavenavn(r: OpgaveRute, ctx: Context) -> str:
    return opgavenavn(r.opgave)


for _name, _key, _what in (
    ("antal_hsa", "hsa", "effective horizontal agreements for the task (2027 move, approved by both councils before 1 April 2026 without reservations)"),
    ("antal_anmodninger", "anmodning", "effective requests for continued operation (made by 15 April 2026)"),
    ("antal_delingsaftaler", "deling", "delingsaftaler for regional operation of the task from the move (occasion: the 2027 move, or not stated)"),
    ("antal_delingsaftaler_efter_anmodning", "deling_efter_anmodning", "delingsaftaler for the region's takeover when a request ends"),
    ("antal_afventer", "afventer", "horizontal agreements and requests whose deadline has not passed and that may still count"),
    ("antal_hsa_fristdag", "fristdag", "horizontal agreements whose later approval is dated 1 April 2026 itself"),
):
    _summary_fact(RUTE, _name, "int", f"how many {_what}", _key)

_summary_fact(RUTE, "medregnet", "text", "the documents that count for the task, as 'kind id' ('delingsaftale DEL-HOLBAEK')", "medregnet")
_summary_fact(RUTE, "afventende", "text", "the documents that may still count, as 'kind id'", "afventende")
_summary_fact(RUTE, "ikke_medregnet_da", "text", "the documents that do not count, with the reason (Danish)", "ikke_da")
_summary_fact(RUTE, "ikke_medregnet_en", "text", "the documents that do not count, with the reason (English)", "ikke_en")


def _not_counted_note(lang: str, lead: str) -> Getter:
    """Getter: the documents that do not count, as the end of a message in ``lang``
    ('; ikke medregnet: A og B'), or empty when every document counts."""
    key = f"ikke_{lang}"

    def get(r: OpgaveRute, ctx: Context) -> str:
        items = summary(r, ctx)[key]
        return f"; {lead}: {show(items, 'list', lang)}" if items else ""

    return get


RUTE.derived(
    "ikke_medregnet_note_da",
    "text",
    "the documents that do not count, as the end of a Danish message ('; ikke medregnet: ...'; empty when none)",
)(_not_counted_note("da", "ikke medregnet"))
RUTE.derived(
    "ikke_medregnet_note_en",
    "text",
    "the documents that do not count, as the end of an English message ('; not counted: ...'; empty when none)",
)(_not_counted_note("en", "not counted"))


@RUTE.derived("antal_kommunale_ruter", "int", "how many effective municipal routes (horizontal agreements and requests)")
def _rute_kommunale(r: OpgaveRute, ctx: Context) -> int:
    s = summary(r, ctx)
    return int(s["hsa"] + s["anmodning"])


# The regionsråd's decision on the route (003:9-10; OF-17).


@RUTE.derived(
    "antal_hsa_2027",
    "int",
    "how many horizontal agreements for the 2027 move the portfolio holds for the task, approved or not",
)
def _rute_hsa_2027(r: OpgaveRute, ctx: Context) -> int:
    return len(summary(r, ctx)["hsa_2027"])


@RUTE.derived("hsa_ids", "text", "the horizontal agreements for the 2027 move for the task, by document id")
def _rute_hsa_ids(r: OpgaveRute, ctx: Context) -> list[str] | None:
    return [d.dokument_id for d in summary(r, ctx)["hsa_2027"]] or None


@RUTE.derived(
    "beslutning_drift",
    "enum",
    "who the regionsråd decided runs the task in the municipality (its latest decision made as of the evaluation date)",
    pointer="/driftsbeslutninger", pointer_base="unit",
    values=("region", "kommune"),
)
def _rute_beslutning_drift(r: OpgaveRute, ctx: Context) -> str | None:
    b = summary(r, ctx)["beslutning"]
    return None if b is None else str(b.drift)


@RUTE.derived("beslutning_dato", "date", "date of that decision")
def _rute_beslutning_dato(r: OpgaveRute, ctx: Context) -> dt.date | None:
    b = summary(r, ctx)["beslutning"]
    return None if b is None else b.dato


@RUTE.derived(
    "beslutning_truffet_af",
    "enum",
    "the body that made that decision",
    values=("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"),
)
def _rute_beslutning_af(r: OpgaveRute, ctx: Context) -> str | None:
    b = summary(r, ctx)["beslutning"]
    return None if b is None else b.besluttet_af


# The deciding body as a message names it (definite form): in 2026 the forberedende
# regionsråd decides for Region Østdanmark (003:136); without a body, the regionsråd.
ORGANER: dict[str | None, tuple[str, str]] = {
    None: ("regionsrådet", "the regionsråd"),
    "regionsraad": ("regionsrådet", "the regionsråd"),
    "forberedende_regionsraad": ("det forberedende regionsråd", "the forberedende regionsråd"),
    "region_hovedstaden": ("regionsrådet i Region Hovedstaden", "the regionsråd of Region Hovedstaden"),
    "region_sjaelland": ("regionsrådet i Region Sjælland", "the regionsråd of Region Sjælland"),
}


def _organ(lang: int) -> Getter:
    def get(r: OpgaveRute, ctx: Context) -> str | None:
        b = summary(r, ctx)["beslutning"]
        return None if b is None else ORGANER[b.besluttet_af][lang]

    return get


RUTE.derived("beslutningsorgan_da", "text", "the body that made that decision, as a Danish message names it")(_organ(0))
RUTE.derived("beslutningsorgan_en", "text", "the body that made that decision, as an English message names it")(_organ(1))


@RUTE.derived(
    "hsa_godkendt_af_regionen_efter_beslutningen",
    "bool",
    "a horizontal agreement for the task was approved by the region without reservations after the decision "
    "(absent without a dated decision): the approval may itself be a new decision",
)
def _rute_godkendt_efter(r: OpgaveRute, ctx: Context) -> bool | None:
    s = summary(r, ctx)
    b = s["beslutning"]
    if b is None or b.dato is None:
        return None
    for d in s["hsa_2027"]:
        when = done(d.godkendt_regionsraad, ctx)
        if when is not None and when > b.dato and not d.godkendt_regionsraad_med_forbehold:
            return True
    return False


# --- places (sundheds- og omsorgspladser) per municipality, council and region (OF-16) --


def sum_known(counts: Iterable[int | None]) -> int | None:
    """The sum of place counts, or None when any of them is unknown."""
    total = 0
    for c in counts:
        if c is None:
            return None
        total += c
    return total


def places_of(docs: tuple[OpgaveflytDokument, ...], ctx: Context) -> int | None:
    """Places over the documents on sundheds- og omsorgspladser that count as of the
    evaluation date (counts_for_places); 0 when none does, None when one that counts does
    not say how many."""
    return sum_known(d.pladser for d in docs if counts_for_places(d, ctx) == "ja")


def _count_of(docs: tuple[OpgaveflytDokument, ...], ctx: Context, how: str) -> int:
    return sum(1 for d in docs if counts_for_places(d, ctx) == how)


def _places_docs(index: PortfolioIndex, kommuner: Iterable[str]) -> tuple[OpgaveflytDokument, ...]:
    """The documents on sundheds- og omsorgspladser of some municipalities."""
    sop = FlyttetOpgave.sundheds_og_omsorgspladser
    return tuple(d for k in kommuner for _, d in index.of_task(k, sop))


def municipality_council(index: PortfolioIndex, pf: Any, kommune: str) -> str | None:
    """The sundhedsråd of a municipality: as its documents name it, else the portfolio's."""
    for _, d in index.of(kommune):
        if d.sundhedsraad:
            return str(d.sundhedsraad)
    return str(pf.sundhedsraad) if pf.sundhedsraad else None


def _add_source_facts(s: Scope) -> None:
    """The source of the agreed figure as a message shows it: the source line, or that the
    portfolio gives it (no field name in the sentence)."""

    def shown(lang: int) -> Getter:
        def get(obj: Any, ctx: Context) -> str | None:
            kilde = obj.kilde
            if kilde is None or not kilde.startswith("input"):
                return None if kilde is None else f"Q&A {kilde}"
            return ("oplyst i porteføljen", "given in the portfolio")[lang]

        return get

    s.derived("pladstal_kilde_da", "text", "where the agreed figure comes from, as a Danish message says it")(shown(0))
    s.derived("pladstal_kilde_en", "text", "where the agreed figure comes from, as an English message says it")(shown(1))


def _add_place_facts(s: Scope) -> None:
    def pladser(obj: Any, ctx: Context) -> int | None:
        return places_of(obj.docs, ctx)

    def afventer(obj: Any, ctx: Context) -> int:
        return _count_of(obj.docs, ctx, "afventer")

    def usikre(obj: Any, ctx: Context) -> int:
        return _count_of(obj.docs, ctx, "usikker")

    s.derived("pladser", "int", "sundheds- og omsorgspladser over the documents that count (effective routes and delingsaftaler)")(pladser)
    s.derived("antal_afventer", "int", "documents on the places that may still count (deadline not passed)")(afventer)
    s.derived("antal_usikre", "int", "horizontal agreements on the places approved on 1 April 2026 itself (not counted)")(usikre)


@dataclass(frozen=True)
class KommunePladser:
    kommune: str
    sundhedsraad: str | None
    docs: tuple[OpgaveflytDokument, ...]  # the documents on the places
    begrundelse: str | None


def _begrundelse(pf: Any, kommune: str) -> str | None:
    key = name_key(kommune)
    for name, text in pf.begrundelser_uden_pladser.items():
        if name_key(name) == key:
            return str(text)
    return None


def municipality_places_items(pf: Any) -> Iterable[tuple[str, KommunePladser]]:
    """Every municipality of the portfolio with its documents on the places and any
    reason for having none."""
    index = portfolio_index(pf)
    for name, pointer in index.kommuner:
        yield pointer, KommunePladser(
            name, municipality_council(index, pf, name), _places_docs(index, [name]), _begrundelse(pf, name)
        )


PKOMMUNE = scope(
    "portefoelje",
    "pladser_kommune",
    "each municipality of the portfolio, with its sundheds- og omsorgspladser over the routes that count",
    items=municipality_places_items,
    collection="/kommuner",
    applies=OPGAVEFLYT_PORTFOLIO,
)
_attribute(PKOMMUNE, "kommune", "text", "the municipality")
_attribute(PKOMMUNE, "sundhedsraad", "text", "the municipality's sundhedsråd")
_add_place_facts(PKOMMUNE)
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
    docs: tuple[OpgaveflytDokument, ...]  # the documents on the places
    aftalte_pladser: int | None
    kilde: str | None


def _councils(index: PortfolioIndex, pf: Any) -> dict[str, tuple[str, str, list[str]]]:
    """council_key -> (council name, pointer, its municipalities in the portfolio)."""
    councils: dict[str, tuple[str, str, list[str]]] = {}
    if pf.sundhedsraad:
        councils[council_key(pf.sundhedsraad)] = (pf.sundhedsraad, "/sundhedsraad", [])
    for name, pointer in index.kommuner:
        raad = municipality_council(index, pf, name)
        if raad is None:
            continue  # not attributable to a council; OF-16.2 still sees the municipality
        councils.setdefault(council_key(raad), (raad, pointer, []))[2].append(name)
    return {k: v for k, v in councils.items() if v[2]}  # the portfolio's council may name none


def council_places_items(pf: Any) -> Iterable[tuple[str, RaadPladser]]:
    """Every sundhedsråd of the portfolio with its documents on the places and the agreed
    figure: sourced for the Region Østdanmark councils (003:73-96), else the portfolio's
    input figure for its own council."""
    index = portfolio_index(pf)
    for key, (raad, pointer, kommuner) in _councils(index, pf).items():
        sourced = sundhedsraad_pladser(raad)
        if sourced is not None:
            agreed: int | None = sourced.pladser
            kilde: str | None = sourced.kilde
        elif pf.sundhedsraad and council_key(pf.sundhedsraad) == key and pf.aftalte_pladser is not None:
            agreed, kilde = pf.aftalte_pladser, "input (aftalte_pladser)"
        else:
            agreed, kilde = None, None
        yield pointer, RaadPladser(raad, tuple(kommuner), _places_docs(index, kommuner), agreed, kilde)


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
_add_place_facts(PRAAD)
_attribute(PRAAD, "aftalte_pladser", "int", "the agreed number of places for the council (sourced, or input)")
_attribute(PRAAD, "pladstal_kilde", "text", "where the agreed figure comes from: a source line, or 'input'", attr="kilde")
_add_source_facts(PRAAD)


@dataclass(frozen=True)
class RegionPladser:
    region: str
    sundhedsraad: tuple[str, ...]  # the councils of the portfolio
    mangler: tuple[str, ...]  # the region's sourced councils the portfolio does not hold
    hele_regionen: bool
    docs: tuple[OpgaveflytDokument, ...]  # the documents on the places
    aftalte_pladser: int | None
    kilde: str | None


def _region_of(pf: Any, index: PortfolioIndex) -> tuple[str, str] | None:
    """(region, pointer): the portfolio's, else the one region all its documents name."""
    if pf.region:
        return str(pf.region), "/region"
    named = {d.region for docs in index.dokumenter.values() for _, d in docs}
    return (str(next(iter(named))), "/dokumenter") if len(named) == 1 else None


def region_places_items(pf: Any) -> Iterable[tuple[str, RegionPladser]]:
    """The portfolio's region with its places and the agreed regional figure: sourced for
    Region Østdanmark (1,237, 003:72), else the input figure (aftalte_pladser_region).
    The portfolio holds the whole region when it has municipalities of each of the
    region's sourced councils (003:73-94), or when the input figure is given; a
    portfolio without a council of its own is a region portfolio too."""
    index = portfolio_index(pf)
    found = _region_of(pf, index)
    if found is None:
        return
    region, pointer = found
    councils = _councils(index, pf)
    names = tuple(v[0] for v in councils.values())
    sourced = REGIONALE_PLADSER.get(region)
    if sourced is not None:
        held = set(councils)
        mangler = tuple(n for n in SUNDHEDSRAAD_PLADSER if council_key(n) not in held)
        whole = not mangler
        agreed: int | None = sourced.pladser
        kilde: str | None = sourced.kilde
    else:
        mangler = ()
        whole = pf.aftalte_pladser_region is not None or not pf.sundhedsraad
        agreed = pf.aftalte_pladser_region
        kilde = "input (aftalte_pladser_region)" if agreed is not None else None
    docs = _places_docs(index, [n for n, _ in index.kommuner])
    yield pointer, RegionPladser(region, names, mangler, whole, docs, agreed, kilde)


PREGION = scope(
    "portefoelje",
    "pladser_region",
    "the portfolio's region, with its sundheds- og omsorgspladser and the agreed regional figure",
    items=region_places_items,
    collection="/region",
    applies=OPGAVEFLYT_PORTFOLIO,
)
_attribute(PREGION, "region", "text", "the region")
_attribute(PREGION, "sundhedsraad", "text", "the sundhedsråd the portfolio holds municipalities of")
_attribute(PREGION, "manglende_sundhedsraad", "text", "the region's councils (as the sources name them) the portfolio holds no municipality of", attr="mangler")
_attribute(PREGION, "hele_regionen", "bool", "the portfolio holds the whole region")
_add_place_facts(PREGION)
_attribute(PREGION, "aftalte_pladser_region", "int", "the agreed number of places for the region (sourced, or input)", attr="aftalte_pladser")
_attribute(PREGION, "pladstal_kilde", "text", "where the agreed figure comes from: a source line, or 'input'", attr="kilde")
_add_source_facts(PREGION)


# What this module declares, in order (the vocabulary is built from it).
SCOPES = (HSA, HSA_TILLAEG, ANM, ANM_TILLAEG, DEL, POST, DISP, RUTE, PKOMMUNE, PRAAD, PREGION)

__all__ = [
    "ANM",
    "ANM_TILLAEG",
    "DEL",
    "DISP",
    "HSA",
    "HSA_INDHOLD",
    "HSA_TILLAEG",
    "HSA_VILKAAR",
    "PKOMMUNE",
    "POST",
    "PRAAD",
    "PREGION",
    "RUTE",
    "RUTER",
    "SCOPES",
    "KommunePladser",
    "OpgaveRute",
    "PortfolioIndex",
    "RaadPladser",
    "RegionPladser",
    "anmodning_status",
    "add_settlement_facts",
    "add_user_charge_facts",
    "clause_filled",
    "council_approval",
    "council_places_items",
    "counts_for_places",
    "hsa_status",
    "is_filled",
    "municipalities",
    "municipality_council",
    "municipality_places_items",
    "name_key",
    "approval",
    "approval_fact",
    "is_oestdanmark",
    "item_fixed_by",
    "old_region_approved",
    "opgavenavn",
    "sharing_for_the_move",
    "opgaver_of",
    "places_of",
    "portfolio_index",
    "region_places_items",
    "route_status",
    "sum_known",
    "summary",
    "task_routes",
    "tillaeg_scope",
]
