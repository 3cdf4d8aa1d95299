"""Facts several opgaveflyt document kinds declare alike (Q&A 'Flytning af opgaver', 003):
the moved task's name, approvals that count, what citizens are charged for, the
settlement, and the addenda. Each function declares its facts on the scope it is given;
the document kinds' modules call them for their own scopes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .base import Context, Scope, scope, text_list
from .._domain.acts import approval, count_present, done
from .._domain.opgaveflyt import approvals, charged_for, old_region_approved, opgavenavn, pct_bp
from ..models import Afregningsgrundlag, Brugerbetalingsart, TillaegAarsag

__all__ = [
    "REGION_APPROVERS",
    "add_antal_godkendelser",
    "add_opgavenavn",
    "add_settlement_facts",
    "add_user_charge_facts",
    "approval_fact",
    "tillaeg_scope",
]

# Who may give the region's approval: the regionsråd, the forberedende regionsråd of
# Region Østdanmark in 2026 (003:136), or one of the two regions it replaces.
REGION_APPROVERS = ("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland")


def add_opgavenavn(s: Scope) -> None:
    """The document's moved task by its Danish name (003:5-8)."""

    @s.derived("opgavenavn", "text", "the moved task by its Danish name, for messages", pointer="/opgave")
    def _opgavenavn(doc: Any, ctx: Context) -> str:
        return opgavenavn(doc.opgave)


_COUNTS = "if it counts: given by the evaluation date and not with reservations"


def approval_fact(s: Scope, name: str, attr: str, whose: str) -> None:
    """Declare the date of an approval that counts (``_domain.acts.approval``), read
    from the date field ``attr`` and its ``attr + '_med_forbehold'`` flag."""
    reservations = attr + "_med_forbehold"

    def get(doc: Any, ctx: Context) -> dt.date | None:
        return approval(getattr(doc, attr), getattr(doc, reservations), ctx.as_of)

    get.__name__ = f"_{s.name}_{name}"
    s.derived(name, "date", f"date of {whose} approval, {_COUNTS}", pointer=f"/{attr}")(get)


def old_region_fact(s: Scope, attr: str) -> None:
    """Declare ``godkendt_af_gammel_region``: for Region Østdanmark in 2026, whether the
    region's approval (the date field ``attr``, its approver ``attr + '_af'``) was given
    by Region Hovedstaden or Region Sjælland rather than the forberedende regionsråd
    (``_domain.opgaveflyt.old_region_approved``)."""
    approver = attr + "_af"

    def get(doc: Any, ctx: Context) -> bool | None:
        return old_region_approved(doc.region, getattr(doc, approver), done(getattr(doc, attr), ctx.as_of))

    get.__name__ = f"_{s.name}_godkendt_af_gammel_region"
    s.derived(
        "godkendt_af_gammel_region",
        "bool",
        "for Region Østdanmark in 2026: the region's approval was given by Region Hovedstaden or Region "
        "Sjælland, not by the forberedende regionsråd (absent: approver not stated)",
        pointer=f"/{approver}",
    )(get)


def add_antal_godkendelser(s: Scope) -> None:
    """How many of the two councils (regionsråd and kommunalbestyrelse) have given an
    approval that counts (``_domain.opgaveflyt.approvals``)."""

    @s.derived("antal_godkendelser", "int", "how many of the two councils have approved without reservations (0, 1 or 2)")
    def _antal_godkendelser(doc: Any, ctx: Context) -> int:
        return count_present(*approvals(doc, ctx.as_of))


def add_user_charge_facts(s: Scope) -> None:
    """Facts on what citizens are charged for (003:70, 003:105), shared by the HSA and
    the request: each kind of charge as a bool, absent when the document says nothing
    (the scope declares the ``brugerbetaling`` field itself)."""

    def charged(*kinds: Brugerbetalingsart) -> Any:
        def get(doc: Any, ctx: Context) -> bool | None:
            return charged_for(doc, kinds)

        return get

    s.derived("betaling_for_ophold", "bool", "citizens pay for the stay (or the service) itself", pointer="/brugerbetaling_for")(
        charged(Brugerbetalingsart.ophold)
    )
    s.derived(
        "betaling_for_medicin",
        "bool",
        "citizens pay for medicine the service hands out (not medicine bought at the pharmacy)",
        pointer="/brugerbetaling_for",
    )(charged(Brugerbetalingsart.medicin))
    s.derived(
        "betaling_til_vurdering",
        "bool",
        "citizens pay for board, linen or something else, which a person must judge",
        pointer="/brugerbetaling_for",
    )(charged(Brugerbetalingsart.kost, Brugerbetalingsart.linned, Brugerbetalingsart.andet))

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

    # The charges a person must judge, named in each language for the messages of
    # OF-14.1/OF-14.2 ("kost og linned" / "board and linen"); the document's own values
    # stay in ``brugerbetaling_arter``.
    for suffix, lang in (("", 0), ("_en", 1)):
        s.derived(
            f"betaling_til_vurdering_arter{suffix}",
            "text",
            f"the charges a person must judge (board, linen, other), named in {('Danish', 'English')[lang]}",
            pointer="/brugerbetaling_for",
        )(_named_charges(lang))


# What a citizen may be charged for besides the stay that the sources do not settle
# (003:70, 003:105), by its name in Danish and in English, in the order the model lists them.
_CHARGES_TO_JUDGE: dict[Brugerbetalingsart, tuple[str, str]] = {
    Brugerbetalingsart.kost: ("kost", "board"),
    Brugerbetalingsart.linned: ("linned", "linen"),
    Brugerbetalingsart.andet: ("andet", "other things"),
}


def _named_charges(lang: int) -> Any:
    def get(doc: Any, ctx: Context) -> list[str] | None:
        if doc.brugerbetaling_for is None:
            return None
        return text_list(names[lang] for kind, names in _CHARGES_TO_JUDGE.items() if kind in doc.brugerbetaling_for)

    get.__name__ = f"_betaling_til_vurdering_arter_{('da', 'en')[lang]}"
    return get


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
        return None if doc.afregning is None else pct_bp(doc.afregning.udgiftsdaekning_pct)


def tillaeg_scope(kind: str) -> Scope:
    """Each addendum of an HSA or a request."""

    def items(doc: Any) -> Iterable[tuple[str, Any]]:
        return ((f"/tillaeg/{i}", t) for i, t in enumerate(doc.tillaeg or ()))

    t = scope(kind, "tillaeg", "each addendum (tillæg) to the document", items=items, collection="/tillaeg")
    t.field("dato", "date", "date the addendum was concluded or sent")
    t.field("aarsag", "enum", "why the addendum is made", values=TillaegAarsag)
    t.field("reference", "text", "the rule, guideline or other basis the addendum follows from")
    return t
