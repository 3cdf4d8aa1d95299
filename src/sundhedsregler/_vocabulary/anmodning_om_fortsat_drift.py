"""Facts of an ``anmodning_om_fortsat_drift`` (003:135-139, 003:161), a section per
subject: the request itself and each addendum (``tillaeg``). Facts the horizontal
agreement shares are declared by ``opgaveflyt``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Context, scope
from .opgaveflyt import add_opgavenavn, add_settlement_facts, add_user_charge_facts, tillaeg_scope
from .._domain.opgaveflyt import request_cover
from .._domain.reference_opgaveflyt import OPGAVEFLYT_DATO
from ..models import FlyttetOpgave, Ordning

__all__ = ["ANM", "ANM_TILLAEG", "SCOPES"]

# --- the request --------------------------------------------------------------------

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
ANM.field("kommune", "text", "the municipality asked to keep operating the task")
ANM.field("ordning", "enum", "the arrangement the request states it rests on", values=Ordning)
add_opgavenavn(ANM)
add_user_charge_facts(ANM)
add_settlement_facts(ANM)


# Operation at a request starts on 1 January 2027 unless the request says otherwise
# (003:135, 003:139).
@ANM.derived("start", "date", "first day the municipality operates the task at the request (absent: 1 January 2027)", pointer="/start")
def _anm_start(doc: Any, ctx: Context) -> dt.date:
    return doc.start if doc.start is not None else OPGAVEFLYT_DATO


# Settlement of the actual costs pays the costs the municipality has (003:157), so a
# request that says so need not also state the cover (OF-7).
@ANM.derived(
    "udgiftsdaekning_antaget",
    "enum",
    "how far the region covers the municipality's costs: as stated, else full where the settlement is on actual costs and no cover below 100 % is stated",
    pointer="/udgiftsdaekning",
    values=("fuld", "delvis", "ingen"),
)
def _anm_udgiftsdaekning_antaget(doc: Any, ctx: Context) -> str | None:
    return request_cover(doc)


# --- each addendum ------------------------------------------------------------------

ANM_TILLAEG = tillaeg_scope("anmodning_om_fortsat_drift")

# What this module declares, in order (the vocabulary is built from it).
SCOPES = (ANM, ANM_TILLAEG)
