"""JUnit XML output, read back with junitparser."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, jsonl, make_rules, run

from .conftest import AS_OF_TEXT as AS_OF


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def junit(rules_dir: Path, tmp_path: Path, *extra: str) -> tuple[int, JUnitXml]:
    result = run(
        "check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", "--format", "junit", "--report", "full", *extra,
        stdin=jsonl(OK, LATE, SHORT, NO_NOTICE, CHARGE) + b"[1]\n",
    )
    path = tmp_path / "junit.xml"
    path.write_text(result.out, encoding="utf-8")
    return result.code, JUnitXml.fromfile(str(path))


def test_one_suite_per_document_one_case_per_rule(rules_dir: Path, tmp_path: Path) -> None:
    code, xml = junit(rules_dir, tmp_path)
    assert code == 2
    suites = list(xml)
    assert len(suites) == 6
    names = [s.name for s in suites]
    assert names[0] == "HSA-OK (<stdin>)"
    for suite in suites[:5]:
        assert [c.name for c in suite] == ["OF-2 hsa-not-approved-and-sent-by-1-april", "T-1 notice-shorter-than-nine-months", "T-2 user-charge-needs-review"]
        props = {p.name: p.value for p in suite.properties()}
        assert props["as_of"] == AS_OF and props["ruleset.version"] and props["ruleset.hash"].startswith("sha256:")


def _results(xml: JUnitXml) -> dict[tuple[str, str], list[object]]:
    return {(case.classname, case.name.split()[0]): list(case.result) for suite in xml for case in suite}


def test_failures_skips_and_errors(rules_dir: Path, tmp_path: Path) -> None:
    _, xml = junit(rules_dir, tmp_path)
    r = _results(xml)
    late = r["HSA-LATE", "OF-2"]
    assert len(late) == 1 and isinstance(late[0], Failure) and late[0].type == "error"
    assert "2. april 2026" in (late[0].message or "")  # vocabulary 2 renders dates as a reader writes them
    assert r["HSA-SHORT", "T-1"] == []  # a warning passes with --fail-on error, as the exit code says
    assert r["HSA-NO-NOTICE", "T-1"] == []  # missing information passes without --fail-on-missing
    assert r["HSA-CHARGE", "T-2"] == []  # review passes, with the message in system-out
    assert isinstance(r["HSA-OK", "T-2"][0], Skipped)
    assert r["HSA-OK", "OF-2"] == []
    (error_suite,) = [s for s in xml if s.errors]
    (case,) = list(error_suite)
    assert isinstance(case.result[0], Error)
    assert xml.failures == 1 and xml.errors == 1 and xml.skipped == 4 and xml.tests == 16


def test_fail_on_missing_makes_missing_information_a_failure(rules_dir: Path, tmp_path: Path) -> None:
    _, xml = junit(rules_dir, tmp_path, "--fail-on-missing", "--fail-on", "warning")
    r = _results(xml)
    assert isinstance(r["HSA-NO-NOTICE", "T-1"][0], Failure)


def test_output_is_deterministic(rules_dir: Path, tmp_path: Path) -> None:
    a = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "junit", stdin=jsonl(OK, LATE)).out
    b = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "junit", stdin=jsonl(OK, LATE)).out
    assert a == b and "time=" not in a and "timestamp" not in a
