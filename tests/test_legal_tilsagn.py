"""The legal readings of the tilsagn rules (issue 12 A1-A2, B3-B8; issue 13 C9-C11):
each test fails if a reading regresses. The readings are in docs/decisions.md,
section "Tilsagnsaftaler"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._engine.examples import merge_patch
from sundhedsregler._check.loading import to_document
from sundhedsregler.models import Indsats, Portefoelje, Rammebeloeb, Tilsagnsaftale

from .conftest import AS_OF, BACKENDS, EXAMPLES, FIXTURES, ROOT, RULES

MY_RULES = [rf for rf in RULES.rules if rf.id.split("-")[0] in ("FA", "TP", "KL")]


def _doc(base: str, **changes: Any) -> Any:
    data = yaml.safe_load((FIXTURES / f"{base}.yaml").read_text(encoding="utf-8"))
    return to_document(merge_patch(data, changes), source=base)


def _findings(doc: Any, rule_id: str, *, as_of: dt.date = AS_OF, backend: str = "python", lang: str = "da") -> list[Any]:
    report = sundhedsregler.evaluate(doc, as_of=as_of, rules=RULES, backend=backend, lang=lang)
    return [f for f in report.findings if f.rule_id == rule_id]


def _one(doc: Any, rule_id: str, **kw: Any) -> Any:
    [finding] = _findings(doc, rule_id, **kw)
    return finding


# --- A1: TP-2, one or more municipalities; the regionsråd is the party ---------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_agreement_with_several_but_not_all_municipalities_is_lawful(backend: str) -> None:
    doc = _doc("tilsagn", aftaletype="flere", kommuner=["Holbæk", "Sorø"])
    f = _one(doc, "TP-2", backend=backend)
    assert f.outcome == "pass"
    assert "Holbæk og Sorø" in f.message and "regionsrådet" in f.message


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"kommuner": ["Holbæk", "Sorø"]}, "/kommuner"),  # "bilateral" with two parties
        ({"aftaletype": "samlet", "kommuner": ["Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse"]}, "/kommuner"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_mislabelled_agreement_form_is_review_never_an_error(changes: dict[str, Any], path: str, backend: str) -> None:
    f = _one(_doc("tilsagn", **changes), "TP-2", backend=backend)
    assert (f.outcome, f.path) == ("review", path)


def test_a_party_outside_the_council_is_review() -> None:
    # December 2026 read (docs/decisions.md, "The lawyer's read: tilsagnsaftaler"): the
    # regionsråd may agree with municipalities across its region (real:134), so a party
    # outside the council is checked by a person, no longer an error.
    f = _one(_doc("tilsagn", aftaletype="flere", kommuner=["Holbæk", "Roskilde"]), "TP-2")
    assert (f.outcome, f.level) == ("review", "error")
    assert f.evidence["kommuner_uden_for_raadet"] == ["Roskilde"]


def test_tp2_names_the_regionsraad_as_party_in_both_languages() -> None:
    rf = RULES.get("TP-2")
    assert "regionsrådet" in rf.title.da and "regionsråd" in rf.title.en
    assert any(s.ref.startswith("real:131") and s.url for s in rf.sources)


# --- A2: TP-4, minimum frames -------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_tilsagn_above_the_minimum_frame_are_not_an_error(backend: str) -> None:
    pf = _doc("portefoelje-sundhedsraad", rammer=[{"budgetaar": 2027, "beloeb_kr": 19_999_999}, {"budgetaar": 2028, "beloeb_kr": 32_000_000}])
    above, at = _findings(pf, "TP-4", backend=backend)
    assert (above.outcome, above.level, above.evidence["overskridelse_kr"]) == ("review", "note", 1)
    assert at.outcome == "pass"
    assert RULES.get("TP-4").legal_status == "lovforslag"


def test_the_frames_are_described_as_minimum_frames() -> None:
    for text in (
        str(Rammebeloeb.model_fields["beloeb_kr"].description),
        str(Portefoelje.model_fields["rammer"].description),
    ):
        assert "minimum" in text and ("not a ceiling" in text or "not ceilings" in text), text
    schema = Portefoelje.model_json_schema()
    assert "minimumsrammer" in schema["properties"]["rammer"]["description_da"]


# --- B3: FA-2 is a note -------------------------------------------------------------


def test_missing_information_sharing_terms_are_a_note() -> None:
    f = _one(_doc("tilsagn", informationsdeling=None), "FA-2")
    assert (f.outcome, f.level, f.legal_status) == ("fail", "note", "aftale")


# --- B4: FA-1c, legal status per outcome --------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_fa1c_rule_is_aftale_and_kls_advice_is_anbefaling(backend: str) -> None:
    with_consent = _doc("tilsagn", regional_ydelsesbetaling={"beloeb_kr": 750_000, "samtykke_fra_alle_kommunalbestyrelser": True})
    without = _doc("tilsagn", regional_ydelsesbetaling={"beloeb_kr": 750_000, "samtykke_fra_alle_kommunalbestyrelser": False})
    advice = _one(with_consent, "FA-1c", backend=backend)
    rule = _one(without, "FA-1c", backend=backend)
    assert (advice.outcome, advice.level, advice.legal_status) == ("fail", "note", "anbefaling")
    assert (rule.outcome, rule.level, rule.legal_status) == ("fail", "error", "aftale")


# --- B5: TP-3, dates and outcomes ---------------------------------------------------


def _short_frames(frame_2027: int, frame_2028: int) -> Any:
    return _doc(
        "portefoelje-sundhedsraad",
        rammer=[{"budgetaar": 2027, "beloeb_kr": frame_2027}, {"budgetaar": 2028, "beloeb_kr": frame_2028}],
    )


@pytest.mark.parametrize(
    ("as_of", "outcome", "level"),
    [
        (dt.date(2026, 4, 2), "pending", "warning"),  # start year: the deadline may be waived
        (dt.date(2027, 12, 31), "pending", "warning"),  # last day of the budget year
        (dt.date(2028, 1, 1), "fail", "warning"),  # the account can now show the underspend
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_tp3_start_year_remainder_waits_for_the_account(as_of: dt.date, outcome: str, level: str, backend: str) -> None:
    first, _ = _findings(_short_frames(20_000_001, 32_000_000), "TP-3", as_of=as_of, backend=backend)
    assert (first.outcome, first.level) == (outcome, level)


@pytest.mark.parametrize(
    ("as_of", "outcome", "level"),
    [
        (dt.date(2027, 4, 1), "pending", "warning"),  # the deadline day
        (dt.date(2027, 4, 2), "fail", "note"),  # after the effort deadline, within the year before
        (dt.date(2028, 12, 31), "fail", "note"),  # last day of the budget year
        (dt.date(2029, 1, 1), "fail", "warning"),
    ],
)
def test_tp3_normal_year_remainder_is_a_warning_only_after_the_budget_year(as_of: dt.date, outcome: str, level: str) -> None:
    _, second = _findings(_short_frames(20_000_000, 40_000_000), "TP-3", as_of=as_of)
    assert (second.outcome, second.level) == (outcome, level)


# --- B6: KL-1's threshold -------------------------------------------------------------


def test_kl1_threshold_is_an_interpretation_at_half_and_the_finding_a_note() -> None:
    rf = RULES.get("KL-1")
    param = rf.parameters["graense_bp"]
    assert (param.value, param.interpretation) == (5000, True)
    assert "minor share" in rf.rationale and "lowers the parameter" in rf.rationale
    at_half = {
        "indsatser": [
            {"betegnelse": "Sygepleje om natten", "opgaveomraade": "sundhed", "varig": True, "aarligt_beloeb_kr": 5000},
            {"betegnelse": "Afprøvning", "opgaveomraade": "sundhed", "varig": False, "aarligt_beloeb_kr": 5000},
        ]
    }
    f = _one(_doc("tilsagn", **at_half), "KL-1")
    assert (f.outcome, f.level, f.legal_status) == ("fail", "note", "anbefaling")
    assert "50 %" in f.message
    stricter = sundhedsregler.evaluate(_doc("tilsagn"), as_of=AS_OF, rules=RULES, parameters={"KL-1.graense_bp": 1000})
    assert next(f for f in stricter.findings if f.rule_id == "KL-1").outcome == "fail"  # 13.33 % above 10 %


# --- B7: kom-i-gang does not call the principles law ---------------------------------


def test_kom_i_gang_calls_forarsaftalen_an_agreement_not_law() -> None:
    text = (ROOT / "docs" / "kom-i-gang.md").read_text(encoding="utf-8")
    assert "bindende" not in text
    assert "Forårsaftalens principper er ikke lov" in text
    assert "retsgrundlag `aftale`" in text and "retsgrundlag `anbefaling`" in text


# --- B8: level and legal status of every rule against its wording ---------------------

EXPECTED_LEVELS = {
    "FA-1a": ("error", "aftale"),  # a premise of the model (000:108)
    "FA-1b": ("error", "aftale"),  # "kan ikke anvendes" (000:48)
    "FA-1c": ("error", "aftale"),  # "efter aftale med samtlige" (000:50); its note is anbefaling
    "FA-2": ("note", "aftale"),  # the national parties' commitment (000:109)
    "FA-3a": ("error", "aftale"),
    "FA-3b.1": ("warning", "aftale"),
    "FA-3b.2": ("warning", "aftale"),
    "FA-3b.3": ("warning", "aftale"),
    "FA-3b.4": ("warning", "aftale"),
    "FA-3c": ("error", "aftale"),  # "kan ikke låse"
    "FA-3d": ("error", "aftale"),  # "skal fortsat have mulighed"
    "FA-4a": ("error", "aftale"),  # "skal ... fremgå" (000:78)
    "FA-4b": ("error", "aftale"),
    "FA-4c": ("warning", "aftale"),
    "FA-4d": ("warning", "aftale"),  # "ikke hensigten"
    "TP-1": ("warning", "aftale"),  # "skal søges"; the 2026 waiver a note
    "TP-2": ("error", "aftale"),
    "TP-3": ("warning", "aftale"),  # "kan kræve tilbageført"
    "TP-4": ("note", "lovforslag"),  # minimum frames (real:136)
    "TP-5": ("error", "aftale"),
    "TP-6": ("error", "lovforslag"),  # "Et regionsråd kan indgå aftale" (real:134)
    "TP-7": ("warning", "aftale"),
    "KL-1": ("note", "anbefaling"),
    "KL-3": ("note", "anbefaling"),
    "KL-4": ("note", "anbefaling"),
}


def test_every_tilsagn_rule_has_the_level_and_status_its_wording_gives() -> None:
    assert {rf.id: (rf.level, rf.legal_status) for rf in MY_RULES} == EXPECTED_LEVELS
    assert all(rf.schema_version == 2 for rf in MY_RULES)


def test_tp1_start_year_waiver_is_a_note_and_the_day_itself_is_in_time() -> None:
    late = _one(_doc("tilsagn", indgaaet="2026-04-02", bevillinger=[{"budgetaar": 2027, "beloeb_kr": 6_000_000}]), "TP-1")
    assert (late.outcome, late.level) == ("fail", "note")
    on_day = _one(_doc("tilsagn", indgaaet="2026-04-01", bevillinger=[{"budgetaar": 2027, "beloeb_kr": 6_000_000}]), "TP-1")
    assert on_day.outcome == "pass" and "inden" not in on_day.message
    assert "1. april 2026" in on_day.message


def test_danish_messages_use_definite_forms_and_og() -> None:
    only_council = _doc("tilsagn", ophaevelse={"vilkaar": "Kan ophæves med seks måneders varsel", "kan_ophaeves_af": ["sundhedsraad"]})
    assert "nævner kun sundhedsrådet som part" in _one(only_council, "FA-4b").message
    both = _one(_doc("tilsagn"), "FA-4b")
    assert "af kommunen og sundhedsrådet" in both.message
    assert "the municipality and the sundhedsråd" in _one(_doc("tilsagn"), "FA-4b", lang="en").message
    moved = _doc("tilsagn", indsatser=[{"betegnelse": "Klinik", "opgaveomraade": "sundhed", "myndighedsansvar": "sundhedsraad"}])
    assert "hos sundhedsrådet" in _findings(moved, "FA-1a")[0].message
    spending = _doc("tilsagn", krav=[{"betegnelse": "Løn", "art": "fast_personaleudgift"}])
    assert "(fast personaleudgift)" in _one(spending, "FA-3c").message


# --- C9: the new fields ---------------------------------------------------------------


def test_new_fields_are_optional_and_described_in_both_languages() -> None:
    schema = Tilsagnsaftale.model_json_schema()
    for name in ("besluttet_af", "delegationsgrundlag", "delegation_dato", "aftaletype"):
        prop = schema["properties"][name]
        assert prop.get("description") and prop.get("description_da"), name
    assert Tilsagnsaftale.model_fields["besluttet_af"].default is None
    karakter = Indsats.model_json_schema()["properties"]["karakter"]
    assert karakter["description"] and karakter["description_da"]
    # A document written before the fields existed still loads.
    old = yaml.safe_load((FIXTURES / "tilsagn.yaml").read_text(encoding="utf-8"))
    for key in ("besluttet_af", "delegationsgrundlag", "delegation_dato"):
        old.pop(key)
    for item in old["indsatser"]:
        item.pop("karakter")
    assert to_document(old, source="old").besluttet_af is None


# --- C10: the new rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({}, "pass"),  # sundhedsråd under a recorded delegation
        ({"besluttet_af": "regionsraad"}, "pass"),
        # real-2025-26.md C5: the forberedende regionsråd decides finally in 2026
        ({"besluttet_af": "forberedende_regionsraad"}, "pass"),
        ({"delegationsgrundlag": None}, "review"),
        ({"delegationsgrundlag": "Udfyldes senere"}, "review"),
        ({"delegation_dato": "2026-03-21"}, "review"),  # dated the day after the agreement
        # December 2026 read: the chair alone is review, never an error
        ({"besluttet_af": "formand", "delegationsgrundlag": None}, "review"),
        ({"besluttet_af": "formand"}, "review"),
        ({"besluttet_af": None}, "missing_information"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_tp6_who_decided_the_tilsagn(changes: dict[str, Any], outcome: str, backend: str) -> None:
    assert _one(_doc("tilsagn", **changes), "TP-6", backend=backend).outcome == outcome


@pytest.mark.parametrize(
    ("karakter", "outcome"),
    [("ny", "pass"), ("udbygning", "pass"), ("eksisterende_drift", "fail"), (None, "missing_information")],
)
def test_tp7_existing_operation_is_not_a_real_lift(karakter: str | None, outcome: str) -> None:
    effort: dict[str, Any] = {"betegnelse": "Klinik", "opgaveomraade": "sundhed", "varig": True, "aarligt_beloeb_kr": 1000}
    if karakter is not None:
        effort["karakter"] = karakter
    f = _one(_doc("tilsagn", indsatser=[effort]), "TP-7")
    assert f.outcome == outcome
    if outcome == "fail":
        assert f.level == "warning"


# --- C11: a bundled example uses the new fields and is lawful -------------------------


def test_bundled_tilsagn_example_uses_the_new_fields_and_fails_no_rule() -> None:
    doc = sundhedsregler.load_document(EXAMPLES / "tilsagn-holbaek-2027.yaml")
    assert doc.besluttet_af == "sundhedsraad" and doc.delegationsgrundlag and doc.delegation_dato
    assert {i.karakter.value for i in doc.indsatser if i.karakter} == {"ny", "udbygning"}
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, rules=RULES)
    assert [f.rule_id for f in report.findings if f.outcome not in ("pass", "not_applicable")] == []
