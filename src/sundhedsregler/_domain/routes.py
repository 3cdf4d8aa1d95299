"""Routes and places of the moved tasks in a portfolio (Portefoelje): which opgaveflyt
documents count for 2027, per municipality and task, as of the evaluation date, and the
sundheds- og omsorgspladser per municipality, sundhedsråd and region (OF-15 to OF-17).

Which documents count is decided per document and evaluation date (route_status): only
an effective route counts (issue 12): an HSA for the 2027 move approved by both councils
before 1 April 2026 without reservations (003:153, real:36-47), or after it and by 31
December 2026 where it records that it follows from new rules or guidelines
(real-2025-26.md:118; without such a ground it is for a person to judge), a request made by
15 April 2026 (003:139, 003:161). A delingsaftale is the document of regional
operation, which is the default where the task has no effective municipal route
(003:3, 003:132, 003:137).

The portfolio's members are indexed once (PortfolioIndex), so the cost of a portfolio
grows with its members, not with members times municipalities (issue 17).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import FlyttetOpgave
from .acts import council_approval, done
from .opgaveflyt import name_key, opgaver_of
from .reference_opgaveflyt import (
    ANMODNINGSFRIST,
    HSA_GODKENDELSESFRIST,
    HSA_SENESTE_KONTRAKT,
    HSA_VINDUE_AARSAGER,
    REGIONALE_PLADSER,
    SENESTE_START_2027_ORDNING,
    SUNDHEDSRAAD_PLADSER,
    council_key,
    sundhedsraad_pladser,
)

__all__ = [
    "AFVENTER",
    "EFFEKTIV",
    "FRISTDAG",
    "GRUNDE",
    "IKKE_EFFEKTIV",
    "RUTER",
    "UDEN_FOR",
    "VINDUE",
    "KommunePladser",
    "OpgaveRute",
    "PortfolioIndex",
    "RaadPladser",
    "RegionPladser",
    "anmodning_status",
    "council_members",
    "council_places_items",
    "count_of",
    "counts_for_places",
    "hsa_status",
    "municipalities",
    "municipality_council",
    "municipality_places_items",
    "opgaveflyt_documents",
    "places_docs",
    "places_of",
    "portfolio_index",
    "region_places_items",
    "route_status",
    "sum_known",
    "summary",
    "task_routes",
]

OpgaveflytDokument = Any  # HorisontalSamarbejdsaftale | AnmodningOmFortsatDrift | Delingsaftale

# The documents of the routes for a moved task from 2027 (003:132-139), by kind, with the
# Danish name shown in messages before the document's id (a legal term, shown as it is in
# both languages): "delingsaftale DEL-HOLBAEK".
RUTER: dict[str, str] = {
    "delingsaftale": "delingsaftale",
    "horisontal_samarbejdsaftale": "horisontal samarbejdsaftale",
    "anmodning_om_fortsat_drift": "anmodning om fortsat drift",
}


def opgaveflyt_documents(pf: Any) -> list[tuple[str, OpgaveflytDokument]]:
    """The portfolio's opgaveflyt documents with their JSON Pointers (tilsagnsaftaler are
    left out)."""
    return [(f"/dokumenter/{i}", d) for i, d in enumerate(pf.dokumenter) if d.kind in RUTER]


@dataclass
class PortfolioIndex:
    """The portfolio's opgaveflyt documents indexed once: the municipalities in order
    (those it lists, then those only its documents name) with their pointers, and each
    municipality's documents."""

    kommuner: list[tuple[str, str]]  # (name, pointer)
    dokumenter: dict[str, list[tuple[str, OpgaveflytDokument]]]  # name_key -> (pointer, doc)
    # council membership as input (Portefoelje.sundhedsraadenes_kommuner), indexed once:
    # name_key of a municipality -> its council; council_key -> the council's municipalities
    raad_for: dict[str, str]
    medlemmer: dict[str, tuple[str, ...]]

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
    raad_for: dict[str, str] = {}
    medlemmer: dict[str, tuple[str, ...]] = {}
    for raad, members in pf.sundhedsraadenes_kommuner.items():
        medlemmer.setdefault(council_key(raad), tuple(members))
        for m in members:
            raad_for.setdefault(name_key(m), str(raad))
    return PortfolioIndex(list(names.values()), docs, raad_for, medlemmer)


