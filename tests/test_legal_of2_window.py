"""OF-2's third read (December 2026, legal-of2): the bekendtgørelser let contracts be
concluded until 31 December 2026 if they follow from new rules or guidelines
(real-2025-26.md:118). An HSA approved in that window is not a late agreement when it says
so, is a review when it is silent, and fails after 31 December 2026; OF-15 and the deadline
listing read it the same way. Both backends must agree."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import sundhedsregler
from sundhedsregler._domain.routes import EFFEKTIV, FRISTDAG, IKKE_EFFEKTIV, VINDUE, hsa_status
from sundhedsregler.models import HorisontalSamarbejdsaftale

from .conftest import BACKENDS
from .test_cli_support import jsonl, run
from .test_legal_hsa import RULES, data
from .test_legal_hsa_read import GROUP, errors

JAN_2027 = dt.date(2027, 1, 10)


def report(doc: dict[str, Any], *, backend: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    found = sundhedsregler.evaluate(doc, as_of=JAN_2027, rules=RULES, backend=backend, lang="en", parameters=parameters)
    return {f.rule_id: f for f in found.findings if f.rule_id in GROUP}


@pytest.mark.parametrize("approved", ["2026-04-01", "2026-04-02", "2026-09-01", "2026-12-31"])
@pytest.mark.parametrize("ground", ["nye_regler", "nye_retningslinjer"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_window_agreement_with_its_ground_has_no_error(approved: str, ground: str, backend: str) -> None:
    doc = data("hsa", godkendt_kommunalbestyrelse=approved, sendt_til_ministeriet=None, indgaaelse_aarsag=ground)
    found = report(doc, backend=backend)
    assert errors(found) == []
    assert found["OF-2"].outcome == "pass"


@pytest.mark.parametrize(("approved", "outcome"), [("2026-04-02", "review"), ("2026-12-31", "review"), ("2027-01-01", "fail")])
@pytest.mark.parametrize("backend", BACKENDS)
def test_silent_window_agreement_is_review_and_after_the_window_fails(approved: str, outcome: str, backend: str) -> None:
    doc = data("hsa", godkendt_regionsraad=approved, sendt_til_ministeriet=None)
    f = report(doc, backend=backend)["OF-2"]
    assert (f.outcome, f.level) == (outcome, "error")
    if outcome == "review":
        assert f.path == "/indgaaelse_aarsag" and "new rules or guidelines must be judged" in f.message
    else:
        assert f.path == "/godkendt_regionsraad" and "31 December 2026" in f.message


@pytest.mark.parametrize(("approved", "outcome"), [("2026-12-31", "pass"), ("2027-01-01", "fail")])
@pytest.mark.parametrize("backend", BACKENDS)
def test_the_other_reading_by_parameter(approved: str, outcome: str, backend: str) -> None:
    doc = data("hsa", godkendt_regionsraad=approved, sendt_til_ministeriet=None, indgaaelse_aarsag="andet")
    f = report(doc, backend=backend, parameters={"OF-2.kontrakter_kraever_anledning": 0})["OF-2"]
    assert f.outcome == outcome


@pytest.mark.parametrize(
    ("approved", "ground", "status"),
    [
        ("2026-03-31", None, EFFEKTIV),
        ("2026-04-01", None, FRISTDAG),
        ("2026-04-01", "nye_regler", EFFEKTIV),
        ("2026-04-02", None, VINDUE),
        ("2026-04-02", "andet", VINDUE),
        ("2026-12-31", "nye_retningslinjer", EFFEKTIV),
        ("2027-01-01", "nye_regler", IKKE_EFFEKTIV),
    ],
)
def test_route_status_of_a_window_agreement(approved: str, ground: str | None, status: str) -> None:
    doc = HorisontalSamarbejdsaftale.model_validate(
        data("hsa", godkendt_kommunalbestyrelse=approved, indgaaelse_aarsag=ground)
    )
    assert hsa_status(doc, JAN_2027)[0] == status


@pytest.mark.parametrize(("ground", "status"), [("nye_regler", "met"), (None, "review")])
def test_deadline_listing_of_a_window_agreement(ground: str | None, status: str) -> None:
    doc = data("hsa", godkendt_kommunalbestyrelse="2026-05-01", sendt_til_ministeriet="2026-05-10", indgaaelse_aarsag=ground)
    result = run("frister", "-", "--as-of", "2026-11-22", "--format", "json", stdin=jsonl(doc))
    assert result.code == 0, result.err
    of2 = [d for d in json.loads(result.out)["deadlines"] if d["rule_id"] == "OF-2"]
    assert [d["status"] for d in of2] == [status]  # not "missed": the agreement may lawfully be late
