"""Renderers in isolation: every outcome has a SARIF kind and a text label, packed
reports render like models, and the small helpers behave."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from sundhedsregler import load_rules
from sundhedsregler._check.batch import PackedReport, ReportRecord, Tally, evaluate_item, read_jsonl
from sundhedsregler._engine.evaluate import Evaluator
from sundhedsregler._check.render import FORMATS, RunInfo, renderer, spool
from sundhedsregler._check.render.sarif import KIND, artifact_location, artifact_uri, fingerprint
from sundhedsregler._check.render.text import OUTCOME_LABEL
from sundhedsregler.findings import OUTCOMES

from .test_cli_support import LATE, NO_NOTICE, OK, jsonl, make_rules

from .conftest import AS_OF


def test_every_outcome_has_a_kind_and_labels() -> None:
    assert set(KIND) == set(OUTCOMES)
    assert set(KIND.values()) <= {"notApplicable", "pass", "fail", "review", "open", "informational"}
    for lang in ("da", "en"):
        assert set(OUTCOME_LABEL[lang]) == set(OUTCOMES)


def test_artifact_uris() -> None:
    assert artifact_uri("<stdin>") == "stdin"
    assert artifact_uri("docs/a b.yaml") == "docs/a%20b.yaml"
    assert artifact_uri("/tmp/x.json") == "file:///tmp/x.json"
    # Outside the working directory: absolute, as relative to %SRCROOT% it would not be.
    assert artifact_uri("../x.json") == "file://" + str(Path.cwd().parent / "x.json").replace(" ", "%20")
    assert artifact_location("docs/a.yaml") == {"uri": "docs/a.yaml", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("/tmp/x.json") == {"uri": "file:///tmp/x.json"}
    assert artifact_location("<stdin>") == {"uri": "stdin"}


def test_fingerprint_depends_on_input_document_rule_pointer_and_occurrence_only() -> None:
    a = fingerprint("a.yaml", "D", "OF-2", "/x")
    assert a == fingerprint("a.yaml", "D", "OF-2", "/x", 0)
    others = [
        fingerprint("b.yaml", "D", "OF-2", "/x"),
        fingerprint("a.yaml", "E", "OF-2", "/x"),
        fingerprint("a.yaml", "D", "OF-3", "/x"),
        fingerprint("a.yaml", "D", "OF-2", "/y"),
        fingerprint("a.yaml", "D", "OF-2", "/x", 1),
    ]
    assert len({a, *others}) == 6


def test_unknown_format_is_refused() -> None:
    rules = load_rules(make_rules(Path(__import__("tempfile").mkdtemp()) / "r"))
    with pytest.raises(ValueError, match="unknown format"):
        renderer("xml", io.StringIO(), RunInfo(as_of=AS_OF, lang="da", rules=rules))


def test_packed_reports_render_like_models(tmp_path: Path) -> None:
    """What a renderer packs in a worker writes the same as the record itself."""
    rules = load_rules(make_rules(tmp_path / "rules"))
    ev = Evaluator(rules, backend="python")
    items = list(read_jsonl(io.BytesIO(jsonl(OK, LATE, NO_NOTICE) + b"oops\n"), source="<stdin>"))
    records = [evaluate_item(ev, item, AS_OF) for item in items]
    packing = 0
    for fmt in FORMATS:
        outputs = []
        for packed in (False, True):
            out = io.StringIO()
            r = renderer(fmt, out, RunInfo(as_of=AS_OF, lang="da", rules=rules, tool_version="t", color=True))
            tally = Tally(fail_on="error", fail_on_missing=False)
            r.begin()
            for rec in records:
                if packed and r.packs and isinstance(rec, ReportRecord):
                    text = r.pack(rec)
                    assert text is not None
                    rec = PackedReport(text, tuple((f.outcome, f.level) for f in rec.report.findings))
                    packing += 1
                tally.add(rec)
                r.record(rec)
            r.end(tally.summary(as_of=AS_OF, lang="da", ruleset=rules.info))
            outputs.append(out.getvalue())
        assert outputs[0] == outputs[1], fmt
    assert packing == 3 * 3  # text, json and jsonl pack; sarif and junit take records whole


def test_source_lines_and_line_of() -> None:
    from sundhedsregler._check.loading import line_of, source_lines

    yaml_text = "# comment\nkind: x\nopsigelse:\n  varsel_maaneder: 6\n  kan_opsiges_af: [region,\n    kommune]\n"
    lines = source_lines(yaml_text)
    assert lines["/kind"] == 2 and lines["/opsigelse"] == 3 and lines["/opsigelse/varsel_maaneder"] == 4
    assert lines["/opsigelse/kan_opsiges_af/1"] == 6
    assert line_of(lines, "/opsigelse/varsel_maaneder/deeper") == 4  # nearest ancestor
    assert line_of({}, "/x") is None
    json_text = '[\n {"a": 1,\n  "b/c": {"d": 2}}\n]'
    assert source_lines(json_text)["/0/b~1c/d"] == 3  # keys escaped as in JSON Pointer
    assert source_lines("a: [1, 2") == {}  # unparseable: no positions, no exception
    assert source_lines("") == {}


def _records(tmp_path: Path, count: int) -> tuple[Any, list[Any]]:
    rules = load_rules(make_rules(tmp_path / "rules"))
    ev = Evaluator(rules, backend="python")
    items = read_jsonl(io.BytesIO(jsonl(*[OK, LATE, NO_NOTICE] * count) + b"oops\n"), source="<stdin>")
    return rules, [evaluate_item(ev, item, AS_OF) for item in items]


def _render(fmt: str, out: Any, rules: Any, records: list[Any]) -> None:
    r = renderer(fmt, out, RunInfo(as_of=AS_OF, lang="da", rules=rules, all_results=True))
    tally = Tally(fail_on="error", fail_on_missing=False)
    try:
        r.begin()
        for rec in records:
            tally.add(rec)
            r.record(rec)
        r.end(tally.summary(as_of=AS_OF, lang="da", ruleset=rules.info))
    finally:
        r.close()


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_spooled_parts_write_what_one_write_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The parts kept in a temporary file (here after the first 4 KiB) are written as
    they were made: to a StringIO, to a UTF-8 stream's bytes, and through a stream of
    another encoding, which must encode them."""
    monkeypatch.setattr(spool, "MAX_MEMORY", 4096)
    monkeypatch.setattr(spool, "BLOCK", 1000)  # blocks that split UTF-8 sequences
    rules, records = _records(tmp_path, 20)
    text = io.StringIO()
    _render(fmt, text, rules, records)
    assert len(text.getvalue()) > 10 * 4096
    for encoding in ("utf-8", "utf-16"):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="\n")
        _render(fmt, stream, rules, records)
        stream.flush()
        assert raw.getvalue() == text.getvalue().encode(encoding)


