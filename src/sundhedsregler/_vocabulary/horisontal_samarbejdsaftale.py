"""Facts of a ``horisontal_samarbejdsaftale`` (003:153-158), a section per subject: the
agreement itself and each addendum (``tillaeg``). The readings are in
``_domain.opgaveflyt``; facts the request shares are declared by ``opgaveflyt``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Context, Getter, Scope, scope, text_list
from .opgaveflyt import (
    REGION_APPROVERS,
    add_antal_godkendelser,
    add_opgavenavn,
    add_settlement_facts,
    add_user_charge_facts,
    tillaeg_scope,
)
from .._domain.acts import council_approval
from .._domain.opgaveflyt import (
    arrangement_presumed,
    highest_market_share_bp,
    market_share_bp,
    may_terminate,
    name_key,
    opgavenavn,
    payment_only,
    sent_before_approval,
    tasks_covered,
)
from ..models import FlyttetOpgave, Ordning, TillaegAarsag

__all__ = ["HSA", "HSA_INDHOLD", "HSA_TILLAEG", "SCOPES"]

# --- the agreement ------------------------------------------------------------------

HSA = scope("horisontal_samarbejdsaftale", "dokument", "the horizontal cooperation agreement")
HSA.field("opgave", "enum", "the moved task the municipality operates", values=FlyttetOpgave)
HSA.field("myndighedsansvar", "enum", "who the agreement says holds myndighedsansvar", values=("kommune", "region"))
HSA.field("sendt_til_ministeriet", "date", "date the approved agreement was sent to the ministry", act=True)
HSA.field(
    "indgaaelse_aarsag",
    "enum",
    "why the agreement is concluded after 1 April 2026 (the window until 31 December 2026 for new rules or guidelines, real-2025-26.md R2)",
    values=TillaegAarsag,
)
HSA.field("start", "date", "date the municipality starts operating the task under the agreement")
HSA.field("varsel_maaneder", "int", "notice period in months", path=("opsigelse", "varsel_maaneder"), unit="months")
HSA.field("brugerbetaling", "bool", "whether citizens pay a user charge for the task")
HSA.field("kommune", "text", "the municipality that operates the task")
add_opgavenavn(HSA)


@HSA.derived(
    "kan_opsiges_af",
    "text",
    "the parties that may terminate the agreement, for messages (absent when none is named)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_kan_opsiges_af(doc: Any, ctx: Context) -> list[str] | None:
    if doc.opsigelse is None or doc.opsigelse.kan_opsiges_af is None:
        return None
    return text_list(doc.opsigelse.kan_opsiges_af)


# The contents a horizontal agreement must describe (003:154-155). Each clause is a text
# fact (shown in evidence) and a derived 'udfyldt' fact: absent when the clause is missing,
# false when it is a placeholder such as 'udfyldes senere' or 'TBD' (Scope.filled).
HSA_INDHOLD: dict[str, str] = {
    "faelles_maal": "the shared goal of both parties for the task",
    "bidrag_region": "how the region contributes to the task",
    "bidrag_kommune": "how the municipality contributes to the task",
    "ansvarsfordeling": "who answers for which services",
    "finansiering": "the financing of the task",
    "opfoelgning": "the follow-up on the cooperation",
    "misligholdelse": "the terms on breach (misligholdelse)",
}

for _attr, _what in HSA_INDHOLD.items():
    HSA.field(_attr, "text", f"the clause on {_what}")
    HSA.filled(f"{_attr}_udfyldt", f"the clause on {_what} says something (absent: no clause; false: a placeholder)", path=(_attr,))


@HSA.derived(
    "region_kan_opsige",
    "bool",
    "the region may terminate the agreement (absent when the agreement does not say who may)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_region_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return may_terminate(doc, "region")


@HSA.derived(
    "kommune_kan_opsige",
    "bool",
    "the municipality may terminate the agreement (absent when the agreement does not say who may)",
    pointer="/opsigelse/kan_opsiges_af",
)
def _hsa_kommune_kan_opsige(doc: Any, ctx: Context) -> bool | None:
    return may_terminate(doc, "kommune")


add_antal_godkendelser(HSA)


def _approval_getter(council: str) -> Getter:
    def get(doc: Any, ctx: Context) -> dt.date | None:
        return council_approval(doc, council, ctx.as_of)

    get.__name__ = f"_hsa_godkendt_{council}"
    return get


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
HSA.field("godkendt_regionsraad_af", "enum", "who gave the region's approval", values=REGION_APPROVERS)
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


# The same presumption decides the effective routes of a portfolio (_domain.routes).


@HSA.derived(
    "ordning_antaget",
    "enum",
    "the arrangement the agreement rests on: as stated, else the lasting one for a start in 2028 or later, else the move on 1 January 2027 (the presumption)",
    pointer="/ordning",
    values=Ordning,
)
def _hsa_ordning_antaget(doc: Any, ctx: Context) -> str:
    return arrangement_presumed(doc)


@HSA.derived(
    "sendt_foer_godkendelse",
    "bool",
    "the agreement was sent to the ministry before both councils had approved it",
    pointer="/sendt_til_ministeriet",
)
def _hsa_sendt_foer_godkendelse(doc: Any, ctx: Context) -> bool | None:
    return sent_before_approval(doc, ctx.as_of)


@HSA.derived("antal_opgaver", "int", "how many moved tasks the agreement covers", pointer="/opgaver", unit="count")
def _hsa_antal_opgaver(doc: Any, ctx: Context) -> int:
    return len(tasks_covered(doc))


@HSA.derived("opgavenavne", "text", "the moved tasks the agreement covers, by their Danish names", pointer="/opgaver")
def _hsa_opgavenavne(doc: Any, ctx: Context) -> list[str]:
    return [opgavenavn(o) for o in tasks_covered(doc)]


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


def _market_share(party: str) -> Getter:
    def get(doc: Any, ctx: Context) -> int | None:
        return market_share_bp(doc, party)

    return get


HSA.derived(
    "markedsandel_region_bp",
    "int",
    "the region's share of the activities concerned on the open market, in basis points, rounded down",
    pointer="/udbudsvurdering/markedsandel_region_pct",
    unit="bp",
)(_market_share("region"))
HSA.derived(
    "markedsandel_kommune_bp",
    "int",
    "the municipality's share of the activities concerned on the open market, in basis points, rounded down",
    pointer="/udbudsvurdering/markedsandel_kommune_pct",
    unit="bp",
)(_market_share("kommune"))


@HSA.derived(
    "hoejeste_markedsandel_bp",
    "int",
    "the larger of the parties' open-market shares, in basis points rounded down (absent unless both are stated, or one alone already reaches 20 %)",
    pointer="/udbudsvurdering",
    unit="bp",
)
def _hsa_hoejeste_markedsandel_bp(doc: Any, ctx: Context) -> int | None:
    return highest_market_share_bp(doc)


@HSA.derived(
    "regionens_bidrag_kun_betaling",
    "bool",
    "the region's only contribution to the cooperation is payment (absent when not stated)",
    pointer="/regionens_bidrag",
)
def _hsa_regionens_bidrag_kun_betaling(doc: Any, ctx: Context) -> bool | None:
    return payment_only(doc)


@HSA.derived("regionens_bidrag_arter", "text", "what the region contributes, as listed", pointer="/regionens_bidrag")
def _hsa_regionens_bidrag_arter(doc: Any, ctx: Context) -> list[str] | None:
    return None if doc.regionens_bidrag is None else [b.value for b in doc.regionens_bidrag] or None


add_user_charge_facts(HSA)
add_settlement_facts(HSA)

# --- each addendum ------------------------------------------------------------------

HSA_TILLAEG: Scope = tillaeg_scope("horisontal_samarbejdsaftale")


@HSA_TILLAEG.derived(
    "ordning_antaget",
    "enum",
    "the arrangement the agreement rests on (see the document's fact)",
    pointer="/ordning",
    pointer_base="unit",
    values=Ordning,
)
def _hsa_tillaeg_ordning(item: Any, ctx: Context) -> str:
    return arrangement_presumed(ctx.document)


# What this module declares, in order (the vocabulary is built from it).
SCOPES = (HSA, HSA_TILLAEG)
