"""The CLI: exit codes, inputs (files, lists, directories, standard input), batches,
robustness, and the rules / schema / test-rules commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sundhedsregler._check import loading as _loading
from sundhedsregler._check.batch import evaluate_items, read_jsonl
from sundhedsregler.cli import main

from .conftest import AS_OF_TEXT as AS_OF
from .conftest import AS_OF as DAY
from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, hsa, jsonl, make_rules, run


@pytest.fixture(scope="session")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def check(rules_dir: Path, *args: str, stdin: bytes | None = None) -> Any:
    # English unless a test asks for Danish: the tests read the English messages
    return run("check", "--lang", "en", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", stdin=stdin)


# --- exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("docs", "options", "expected"),
    [
        ([OK], [], 0),
        ([LATE], [], 1),
        ([LATE], ["--fail-on", "never"], 0),
        ([SHORT], [], 0),  # a warning does not fail at --fail-on error
        ([SHORT], ["--fail-on", "warning"], 1),
        ([SHORT], ["--fail-on", "note"], 1),
        ([CHARGE], ["--fail-on", "note"], 0),  # review never counts
        ([NO_NOTICE], ["--fail-on", "warning"], 0),  # missing information is reported, not failed
        ([NO_NOTICE], ["--fail-on", "warning", "--fail-on-missing"], 1),
        ([NO_NOTICE], ["--fail-on", "error", "--fail-on-missing"], 0),  # T-1 is a warning
        ([OK, {"kind": "nope"}], [], 2),
        ([LATE, {"kind": "nope"}], [], 2),  # input errors win over findings
    ],
)
def test_exit_codes(rules_dir: Path, docs: list[Any], options: list[str], expected: int) -> None:
    result = check(rules_dir, "-", "--format", "jsonl", *options, stdin=jsonl(*docs))
    assert result.code == expected, result.err
    summary = result.lines()[-1]
    assert summary["type"] == "summary"
    assert summary["exit_code"] == expected


def test_usage_errors_exit_2_with_a_message(rules_dir: Path) -> None:
    nothing = run("check", "--no-national-rules", "--rules", str(rules_dir))
    assert nothing.code == 2 and "PATH" in nothing.err
    bad_date = run("check", "-", "--as-of", "22-11-2026")
    assert bad_date.code == 2 and "not a date" in bad_date.err and bad_date.out == ""
    bad_format = run("check", "-", "--format", "xml")
    assert bad_format.code == 2 and "invalid choice" in bad_format.err
    no_command = run()
    assert no_command.code == 2 and "usage" in no_command.err


def test_help_and_version_exit_0() -> None:
    helped = run("check", "--help")
    assert helped.code == 0 and "--fail-on-missing" in helped.out and helped.err == ""
    version = run("--version")
    assert version.code == 0 and version.out.startswith("sundhedsregler ")


def test_rule_errors_exit_2(tmp_path: Path) -> None:
    broken = make_rules(tmp_path / "rules")
    (broken / "test" / "T-1.yaml").write_text("schema_version: 1\nid: T-1\n", encoding="utf-8")
    result = run("check", "-", "--no-national-rules", "--rules", str(broken), "--as-of", AS_OF, stdin=jsonl(OK))
    assert result.code == 2
    assert "T-1.yaml" in result.err and "Traceback" not in result.err
    missing = run("check", "-", "--no-national-rules", "--rules", str(tmp_path / "nowhere"), stdin=jsonl(OK))
    assert missing.code == 2 and "not a directory" in missing.err


def test_as_of_defaults_to_today_and_is_printed(rules_dir: Path) -> None:
    result = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--format", "jsonl", "--backend", "python", stdin=jsonl(OK))
    today = dt.date.today().isoformat()
    lines = result.lines()
    assert lines[0]["report"]["as_of"] == today
    assert lines[-1]["as_of"] == today


def test_the_date_is_in_every_format(rules_dir: Path) -> None:
    for fmt in ("text", "json", "jsonl", "sarif", "junit"):
        result = check(rules_dir, "-", "--format", fmt, stdin=jsonl(OK))
        assert AS_OF in result.out, fmt


def test_durable_and_python_backends_give_the_same_output(rules_dir: Path) -> None:
    from sundhedsregler._engine.backends import durable_available

    if not durable_available():
        pytest.skip("durable-rules is not importable on this Python")
    docs = jsonl(OK, LATE, SHORT, NO_NOTICE, CHARGE)
    a = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", "--format", "json", stdin=docs)
    b = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "durable", "--format", "json", stdin=docs)
    # Every report is the same; only the summary's receipt names the engine that ran.
    assert a.code == b.code == 1
    assert '"backend": "python"' in a.out and '"backend": "durable"' in b.out
    assert a.out.replace('"backend": "python"', '"backend": "durable"') == b.out


# --- inputs ------------------------------------------------------------------------------


def test_files_lists_and_directories(rules_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.json").write_text(json.dumps(OK), encoding="utf-8")
    (d / "sub" / "b.yaml").write_text("- " + json.dumps(LATE) + "\n- " + json.dumps(SHORT) + "\n", encoding="utf-8")
    (d / "sub" / "c.jsonl").write_bytes(jsonl(CHARGE, NO_NOTICE))
    (d / "notes.txt").write_text("not a document", encoding="utf-8")
    (d / ".hidden").mkdir()
    (d / ".hidden" / "x.json").write_text("{}", encoding="utf-8")
    result = check(rules_dir, str(d), "--format", "json")
    batch = result.json()
    seen = [(Path(r["source"]).name, r["pointer"], r["line"], r["report"]["document"]) for r in batch["records"]]
    assert seen == [
        ("a.json", "", 1, "HSA-OK"),
        ("b.yaml", "/0", 1, "HSA-LATE"),
        ("b.yaml", "/1", 2, "HSA-SHORT"),
        ("c.jsonl", "", 1, "HSA-CHARGE"),
        ("c.jsonl", "", 2, "HSA-NO-NOTICE"),
    ]
    assert batch["summary"]["documents_read"] == 5 and result.code == 1


def test_missing_path_and_empty_directory_are_error_records(rules_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(OK), encoding="utf-8")
    result = check(rules_dir, str(tmp_path / "nope.yaml"), str(tmp_path / "empty"), str(good), "--format", "jsonl")
    records = result.lines()
    assert [r["type"] for r in records] == ["error", "error", "report", "summary"]
    assert "cannot read" in records[0]["message"]
    assert "no .json" in records[1]["message"]
    assert result.code == 2
    assert result.err.count("error:") == 2  # machine output on stdout, people still see the errors


def test_stdin_json_lines_accounts_for_every_line(rules_dir: Path) -> None:
    data = jsonl(OK) + b"\n" + b"{not json\n" + b"\xff\xfe\n" + jsonl({"kind": "delingsaftale", "dokument_id": "D"}) + jsonl(LATE)
    result = check(rules_dir, "-", "--format", "jsonl", stdin=data)
    records = result.lines()
    summary = records.pop()
    assert [(r["type"], r["line"]) for r in records] == [
        ("report", 1),
        ("error", 3),
        ("error", 4),
        ("error", 5),
        ("report", 6),
    ]
    assert records[1]["stage"] == "read" and "invalid JSON" in records[1]["message"]
    assert "not UTF-8" in records[2]["message"]
    assert records[3]["stage"] == "validate" and records[3]["document"] == "D"
    assert {p["pointer"] for p in records[3]["problems"]} >= {"/region", "/kommune"}
    assert summary["documents_read"] == 5 and summary["evaluated"] == 2 and summary["rejected"] == 3
    assert result.code == 2


def test_stdin_is_read_lazily(rules_dir: Path) -> None:
    """The first record is ready after reading the first line: a pipe streams."""
    from sundhedsregler import load_rules
    from sundhedsregler._engine.evaluate import Evaluator

    class Counting(io.BytesIO):
        reads = 0

        def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
            Counting.reads += 1
            return super().readline(size)

    stream = Counting(jsonl(OK, LATE, SHORT))
    evaluator = Evaluator(load_rules(rules_dir), backend="python")
    records = evaluate_items(evaluator, read_jsonl(stream, source="<stdin>"), as_of=DAY)
    first = next(records)
    assert first.report.document == "HSA-OK"  # type: ignore[union-attr]
    assert Counting.reads == 1
    assert len(list(records)) == 2


def test_empty_stdin_is_an_error(rules_dir: Path) -> None:
    result = check(rules_dir, "-", "--format", "jsonl", stdin=b"")
    records = result.lines()
    assert records[0]["type"] == "error" and "empty" in records[0]["message"]
    assert result.code == 2


def test_a_batch_of_1000_with_broken_documents_loses_nothing(rules_dir: Path, tmp_path: Path) -> None:
    broken_at = {17: b"{oops\n", 250: b"\xc3\x28\n", 499: jsonl({"kind": "portefoelje"}), 777: b"[1, 2]\n", 998: jsonl(hsa(opgave="x"))}
    chunks = []
    for i in range(1000):
        chunks.append(broken_at.get(i) or jsonl(hsa(dokument_id=f"HSA-{i:04d}")))
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"".join(chunks))
    result = check(rules_dir, str(path), "--format", "json")
    batch = result.json()
    records = batch["records"]
    assert [r["index"] for r in records] == list(range(1000))
    errors = {r["line"] - 1 for r in records if r["type"] == "error"}
    assert errors == set(broken_at)
    s = batch["summary"]
    assert (s["documents_read"], s["evaluated"], s["rejected"]) == (1000, 995, 5)
    assert s["documents_read"] == s["evaluated"] + s["rejected"]
    assert sum(r["report"]["counts"]["pass"] for r in records if r["type"] == "report") == s["counts"]["pass"]
    assert result.code == 2


def test_jobs_give_the_same_output_in_input_order(rules_dir: Path) -> None:
    docs = [hsa(dokument_id=f"HSA-{i:03d}", sendt_til_ministeriet="2026-04-02" if i % 7 == 0 else "2026-03-25") for i in range(120)]
    data = jsonl(*docs[:60]) + b"not json\n" + jsonl(*docs[60:])
    one = check(rules_dir, "-", "--format", "json", stdin=data)
    two = check(rules_dir, "-", "--format", "json", "--jobs", "2", stdin=data)
    assert one.code == two.code == 2
    assert one.out == two.out
    assert [r["index"] for r in two.json()["records"]] == list(range(121))


# --- robustness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.yaml", "kind: horisontal_samarbejdsaftale\nkommune: Holbæk\n".encode("latin-1"), "not UTF-8"),
        ("empty.json", b"", "empty"),
        ("blank.yaml", b"  \n\n", "empty"),
        ("deep.json", b"[" * 5000 + b"]" * 5000, "nested deeper"),
        ("deep.yaml", b"a:\n" + b"".join(b" " * i + b"b:\n" for i in range(1, 200)), "nested deeper"),
        ("flow.yaml", b"[" * 5000, "nested deeper"),
        ("broken.yaml", b"kind: x\nliste: [1, 2\n", "invalid YAML"),
        ("nan.json", b'{"kind": NaN}', "not a valid number"),
        ("dup.json", b'{"kind": "a", "kind": "b"}', "duplicate key"),
        ("alias.yaml", b"a: &x [1]\nb: *x\n", "aliases"),
        ("scalar.yaml", b"just text\n", "must be an object"),
    ],
)
def test_bad_inputs_give_clear_errors_not_tracebacks(rules_dir: Path, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = check(rules_dir, str(path), "--format", "jsonl")
    assert result.code == 2
    assert "Traceback" not in result.err
    record = result.lines()[0]
    assert record["type"] == "error" and message in record["message"], record


def test_huge_inputs_are_refused(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loading, "MAX_BYTES", 4000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(hsa(faelles_maal="x" * 5000)), encoding="utf-8")
    from_file = check(rules_dir, str(big), "--format", "jsonl")
    assert from_file.code == 2 and "larger than" in from_file.lines()[0]["message"]
    streamed = check(rules_dir, "-", "--format", "jsonl", stdin=jsonl(hsa(faelles_maal="x" * 5000), OK))
    records = streamed.lines()
    assert records[0]["type"] == "error" and "larger than" in records[0]["message"]
    assert records[1]["type"] == "report" and records[1]["line"] == 2  # reading went on


def test_output_file(rules_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = check(rules_dir, "-", "--format", "json", "--output", str(target), stdin=jsonl(LATE))
    assert result.code == 1 and result.out == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["evaluated"] == 1
    bad = check(rules_dir, "-", "--output", str(tmp_path / "no" / "dir" / "x.json"), stdin=jsonl(OK))
    assert bad.code == 2 and "No such file" in bad.err


def test_examples_still_check() -> None:
    result = run("check", "--examples", "--as-of", AS_OF, "--format", "jsonl", "--backend", "python")
    summary = result.lines()[-1]
    assert summary["documents_read"] >= 1
    assert summary["documents_read"] == summary["evaluated"] + summary["rejected"]
    assert result.code == summary["exit_code"]


# --- JSON output and its schemas ---------------------------------------------------------


def _schema(kind: str, *options: str) -> Any:
    result = run("schema", kind, *options)
    assert result.code == 0
    return json.loads(result.out)


def test_json_output_validates_against_schema_batch(rules_dir: Path) -> None:
    result = check(rules_dir, "-", "--format", "json", stdin=jsonl(OK, LATE, NO_NOTICE, CHARGE) + b"oops\n")
    batch = result.json()
    jsonschema.validate(batch, _schema("batch"))
    assert batch["format"] == "sundhedsregler-batch" and batch["format_version"] == 2
    report_schema = _schema("report")
    for record in batch["records"]:
        if record["type"] == "report":
            jsonschema.validate(record["report"], report_schema)


def test_full_json_output_validates_against_schema_batch_full(rules_dir: Path) -> None:
    result = check(rules_dir, "-", "--format", "json", "--report", "full", stdin=jsonl(OK, LATE) + b"oops\n")
    batch = result.json()
    jsonschema.validate(batch, _schema("batch", "--report", "full"))
    assert batch["format_version"] == 1 and batch["summary"]["format_version"] == 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(batch, _schema("batch"))  # the summary form's schema refuses it
    report_schema = _schema("report", "--report", "full")
    for record in batch["records"]:
        if record["type"] == "report":
            jsonschema.validate(record["report"], report_schema)


def test_jsonl_lines_validate_against_schema_jsonl(rules_dir: Path) -> None:
    result = check(rules_dir, "-", "--format", "jsonl", stdin=jsonl(OK, SHORT) + b"oops\n")
    schema = _schema("jsonl")
    lines = result.lines()
    for line in lines:
        jsonschema.validate(line, schema)
    assert [line["type"] for line in lines] == ["report", "report", "error", "summary"]


def test_json_of_an_empty_batch_is_valid(rules_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = check(rules_dir, str(tmp_path / "empty"), "--format", "json")
    assert result.json()["summary"]["rejected"] == 1


def test_schema_kinds() -> None:
    for kind in ("rule", "report", "batch", "jsonl", "document", "delingsaftale"):
        assert isinstance(_schema(kind), dict)
    unknown = run("schema", "nope")
    assert unknown.code == 2 and "batch" in unknown.err


# --- text ----------------------------------------------------------------------------------


def test_text_is_danish_by_default_and_english_on_request(rules_dir: Path) -> None:
    data = jsonl(LATE, NO_NOTICE) + b"oops\n"
    da = check(rules_dir, "-", "--lang", "da", stdin=data)  # the last --lang wins over check's "en"
    assert "ugyldig JSON" in da.out  # the rejected line's problem, in Danish too
    assert "Ikke opfyldt (1)" in da.out and "Mangler oplysninger (1)" in da.out and "AFVIST" in da.out
    assert "Opsummering: 3 dokumenter læst, 2 vurderet, 1 afvist" in da.out
    assert "vurderingsdato 2026-11-22" in da.out and "\x1b[" not in da.out
    en = check(rules_dir, "-", "--lang", "en", stdin=data)
    assert "Failed (1)" in en.out and "Summary: 3 documents read, 2 evaluated, 1 rejected" in en.out
    assert "HSA-LATE" in en.out.split("Failed")[0]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = _Tty()
    main(args, tty, io.StringIO(), stdin=io.BytesIO(jsonl(LATE)))
    assert "\x1b[31m" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _Tty()
    main(args, tty, io.StringIO(), stdin=io.BytesIO(jsonl(LATE)))
    assert "\x1b[" not in tty.getvalue()
    forced = check(rules_dir, "-", "--color", "always", stdin=jsonl(LATE))
    assert "\x1b[31m" in forced.out


# --- rules, test-rules ----------------------------------------------------------------------


def test_rules_command_formats(rules_dir: Path) -> None:
    text = run("rules", "--no-national-rules", "--rules", str(rules_dir))
    assert text.code == 0 and [line.split()[0] for line in text.out.splitlines()] == ["OF-2", "T-1", "T-2"]
    data = json.loads(run("rules", "--no-national-rules", "--rules", str(rules_dir), "--format", "json").out)
    assert [r["id"] for r in data["rules"]] == ["OF-2", "T-1", "T-2"]
    assert data["rules"][0]["parameters"]["frist"]["value"] == "2026-04-01"
    md = run("rules", "--no-national-rules", "--rules", str(rules_dir), "--format", "markdown", "--lang", "en").out
    assert "| Rule | Name |" in md and "| T-1 | `notice-shorter-than-nine-months` |" in md
    assert "| warning | local rule |" in md


def test_test_rules_command(rules_dir: Path, tmp_path: Path) -> None:
    ok = run("test-rules", str(rules_dir), "--no-national-rules", "--backend", "python")
    assert ok.code == 0 and re.fullmatch(r"[0-9]+ passed, 0 failed\n", ok.out), ok.out
    wrong = make_rules(tmp_path / "rules")
    t1 = wrong / "test" / "T-1.yaml"
    t1.write_text(t1.read_text("utf-8").replace("expect: [{outcome: fail}]", "expect: [{outcome: pass}]"), encoding="utf-8")
    failed = run("test-rules", str(wrong), "--no-national-rules", "--backend", "python")
    assert failed.code == 1 and "FAIL T-1 six months" in failed.out


def test_jobs_with_files_unreadable_units_and_model_renderers(rules_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([LATE, {"kind": "nope"}, OK]), encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"\xff")
    (tmp_path / "c.yaml").write_text(json.dumps(SHORT), encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.json", "b.json", "c.yaml")]
    for fmt in ("text", "sarif", "jsonl"):
        one = check(rules_dir, *paths, "--format", fmt)
        two = check(rules_dir, *paths, "--format", fmt, "--jobs", "2")
        assert (one.out, one.code) == (two.out, two.code), fmt
        assert one.code == 2


def test_jobs_with_the_durable_backend(rules_dir: Path) -> None:
    """The durable ruleset handle is inherited by forked workers (never pickled)."""
    from sundhedsregler._engine.backends import durable_available

    if not durable_available():
        pytest.skip("durable-rules is not importable on this Python")
    data = jsonl(*(hsa(dokument_id=f"HSA-{i:03d}") for i in range(40)), LATE, SHORT)
    args = ["check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "durable", "--format", "jsonl"]
    one = run(*args, stdin=data)
    two = run(*args, "--jobs", "2", stdin=data)
    assert one.code == two.code == 1
    assert one.out == two.out


def test_a_closed_pipe_ends_the_run_with_141(rules_dir: Path) -> None:
    import subprocess
    import sys

    data = jsonl(*(hsa(dokument_id=f"HSA-{i:04d}") for i in range(300)))
    cmd = [sys.executable, "-c", "from sundhedsregler.cli import main_entry; main_entry()", "check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python"]
    proc = subprocess.run(["bash", "-c", 'set -o pipefail; "$@" | head -n 1 > /dev/null', "_", *cmd], input=data, capture_output=True)
    assert proc.returncode == 141
    assert proc.stderr == b""


def test_jobs_over_several_windows_keep_order(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sundhedsregler._check import batch as _batch

    monkeypatch.setattr(_batch, "WINDOW", 5)
    monkeypatch.setattr(_batch, "CHUNK", 2)
    docs = [hsa(dokument_id=f"HSA-{i:03d}") for i in range(37)]
    result = check(rules_dir, "-", "--format", "jsonl", "--jobs", "2", stdin=jsonl(*docs[:20]) + b"x\n" + jsonl(*docs[20:]))
    records = result.lines()[:-1]
    assert [r["index"] for r in records] == list(range(38))
    assert [r["report"]["document"] for r in records if r["type"] == "report"] == [d["dokument_id"] for d in docs]
