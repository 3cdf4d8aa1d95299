"""Standard messages: a rule's own not-applicable reason (``not_applicable:``) and the
missing facts named by their labels in the report's language."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler import RuleError

from . import conftest
from .conftest import EXAMPLES, FIXTURES, RULES, RULES_DIR

OF2 = RULES_DIR / "opgaveflyt" / "OF-2.yaml"
AS_OF = dt.date(2026, 5, 1)


def _fixture(name: str, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text())
    doc.update(changes)
    return doc


def _finding(report: sundhedsregler.Report, rule_id: str) -> sundhedsregler.Finding:
    (f,) = [f for f in report.findings if f.rule_id == rule_id]
    return f


def _local_of2(tmp_path: Path, mutate: Any) -> Path:
    """A rule directory holding OF-2 changed by ``mutate``."""
    d = tmp_path / "rules"
    shutil.copytree(FIXTURES, d / "_fixtures")
    (d / "ruleset.yaml").write_text("name: t\nversion: '1'\n")
    data = yaml.safe_load(OF2.read_text())
    mutate(data)
    (d / "r.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return d


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_national_rule_says_why_it_does_not_apply(backend: str, lang: str) -> None:
    doc = _fixture("delingsaftale", anledning="hsa_opsagt", overtagelsesdato="2029-10-01")
    f = _finding(sundhedsregler.evaluate(doc, as_of=AS_OF, lang=lang, backend=backend, rules=RULES), "OF-8")
    rf = RULES.get("OF-8")
    assert f.outcome == "not_applicable"
    assert rf.not_applicable is not None
    reason = rf.not_applicable.get(lang)
    start = "Ikke relevant" if lang == "da" else "Not applicable"
    assert f.message == f"{start}: {rf.title.get(lang)} ({reason})"
    assert ("anledning" in reason) == (lang == "da") and ("occasion" in reason) == (lang == "en")


def test_an_applicable_rule_keeps_its_own_messages(backend: str) -> None:
    # The reason is for a false 'when' only: the same rule on the move of 2027 judges.
    doc = _fixture("delingsaftale", anledning="opgaveflyt_2027", udkast_leveret="2026-05-04")
    as_of = dt.date(2026, 6, 1)  # after the delivery: a delivery after as_of is not yet made
    f = _finding(sundhedsregler.evaluate(doc, as_of=as_of, backend=backend, rules=RULES), "OF-8")
    assert f.outcome == "fail" and "angår ikke" not in f.message


@pytest.mark.parametrize(("lang", "shown"), [("da", "12. marts 2026"), ("en", "12 March 2026")])
def test_the_reason_renders_its_placeholders_by_type(tmp_path: Path, backend: str, lang: str, shown: str) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["not_applicable"] = {
            "da": "godkendt {godkendt_regionsraad} under ordningen {ordning_antaget}",
            "en": "approved {godkendt_regionsraad} under the arrangement {ordning_antaget}",
        }

    rules = sundhedsregler.load_rules(_local_of2(tmp_path, mutate))
    f = _finding(
        sundhedsregler.evaluate(_fixture("hsa", ordning="varig"), as_of=AS_OF, lang=lang, backend=backend, rules=rules),
        "OF-2",
    )
    assert f.outcome == "not_applicable"
    assert f.message.endswith(f" {shown} under {'ordningen' if lang == 'da' else 'the arrangement'} varig)")
    assert f.evidence["godkendt_regionsraad"] == "2026-03-12"  # the evidence keeps the raw value


def test_without_a_reason_the_message_is_the_standard_one(tmp_path: Path, backend: str) -> None:
    rules = sundhedsregler.load_rules(_local_of2(tmp_path, lambda data: data.pop("not_applicable")))
    f = _finding(sundhedsregler.evaluate(_fixture("hsa", ordning="varig"), as_of=AS_OF, backend=backend, rules=rules), "OF-2")
    assert f.message == f"Ikke relevant: {rules.get('OF-2').title.da}"


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (lambda d: d["not_applicable"].update(da="ukendt {ukendt_fakta}"), "placeholder {ukendt_fakta}"),
        (lambda d: d["not_applicable"].update(en="missing {missing}"), "placeholder {missing}"),
        (lambda d: d["not_applicable"].update(da="slutter med punktum."), "end without a period"),
        (lambda d: d.pop("when"), "has no 'when'"),
        (lambda d: d.update(schema_version=1), "not_applicable needs schema_version 2"),
    ],
)
def test_a_bad_reason_is_refused(tmp_path: Path, mutate: Any, says: str) -> None:
    with pytest.raises(RuleError, match=r"OF-2") as exc:
        sundhedsregler.load_rules(_local_of2(tmp_path, mutate))
    assert says in str(exc.value)
    assert "not_applicable" in str(exc.value)


def test_every_national_reason_completes_the_sentence() -> None:
    # Written as the rest of a sentence in parentheses: small initial, no final period.
    reasons = [(rf.id, rf.not_applicable) for rf in RULES.rules if rf.not_applicable]
    assert len(reasons) >= 5
    for rule_id, texts in reasons:
        for text in (texts.da, texts.en):
            assert text[0].islower() and not text.endswith("."), rule_id




@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        ("da", "datoen, hvor de ansatte blev informeret og datoen, hvor de ansatte blev hørt"),
        ("en", "the date the employees were informed and the date the employees were consulted"),
    ],
)
def test_missing_facts_are_named_by_their_labels(backend: str, lang: str, listed: str) -> None:
    doc = _fixture("delingsaftale")
    (staff,) = [p for p in doc["poster"] if p["kategori"] == "ansat"]
    del staff["ansatte_informeret"], staff["ansatte_hoert"]
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, lang=lang, backend=backend, rules=RULES)
    (f,) = [f for f in report.findings if f.rule_id == "OF-28" and f.path.startswith("/poster/2/")]
    assert f.outcome == "missing_information"
    assert f.message.endswith(f"): {listed}")
    # machines keep the identifiers, and the path points to the first missing fact
    assert f.evidence["missing"] == ["ansatte_informeret", "ansatte_hoert"]
    assert f.path.endswith("/ansatte_informeret")


def test_every_fact_a_national_rule_requires_has_a_label() -> None:
    from sundhedsregler._vocabulary.labels import LABELS

    required = {n for rf in RULES.rules for n in rf.requires}
    assert required and required <= set(LABELS), sorted(required - set(LABELS))
    for da, en in LABELS.values():
        assert da and en and da != en


def test_a_name_without_a_label_falls_back() -> None:
    from sundhedsregler._vocabulary.labels import label

    assert label("dato", "da") == "tillæggets dato"
    assert label("lokalt_felt", "en", description="a local field") == "a local field"
    assert label("lokalt_felt", "da", description="a local field") == "lokalt_felt"
    assert label("lokalt_felt", "en") == "lokalt_felt"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_identifier_in_a_missing_information_message(backend: str, lang: str) -> None:
    # Over the bundled examples: the message lists labels, the evidence the identifiers.
    seen = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        report = sundhedsregler.evaluate(
            yaml.safe_load(path.read_text()), as_of=conftest.AS_OF, lang=lang, backend=backend, rules=RULES
        )
        for f in report.findings:
            if f.outcome == "missing_information":
                seen += 1
                listed = f.message.rsplit("): ", 1)[1]
                assert not set(f.evidence["missing"]) & set(listed.replace(" og ", ", ").replace(" and ", ", ").split(", ")), f.message
    assert seen >= 10


def test_labels_are_looked_up_once_per_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import sundhedsregler._engine.evaluate as evaluate_module

    rules = sundhedsregler.load_rules()
    doc = _fixture("delingsaftale")
    doc["poster"] = [{**p, "ansatte_hoert": None} for p in doc["poster"]]
    first = sundhedsregler.evaluate(doc, as_of=AS_OF, backend="python", rules=rules)

    def fail(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("label looked up per finding")

    monkeypatch.setattr(evaluate_module, "label", fail)
    again = sundhedsregler.evaluate(doc, as_of=AS_OF, backend="python", rules=rules)
    assert again.findings == first.findings
    assert any(f.outcome == "missing_information" for f in again.findings)
    with pytest.raises(AssertionError, match="per finding"):
        sundhedsregler.evaluate(doc, as_of=AS_OF, backend="python", rules=sundhedsregler.load_rules())
