"""The delingsaftaler read of December 2026 (docs/legal-review.md, "Delingsaftaler read
(December 2026)"): one test per changed reading, on both backends, each failing if the
reading regresses. "003:N" is ../shared/sources/003_b39ae38c62112f24.txt line N,
"real:N" is ../shared/sources/real-2025-26.md line N."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

import sundhedsregler

from .conftest import AS_OF, FIXTURES, RULES

D = dt.date


def _fixture(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load((FIXTURES / f"{name}.yaml").read_text("utf-8")))
    data.update(changes)
    return data


def _one(doc: dict[str, Any], rule_id: str, as_of: dt.date, backend: str, path: str | None = None) -> Any:
    report = sundhedsregler.evaluate(doc, as_of=as_of, rules=RULES, backend=backend, lang="en")
    found = [f for f in report.findings if f.rule_id == rule_id and (path is None or f.path.startswith(path))]
    assert len(found) == 1, [(f.path, f.outcome) for f in found]
    return found[0]


NOTHING_APPROVED = {"godkendt_regionsraad": None, "godkendt_kommunalbestyrelse": None}


# --- OF-8: a document with neither a draft date nor an approval may be the draft ---------


@pytest.mark.parametrize("as_of", [D(2026, 5, 2), D(2026, 11, 22), D(2028, 12, 31)])
def test_of8_an_undated_unapproved_agreement_is_review_at_error_level(backend: str, as_of: dt.date) -> None:
    f = _one(_fixture("delingsaftale", udkast_leveret=None, **NOTHING_APPROVED), "OF-8", as_of, backend)
    assert (f.outcome, f.level, f.path) == ("review", "error", "/udkast_leveret")
    assert "may be the draft itself" in f.message


def test_of8_a_draft_dated_late_still_fails_whatever_else_is_missing(backend: str) -> None:
    f = _one(_fixture("delingsaftale", udkast_leveret="2026-05-02", **NOTHING_APPROVED), "OF-8", AS_OF, backend)
    assert (f.outcome, f.level, f.evidence["udkast_dage_for_sent"]) == ("fail", "error", 1)


def test_of8_no_longer_fails_for_silence() -> None:
    # No branch of OF-8 fails on an absent draft date: only a date after 1 May fails.
    fails = [b for b in RULES.get("OF-8").outcomes if b.outcome == "fail"]
    assert len(fails) == 1


# --- OF-9: a missed 1 July has the Delingsråd as its continuation --------------------------


@pytest.mark.parametrize("as_of", [D(2026, 7, 2), D(2026, 9, 30), D(2026, 10, 2), D(2027, 6, 1)])
def test_of9_no_approval_recorded_and_no_case_is_review(backend: str, as_of: dt.date) -> None:
    f = _one(_fixture("delingsaftale", **NOTHING_APPROVED), "OF-9", as_of, backend)
    assert (f.outcome, f.level) == ("review", "warning")
    assert "Delingsråd" in f.message


def test_of9_no_approval_with_a_case_is_the_established_missed_deadline(backend: str) -> None:
    doc = _fixture("delingsaftale", **NOTHING_APPROVED, delingsraad={"indbragt": "2026-07-03"})
    f = _one(doc, "OF-9", AS_OF, backend)
    assert (f.outcome, f.level, f.path) == ("fail", "warning", "/delingsraad")


@pytest.mark.parametrize(
    "changes",
    [
        {"godkendt_kommunalbestyrelse": "2026-07-02"},  # late, no case
        {"godkendt_regionsraad": "2026-08-20", "godkendt_kommunalbestyrelse": "2026-08-25"},  # both late, no case
        {"godkendt_kommunalbestyrelse": None},  # one council only
        {"godkendt_kommunalbestyrelse_med_forbehold": True},  # with reservations (C3, real:44-47)
    ],
)
def test_of9_a_missed_deadline_is_a_warning_with_or_without_a_case(backend: str, changes: dict[str, Any]) -> None:
    for extra in ({}, {"delingsraad": {"indbragt": "2026-07-03"}}):
        f = _one(_fixture("delingsaftale", **changes, **extra), "OF-9", AS_OF, backend)
        assert (f.outcome, f.level) == ("fail", "warning"), (changes, extra, f.message)


def test_of9_can_no_longer_give_an_error() -> None:
    rf = RULES.get("OF-9")
    assert rf.level == "warning"
    assert all(b.level in (None, "warning") for b in rf.outcomes)


def test_of9_in_time_and_on_the_day_are_unchanged(backend: str) -> None:
    assert _one(_fixture("delingsaftale"), "OF-9", AS_OF, backend).outcome == "pass"
    on_the_day = _one(_fixture("delingsaftale", godkendt_kommunalbestyrelse="2026-07-01"), "OF-9", AS_OF, backend)
    assert (on_the_day.outcome, on_the_day.level) == ("review", "warning")


# --- OF-13: a starting point is not a requirement -------------------------------------------


@pytest.mark.parametrize(("day", "outcome"), [("2025-05-24", "review"), ("2025-05-25", "pass"), ("2025-05-26", "review")])
def test_of13_another_assessment_date_is_review(backend: str, day: str, outcome: str) -> None:
    post = {"betegnelse": "Træningssal", "kategori": "aktiv", "andel_til_opgaven_pct": 80, "vurderingsdato": day}
    f = _one(_fixture("delingsaftale", poster=[post]), "OF-13", AS_OF, backend, path="/poster/0")
    assert f.outcome == outcome
    if outcome == "review":
        assert f.level == "warning"
    assert not any(b.outcome == "fail" for b in RULES.get("OF-13").outcomes)


# --- OF-11 (adversarial read): a case with the Delingsråd, not yet decided -----------------


@pytest.mark.parametrize(
    ("as_of", "outcome", "fixed_by"),
    [(D(2026, 7, 2), "fail", "parterne"), (D(2026, 7, 3), "not_applicable", "delingsraadet"),
     (D(2026, 9, 1), "not_applicable", "delingsraadet"), (D(2026, 11, 22), "not_applicable", "delingsraadet")],
)
def test_of11_an_item_at_the_delingsraad_is_not_the_parties_agreement(
    backend: str, as_of: dt.date, outcome: str, fixed_by: str
) -> None:
    post = {"betegnelse": "Fælles vagtcentral", "kategori": "rettighed", "andel_til_opgaven_pct": 45, "vurderingsdato": "2025-05-25"}
    doc = _fixture("delingsaftale", **NOTHING_APPROVED, delingsraad={"indbragt": "2026-07-03"}, poster=[post])
    f = _one(doc, "OF-11", as_of, backend, path="/poster/0")
    assert (f.outcome, f.evidence["fastsat_af"]) == (outcome, fixed_by)


def test_of11_the_parties_agreeing_during_the_case_is_their_agreement(backend: str) -> None:
    post = {"betegnelse": "Fælles vagtcentral", "kategori": "rettighed", "andel_til_opgaven_pct": 45, "vurderingsdato": "2025-05-25"}
    doc = _fixture("delingsaftale", godkendt_regionsraad="2026-08-20", godkendt_kommunalbestyrelse="2026-08-25",
                   delingsraad={"indbragt": "2026-07-03"}, poster=[post])
    f = _one(doc, "OF-11", AS_OF, backend, path="/poster/0")
    assert (f.outcome, f.level, f.evidence["fastsat_af"]) == ("fail", "error", "parterne")
