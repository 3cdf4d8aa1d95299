"""Every fact the vocabulary declares is read by some rule: a national rule, a test
rule of vocabulary version 2 (tests/vocabulary_v2) or the documented local rules. A
fact no rule reads is dead code, and its table row in writing-rules.md a promise
nothing keeps; this test names each such fact."""

from __future__ import annotations

from collections import Counter

import sundhedsregler
from sundhedsregler._vocabulary import VOCABULARY

from .conftest import LOCAL_RULES, ROOT

RULE_SETS = (
    sundhedsregler.load_rules(extra=[ROOT / "tests" / "vocabulary_v2", LOCAL_RULES]),
)


def reads() -> Counter[tuple[str, str, str]]:
    """(kind, scope, fact) -> how many rules read it."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for rules in RULE_SETS:
        for cr in rules._compiled:
            for name in cr.facts:
                counts[(cr.scope.kind, cr.scope.name, name)] += 1
            for sel in cr.selections.values():  # the item facts a selection reads or adds up
                for name, _ in sel.facts:
                    counts[(sel.scope.kind, sel.scope.name, name)] += 1
    return counts


def test_every_declared_fact_is_read_by_a_rule() -> None:
    counts = reads()
    unread = [f"{s.kind}/{s.name}.{name}" for s in VOCABULARY for name in s.facts if counts[(s.kind, s.name, name)] == 0]
    assert not unread, "facts no rule reads (remove them, or write the rule that needs them): " + ", ".join(unread)


def test_every_scope_has_facts_and_a_rule() -> None:
    counts = reads()
    ruled = {(kind, scope) for kind, scope, _ in counts}
    assert all(s.facts for s in VOCABULARY)
    assert [f"{s.kind}/{s.name}" for s in VOCABULARY if (s.kind, s.name) not in ruled] == []
