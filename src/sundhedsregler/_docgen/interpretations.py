"""The interpretations section of ``docs/decisions.md`` (marker ``interpretations``):
the parameters that are this library's reading rather than a figure from a source, the
rules resting on bill text, and every sentence of a rule's rationale that says how a
source is read.
"""

from __future__ import annotations

import re

from .._engine.ruleset import RuleSet
from .common import rule_link, table_or
from .rule_pages import parameter_rows

__all__ = ["interpretations_section", "readings_of"]


def interpretations_section(rules: RuleSet) -> str:
    """Every parameter marked as interpretation, and every rule resting on bill text."""
    rows = [
        [rule_link(rf.id), f"`{name}`", row[2], row[4]]
        for rf in rules.rules
        for name, p in rf.parameters.items()
        if p.interpretation
        for row in parameter_rows({name: p})
    ]
    out = [
        "Parameters whose value is this library's reading of a principle, not a figure from the source "
        "(override them with `parameters={\"RULE-ID.name\": value}`):",
        table_or(["Rule", "Parameter", "Value", "Description"], rows),
        "Rules resting on bill text (`lovforslag`), which the adopted law may have changed:",
    ]
    bills = [[rule_link(rf.id), rf.title.en, "; ".join(s.ref for s in rf.sources)] for rf in rules.rules if rf.legal_status == "lovforslag"]
    out.append(table_or(["Rule", "Title", "Sources"], bills))
    readings = [[rule_link(rf.id), sentence] for rf in rules.rules for sentence in readings_of(rf.rationale)]
    out.append("Readings stated in the rules' rationales (every sentence that says how a source is read):")
    out.append(table_or(["Rule", "Reading"], readings))
    return "\n\n".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_READING = re.compile(r"\b(?:[Rr]eading|read as|is read|are read|we read|our reading|interpret\w*)\b")


def readings_of(rationale: str) -> list[str]:
    """The sentences of a rationale that state how a source was read."""
    text = " ".join(rationale.split())
    return [s for s in _SENTENCE_END.split(text) if _READING.search(s)]
