"""Hypothesis strategies for documents of the health reform, for property-based tests.

Each document kind has a strategy named as a plural noun, returning typed model
instances::

    tilsagnsaftaler()                 -> SearchStrategy[Tilsagnsaftale]
    horisontale_samarbejdsaftaler()   -> SearchStrategy[HorisontalSamarbejdsaftale]
    anmodninger()                     -> SearchStrategy[AnmodningOmFortsatDrift]
    delingsaftaler()                  -> SearchStrategy[Delingsaftale]
    oekonomiske_dispositioner()       -> SearchStrategy[OekonomiskDisposition]
    portefoeljer()                    -> SearchStrategy[Portefoelje]
    documents()                       -> any of the above

``compliant=None`` (the default) gives any valid document: realistic names (Danish
municipalities, regions and the sundhedsråd of Region Østdanmark), dates around
2025-2028 and amounts in whole kroner. ``compliant=True`` gives documents that no rule
finds fault with as of ``as_of`` (no ``fail``, ``review`` or ``missing_information``);
``compliant=False`` documents with at least one such finding.

``violating(rule_id, as_of=...)`` gives documents that fail one rule, and no other rule
at error level where the rule set allows that; ``satisfying(rule_id, as_of=...)``
documents the rule passes.

How the rule-driven strategies work, generically from the rule files: the seeds are the
fixtures in ``rules/_fixtures/`` and every rule example's document; a seed that gives the
wanted outcome as of ``as_of`` is varied freely in the fields the rule does not read
(found by watching which attributes the rule's facts touch) and in at most one field it
does read, and every drawn document is checked with the library's own evaluation
(plain-Python backend). Shrinking leads back to the
seed, so a failing test shows a real, readable example.

The municipality-to-council grouping used for generated data is illustrative; which
municipalities belong to which council is input data to the rules, never shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, cast

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ModuleNotFoundError as exc:  # pragma: no cover - tests/test_packaging.py runs it in a subprocess
    if exc.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "sundhedsregler.strategies needs Hypothesis, which is not installed: install the extra, "
        "e.g. `python3 -m pip install '.[hypothesis]'` in a checkout (docs/testing-with-hypothesis.md)",
        name="hypothesis",
    ) from None

from ..models import (
    AnmodningOmFortsatDrift,
    Delingsaftale,
    Document,
    HorisontalSamarbejdsaftale,
    OekonomiskDisposition,
    Portefoelje,
    Tilsagnsaftale,
)
from ._arguments import _check_as_of, _check_compliant, _check_rules
from ._kinds import _FRESH
from ._oracle import _valid
from ._portefoelje import _member_data, _pf_data
from ._targeting import FAILING_OUTCOMES, _kind_strategy, _rule_strategy

__all__ = [
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


def tilsagnsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[Tilsagnsaftale]:
    """Tilsagnsaftaler between a sundhedsråd of Region Østdanmark and its municipalities.

    ``compliant``: None for any valid agreement; True for agreements no rule finds fault
    with as of ``as_of`` (required then); False for agreements with at least one failing
    finding. ``rules`` is the rule set to judge by (default: the bundled one).
    """
    return cast("SearchStrategy[Tilsagnsaftale]", _kind_strategy("tilsagnsaftale", compliant, as_of, rules))


def horisontale_samarbejdsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[HorisontalSamarbejdsaftale]:
    """Horisontale samarbejdsaftaler between a region and a municipality about one moved
    task. Options as for :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[HorisontalSamarbejdsaftale]",
        _kind_strategy("horisontal_samarbejdsaftale", compliant, as_of, rules),
    )


def anmodninger(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[AnmodningOmFortsatDrift]:
    """Anmodninger om fortsat drift: a region's request that a municipality keeps
    operating a moved task. Options as for :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[AnmodningOmFortsatDrift]", _kind_strategy("anmodning_om_fortsat_drift", compliant, as_of, rules)
    )


def delingsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[Delingsaftale]:
    """Delingsaftaler: what moves to the region with a task. Options as for
    :func:`tilsagnsaftaler`."""
    return cast("SearchStrategy[Delingsaftale]", _kind_strategy("delingsaftale", compliant, as_of, rules))


def oekonomiske_dispositioner(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[OekonomiskDisposition]:
    """Significant economic dispositions in the transition year 2026: a municipality's on
    a moved task, or one of Region Hovedstaden and Region Sjælland. Options as for
    :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[OekonomiskDisposition]", _kind_strategy("oekonomisk_disposition", compliant, as_of, rules)
    )


