"""Amounts are recognised by their declared unit, not by their names: a version 1
message groups a kroner value by thousands whatever it is called, and leaves a count
named ``*_kr`` as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import sundhedsregler
from sundhedsregler._engine.evaluate import Evaluator
from sundhedsregler._engine.examples import example_document

HERE = Path(__file__).parent / "vocabulary_v2"


@pytest.mark.parametrize("backend", ["python", "durable"])
def test_version_1_groups_by_the_declared_unit(tmp_path: Path, backend: str) -> None:
    data = yaml.safe_load((HERE / "TST-2.yaml").read_text(encoding="utf-8"))
    data["schema_version"] = 1
    data["terms"] = {
        "overskud": {"difference": ["beloeb_kr", {"param": "loft"}]},  # kroner, freely named
        "aar_kr": {"difference": ["budgetaar", {"param": "grundaar"}]},  # a count, named like an amount
    }
    data["parameters"]["grundaar"].update(type="int", value=0)
    data["outcomes"][0]["message"] = {"da": "{overskud} over; {aar_kr} år", "en": "{overskud} above; {aar_kr} years"}
    data["otherwise"]["message"] = {"da": "{overskud}", "en": "{overskud}"}
    data["outcomes"][0]["when"] = {"fact": "overskud", "gt": 0}
    data["evidence"] = ["aar_kr"]
    (tmp_path / "TST-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = sundhedsregler.load_rules(extra=[tmp_path]).subset(["TST-2"])
    rf = rules.get("TST-2")
    doc = example_document(rules, rf, rf.examples[0])
    doc = doc.model_copy(update={"bevillinger": [b.model_copy(update={"beloeb_kr": 7_500_000}) for b in doc.bevillinger][:1]})
    for lang, text in (("da", "1.300.000 over; 2027 år"), ("en", "1,300,000 above; 2027 years")):
        report = Evaluator(rules, backend=backend, lang=lang).evaluate(doc, as_of=dt.date(2026, 5, 1))
        assert [f.message for f in report.findings if f.rule_id == "TST-2"] == [text]
