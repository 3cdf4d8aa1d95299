"""YAML streams: a file of several documents separated by '---' is read document by
document, each an input unit with its own index and the lines of the file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler import _safeload
from sundhedsregler._check import loading as _loading

from .conftest import AS_OF_TEXT as AS_OF, EXAMPLES
from .test_cli_support import LATE, OK, SHORT, make_rules, run


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def check(rules_dir: Path, *args: str) -> Any:
    # English unless a test asks for Danish: the tests read the English messages
    return run("check", "--lang", "en", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python")


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def line_of(text: str, pattern: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` that matches ``pattern``."""
    lines = text.splitlines()
    return next(i + 1 for i in range(start - 1, len(lines)) if re.match(pattern, lines[i]))


# Middle documents, each bad in its own way: (text, stage, words of the message, line
# of the problem within the middle document, counted from its '---' line as 1).
BAD = {
    "invalid YAML": ("kind: horisontal_samarbejdsaftale\nliste: [1, 2\n", "read", "invalid YAML", 4),
    "unterminated quote": ("kind: 'horisontal\n", "read", "invalid YAML", None),
    "validation": (dump({**OK, "dokument_id": "HSA-BAD", "region": 7}), "validate", "/region", None),
    "unknown kind": ("kind: nope\ndokument_id: X\n", "validate", "'kind' must be one of", 2),
    "duplicate key": ("kind: a\nkind: b\n", "read", "duplicate key 'kind'", 3),
    "alias": ("kind: &k a\nandet: *k\n", "read", "aliases are not accepted", 3),
    "too deep": ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 80)), "read", "nested deeper than 64", None),
    "unsafe tag": ("kind: !!python/object/apply:os.system [echo]\n", "read", "invalid YAML", 2),
    "scalar": ("just text\n", "validate", "must be an object", None),
    "empty list": ("[]\n", "read", "empty list of documents", 2),
}


def stream_of(middle: str) -> tuple[str, int]:
    """OK, ``middle`` and LATE as one stream, and the line of the middle '---'."""
    first = dump(OK)
    return first + "---\n" + middle + "---\n" + dump(LATE), first.count("\n") + 1


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_document_in_the_middle_is_one_error_and_the_others_are_evaluated(rules_dir: Path, tmp_path: Path, name: str) -> None:
    middle, stage, words, problem_line = BAD[name]
    text, marker = stream_of(middle)
    path = tmp_path / "stream.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(rules_dir, str(path), "--format", "jsonl")
    *records, summary = result.lines()
    assert [r["type"] for r in records] == ["report", "error", "report"], records
    assert [r["index"] for r in records] == [0, 1, 2]
    assert records[0]["report"]["document"] == "HSA-OK" and records[0]["line"] == 1
    error = records[1]
    assert error["stage"] == stage and words in error["message"], error
    assert error["line"] == marker + 1 and error["pointer"] == ""  # the document's first line
    if problem_line is not None:
        assert error["problems"][0]["line"] == marker + problem_line - 1, error
    late_line = line_of(text, "---", marker + 1) + 1
    assert records[2]["report"]["document"] == "HSA-LATE" and records[2]["line"] == late_line
    assert (summary["documents_read"], summary["evaluated"], summary["rejected"]) == (3, 2, 1)
    assert result.code == 2 and "Traceback" not in result.err


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_pure_python_loader_reads_streams_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, _ = stream_of(BAD[name][0])

    def outcome() -> list[Any]:
        out: list[Any] = []
        for doc in _loading.yaml_stream(text) or []:
            try:
                out.append(("ok", _loading.parse_yaml_document(doc, source="s"), _loading.yaml_document_lines(doc)))
            except sundhedsregler.DocumentError as exc:
                out.append(("error", str(exc), exc.line))
        return out

    fast = outcome()
    monkeypatch.setattr(_safeload, "_FastSafeLoader", None)
    assert outcome() == fast and len(fast) == 3


