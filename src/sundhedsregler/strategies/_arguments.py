"""Checks of the public strategies' arguments: bad arguments are rejected at once."""

from __future__ import annotations

import datetime as dt

from hypothesis.errors import InvalidArgument


def _check_as_of(as_of: object, *, needed: bool, name: str) -> dt.date | None:
    if as_of is None:
        if needed:
            raise InvalidArgument(f"{name} needs as_of=datetime.date(...): the rules are judged as of a date")
        return None
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InvalidArgument(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    return as_of


def _check_compliant(compliant: object) -> bool | None:
    if compliant is not None and not isinstance(compliant, bool):
        raise InvalidArgument(f"compliant must be True, False or None, not {compliant!r}")
    return compliant


def _check_rules(rules: object) -> None:
    from .._engine.ruleset import RuleSet

    if rules is not None and not isinstance(rules, RuleSet):
        raise InvalidArgument(f"rules must be a RuleSet from sundhedsregler.load_rules(), not {type(rules).__name__}")
