"""Renderers in isolation: every outcome has a SARIF kind and a text label, packed
reports render like models, and the small helpers behave."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from sundhedsregler import load_rules
from sundhedsregler._batch import PackedReport, ReportRecord, Tally, evaluate_item, read_jsonl
from sundhedsregler._evaluate import Evaluator
from sundhedsregler._render import FORMATS, RunInfo, renderer
from sundhedsregler._render.sarif import KIND, artifact_uri, fingerprint
from sundhedsregler._render.text import OUTCOME_LABEL
from sundhedsregler.findings import OUTCOMES

from .test_cli_support import LATE, NO_NOTICE, OK, jsonl, make_rules

AS_OF = dt.date(2026, 11, 22)


def test_every_outcome_has_a_kind_and_labels() -> None:
    assert set(KIND) == set(OUTCOMES)
    assert set(KIND.values()) <= {"notApplicable", "pass", "fail", "review", "open", "informational"}
    for lang in ("da", "en"):
        assert set(OUTCOME_LABEL[lang]) == set(OUTCOMES)


def test_artifact_uris() -> None:
    assert artifact_uri("<stdin>") == "stdin"
    assert artifact_uri("docs/a b.yaml") == "docs/a%20b.yaml"
    assert artifact_uri("/tmp/x.json") == "file:///tmp/x.json"


def test_fingerprint_depends_on_document_rule_and_path_only() -> None:
    a = fingerprint("D", "OF-2", "/x")
    assert a == fingerprint("D", "OF-2", "/x")
    assert len({a, fingerprint("E", "OF-2", "/x"), fingerprint("D", "OF-3", "/x"), fingerprint("D", "OF-2", "/y")}) == 4


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
    from sundhedsregler._loading import line_of, source_lines

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
