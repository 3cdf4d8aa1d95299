"""SARIF and JUnit with --jobs: the workers build each report's results and test suite,
the parent fills in the artifact indices and writes the document in input order. The
output, the errors on standard error and the exit code are those of --jobs 1."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from sundhedsregler._check import batch as _batch
from sundhedsregler.cli import main

from .conftest import AS_OF_TEXT as AS_OF, SHARED
from .conftest import FIXTURES, RULES
from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, hsa, jsonl, make_rules

SCHEMA = (SHARED or Path("/nonexistent")) / "schemas" / "sarif-schema-2.1.0.json"
# Under the test rules (all about horizontal agreements) a delingsaftale has no findings:
# its input is no SARIF artifact because of it, and later inputs number from there.
DELING = yaml.safe_load((FIXTURES / "delingsaftale.yaml").read_text("utf-8"))
# Text a result could hold where the artifact index goes (document ids are in results),
# and for JUnit markup and a NUL, which XML 1.0 cannot hold (written as the text \x00).
ODD = {
    "sarif": hsa(dokument_id='HSA-"index":"\u0000"-}', sendt_til_ministeriet="2026-04-02"),
    "junit": hsa(dokument_id='HSA-"index":"\u0000"-}<&', sendt_til_ministeriet="2026-04-02"),
}
# Characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) beside
# ones it allows (DEL, a C1 control, a non-character of a supplementary plane, emoji).
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"
ALLOWED = "\x7f\x9f\U0001fffe\U0001f600"
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many chunks and windows, so that merging within a chunk and ordering across
    # chunks are both exercised on a small batch.
    monkeypatch.setattr(_batch, "CHUNK", 3)
    monkeypatch.setattr(_batch, "WINDOW", 4)


def _check(rules_dir: Path, fmt: str, jobs: str, *args: str, stdin: bytes = b"", output: Path | None = None) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", "--format", fmt, "--jobs", jobs]
    if output is not None:
        argv += ["-o", str(output)]
    code = main(argv, out, err, stdin=io.BytesIO(stdin))
    text = output.read_text("utf-8") if output is not None else out.getvalue()
    messages = err.getvalue()
    if output is not None:  # the one-line summary after the report went to the file
        messages, summary = messages[:-1].rpartition("\n")[::2]
        messages += "\n" if messages else ""
        assert summary.startswith("sundhedsregler: ") and summary.endswith(f"til {output}")
    return text, messages, code


def _same(rules_dir: Path, fmt: str, *args: str, stdin: bytes = b"", tmp_path: Path | None = None) -> tuple[str, str, int]:
    """The run with --jobs 2 (to standard output and, given tmp_path, to a file) gives
    what --jobs 1 gives; returns that."""
    one = _check(rules_dir, fmt, "1", *args, stdin=stdin)
    assert _check(rules_dir, fmt, "2", *args, stdin=stdin) == one
    if tmp_path is not None:
        assert _check(rules_dir, fmt, "2", *args, stdin=stdin, output=tmp_path / f"out.{fmt}") == one
    return one


def _batch_stdin(fmt: str) -> bytes:
    docs = [hsa(dokument_id=f"HSA-{i:02d}") for i in range(14)]
    return (
        jsonl(OK, LATE, DELING, SHORT)
        + b"{broken\n"
        + jsonl(*docs[:7], NO_NOTICE, ODD[fmt])
        + b'{"kind": "nope", "dokument_id": "X"}\n'
        + jsonl(CHARGE, DELING, *docs[7:])
    )


def _files(tmp_path: Path, fmt: str) -> list[str]:
    """Inputs whose artifact numbering depends on every record before: a file with no
    findings at all, a list with one, an unreadable file, and more."""
    (tmp_path / "a-deling.json").write_text(json.dumps(DELING), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([DELING, LATE, {"kind": "nope"}, OK], indent=1), encoding="utf-8")
    (tmp_path / "c.json").write_bytes(b"\xff")
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(SHORT, allow_unicode=True), encoding="utf-8")
    (tmp_path / "e.jsonl").write_bytes(jsonl(*(hsa(dokument_id=f"E-{i}") for i in range(8)), DELING) + b"[1]\n" + jsonl(ODD[fmt]))
    return [str(tmp_path / name) for name in ("a-deling.json", "b.json", "c.json", "d.yaml", "e.jsonl")]


def _validate_sarif(log: Any) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the SARIF schema is not at {SCHEMA}")
    import jsonschema

    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(log)


def _sarif_is_whole(text: str) -> Any:
    """The spliced SARIF is what encoding the whole log at once gives (compact, same
    key order), and every result and notification names its own artifact."""
    log = json.loads(text)
    assert text == json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
    (run,) = log["runs"]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert len(set(uris)) == len(uris)
    located = [r["locations"][0] for r in run["results"]]
    located += [n["locations"][0] for n in run["invocations"][0]["toolExecutionNotifications"]]
    for loc in located:
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert uris[artifact["index"]] == artifact["uri"]
    return log


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_jobs_2_writes_what_jobs_1_writes_with_bad_documents_in_the_middle(rules_dir: Path, fmt: str, tmp_path: Path) -> None:
    # SARIF: every finding; JUnit: warnings are failures too.
    extra = ("--sarif-results", "all") if fmt == "sarif" else ("--fail-on", "warning")
    out, err, code = _same(rules_dir, fmt, "-", *extra, stdin=_batch_stdin(fmt), tmp_path=tmp_path)
    assert code == 2
    assert err.count("error:") == 2 and "<stdin>:5" in err and "<stdin>:15" in err
    if fmt == "sarif":
        log = _sarif_is_whole(out)
        _validate_sarif(log)
        (run,) = log["runs"]
        assert len(run["invocations"][0]["toolExecutionNotifications"]) == 2
        assert len(run["results"]) == 3 * (4 + 14 + 2)  # three rules, twenty agreements, none for delingsaftaler
        assert {r["properties"]["document"] for r in run["results"]} >= {ODD[fmt]["dokument_id"], "HSA-13"}
    else:
        root = ET.fromstring(out.split("\n", 1)[1])
        assert [s.get("name", "").split()[0] for s in root][:6] == ["HSA-OK", "HSA-LATE", DELING["dokument_id"], "HSA-SHORT", "?", "HSA-00"]
        assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(3 * 20 + 2), "3", "2")


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_jobs_2_numbers_the_artifacts_as_jobs_1_does(rules_dir: Path, fmt: str, tmp_path: Path) -> None:
    out, err, code = _same(rules_dir, fmt, *_files(tmp_path, fmt), "--fail-on-missing", tmp_path=tmp_path)
    assert code == 2 and err.count("error:") == 3
    if fmt == "sarif":
        log = _sarif_is_whole(out)
        _validate_sarif(log)
        uris = [Path(a["location"]["uri"]).name for a in log["runs"][0]["artifacts"]]
        assert uris == ["b.json", "c.json", "d.yaml", "e.jsonl"]  # a-deling.json has no result


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_jobs_2_with_only_reports_without_findings(rules_dir: Path, fmt: str) -> None:
    out, _, code = _same(rules_dir, fmt, "-", stdin=jsonl(DELING, DELING, DELING, DELING))
    assert code == 0
    if fmt == "sarif":
        log = _sarif_is_whole(out)
        _validate_sarif(log)
        assert log["runs"][0]["results"] == [] and log["runs"][0]["artifacts"] == []


def test_junit_is_what_indenting_the_whole_tree_gives(rules_dir: Path) -> None:
    """The suites are made and indented one by one; the document is the one ET.indent
    and ET.tostring of the whole tree write."""
    out, _, _ = _same(rules_dir, "junit", "-", stdin=_batch_stdin("junit"))
    head, body = out.split("\n", 1)
    assert head == '<?xml version="1.0" encoding="UTF-8"?>'
    root = ET.fromstring(body)
    ET.indent(root)
    assert body == ET.tostring(root, encoding="unicode") + "\n"


def test_junit_without_suites_is_an_empty_root() -> None:
    from sundhedsregler._check.render import RunInfo, renderer

    from .test_render import AS_OF as DATE

    out = io.StringIO()
    r = renderer("junit", out, RunInfo(as_of=DATE, lang="da", rules=RULES))
    r.begin()
    r.end(_batch.Tally(fail_on="error", fail_on_missing=False).summary(as_of=DATE, lang="da", ruleset=r.run.rules.info))
    assert out.getvalue() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="sundhedsregler" tests="0" failures="0" errors="0" skipped="0" />\n'
    )


def _lone_surrogate_stdin() -> bytes:
    """A document whose id holds a lone surrogate (JSON may escape one); it is refused
    (pydantic takes no lone surrogate), so it reaches JUnit's error suite by its id."""
    bad = json.dumps(hsa(dokument_id="X")).replace('"X"', '"X\\ud800"').encode() + b"\n"
    return jsonl(LATE) + bad + jsonl(*(hsa(dokument_id=f"HSA-{i}") for i in range(7)))


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_jobs_2_writes_what_jobs_1_writes_with_a_lone_surrogate(rules_dir: Path, fmt: str, tmp_path: Path) -> None:
    """SARIF does not carry the refused document's id; JUnit writes it escaped, so the
    UTF-8 output is written whole (it once failed as a whole, before any suite)."""
    runs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}"
        runs.append((*_check(rules_dir, fmt, jobs, "-", stdin=_lone_surrogate_stdin(), output=target), target.read_bytes()))
    assert runs[0] == runs[1]
    _, err, code, written = runs[0]
    assert code == 2 and err.count("error:") == 1 and "can't encode" not in err
    if fmt == "junit":
        root = ET.fromstring(written)
        assert [s.get("name") for s in root][1] == "X\\ud800 (<stdin>)"
    else:
        _sarif_is_whole(written.decode("utf-8"))


