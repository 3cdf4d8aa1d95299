"""The public Hypothesis strategies: arguments, types, realism, shrinking, registration."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import sundhedsregler
from sundhedsregler import strategies
from sundhedsregler._engine.evaluate import Evaluator
from sundhedsregler._hypothesis_hook import _hypothesis_setup_hook
from sundhedsregler.models import (
    AnmodningOmFortsatDrift,
    Delingsaftale,
    Document,
    HorisontalSamarbejdsaftale,
    OekonomiskDisposition,
    Portefoelje,
    Tilsagnsaftale,
)
from sundhedsregler.strategies._kinds import _FRESH, _units
from sundhedsregler.strategies._oracle import _oracle, _to_model, _valid
from sundhedsregler.strategies._pools import OTHER_REGIONS, REGION_OEST, SUNDHEDSRAAD
from sundhedsregler.strategies._variation import _Seeds, _split_units, _varied

from .conftest import AS_OF, RULES
from .test_properties import _dates_in

PYTHON = Evaluator(RULES, backend="python", lang="en")

KINDS: list[tuple[str, Any, type]] = [
    ("tilsagnsaftale", strategies.tilsagnsaftaler, Tilsagnsaftale),
    ("horisontal_samarbejdsaftale", strategies.horisontale_samarbejdsaftaler, HorisontalSamarbejdsaftale),
    ("anmodning_om_fortsat_drift", strategies.anmodninger, AnmodningOmFortsatDrift),
    ("delingsaftale", strategies.delingsaftaler, Delingsaftale),
    ("oekonomisk_disposition", strategies.oekonomiske_dispositioner, OekonomiskDisposition),
    ("portefoelje", strategies.portefoeljer, Portefoelje),
]
KNOWN_KOMMUNER = {k for ks in (*SUNDHEDSRAAD.values(), *OTHER_REGIONS.values()) for k in ks}
KNOWN_REGIONS = {REGION_OEST, *OTHER_REGIONS}


def _draw_all(strategy: Any, n: int = 30) -> list[Any]:
    out: list[Any] = []

    @settings(max_examples=n, database=None)
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    collect()
    return out


def test_public_names() -> None:
    assert sorted(strategies.__all__) == [
        "FAILING_OUTCOMES",
        "anmodninger",
        "delingsaftaler",
        "documents",
        "horisontale_samarbejdsaftaler",
        "oekonomiske_dispositioner",
        "portefoeljer",
        "register_type_strategies",
        "satisfying",
        "tilsagnsaftaler",
        "violating",
    ]


def test_the_package_module_holds_only_the_public_functions() -> None:
    # The machinery lives in the private modules beside it (docs/testing-with-hypothesis.md,
    # "Where the code lives"); the package module is the public API and nothing else.
    defined = sorted(
        name
        for name, value in vars(strategies).items()
        if inspect.isfunction(value) and value.__module__ == strategies.__name__
    )
    assert defined == sorted(name for name in strategies.__all__ if callable(getattr(strategies, name)))


@pytest.mark.parametrize(
    "make",
    [
        lambda: strategies.tilsagnsaftaler(compliant="yes"),  # type: ignore[arg-type]
        lambda: strategies.anmodninger(compliant=True),  # as_of missing
        lambda: strategies.delingsaftaler(compliant=False, as_of=dt.datetime(2026, 1, 1)),
        lambda: strategies.delingsaftaler(compliant=True, as_of="2026-01-01"),  # type: ignore[arg-type]
        lambda: strategies.horisontale_samarbejdsaftaler(rules="rules/"),
        lambda: strategies.portefoeljer(members=[1, 2]),  # type: ignore[arg-type]
        lambda: strategies.portefoeljer(members=strategies.anmodninger(), compliant=True, as_of=AS_OF),
        lambda: strategies.documents(portfolios="no"),  # type: ignore[arg-type]
        lambda: strategies.documents(compliant=True),
        lambda: strategies.violating("XX-99", as_of=AS_OF),
        lambda: strategies.violating(2, as_of=AS_OF),  # type: ignore[arg-type]
        lambda: strategies.violating("OF-2", as_of=AS_OF, outcomes="fail"),
        lambda: strategies.violating("OF-2", as_of=AS_OF, outcomes=("pass",)),
        lambda: strategies.violating("OF-2", as_of=AS_OF, outcomes=()),
        lambda: strategies.satisfying("nope", as_of=AS_OF),
        lambda: strategies.violating("OF-2"),  # as_of missing
        lambda: strategies.satisfying("OF-2", as_of=dt.datetime(2026, 11, 22, 12, 0)),
        # Nothing can be late before the 1 April 2026 deadline (003:153, 003:160).
        lambda: strategies.violating("OF-2", as_of=dt.date(2025, 6, 1)),
    ],
)
def test_bad_arguments_are_rejected_at_once(make: Any) -> None:
    with pytest.raises(InvalidArgument):
        make()


def test_unknown_rule_error_names_the_known_rules() -> None:
    with pytest.raises(InvalidArgument, match="OF-2"):
        strategies.violating("OF-99", as_of=AS_OF)


@pytest.mark.parametrize(("kind", "make", "model"), KINDS, ids=[k for k, _, _ in KINDS])
def test_each_strategy_draws_its_model(kind: str, make: Any, model: type) -> None:
    for doc in _draw_all(make()):
        assert type(doc) is model
        assert doc.kind == kind


@pytest.mark.parametrize("kind", [k for k, _, _ in KINDS])
def test_fresh_documents_are_realistic(kind: str) -> None:
    fresh = _valid(_FRESH[kind]())
    for doc in _draw_all(fresh, 60):
        members = doc.dokumenter if isinstance(doc, Portefoelje) else [doc]
        for m in members:
            if isinstance(m, OekonomiskDisposition):
                names = [m.disponent] if m.part == "kommune" else []
            else:
                names = m.kommuner if isinstance(m, Tilsagnsaftale) else [m.kommune]
            assert set(names) <= KNOWN_KOMMUNER
            assert m.region is None or m.region in KNOWN_REGIONS
            raad = getattr(m, "sundhedsraad", None)
            assert raad is None or raad in SUNDHEDSRAAD
            assert all(dt.date(2025, 1, 1) <= d <= dt.date(2031, 12, 31) for d in _dates_in(m.model_dump()))
            if isinstance(m, Tilsagnsaftale):
                assert all(b.beloeb_kr % 1000 == 0 for b in m.bevillinger)
        if isinstance(doc, Portefoelje):
            assert len({m.dokument_id for m in doc.dokumenter}) == len(doc.dokumenter)


def _as_seed(doc: Any) -> str:
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), sort_keys=True)


def test_minimal_documents_are_small_and_readable() -> None:
    # The simplest document is a fixture or rule example of the rule set, unchanged; a
    # condition on one field shrinks to its boundary value.
    seeds = {json.dumps(s, sort_keys=True) for s in _oracle(RULES).seeds("tilsagnsaftale")}
    doc = find(strategies.tilsagnsaftaler(), lambda d: True, settings=settings(database=None))
    assert _as_seed(doc) in seeds or (doc.indsatser == [] and doc.krav == [])
    hsa = find(
        strategies.horisontale_samarbejdsaftaler(),
        lambda d: d.pladser is not None and d.pladser > 10,
        settings=settings(database=None),
    )
    assert hsa.pladser == 11


def test_violating_shrinks_to_a_seed_from_the_rule_set() -> None:
    seeds = {json.dumps(s, sort_keys=True) for s in _oracle(RULES).seeds("horisontal_samarbejdsaftale")}
    doc = find(strategies.violating("OF-2", as_of=AS_OF), lambda d: True, settings=settings(database=None))
    assert _as_seed(doc) in seeds


@pytest.mark.parametrize("kind", [k for k, _, _ in KINDS])
def test_compliant_documents_pass_every_rule_and_failing_ones_do_not(kind: str) -> None:
    make = dict((k, m) for k, m, _ in KINDS)[kind]
    seeds = _oracle(RULES).seeds(kind)

    def clean(doc: Any) -> bool:
        return not any(f.outcome in strategies.FAILING_OUTCOMES for f in PYTHON.evaluate(doc, as_of=AS_OF).findings)

    try:
        good = make(compliant=True, as_of=AS_OF)
    except InvalidArgument:
        # Only when the rule set has no compliant document of this kind to start from.
        assert not any(clean(sundhedsregler.load_document(s)) for s in seeds)
    else:
        assert all(clean(doc) for doc in _draw_all(good, 20))
    assert not any(clean(doc) for doc in _draw_all(make(compliant=False, as_of=AS_OF), 20))


def test_compliant_variation_reaches_beyond_the_seeds() -> None:
    drawn = _draw_all(strategies.horisontale_samarbejdsaftaler(compliant=True, as_of=AS_OF), 60)
    assert len({d.model_dump_json() for d in drawn}) > 10


def test_portfolios_take_a_member_strategy() -> None:
    for pf in _draw_all(strategies.portefoeljer(members=strategies.anmodninger()), 20):
        assert all(isinstance(m, AnmodningOmFortsatDrift) for m in pf.dokumenter)
        assert all(m.sundhedsraad == pf.sundhedsraad for m in pf.dokumenter)


def test_documents_without_portfolios() -> None:
    assert not any(isinstance(d, Portefoelje) for d in _draw_all(strategies.documents(portfolios=False), 40))


def test_from_type_uses_the_registered_strategies() -> None:
    _hypothesis_setup_hook()  # registering again is harmless
    for doc in _draw_all(st.from_type(Tilsagnsaftale), 20):
        assert doc.sundhedsraad in SUNDHEDSRAAD
    # The Document union resolves through the registered member types. A run of 100
    # draws missed a kind about once in 30 (Hypothesis's runs are not independent
    # draws), so draw up to five runs until every kind is seen.
    kinds: set[type] = set()
    for _ in range(5):
        kinds |= {type(d) for d in _draw_all(st.from_type(Document), 100)}
        if len(kinds) == len(KINDS):
            break
    assert kinds == {model for _, _, model in KINDS}


@pytest.mark.parametrize("first", ["import hypothesis", "import sundhedsregler.strategies", "import sundhedsregler"])
def test_entry_point_registers_in_a_fresh_interpreter(first: str) -> None:
    # A user's test suite writes no code: the 'hypothesis' entry point registers,
    # whichever is imported first (strategies imports hypothesis, which runs the hook
    # while strategies is half-initialised).
    code = (
        f"{first}\n"
        "from hypothesis import find, settings, strategies as st\n"
        "from sundhedsregler.models import Delingsaftale\n"
        "d = find(st.from_type(Delingsaftale), lambda d: True, settings=settings(database=None, phases=['generate']))\n"
        "print(d.region)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in KNOWN_REGIONS


def _fact_values(cr: Any, doc: Any) -> list[dict[str, Any]]:
    from sundhedsregler._vocabulary.base import Context

    ctx = Context(AS_OF, doc, doc if isinstance(doc, Portefoelje) else None)
    return [{name: fact.get(s.obj, ctx) for name, fact in cr.facts.items()} for s in cr.scope.subjects(doc)]


@pytest.mark.parametrize("rule_id", [rf.id for rf in RULES.rules])
def test_varying_the_fields_a_rule_does_not_read_leaves_its_facts_alone(rule_id: str) -> None:
    # The promise behind violating()/satisfying(): the watched reads are complete, so
    # the free variation never changes a fact of the rule.
    cr = next(c for c in RULES._compiled if c.id == rule_id)
    kind = cr.rule.applies_to
    oracle = _oracle(RULES)
    seeds = oracle.seeds(kind)
    free, _ = _split_units(_units(kind), oracle.reads(kind, rule_id, AS_OF))
    if not seeds or not free:
        pytest.skip(f"nothing to vary for {rule_id}")

    @settings(max_examples=25, database=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        seed = seeds[data.draw(st.integers(min_value=0, max_value=len(seeds) - 1))]
        varied = _to_model(data.draw(_varied(_Seeds((seed,)), free)))
        if varied is None:
            return  # the variation made the document invalid; nothing to compare
        original = _to_model(seed)
        assert _fact_values(cr, varied) == _fact_values(cr, original)

    check()
