"""SARIF 2.1.0 output: schema-valid, loads in sarif-tools, outcomes mapped to kinds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import AS_OF_TEXT as AS_OF, SHARED
from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, jsonl, make_rules, run

SCHEMA = (SHARED or Path("/nonexistent")) / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def sarif(rules_dir: Path, *args: str, stdin: bytes | None = None, as_of: str = AS_OF) -> tuple[int, Any]:
    result = run("check", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", as_of, "--backend", "python", "--format", "sarif", stdin=stdin)
    return result.code, json.loads(result.out)


@pytest.fixture(scope="module")
def log(rules_dir: Path) -> Any:
    code, data = sarif(rules_dir, "-", stdin=jsonl(OK, LATE, SHORT, NO_NOTICE, CHARGE) + b"{broken\n")
    assert code == 2
    return data


@pytest.fixture(scope="module")
def all_log(rules_dir: Path) -> Any:
    code, data = sarif(rules_dir, "-", "--sarif-results", "all", stdin=jsonl(OK, LATE, SHORT, NO_NOTICE, CHARGE) + b"{broken\n")
    assert code == 2
    return data


def test_validates_against_the_sarif_schema(log: Any) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the SARIF schema is not at {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_loads_in_sarif_tools(all_log: Any, tmp_path: Path) -> None:
    loader = pytest.importorskip("sarif.loader")
    path = tmp_path / "out.sarif"
    path.write_text(json.dumps(all_log), encoding="utf-8")
    loaded = loader.load_sarif_file(str(path))
    assert loaded.get_result_count() == len(all_log["runs"][0]["results"])
    assert {r["Code"] for r in loaded.get_records()} == {"OF-2", "T-1", "T-2"}


def test_one_run_with_the_rules_and_the_run_properties(log: Any) -> None:
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["OF-2", "T-1", "T-2"]
    of2 = rules[0]
    assert of2["name"] == "hsa-not-approved-and-sent-by-1-april"
    assert of2["shortDescription"]["text"] and of2["fullDescription"]["text"]
    assert "003:153" in of2["help"]["text"]
    assert of2["properties"]["level"] == "error" and of2["properties"]["legal_status"] == "bekendtgoerelse"  # the minister sets the date
    props = run_["properties"]
    assert props["as_of"] == AS_OF and props["ruleset_hash"].startswith("sha256:")


def test_outcomes_map_to_kinds_and_levels(all_log: Any) -> None:
    results = all_log["runs"][0]["results"]
    by = {(r["properties"]["document"], r["ruleId"]): r for r in results}
    assert (by["HSA-LATE", "OF-2"]["kind"], by["HSA-LATE", "OF-2"]["level"]) == ("fail", "error")
    assert (by["HSA-SHORT", "T-1"]["kind"], by["HSA-SHORT", "T-1"]["level"]) == ("fail", "warning")
    assert (by["HSA-NO-NOTICE", "T-1"]["kind"], by["HSA-NO-NOTICE", "T-1"]["level"]) == ("open", "none")
    assert by["HSA-NO-NOTICE", "T-1"]["properties"]["outcome"] == "missing_information"
    assert by["HSA-CHARGE", "T-2"]["kind"] == "review"
    assert by["HSA-OK", "T-2"]["kind"] == "notApplicable"
    assert by["HSA-OK", "OF-2"]["kind"] == "pass" and by["HSA-OK", "OF-2"]["level"] == "none"
    assert len(results) == 5 * 3  # one result per finding: three rules, five documents


def test_by_default_only_what_to_act_on_is_a_result(log: Any, all_log: Any) -> None:
    outcomes = [r["properties"]["outcome"] for r in log["runs"][0]["results"]]
    # Most severe first: the error, the warning, the review, the missing information.
    assert outcomes == ["fail", "fail", "review", "missing_information"]
    assert [r["level"] for r in log["runs"][0]["results"]] == ["error", "warning", "none", "none"]
    kept = {json.dumps(r, sort_keys=True) for r in log["runs"][0]["results"]}
    every = {json.dumps(r, sort_keys=True) for r in all_log["runs"][0]["results"]}
    assert kept < every  # the same results, without pass and not_applicable
    assert {json.loads(r)["properties"]["outcome"] for r in every - kept} == {"pass", "not_applicable"}
    results = log["runs"][0]["properties"]["results"]
    assert results == {"included": "actionable", "written": 4, "max_results": 25000, "omitted": {}}


def test_pending_maps_to_open(rules_dir: Path) -> None:
    from .test_cli_support import hsa

    nothing = hsa(dokument_id="HSA-P", godkendt_regionsraad=None, godkendt_kommunalbestyrelse=None, sendt_til_ministeriet=None)
    _, data = sarif(rules_dir, "-", stdin=jsonl(nothing), as_of="2026-03-31")
    assert data["runs"][0]["results"], "pending is a result by default"
    (of2,) = [r for r in data["runs"][0]["results"] if r["ruleId"] == "OF-2"]
    assert (of2["kind"], of2["properties"]["outcome"]) == ("open", "pending")


def test_locations_name_the_file_the_pointer_and_the_line(rules_dir: Path, tmp_path: Path) -> None:
    doc = tmp_path / "late.yaml"
    import yaml

    doc.write_text(yaml.safe_dump(LATE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    expected_line = 1 + next(i for i, line in enumerate(doc.read_text("utf-8").splitlines()) if line.startswith("sendt_til_ministeriet:"))
    _, data = sarif(rules_dir, str(doc))
    (of2,) = [r for r in data["runs"][0]["results"] if r["ruleId"] == "OF-2"]
    (loc,) = of2["locations"]
    assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("late.yaml")
    assert loc["physicalLocation"]["region"]["startLine"] == expected_line
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "/sendt_til_ministeriet"


def test_list_files_prefix_the_pointer(rules_dir: Path, tmp_path: Path) -> None:
    doc = tmp_path / "two.json"
    doc.write_text(json.dumps([OK, LATE], indent=1), encoding="utf-8")
    _, data = sarif(rules_dir, str(doc))
    (late,) = [r for r in data["runs"][0]["results"] if r["ruleId"] == "OF-2" and r["kind"] == "fail"]
    loc = late["locations"][0]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "/1/sendt_til_ministeriet"
    text = doc.read_text("utf-8").splitlines()
    line = loc["physicalLocation"]["region"]["startLine"]
    assert "sendt_til_ministeriet" in text[line - 1]


def test_fingerprints_are_stable_across_dates_and_unique_per_finding(rules_dir: Path) -> None:
    data = jsonl(OK, LATE)
    _, a = sarif(rules_dir, "-", "--sarif-results", "all", stdin=data)
    _, b = sarif(rules_dir, "-", "--sarif-results", "all", stdin=data, as_of="2026-12-24")
    prints_a = [r["partialFingerprints"]["sundhedsregler/v2"] for r in a["runs"][0]["results"]]
    prints_b = [r["partialFingerprints"]["sundhedsregler/v2"] for r in b["runs"][0]["results"]]
    assert prints_a == prints_b
    assert len(set(prints_a)) == len(prints_a)


def test_unreadable_documents_are_notifications(log: Any) -> None:
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    (note,) = invocation["toolExecutionNotifications"]
    # the message in the run's language (Danish by default), the code in every language
    assert note["level"] == "error" and "ugyldig JSON" in note["message"]["text"]
    assert [p["code"] for p in note["properties"]["problems"]] == ["invalid-json"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 6


def test_portfolio_members_point_into_the_portfolio_file(rules_dir: Path, tmp_path: Path) -> None:
    import yaml

    portfolio = {"kind": "portefoelje", "dokument_id": "PF-1", "dokumenter": [OK, LATE]}
    doc = tmp_path / "pf.yaml"
    doc.write_text(yaml.safe_dump(portfolio, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, data = sarif(rules_dir, str(doc))
    (late,) = [r for r in data["runs"][0]["results"] if r["ruleId"] == "OF-2" and r["kind"] == "fail"]
    loc = late["locations"][0]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "/dokumenter/1/sendt_til_ministeriet"
    assert loc["logicalLocations"][0]["name"] == "HSA-LATE"
    line = loc["physicalLocation"]["region"]["startLine"]
    assert "sendt_til_ministeriet: '2026-04-02'" in doc.read_text("utf-8").splitlines()[line - 1]
