from __future__ import annotations

import datetime as dt
import pickle

import pytest

import sundhedsregler
from sundhedsregler import DocumentError

from .conftest import AS_OF, EXAMPLES, FIXTURES

HSA = str(FIXTURES / "hsa.yaml")


def test_public_api_is_small_and_stable() -> None:
    assert sorted(sundhedsregler.__all__) == [
        "DocumentError",
        "Evaluator",
        "Finding",
        "Report",
        "RuleError",
        "RuleFile",  # what RuleSet.rules and RuleSet.get hand out
        "RuleSet",
        "SundhedsreglerError",
        "__version__",
        "evaluate",
        "keep_engine_memory",  # the allocator setting, opt-in for the process (docs/backends.md)
        "load_document",
        "load_rules",
    ]


def test_as_of_is_required_and_must_be_a_date() -> None:
    doc = sundhedsregler.load_document(HSA)
    with pytest.raises(TypeError):
        sundhedsregler.evaluate(doc)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="datetime.date"):
        sundhedsregler.evaluate(doc, as_of=dt.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        sundhedsregler.evaluate(doc, as_of="2026-01-01")  # type: ignore[arg-type]


def test_report_is_byte_identical_for_same_input(backend: str) -> None:
    doc = sundhedsregler.load_document(HSA)
    a = sundhedsregler.evaluate(doc, as_of=AS_OF, backend=backend).to_json()
    b = sundhedsregler.evaluate(sundhedsregler.load_document(HSA), as_of=AS_OF, backend=backend).to_json()
    assert a == b


def test_backends_agree_on_fixture(rules: sundhedsregler.RuleSet) -> None:
    from .conftest import BACKENDS

    if len(BACKENDS) < 2:
        pytest.skip("one backend only: durable-rules does not import on this Python")
    doc = sundhedsregler.load_document(HSA)
    reports = {b: sundhedsregler.evaluate(doc, as_of=AS_OF, backend=b, rules=rules).to_json() for b in BACKENDS}
    assert len(reports) == 2 and len(set(reports.values())) == 1


def test_mapping_input_is_validated() -> None:
    with pytest.raises(DocumentError) as info:
        sundhedsregler.evaluate({"kind": "delingsaftale", "dokument_id": "X"}, as_of=AS_OF)
    pointers = {p.pointer for p in info.value.problems}
    assert {"/region", "/kommune", "/opgaver"} <= pointers


def test_lang_and_backend_are_checked() -> None:
    doc = sundhedsregler.load_document(HSA)
    with pytest.raises(ValueError, match="lang"):
        sundhedsregler.evaluate(doc, as_of=AS_OF, lang="sv")
    with pytest.raises(ValueError, match="backend"):
        sundhedsregler.evaluate(doc, as_of=AS_OF, backend="drools")


def test_parameter_override_changes_the_deadline(rules: sundhedsregler.RuleSet) -> None:
    doc = sundhedsregler.load_document(HSA)
    # An approval after the deadline but by 31 December 2026 may be a lawful late contract
    # (real-2025-26.md:118, OF-2's third read): review. Closing that window too makes it a fail.
    late = sundhedsregler.evaluate(doc, as_of=AS_OF, parameters={"OF-2.frist": dt.date(2026, 3, 1)})
    f = next(f for f in late.findings if f.rule_id == "OF-2")
    assert f.outcome == "review"
    assert f.evidence["frist"] == "2026-03-01"
    closed = sundhedsregler.evaluate(
        doc, as_of=AS_OF, parameters={"OF-2.frist": dt.date(2026, 3, 1), "OF-2.seneste_kontrakt": dt.date(2026, 3, 1)}
    )
    assert next(f for f in closed.findings if f.rule_id == "OF-2").outcome == "fail"
    with pytest.raises(ValueError, match="no parameter"):
        sundhedsregler.evaluate(doc, as_of=AS_OF, parameters={"OF-2.nope": 1})
    with pytest.raises(ValueError, match="cannot take"):
        sundhedsregler.evaluate(doc, as_of=AS_OF, parameters={"OF-2.frist": 5})


def test_ruleset_pickles_without_engine_state(rules: sundhedsregler.RuleSet) -> None:
    copy = pickle.loads(pickle.dumps(rules))
    doc = sundhedsregler.load_document(HSA)
    assert (
        sundhedsregler.evaluate(doc, as_of=AS_OF, rules=copy).to_json()
        == sundhedsregler.evaluate(doc, as_of=AS_OF, rules=rules).to_json()
    )


def test_english_and_danish_messages_differ() -> None:
    doc = sundhedsregler.load_document(HSA)
    da = sundhedsregler.evaluate(doc, as_of=AS_OF, lang="da")
    en = sundhedsregler.evaluate(doc, as_of=AS_OF, lang="en")
    assert da.findings[0].message != en.findings[0].message
    assert da.findings[0].message.startswith("Opfyldt")


def test_amounts_in_kroner_are_grouped_in_messages_but_not_in_evidence() -> None:
    path = EXAMPLES / "portefoelje-sundhedsraad-midt-vestsjaelland.yaml"
    doc = sundhedsregler.load_document(path)
    for lang, amount in (("da", "20.000.000"), ("en", "20,000,000")):
        report = sundhedsregler.evaluate(doc, as_of=AS_OF, lang=lang)
        tp3 = [f for f in report.findings if f.rule_id == "TP-3" and f.path == "/rammer/0"]
        assert len(tp3) == 1
        assert amount in tp3[0].message
        assert tp3[0].evidence["ramme_kr"] == 20_000_000
