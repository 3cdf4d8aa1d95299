"""The steps of compile_rule, each on its own: scope, terms, lowering, branches, limits,
engine properties, placeholders; and compile_rule as their composition."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from sundhedsregler._engine import compiler as c
from sundhedsregler._engine.rulefile import RuleFile
from sundhedsregler.errors import RuleError
from sundhedsregler._vocabulary import VOCABULARY

from .conftest import RULES_DIR

OF2 = yaml.safe_load((RULES_DIR / "opgaveflyt" / "OF-2.yaml").read_text())
ERR = c.RuleErrors("r.yaml", "OF-2")


def _rule(**changes: Any) -> RuleFile:
    data = copy.deepcopy(OF2)
    data.update(changes)
    return RuleFile.model_validate(data)


def _names(rf: RuleFile) -> c.Names:
    return c.Names(c.resolve_scope(rf, ERR, VOCABULARY))


def test_rule_errors_name_file_rule_and_field() -> None:
    exc = ERR("bad", "outcomes[0]")
    assert isinstance(exc, RuleError)
    assert (exc.file, exc.rule_id, exc.field) == ("r.yaml", "OF-2", "outcomes[0]")


def test_resolve_scope() -> None:
    assert c.resolve_scope(_rule(), ERR, VOCABULARY).name == "dokument"
    with pytest.raises(RuleError, match="unknown subject 'nothing' for horisontal_samarbejdsaftale; known: ") as info:
        c.resolve_scope(_rule(subject="nothing"), ERR, VOCABULARY)
    assert info.value.field == "subject"


def test_terms_typed_in_order_and_parameters_in_first_use_order() -> None:
    rf = _rule()
    names = _names(rf)
    terms, params = c.compile_terms(rf, names, ERR)
    assert [t.name for t in terms] == list(rf.terms)
    assert terms[0] == c.TermPlan("dage_efter_frist", "days_between", (("param", "frist"), ("as_of",)), "int")
    assert terms[1].operands == (("param", "frist"), ("name", "godkendt_regionsraad"))
    assert params == ("frist", "opgaveflyt_dato", "seneste_kontrakt", "kontrakter_kraever_anledning")  # OF-2 also dates the move (its start reading) and the window of real:118
    assert names.terms["sendt_dage_for_sent"] == "int" and names.term_units["sendt_dage_for_sent"] == "days"
    # a term sees the facts it reads: they are in first-use order
    assert names.order[:2] == ["godkendt_regionsraad", "godkendt_kommunalbestyrelse"]


def test_terms_refuse_an_unused_parameter_and_a_bad_operand() -> None:
    params = {**OF2["parameters"], "ubrugt": {"type": "int", "value": 3, "description": {"da": "x", "en": "x"}}}
    rf = _rule(parameters=params)
    with pytest.raises(RuleError, match="parameter 'ubrugt' is declared but no term uses it") as info:
        c.compile_terms(rf, _names(rf), ERR)
    assert info.value.field == "parameters.ubrugt"
    rf = _rule(terms={**OF2["terms"], "x": {"days_between": [{"param": "frist"}, "antal_godkendelser"]}})
    with pytest.raises(RuleError, match="days_between takes date operands; operand 1 is a int") as info:
        c.compile_terms(rf, _names(rf), ERR)
    assert info.value.field == "terms.x"


@pytest.mark.parametrize(
    ("when", "ir"),
    [
        ({"fact": "antal_godkendelser", "lt": 2}, ("and", (("ex", "antal_godkendelser"), ("cmp", "antal_godkendelser", "lt", 2)))),
        # classical negation: not (x < 2) also holds where x is absent
        (
            {"not": {"fact": "antal_godkendelser", "lt": 2}},
            ("or", (("nex", "antal_godkendelser"), ("and", (("ex", "antal_godkendelser"), ("cmp", "antal_godkendelser", "ge", 2))))),
        ),
        ({"fact": "antal_godkendelser", "present": False}, ("nex", "antal_godkendelser")),
        (
            {"not": {"any": [{"fact": "regionsraad_med_forbehold", "eq": True}, {"fact": "antal_godkendelser", "in": [0, 1]}]}},
            (
                "and",
                (
                    ("or", (("nex", "regionsraad_med_forbehold"), ("and", (("ex", "regionsraad_med_forbehold"), ("cmp", "regionsraad_med_forbehold", "ne", True))))),
                    ("or", (("nex", "antal_godkendelser"), ("and", (("ex", "antal_godkendelser"), ("cmp", "antal_godkendelser", "ne", 0), ("cmp", "antal_godkendelser", "ne", 1))))),
                ),
            ),
        ),
    ],
)
def test_lowering_to_negation_normal_form(when: dict[str, Any], ir: c.IR) -> None:
    rf = _rule(outcomes=[{**OF2["outcomes"][0], "when": when}])
    names = _names(rf)
    assert c.Lowering(names, ERR).predicate(rf.outcomes[0].when, "outcomes[0].when") == ir
    assert names.used_facts.keys() <= {"antal_godkendelser", "regionsraad_med_forbehold"}


def test_lowering_checks_literals() -> None:
    rf = _rule(outcomes=[{**OF2["outcomes"][0], "when": {"fact": "ordning_antaget", "eq": "ingen"}}])
    with pytest.raises(RuleError, match="'ingen' is not a value of 'ordning_antaget'") as info:
        c.Lowering(_names(rf), ERR).predicate(rf.outcomes[0].when, "outcomes[0].when")
    assert info.value.field == "outcomes[0].when"


def test_branches_in_engine_order_and_their_limits() -> None:
    rf = _rule(requires=["antal_godkendelser"])
    names = _names(rf)
    c.compile_terms(rf, names, ERR)
    branches = c.compile_branches(rf, names, ERR)
    assert [b.kind for b in branches] == ["applies", "missing"] + ["outcome"] * len(rf.outcomes)
    assert [b.index for b in branches] == list(range(len(branches)))
    assert branches[1].ir == ("nex", "antal_godkendelser")
    c.check_branch_limits(rf, branches, ERR)
    wide = {"any": [{"not": {"fact": "antal_godkendelser", "eq": i}} for i in range(c.MAX_GROUPS)]}
    rf = _rule(outcomes=[{**OF2["outcomes"][0], "when": wide}])
    names = _names(rf)
    c.compile_terms(rf, names, ERR)
    with pytest.raises(RuleError, match=f"the engine takes at most {c.MAX_GROUPS}") as info:
        c.check_branch_limits(rf, c.compile_branches(rf, names, ERR), ERR)
    assert info.value.field == "outcomes[0].when"


def test_engine_properties_are_the_tested_names_sorted() -> None:
    rf = _rule()
    names = _names(rf)
    c.compile_terms(rf, names, ERR)
    props = c.engine_properties(c.compile_branches(rf, names, ERR), ERR)
    assert list(props) == sorted(props)
    assert {"ordning_antaget", "regionsraad_dage_for_sent", "antal_godkendelser"} <= set(props)
    assert "frist" not in props  # a parameter reaches the engine only through a term


def test_placeholders_and_shown_as() -> None:
    rf = _rule()
    names = _names(rf)
    c.compile_terms(rf, names, ERR)
    c.compile_branches(rf, names, ERR)
    c.check_message_placeholders(rf, names, ERR)
    shown = c.shown_as(rf, names)
    assert shown["frist"] == "date" and shown["regionsraad_dage_for_sent"] == "days" and shown["missing"] == "list"
    outcomes = copy.deepcopy(OF2["outcomes"])
    outcomes[1]["message"]["en"] += " {nothing}"
    rf = _rule(outcomes=outcomes)
    names = _names(rf)
    c.compile_terms(rf, names, ERR)
    c.compile_branches(rf, names, ERR)
    with pytest.raises(RuleError, match=r"placeholder \{nothing\} in the en message") as info:
        c.check_message_placeholders(rf, names, ERR)
    assert info.value.field == "outcomes[1].message"


def test_compile_rule_is_the_steps_composed() -> None:
    rf = _rule()
    cr = c.compile_rule(rf, file="r.yaml", code=7, vocabulary=VOCABULARY)
    names = _names(rf)
    terms, params = c.compile_terms(rf, names, ERR)
    branches = c.compile_branches(rf, names, ERR)
    c.check_shown_names(rf, names, ERR)
    c.check_deadlines(rf, names, ERR)
    assert (cr.code, cr.file, cr.terms, cr.params, cr.branches) == (7, "r.yaml", terms, params, branches)
    assert cr.props == c.engine_properties(branches, ERR)
    assert cr.referenced == tuple(names.order) and cr.facts == names.used_facts
    assert cr.shown_as == c.shown_as(rf, names)