def portefoeljer(
    *,
    compliant: bool | None = None,
    as_of: dt.date | None = None,
    rules: Any = None,
    members: SearchStrategy[Any] | None = None,
) -> SearchStrategy[Portefoelje]:
    """Portfolios: the agreements of one sundhedsråd of Region Østdanmark.

    ``members`` is a strategy for the member documents (model instances of the four
    single kinds); by default any of them, fitted to the portfolio's council. Other
    options as for :func:`tilsagnsaftaler`; ``members`` applies to ``compliant=None``.
    """
    if members is None:
        return cast("SearchStrategy[Portefoelje]", _kind_strategy("portefoelje", compliant, as_of, rules))
    if not isinstance(members, SearchStrategy):
        raise InvalidArgument(f"members must be a SearchStrategy, not {type(members).__name__}")
    if compliant is not None:
        raise InvalidArgument("members= goes with compliant=None; compliant portfolios are drawn from the rule set")
    _check_rules(rules)
    _check_as_of(as_of, needed=False, name="portefoeljer()")
    member_data = members.map(_member_data)
    return cast("SearchStrategy[Portefoelje]", _valid(_pf_data(member_data)))


def documents(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None, portfolios: bool = True
) -> SearchStrategy[Document]:
    """Documents of every kind (``portfolios=False`` leaves portfolios out). Options as
    for :func:`tilsagnsaftaler`; with ``compliant`` set, kinds for which the rule set
    has no seed with that outcome are left out."""
    if not isinstance(portfolios, bool):
        raise InvalidArgument(f"portfolios must be True or False, not {portfolios!r}")
    flag = _check_compliant(compliant)
    _check_as_of(as_of, needed=flag is not None, name=f"documents() with compliant={flag}")
    _check_rules(rules)
    kinds = [k for k in _FRESH if portfolios or k != "portefoelje"]
    parts = []
    for kind in kinds:
        try:
            parts.append(_kind_strategy(kind, compliant, as_of, rules))
        except InvalidArgument:
            if compliant is None:
                raise
            continue  # no seed of this kind with that outcome
    if not parts:
        raise InvalidArgument(f"the rule set has no document with compliant={compliant} as of {as_of}")
    return cast("SearchStrategy[Document]", st.one_of(parts))


def violating(
    rule_id: str,
    *,
    as_of: dt.date | None = None,
    outcomes: Collection[str] | None = None,
    rules: Any = None,
) -> SearchStrategy[Document]:
    """Documents that fail ``rule_id`` as of ``as_of`` and, where the rule set allows,
    no other rule at error level.

    ``outcomes`` are the findings that count as failing the rule: by default ``fail``
    where the rule has a fail branch, otherwise ``review`` or ``missing_information``.
    Raises ``InvalidArgument`` at once for an unknown rule, or when no fixture or
    example of the rule set fails the rule as of that date (a deadline not yet passed).
    """
    return cast(
        "SearchStrategy[Document]",
        _rule_strategy(rule_id, as_of=as_of, outcomes=outcomes, rules=rules, failing=True, name="violating()"),
    )


def satisfying(rule_id: str, *, as_of: dt.date | None = None, rules: Any = None) -> SearchStrategy[Document]:
    """Documents that ``rule_id`` passes as of ``as_of`` (every finding of the rule is
    a pass, or at least one is and none fails) and, where the rule set allows, that no
    other rule fails at error level."""
    return cast(
        "SearchStrategy[Document]",
        _rule_strategy(rule_id, as_of=as_of, outcomes=None, rules=rules, failing=False, name="satisfying()"),
    )


def register_type_strategies() -> None:
    """Register the document strategies with Hypothesis, so that
    ``st.from_type(Tilsagnsaftale)`` (and the other models) draw realistic documents.

    Called by the ``hypothesis`` entry point of this package; calling it again is
    harmless.
    """
    st.register_type_strategy(Tilsagnsaftale, tilsagnsaftaler())
    st.register_type_strategy(HorisontalSamarbejdsaftale, horisontale_samarbejdsaftaler())
    st.register_type_strategy(AnmodningOmFortsatDrift, anmodninger())
    st.register_type_strategy(Delingsaftale, delingsaftaler())
    st.register_type_strategy(OekonomiskDisposition, oekonomiske_dispositioner())
    st.register_type_strategy(Portefoelje, portefoeljer())


# Set by the entry-point hook when Hypothesis was first imported by this very module.
if globals().get("_REGISTER_WHEN_IMPORTED"):
    register_type_strategies()
