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
