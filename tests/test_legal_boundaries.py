"""The time and arithmetic read of December 2026 (docs/legal-review.md, "Time and
arithmetic read (December 2026)"): every date, period, count and amount boundary that
read checked, as one table, on both backends.

Each row is a rule fixture with a few fields changed, an evaluation date and the finding
the rule must give: the day before, the day of and the day after each deadline
("senest" makes the day itself in time), a not-yet-done act before and after its
deadline (pending, then a finding), an evaluation years later that still judges by the
dates in the document, the inclusive periods (through 31 December 2028, the transition
year 2026, six months' validity counted with both days), and the amounts and shares at
their exact boundary (20 % is not "less than 20 %", half is not "more than half", and a
fraction of a basis point must not be rounded onto the failing side)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, NamedTuple

import pytest
import yaml

import sundhedsregler
from sundhedsregler._engine.examples import merge_patch

from .conftest import FIXTURES, RULES

D = dt.date.fromisoformat


class Row(NamedTuple):
    case: str
    rule: str
    base: str
    changes: dict[str, Any]
    as_of: str
    outcome: str
    level: str | None = None
    path: str | None = None  # the subject's pointer, where the rule runs per item
    evidence: dict[str, Any] | None = None


NONE_DONE_DELING = {"udkast_leveret": None, "godkendt_regionsraad": None, "godkendt_kommunalbestyrelse": None}


def _post(pct: float) -> dict[str, Any]:
    return {"poster": [{"betegnelse": "Træningssal", "kategori": "aktiv", "andel_til_opgaven_pct": pct, "vurderingsdato": "2025-05-25"}]}


def _market(region: float | None, kommune: float | None) -> dict[str, Any]:
    return {"udbudsvurdering": {"markedsandel_region_pct": region, "markedsandel_kommune_pct": kommune}}


def _budget(year: int, indgaaet: str | None) -> dict[str, Any]:
    return {"indgaaet": indgaaet, "bevillinger": [{"budgetaar": year, "beloeb_kr": 6_000_000}]}


def _frames(year: int, kroner: int) -> dict[str, Any]:
    return {"rammer": [{"budgetaar": year, "beloeb_kr": kroner}]}


ROWS = [
    # --- OF-5: request made and notified "senest 15. april 2026" (003:139, 003:161)
    Row("OF-5 made on the day", "OF-5", "anmodning", {"afgivet": "2026-04-15", "meddelt_ministeriet": "2026-04-15"}, "2026-04-16", "pass"),
    Row("OF-5 made the day after", "OF-5", "anmodning", {"afgivet": "2026-04-16", "meddelt_ministeriet": "2026-04-15"}, "2026-04-16", "fail", "error", evidence={"afgivet_dage_for_sent": 1}),
    Row("OF-5 nothing done, day before", "OF-5", "anmodning", {"afgivet": None, "meddelt_ministeriet": None}, "2026-04-14", "pending"),
    Row("OF-5 nothing done, on the day", "OF-5", "anmodning", {"afgivet": None, "meddelt_ministeriet": None}, "2026-04-15", "pending"),
    Row("OF-5 nothing recorded, day after", "OF-5", "anmodning", {"afgivet": None, "meddelt_ministeriet": None}, "2026-04-16", "review", "error"),
    Row("OF-5 made in time, evaluated early 2026 before the act", "OF-5", "anmodning", {}, "2026-01-15", "pending", evidence={"afgivet": None}),
    Row("OF-5 made in time, evaluated in 2028", "OF-5", "anmodning", {}, "2028-06-01", "pass"),
    Row("OF-5 made a day late, evaluated in 2028", "OF-5", "anmodning", {"afgivet": "2026-04-16"}, "2028-06-01", "fail", "error", evidence={"afgivet_dage_for_sent": 1}),
    # --- OF-8: the municipality's draft "senest den 1. maj 2026" (003:137, 003:162)
    Row("OF-8 draft on the day", "OF-8", "delingsaftale", {"udkast_leveret": "2026-05-01"}, "2026-05-02", "pass"),
    Row("OF-8 draft the day after", "OF-8", "delingsaftale", {"udkast_leveret": "2026-05-02"}, "2026-05-02", "fail", "error", evidence={"udkast_dage_for_sent": 1}),
    Row("OF-8 no draft, day before", "OF-8", "delingsaftale", NONE_DONE_DELING, "2026-04-30", "pending"),
    Row("OF-8 no draft, on the day", "OF-8", "delingsaftale", NONE_DONE_DELING, "2026-05-01", "pending"),
    Row("OF-8 no draft, day after", "OF-8", "delingsaftale", NONE_DONE_DELING, "2026-05-02", "review", "error", evidence={"dage_efter_frist": 1}),
    Row("OF-8 draft in time, evaluated in 2028", "OF-8", "delingsaftale", {}, "2028-02-29", "pass"),
    Row("OF-8 draft a day late, evaluated in 2027", "OF-8", "delingsaftale", {"udkast_leveret": "2026-05-02"}, "2027-12-31", "fail", "error", evidence={"udkast_dage_for_sent": 1}),
    # --- OF-9: approved by both councils by 1 July 2026 (003:137, 003:141, 003:163)
    Row("OF-9 approved the day before", "OF-9", "delingsaftale", {"godkendt_regionsraad": "2026-06-30", "godkendt_kommunalbestyrelse": "2026-06-30"}, "2026-07-02", "pass"),
    Row("OF-9 approved on the day", "OF-9", "delingsaftale", {"godkendt_regionsraad": "2026-07-01", "godkendt_kommunalbestyrelse": "2026-06-30"}, "2026-07-02", "review", "warning"),
    Row("OF-9 approved the day after", "OF-9", "delingsaftale", {"godkendt_regionsraad": "2026-07-02", "godkendt_kommunalbestyrelse": "2026-06-30"}, "2026-07-02", "fail", "warning", evidence={"regionsraad_dage_for_sent": 1}),
    Row("OF-9 not approved, on the day", "OF-9", "delingsaftale", {"godkendt_regionsraad": None, "godkendt_kommunalbestyrelse": None}, "2026-07-01", "pending"),
    Row("OF-9 approvals dated later than the evaluation date", "OF-9", "delingsaftale", {}, "2026-06-20", "pending"),
    Row("OF-9 approved in time, evaluated in 2028", "OF-9", "delingsaftale", {}, "2028-12-31", "pass"),
    # --- OF-10: the Delingsråd decides by 1 October 2026 (003:164)
    Row("OF-10 decision on the day", "OF-10", "delingsaftale", {"godkendt_regionsraad": None, "godkendt_kommunalbestyrelse": None, "delingsraad": {"indbragt": "2026-07-03", "afgoerelse": "2026-10-01"}}, "2026-11-22", "pass"),
    Row("OF-10 decision the day after", "OF-10", "delingsaftale", {"godkendt_regionsraad": None, "godkendt_kommunalbestyrelse": None, "delingsraad": {"indbragt": "2026-07-03", "afgoerelse": "2026-10-02"}}, "2026-11-22", "review", "warning"),
    # --- TP-1: "skal søges indgået 1. april det forudgående år", waivable in 2026 (000:70, 000:82)
    Row("TP-1 budget 2028, concluded on the day", "TP-1", "tilsagn", _budget(2028, "2027-04-01"), "2027-06-01", "pass"),
    Row("TP-1 budget 2028, concluded the day after", "TP-1", "tilsagn", _budget(2028, "2027-04-02"), "2027-06-01", "fail", "warning", evidence={"dage_for_sent": 1}),
    Row("TP-1 budget 2027, concluded late in the start year", "TP-1", "tilsagn", _budget(2027, "2026-04-02"), "2026-11-22", "fail", "note"),
    Row("TP-1 budget 2027, concluded late, evaluated in 2028", "TP-1", "tilsagn", _budget(2027, "2026-04-02"), "2028-06-01", "fail", "note"),
    Row("TP-1 budget 2028, not concluded, on the day", "TP-1", "tilsagn", _budget(2028, None), "2027-04-01", "pending"),
    Row("TP-1 budget 2028, not concluded, day after", "TP-1", "tilsagn", _budget(2028, None), "2027-04-02", "fail", "warning"),
    # --- OF-6.1: a request ends "til og med 2028" (003:135, 003:139)
    Row("OF-6.1 ends 31 December 2028", "OF-6.1", "anmodning", {"slut": "2028-12-31"}, "2026-11-22", "pass"),
    Row("OF-6.1 ends 1 January 2029", "OF-6.1", "anmodning", {"slut": "2029-01-01"}, "2026-11-22", "fail", "error", evidence={"dage_efter_seneste_slut": 1}),
    Row("OF-6.1 ends on the leap day 2028", "OF-6.1", "anmodning", {"slut": "2028-02-29"}, "2028-02-29", "pass"),
    # --- OF-32.1 / OF-32.2: validity "mindst seks måneder", both days counted (real:117)
    Row("OF-32.1 exactly six months", "OF-32.1", "hsa", {"start": "2027-01-01", "slut": "2027-06-30"}, "2026-11-22", "pass", evidence={"gyldighed_maaneder": 6}),
    Row("OF-32.1 a day short", "OF-32.1", "hsa", {"start": "2027-01-01", "slut": "2027-06-29"}, "2026-11-22", "fail", "error"),
    Row("OF-32.2 from a month's last day to the last day of February in a leap year", "OF-32.2", "anmodning", {"start": "2027-08-31", "slut": "2028-02-28"}, "2026-11-22", "pass"),
    Row("OF-32.2 31 May plus six months", "OF-32.2", "anmodning", {"start": "2028-05-31", "slut": "2028-11-30"}, "2026-11-22", "pass", evidence={"gyldighed_maaneder": 6}),
    # --- OF-34.2: additions "indtil d. 31. december 2026" (real:118)
    Row("OF-34.2 addendum on 31 December 2026", "OF-34.2", "anmodning", {"tillaeg": [{"dato": "2026-12-31", "aarsag": "nye_regler"}]}, "2027-01-15", "pass", path="/tillaeg/0"),
    Row("OF-34.2 addendum on 1 January 2027", "OF-34.2", "anmodning", {"tillaeg": [{"dato": "2027-01-01", "aarsag": "nye_regler"}]}, "2027-01-15", "review", path="/tillaeg/0"),
    # --- OF-13: the assessment's starting point 25 May 2025 (003:142)
    Row("OF-13 assessed on 25 May 2025", "OF-13", "delingsaftale", _post(80), "2026-11-22", "pass", path="/poster/0"),
    Row("OF-13 assessed the day before", "OF-13", "delingsaftale", {"poster": [{"betegnelse": "Træningssal", "kategori": "aktiv", "andel_til_opgaven_pct": 80, "vurderingsdato": "2025-05-24"}]}, "2026-11-22", "review", "warning", path="/poster/0"),
    # --- FA-1b: the moved tasks are regional from 1 January 2027 (003:132)
    Row("FA-1b akutsygepleje ending 31 December 2026", "FA-1b", "tilsagn", {"indsatser": [{"betegnelse": "Akutteam", "opgaveomraade": "akutsygepleje", "varig": False, "aarligt_beloeb_kr": 500_000, "periode": {"start": "2026-06-01", "slut": "2026-12-31"}}]}, "2026-11-22", "pass", path="/indsatser/0"),
    Row("FA-1b akutsygepleje running on 1 January 2027", "FA-1b", "tilsagn", {"indsatser": [{"betegnelse": "Akutteam", "opgaveomraade": "akutsygepleje", "varig": False, "aarligt_beloeb_kr": 500_000, "periode": {"start": "2026-06-01", "slut": "2027-01-01"}}]}, "2026-11-22", "fail", "error", path="/indsatser/0"),
    # --- FA-3b.3: requirements binding beyond the funded period (000:110)
    Row("FA-3b.3 binds to the funded period's last day", "FA-3b.3", "tilsagn", {"krav": [{"betegnelse": "Kvalitetsstandard", "art": "kvalitet", "omraader": ["sundhed"], "skoennet_aarlig_omkostning_kr": 100_000, "binder_til": "2028-12-31"}]}, "2026-11-22", "pass", path="/krav/0"),
    Row("FA-3b.3 binds a day beyond", "FA-3b.3", "tilsagn", {"krav": [{"betegnelse": "Kvalitetsstandard", "art": "kvalitet", "omraader": ["sundhed"], "skoennet_aarlig_omkostning_kr": 100_000, "binder_til": "2029-01-01"}]}, "2026-11-22", "fail", "warning", path="/krav/0"),
    # --- OF-4: nine months' notice for both parties (003:158)
    Row("OF-4 nine months", "OF-4", "hsa", {"opsigelse": {"varsel_maaneder": 9}}, "2026-11-22", "pass"),
    Row("OF-4 eight months", "OF-4", "hsa", {"opsigelse": {"varsel_maaneder": 8}}, "2026-11-22", "fail", "error", evidence={"afvigelse_maaneder": -1}),
    Row("OF-4 ten months", "OF-4", "hsa", {"opsigelse": {"varsel_maaneder": 10}}, "2026-11-22", "fail", "warning", evidence={"afvigelse_maaneder": 1}),
    # --- OF-35.1: "less than 20 %" on the open market (real:129)
    Row("OF-35.1 19.99 %", "OF-35.1", "hsa", _market(19.99, 0), "2026-11-22", "pass"),
    Row("OF-35.1 19.996 % is not rounded up to 20 %", "OF-35.1", "hsa", _market(0, 19.996), "2026-11-22", "pass", evidence={"hoejeste_markedsandel_bp": 1999}),
    Row("OF-35.1 exactly 20 %", "OF-35.1", "hsa", _market(0, 20), "2026-11-22", "fail", "error", evidence={"over_graense_bp": 0}),
    Row("OF-35.1 20.004 %", "OF-35.1", "hsa", _market(20.004, 0), "2026-11-22", "fail", "error"),
    Row("OF-35.1 0.29 % read as written", "OF-35.1", "hsa", _market(0.29, 0), "2026-11-22", "pass", evidence={"markedsandel_region_bp": 29}),
    # --- OF-11: more than half of the item's use (003:142, real:152)
    Row("OF-11 exactly half", "OF-11", "delingsaftale", _post(50), "2026-11-22", "fail", "error", path="/poster/0"),
    Row("OF-11 49.996 % is still half or less", "OF-11", "delingsaftale", _post(49.996), "2026-11-22", "fail", "error", path="/poster/0", evidence={"andel_bp": 5000}),
    Row("OF-11 50.004 % is not rounded down to half", "OF-11", "delingsaftale", _post(50.004), "2026-11-22", "review", "warning", path="/poster/0", evidence={"andel_bp": 5001}),
    Row("OF-11 exactly three quarters", "OF-11", "delingsaftale", _post(75), "2026-11-22", "pass", path="/poster/0"),
    # --- TP-5: the national phase-in, whole kroner (000:20-27)
    Row("TP-5 2027 at 312.5 m", "TP-5", "portefoelje-sundhedsraad", _frames(2027, 312_500_000), "2026-11-22", "pass", path="/rammer/0"),
    Row("TP-5 2027 one krone above", "TP-5", "portefoelje-sundhedsraad", _frames(2027, 312_500_001), "2026-11-22", "fail", "error", path="/rammer/0", evidence={"over_national_kr": 1}),
    Row("TP-5 2028 at 312.5 m + 185.5 m", "TP-5", "portefoelje-sundhedsraad", _frames(2028, 498_000_000), "2026-11-22", "pass", path="/rammer/0"),
    Row("TP-5 2028 one krone above", "TP-5", "portefoelje-sundhedsraad", _frames(2028, 498_000_001), "2026-11-22", "fail", "error", path="/rammer/0"),
    Row("TP-5 2030 at 1.4 bn", "TP-5", "portefoelje-sundhedsraad", _frames(2030, 1_400_000_000), "2026-11-22", "pass", path="/rammer/0"),
    Row("TP-5 2030 one krone above 1.4 bn", "TP-5", "portefoelje-sundhedsraad", _frames(2030, 1_400_000_001), "2026-11-22", "fail", "error", path="/rammer/0"),
    # --- OF-31: the transition year 2026, both ends included
    Row("OF-31 old region approves on 31 December 2025", "OF-31", "hsa", {"godkendt_regionsraad": "2025-12-31", "godkendt_regionsraad_af": "region_hovedstaden"}, "2026-11-22", "pass"),
    Row("OF-31 old region approves on 1 January 2026", "OF-31", "hsa", {"godkendt_regionsraad": "2026-01-01", "godkendt_regionsraad_af": "region_hovedstaden"}, "2026-11-22", "review"),
]


def _doc(base: str, changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load((FIXTURES / f"{base}.yaml").read_text("utf-8")))
    return merge_patch(data, copy.deepcopy(changes))


def _finding(row: Row, backend: str) -> Any:
    report = sundhedsregler.evaluate(_doc(row.base, row.changes), as_of=D(row.as_of), rules=RULES, backend=backend, lang="en")
    found = [f for f in report.findings if f.rule_id == row.rule]
    if row.path is not None:
        found = [f for f in found if f.path == row.path or f.path.startswith(row.path + "/")]
    assert len(found) == 1, [(f.path, f.outcome) for f in found]
    return found[0]


@pytest.mark.parametrize("row", ROWS, ids=[r.case for r in ROWS])
def test_boundary(row: Row, backend: str) -> None:
    f = _finding(row, backend)
    assert f.outcome == row.outcome, f.message
    if row.level is not None:
        assert f.level == row.level
    for name, value in (row.evidence or {}).items():
        assert f.evidence.get(name) == value, (name, f.evidence)


# A deadline is judged by the dates in the document, not by how long ago the evaluation
# date puts it: the same document gives the same finding at every date after the deadline.
@pytest.mark.parametrize(
    ("rule", "base", "changes"),
    [
        ("OF-5", "anmodning", {"afgivet": "2026-04-16"}),
        ("OF-8", "delingsaftale", {"udkast_leveret": "2026-05-04"}),
        ("OF-9", "delingsaftale", {"godkendt_kommunalbestyrelse": "2026-07-03"}),
        ("TP-1", "tilsagn", _budget(2028, "2027-04-03")),
    ],
)
def test_a_late_act_stays_late_by_the_same_days(backend: str, rule: str, base: str, changes: dict[str, Any]) -> None:
    seen = set()
    for as_of in ("2027-06-01", "2027-12-31", "2028-02-29", "2028-12-31", "2030-01-01"):
        f = _finding(Row("", rule, base, changes, as_of, ""), backend)
        seen.add((f.outcome, f.level, tuple(sorted((k, v) for k, v in f.evidence.items() if k.endswith("_for_sent")))))
    assert len(seen) == 1, seen
    [(outcome, _level, late)] = seen
    assert outcome == "fail" and any(v > 0 for _k, v in late)


@pytest.mark.parametrize("text", ["2026-04-15T10:00:00", "2026-04-15T23:30:00+02:00", "2026-04-15Z", "15-04-2026", "2026-4-15"])
def test_a_date_with_a_time_a_zone_or_another_form_is_refused(text: str) -> None:
    # Dates are calendar days: no times and no time zones, so no evaluation can shift a
    # deadline by a zone; a text that is not an ISO day is bad input, not a late act.
    with pytest.raises(sundhedsregler.DocumentError):
        sundhedsregler.load_document(_doc("anmodning", {"afgivet": text}))