def municipalities(pf: Any) -> list[tuple[str, str]]:
    """(name, pointer) of every municipality of the portfolio: those it lists, then those
    that only appear in its opgaveflyt documents, each once."""
    return portfolio_index(pf).kommuner


# --- which documents are routes for 2027, as of the evaluation date ------------------

# Status of one document in the route of its task, as of the evaluation date:
# effektiv: it counts; fristdag: an HSA approved on 1 April itself (for a person to judge);
# vindue: an HSA approved after 1 April and by 31 December 2026 that does not record that it
# follows from new rules or guidelines (for a person to judge, real-2025-26.md:118);
# afventer: its deadline has not passed and it may still count; ikke_effektiv: it does not
# count (the reason says why); uden_for: it is not about the 2027 move.
EFFEKTIV, FRISTDAG, AFVENTER, IKKE_EFFEKTIV, UDEN_FOR = "effektiv", "fristdag", "afventer", "ikke_effektiv", "uden_for"
VINDUE = "vindue"

# Reasons, in Danish and English, for a document that does not count (or not yet).
GRUNDE: dict[str, tuple[str, str]] = {
    "varig": ("efter sundhedslovens varige ordning, ikke opgaveflytningen 2027", "under the lasting arrangement, not the 2027 move"),
    "senere_start": ("starter efter overgangsperioden, fra 2028", "starts after the transition period, from 2028"),
    "forbehold": ("godkendt med forbehold", "approved with reservations"),
    "ikke_godkendt": ("ikke godkendt af både regionsråd og kommunalbestyrelse", "not approved by both regionsråd and kommunalbestyrelse"),
    "godkendt_for_sent": ("godkendt efter 31. december 2026", "approved after 31 December 2026"),
    "godkendt_i_vinduet": (
        "godkendt efter 1. april 2026, men senest 31. december 2026, uden angivet anledning i nye regler eller retningslinjer",
        "approved after 1 April 2026 but by 31 December 2026, without a stated ground in new rules or guidelines",
    ),
    "godkendt_paa_fristdagen": ("godkendt 1. april 2026, på fristdagen", "approved on 1 April 2026, the deadline day"),
    "afventer_godkendelse": ("afventer godkendelse inden 1. april 2026", "awaiting approval before 1 April 2026"),
    "ikke_afgivet": ("ikke afgivet senest 15. april 2026", "not made by 15 April 2026"),
    "afgivet_for_sent": ("afgivet efter 15. april 2026", "made after 15 April 2026"),
    "afventer_anmodning": ("kan afgives til og med 15. april 2026", "may be made until 15 April 2026"),
    "hsa_deling": ("deling ved indgåelse, udløb eller opsigelse af en horisontal samarbejdsaftale", "sharing on the conclusion, expiry or termination of a horizontal agreement"),
}


