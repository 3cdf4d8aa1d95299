"""Facts of a ``delingsaftale`` (003:160-165, the bekendtgørelse on sharing), a section
per subject: the agreement itself and each item (``post``) it moves. The readings are
in ``_domain.opgaveflyt``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Context, list_items, scope
from .opgaveflyt import REGION_APPROVERS, add_antal_godkendelser, approval_fact, old_region_fact
from .._domain.acts import both_dates, done
from .._domain.opgaveflyt import approvals, item_fixed_by, opgavenavn, pct_bp, sharing_for_the_move, takeover_day
from ..models import Delingsanledning, PostKategori

__all__ = ["DEL", "POST", "SCOPES"]

# --- the agreement ------------------------------------------------------------------

DEL = scope("delingsaftale", "dokument", "the sharing agreement")
DEL.field("udkast_leveret", "date", "date the municipality delivered its draft", act=True)
DEL.field("godkendt_regionsraad", "date", "date the regionsråd approved the agreement", act=True)
DEL.field("godkendt_kommunalbestyrelse", "date", "date the kommunalbestyrelse approved the agreement", act=True)
DEL.field("godkendt_regionsraad_af", "enum", "who gave the region's approval", values=REGION_APPROVERS)
DEL.field("anledning", "enum", "why the sharing is made (absent: the move on 1 January 2027 is presumed)", values=Delingsanledning)
DEL.field("overtagelsesdato", "date", "the date the region takes the task over")
DEL.field("intet_overdrages", "bool", "the agreement states that nothing moves to the region")
DEL.field("vederlag_kr", "int", "consideration paid for what moves, in kroner", unit="kroner")
DEL.field("delingsraad_indbragt", "date", "date the case went to the Delingsråd", path=("delingsraad", "indbragt"), act=True)
DEL.field("delingsraad_afgoerelse", "date", "date of the Delingsråd's decision", path=("delingsraad", "afgoerelse"), act=True)
DEL.field("kommune", "text", "the municipality the tasks move from")


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


approval_fact(DEL, "regionsraad_godkendt", "godkendt_regionsraad", "the region's")
approval_fact(DEL, "kommunalbestyrelse_godkendt", "godkendt_kommunalbestyrelse", "the kommunalbestyrelse's")


@DEL.derived(
    "godkendt_af_begge",
    "date",
    "the later of the two approvals (regionsråd and kommunalbestyrelse); absent unless both approved without reservations",
    pointer="/godkendt_kommunalbestyrelse",
)
def _del_godkendt_af_begge(doc: Any, ctx: Context) -> dt.date | None:
    return both_dates(*approvals(doc, ctx.as_of))


add_antal_godkendelser(DEL)


@DEL.derived(
    "godkendelse_med_forbehold",
    "bool",
    "an approval given by the evaluation date was given with reservations, so it does not count (either council's: the finding points at the agreement)",
)
def _del_godkendelse_med_forbehold(doc: Any, ctx: Context) -> bool:
    return bool(
        (doc.godkendt_regionsraad_med_forbehold and done(doc.godkendt_regionsraad, ctx.as_of) is not None)
        or (doc.godkendt_kommunalbestyrelse_med_forbehold and done(doc.godkendt_kommunalbestyrelse, ctx.as_of) is not None)
    )


old_region_fact(DEL, "godkendt_regionsraad")


@DEL.derived("delingsraad_sag", "bool", "the sharing case went to the Delingsråd", pointer="/delingsraad")
def _del_delingsraad_sag(doc: Any, ctx: Context) -> bool:
    sag = doc.delingsraad
    return sag is not None and (done(sag.indbragt, ctx.as_of) is not None or done(sag.afgoerelse, ctx.as_of) is not None)


@DEL.derived("antal_poster", "int", "number of items the agreement moves", pointer="/poster", unit="count")
def _del_antal_poster(doc: Any, ctx: Context) -> int:
    return len(doc.poster)


# --- each item ----------------------------------------------------------------------

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
    "share of the item's use that belongs to the moved task, in basis points (1/100 %), a share between two basis points rounded up",
    pointer="/andel_til_opgaven_pct",
    unit="bp",
)
def _post_andel_bp(item: Any, ctx: Context) -> int | None:
    # Rounded up: more than half is the least that can be "helt overvejende" (OF-11), and
    # a share above half must not round down to 5000 bp.
    return pct_bp(item.andel_til_opgaven_pct, rounding="up")


@POST.derived(
    "andel_pct",
    "text",
    "share of the item's use that belongs to the moved task, as written (percent), for messages",
    pointer="/andel_til_opgaven_pct",
)
def _post_andel_pct(item: Any, ctx: Context) -> str | None:
    pct = item.andel_til_opgaven_pct
    return None if pct is None else f"{pct:g} %"


@POST.derived(
    "fastsat_af",
    "enum",
    "who fixes that the item moves: the parties, or the Delingsråd (stated, else the Delingsråd where a case the parties had not both approved went to it, decided or not yet)",
    pointer="/fastsat_af",
    values=("parterne", "delingsraadet"),
)
def _post_fastsat_af(item: Any, ctx: Context) -> str:
    return item_fixed_by(item, ctx.document, ctx.as_of)


@POST.derived(
    "overtagelse",
    "date",
    "the day the region takes the task over: the agreement's takeover date, else 1 January 2027 for the move",
    pointer="/overtagelsesdato",
    pointer_base="unit",
)
def _post_overtagelse(item: Any, ctx: Context) -> dt.date | None:
    return takeover_day(ctx.document)


# What this module declares, in order (the vocabulary is built from it).
SCOPES = (DEL, POST)