def test_lines_in_text_json_and_sarif_are_lines_of_the_file(rules_dir: Path, tmp_path: Path) -> None:
    text = "# three agreements\n---\n" + dump(OK) + "---\n" + dump(SHORT) + "---\n" + dump(LATE) + "...\n"
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    starts = [i + 2 for i, line in enumerate(text.splitlines()) if line == "---"]
    sent = line_of(text, "sendt_til_ministeriet:", starts[2])
    notice = line_of(text, "  varsel_maaneder:", starts[1])

    batch = check(rules_dir, str(path), "--format", "json").json()
    assert [(r["index"], r["pointer"], r["line"], r["report"]["document"]) for r in batch["records"]] == [
        (0, "", starts[0], "HSA-OK"),
        (1, "", starts[1], "HSA-SHORT"),
        (2, "", starts[2], "HSA-LATE"),
    ]

    out = check(rules_dir, str(path), "--lang", "en").out
    for start, doc_id in zip(starts, ("HSA-OK", "HSA-SHORT", "HSA-LATE")):
        assert f"{doc_id} (horisontal_samarbejdsaftale) · {path}:{start}\n" in out

    sarif = json.loads(check(rules_dir, str(path), "--format", "sarif").out)
    failed = {r["ruleId"]: r["locations"][0] for r in sarif["runs"][0]["results"] if r["kind"] == "fail"}
    assert failed["OF-2"]["physicalLocation"]["region"]["startLine"] == sent
    assert failed["OF-2"]["logicalLocations"][0]["fullyQualifiedName"] == "/sendt_til_ministeriet"
    assert failed["T-1"]["physicalLocation"]["region"]["startLine"] == notice


def test_validation_problems_carry_lines_of_the_file(rules_dir: Path, tmp_path: Path) -> None:
    bad = {**OK, "dokument_id": "HSA-BAD", "region": 7}
    text = dump(OK) + "---\n" + dump(bad)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    second = text.splitlines().index("---") + 2
    result = check(rules_dir, str(path), "--format", "json")
    error = result.json()["records"][1]
    assert error["type"] == "error" and error["document"] == "HSA-BAD" and error["line"] == second
    (problem,) = error["problems"]
    assert problem["pointer"] == "/region" and problem["line"] == line_of(text, "region:", second)
    text_out = check(rules_dir, str(path), "--lang", "en").out
    assert f"REJECTED HSA-BAD {path}:{second} is not a valid document" in text_out
    assert f"/region (line {problem['line']})" in text_out


def test_invalid_yaml_spoils_only_its_own_document(rules_dir: Path, tmp_path: Path) -> None:
    # A quote and a bracket left open: '---' at the start of a line still starts the
    # next document (YAML allows it nowhere else), so reading goes on there.
    text = dump(OK) + "---\nkind: 'open\n---\nliste: [1,\n---\n" + dump(LATE)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    records = check(rules_dir, str(path), "--format", "jsonl").lines()[:-1]
    assert [r["type"] for r in records] == ["report", "error", "error", "report"]
    assert all("invalid YAML" in r["message"] for r in records[1:3])
    assert records[3]["report"]["document"] == "HSA-LATE"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A first '---' opens the first document; a last one closes the stream.
        ("---\n{OK}---\n{LATE}---\n", [("report", 2), ("report", None)]),
        ("{OK}---\n{LATE}---\n# the end\n---\n\n", [("report", 1), ("report", None)]),
        ("# header\n%YAML 1.1\n---\n{OK}...\n---\n{LATE}", [("report", 4), ("report", None)]),
        # An empty document between two others is reported: something was likely lost.
        ("{OK}---  # nothing\n\n---\n{LATE}", [("report", 1), ("error", "marker"), ("report", None)]),
        ("---\n---\n{OK}", [("error", 1), ("report", 3)]),
        # A stream of nothing but markers is an empty input.
        ("---\n---\n", [("error", None)]),
        ("# a\n---\n# b\n---\n", [("error", None)]),
        # 'null' is no empty document: it is a value, and not an object.
        ("{OK}--- null\n---\n{LATE}", [("report", 1), ("error", "marker"), ("report", None)]),
    ],
)
def test_empty_documents(rules_dir: Path, tmp_path: Path, text: str, expected: list[tuple[str, Any]]) -> None:
    text = text.replace("{OK}", dump(OK)).replace("{LATE}", dump(LATE))
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(rules_dir, str(path), "--format", "jsonl")
    records = result.lines()[:-1]
    assert [r["type"] for r in records] == [t for t, _ in expected], records
    markers = iter(i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("---") and i > 0)
    for record, (kind, line) in zip(records, expected):
        if line == "marker":
            line = next(markers)
        if line is not None:
            assert record["line"] == line, record
        if kind == "error" and "null" not in text:
            assert "empty" in record["message"]
    assert result.code == (2 if any(t == "error" for t, _ in expected) else 1)


