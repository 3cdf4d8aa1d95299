"""Facts of a ``portefoelje``: the agreements of one sundhedsråd or region taken
together, a section per subject. Of tilsagnsaftaler: each budget year
(``tilsagn_budgetaar``) and each municipality of the council (``tilsagn_kommune``). Of
the opgaveflyt documents: each municipality and moved task (``opgaveflyt_opgave``) and
the places per municipality, sundhedsråd and region (``pladser_...``). The readings
are in ``_domain.tilsagn`` and ``_domain.routes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .base import Applicability, Context, Getter, Scope, scope, text_list
from .opgaveflyt import REGION_APPROVERS
from .._domain.acts import approval, done, is_filled
from .._domain.formatting import show
from .._domain.opgaveflyt import opgavenavn
from .._domain.reference_tilsagn import national_ramme_kr
from .._domain.routes import (
    RUTER,
    KommunePladser,
    OpgaveRute,
    count_of,
    council_places_items,
    municipality_places_items,
    places_of,
    region_places_items,
    summary,
    task_routes,
)
from .._domain.tilsagn import is_tilsagn_portfolio, portfolio_agreements
from ..models import Bevilling, FlyttetOpgave, Portefoelje, Tilsagnsaftale

__all__ = ["OPGAVEFLYT_PORTFOLIO", "PAAR", "PBEV", "PKOM", "PKOMMUNE", "PRAAD", "PREGION", "RUTE", "SCOPES"]

# --- tilsagn: each budget year --------------------------------------------------------


@dataclass(frozen=True)
class PortefoeljeAar:
    """One budget year of a portfolio: the council's frame (input) if given."""

    budgetaar: int
    ramme_kr: int | None


def _portfolio_years(pf: Portefoelje) -> Iterable[tuple[str, Any]]:
    frames = {r.budgetaar: (i, r.beloeb_kr) for i, r in enumerate(pf.rammer)}
    years = set(frames)
    for d in portfolio_agreements(pf):
        years.update(b.budgetaar for b in d.bevillinger)
    for year in sorted(years):
        if year in frames:
            i, amount = frames[year]
            yield f"/rammer/{i}", PortefoeljeAar(year, amount)
        else:
            yield "/rammer", PortefoeljeAar(year, None)


PAAR = scope(
    "portefoelje",
    "tilsagn_budgetaar",
    "each budget year that the council's frames or its tilsagn agreements name",
    items=_portfolio_years,
    collection="/rammer",
)
PAAR.field("budgetaar", "int", "the budget year", unit="year")


@PAAR.derived("ramme_kr", "int", "the council's minimum frame for the year set by the minister (input data), in kroner", unit="kroner")
def _paar_ramme(item: PortefoeljeAar, ctx: Context) -> int | None:
    return item.ramme_kr


# What is committed for a year, and by which agreements, is TP-3's and TP-4's reading:
# their selections over `tilsagn_bevilling` (rules/tilsagn-proces/).


@PAAR.derived(
    "national_ramme_kr",
    "int",
    "the national amount of municipal investment money for the year (000:20-27; absent where the source gives none)",
    pointer="/rammer",
    unit="kroner",
)
def _paar_national(item: PortefoeljeAar, ctx: Context) -> int | None:
    return national_ramme_kr(item.budgetaar)


# --- tilsagn: each municipality of the council ----------------------------------------


@dataclass(frozen=True)
class Kommunedel:
    """One municipality of the council."""

    kommune: str


def _portfolio_municipalities(pf: Portefoelje) -> Iterable[tuple[str, Any]]:
    return ((f"/kommuner/{i}", Kommunedel(k)) for i, k in enumerate(pf.kommuner))


PKOM = scope(
    "portefoelje",
    "tilsagn_kommune",
    "each municipality of the council",
    items=_portfolio_municipalities,
    collection="/kommuner",
    applies=Applicability(
        is_tilsagn_portfolio,
        "porteføljen indeholder ingen tilsagnsaftaler",
        "the portfolio holds no tilsagnsaftaler",
    ),
)
PKOM.field("kommune", "text", "the municipality")


# A municipality's share of the money (which agreements and amounts count) is KL-3's
# reading: its selections over `tilsagn_bevilling` (rules/kl-principper/KL-3.yaml).


# --- tilsagn: each amount of each tilsagnsaftale --------------------------------------


@dataclass(frozen=True)
class PortefoeljeBevilling:
    """One amount (bevilling) of one tilsagnsaftale of a portfolio, with its agreement."""

    aftale: Tilsagnsaftale
    bevilling: Bevilling


def _portfolio_amounts(pf: Portefoelje) -> Iterable[tuple[str, Any]]:
    for i, d in enumerate(pf.dokumenter):
        if isinstance(d, Tilsagnsaftale):
            for j, b in enumerate(d.bevillinger):
                yield f"/dokumenter/{i}/bevillinger/{j}", PortefoeljeBevilling(d, b)


