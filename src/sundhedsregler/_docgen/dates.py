"""The dates section of ``docs/kom-i-gang.md`` (marker ``datoer``): every date
parameter of the rules, in date order, in Danish.
"""

from __future__ import annotations

from .._engine.ruleset import RuleSet, id_sort_key
from .common import rule_link, table_or, value_text

__all__ = ["dates_section"]


def dates_section(rules: RuleSet) -> str:
    """Every date parameter of the rules, in date order, in Danish (for kom-i-gang.md)."""
    # (date, meaning) -> rule ids; rules that share a date and a meaning share a row
    grouped: dict[tuple[str, str], list[str]] = {}
    for rf in rules.rules:
        for p in rf.parameters.values():
            if p.type != "date":
                continue
            values = [(p.value, None)] if p.values is None else [(v.value, v.from_) for v in p.values]
            for value, from_ in values:
                since = f" (gælder fra {value_text(from_)})" if from_ is not None else ""
                ids = grouped.setdefault((value_text(value), p.description.da + since), [])
                if rf.id not in ids:
                    ids.append(rf.id)
    rows = sorted(grouped.items(), key=lambda kv: (kv[0][0], id_sort_key(kv[1][0])))
    return table_or(
        ["Dato", "Regel", "Hvad datoen betyder"],
        [[date, ", ".join(rule_link(i) for i in ids), meaning] for (date, meaning), ids in rows],
        empty="Ingen.",
    )
