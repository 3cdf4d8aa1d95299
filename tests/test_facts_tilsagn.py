"""Unit tests of the derived facts of tilsagnsaftaler and tilsagn portfolios, and of the
sourced phase-in reference data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._domain import tilsagn as ft
from sundhedsregler._engine.examples import merge_patch
from sundhedsregler._vocabulary import VOCABULARY
from sundhedsregler._vocabulary.base import Context
from sundhedsregler._vocabulary.tilsagnsaftale import AREA_LABELS, area_label
from sundhedsregler._check.loading import to_document
from sundhedsregler._domain.reference_tilsagn import ANTAL_SUNDHEDSRAAD, INDFASNING, national_ramme_kr
from sundhedsregler.models import Portefoelje, Tilsagnsaftale


from .conftest import AS_OF, FIXTURES


def _fixture(name: str, changes: dict[str, Any] | None = None) -> Any:
    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    return to_document(merge_patch(data, changes or {}), source=name)


def tilsagn(**changes: Any) -> Tilsagnsaftale:
    doc = _fixture("tilsagn", changes)
    assert isinstance(doc, Tilsagnsaftale)
    return doc


def portfolio(**changes: Any) -> Portefoelje:
    doc = _fixture("portefoelje-sundhedsraad", changes)
    assert isinstance(doc, Portefoelje)
    return doc


def fact(kind: str, scope: str, name: str, obj: Any, doc: Any, *, as_of: dt.date = AS_OF, pf: Any = None) -> Any:
    return VOCABULARY[kind][scope].facts[name].get(obj, Context(as_of, doc, pf))


def subjects(kind: str, scope: str, doc: Any) -> list[tuple[str, Any]]:
    return [(s.pointer, s.obj) for s in VOCABULARY[kind][scope].subjects(doc)]


# --- reference data ------------------------------------------------------------------


def test_phase_in_figures_follow_the_source() -> None:
    # 000:27: 312.5 m in 2027, 185.5 m more in 2028; 1.4 bn a year from 2030 (000:20).
    assert national_ramme_kr(2027) == 312_500_000
    assert national_ramme_kr(2028) == 498_000_000
    assert national_ramme_kr(2030) == 1_400_000_000
    assert national_ramme_kr(2045) == 1_400_000_000
    assert ANTAL_SUNDHEDSRAAD == 17


def test_years_the_source_gives_no_figure_for_stay_unknown() -> None:
    assert national_ramme_kr(2026) is None
    assert national_ramme_kr(2029) is None


def test_every_reference_figure_cites_a_source_line() -> None:
    for entry in INDFASNING:
        assert entry.ref.startswith("000:"), entry


# --- helpers -------------------------------------------------------------------------


def test_last_funded_day_is_the_end_of_the_last_budget_year() -> None:
    assert ft.last_funded_day(tilsagn()) == dt.date(2028, 12, 31)
    assert ft.last_funded_day(tilsagn(bevillinger=[])) is None


def test_year_totals_sum_over_municipalities() -> None:
    pf = portfolio()
    samlet = ft.portfolio_agreements(pf)[0]
    assert ft.year_totals(samlet) == {2027: 20_000_000, 2028: 32_000_000}


def test_requirement_end_falls_back_to_the_binding_period() -> None:
    doc = tilsagn(
        bindingsperiode={"slut": "2029-06-30"},
        krav=[{"betegnelse": "K", "art": "kvalitet", "omraader": ["sundhed"]}],
    )
    assert ft.requirement_applies_until(doc.krav[0], doc) == dt.date(2029, 6, 30)
    doc = tilsagn(bindingsperiode=None, krav=[{"betegnelse": "K", "art": "kvalitet"}])
    assert ft.requirement_applies_until(doc.krav[0], doc) is None


def test_effort_last_day_prefers_its_own_period() -> None:
    doc = tilsagn(
        indsatser=[
            {"betegnelse": "A", "opgaveomraade": "sundhed", "periode": {"slut": "2027-06-30"}},
            {"betegnelse": "B", "opgaveomraade": "sundhed"},
        ]
    )
    assert ft.effort_last_day(doc.indsatser[0], doc) == dt.date(2027, 6, 30)
    assert ft.effort_last_day(doc.indsatser[1], doc) == dt.date(2028, 12, 31)


def test_unfunded_areas_compare_requirement_reach_with_funded_efforts() -> None:
    doc = tilsagn(krav=[{"betegnelse": "K", "art": "indsats", "omraader": ["sundhed", "social", "aeldre"]}])
    assert ft.unfunded_areas(doc.krav[0], doc) == ["social"]
    doc = tilsagn(krav=[{"betegnelse": "K", "art": "indsats"}])
    assert ft.unfunded_areas(doc.krav[0], doc) is None


def test_temporary_share_needs_amount_and_duration_of_every_effort() -> None:
    assert ft.temporary_share_amounts(tilsagn()) == (6_000_000, 800_000)
    no_amount = tilsagn(indsatser=[{"betegnelse": "A", "opgaveomraade": "sundhed", "varig": False}])
    assert ft.temporary_share_amounts(no_amount) == (None, None)
    no_duration = tilsagn(indsatser=[{"betegnelse": "A", "opgaveomraade": "sundhed", "aarligt_beloeb_kr": 5}])
    assert ft.temporary_share_amounts(no_duration) == (5, None)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [((True, False), True), ((False, False), False), ((False, None), None), ((True, None), True)],
)
def test_any_permanent(flags: tuple[bool | None, ...], expected: bool | None) -> None:
    efforts = [{"betegnelse": f"I{i}", "opgaveomraade": "sundhed", **({} if v is None else {"varig": v})} for i, v in enumerate(flags)]
    assert ft.any_permanent(tilsagn(indsatser=efforts)) is expected


def test_regional_services_are_a_recorded_payment_or_a_regional_effort() -> None:
    assert ft.pays_for_regional_services(tilsagn()) is False
    assert ft.pays_for_regional_services(tilsagn(regional_ydelsesbetaling={"beloeb_kr": 1})) is True
    assert ft.pays_for_regional_services(tilsagn(regional_ydelsesbetaling={"beloeb_kr": 0})) is False
    regional_effort = tilsagn(indsatser=[{"betegnelse": "A", "opgaveomraade": "regional_sundhed"}])
    assert ft.pays_for_regional_services(regional_effort) is True


# --- facts of the document and its items ---------------------------------------------


def test_council_membership_comes_from_the_agreement_or_its_portfolio() -> None:
    pf = portfolio()
    member = ft.portfolio_agreements(pf)[0]
    assert member.sundhedsraadets_kommuner is None
    assert fact("tilsagnsaftale", "dokument", "sundhedsraadets_kommuner", member, member) is None
    from_pf = fact("tilsagnsaftale", "dokument", "sundhedsraadets_kommuner", member, member, pf=pf)
    assert from_pf == ["Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse", "Sorø"]
    assert fact("tilsagnsaftale", "dokument", "antal_manglende_kommuner", member, member, pf=pf) == 0


def test_outside_and_missing_municipalities() -> None:
    doc = tilsagn(aftaletype="samlet", kommuner=["Holbæk", "Roskilde"])
    assert fact("tilsagnsaftale", "dokument", "kommuner_uden_for_raadet", doc, doc) == ["Roskilde"]
    assert fact("tilsagnsaftale", "dokument", "antal_manglende_kommuner", doc, doc) == 5


def test_revocation_by_both_sides() -> None:
    get = lambda d: fact("tilsagnsaftale", "dokument", "begge_parter_kan_ophaeve", d, d)  # noqa: E731
    assert get(tilsagn()) is True
    assert get(tilsagn(ophaevelse={"kan_ophaeves_af": ["kommune", "region"]})) is True
    assert get(tilsagn(ophaevelse={"kan_ophaeves_af": ["kommune"]})) is False
    assert get(tilsagn(ophaevelse=None)) is None


def test_budget_year_subjects_total_the_year_and_point_at_its_first_bevilling() -> None:
    pf = portfolio()
    samlet = ft.portfolio_agreements(pf)[0]
    subs = subjects("tilsagnsaftale", "budgetaar", samlet)
    assert [(p, o.budgetaar, o.beloeb_kr) for p, o in subs] == [
        ("/bevillinger/0", 2027, 20_000_000),
        ("/bevillinger/6", 2028, 32_000_000),
    ]


def test_moved_task_and_regional_area_of_an_effort() -> None:
    doc = tilsagn(
        indsatser=[
            {"betegnelse": "A", "opgaveomraade": "akutsygepleje"},
            {"betegnelse": "B", "opgaveomraade": "regional_sundhed"},
            {"betegnelse": "C", "opgaveomraade": "aeldre"},
        ]
    )
    moved = [fact("tilsagnsaftale", "indsats", "flyttet_opgave", i, doc) for i in doc.indsatser]
    regional = [fact("tilsagnsaftale", "indsats", "regionalt_omraade", i, doc) for i in doc.indsatser]
    assert moved == [True, False, False]
    assert regional == [False, True, False]


# --- portfolio facts -------------------------------------------------------------------


def test_portfolio_years_join_frames_and_agreements() -> None:
    pf = portfolio(rammer=[{"budgetaar": 2028, "beloeb_kr": 1}])
    subs = subjects("portefoelje", "tilsagn_budgetaar", pf)
    assert [(p, o.budgetaar, o.ramme_kr) for p, o in subs] == [("/rammer", 2027, None), ("/rammer/0", 2028, 1)]


def test_every_task_area_has_a_display_name() -> None:
    from sundhedsregler.models import Opgaveomraade

    assert set(AREA_LABELS) == {a.value for a in Opgaveomraade}
    assert area_label("boern_og_unge") == "børn og unge"
    doc = tilsagn(krav=[{"betegnelse": "K", "art": "indsats", "omraader": ["aeldre", "sundheds_og_omsorgspladser"]}])
    assert fact("tilsagnsaftale", "krav", "omraader", doc.krav[0], doc) == ["ældre", "sundheds- og omsorgspladser"]


def test_kl3_applies_only_to_portfolios_of_tilsagnsaftaler() -> None:
    pkom = VOCABULARY["portefoelje"]["tilsagn_kommune"]
    assert pkom.applies is not None
    assert pkom.applies.test(portfolio())  # the fixture holds tilsagnsaftaler
    assert pkom.applies.test(portfolio(dokumenter=[]))  # nothing yet: every share is missing
    opgaveflyt_only = portfolio(
        dokumenter=[{"kind": "delingsaftale", "dokument_id": "DEL-1", "region": "R", "kommune": "Holbæk", "opgaver": ["akutsygepleje"]}]
    )
    assert not pkom.applies.test(opgaveflyt_only)
    for lang, reason in (("da", "porteføljen indeholder ingen tilsagnsaftaler"), ("en", "the portfolio holds no tilsagnsaftaler")):
        report = sundhedsregler.evaluate(opgaveflyt_only, as_of=AS_OF, lang=lang, backend="python")
        [kl3] = [f for f in report.findings if f.rule_id == "KL-3"]
        assert (kl3.outcome, kl3.path, kl3.evidence) == ("not_applicable", "/kommuner", {})
        assert kl3.message.endswith(f" ({reason})")
    empty = sundhedsregler.evaluate(portfolio(dokumenter=[]), as_of=AS_OF, backend="python")
    assert {f.outcome for f in empty.findings if f.rule_id == "KL-3"} == {"fail"}