PBEV = scope(
    "portefoelje",
    "tilsagn_bevilling",
    "each amount (bevilling) of each tilsagnsaftale of the portfolio, with its agreement",
    items=_portfolio_amounts,
    collection="/dokumenter",
)
PBEV.field("budgetaar", "int", "the budget year of the amount", path=("bevilling", "budgetaar"), unit="year")
PBEV.field("beloeb_kr", "int", "the amount committed for the year, in kroner", path=("bevilling", "beloeb_kr"), unit="kroner")
PBEV.field("kommune", "text", "the municipality the amount is earmarked for (absent: none named)", path=("bevilling", "kommune"))


@PBEV.derived("indgaaet", "date", "date the amount's agreement was concluded (absent: not concluded as of the evaluation date)")
def _pbev_indgaaet(item: PortefoeljeBevilling, ctx: Context) -> dt.date | None:
    return done(item.aftale.indgaaet, ctx.as_of)


@PBEV.derived("parter", "text", "the municipalities that are party to the amount's agreement")
def _pbev_parter(item: PortefoeljeBevilling, ctx: Context) -> list[str] | None:
    return text_list(item.aftale.kommuner)


# A portfolio without opgaveflyt documents (one of tilsagnsaftaler only) is not an
# opgaveflyt portfolio: the rules over its municipalities' routes and places do not apply.
OPGAVEFLYT_PORTFOLIO = Applicability(
    lambda pf: any(d.kind in RUTER for d in pf.dokumenter),
    "porteføljen indeholder ingen aftaler om opgaveflytning",
    "the portfolio holds no agreements on moved tasks",
)


# --- opgaveflyt: each municipality and moved task (OF-15, OF-17) ----------------------

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
        v = summary(obj, ctx.as_of)[key]
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
    ("antal_hsa", "hsa", "effective horizontal agreements for the task (2027 move, approved by both councils without reservations before 1 April 2026, or by 31 December 2026 for new rules or guidelines)"),
    ("antal_anmodninger", "anmodning", "effective requests for continued operation (made by 15 April 2026)"),
    ("antal_delingsaftaler", "deling", "delingsaftaler for regional operation of the task from the move (occasion: the 2027 move, or not stated)"),
    ("antal_delingsaftaler_efter_anmodning", "deling_efter_anmodning", "delingsaftaler for the region's takeover when a request ends"),
    ("antal_afventer", "afventer", "horizontal agreements and requests whose deadline has not passed and that may still count"),
    ("antal_hsa_fristdag", "fristdag", "horizontal agreements whose later approval is dated 1 April 2026 itself"),
    ("antal_hsa_vindue", "vindue", "horizontal agreements approved after 1 April 2026 and by 31 December 2026 that do not record a ground in new rules or guidelines"),
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
        items = summary(r, ctx.as_of)[key]
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
    s = summary(r, ctx.as_of)
    return int(s["hsa"] + s["anmodning"])


# The regionsråd's decision on the route (003:9-10; OF-17).


@RUTE.derived(
    "antal_hsa_2027",
    "int",
    "how many horizontal agreements for the 2027 move the portfolio holds for the task, approved or not",
)
def _rute_hsa_2027(r: OpgaveRute, ctx: Context) -> int:
    return len(summary(r, ctx.as_of)["hsa_2027"])


@RUTE.derived("hsa_ids", "text", "the horizontal agreements for the 2027 move for the task, by document id")
def _rute_hsa_ids(r: OpgaveRute, ctx: Context) -> list[str] | None:
    return [d.dokument_id for d in summary(r, ctx.as_of)["hsa_2027"]] or None


@RUTE.derived(
    "beslutning_drift",
    "enum",
    "who the regionsråd decided runs the task in the municipality (its latest decision made as of the evaluation date)",
    pointer="/driftsbeslutninger", pointer_base="unit",
    values=("region", "kommune"),
)
def _rute_beslutning_drift(r: OpgaveRute, ctx: Context) -> str | None:
    b = summary(r, ctx.as_of)["beslutning"]
    return None if b is None else str(b.drift)


@RUTE.derived("beslutning_dato", "date", "date of that decision")
def _rute_beslutning_dato(r: OpgaveRute, ctx: Context) -> dt.date | None:
    b = summary(r, ctx.as_of)["beslutning"]
    return None if b is None else b.dato


@RUTE.derived(
    "beslutning_truffet_af",
    "enum",
    "the body that made that decision",
    values=REGION_APPROVERS,
)
def _rute_beslutning_af(r: OpgaveRute, ctx: Context) -> str | None:
    b = summary(r, ctx.as_of)["beslutning"]
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
        b = summary(r, ctx.as_of)["beslutning"]
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
    s = summary(r, ctx.as_of)
    b = s["beslutning"]
    if b is None or b.dato is None:
        return None
    for d in s["hsa_2027"]:
        when = done(d.godkendt_regionsraad, ctx.as_of)
        if when is not None and when > b.dato and not d.godkendt_regionsraad_med_forbehold:
            return True
    return False

