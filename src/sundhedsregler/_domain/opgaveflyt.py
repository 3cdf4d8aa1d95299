"""Readings of the opgaveflyt documents (Q&A 'Flytning af opgaver', 003): horisontale
samarbejdsaftaler, anmodninger om fortsat drift, delingsaftaler and økonomiske
dispositioner. Pure functions of the models and the evaluation date; the facts over
them are declared in the vocabulary wing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any, Literal, cast

from ..models import Afregningsgrundlag, Brugerbetalingsart, Delingsanledning, FlyttetOpgave, Ordning, RegionensBidrag
from .acts import both_dates, council_approval, done
from .reference_opgaveflyt import OPGAVEFLYT_DATO, OPGAVENAVNE, SENESTE_START_2027_ORDNING

__all__ = [
    "GAMLE_REGIONER",
    "OESTDANMARK",
    "approvals",
    "arrangement_presumed",
    "charged_for",
    "highest_market_share_bp",
    "is_oestdanmark",
    "item_fixed_by",
    "market_share_bp",
    "may_terminate",
    "name_key",
    "old_region_approved",
    "opgavenavn",
    "opgaver_of",
    "payment_only",
    "pct_bp",
    "sent_before_approval",
    "sharing_for_the_move",
    "takeover_day",
    "tasks_covered",
]


def name_key(name: str) -> str:
    """A municipality name folded for matching (case and spacing do not matter)."""
    return " ".join(name.casefold().split())


def opgavenavn(opgave: FlyttetOpgave) -> str:
    """The Danish name of a moved task, as the sources write it (003:5-8)."""
    return OPGAVENAVNE[opgave.value]


def opgaver_of(doc: Any) -> tuple[FlyttetOpgave, ...]:
    """The moved tasks an opgaveflyt document concerns: a delingsaftale's list; an HSA's
    ``opgave`` and any further tasks in its ``opgaver`` (OF-30 reports an HSA that covers
    several); a request's ``opgave``."""
    if doc.kind == "delingsaftale":
        return tuple(doc.opgaver)
    extra = getattr(doc, "opgaver", None) or ()
    return tuple(dict.fromkeys((doc.opgave, *extra)))


def tasks_covered(doc: Any) -> list[FlyttetOpgave]:
    """The moved tasks a horizontal agreement covers: its ``opgave``, then any others."""
    out = [doc.opgave]
    for o in doc.opgaver or ():
        if o not in out:
            out.append(o)
    return out