def hsa_status(doc: Any, as_of: dt.date) -> tuple[str, str | None]:
    """Whether a horizontal agreement is an effective route for the 2027 move, with the
    reason where it is not."""
    if doc.ordning is not None and doc.ordning.value == "varig":
        return UDEN_FOR, "varig"
    if doc.ordning is None and doc.start is not None and doc.start >= SENESTE_START_2027_ORDNING:
        return UDEN_FOR, "senere_start"
    # an approval with reservations does not count (council_approval), and is the reason given
    rr, kb = council_approval(doc, "regionsraad", as_of), council_approval(doc, "kommunalbestyrelse", as_of)
    forbehold = bool(doc.godkendt_regionsraad_med_forbehold) or bool(doc.godkendt_kommunalbestyrelse_med_forbehold)
    if rr is not None and kb is not None:
        last = max(rr, kb)
        if last < HSA_GODKENDELSESFRIST:
            return EFFEKTIV, None
        if last > HSA_SENESTE_KONTRAKT:
            return IKKE_EFFEKTIV, "godkendt_for_sent"
        # 1 April to 31 December 2026: the window for contracts that follow from new rules
        # or guidelines (real-2025-26.md:118)
        aarsag = doc.indgaaelse_aarsag.value if doc.indgaaelse_aarsag is not None else None
        if aarsag in HSA_VINDUE_AARSAGER:
            return EFFEKTIV, None
        if last == HSA_GODKENDELSESFRIST:
            return FRISTDAG, "godkendt_paa_fristdagen"
        return VINDUE, "godkendt_i_vinduet"
    if as_of <= HSA_GODKENDELSESFRIST:
        return AFVENTER, "afventer_godkendelse"
    return IKKE_EFFEKTIV, "forbehold" if forbehold else "ikke_godkendt"


def anmodning_status(doc: Any, as_of: dt.date) -> tuple[str, str | None]:
    """Whether a request for continued operation is an effective route (made by 15 April
    2026, 003:139, 003:161)."""
    if doc.ordning is not None and doc.ordning.value == "varig":
        return UDEN_FOR, "varig"
    afgivet = done(doc.afgivet, as_of)
    if afgivet is not None:
        return (EFFEKTIV, None) if afgivet <= ANMODNINGSFRIST else (IKKE_EFFEKTIV, "afgivet_for_sent")
    if as_of <= ANMODNINGSFRIST:
        return AFVENTER, "afventer_anmodning"
    return IKKE_EFFEKTIV, "ikke_afgivet"


def route_status(doc: OpgaveflytDokument, as_of: dt.date) -> tuple[str, str | None]:
    """The status of one opgaveflyt document in the route of its tasks for 2027."""
    if doc.kind == "horisontal_samarbejdsaftale":
        return hsa_status(doc, as_of)
    if doc.kind == "anmodning_om_fortsat_drift":
        return anmodning_status(doc, as_of)
    # A delingsaftale made when an HSA is concluded, expires or is terminated concerns a
    # later change of route, not the choice for 2027 (real:108-111).
    anledning = doc.anledning.value if doc.anledning is not None else None
    if anledning in ("hsa_indgaaet", "hsa_udloebet", "hsa_opsagt"):
        return UDEN_FOR, "hsa_deling"
    return EFFEKTIV, None


def counts_for_places(doc: OpgaveflytDokument, as_of: dt.date) -> str:
    """How a document's places count: 'ja' (an effective route or a delingsaftale),
    'afventer', 'usikker' (an HSA approved on the deadline day, or later in 2026 without a
    stated ground in new rules or guidelines) or 'nej'."""
    status, _ = route_status(doc, as_of)
    return {EFFEKTIV: "ja", AFVENTER: "afventer", FRISTDAG: "usikker", VINDUE: "usikker"}.get(status, "nej")


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


def summary(r: OpgaveRute, as_of: dt.date) -> dict[str, Any]:
    """The task's documents sorted by how they count as of the evaluation date, and the
    regionsråd's decision in force (computed once per subject and date)."""
    got = r.cache.get(as_of)
    if got is None:
        got = r.cache[as_of] = _summarise(r, as_of)
    return got


def _summarise(r: OpgaveRute, as_of: dt.date) -> dict[str, Any]:
    s: dict[str, Any] = {
        "hsa": 0, "anmodning": 0, "deling": 0, "deling_efter_anmodning": 0, "afventer": 0, "fristdag": 0, "vindue": 0,
        "hsa_2027": [], "medregnet": [], "afventende": [], "ikke_da": [], "ikke_en": [],
    }
    for d in r.dokumenter:
        status, grund = route_status(d, as_of)
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
        elif status == VINDUE:
            s["vindue"] += 1
        assert grund is not None
        da, en = GRUNDE[grund]
        s["ikke_da"].append(f"{d.dokument_id} ({da})")
        s["ikke_en"].append(f"{d.dokument_id} ({en})")
    s["beslutning"] = _decision(r, as_of)
    return s


