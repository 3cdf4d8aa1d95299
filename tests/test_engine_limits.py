"""durable-rules' limits, checked when rules load (issue 14, item 2): what the engine
cannot take is refused with a RuleError naming file, rule and field, or split (more
rules of a kind than one ruleset takes). Measured limits: docs/cli.md, "Limits".

Whatever could hang the engine runs in a subprocess with a timeout."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sundhedsregler import RuleError, load_rules
from sundhedsregler._engine.compiler import MAX_GROUPS
from sundhedsregler._engine.durable import ENGINE_NAMES, MAX_RULESET_RULES, fnv1a32
from sundhedsregler._engine.backends import durable_available

from .conftest import FIXTURES
from .test_cli_support import make_rules

# The split and the hash collisions are durable-rules' own limits: without the engine
# there is nothing to check. Where it is expected (below Python 3.13, CI included) a
# missing engine fails test_test_hygiene instead of skipping these unnoticed.
needs_durable = pytest.mark.skipif(not durable_available(), reason="durable-rules does not import on this Python: its ruleset limits cannot be checked")

RULE = """\
schema_version: 1
id: T-{n}
name: limit-test-{n}
title: {{da: Grænsetest, en: Limit test}}
level: note
legal_status: lokal
applies_to: horisontal_samarbejdsaftale
sources: [{{title: Testkilde, section: Test, ref: "003:158"}}]
{terms}when: {{fact: brugerbetaling, eq: true}}
outcomes:
  - outcome: review
    when: {when}
    message: {{da: Grænsetest, en: Limit test}}
rationale: A rule for the limit tests only
examples:
  - {{name: charge, as_of: 2026-11-22, base: hsa, changes: {{brugerbetaling: true}}, expect: [{{outcome: review}}]}}
  - {{name: no charge, as_of: 2026-11-22, base: hsa, expect: [{{outcome: not_applicable}}]}}
"""


def _rules(target: Path, rules: dict[int, tuple[str, str]]) -> Path:
    make_rules(target)
    for n, (when, terms) in rules.items():
        (target / "test" / f"T-{n}.yaml").write_text(RULE.format(n=n, when=when, terms=terms), encoding="utf-8")
    return target


def _any_of(k: int) -> str:
    """An 'any' of k comparisons (each lowered to a presence test and the comparison)."""
    return "{any: [" + ", ".join(f"{{fact: varsel_maaneder, eq: {i}}}" for i in range(k)) + "]}"


def test_an_any_of_13_comparisons_loads_and_14_is_refused(tmp_path: Path) -> None:
    assert MAX_GROUPS == 14
    load_rules(_rules(tmp_path / "ok", {10: (_any_of(13), "")}))
    with pytest.raises(RuleError, match="at most 14") as info:
        load_rules(_rules(tmp_path / "bad", {10: (_any_of(14), "")}))
    err = info.value
    assert (Path(err.file or "").name, err.rule_id, err.field) == ("T-10.yaml", "T-10", "outcomes[0].when")


@needs_durable
def test_the_largest_condition_allowed_is_one_the_engine_takes(tmp_path: Path) -> None:
    from sundhedsregler import Evaluator

    rules = load_rules(_rules(tmp_path, {10: (_any_of(13), "")}))
    Evaluator(rules, backend="durable")  # makes every ruleset: error 113 would raise here


# Lower-case names whose FNV-1a hash is that of one of the engine's own names (found
# by a meet-in-the-middle search over the hash; checked here, so they cannot be wrong).
COLLIDING = {"$lt": "tmniwbbvo", "$forward": "tfwliaonk", "$and": "thsdzatmh", "sid": "tshgkahxt"}


@pytest.mark.parametrize("engine_name", sorted(COLLIDING))
def test_a_term_whose_hash_is_an_engine_name_is_refused(tmp_path: Path, engine_name: str) -> None:
    name = COLLIDING[engine_name]
    assert fnv1a32(name) == fnv1a32(engine_name) and engine_name in ENGINE_NAMES
    terms = f"terms: {{{name}: {{difference: [varsel_maaneder, 1]}}}}\n"
    when = f"{{fact: {name}, gt: 3}}"
    with pytest.raises(RuleError, match="engine's own name") as info:
        load_rules(_rules(tmp_path / "bad", {10: (when, terms)}))
    assert (info.value.rule_id, info.value.field) == ("T-10", f"terms.{name}")
    renamed = terms.replace(name, "varsel_minus_en")
    load_rules(_rules(tmp_path / "ok", {10: (when.replace(name, "varsel_minus_en"), renamed)}))


def test_engine_names_have_distinct_hashes() -> None:
    assert len({fnv1a32(n) for n in ENGINE_NAMES}) == len(ENGINE_NAMES)


SPLIT = textwrap.dedent(
    """
    import json, sys
    import yaml
    from sundhedsregler import Evaluator, load_rules, load_document
    rules = load_rules(sys.argv[1])
    doc = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
    doc["brugerbetaling"] = True
    out = {}
    for backend in ("python", "durable"):
        report = Evaluator(rules, backend=backend).evaluate(load_document(doc), as_of=__import__("datetime").date(2026, 11, 22))
        out[backend] = sorted((f.rule_id, f.outcome) for f in report.findings)
    print(json.dumps(out))
    """
)


@needs_durable
def test_more_rules_of_a_kind_than_one_ruleset_takes_are_split(tmp_path: Path) -> None:
    """600 rules of one kind (plus the test set's three): without the split the engine
    never returns from making the ruleset."""
    count = MAX_RULESET_RULES + 89
    target = _rules(tmp_path, {n: ("{fact: brugerbetaling, eq: true}", "") for n in range(10, 10 + count)})
    proc = subprocess.run(
        [sys.executable, "-c", SPLIT, str(target), str(FIXTURES / "hsa.yaml")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout)
    assert found["python"] == found["durable"]
    assert sum(outcome == "review" for _, outcome in found["durable"]) == count + 1  # and T-2
