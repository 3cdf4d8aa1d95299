"""The domain wing's readings of acts, on models and dates alone (no facts, no rules)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from sundhedsregler._domain.acts import approval, both_dates, council_approval, count_present, done, is_filled
from sundhedsregler._domain.opgaveflyt import approvals, takeover_day

DAY = dt.date(2026, 3, 31)


def test_an_act_has_happened_only_by_the_evaluation_date() -> None:
    assert done(DAY, DAY) == DAY
    assert done(DAY + dt.timedelta(days=1), DAY) is None
    assert done(None, DAY) is None


def test_an_approval_with_reservations_does_not_count() -> None:
    assert approval(DAY, None, DAY) == DAY
    assert approval(DAY, False, DAY) == DAY
    assert approval(DAY, True, DAY) is None


def test_council_approvals_read_the_date_and_its_reservations() -> None:
    doc = SimpleNamespace(
        godkendt_regionsraad=DAY,
        godkendt_regionsraad_med_forbehold=True,
        godkendt_kommunalbestyrelse=DAY - dt.timedelta(days=3),
        godkendt_kommunalbestyrelse_med_forbehold=None,
    )
    assert council_approval(doc, "regionsraad", DAY) is None
    assert approvals(doc, DAY) == (None, DAY - dt.timedelta(days=3))
    assert count_present(*approvals(doc, DAY)) == 1
    assert both_dates(*approvals(doc, DAY)) is None
    assert both_dates(DAY, DAY - dt.timedelta(days=3)) == DAY


def test_a_clause_is_filled_unless_absent_or_a_placeholder() -> None:
    assert (is_filled(None), is_filled(" [Udfyldes senere]. "), is_filled("Regionen betaler")) == (None, False, True)


def test_the_takeover_day_is_the_move_unless_another_is_stated() -> None:
    move = SimpleNamespace(overtagelsesdato=None, anledning=None)
    assert takeover_day(move) == dt.date(2027, 1, 1)
    later = SimpleNamespace(overtagelsesdato=dt.date(2028, 1, 1), anledning=None)
    assert takeover_day(later) == dt.date(2028, 1, 1)