def _decision(r: OpgaveRute, as_of: dt.date) -> Any:
    """The latest decision of the regionsråd on this task in this municipality that has
    been made as of the evaluation date (a later decision replaces an earlier one; one
    without a date counts as made, placed by its order)."""
    made = [b for b in r.beslutninger if b.dato is None or b.dato <= as_of]
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


def sum_known(counts: Iterable[int | None]) -> int | None:
    """The sum of place counts, or None when any of them is unknown."""
    total = 0
    for c in counts:
        if c is None:
            return None
        total += c
    return total


def places_of(docs: tuple[OpgaveflytDokument, ...], as_of: dt.date) -> int | None:
    """Places over the documents on sundheds- og omsorgspladser that count as of the
    evaluation date (counts_for_places); 0 when none does, None when one that counts does
    not say how many."""
    return sum_known(d.pladser for d in docs if counts_for_places(d, as_of) == "ja")


def count_of(docs: tuple[OpgaveflytDokument, ...], as_of: dt.date, how: str) -> int:
    """How many of the documents count for the places as ``how`` says (counts_for_places)."""
    return sum(1 for d in docs if counts_for_places(d, as_of) == how)


def places_docs(index: PortfolioIndex, kommuner: Iterable[str]) -> tuple[OpgaveflytDokument, ...]:
    """The documents on sundheds- og omsorgspladser of some municipalities."""
    sop = FlyttetOpgave.sundheds_og_omsorgspladser
    return tuple(d for k in kommuner for _, d in index.of_task(k, sop))


def municipality_council(index: PortfolioIndex, pf: Any, kommune: str) -> str | None:
    """The sundhedsråd of a municipality: as its documents name it, else the council
    whose municipalities (Portefoelje.sundhedsraadenes_kommuner, input) include it, else
    the portfolio's."""
    for _, d in index.of(kommune):
        if d.sundhedsraad:
            return str(d.sundhedsraad)
    raad = index.raad_for.get(name_key(kommune))
    if raad is not None:
        return raad
    return str(pf.sundhedsraad) if pf.sundhedsraad else None


def council_members(index: PortfolioIndex, raad: str) -> tuple[str, ...] | None:
    """All municipalities of a sundhedsråd as the portfolio gives them (input data; the
    sources give no membership), or None where it does not."""
    return index.medlemmer.get(council_key(raad))


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
            name, municipality_council(index, pf, name), places_docs(index, [name]), _begrundelse(pf, name)
        )


@dataclass(frozen=True)
class RaadPladser:
    sundhedsraad: str
    kommuner: tuple[str, ...]
    docs: tuple[OpgaveflytDokument, ...]  # the documents on the places
    aftalte_pladser: int | None
    kilde: str | None
    # whether the portfolio holds every municipality of the council (None: the council's
    # municipalities are not given), and those it does not hold (None when none or unknown)
    hele: bool | None = None
    mangler: tuple[str, ...] | None = None


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
    input figure for its own council; and, where the council's municipalities are given
    (input), whether the portfolio holds them all (OF-16.1)."""
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
        members = council_members(index, raad)
        hele: bool | None = None
        mangler: tuple[str, ...] | None = None
        if members is not None:
            held = {name_key(k) for k in kommuner}
            mangler = tuple(m for m in members if name_key(m) not in held) or None
            hele = mangler is None
        yield pointer, RaadPladser(raad, tuple(kommuner), places_docs(index, kommuner), agreed, kilde, hele, mangler)


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
    docs = places_docs(index, [n for n, _ in index.kommuner])
    yield pointer, RegionPladser(region, names, mangler, whole, docs, agreed, kilde)
