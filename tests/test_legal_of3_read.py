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

