"""The fact tables of ``docs/writing-rules.md`` (marker ``facts``): every subject and
fact of every document kind, from the national vocabulary.
"""

from __future__ import annotations

from typing import Any

from .common import code_list, table

__all__ = ["facts_section"]


def facts_section() -> str:
    """Every scope and fact per document kind, from the national vocabulary."""
    from .._vocabulary import VOCABULARY

    out = []
    for kind in sorted(VOCABULARY.kinds):
        out.append(f"### `{kind}`")
        scopes = VOCABULARY.scopes(kind)
        for name in sorted(scopes, key=lambda n: (n != "dokument", n)):
            s = scopes[name]
            where = f"each item of `{s.collection}`" if s.collection else "the document itself"
            if s.applies is not None:
                where += f"; where {s.applies.reason_en}, each rule over it gives one not_applicable finding saying so"
            out.append(f"#### subject `{name}`: {s.description} ({where})")
            rows = []
            for f in s.facts.values():
                values = code_list(f.values) if f.values else ""
                rows.append([f"`{f.name}`", f.type + (f" ({f.unit})" if f.unit else "") + (f": {values}" if values else ""), "derived" if f.derived else "field", _pointer_text(f), f.description])
            out.append(table(["Fact", "Type", "Kind", "Pointer", "Description"], rows))
    return "\n\n".join(out)


def _pointer_text(f: Any) -> str:
    if not f.pointer:
        return ""
    return f"`{f.pointer}`" + (" (in the document)" if f.pointer_base == "unit" else "")
