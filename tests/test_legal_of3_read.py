"""The third read of the portfolio rules on moved tasks (docs/legal-review.md, OF-15,
OF-16.1 and OF-17): an HSA for a part of a task against a decision for regional
operation (003:132), and a portfolio that does not hold the whole sundhedsråd
(003:72-96). Each test fails if the reading regresses; the helpers compare both
backends on every case."""

from __future__ import annotations

from typing import Any

import pytest

from .test_legal_portefoelje import ALL_TASKS, APPROVED, at, deling, hsa, pf

# --- OF-17: an HSA for a part of a task (003:132, "hele eller dele af driften") ------------


def _regional(*docs: dict[str, Any]) -> dict[str, Any]:
    # The forberedende regionsråd decided on 17 March 2026 that the region runs the places
    # in Helsingør (real-2025-26.md C4, C6); the region approved the agreements before.
    return pf(
        *docs,
        kommuner=["Helsingør"],
        driftsbeslutninger=[
            {"kommuner": ["Helsingør"], "opgaver": ["sundheds_og_omsorgspladser"], "drift": "region",
             "dato": "2026-03-17", "besluttet_af": "forberedende_regionsraad"},
        ],
    )


def _approved_hsa(did: str, **extra: Any) -> dict[str, Any]:
    return {**hsa("Helsingør", "sundheds_og_omsorgspladser", godkendt_regionsraad="2026-03-16",
                  godkendt_kommunalbestyrelse="2026-03-24", **extra), "dokument_id": did}


@pytest.mark.parametrize(
    ("omfang", "outcome", "level"),
    [("hele", "fail", "error"), ("dele", "review", "warning"), (None, "review", "error")],
)
def test_of17_only_an_agreement_on_the_whole_task_fails(omfang: str | None, outcome: str, level: str) -> None:
    extra = {} if omfang is None else {"omfang": omfang}
    f = at(_regional(_approved_hsa("HSA-1", **extra)), "OF-17", "/kommuner/0/sundheds_og_omsorgspladser")
    assert (f.outcome, f.level, f.evidence["hsa_omfang"]) == (outcome, level, omfang)
    if omfang == "dele":
        assert "covers a part of the operation" in f.message and "leaves that part to the municipality" in f.message
    if omfang is None:
        assert "does not say whether it covers the whole operation or a part" in f.message


def test_of17_the_part_reading_is_in_danish_too() -> None:
    f = at(_regional(_approved_hsa("HSA-1", omfang="dele")), "OF-17", "/kommuner/0/sundheds_og_omsorgspladser", lang="da")
    assert "angår en del af driften" in f.message and "overlader netop den del til kommunen" in f.message


@pytest.mark.parametrize(
    ("first", "second", "outcome", "omfang"),
    [
        ("dele", "hele", "fail", "hele"),  # one agreement covers the whole task
        ("dele", "dele", "review", "dele"),  # two parts (two sites)
        ("dele", None, "review", None),  # one does not say
    ],
)
def test_of17_several_agreements_fail_only_if_one_covers_the_whole_task(
    first: str, second: str | None, outcome: str, omfang: str | None
) -> None:
    other = {} if second is None else {"omfang": second}
    doc = _regional(_approved_hsa("HSA-1", omfang=first), _approved_hsa("HSA-2", **other))
    f = at(doc, "OF-17", "/kommuner/0/sundheds_og_omsorgspladser")
    assert (f.outcome, f.evidence["hsa_omfang"]) == (outcome, omfang)


def test_of17_the_scope_of_a_draft_the_region_never_approved_does_not_count() -> None:
    # An unapproved draft on the whole task beside an approved one on a part: the draft
    # is not concluded (OF-17's warning branch is for drafts only), the part decides.
    draft = {**hsa("Helsingør", "sundheds_og_omsorgspladser", omfang="hele"), "dokument_id": "HSA-UDKAST"}
    f = at(_regional(_approved_hsa("HSA-1", omfang="dele"), draft), "OF-17", "/kommuner/0/sundheds_og_omsorgspladser")
    assert (f.outcome, f.level, f.evidence["hsa_omfang"]) == ("review", "warning", "dele")


def test_of17_a_decision_for_municipal_operation_passes_whatever_the_scope() -> None:
    doc = pf(
        {**hsa("Roskilde", "sundheds_og_omsorgspladser", **APPROVED, omfang="dele"), "dokument_id": "HSA-ROSKILDE"},
        kommuner=["Roskilde"],
        driftsbeslutninger=[{"kommuner": ["Roskilde"], "opgaver": ["sundheds_og_omsorgspladser"], "drift": "kommune",
                             "dato": "2026-03-17", "besluttet_af": "forberedende_regionsraad"}],
    )
    assert at(doc, "OF-17", "/kommuner/0/sundheds_og_omsorgspladser").outcome == "pass"


# --- OF-15: an HSA on a part beside a delingsaftale on the rest is not failed --------------


@pytest.mark.parametrize("omfang", ["dele", "hele", None])
def test_of15_an_hsa_and_a_delingsaftale_for_one_task_is_review_not_fail(omfang: str | None) -> None:
    extra = {} if omfang is None else {"omfang": omfang}
    doc = pf(hsa("Helsingør", "sundheds_og_omsorgspladser", **APPROVED, **extra), deling("Helsingør", ALL_TASKS),
             kommuner=["Helsingør"])
    assert at(doc, "OF-15", "/kommuner/0/sundheds_og_omsorgspladser").outcome == "review"


