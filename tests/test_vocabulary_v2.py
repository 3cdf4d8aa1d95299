"""Vocabulary version 2: typed message rendering (Babel), units of facts and terms,
month terms, a legal status per branch; version 1 rules render as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sundhedsregler
from sundhedsregler._engine.compiler import TermPlan
from sundhedsregler._engine.evaluate import Evaluator, _term_value
from sundhedsregler._engine.examples import example_document, run_examples
from sundhedsregler._domain.formatting import show
from sundhedsregler._engine.rulefile import RuleFile
from sundhedsregler.errors import RuleError

from .conftest import FIXTURES, LOCAL_RULES, RULES

HERE = Path(__file__).parent / "vocabulary_v2"


@pytest.fixture(scope="module")
def v2_rules() -> sundhedsregler.RuleSet:
    return sundhedsregler.load_rules(extra=[HERE])


@pytest.mark.parametrize(
    ("value", "kind", "da", "en"),
    [
        (dt.date(2026, 4, 1), "date", "1. april 2026", "1 April 2026"),
        ("2024-02-29", "date", "29. februar 2024", "29 February 2024"),
        (0, "days", "0 dage", "0 days"),
        (1, "days", "1 dag", "1 day"),
        (2, "days", "2 dage", "2 days"),
        (-1, "days", "-1 dag", "-1 day"),
        (-3, "days", "-3 dage", "-3 days"),
        (1, "months", "1 måned", "1 month"),
        (6, "months", "6 måneder", "6 months"),
        (16_800_000, "kroner", "16.800.000 kr.", "DKK 16,800,000"),
        (1, "kroner", "1 kr.", "DKK 1"),
        (-250_000, "kroner", "-250.000 kr.", "-DKK 250,000"),
        (1330, "bp", "13,3 %", "13.3%"),
        (5000, "bp", "50 %", "50%"),
        (1333, "bp", "13,33 %", "13.33%"),
        (0, "bp", "0 %", "0%"),
        (-250, "bp", "-2,5 %", "-2.5%"),
        (1_000_000, "bp", "10.000 %", "10,000%"),
        (1237, "count", "1.237", "1,237"),
        (10**20, "count", "100.000.000.000.000.000.000", "100,000,000,000,000,000,000"),
        (2027, "year", "2027", "2027"),
        (["A", "B", "C"], "list", "A, B og C", "A, B and C"),
        (["A", "B"], "text", "A og B", "A and B"),
        (["A"], "list", "A", "A"),
        ([], "list", "–", "–"),
        (True, "bool", "ja", "yes"),
        (False, "bool", "nej", "no"),
        (None, "kroner", "–", "–"),
        ("socialområdet", "text", "socialområdet", "socialområdet"),
    ],
)
def test_show_by_type_and_language(value: Any, kind: str, da: str, en: str) -> None:
    assert (show(value, kind, "da"), show(value, kind, "en")) == (da, en)


def _months(op: str, start: dt.date, end: dt.date) -> Any:
    plan = TermPlan("m", op, (("lit", start), ("lit", end)), "int")
    return _term_value(plan, {}, {}, dt.date(2026, 1, 1))


D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (D(2027, 1, 1), D(2027, 7, 1), 6),
        # relativedelta ends a month from a day the next month lacks on its last day
        (D(2027, 1, 31), D(2027, 2, 28), 1),
        (D(2027, 1, 31), D(2027, 2, 27), 0),
        (D(2027, 1, 31), D(2027, 3, 31), 2),
        (D(2024, 2, 29), D(2025, 2, 28), 12),  # leap day: a year later is 28 February
        (D(2024, 2, 29), D(2025, 2, 27), 11),
        (D(2024, 3, 1), D(2024, 2, 29), 0),
        (D(2024, 1, 29), D(2024, 2, 29), 1),
        (D(2027, 7, 1), D(2027, 1, 1), -6),
        (D(2027, 1, 15), D(2027, 1, 15), 0),
    ],
)
def test_months_between(start: dt.date, end: dt.date, whole: int) -> None:
    assert _months("months_between", start, end) == whole


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (D(2027, 1, 1), D(2027, 6, 30), 6),
        (D(2027, 1, 31), D(2027, 7, 30), 6),
        (D(2027, 1, 1), D(2027, 6, 29), 5),
        (D(2027, 1, 1), D(2027, 12, 31), 12),
        (D(2024, 2, 29), D(2025, 2, 28), 12),  # the day after 28 February 2025 is 1 March
        (D(2024, 2, 1), D(2024, 2, 29), 1),  # February of a leap year, whole
        (D(2023, 2, 1), D(2023, 2, 27), 0),
        (D(2027, 1, 1), D(2027, 1, 1), 0),
    ],
)
def test_period_months(start: dt.date, end: dt.date, whole: int) -> None:
    assert _months("period_months", start, end) == whole


def test_period_months_at_the_last_date_is_absent() -> None:
    assert _months("period_months", D(2027, 1, 1), dt.date.max) is None


def test_v2_examples_pass_on_both_backends(v2_rules: sundhedsregler.RuleSet, backend: str) -> None:
    results = run_examples(v2_rules, backend=backend, ids={"TST-1", "TST-2"})
    assert len(results) == 4 and all(r.ok for r in results), [r.problems for r in results]


def _messages(rules: sundhedsregler.RuleSet, rule_id: str, example: int, lang: str, backend: str) -> list[Any]:
    rf = rules.get(rule_id)
    ex = rf.examples[example]
    report = Evaluator(rules, backend=backend, lang=lang).evaluate(example_document(rules, rf, ex), as_of=ex.as_of)
    return [(f.outcome, f.legal_status, f.message, f.evidence) for f in report.findings if f.rule_id == rule_id]


def test_v2_dates_days_months_booleans(v2_rules: sundhedsregler.RuleSet, backend: str) -> None:
    [(outcome, status, da, evidence)] = _messages(v2_rules, "TST-1", 1, "da", backend)
    assert (outcome, status) == ("fail", "lokal")
    assert da == "fristen 1. april 2026 er overskredet med 1 dag (sendt 2. april 2026, brugerbetaling: nej)"
    # the evidence keeps raw values
    assert evidence["dage_efter_frist"] == 1 and evidence["sendt_til_ministeriet"] == "2026-04-02"
    assert evidence["frist"] == "2026-04-01"
    [(_, _, en, _)] = _messages(v2_rules, "TST-1", 1, "en", backend)
    assert en == "the deadline 1 April 2026 was missed by 1 day (sent 2 April 2026, user charge: no)"
    [(outcome, status, da, _)] = _messages(v2_rules, "TST-1", 0, "da", backend)
    assert (outcome, status) == ("pass", "vejledning")  # otherwise carries its own status
    assert da == "sendt 25. marts 2026, 9 måneder før start; første halvår: 6 måneder; vurderet 1. maj 2026"


def test_v2_branch_legal_status(v2_rules: sundhedsregler.RuleSet, backend: str) -> None:
    rf = v2_rules.get("TST-1")
    doc = example_document(v2_rules, rf, rf.examples[0])
    doc = doc.model_copy(update={"opsigelse": doc.opsigelse.model_copy(update={"varsel_maaneder": 1})})
    for lang, text in (("da", "varslet 1 måned er kortere end 6 måneder"), ("en", "the notice 1 month is shorter than 6 months")):
        report = Evaluator(v2_rules, backend=backend, lang=lang).evaluate(doc, as_of=D(2026, 5, 1))
        [f] = [f for f in report.findings if f.rule_id == "TST-1"]
        assert (f.outcome, f.legal_status, f.message) == ("review", "anbefaling", text)


def test_v2_kroner_percent_years(v2_rules: sundhedsregler.RuleSet, backend: str) -> None:
    found = _messages(v2_rules, "TST-2", 0, "da", backend)
    assert [m for _, _, m, _ in found] == [
        "2027: 6.000.000 kr. (96,77 % af loftet)",
        "2028: 6.500.000 kr. er 300.000 kr. over loftet 6.200.000 kr. (104,83 % af loftet, 1 år efter 2027)",
    ]
    assert found[1][3]["over_loft"] == 300_000 and found[1][3]["andel_af_loft"] == 10483
    found = _messages(v2_rules, "TST-2", 0, "en", backend)
    assert found[1][2] == (
        "2028: DKK 6,500,000 is DKK 300,000 above the ceiling DKK 6,200,000 (104.83% of the ceiling, 1 years after 2027)"
    )


def test_receipt_names_the_newest_version_used(rules: sundhedsregler.RuleSet, v2_rules: sundhedsregler.RuleSet) -> None:
    assert {rf.schema_version for rf in rules} == {1} or rules.info.vocabulary_version == 2
    if {rf.schema_version for rf in rules} == {1}:
        assert rules.info.vocabulary_version == 1
    assert v2_rules.info.vocabulary_version == 2
    assert v2_rules.subset({"TST-1"}).info == v2_rules.info
    assert v2_rules.info.hash != rules.info.hash


def _rule(**changes: Any) -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load((HERE / "TST-1.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_v1_rejects_v2_features() -> None:
    with pytest.raises(ValueError, match="months_between' needs schema_version 2"):
        RuleFile.model_validate(_rule(schema_version=1))
    data = _rule()
    del data["terms"]["maaneder_til_start"], data["terms"]["foerste_halvaar"]
    data["evidence"] = ["brugerbetaling"]
    data["otherwise"] = {"outcome": "pass"}
    with pytest.raises(ValueError, match=r"outcomes\[1\].legal_status needs schema_version 2"):
        RuleFile.model_validate({**data, "schema_version": 1})
    data["outcomes"][1].pop("legal_status")
    assert RuleFile.model_validate({**data, "schema_version": 1}).schema_version == 1


def test_v2_sum_of_different_units_is_a_rule_error(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((HERE / "TST-2.yaml").read_text(encoding="utf-8"))
    data["parameters"]["loft"]["type"] = "days"
    (tmp_path / "TST-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=r"terms.over_loft.*different units \(days, kroner\)"):
        sundhedsregler.load_rules(extra=[tmp_path])
    data["schema_version"] = 1  # version 1 does not check units
    (tmp_path / "TST-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert sundhedsregler.load_rules(extra=[tmp_path]).get("TST-2").schema_version == 1


def test_units_only_on_int_facts() -> None:
    from sundhedsregler._vocabulary.base import Fact

    with pytest.raises(ValueError, match="only an int fact has a unit"):
        Fact("x", "date", "a date", lambda obj, ctx: None, unit="days")


def test_v1_messages_unchanged(backend: str) -> None:
    # a version 1 message shows ISO dates and bare numbers, as before version 2
    local = sundhedsregler.load_rules(extra=[LOCAL_RULES])
    lok = local.get("LOK-1")
    # the receipt gives the newest version of all loaded files, national ones included
    assert lok.schema_version == 1 and local.info.vocabulary_version == max(rf.schema_version for rf in local)
    failures = []
    for ex in lok.examples:
        report = Evaluator(local, backend=backend, lang="da").evaluate(example_document(local, lok, ex), as_of=ex.as_of)
        failures += [f.message for f in report.findings if f.rule_id == "LOK-1" and f.outcome == "fail"]
    assert failures and all("regionens interne frist 2026-03-20" in m for m in failures), failures


def _hsa_with_short_notice(tmp_path: Path) -> Path:
    import yaml

    doc = yaml.safe_load((FIXTURES / "hsa.yaml").read_text(encoding="utf-8"))
    doc["opsigelse"]["varsel_maaneder"] = 1
    path = tmp_path / "hsa.json"
    path.write_text(__import__("json").dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_branch_legal_status_in_sarif_and_json(tmp_path: Path) -> None:
    import json

    from .test_cli_support import run

    doc = _hsa_with_short_notice(tmp_path)
    args = ("check", str(doc), "--rules", str(HERE), "--as-of", "2026-05-01", "--backend", "python")
    sarif = json.loads(run(*args, "--format", "sarif").out)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TST-1"]
    assert result["properties"]["legal_status"] == "anbefaling"
    report = json.loads(run(*args, "--format", "json").out)["records"][0]["report"]
    assert report["ruleset"]["vocabulary_version"] == 2
    [finding] = [f for f in report["findings"] if f["rule_id"] == "TST-1"]
    assert (finding["legal_status"], finding["message"]) == ("anbefaling", "varslet 1 måned er kortere end 6 måneder")


def test_rule_page_shows_each_branch_legal_status(v2_rules: sundhedsregler.RuleSet) -> None:
    from sundhedsregler._docgen.rule_pages import rule_page

    file, rf = next((f, r) for f, r in v2_rules.files if r.id == "TST-1")
    page = rule_page(v2_rules, file, rf)
    table = page.split("| Outcome |", 1)[1].split("\n\n", 1)[0]
    assert "Legal status |" in table.splitlines()[0]
    rows = table.splitlines()[2:]
    assert [r.rsplit("|", 2)[1].strip() for r in rows] == [
        "local rule of a region, sundhedsråd or municipality (lokal)",
        "recommendation by KL (anbefaling)",
        "the ministry's guidance on applying the law (vejledning)",
    ]
    # the typed messages of the examples on the page
    assert "fristen 1. april 2026 er overskredet med 1 dag" in page
    # a version 1 page keeps its table
    file, lok = next((f, r) for f, r in RULES.files if r.id == "OF-2")
    assert "Legal status |" not in rule_page(RULES, file, lok).split("| Outcome |", 1)[1].split("\n")[0]


def test_pointers_are_typed_not_prefixed() -> None:
    from sundhedsregler._vocabulary import VOCABULARY
    from sundhedsregler._vocabulary.base import Fact

    with pytest.raises(ValueError, match="pointer_base='unit'"):
        Fact("x", "int", "a count", lambda obj, ctx: None, pointer="#/krav")
    in_unit = [f.name for s in VOCABULARY for f in s.facts.values() if f.pointer_base == "unit"]
    assert "finansieret_til" in in_unit and all(not f.pointer or f.pointer.startswith("/") for s in VOCABULARY for f in s.facts.values())


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_day_and_month_plurals_follow_cldr(n: int) -> None:
    grouped_da, grouped_en = show(abs(n), "count", "da"), show(abs(n), "count", "en")
    sign = "-" if n < 0 else ""
    assert show(n, "days", "da") == f"{sign}{grouped_da} {'dag' if abs(n) == 1 else 'dage'}"
    assert show(n, "days", "en") == f"{sign}{grouped_en} {'day' if abs(n) == 1 else 'days'}"
    assert show(n, "months", "da") == f"{sign}{grouped_da} {'måned' if abs(n) == 1 else 'måneder'}"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_percentages_show_basis_points_exactly(bp: int) -> None:
    da = show(bp, "bp", "da")
    assert da.endswith(" %") and not da.endswith(",0 %") and not da.endswith(",00 %")
    number = da[:-2].replace(".", "").replace(",", ".")
    assert Decimal(number) * 100 == bp
    en = show(bp, "bp", "en")
    assert Decimal(en[:-1].replace(",", "")) * 100 == bp


@given(st.dates())
def test_dates_read_as_people_write_them(day: dt.date) -> None:
    da, en = show(day, "date", "da"), show(day.isoformat(), "date", "en")
    assert da.startswith(f"{day.day}. ") and da.endswith(f" {day.year}")
    assert en.startswith(f"{day.day} ") and en.endswith(f" {day.year}")
