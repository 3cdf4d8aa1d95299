"""SARIF for its consumers: GitHub code scanning's limits, rule pages as helpUri,
repository-relative artifacts, fingerprints that tell findings apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import AS_OF_TEXT as AS_OF, ROOT, RULES, SHARED
from .test_cli_support import LATE, NO_NOTICE, OK, SHORT, hsa, jsonl, make_rules, run


SCHEMA = (SHARED or Path("/nonexistent")) / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def sarif(rules_dir: Path, *args: str, stdin: bytes | None = None) -> Any:
    result = run("check", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", "--format", "sarif", stdin=stdin)
    return json.loads(result.out)


def _validate(log: Any) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the SARIF schema is not at {SCHEMA}")
    import jsonschema

    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(log)


def test_every_rule_links_its_generated_page(rules_dir: Path) -> None:
    rules = sarif(rules_dir, "-", stdin=jsonl(OK))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == ["docs/rules/OF-2.md", "docs/rules/T-1.md", "docs/rules/T-2.md"]
    assert "[OF-2](docs/rules/OF-2.md)" in rules[0]["help"]["markdown"]
    base = "https://example.org/sundhedsregler/docs/rules/"
    log = sarif(rules_dir, "-", "--docs-url", base, stdin=jsonl(OK))
    _validate(log)
    assert log["runs"][0]["tool"]["driver"]["rules"][1]["helpUri"] == base + "T-1.md"


def test_the_generated_pages_exist_where_the_default_points() -> None:
    """The default base is relative to the repository root: every bundled rule's page is there."""
    missing = [rf.id for rf in RULES.rules if not (ROOT / "docs" / "rules" / f"{rf.id}.md").is_file()]
    assert missing == []


def test_relative_inputs_are_relative_to_srcroot(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "late.json").write_text(json.dumps(LATE, indent=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    log = sarif(rules_dir, "agreements")
    _validate(log)
    (run_,) = log["runs"]
    location = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "agreements/late.json", "uriBaseId": "%SRCROOT%", "index": 0}
    assert run_["artifacts"] == [{"location": {"uri": "agreements/late.json", "uriBaseId": "%SRCROOT%"}}]
    # The base is named, its absolute URI left out: the log is the same on every machine.
    assert set(run_["originalUriBaseIds"]) == {"%SRCROOT%"} and "uri" not in run_["originalUriBaseIds"]["%SRCROOT%"]


def test_distinct_findings_have_distinct_fingerprints(rules_dir: Path, tmp_path: Path) -> None:
    """Two agreements with one dokument_id, in one list file and in two files: four
    findings, four fingerprints, and the same four on the next run."""
    one = tmp_path / "one.json"
    two = tmp_path / "two.json"
    one.write_text(json.dumps([LATE, LATE]), encoding="utf-8")
    two.write_text(json.dumps(LATE), encoding="utf-8")
    three = tmp_path / "three.json"
    three.write_text(json.dumps(LATE), encoding="utf-8")

    def prints() -> list[str]:
        results = sarif(rules_dir, str(one), str(two), str(three))["runs"][0]["results"]
        assert [r["properties"]["document"] for r in results] == ["HSA-LATE"] * 4
        return [r["partialFingerprints"]["sundhedsregler/v2"] for r in results]

    first = prints()
    assert len(set(first)) == 4
    assert prints() == first


def test_the_limit_keeps_the_most_severe_and_says_what_it_left_out(rules_dir: Path) -> None:
    docs = [hsa(dokument_id=f"N-{i}", opsigelse=None) for i in range(3)]  # missing information
    docs += [dict(SHORT, dokument_id=f"S-{i}") for i in range(2)]  # warnings
    docs += [dict(LATE, dokument_id=f"L-{i}") for i in range(2)]  # errors, last in the input
    full = sarif(rules_dir, "-", stdin=jsonl(*docs))
    assert len(full["runs"][0]["results"]) == 7
    log = sarif(rules_dir, "-", "--sarif-max-results", "3", stdin=jsonl(*docs))
    _validate(log)
    (run_,) = log["runs"]
    assert [(r["properties"]["document"], r["level"]) for r in run_["results"]] == [
        ("L-0", "error"),
        ("L-1", "error"),
        ("S-0", "warning"),
    ]
    assert run_["properties"]["results"] == {
        "included": "actionable",
        "written": 3,
        "max_results": 3,
        "omitted": {"fail": 1, "missing_information": 3},
    }
    (note,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["descriptor"]["id"] == "results-limit"
    assert note["message"]["text"].startswith("4 resultater er udeladt")
    assert run_["invocations"][0]["executionSuccessful"] is True  # nothing was rejected
    # Every artifact named by a result is listed; none is named twice.
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert all(uris[r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]] == "stdin" for r in run_["results"])
    unlimited = sarif(rules_dir, "-", "--sarif-max-results", "0", "--sarif-results", "all", stdin=jsonl(*docs))
    assert unlimited["runs"][0]["properties"]["results"]["omitted"] == {}
    assert len(unlimited["runs"][0]["results"]) == 7 * 3


def test_the_limit_is_the_same_with_jobs(rules_dir: Path) -> None:
    docs = [dict(NO_NOTICE, dokument_id=f"N-{i}") for i in range(40)] + [dict(LATE, dokument_id=f"L-{i}") for i in range(40)]
    args = ("-", "--sarif-max-results", "50", "--sarif-results", "all")
    one = run("check", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "sarif", stdin=jsonl(*docs))
    two = run("check", *args, "--jobs", "2", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "sarif", stdin=jsonl(*docs))
    assert one.out == two.out
    results = json.loads(one.out)["runs"][0]["results"]
    assert len(results) == 50 and [r["level"] for r in results[:40]] == ["error"] * 40


def test_a_negative_limit_is_a_usage_error(rules_dir: Path) -> None:
    result = run("check", "-", "--sarif-max-results", "-1", "--format", "sarif", stdin=jsonl(OK))
    assert result.code == 2 and "--sarif-max-results" in result.err


def test_regions_have_the_column_of_the_key(rules_dir: Path, tmp_path: Path) -> None:
    import yaml

    doc = tmp_path / "short.yaml"
    doc.write_text(yaml.safe_dump(SHORT, allow_unicode=True, sort_keys=False), encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([OK, SHORT], indent=3), encoding="utf-8")
    stream = tmp_path / "stream.yaml"
    stream.write_text("---\n" + yaml.safe_dump(OK, sort_keys=False) + "---\n" + yaml.safe_dump(SHORT, sort_keys=False), encoding="utf-8")
    log = sarif(rules_dir, str(doc), str(listed), str(stream))
    _validate(log)
    for path, result in zip((doc, listed, stream), log["runs"][0]["results"]):
        region = result["locations"][0]["physicalLocation"]["region"]
        line = path.read_text("utf-8").splitlines()[region["startLine"] - 1]
        key = '"varsel_maaneder"' if path.suffix == ".json" else "varsel_maaneder:"
        assert line.index(key) + 1 == region["startColumn"], (path.name, line)
    # JSON Lines: the document's line, no column.
    (result,) = sarif(rules_dir, "-", stdin=jsonl(SHORT))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
