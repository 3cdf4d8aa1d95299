"""The report as plain data and its two forms: the plain data is what the model dumps,
the summary form counts passes and lists each rule once, and the JSON formats write
the bytes pydantic's encoder would."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import sundhedsregler
from sundhedsregler._check import batch
from sundhedsregler import load_document
from sundhedsregler._check.render.json import dump, dump_data
from sundhedsregler._engine.evaluate import Evaluator

from .conftest import AS_OF, EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _record(ev: Evaluator, path: Path) -> batch.ReportRecord:
    item = batch.Item(str(path), data=json.loads(json.dumps(_data(path))))
    rec = batch.evaluate_item(ev, item, AS_OF)
    assert isinstance(rec, batch.ReportRecord)
    return rec


def _data(path: Path) -> object:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_plain_data_is_the_models_dump(rules: sundhedsregler.RuleSet, backend: str, path: Path) -> None:
    ev = Evaluator(rules, backend=backend, lang="en")
    rec = _record(ev, path)
    assert rec.data is not None
    full = rec.data.data("full")
    eager = ev.evaluate(load_document(path), as_of=AS_OF)
    assert full == eager.to_dict()
    assert rec.report == eager  # the lazy model equals the eager one
    assert rec.data.data("summary") == eager.to_dict(form="summary")
    assert rec.data.tallies() == [(f.outcome, f.level) for f in eager.findings]
    # orjson writes the bytes pydantic's encoder writes for the record's model
    assert dump_data(rec.record_data("full")) == rec.model_dump_json()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_summary_form_counts_passes_and_lists_each_rule_once(rules: sundhedsregler.RuleSet, path: Path) -> None:
    report = sundhedsregler.evaluate(load_document(path), as_of=AS_OF, rules=rules)
    summary = report.to_dict(form="summary")
    assert summary["format_version"] == 2 and summary["form"] == "summary"
    assert summary["counts"] == report.counts
    passes: dict[str, int] = {}
    for f in report.findings:
        if f.outcome == "pass":
            passes[f.rule_id] = passes.get(f.rule_id, 0) + 1
    assert summary["passed"] == passes and list(summary["passed"]) == list(passes)
    others = [f for f in report.findings if f.outcome != "pass"]
    assert [f["rule_id"] for f in summary["findings"]] == [f.rule_id for f in others]
    assert [f["message"] for f in summary["findings"]] == [f.message for f in others]
    assert set(summary["rules"]) == {f.rule_id for f in others}
    for f in others:
        entry = summary["rules"][f.rule_id]
        assert entry == {"name": f.rule_name, "sources": [s.model_dump(mode="json") for s in f.sources]}
    assert all("sources" not in f and "rule_name" not in f for f in summary["findings"])
    assert json.loads(report.to_json(form="summary")) == summary


def test_a_record_pickles_with_its_report(rules: sundhedsregler.RuleSet) -> None:
    rec = _record(Evaluator(rules, backend="python"), EXAMPLE_FILES[0])
    again = pickle.loads(pickle.dumps(rec))
    assert again.report == rec.report
    assert again.record_data("summary") == rec.record_data("summary")
    assert dump_data(again.record_data("full")) == dump(rec)


@pytest.mark.parametrize(
    "evidence",
    [{"big": 2**70, "small": -(2**70)}, {"lone": "\ud800 æ"}, {"pct": 1e-05, "large": 1e16, "x": "\x00\x7f\u2028"}],
)
def test_dump_data_falls_back_as_dump_does(evidence: dict[str, object]) -> None:
    from .test_fast_paths import _report

    report = _report(evidence)
    rec = batch.ReportRecord.model_construct(type="report", index=0, source="s", pointer="", line=None, report=report)
    assert dump_data(rec.record_data("full")) == dump(rec)


def test_unknown_form_is_refused(rules: sundhedsregler.RuleSet) -> None:
    report = sundhedsregler.evaluate(load_document(EXAMPLE_FILES[0]), as_of=AS_OF, rules=rules)
    with pytest.raises(ValueError, match="form must be one of summary, full"):
        report.to_dict(form="short")  # type: ignore[arg-type]


def test_a_lazy_record_is_the_record_made_from_the_model(rules: sundhedsregler.RuleSet) -> None:
    """A record made from plain data (its report model made when read) answers every
    question of the pydantic API as the record made from the model does."""
    import copy

    ev = Evaluator(rules, backend="python")
    eager_report = ev.evaluate(load_document(EXAMPLE_FILES[0]), as_of=AS_OF)

    def eager() -> batch.ReportRecord:
        return batch.ReportRecord.model_construct(
            type="report", index=0, source=str(EXAMPLE_FILES[0]), pointer="", line=None, report=eager_report
        )

    def lazy() -> batch.ReportRecord:
        rec = _record(ev, EXAMPLE_FILES[0])
        assert "report" not in rec.__dict__  # nothing has made the model yet
        return rec

    assert lazy().model_fields_set == eager().model_fields_set
    assert dict(lazy()) == dict(eager())
    assert lazy() == eager() and eager() == lazy() and lazy() == lazy()
    other = _record(ev, EXAMPLE_FILES[1])
    assert other != lazy() and lazy() != other
    assert repr(lazy()) == repr(eager())
    assert lazy().model_dump() == eager().model_dump()
    assert lazy().model_dump_json() == eager().model_dump_json()
    assert copy.copy(lazy()) == eager() and copy.deepcopy(lazy()) == eager()
    assert lazy().model_copy(update={"index": 3}).report == eager_report
    assert pickle.loads(pickle.dumps(lazy())) == eager()
    assert lazy().report == eager_report
    with pytest.raises(AttributeError, match="no attribute 'reports'"):
        lazy().reports  # noqa: B018
    # what the JSON formats read makes no model
    rec = lazy()
    rec.record_data("summary"), rec.record_data("full"), rec.tallies()
    assert "report" not in rec.__dict__


# --- JUnit: the summary form --------------------------------------------------------------


def _cli(*argv: str) -> str:
    import io

    from sundhedsregler.cli import main

    out, err = io.StringIO(), io.StringIO()
    main(list(argv), out, err, stdin=io.BytesIO(b""))
    return out.getvalue()


def _plain_passes(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """From the full JSON report of the examples: rule id -> documents in which all its
    findings are passes or not applicable with at least one pass and none to read (a
    plain pass), and -> its pass findings there."""
    batch_out = json.loads(_cli("check", "--examples", "--as-of", "2026-11-22", "--format", "json", "--report", "full", "--lang", lang, "--fail-on", "never"))
    documents: dict[str, int] = {}
    findings: dict[str, int] = {}
    for rec in batch_out["records"]:
        if rec["type"] != "report":
            continue
        by_rule: dict[str, list[str]] = {}
        for f in rec["report"]["findings"]:
            by_rule.setdefault(f["rule_id"], []).append(f["outcome"])
        for rule_id, outcomes in by_rule.items():
            if set(outcomes) <= {"pass", "not_applicable"} and "pass" in outcomes:
                documents[rule_id] = documents.get(rule_id, 0) + 1
                findings[rule_id] = findings.get(rule_id, 0) + outcomes.count("pass")
    return documents, findings


def _case(case: object) -> bytes:
    import xml.etree.ElementTree as ET

    assert isinstance(case, ET.Element)
    case.tail = None  # the indentation after it depends on what follows
    return ET.tostring(case)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_junit_summary_lists_what_is_not_a_plain_pass_and_counts_the_passed_rules(lang: str) -> None:
    import re
    import xml.etree.ElementTree as ET

    argv = ("check", "--examples", "--as-of", "2026-11-22", "--format", "junit", "--lang", lang, "--fail-on", "never")
    summary = ET.fromstring(_cli(*argv).split("\n", 1)[1])
    full = ET.fromstring(_cli(*argv, "--report", "full").split("\n", 1)[1])
    *documents, passed = list(summary)
    assert passed.get("name") == ("beståede regler" if lang == "da" else "passed rules")
    assert len(documents) == len(full)  # every document keeps its suite
    for mine, theirs in zip(documents, full):
        assert mine.get("name") == theirs.get("name")
        assert mine.find("properties") is not None
        listed = [_case(c) for c in theirs.iter("testcase") if len(c)]  # a result or system-out
        assert [_case(c) for c in mine.iter("testcase")] == listed
    # every count is the count of test cases written, and nothing but passes left the documents
    for suite in [*summary, summary]:
        cases = list(suite.iter("testcase"))
        assert suite.get("tests") == str(len(cases))
        for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            assert suite.get(key) == str(sum(c.find(tag) is not None for c in cases))
    for key in ("failures", "errors", "skipped"):
        assert summary.get(key) == full.get(key)
    want_documents, want_findings = _plain_passes(lang)
    got: dict[str, tuple[int, int]] = {}
    for case in passed.iter("testcase"):
        text = case.findtext("system-out") or ""
        match = re.fullmatch(r"(?:bestået i|passed in) (\d+) (?:dokument|dokumenter|documents?) \((\d+) (?:fund|findings?)\)", text)
        assert match, text
        got[case.get("name", "").split()[0]] = (int(match[1]), int(match[2]))
        assert case.get("classname") == "sundhedsregler" and case.find("failure") is None
    assert got == {r: (want_documents[r], want_findings[r]) for r in want_documents}
    assert list(got) == list(want_documents)  # in the order the rules first passed


def test_junit_summary_with_jobs_is_what_one_process_writes(tmp_path: Path) -> None:
    import io
    import shutil

    from sundhedsregler.cli import main

    for path in EXAMPLE_FILES:
        for i in range(3):
            shutil.copy(path, tmp_path / f"{i}-{path.name}")
    outputs = []
    for jobs in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        main(["check", str(tmp_path), "--as-of", "2026-11-22", "--format", "junit", "--jobs", jobs, "--fail-on", "never"], out, err, stdin=io.BytesIO(b""))
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert "bestået i 3 dokumenter" in outputs[0] or "bestået i 6 dokumenter" in outputs[0]


# --- One renderer interface -----------------------------------------------------------------


def test_every_format_is_a_renderer_named_in_one_table() -> None:
    """The command line knows a format by its name and the Renderer interface only: what
    it needs (packing and joining, writing directly from workers, parts, people's
    output) is said by the renderer class."""
    import inspect

    from sundhedsregler import cli
    from sundhedsregler._check.render import FORMATS, Renderer, renderer_class

    source = inspect.getsource(cli._check)
    assert '"text"' not in source and '"jsonl"' not in source and "_JOIN" not in source
    for fmt in FORMATS:
        cls = renderer_class(fmt)
        assert issubclass(cls, Renderer)
        for method in ("record", "end"):
            assert getattr(cls, method) is not getattr(Renderer, method), (fmt, method)
        if cls.parts:
            assert cls.part is not Renderer.part and cls.merge is not Renderer.merge
        assert not (cls.direct and not cls.packs)
    assert [f for f in FORMATS if renderer_class(f).direct] == ["text", "jsonl"]
    assert {f: renderer_class(f).join for f in FORMATS if renderer_class(f).packs} == {"text": "", "json": ",\n", "jsonl": "\n"}
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        renderer_class("xml")
