"""Facts of an ``oekonomisk_disposition``: a significant economic disposition of a
municipality or an old region in the transition year, which the region taking the task
over may have to approve or may change (overgangsloven; real-2025-26.md lines 143-145)."""

from __future__ import annotations

from typing import Any

from .base import Context, scope
from .opgaveflyt import REGION_APPROVERS, approval_fact, old_region_fact
from .._domain.opgaveflyt import name_key, opgavenavn

__all__ = ["DISP", "SCOPES"]

# --- the disposition ----------------------------------------------------------------

DISP = scope(
    "oekonomisk_disposition",
    "dokument",
    "the significant economic disposition of a municipality or an old region in the transition year",
)
DISP.field("part", "enum", "who makes the disposition: a municipality or an old region", values=("kommune", "region"))
DISP.field("disponent", "text", "the municipality or old region that makes the disposition")
DISP.field("besluttet", "date", "date the disposition was decided")
DISP.field("beskrivelse", "text", "what is decided")
DISP.field("beloeb_kr", "int", "the amount the disposition commits, in kroner", unit="kroner")
DISP.field("vaesentlig", "bool", "the disposition is significant (beyond ordinary budget corrections)")
DISP.field("godkendt_region", "date", "date the region approved the disposition", act=True)
DISP.field("godkendt_region_af", "enum", "who gave the region's approval", values=REGION_APPROVERS)
DISP.field("godkendt_region_med_forbehold", "bool", "the region's approval was given with reservations (not an approval)")
DISP.field(
    "aendret_af_forberedende_regionsraad",
    "date",
    "date the forberedende regionsråd (the region) changed the disposition, an old region's or a municipality's",
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


old_region_fact(DISP, "godkendt_region")


@DISP.derived(
    "gammel_region",
    "bool",
    "the disposition is made by Region Hovedstaden or Region Sjælland, the regions Region Østdanmark replaces",
    pointer="/disponent",
)
def _disp_gammel_region(doc: Any, ctx: Context) -> bool:
    return name_key(doc.disponent) in {"region hovedstaden", "region sjælland"}


# What this module declares (the vocabulary is built from it).
SCOPES = (DISP,)
