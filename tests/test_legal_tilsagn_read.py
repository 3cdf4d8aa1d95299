"""The lawyer's read of the error-level tilsagn rules (December 2026): each test fails if
a reading regresses. The readings are in docs/decisions.md, section "The lawyer's read:
tilsagnsaftaler (December 2026)", and the rule-by-rule entries in docs/legal-review.md."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._check.loading import to_document
from sundhedsregler._engine.examples import merge_patch

from .conftest import AS_OF, BACKENDS, EXAMPLES, FIXTURES, RULES

REGIONAL_EFFORT = {
    "betegnelse": "Udgående hospitalsteam",
    "opgaveomraade": "regional_sundhed",
    "myndighedsansvar": "region",
    "varig": True,
    "aarligt_beloeb_kr": 6_000_000,
}
HOME_NURSING = {
    "betegnelse": "Fælles sygeplejeklinik",
    "opgaveomraade": "sundhed",
    "varig": True,
    "aarligt_beloeb_kr": 6_000_000,
}


def _doc(base: str, **changes: Any) -> Any:
    data = yaml.safe_load((FIXTURES / f"{base}.yaml").read_text(encoding="utf-8"))
    return to_document(merge_patch(data, changes), source=base)


def _findings(doc: Any, rule_id: str, *, backend: str = "python", lang: str = "da") -> list[Any]:
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, rules=RULES, backend=backend, lang=lang)
    return [f for f in report.findings if f.rule_id == rule_id]


def _one(doc: Any, rule_id: str, **kw: Any) -> Any:
    [finding] = _findings(doc, rule_id, **kw)
    return finding


def _krav(omraader: list[str], binder_til: str | None = None) -> dict[str, Any]:
    krav: dict[str, Any] = {
        "betegnelse": "Modtagelse af borgere udskrevet fra hospitalet samme dag",
        "art": "kvalitet",
        "omraader": omraader,
        "skoennet_aarlig_omkostning_kr": 100_000,
    }
    if binder_til is not None:
        krav["binder_til"] = binder_til
    return krav


# --- FA-1a: a regional service is the region's by its nature -----------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_fa1a_a_regional_service_with_the_region_as_authority_is_no_error(backend: str) -> None:
    doc = _doc(
        "tilsagn",
        indsatser=[REGIONAL_EFFORT, {**HOME_NURSING, "myndighedsansvar": "region"}],
        regional_ydelsesbetaling={"beloeb_kr": 6_000_000, "samtykke_fra_alle_kommunalbestyrelser": True},
    )
    regional, municipal = _findings(doc, "FA-1a", backend=backend)
    assert regional.outcome == "pass" and "FA-1b og FA-1c" in regional.message
    assert (municipal.outcome, municipal.level) == ("fail", "error")


# --- FA-1b: consent not recorded is not a breach ----------------------------------------


@pytest.mark.parametrize(
    ("betaling", "outcome"),
    [
        (None, "review"),  # consent not recorded: the councils may have agreed
        ({"beloeb_kr": 6_000_000}, "review"),
        ({"beloeb_kr": 6_000_000, "samtykke_fra_alle_kommunalbestyrelser": False}, "fail"),
        ({"beloeb_kr": 6_000_000, "samtykke_fra_alle_kommunalbestyrelser": True}, "pass"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_fa1b_a_regional_effort_fails_only_on_consent_recorded_as_refused(
    betaling: dict[str, Any] | None, outcome: str, backend: str
) -> None:
    doc = _doc("tilsagn", indsatser=[{**REGIONAL_EFFORT, "myndighedsansvar": None}], regional_ydelsesbetaling=betaling)
    assert _one(doc, "FA-1b", backend=backend).outcome == outcome


def test_fa1b_cites_the_bill_on_co_financing_municipal_services() -> None:
    assert any(s.ref == "real:134" and s.url for s in RULES.get("FA-1b").sources)


# --- FA-1c: its otherwise is reached only with the consent recorded as given ------------


@pytest.mark.parametrize(
    ("samtykke", "expected"),
    [(True, ("fail", "note", "anbefaling")), (False, ("fail", "error", "aftale")), (None, ("missing_information", "error", "aftale"))],
)
def test_fa1c_consent_given_refused_or_absent(samtykke: bool | None, expected: tuple[str, str, str]) -> None:
    betaling: dict[str, Any] = {"beloeb_kr": 750_000}
    if samtykke is not None:
        betaling["samtykke_fra_alle_kommunalbestyrelser"] = samtykke
    f = _one(_doc("tilsagn", regional_ydelsesbetaling=betaling), "FA-1c")
    assert (f.outcome, f.level, f.legal_status) == expected


# --- FA-3a: requirements on the interface with regional tasks ---------------------------


@pytest.mark.parametrize(
    ("omraader", "binder_til", "outcome"),
    [
        (["regional_sundhed"], None, "fail"),
        (["sundhed", "regional_sundhed"], None, "review"),
        (["akutsygepleje"], "2027-01-01", "fail"),
        (["sundhed", "akutsygepleje"], "2026-12-31", "pass"),  # the day before the move
        (["sundhed", "akutsygepleje"], "2027-01-01", "review"),  # the day itself
        (["sundhed", "akutsygepleje"], "2027-01-02", "review"),  # the day after
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_fa3a_only_a_requirement_wholly_outside_municipal_tasks_fails(
    omraader: list[str], binder_til: str | None, outcome: str, backend: str
) -> None:
    doc = _doc("tilsagn", krav=[_krav(omraader, binder_til)])
    assert _one(doc, "FA-3a", backend=backend).outcome == outcome


# --- FA-4a: periods in substance and open-ended bindings ---------------------------------


@pytest.mark.parametrize(
    ("changes", "outcome", "path"),
    [
        ({"tidsperiode": None, "bevillinger": []}, "fail", "/tidsperiode/start"),
        ({"tidsperiode": None}, "review", "/tidsperiode/start"),
        ({"bindingsperiode": {"slut": None}}, "review", "/bindingsperiode/slut"),
        ({"bindingsperiode": {"slut": None}, "ophaevelse": None}, "fail", "/bindingsperiode/slut"),
        # the second read: one closed period with revocation terms may be both periods
        ({"bindingsperiode": None}, "review", "/bindingsperiode/slut"),
        ({"bindingsperiode": None, "ophaevelse": None}, "fail", "/bindingsperiode/slut"),
        ({"bindingsperiode": None, "tidsperiode": {"slut": None}}, "fail", "/bindingsperiode/slut"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_fa4a_silence_is_a_breach_only_where_nothing_states_the_period(
    changes: dict[str, Any], outcome: str, path: str, backend: str
) -> None:
    f = _one(_doc("tilsagn", **changes), "FA-4a", backend=backend)
    assert (f.outcome, f.path) == (outcome, path)


def test_fa4a_review_names_the_budget_years_in_both_languages() -> None:
    doc = _doc("tilsagn", tidsperiode=None)
    assert "pr. budgetår (2027 og 2028)" in _one(doc, "FA-4a").message
    assert "by budget year (2027 and 2028)" in _one(doc, "FA-4a", lang="en").message


# --- FA-4b: terms naming one party ------------------------------------------------------


@pytest.mark.parametrize("parter", [["sundhedsraad"], ["kommune"], ["region"]])
@pytest.mark.parametrize("backend", BACKENDS)
def test_fa4b_terms_naming_one_party_are_review(parter: list[str], backend: str) -> None:
    doc = _doc("tilsagn", ophaevelse={"kan_ophaeves_af": parter})
    assert _one(doc, "FA-4b", backend=backend).outcome == "review"


def test_fa4b_no_terms_and_placeholders_still_fail() -> None:
    assert _one(_doc("tilsagn", ophaevelse=None), "FA-4b").outcome == "fail"
    assert _one(_doc("tilsagn", ophaevelse={"vilkaar": "Udfyldes senere"}), "FA-4b").outcome == "fail"


# --- TP-2 and TP-6: no error where a person must check the body or the council -----------


@pytest.mark.parametrize("backend", BACKENDS)
def test_tp2_a_municipality_of_another_council_is_review(backend: str) -> None:
    f = _one(_doc("tilsagn", kommuner=["Roskilde"]), "TP-2", backend=backend)
    assert (f.outcome, f.level) == ("review", "error")
    assert f.message.startswith("Sundhedsrådet (Holbæk, Kalundborg, Odsherred, Ringsted, Slagelse og Sorø) omfatter ikke Roskilde")
    assert "et andet sundhedsråd" in f.message


@pytest.mark.parametrize("rule_id", ["TP-2", "TP-6"])
def test_tp2_and_tp6_have_no_fail_branch(rule_id: str) -> None:
    rf = RULES.get(rule_id)
    assert all(b.outcome != "fail" for b in rf.outcomes) and rf.otherwise.outcome != "fail"


@pytest.mark.parametrize(
    "changes",
    [
        {"besluttet_af": "formand", "delegationsgrundlag": None, "delegation_dato": None},
        {"besluttet_af": "formand", "delegationsgrundlag": "Udfyldes senere"},
        {"besluttet_af": "formand"},
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_tp6_the_chair_alone_is_review(changes: dict[str, Any], backend: str) -> None:
    assert _one(_doc("tilsagn", **changes), "TP-6", backend=backend).outcome == "review"


def test_tp6_stays_bill_text_and_cites_the_adoption() -> None:
    rf = RULES.get("TP-6")
    assert rf.legal_status == "lovforslag"
    assert any("003:134" in s.ref for s in rf.sources)


# --- TP-5: a frame above the national amount stays an error ------------------------------


def test_tp5_one_krone_above_the_national_amount_is_an_error() -> None:
    pf = _doc("portefoelje-sundhedsraad", rammer=[{"budgetaar": 2027, "beloeb_kr": 312_500_001}])
    f = _findings(pf, "TP-5")[0]
    assert (f.outcome, f.level, f.evidence["over_national_kr"]) == ("fail", "error", 1)


# --- the bundled examples stay as meant ---------------------------------------------------


def test_the_odsherred_example_still_fails_and_holbaek_passes() -> None:
    for name, errors in (("tilsagn-odsherred-2027-mangler", True), ("tilsagn-holbaek-2027", False)):
        doc = sundhedsregler.load_document(EXAMPLES / f"{name}.yaml")
        report = sundhedsregler.evaluate(doc, as_of=AS_OF, rules=RULES)
        failed = [f for f in report.findings if f.outcome == "fail" and f.level == "error"]
        assert bool(failed) is errors, (name, failed)
