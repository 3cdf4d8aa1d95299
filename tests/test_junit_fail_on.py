"""JUnit follows --fail-on: a test case fails exactly where a finding makes check exit 1,
so that a CI system shows the build as the step's exit code does."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from .conftest import AS_OF_TEXT as AS_OF
from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, jsonl, make_rules, run


DOCS = (OK, LATE, SHORT, NO_NOTICE, CHARGE)  # an error, a warning, missing information, a review


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def _junit(rules_dir: Path, tmp_path: Path, *extra: str) -> tuple[int, JUnitXml]:
    result = run(
        "check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", "--format", "junit", *extra,
        stdin=jsonl(*DOCS),
    )
    path = tmp_path / "junit.xml"
    path.write_text(result.out, encoding="utf-8")
    return result.code, JUnitXml.fromfile(str(path))


def _failed(xml: JUnitXml) -> set[tuple[str, str]]:
    return {
        (case.classname, case.name.split()[0])
        for suite in xml
        for case in suite
        if any(isinstance(r, Failure) for r in case.result)
    }


@pytest.mark.parametrize(
    ("options", "code", "failed"),
    [
        ((), 1, {("HSA-LATE", "OF-2")}),
        (("--fail-on", "warning"), 1, {("HSA-LATE", "OF-2"), ("HSA-SHORT", "T-1")}),
        (("--fail-on", "note"), 1, {("HSA-LATE", "OF-2"), ("HSA-SHORT", "T-1")}),
        (("--fail-on", "never"), 0, set()),
        (("--fail-on", "warning", "--fail-on-missing"), 1, {("HSA-LATE", "OF-2"), ("HSA-SHORT", "T-1"), ("HSA-NO-NOTICE", "T-1")}),
        (("--fail-on", "error", "--fail-on-missing"), 1, {("HSA-LATE", "OF-2")}),  # that missing fact is a warning's
    ],
)
def test_failures_are_what_counts_toward_fail_on(
    rules_dir: Path, tmp_path: Path, options: tuple[str, ...], code: int, failed: set[tuple[str, str]]
) -> None:
    got, xml = _junit(rules_dir, tmp_path, *options)
    assert got == code
    assert _failed(xml) == failed
    assert xml.failures == len(failed)
    assert (code == 1) == bool(xml.failures)  # the build's colour is the exit code's


def test_below_the_threshold_a_case_passes_with_its_message_as_system_out(rules_dir: Path, tmp_path: Path) -> None:
    _, xml = _junit(rules_dir, tmp_path)
    cases = {(case.classname, case.name.split()[0]): case for suite in xml for case in suite}
    short = cases["HSA-SHORT", "T-1"]
    assert short.is_passed and not short.is_skipped
    assert short.system_out == "fail warning /opsigelse/varsel_maaneder: Varslet er 6 måneder"
    assert cases["HSA-CHARGE", "T-2"].system_out.startswith("review note /brugerbetaling: ")
    assert isinstance(cases["HSA-OK", "T-2"].result[0], Skipped)  # not applicable: skipped, as before
    props = {p.name: p.value for p in next(iter(xml)).properties()}
    assert (props["fail_on"], props["fail_on_missing"]) == ("error", "false")