def _forbidden_stdin() -> bytes:
    """Forbidden characters in a valid document's id and in a field that reaches a
    message, and in a refused document's id (with a lone surrogate)."""
    odd = FORBIDDEN + ALLOWED
    good = hsa(dokument_id=f"HSA-{odd}", sendt_til_ministeriet="2026-04-02", kommune=f"K{odd}")
    short = hsa(dokument_id=f"HSA-SHORT-{odd}", opsigelse={**SHORT["opsigelse"]})
    refused = json.dumps({"kind": f"nope{odd}", "dokument_id": "BAD-" + odd}).replace("BAD-", "BAD-\\udfff")
    return jsonl(good, OK, short) + refused.encode() + b"\n" + jsonl(*(hsa(dokument_id=f"HSA-{i}-{odd}") for i in range(5)))


def test_junit_escapes_what_xml_1_0_forbids(rules_dir: Path, tmp_path: Path) -> None:
    out, err, code = _same(rules_dir, "junit", "-", "--fail-on", "warning", stdin=_forbidden_stdin(), tmp_path=tmp_path)
    assert code == 2 and err.count("error:") == 1
    assert not NOT_XML.search(out)
    escaped = "\\x00\\x01\\x08\\x0b\\x0c\\x1b\\x1f\\ufffe\\uffff" + ALLOWED
    root = ET.fromstring(out.split("\n", 1)[1])
    names = [s.get("name", "") for s in root]
    assert names[0] == f"HSA-{escaped} (<stdin>)" and names[3] == f"BAD-\\udfff{escaped} (<stdin>)"
    assert {c.get("classname") for c in root[0].iter("testcase")} == {f"HSA-{escaped}"}
    path = tmp_path / "junit.xml"
    path.write_text(out, encoding="utf-8")
    from junitparser import JUnitXml

    xml = JUnitXml.fromfile(str(path))
    assert [s.name for s in xml] == names
    assert xml.tests == 3 * 8 + 1 and xml.errors == 1 and xml.failures == 2


def test_junit_without_forbidden_characters_is_unchanged(rules_dir: Path) -> None:
    """Escaping touches only what XML 1.0 forbids: markup, quotes and line ends in the
    input are written as ElementTree writes them."""
    from sundhedsregler._check.render.junit import xml_safe

    text = '<a b="x&#10;y">\tæ\x7f\x9f\U0001f600 \\x00</a>'
    assert xml_safe(text) == text
    assert xml_safe("\x00\x1f\ud800\ufffe\uffff") == "\\x00\\x1f\\ud800\\ufffe\\uffff"


def test_sarif_carries_what_xml_1_0_forbids_as_json(rules_dir: Path, tmp_path: Path) -> None:
    """JSON escapes the controls and carries U+FFFE and U+FFFF as they are: the document
    ids come back exactly."""
    out, _, code = _same(rules_dir, "sarif", "-", "--sarif-results", "all", stdin=_forbidden_stdin(), tmp_path=tmp_path)
    assert code == 2
    log = _sarif_is_whole(out)
    _validate_sarif(log)
    documents = {r["properties"]["document"] for r in log["runs"][0]["results"]}
    assert f"HSA-{FORBIDDEN + ALLOWED}" in documents and len(documents) == 8
