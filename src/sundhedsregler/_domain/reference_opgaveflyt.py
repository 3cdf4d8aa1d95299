"""Sourced reference data for the opgaveflyt rules.

Every figure carries the line of the source it comes from (``file:line`` into
``/work/shared/sources``; 003 is the Region Østdanmark Q&A 'Flytning af opgaver fra
kommunerne til regionen', updated 23 January 2026). Nothing here is invented: figures the
sources do not give (other regions' council figures) are input on the portfolio
(``Portefoelje.aftalte_pladser``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import FlyttetOpgave

__all__ = [
    "ANMODNINGSFRIST",
    "HSA_GODKENDELSESFRIST",
    "HSA_SENESTE_KONTRAKT",
    "HSA_VINDUE_AARSAGER",
    "OPGAVEFLYT_DATO",
    "SENESTE_START_2027_ORDNING",
    "OPGAVENAVNE",
    "NATIONALE_PLADSER",
    "REGIONALE_PLADSER",
    "SUNDHEDSRAAD_PLADSER",
    "Pladstal",
    "council_key",
    "sundhedsraad_pladser",
]

# The four moved tasks by their Danish names (003:5-8). The names are legal terms and are
# shown as they are in both languages, like 'delingsaftale'.
OPGAVENAVNE: dict[str, str] = {
    FlyttetOpgave.akutsygepleje.value: "akutsygepleje",  # 003:5
    FlyttetOpgave.sundheds_og_omsorgspladser.value: "sundheds- og omsorgspladser",  # 003:6
    FlyttetOpgave.patientrettet_forebyggelse.value: "patientrettet forebyggelse",  # 003:7
    FlyttetOpgave.specialiseret_rehabilitering.value: "specialiseret rehabilitering",  # 003:8
}


# The dates of the move that decide whether a document is a route for 2027. They are
# constants, not rule parameters, because several portfolio facts share them (which
# documents count); each rule that depends on them has examples on both sides.
OPGAVEFLYT_DATO = dt.date(2027, 1, 1)  # the region takes over the four tasks (003:3, 003:132)
# An HSA without a stated arrangement that starts on this day or later is read as resting on
# the lasting arrangement of the health act, after the transition act's period (003:135,
# 003:139); one starting earlier is presumed part of the 2027 move (the reading of OF-2).
SENESTE_START_2027_ORDNING = dt.date(2028, 1, 1)
# HSAs "godkendt af regionsråd og kommunalbestyrelser inden d. 1. april 2026" (003:153);
# the milestone list dates the sending of the approved agreements on 1 April itself
# (003:160). An approval dated before the day counts; one dated on the day is for a
# person to judge (review), one after it does not count.
HSA_GODKENDELSESFRIST = dt.date(2026, 4, 1)
# The final bekendtgørelser, as KL quotes them, let contracts be concluded until 31 December
# 2026 if they follow from new rules or guidelines (real-2025-26.md:118; the reading of OF-2
# and docs/decisions.md). An HSA approved after 1 April 2026 and by this day counts when it
# records one of these grounds; without one it is for a person to judge.
HSA_SENESTE_KONTRAKT = dt.date(2026, 12, 31)
HSA_VINDUE_AARSAGER = frozenset({"nye_regler", "nye_retningslinjer"})
# A request "skal være afgivet senest den 15. april 2026" (003:139, 003:161): the day counts.
ANMODNINGSFRIST = dt.date(2026, 4, 15)


@dataclass(frozen=True)
class Pladstal:
    """An agreed number of sundheds- og omsorgspladser and where it comes from."""

    pladser: int
    kilde: str  # file:line


# Forårsaftalen 2025: 2,627 places nationally, 70 % of today's municipal temporary places
# (003:71).
NATIONALE_PLADSER = Pladstal(2627, "003:71")

# Region Østdanmark's share (003:72); the council figures below add up to it (003:95-96).
REGIONALE_PLADSER: dict[str, Pladstal] = {
    "Region Østdanmark": Pladstal(1237, "003:72"),
}

# The geographic split for Region Østdanmark (table at 003:73-96). The source names the
# last council without the word 'Sundhedsråd' (003:92); council_key() makes both spellings
# match.
SUNDHEDSRAAD_PLADSER: dict[str, Pladstal] = {
    "Sundhedsråd Nordsjælland": Pladstal(169, "003:77-78"),
    "Sundhedsråd Midt- og Vestsjælland": Pladstal(193, "003:80-81"),
    "Sundhedsråd Amager og Vestegnen": Pladstal(138, "003:83-84"),
    "Sundhedsråd Hovedstaden": Pladstal(263, "003:86-87"),
    "Sundhedsråd Københavns Omegn Nord": Pladstal(285, "003:89-90"),
    "Sundhedsråd Østsjælland og Øerne": Pladstal(189, "003:92-93"),
}


def council_key(name: str) -> str:
    """A council name folded for matching: case, spacing and a leading 'Sundhedsråd'
    do not matter ('Østsjælland og Øerne' is 'Sundhedsråd Østsjælland og Øerne')."""
    folded = " ".join(name.casefold().split())
    for prefix in ("sundhedsråd ", "sundhedsraad "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return folded


_BY_KEY = {council_key(name): (name, tal) for name, tal in SUNDHEDSRAAD_PLADSER.items()}


def sundhedsraad_pladser(name: str) -> Pladstal | None:
    """The sourced place figure of a sundhedsråd, or None where the sources give none."""
    hit = _BY_KEY.get(council_key(name))
    return hit[1] if hit is not None else None
