"""docs/legal-review.md reads every rule that can give an error against its sources: a new
error-level rule (or a rule raised to error) fails here until its entry is written, and an
entry cannot outlive its rule."""

from __future__ import annotations

import re

import sundhedsregler

from .conftest import RULES, ROOT

PAGE = ROOT / "docs" / "legal-review.md"
ENTRY = re.compile(r"^### ([A-Z][A-Z0-9]*-[0-9]+[a-z]?(?:\.[0-9]+)?): ", re.M)
BULLETS = ("**Requires**", "**Fires on**", "**Over-reach checked**", "**Verdict**")


def _can_give_an_error(rf: sundhedsregler.RuleFile) -> bool:
    branches = [*rf.outcomes, rf.otherwise]
    return rf.level == "error" or any(b.level == "error" for b in branches)


def _entries() -> dict[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    starts = list(ENTRY.finditer(text))
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return {m.group(1): text[m.start() : end] for m, end in zip(starts, ends)}


def test_every_rule_that_can_give_an_error_has_an_entry() -> None:
    entries = _entries()
    missing = [rf.id for rf in RULES.rules if _can_give_an_error(rf) and rf.id not in entries]
    assert not missing, f"{PAGE.name} has no entry for {', '.join(missing)}"


def test_every_entry_names_a_rule_and_gives_the_four_points() -> None:
    ids = {rf.id for rf in RULES.rules}
    entries = _entries()
    assert len(entries) >= 40, f"{PAGE.name} parsed to suspiciously few entries"
    unknown = sorted(set(entries) - ids)
    assert not unknown, f"{PAGE.name} has entries for rules that do not exist: {', '.join(unknown)}"
    incomplete = [rule_id for rule_id, body in entries.items() if not all(b in body for b in BULLETS)]
    assert not incomplete, f"these entries lack one of {', '.join(BULLETS)}: {', '.join(incomplete)}"