def approvals(doc: Any, as_of: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The regionsråd's and the kommunalbestyrelse's approvals that count as of the date."""
    return council_approval(doc, "regionsraad", as_of), council_approval(doc, "kommunalbestyrelse", as_of)


def may_terminate(doc: Any, part: str) -> bool | None:
    """Whether ``part`` may terminate a horizontal agreement. Absent when the agreement
    does not say who may terminate: the law then lets both parties do so (003:158), so
    silence is not a one-sided clause (OF-4)."""
    if doc.opsigelse is None or doc.opsigelse.kan_opsiges_af is None:
        return None
    return part in doc.opsigelse.kan_opsiges_af


def arrangement_presumed(doc: Any) -> str:
    """The arrangement a horizontal agreement rests on: as stated, else the lasting one
    for a start in 2028 or later, else the move on 1 January 2027 (the presumption). An
    HSA from 2028 on cannot be one made for the move on 1 January 2027: the transition
    act's own period for that move ends with 2028 (003:135, 003:139), so such an
    agreement rests on the lasting arrangement of the health act (real-2025-26.md R3)."""
    if doc.ordning is not None:
        return str(doc.ordning.value)
    if doc.start is not None and doc.start >= SENESTE_START_2027_ORDNING:
        return Ordning.varig.value
    return Ordning.opgaveflyt_2027.value


def sent_before_approval(doc: Any, as_of: dt.date) -> bool | None:
    """Whether a horizontal agreement was sent to the ministry before both councils had
    approved it (None: not sent as of the date)."""
    sendt = done(doc.sendt_til_ministeriet, as_of)
    if sendt is None:
        return None
    begge = both_dates(*approvals(doc, as_of))
    return begge is None or begge > sendt


_ROUNDING = {"nearest": ROUND_HALF_EVEN, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def pct_bp(pct: float | None, *, rounding: Literal["nearest", "down", "up"] = "nearest") -> int | None:
    """A percentage in basis points (1/100 %), so that rules compare integers.

    The percentage is read as the decimal the document wrote (``repr`` of the float, so
    that 0.29 is 29 bp, not 28.999...). A share between two basis points is rounded
    ``nearest`` (half to even), ``down`` or ``up``. A rule whose boundary value itself
    fails must have its share rounded away from the failing side, or rounding makes a
    lawful share unlawful: "less than 20 %" fails at 2000 bp, so a share of 19.996 %
    rounded to nearest would fail (round down); "more than half" fails at 5000 bp, so
    50.004 % rounded to nearest would fail (round up)."""
    if pct is None:
        return None
    return int((Decimal(repr(pct)) * 100).to_integral_value(rounding=_ROUNDING[rounding]))


def request_cover(doc: Any) -> str | None:
    """The region's cover of the municipality's costs under a request (003:135, 003:157):
    as the request states it; else full where the settlement is on the municipality's
    actual costs (``faktiske_omkostninger``) and no cover below 100 % is stated, since
    paying the actual costs is paying the costs the municipality has; else absent."""
    if doc.udgiftsdaekning is not None:
        return str(doc.udgiftsdaekning)
    afregning = doc.afregning
    if afregning is None or afregning.grundlag is not Afregningsgrundlag.faktiske_omkostninger:
        return None
    pct = afregning.udgiftsdaekning_pct
    return "fuld" if pct is None or pct >= 100 else None


def market_share_bp(doc: Any, party: str) -> int | None:
    """A party's share of the open market in the udbudsloven § 15 assessment
    (real-2025-26.md R4), in basis points, rounded down: the parties must stay below
    20 % (OF-35.1), and a share below it must not round up to 2000 bp."""
    u = doc.udbudsvurdering
    return None if u is None else pct_bp(getattr(u, f"markedsandel_{party}_pct"), rounding="down")


def highest_market_share_bp(doc: Any) -> int | None:
    """The larger of the parties' open-market shares: absent unless both are stated, or
    one alone already reaches 20 %."""
    known = [v for v in (market_share_bp(doc, "region"), market_share_bp(doc, "kommune")) if v is not None]
    if not known:
        return None
    if len(known) == 2 or max(known) >= 2000:
        return max(known)
    return None


def charged_for(doc: Any, kinds: Iterable[Brugerbetalingsart]) -> bool | None:
    """Whether citizens are charged for one of ``kinds`` (003:70, 003:105); absent when
    the document says nothing, false when it says there is no charge."""
    if doc.brugerbetaling_for is None:
        return False if doc.brugerbetaling is False else None
    return bool(set(kinds) & set(doc.brugerbetaling_for))


def payment_only(doc: Any) -> bool | None:
    """Whether the region's only contribution to the cooperation is payment."""
    if doc.regionens_bidrag is None:
        return None
    return set(doc.regionens_bidrag) == {RegionensBidrag.betaling}


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


def sharing_for_the_move(doc: Any) -> bool:
    """Whether a delingsaftale concerns the move on 1 January 2027 (the only sharing the
    2026 deadlines are set for, 003:137, 003:141, 003:162-164). Sharing also happens when
    a request ends or a horizontal agreement is concluded, expires or is terminated (the
    bekendtgørelse on sharing, real-2025-26.md R1). The stated occasion decides; without
    one the move is presumed unless a takeover date other than 1 January 2027 is stated."""
    if doc.anledning is not None:
        return bool(doc.anledning is Delingsanledning.opgaveflyt_2027)
    return doc.overtagelsesdato is None or doc.overtagelsesdato == OPGAVEFLYT_DATO


def takeover_day(doc: Any) -> dt.date | None:
    """The day the region takes the task over under a delingsaftale: its takeover date,
    else 1 January 2027 for the move (003:3, 003:160-165)."""
    if doc.overtagelsesdato is not None:
        return cast(dt.date, doc.overtagelsesdato)
    return OPGAVEFLYT_DATO if sharing_for_the_move(doc) else None


def item_fixed_by(item: Any, doc: Any, as_of: dt.date) -> str:
    """Who fixes that an item moves: as the item says; else the Delingsråd where a case
    the parties had not both approved went to it, decided or not yet (the fixing of the
    sharing has passed to it, 003:164, and its decision is not the parties' agreement,
    overgangsloven § 152, stk. 2, real-2025-26.md R7); else the parties."""
    if item.fastsat_af is not None:
        return str(item.fastsat_af)
    sag = getattr(doc, "delingsraad", None)
    if (
        sag is not None
        and (done(sag.afgoerelse, as_of) is not None or done(sag.indbragt, as_of) is not None)
        and both_dates(*approvals(doc, as_of)) is None
    ):
        return "delingsraadet"
    return "parterne"