@RUTE.derived(
    "hsa_godkendt_af_regionen",
    "bool",
    "a horizontal agreement for the 2027 move for the task was approved by the region without reservations "
    "as of the evaluation date (without it the portfolio holds only drafts the region has not concluded)",
)
def _rute_hsa_godkendt_af_regionen(r: OpgaveRute, ctx: Context) -> bool:
    # The drafts were part of the sundhedsråd's material before the decision (003:153),
    # so a draft for a task later given to the region is not an agreement made without
    # a basis; only one the region concluded is (OF-17).
    return bool(_region_approved_hsas(r, ctx))


def _region_approved_hsas(r: OpgaveRute, ctx: Context) -> list[Any]:
    """The route's HSAs for the 2027 move that the region approved without reservations
    as of the evaluation date (OF-17's agreements, as against drafts)."""
    return [
        d for d in summary(r, ctx.as_of)["hsa_2027"]
        if approval(d.godkendt_regionsraad, d.godkendt_regionsraad_med_forbehold, ctx.as_of) is not None
    ]


@RUTE.derived(
    "hsa_omfang",
    "enum",
    "how much of the operation of the task the horizontal agreements for the 2027 move that the region approved "
    "without reservations give the municipality: hele where one says all of it, dele where each says a part, "
    "absent where one does not say (or the region approved none)",
    values=("hele", "dele"),
)
def _rute_hsa_omfang(r: OpgaveRute, ctx: Context) -> str | None:
    # A municipality may run "hele eller dele af driften" under an HSA (003:132), so a
    # decision that the region runs the task does not by itself exclude an agreement on a
    # part of it (OF-17); a silent agreement is not proof that it covers the whole task.
    approved = _region_approved_hsas(r, ctx)
    if not approved:
        return None
    if any(d.omfang == "hele" for d in approved):
        return "hele"
    if all(d.omfang == "dele" for d in approved):
        return "dele"
    return None


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


def _add_place_facts(s: Scope, *, deadline_day: bool = True) -> None:
    """The places over the documents of the subject that count, and those that may
    (``deadline_day``: also those approved on 1 April 2026 itself, or later in 2026 without
    a stated ground, which a council's or region's rule shows for a person to judge)."""

    def pladser(obj: Any, ctx: Context) -> int | None:
        return places_of(obj.docs, ctx.as_of)

    def afventer(obj: Any, ctx: Context) -> int:
        return count_of(obj.docs, ctx.as_of, "afventer")

    def usikre(obj: Any, ctx: Context) -> int:
        return count_of(obj.docs, ctx.as_of, "usikker")

    s.derived("pladser", "int", "sundheds- og omsorgspladser over the documents that count (effective routes and delingsaftaler)")(pladser)
    s.derived("antal_afventer", "int", "documents on the places that may still count (deadline not passed)")(afventer)
    if deadline_day:
        s.derived("antal_usikre", "int", "horizontal agreements on the places approved on 1 April 2026 itself, or after it by 31 December 2026 without a stated ground in new rules or guidelines (not counted)")(usikre)


# --- opgaveflyt: places (sundheds- og omsorgspladser) per municipality (OF-16.2) ---------

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
_add_place_facts(PKOMMUNE, deadline_day=False)
_attribute(PKOMMUNE, "begrundelse", "text", "the reason given for having no places (Portefoelje.begrundelser_uden_pladser)")


@PKOMMUNE.derived(
    "har_begrundelse",
    "bool",
    "a reason for having no places is given and is not a placeholder",
    pointer="/begrundelser_uden_pladser", pointer_base="unit",
)
def _pkommune_har_begrundelse(k: KommunePladser, ctx: Context) -> bool:
    return bool(is_filled(k.begrundelse))

# --- opgaveflyt: places per sundhedsråd (OF-16.1) ------------------------------------

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
_attribute(
    PRAAD,
    "hele_sundhedsraad",
    "bool",
    "the portfolio holds every municipality of the council (absent: the council's municipalities are not given, "
    "Portefoelje.sundhedsraadenes_kommuner)",
    attr="hele",
)
_attribute(
    PRAAD,
    "manglende_kommuner",
    "text",
    "the council's municipalities (as given) the portfolio does not hold (absent: none, or not given)",
    attr="mangler",
)
_add_place_facts(PRAAD)
_attribute(PRAAD, "aftalte_pladser", "int", "the agreed number of places for the council (sourced, or input)")
_attribute(PRAAD, "pladstal_kilde", "text", "where the agreed figure comes from: a source line, or 'input'", attr="kilde")
_add_source_facts(PRAAD)

# --- opgaveflyt: places of the region (OF-16.3) --------------------------------------

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
SCOPES = (PAAR, PKOM, PBEV, RUTE, PKOMMUNE, PRAAD, PREGION)
