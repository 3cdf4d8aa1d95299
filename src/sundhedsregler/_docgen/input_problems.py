"""The input problems table of ``docs/cli.md`` (marker ``input-problems``): every code
a bad document is reported with, and its English and Danish text.
"""

from __future__ import annotations

from .common import code_list, table

__all__ = ["input_problems_section"]


def input_problems_section() -> str:
    """The table of input problem codes in docs/cli.md, from ``_problems``."""
    from .._problems import PYDANTIC_CODES, TEXTS

    by_code: dict[str, list[str]] = {}
    for pydantic_type, code in PYDANTIC_CODES.items():
        by_code.setdefault(code, []).append(pydantic_type)
    rows = []
    for code, (da, en) in TEXTS.items():
        if en is None:
            types = code_list(by_code.get(code, []))
            en = f"pydantic's message ({types})" if types else "pydantic's message (any other error type)"
        rows.append([f"`{code}`", en, da])
    return table(["Code", "English", "Dansk"], rows)