def test_single_documents_read_as_before(tmp_path: Path) -> None:
    for text in ("a: 1\n", "---\na: 1\n", "# c\n---\na: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "x: |\n  ---\n", "---\n"):
        assert _loading.yaml_stream(text) is None, text
    # Where YAML itself sees two documents, parse_text (rule files) still refuses them.
    with pytest.raises(sundhedsregler.DocumentError, match="found another document"):
        _loading.parse_text("a: 1\n---\nb: 2\n", source="r.yaml", fmt="yaml")


def test_a_document_that_is_a_list_or_a_portfolio_reads_as_alone_in_a_file(rules_dir: Path, tmp_path: Path) -> None:
    portfolio = {"kind": "portefoelje", "dokument_id": "PF-1", "dokumenter": [OK, LATE]}
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a.yaml").write_text(dump([OK, SHORT]), encoding="utf-8")
    (alone / "b.yaml").write_text(dump(portfolio), encoding="utf-8")
    text = dump([OK, SHORT]) + "---\n" + dump(portfolio)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    streamed = check(rules_dir, str(path), "--format", "json").json()["records"]
    separate = check(rules_dir, str(alone), "--format", "json").json()["records"]
    assert [(r["pointer"], r["report"]) for r in streamed] == [(r["pointer"], r["report"]) for r in separate]
    assert [r["pointer"] for r in streamed] == ["/0", "/1", ""]
    offset = text.splitlines().index("---") + 1
    assert [r["line"] for r in streamed] == [r["line"] + d for r, d in zip(separate, (0, 0, offset))]
    sarif = json.loads(check(rules_dir, str(path), "--format", "sarif").out)
    (late,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "OF-2" and r["kind"] == "fail"]
    line = late["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line > offset and "sendt_til_ministeriet: '2026-04-02'" in text.splitlines()[line - 1]


def test_the_bundled_examples_as_one_stream_give_the_same_reports(tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    path = tmp_path / "examples.yaml"
    path.write_text("".join("---\n" + f.read_text("utf-8") for f in files), encoding="utf-8")
    args = ["--as-of", AS_OF, "--backend", "python", "--format", "json"]
    streamed = run("check", str(path), *args).json()
    separate = run("check", *map(str, files), *args).json()
    assert [r["report"] for r in streamed["records"]] == [r["report"] for r in separate["records"]]
    assert streamed["summary"] == separate["summary"]


def test_a_stream_in_a_directory(rules_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.json").write_text(json.dumps(OK), encoding="utf-8")
    (d / "b.yml").write_text(dump(LATE) + "---\nkind: [\n---\n" + dump(SHORT) + "---\n", encoding="utf-8")
    (d / "c.yaml").write_text(dump(OK), encoding="utf-8")
    result = check(rules_dir, str(d), "--format", "jsonl")
    records = result.lines()
    summary = records.pop()
    assert [(Path(r["source"]).name, r["index"], r["type"]) for r in records] == [
        ("a.json", 0, "report"),
        ("b.yml", 1, "report"),
        ("b.yml", 2, "error"),
        ("b.yml", 3, "report"),
        ("c.yaml", 4, "report"),
    ]
    assert summary["documents_read"] == 5 and summary["rejected"] == 1 and result.code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit"])
def test_jobs_2_gives_the_output_of_jobs_1(rules_dir: Path, tmp_path: Path, fmt: str) -> None:
    docs = [dump({**(LATE if i % 5 == 0 else OK), "dokument_id": f"HSA-{i:03d}"}) for i in range(90)]
    docs[40] = "kind: [\n"  # invalid YAML
    docs[41] = "a: &x 1\nb: *x\n"  # an alias
    docs[60] = dump([OK, SHORT])
    path = tmp_path / "s.yaml"
    path.write_text("---\n".join(docs) + "---\n", encoding="utf-8")
    one = check(rules_dir, str(path), "--format", fmt)
    two = check(rules_dir, str(path), "--format", fmt, "--jobs", "2")
    assert (one.out, one.err, one.code) == (two.out, two.err, two.code)
    assert one.code == 2


def test_load_document_refuses_a_stream_and_says_what_to_use(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(dump(OK) + "---\n" + dump(LATE) + "---\n" + dump(SHORT), encoding="utf-8")
    with pytest.raises(sundhedsregler.DocumentError) as info:
        sundhedsregler.load_document(path)
    message = str(info.value)
    assert info.value.source == str(path) and str(path) in message
    assert "3 documents" in message and "sundhedsregler check" in message and "mapping" in message
    # One document and a closing '---' is one document.
    one = tmp_path / "one.yaml"
    one.write_text("---\n" + dump(LATE) + "---\n", encoding="utf-8")
    assert sundhedsregler.load_document(one).dokument_id == "HSA-LATE"
    # Errors in it keep the lines of the file.
    broken = tmp_path / "broken.yml"
    broken.write_text("# x\n---\nkind: [\n---\n", encoding="utf-8")
    with pytest.raises(sundhedsregler.DocumentError) as info:
        sundhedsregler.load_document(broken)
    assert info.value.line is not None and info.value.line >= 3
    empty = tmp_path / "empty.yaml"
    empty.write_text("---\n---\n", encoding="utf-8")
    with pytest.raises(sundhedsregler.DocumentError, match="empty"):
        sundhedsregler.load_document(empty)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n---\nb: [1, 2]\n",
        "---\na: 1\n...\n---\nb: 2\n...\n",
        "a: 1\r\n---\r\nb: |\r\n  x\r\n  --- not a marker\r\n---\r\nc: 3\r\n",
        "%YAML 1.1\n---\na: 1\n...\n%YAML 1.1\n# c\n---\nb: 2026-01-01\n",
        "--- {a: 1}\n--- [b, c]\n--- 'd'\n",
        "a: 1\n---\n- x: 1\n- y: 2\n---\n",
    ],
)
def test_documents_are_those_yaml_reads_in_the_stream(text: str) -> None:
    from yaml.constructor import SafeConstructor

    # The documents and their lines are those of the whole stream read at once (dates
    # stay strings here, as everywhere in the loader).
    whole = yaml.compose_all(text, Loader=yaml.SafeLoader)
    starts = [node.start_mark.line + 1 for node in whole]
    docs = _loading.yaml_stream(text)
    assert docs is not None
    data = [_loading.parse_yaml_document(d, source="s") for d in docs]
    expected = [SafeConstructor().construct_document(node) for node in yaml.compose_all(text, Loader=_safeload._SafeLoader)]
    assert data == expected[: len(docs)] and all(e is None for e in expected[len(docs) :])  # a closing '---'
    assert [_loading.yaml_document_lines(d)[""] for d in docs] == starts[: len(docs)]
