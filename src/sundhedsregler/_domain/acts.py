"""Acts and clauses as of an evaluation date: whether an act (an approval, a delivery, a
decision) has happened, whether an approval counts, whether a clause says something.
Pure readings of the models, shared by every document kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["PLACEHOLDERS", "approval", "both_dates", "council_approval", "count_present", "done", "is_filled"]


def done(when: dt.date | None, as_of: dt.date) -> dt.date | None:
    """The date of an act if it has happened as of the evaluation date, else None: an
    act dated after the evaluation date has not happened yet as of that date."""
    return when if when is not None and when <= as_of else None


def approval(when: dt.date | None, conditional: bool | None, as_of: dt.date) -> dt.date | None:
    """The date of an approval that counts: given as of the evaluation date and not with
    reservations (a conditional approval is not an approval, real-2025-26.md C3)."""
    return None if conditional else done(when, as_of)


def council_approval(doc: Any, council: str, as_of: dt.date) -> dt.date | None:
    """The date a council (``regionsraad`` or ``kommunalbestyrelse``) approved the
    document, if the approval counts as of the evaluation date (see ``approval``); read
    from ``godkendt_<council>`` and its ``_med_forbehold`` flag."""
    return approval(getattr(doc, f"godkendt_{council}"), getattr(doc, f"godkendt_{council}_med_forbehold"), as_of)


def both_dates(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    """The later of two dates, None unless both are given (both councils approved)."""
    return max(a, b) if a is not None and b is not None else None


def count_present(*values: Any) -> int:
    """How many of the values are given (approvals that count, say)."""
    return sum(v is not None for v in values)


PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "?",
        "...",
        "…",
        "tbd",
        "tba",
        "todo",
        "n/a",
        "na",
        "xx",
        "xxx",
        "mangler",
        "udfyldes",
        "udfyldes senere",
        "aftales senere",
        "følger",
        "følger senere",
        "afventer",
        "to be decided",
        "to be agreed",
        "to follow",
    }
)


def is_filled(text: str | None) -> bool | None:
    """Whether a free-text clause says something: absent -> None (missing), a
    placeholder such as 'udfyldes senere', 'TBD' or '...' -> False."""
    if text is None:
        return None
    folded = " ".join(text.casefold().replace("[", " ").replace("]", " ").split()).strip(" .:;!")
    return folded not in PLACEHOLDERS
