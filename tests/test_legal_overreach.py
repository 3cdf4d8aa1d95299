"""Legal readings of the session on false errors (legal2): the right body behind a route
decision (OF-17), user charges named in the reader's language (OF-14.1/OF-14.2), a
payment below the estimate shown as an amount below it, never a negative amount
(OF-33.1/OF-33.2). Each test fails if the reading regresses; both backends must agree."""

from __future__ import annotations

from typing import Any

import pytest

# the portfolio readings' helper: one finding, the same on every backend
from .test_legal_portefoelje import at

OEST = "Region Østdanmark"


# --- OF-17: the right body decided ---------------------------------------------------------


def _route(drift: str, **decision: Any) -> dict[str, Any]:
    return {
        "kind": "portefoelje",
        "dokument_id": "PF",
        "kommuner": ["Holbæk"],
        "driftsbeslutninger": [
            {"kommuner": ["Holbæk"], "opgaver": ["akutsygepleje"], "drift": drift, "dato": "2026-03-17", **decision}
        ],
        "dokumenter": [
            {"kind": "horisontal_samarbejdsaftale", "dokument_id": "HSA-HOLBAEK-AKUT", "region": OEST,
             "kommune": "Holbæk", "opgave": "akutsygepleje", "godkendt_kommunalbestyrelse": "2026-03-24"}
        ],
    }


@pytest.mark.parametrize(
    ("drift", "body", "outcome"),
    [
        ("kommune", "forberedende_regionsraad", "pass"),
        ("kommune", "regionsraad", "pass"),
        ("kommune", "region_sjaelland", "review"),
        ("kommune", "region_hovedstaden", "review"),
        ("kommune", None, "review"),
        # the region has not approved the agreement: a draft, reviewed (test_legal_of_read.py)
        ("region", "forberedende_regionsraad", "review"),
        ("region", "region_hovedstaden", "review"),
        ("region", None, "review"),
    ],
)
def test_of17_the_decision_counts_only_from_the_regionsraad(drift: str, body: str | None, outcome: str) -> None:
    decision = {} if body is None else {"besluttet_af": body}
    f = at(_route(drift, **decision), "OF-17", "/kommuner/0/akutsygepleje")
    assert f.outcome == outcome
    if body in ("region_sjaelland", "region_hovedstaden"):
        assert "forberedende regionsråd of Region Østdanmark that decides" in f.message
    if body is None:
        assert "does not say which body" in f.message


# --- OF-14: what citizens pay for, in the reader's language ---------------------------------


@pytest.mark.parametrize(
    ("kind", "rule_id"), [("horisontal_samarbejdsaftale", "OF-14.1"), ("anmodning_om_fortsat_drift", "OF-14.2")]
)
def test_of14_english_message_shows_no_danish_values(kind: str, rule_id: str) -> None:
    doc = {"kind": kind, "dokument_id": "X", "region": OEST, "kommune": "Holbæk",
           "opgave": "sundheds_og_omsorgspladser", "brugerbetaling": True,
           "brugerbetaling_for": ["kost", "linned", "medicin_apotek"]}
    en = at(doc, rule_id, "/brugerbetaling_for")
    assert en.outcome == "review"
    assert "pay for board and linen besides" in en.message
    for danish in ("kost", "linned", "medicin_apotek"):
        assert danish not in en.message
    assert en.evidence["brugerbetaling_arter"] == ["kost", "linned", "medicin_apotek"]
    da = at(doc, rule_id, "/brugerbetaling_for", lang="da")
    assert "medicin_apotek" not in da.message and "betale for kost og linned ud over" in da.message


# --- OF-33: a payment below the estimate ---------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rule_id"), [("horisontal_samarbejdsaftale", "OF-33.1"), ("anmodning_om_fortsat_drift", "OF-33.2")]
)
@pytest.mark.parametrize(
    ("betaling", "da_part", "en_part"),
    [(14_199_999, "ligger 1 kr. under", "is DKK 1 below"), (14_200_001, "ligger 1 kr. over", "is DKK 1 above")],
)
def test_of33_payment_off_the_estimate_names_the_direction(
    kind: str, rule_id: str, betaling: int, da_part: str, en_part: str
) -> None:
    doc = {"kind": kind, "dokument_id": "X", "region": OEST, "kommune": "Holbæk", "opgave": "akutsygepleje",
           "afregning": {"grundlag": "takst", "skoennede_omkostninger_kr": 14_200_000, "betaling_kr": betaling}}
    da = at(doc, rule_id, "/afregning/betaling_kr", lang="da")
    en = at(doc, rule_id, "/afregning/betaling_kr")
    assert da.outcome == en.outcome == "review"
    assert da_part in da.message and en_part in en.message
    assert "-1" not in da.message and "-1" not in en.message
