"""Issue 16: legal readings live in the rule files. Selections (count_of, sum_of) say
which items a sum or count takes in; these tests pin the readings of FA-3b.2 and KL-3
at their boundaries, the meaning of a selection, and the compiler's rejections (each
naming file, rule and field)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._check.loading import to_document
from sundhedsregler._engine import compiler as c
from sundhedsregler._engine.examples import merge_patch
from sundhedsregler._engine.rulefile import RuleFile
from sundhedsregler._engine.selections import selected
from sundhedsregler.errors import RuleError
from sundhedsregler._vocabulary import VOCABULARY

from .conftest import AS_OF, BACKENDS, FIXTURES, RULES_DIR

FA3B2 = yaml.safe_load((RULES_DIR / "forarsaftalen-2025" / "FA-3b.2.yaml").read_text(encoding="utf-8"))
KL3 = yaml.safe_load((RULES_DIR / "kl-principper" / "KL-3.yaml").read_text(encoding="utf-8"))


def _doc(fixture: str, changes: dict[str, Any]) -> Any:
    data = yaml.safe_load((FIXTURES / f"{fixture}.yaml").read_text(encoding="utf-8"))
    return to_document(merge_patch(data, changes), source=fixture)


def _findings(rule_id: str, doc: Any, *, as_of: dt.date = AS_OF, backend: str = "python") -> list[Any]:
    report = sundhedsregler.evaluate(doc, as_of=as_of, backend=backend)
    return [f for f in report.findings if f.rule_id == rule_id]


def _compile(rule: dict[str, Any]) -> c.CompiledRule:
    return c.compile_rule(RuleFile.model_validate(rule), file="r.yaml", code=1, vocabulary=VOCABULARY)


# --- FA-3b.2: the requirements that count for a budget year ---------------------------


def _one_requirement(binder_til: str | None, cost: int | None = 9_000_000) -> Any:
    krav: dict[str, Any] = {"betegnelse": "Krav", "art": "kvalitet", "omraader": ["sundhed"]}
    if cost is not None:
        krav["skoennet_aarlig_omkostning_kr"] = cost
    if binder_til is not None:
        krav["binder_til"] = binder_til
    return _doc("tilsagn", {"krav": [krav], "bevillinger": [{"budgetaar": 2027, "beloeb_kr": 6_000_000}]})


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("binder_til", "counts"),
    [
        ("2026-12-31", False),  # its own end is the day before the budget year: not in force
        ("2027-01-01", True),  # ends on the budget year's first day: in force that year
        ("2027-12-31", True),
        (None, True),  # no end of its own: binds in every year
    ],
)
def test_a_requirement_counts_for_a_year_unless_its_own_end_is_before_the_year(
    binder_til: str | None, counts: bool, backend: str
) -> None:
    (finding,) = _findings("FA-3b.2", _one_requirement(binder_til), backend=backend)
    if counts:
        assert finding.outcome == "review"
        assert finding.evidence["antal_krav"] == 1
        assert finding.evidence["krav_skoennet_omkostning_kr"] == 9_000_000
    else:
        assert finding.outcome == "not_applicable"
        assert finding.evidence["antal_krav"] == 0


def test_the_binding_period_does_not_end_a_requirement_for_the_year() -> None:
    # Only the requirement's own end counts: an agreement's binding period that ends
    # before the year does not take a requirement without its own end out of it.
    doc = _one_requirement(None)
    doc = doc.model_copy(update={"bindingsperiode": doc.bindingsperiode.model_copy(update={"slut": dt.date(2026, 6, 30)})})
    (finding,) = _findings("FA-3b.2", doc)
    assert finding.evidence["antal_krav"] == 1


def test_one_requirement_without_an_estimate_makes_the_total_unknown() -> None:
    (finding,) = _findings("FA-3b.2", _one_requirement(None, cost=None))
    assert finding.outcome == "missing_information"
    assert finding.evidence["missing"] == ["krav_skoennet_omkostning_kr"]
    assert finding.path == "/krav"  # a sum points at the list its items come from


# --- KL-3: a municipality's share ------------------------------------------------------


def _portfolio(changes: dict[str, Any] | None = None) -> Any:
    return _doc("portefoelje-sundhedsraad", changes or {})


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_share_counts_from_the_day_the_agreement_is_concluded(backend: str) -> None:
    # The samlet aftale of the fixture is concluded on 26 March 2026.
    pf = _portfolio({"kommuner": ["Holbæk"]})
    before = _findings("KL-3", pf, as_of=dt.date(2026, 3, 25), backend=backend)
    on_the_day = _findings("KL-3", pf, as_of=dt.date(2026, 3, 26), backend=backend)
    assert [(f.outcome, f.evidence["andel_kr"], f.evidence["udkast_kr"]) for f in before] == [("pending", 0, 10_400_000)]
    assert [(f.outcome, f.evidence["andel_kr"], f.evidence["udkast_kr"]) for f in on_the_day] == [("pass", 10_400_000, 0)]


def test_an_amount_earmarked_for_no_one_is_shared_by_every_party() -> None:
    pf = _portfolio()
    samlet = next(d for d in pf.dokumenter if d.kind == "tilsagnsaftale").model_dump(mode="json")
    samlet["bevillinger"] = [{"budgetaar": 2027, "beloeb_kr": 600}, {"budgetaar": 2027, "beloeb_kr": 50, "kommune": "Holbæk"}]
    shares = {f.evidence["kommune"]: f.evidence["andel_kr"] for f in _findings("KL-3", _portfolio({"dokumenter": [samlet]}))}
    assert shares["Holbæk"] == 650  # its earmarked amount and the shared one
    assert shares["Sorø"] == 600  # the shared one only


def test_an_amount_earmarked_for_a_party_outside_the_agreement_counts_for_no_one() -> None:
    pf = _portfolio()
    samlet = next(d for d in pf.dokumenter if d.kind == "tilsagnsaftale").model_dump(mode="json")
    samlet["kommuner"] = ["Holbæk"]
    samlet["aftaletype"] = "bilateral"
    samlet["bevillinger"] = [{"budgetaar": 2027, "beloeb_kr": 70, "kommune": "Sorø"}]
    shares = {f.evidence["kommune"]: f.evidence["andel_kr"] for f in _findings("KL-3", _portfolio({"dokumenter": [samlet], "kommuner": ["Holbæk", "Sorø"]}))}
    assert shares == {"Holbæk": 0, "Sorø": 0}


@pytest.mark.parametrize("rule_id", ["TP-3", "TP-4"])
def test_only_concluded_agreements_count_as_agreed_for_the_year(rule_id: str) -> None:
    # The samlet aftale of the fixture is concluded on 26 March 2026; its 2027 amounts
    # are drafts the day before and agreed from that day.
    pf = _portfolio()
    amounts = lambda d: [(f.evidence["budgetaar"], f.evidence["aftalt_kr"], f.evidence["udkast_kr"]) for f in _findings(rule_id, pf, as_of=d)]  # noqa: E731
    assert amounts(dt.date(2026, 3, 25))[0] == (2027, 0, 20_000_000)
    assert amounts(dt.date(2026, 3, 26))[0] == (2027, 20_000_000, 0)


def test_the_agreed_amount_of_a_year_takes_only_that_year() -> None:
    pf = _portfolio()
    by_year = {f.evidence["budgetaar"]: f.evidence["aftalt_kr"] for f in _findings("TP-4", pf)}
    assert by_year == {2027: 20_000_000, 2028: 32_000_000}


# --- FA-4c: which efforts are temporary ---------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_an_effort_marked_varig_false_counts_as_temporary(backend: str) -> None:
    efforts = [
        {"betegnelse": "A", "opgaveomraade": "sundhed", "varig": True, "aarligt_beloeb_kr": 1},
        {"betegnelse": "B", "opgaveomraade": "sundhed", "varig": False, "aarligt_beloeb_kr": 1},
        {"betegnelse": "C", "opgaveomraade": "aeldre", "aarligt_beloeb_kr": 1},
    ]
    (finding,) = _findings("FA-4c", _doc("tilsagn", {"indsatser": efforts}), backend=backend)
    assert (finding.outcome, finding.evidence["antal_midlertidige_indsatser"]) == ("pass", 1)


# --- what a selection means -------------------------------------------------------------


def test_selected_compares_with_the_subject_and_treats_absence_as_false() -> None:
    year_lt = ("rel", "aar", "lt", "budgetaar")
    assert selected(year_lt, {"aar": 2026}, {"budgetaar": 2027})
    assert not selected(year_lt, {"aar": 2027}, {"budgetaar": 2027})
    assert not selected(year_lt, {"aar": None}, {"budgetaar": 2027})
    assert selected(("not", year_lt), {"aar": None}, {"budgetaar": 2027})  # classical negation
    assert not selected(year_lt, {"aar": 2026}, {"budgetaar": None})
    has = ("has", "parter", "kommune")
    assert selected(has, {"parter": ["A", "B"]}, {"kommune": "B"})
    assert not selected(has, {"parter": ["A"]}, {"kommune": "B"})
    assert not selected(has, {"parter": None}, {"kommune": "B"})
    assert selected(("in", "art", ("a", "b")), {"art": "b"}, {})
    assert selected(None, {}, {})


# --- the compiler's rejections -----------------------------------------------------------


def _fa3b2(**selection: Any) -> dict[str, Any]:
    rule = copy.deepcopy(FA3B2)
    rule["selections"]["krav_i_aaret"].update(selection)
    return rule


def _rejected(rule: dict[str, Any], match: str, field: str) -> None:
    with pytest.raises(RuleError, match=match) as info:
        _compile(rule)
    assert (info.value.file, info.value.rule_id, info.value.field) == ("r.yaml", rule["id"], field)


def test_the_national_selections_compile_with_their_evidence_unchanged() -> None:
    cr = _compile(FA3B2)
    assert [t.op for t in cr.terms[:2]] == ["count_of", "sum_of"]
    # the subject's year is read for the selection, not shown as evidence on that account
    assert cr.referenced == ("krav_skoennet_omkostning_kr", "beloeb_kr", "andel_bp", "antal_krav", "over_graense_bp", "budgetaar")
    assert cr.shown_as["krav_skoennet_omkostning_kr"] == "kroner" and cr.shown_as["antal_krav"] == "count"
    assert _compile(KL3).referenced == ("andel_kr", "udkast_kr", "kommune")


def test_rejects_an_item_scope_that_is_not_a_list_of_the_kind() -> None:
    _rejected(_fa3b2(items="nothing"), "'nothing' is not a list scope of tilsagnsaftale", "selections.krav_i_aaret.items")
    _rejected(_fa3b2(items="dokument"), "'dokument' is not a list scope", "selections.krav_i_aaret.items")


def test_rejects_an_unknown_item_fact_and_an_unknown_subject_fact() -> None:
    _rejected(_fa3b2(where={"fact": "aar", "lt": 1}), "unknown fact 'aar' of the items of 'krav'", "selections.krav_i_aaret.where")
    _rejected(
        _fa3b2(where={"fact": "egen_binder_til_aar", "lt": {"subject": "aar"}}),
        r"unknown fact \{subject: aar\} of the subject 'budgetaar'",
        "selections.krav_i_aaret.where",
    )


def test_rejects_ill_typed_comparisons_in_a_selection() -> None:
    _rejected(
        _fa3b2(where={"fact": "betegnelse", "lt": {"subject": "budgetaar"}}),
        r"'betegnelse' \(a text fact\) cannot be compared with 'lt' to the subject's 'budgetaar' \(a int fact\)",
        "selections.krav_i_aaret.where",
    )
    _rejected(
        _fa3b2(where={"not": {"fact": "binder_til", "eq": {"subject": "budgetaar"}}}),
        "'binder_til' \\(a date fact\\) cannot be compared",
        "selections.krav_i_aaret.where",
    )
    _rejected(
        _fa3b2(where={"fact": "egen_binder_til_aar", "contains": {"subject": "budgetaar"}}),
        "'contains' tests that a list of the item holds a value of the subject",
        "selections.krav_i_aaret.where",
    )
    _rejected(_fa3b2(where={"fact": "art", "in": ["ingen"]}), "'ingen' is not a value of 'art'", "selections.krav_i_aaret.where")


def test_rejects_summing_what_is_not_a_number_and_an_unknown_selection() -> None:
    rule = copy.deepcopy(FA3B2)
    rule["terms"]["krav_skoennet_omkostning_kr"] = {"sum_of": ["krav_i_aaret", "betegnelse"]}
    _rejected(rule, "sum_of adds up a number fact; 'betegnelse' of 'krav' is a text fact", "terms.krav_skoennet_omkostning_kr")
    rule = copy.deepcopy(FA3B2)
    rule["selections"]["ubrugt"] = {"items": "krav"}
    _rejected(rule, "selection 'ubrugt' is declared but no count_of or sum_of term uses it", "selections.ubrugt")
    rule = copy.deepcopy(FA3B2)
    rule["terms"]["antal_krav"] = {"count_of": "krav_ii"}
    _rejected(rule, "unknown selection 'krav_ii'; this rule's selections: krav_i_aaret", "terms.antal_krav")


def test_rejects_a_subject_comparison_outside_a_selection() -> None:
    rule = copy.deepcopy(FA3B2)
    rule["when"] = {"fact": "antal_krav", "gt": {"subject": "budgetaar"}}
    _rejected(rule, "that is only for the condition of a selection", "when")


def test_selections_need_vocabulary_2() -> None:
    rule = copy.deepcopy(FA3B2)
    rule["schema_version"] = 1
    del rule["not_applicable"]
    with pytest.raises(ValueError, match="selections need schema_version 2"):
        RuleFile.model_validate(rule)


# --- the neutral facts the selections read -----------------------------------------------


def test_the_amounts_of_a_portfolio_with_their_agreements() -> None:
    from sundhedsregler._vocabulary.base import Context

    pf = _portfolio()
    scope = VOCABULARY["portefoelje"]["tilsagn_bevilling"]
    subjects = list(scope.subjects(pf))
    first = subjects[0]
    facts = {n: f.get(first.obj, Context(dt.date(2026, 3, 25), pf, pf)) for n, f in scope.facts.items()}
    assert first.pointer == "/dokumenter/0/bevillinger/0"
    assert facts["indgaaet"] is None  # concluded on 26 March: not yet on the 25th
    assert facts["parter"] and facts["beloeb_kr"] > 0
    assert scope.facts["indgaaet"].get(first.obj, Context(dt.date(2026, 3, 26), pf, pf)) == dt.date(2026, 3, 26)
    year = VOCABULARY["tilsagnsaftale"]["krav"].facts["egen_binder_til_aar"]
    doc = _one_requirement("2027-12-31")
    assert year.get(doc.krav[0], Context(AS_OF, doc)) == 2027
    doc = _one_requirement(None)
    assert year.get(doc.krav[0], Context(AS_OF, doc)) is None
