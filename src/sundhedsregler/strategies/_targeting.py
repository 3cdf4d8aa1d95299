"""Targeting: documents drawn to meet a target when evaluated (a compliant or failing
document, or one rule's outcome), from seeds varied where the rules do not look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ._arguments import _check_as_of, _check_compliant, _check_rules
from ._kinds import _FRESH, _units
from ._oracle import _oracle, _Oracle, _valid
from ._variation import _one_change, _Seeds, _split_units, _Unit, _varied


# The outcomes that mean "the rule finds fault": the same set the rule example suite
# treats as a failing example (tests/test_rule_examples.py).
FAILING_OUTCOMES: frozenset[str] = frozenset({"fail", "review", "missing_information"})


@dataclass(frozen=True)
class _Target:
    """``rule_id`` None: the whole document (compliant True/False); otherwise one rule's
    findings must include one of ``outcomes``, and with ``exact`` no other rule may fail
    at error level."""

    rule_id: str | None
    outcomes: frozenset[str]
    exact: bool = False
    clean: bool = True  # for rule_id None: True = no failing finding, False = at least one

    def met(self, report: Any) -> bool:
        findings = report.findings
        if self.rule_id is None:
            failing = any(f.outcome in FAILING_OUTCOMES for f in findings)
            return not failing if self.clean else failing
        mine = [f.outcome for f in findings if f.rule_id == self.rule_id]
        if not any(o in self.outcomes for o in mine):
            return False
        if "pass" in self.outcomes and any(o in FAILING_OUTCOMES for o in mine):
            return False
        if self.exact:
            return not any(
                f.rule_id != self.rule_id and f.outcome == "fail" and f.level == "error" for f in findings
            )
        return True


def _targeted(
    kind: str,
    oracle: _Oracle,
    target: _Target,
    as_of: dt.date,
    free: tuple[_Unit, ...],
    what: str,
    *,
    read: tuple[_Unit, ...] = (),
) -> SearchStrategy[Any]:
    """Seeds of ``kind`` that meet ``target`` as of ``as_of``, varied freely in the
    ``free`` units and in at most one of the ``read`` units (fields the rules read, so
    the change may undo the outcome), each drawn document checked by evaluation."""
    seeds = oracle.meeting(kind, target, as_of)
    if not seeds and target.exact:
        loose = _Target(target.rule_id, target.outcomes, exact=False)
        return _targeted(kind, oracle, loose, as_of, free, what, read=read)
    if not seeds:
        raise InvalidArgument(
            f"no fixture or rule example of kind {kind!r} gives {what} as of {as_of.isoformat()}; "
            "choose another as_of, or add an example to the rule set"
        )
    varied = _valid(_varied(_Seeds(seeds), free))
    if read:
        varied = _valid(
            st.tuples(varied, st.sampled_from(read), st.integers(min_value=0, max_value=9)).flatmap(
                lambda t: _one_change(t[0], t[1], t[2])
            )
        )
    return varied.filter(lambda doc: target.met(oracle.report(doc, as_of)))


def _kind_strategy(kind: str, compliant: object, as_of: object, rules: object) -> SearchStrategy[Any]:
    name = {
        "tilsagnsaftale": "tilsagnsaftaler()",
        "horisontal_samarbejdsaftale": "horisontale_samarbejdsaftaler()",
        "anmodning_om_fortsat_drift": "anmodninger()",
        "delingsaftale": "delingsaftaler()",
        "oekonomisk_disposition": "oekonomiske_dispositioner()",
        "portefoelje": "portefoeljer()",
    }[kind]
    flag = _check_compliant(compliant)
    when = _check_as_of(as_of, needed=flag is not None, name=f"{name} with compliant={flag}")
    _check_rules(rules)
    fresh = _valid(_FRESH[kind]())
    if flag is None:
        # Fresh documents first (they shrink to the smallest), then varied seeds; the
        # seeds need the rule set, which is only loaded when this branch is drawn.
        def varied() -> SearchStrategy[Any]:
            seeds = _oracle(rules).seeds(kind)
            return _valid(_varied(_Seeds(seeds), _units(kind))) if seeds else fresh

        return st.one_of(fresh, st.deferred(varied))
    assert when is not None
    oracle = _oracle(rules)
    target = _Target(None, FAILING_OUTCOMES, clean=flag)
    if flag:
        free, read = _split_units(_units(kind), oracle.reads(kind, None, when))
        return _targeted(kind, oracle, target, when, free, "a compliant document", read=read)
    failing = fresh.filter(lambda doc: target.met(oracle.report(doc, when)))
    try:
        return st.one_of(failing, _targeted(kind, oracle, target, when, _units(kind), "a failing document"))
    except InvalidArgument:  # no failing seed: fresh documents fail often enough
        return failing


def _rule_target(rule_id: object, outcomes: Iterable[str] | None, rules: object, *, failing: bool,
                 name: str) -> tuple[Any, str, frozenset[str]]:
    if not isinstance(rule_id, str):
        raise InvalidArgument(f"rule_id must be a string such as 'OF-2', not {rule_id!r}")
    _check_rules(rules)
    oracle = _oracle(rules)
    try:
        rf = oracle.rules.get(rule_id)
    except KeyError:
        known = ", ".join(r.id for r in oracle.rules.rules)
        raise InvalidArgument(f"{name}: no rule {rule_id!r} in the rule set; known: {known}") from None
    if outcomes is None:
        if not failing:
            wanted = frozenset({"pass"})
        elif any(b.outcome == "fail" for b in rf.outcomes):
            wanted = frozenset({"fail"})
        else:
            wanted = FAILING_OUTCOMES
    else:
        if isinstance(outcomes, str):
            raise InvalidArgument("outcomes takes a collection of outcomes, e.g. ('fail',), not a string")
        wanted = frozenset(outcomes)
        allowed = FAILING_OUTCOMES if failing else frozenset({"pass"})
        if not wanted or not wanted <= allowed:
            raise InvalidArgument(
                f"{name}: outcomes must be a non-empty subset of {sorted(allowed)}, not {sorted(wanted)}"
            )
    return oracle, rf.applies_to, wanted


def _rule_strategy(
    rule_id: object,
    *,
    as_of: object,
    outcomes: Iterable[str] | None,
    rules: object,
    failing: bool,
    name: str,
) -> SearchStrategy[Any]:
    """Documents that fail (``failing``) or pass ``rule_id`` as of ``as_of`` and, where
    the rule set allows, fail no other rule at error level: violating() and satisfying()."""
    when = _check_as_of(as_of, needed=True, name=name)
    assert when is not None
    oracle, kind, wanted = _rule_target(rule_id, outcomes, rules, failing=failing, name=name)
    free, read = _split_units(_units(kind), oracle.reads(kind, str(rule_id), when))
    target = _Target(str(rule_id), wanted, exact=True)
    what = f"{'/'.join(sorted(wanted))} for {rule_id}" if failing else f"a pass for {rule_id}"
    return _targeted(kind, oracle, target, when, free, what, read=read)