def test_sarif_text_that_does_not_encode_fails_before_any_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A result whose text holds a lone surrogate (pydantic keeps them out of documents,
    but a finding's text is not checked again) fails the UTF-8 output before any of it
    is written, spooled to disk or not; a StringIO takes it."""
    monkeypatch.setattr(spool, "MAX_MEMORY", 4096)
    rules, records = _records(tmp_path, 20)
    bad = records[40]
    finding = bad.report.findings[0].model_copy(update={"message": "x\ud800"})
    report = bad.report.model_copy(update={"findings": [finding, *bad.report.findings[1:]]})
    records[40] = bad.model_copy(update={"report": report})
    text = io.StringIO()
    _render("sarif", text, rules, records)
    assert '"text":"x\ud800"' in text.getvalue()
    for encoding, errors in (("utf-8", "strict"), ("ascii", "backslashreplace"), ("utf-16", "strict")):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n")
        if errors == "strict":
            with pytest.raises(UnicodeEncodeError):
                _render("sarif", stream, rules, records)
            stream.flush()
            assert raw.getvalue() == b""
        else:  # the stream's own way with what does not encode
            _render("sarif", stream, rules, records)
            stream.flush()
            assert raw.getvalue() == text.getvalue().encode(encoding, errors)


def test_spool_is_gone_after_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "MAX_MEMORY", 16)
    parts = spool.Spool(b",")
    parts.add(b"a" * 100)
    parts.add("æ".encode())
    out = io.StringIO()
    parts.write(out, "[", "]")
    assert out.getvalue() == "[" + "a" * 100 + ",æ]"
    parts.close()
    assert parts.count == 0 and parts._file is None
    empty = io.StringIO()
    parts.write(empty, "[", "]")
    assert empty.getvalue() == "[]"