def test_of15_an_hsa_on_a_part_alone_passes() -> None:
    doc = pf(hsa("Helsingør", "sundheds_og_omsorgspladser", **APPROVED, omfang="dele"),
             deling("Helsingør", [t for t in ALL_TASKS if t != "sundheds_og_omsorgspladser"]), kommuner=["Helsingør"])
    assert at(doc, "OF-15", "/kommuner/0/sundheds_og_omsorgspladser").outcome == "pass"


# --- OF-16.1: a portfolio of part of a council (003:72-96) ------------------------------------

NORDSJAELLAND = ["Hillerød", "Helsingør", "Fredensborg", "Gribskov", "Halsnæs", "Frederikssund", "Allerød", "Hørsholm", "Egedal"]


def _council(kommuner: list[str], pladser: int, members: list[str] | None, **extra: Any) -> dict[str, Any]:
    given = {} if members is None else {"sundhedsraadenes_kommuner": {"Sundhedsråd Nordsjælland": members}}
    return pf(deling("Hillerød", ["sundheds_og_omsorgspladser"], pladser=pladser), kommuner=kommuner,
              sundhedsraad="Sundhedsråd Nordsjælland", **given, **extra)


@pytest.mark.parametrize(
    ("kommuner", "members", "pladser", "outcome", "hele"),
    [
        # the whole council given and held: the figure is compared
        (NORDSJAELLAND, NORDSJAELLAND, 167, "fail", True),
        (NORDSJAELLAND, NORDSJAELLAND, 168, "pass", True),
        # one municipality's own portfolio, the council's municipalities given: not applicable
        (["Hillerød"], NORDSJAELLAND, 40, "not_applicable", False),
        (["Hillerød"], NORDSJAELLAND, 400, "not_applicable", False),
        # the council's municipalities not given: a shortfall is review, an excess still fails
        (["Hillerød"], None, 40, "review", None),
        (["Hillerød"], None, 169, "pass", None),
        (["Hillerød"], None, 171, "fail", None),
    ],
)
def test_of16_1_compares_the_council_figure_only_with_the_whole_council(
    kommuner: list[str], members: list[str] | None, pladser: int, outcome: str, hele: bool | None
) -> None:
    f = at(_council(kommuner, pladser, members), "OF-16.1", "/sundhedsraad")
    assert (f.outcome, f.evidence["hele_sundhedsraad"]) == (outcome, hele)
    if outcome in ("fail", "review"):
        assert f.level == "warning"
    if outcome == "not_applicable":
        assert f.evidence["manglende_kommuner"] == NORDSJAELLAND[1:]
        assert "Helsingør, Fredensborg" in f.message and "Egedal missing" in f.message
    if outcome == "review":
        assert "does not give the council's municipalities" in f.message


def test_of16_1_council_names_match_as_in_the_source_table() -> None:
    # 003:92 names the council without 'Sundhedsråd'; the municipalities given match either way.
    doc = pf(deling("Roskilde", ["sundheds_og_omsorgspladser"], pladser=189), kommuner=["Roskilde", "Køge"],
             sundhedsraad="Østsjælland og Øerne",
             sundhedsraadenes_kommuner={"Sundhedsråd Østsjælland og Øerne": ["Roskilde", "Køge"]})
    f = at(doc, "OF-16.1", "/sundhedsraad")
    assert (f.outcome, f.evidence["hele_sundhedsraad"]) == ("pass", True)


def test_of16_1_a_region_portfolio_judges_each_council_by_its_own_municipalities() -> None:
    # Two councils in one region portfolio: Nordsjælland given and whole, Hovedstaden given
    # but without Frederiksberg.
    doc = pf(
        deling("Hillerød", ["sundheds_og_omsorgspladser"], pladser=169),
        deling("København", ["sundheds_og_omsorgspladser"], pladser=200),
        region="Region Østdanmark",
        kommuner=NORDSJAELLAND + ["København"],
        sundhedsraadenes_kommuner={"Sundhedsråd Nordsjælland": NORDSJAELLAND,
                                   "Sundhedsråd Hovedstaden": ["København", "Frederiksberg"]},
    )
    by_council = {f.evidence["sundhedsraad"]: f for f in [f for f in _all(doc, "OF-16.1")]}
    assert by_council["Sundhedsråd Nordsjælland"].outcome == "pass"
    hovedstaden = by_council["Sundhedsråd Hovedstaden"]
    assert (hovedstaden.outcome, hovedstaden.evidence["manglende_kommuner"]) == ("not_applicable", ["Frederiksberg"])


def test_of16_2_and_16_3_are_not_changed_by_a_partial_portfolio() -> None:
    # OF-16.2 judges each municipality the portfolio holds, so a part of a council does
    # not make it fire on municipalities it does not hold; OF-16.3 needs the whole region.
    doc = _council(["Hillerød"], 40, NORDSJAELLAND)
    assert [f.outcome for f in _all(doc, "OF-16.2")] == ["pass"]
    assert [f.outcome for f in _all(doc, "OF-16.3")] == ["not_applicable"]


def _all(doc: dict[str, Any], rule_id: str) -> list[Any]:
    from .test_legal_portefoelje import findings

    return findings(doc, rule_id)
