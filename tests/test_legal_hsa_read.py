"""The lawyer's read of the rules on horizontal agreements and requests (December 2026):
one test per changed reading, each failing if it regresses, and the real cases C1, C3,
C5 and C9 (real-2025-26.md section 1) checked against every rule of the group. Both
backends must agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import sundhedsregler

from .conftest import AS_OF, BACKENDS
from .test_legal_hsa import RULES, data

# The error-level rules of the group (docs/legal-review.md); OF-3.4 was one of them.
GROUP = (
    "OF-1", "OF-2", "OF-3.1", "OF-3.2", "OF-3.3", "OF-3.4", "OF-4", "OF-14.1", "OF-14.2",
    "OF-30", "OF-31", "OF-33.1", "OF-33.2", "OF-35.1", "OF-35.2", "OF-35.3",
)


def findings(doc: dict[str, Any], *, as_of: dt.date, backend: str, lang: str = "da") -> dict[str, Any]:
    report = sundhedsregler.evaluate(doc, as_of=as_of, rules=RULES, backend=backend, lang=lang)
    return {f.rule_id: f for f in report.findings if f.rule_id in GROUP}


def one(rule_id: str, doc: dict[str, Any], *, as_of: dt.date = AS_OF, backend: str = "python", lang: str = "da") -> Any:
    return findings(doc, as_of=as_of, backend=backend, lang=lang)[rule_id]


def errors(found: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((r, f.outcome) for r, f in found.items() if f.outcome == "fail" and f.level == "error")


# --- the real cases ---------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_c1_drafts_with_the_economy_to_be_filled_in_later_are_not_an_error(backend: str) -> None:
    # C1 (real:16-26): drafts with "Økonomi: Udfyldes senere", quality, target groups and
    # service level fixed during 2026, no sanctions for non-delivery; called legally valid.
    c1 = data(
        "hsa",
        finansiering="Udfyldes senere.",
        afregning=None,
        misligholdelse=None,
        maalgruppe="Fastlægges i løbet af 2026",
        serviceniveau="Fastlægges i løbet af 2026",
    )
    found = findings(c1, as_of=AS_OF, backend=backend)
    assert errors(found) == []
    assert (found["OF-3.4"].outcome, found["OF-3.4"].level) == ("fail", "warning")
    assert found["OF-33.1"].outcome == "review"


@pytest.mark.parametrize("backend", BACKENDS)
def test_c3_c5_final_approvals_close_to_the_deadline_are_in_time(backend: str) -> None:
    # C5 (real:58-63): the forberedende regionsråd decides on 17 March 2026; C3 (real:36-47):
    # Københavns Kommune approves with reservations in February and finally close to 1 April.
    base = {
        "region": "Region Østdanmark", "kommune": "København", "opgave": "sundheds_og_omsorgspladser",
        "godkendt_regionsraad": "2026-03-17", "godkendt_regionsraad_af": "forberedende_regionsraad",
        "godkendt_kommunalbestyrelse_med_forbehold": False,
    }
    final = data("hsa", **base, godkendt_kommunalbestyrelse="2026-03-31", sendt_til_ministeriet="2026-04-01")
    found = findings(final, as_of=AS_OF, backend=backend)
    assert errors(found) == []
    assert found["OF-2"].outcome == found["OF-31"].outcome == found["OF-30"].outcome == "pass"
    on_the_day = data("hsa", **base, godkendt_kommunalbestyrelse="2026-04-01", sendt_til_ministeriet="2026-04-01")
    assert one("OF-2", on_the_day, backend=backend).outcome == "review"
    # the conditional approval of 16 February is not yet an approval: awaited before the deadline
    conditional = data("hsa", **{**base, "godkendt_kommunalbestyrelse_med_forbehold": True},
                       godkendt_kommunalbestyrelse="2026-02-16", sendt_til_ministeriet=None)
    assert one("OF-2", conditional, as_of=dt.date(2026, 3, 1), backend=backend).outcome == "pending"


def test_c9_one_agreement_per_task_under_the_regions_myndighedsansvar() -> None:
    # C9 (real:88-93): a municipality operates the task under the region's myndighedsansvar,
    # one horizontal agreement for each task.
    assert one("OF-1", data("hsa", myndighedsansvar="region")).outcome == "pass"
    assert one("OF-30", data("hsa", opgaver=["akutsygepleje"])).outcome == "pass"


# --- OF-2: a dispatch the document does not record ----------------------------------


@pytest.mark.parametrize(
    ("as_of", "outcome"), [(dt.date(2026, 3, 31), "pending"), (dt.date(2026, 4, 1), "pending"), (dt.date(2026, 4, 2), "review")]
)
def test_of2_unrecorded_dispatch_is_review_not_fail(as_of: dt.date, outcome: str) -> None:
    f = one("OF-2", data("hsa", sendt_til_ministeriet=None), as_of=as_of)
    assert f.outcome == outcome
    if outcome == "review":
        assert f.path == "/sendt_til_ministeriet" and "efterprøves" in f.message
    # a recorded dispatch after the deadline still fails
    late = one("OF-2", data("hsa", sendt_til_ministeriet="2026-04-02"), as_of=dt.date(2026, 4, 2))
    assert (late.outcome, late.level) == ("fail", "error")


# --- OF-3.x: one legal status for the contents, financing a warning, annexes count ----------


def test_contents_status_and_levels() -> None:
    got = {rf.id: (rf.level, rf.legal_status) for rf in RULES.rules if rf.id.startswith("OF-3.")}
    assert {got[f"OF-3.{n}"] for n in (1, 2, 3)} == {("error", "bekendtgoerelse")}
    assert {got[f"OF-3.{n}"] for n in (4, 5, 6, 7)} == {("warning", "bekendtgoerelse")}


@pytest.mark.parametrize(
    ("rule_id", "field"),
    [("OF-3.1", "faelles_maal"), ("OF-3.2", "bidrag_kommune"), ("OF-3.3", "ansvarsfordeling"), ("OF-3.4", "finansiering")],
)
def test_a_clause_by_reference_to_an_annex_counts(rule_id: str, field: str) -> None:
    assert one(rule_id, data("hsa", **{field: "Jf. bilag 2"})).outcome == "pass"
    assert one(rule_id, data("hsa", **{field: "Udfyldes senere"})).outcome == "fail"


# --- OF-33.x: cover below full -------------------------------------------------------


@pytest.mark.parametrize(("pct", "outcome"), [(99.99, "review"), (100, "pass"), (100.01, "fail")])
def test_of33_1_cover_below_full_is_review(pct: float, outcome: str) -> None:
    f = one("OF-33.1", data("hsa", afregning={"grundlag": "faktiske_omkostninger", "udgiftsdaekning_pct": pct}))
    assert (f.outcome, f.level) == (outcome, "error")
    if outcome == "review":
        assert "kommunens egne opgaver" in f.message


@pytest.mark.parametrize(("pct", "outcome", "status"), [(99.99, "fail", "lov"), (100, "pass", "vejledning"), (100.01, "fail", "vejledning")])
def test_of33_2_the_statute_makes_the_region_pay_the_costs(pct: float, outcome: str, status: str) -> None:
    f = one("OF-33.2", data("anmodning", afregning={"udgiftsdaekning_pct": pct}))
    assert (f.outcome, f.legal_status) == (outcome, status)


# --- OF-14.x: the charges to judge, named in the message's language --------------------


@pytest.mark.parametrize("kind", ["hsa", "anmodning"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_of14_names_each_charge_to_judge_in_the_readers_language(kind: str, backend: str) -> None:
    rule_id = "OF-14.1" if kind == "hsa" else "OF-14.2"
    doc = data(kind, opgave="sundheds_og_omsorgspladser", brugerbetaling=True, brugerbetaling_for=["linned", "andet", "medicin_apotek"])
    da = one(rule_id, doc, backend=backend)
    en = one(rule_id, doc, backend=backend, lang="en")
    assert da.outcome == en.outcome == "review"
    assert "betale for linned og andet ud over" in da.message
    assert "pay for linen and other things besides" in en.message
    assert "kost" not in da.message and "board" not in en.message  # only what is charged
    assert en.evidence["brugerbetaling_arter"] == ["linned", "andet", "medicin_apotek"]


# --- warnings read: OF-3.6 says what applies when the agreement is silent ------------------


def test_of3_6_silent_notice_names_the_rules_nine_months_and_of4_passes() -> None:
    doc = data("hsa", opsigelse=None)
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, rules=RULES, lang="en")
    (f,) = [f for f in report.findings if f.rule_id == "OF-3.6"]
    assert (f.outcome, f.level) == ("fail", "warning")
    assert "either party may terminate it with nine months' notice" in f.message
    assert one("OF-4", doc).outcome == "pass"


# --- OF-2: a late agreement that starts after the move may rest on the health act -----------


@pytest.mark.parametrize(
    ("start", "ordning", "outcome"),
    [("2026-12-31", None, "fail"), ("2027-01-01", None, "fail"), ("2027-01-02", None, "review"),
     ("2027-07-01", "opgaveflyt_2027", "fail"), ("2027-07-01", "varig", "not_applicable")],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_of2_late_agreement_starting_after_the_move_is_review(start: str, ordning: str | None, outcome: str, backend: str) -> None:
    # approved after the window of real:118 (31 December 2026), so the fail is the late approval
    doc = data("hsa", godkendt_kommunalbestyrelse="2027-01-01", start=start, ordning=ordning)
    f = one("OF-2", doc, as_of=dt.date(2027, 1, 10), backend=backend)
    assert f.outcome == outcome
    if outcome == "review":
        assert f.path == "/start" and "sundhedslovens varige ordning" in f.message
        en = one("OF-2", doc, as_of=dt.date(2027, 1, 10), backend=backend, lang="en")
        assert "starts only on 2 January 2027" in en.message and "move of tasks on 1 January 2027" in en.message
