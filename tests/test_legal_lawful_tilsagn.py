"""A corpus of lawful tilsagnsaftaler, modelled on what the sources describe, that must
give no `fail` at level error or warning at any evaluation date from 2026 to 2028, on
every backend (the second lawyer's read, docs/decisions.md "The second read of the
tilsagn rules (December 2026)").

Each document is lawful by the source lines cited beside it, not by our rules; the notes
the rules give on lawful choices KL advises against, or on the 2026 waiver, are allowed
(level note) and listed where they are expected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._check.loading import to_document
from sundhedsregler._engine.examples import merge_patch

from .conftest import BACKENDS, FIXTURES, RULES

# Evaluation dates across 2026-2028: the start of each year, the day before, on and after
# each 1 April deadline (000:70, 000:82), the move of the four tasks on 1 January 2027
# (003:3), and the end of each budget year (000:84).
AS_OF_DATES = [
    dt.date(2026, 1, 1),
    dt.date(2026, 3, 31),
    dt.date(2026, 4, 1),
    dt.date(2026, 4, 2),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(2027, 3, 31),
    dt.date(2027, 4, 1),
    dt.date(2027, 4, 2),
    dt.date(2027, 12, 31),
    dt.date(2028, 1, 1),
    dt.date(2028, 4, 2),
    dt.date(2028, 12, 31),
]

COUNCIL = ["Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse", "Sorø"]

HOME_NURSING = {
    "betegnelse": "Udvidet sygepleje i eget hjem om aftenen og natten",
    "opgaveomraade": "sundhed",
    "myndighedsansvar": "kommune",
    "varig": True,
    "aarligt_beloeb_kr": 4_000_000,
    "karakter": "udbygning",
}
REHAB = {
    "betegnelse": "Hverdagsrehabilitering i hjemmeplejen",
    "opgaveomraade": "aeldre",
    "myndighedsansvar": "kommune",
    "varig": True,
    "aarligt_beloeb_kr": 1_500_000,
    "karakter": "ny",
}
QUALITY = {
    "betegnelse": "Sygeplejen følger den nationale kvalitetsstandard",
    "art": "kvalitet",
    "omraader": ["sundhed"],
    "skoennet_aarlig_omkostning_kr": 1_000_000,
}
BOTH_REVOKE = {
    "vilkaar": "Hver part kan ophæve tilsagnet med seks måneders varsel til udgangen af et budgetår",
    "kan_ophaeves_af": ["kommune", "sundhedsraad"],
}


def _tilsagn(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / "tilsagn.yaml").read_text(encoding="utf-8"))
    return merge_patch(data, changes)


# The corpus: (name, document, rules allowed to give a note-level fail).
LAWFUL: list[tuple[str, dict[str, Any], frozenset[str]]] = [
    # A bilateral agreement for 2027-2028 concluded before the first deadline by the
    # sundhedsråd under a delegation in the styrelsesvedtægt (000:64-68, 000:70;
    # 002:121-133): the project's reference fixture.
    ("bilateral-2027-fixture", _tilsagn(), frozenset()),
    # The same agreement concluded late in the start year, decided by the forberedende
    # regionsråd of Region Østdanmark, the region's side in 2026 (000:70 "kan denne
    # tidsfrist fraviges"; 003:136, 003:141).
    (
        "bilateral-2027-late-forberedende-regionsraad",
        _tilsagn(indgaaet="2026-09-15", besluttet_af="forberedende_regionsraad", delegationsgrundlag=None, delegation_dato=None),
        frozenset({"TP-1"}),
    ),
    # A samlet aftale with all six municipalities of the council, decided by the
    # regionsråd, concluded on the deadline day itself, amounts per municipality
    # (000:68, 000:76, 000:82; real:134 "en eller flere kommunalbestyrelser").
    (
        "samlet-2028-on-the-deadline",
        _tilsagn(
            aftaletype="samlet",
            kommuner=COUNCIL,
            indgaaet="2027-04-01",
            besluttet_af="regionsraad",
            delegationsgrundlag=None,
            delegation_dato=None,
            bevillinger=[{"budgetaar": 2028, "beloeb_kr": 5_000_000, "kommune": k} for k in COUNCIL],
            tidsperiode={"start": "2028-01-01", "slut": "2028-12-31"},
            bindingsperiode={"start": "2028-01-01", "slut": "2028-12-31"},
            krav=[{**QUALITY, "binder_til": "2028-12-31"}],
        ),
        frozenset(),
    ),
    # An agreement with several, not all, of the council's municipalities (real:134).
    (
        "flere-kommuner",
        _tilsagn(aftaletype="flere", kommuner=["Holbæk", "Kalundborg"]),
        frozenset(),
    ),
    # A long agreement: no state limit on the length of a tilsagn (000:80), ten years of
    # binding for long-term capacity (000:111).
    (
        "ten-year-capacity",
        _tilsagn(
            bevillinger=[{"budgetaar": y, "beloeb_kr": 6_000_000} for y in range(2027, 2037)],
            tidsperiode={"start": "2027-01-01", "slut": "2036-12-31"},
            bindingsperiode={"start": "2027-01-01", "slut": "2036-12-31"},
            indsatser=[HOME_NURSING, REHAB],
            krav=[{**QUALITY, "binder_til": "2036-12-31"}],
        ),
        frozenset(),
    ),
    # Revocation terms under which only the municipality may revoke, and the council side
    # is bound for the period: the frame for both sides is stated (000:78, 000:111).
    (
        "only-the-municipality-may-revoke",
        _tilsagn(
            ophaevelse={
                "vilkaar": "Sundhedsrådet kan ikke ophæve tilsagnet i bindingsperioden; kommunen kan ophæve med seks måneders varsel",
                "kan_ophaeves_af": ["kommune"],
            }
        ),
        frozenset(),
    ),
    # Paying for near regional services with the agreement of all the council's municipal
    # councils (000:50), with a quality requirement on the regional service bought: the
    # requirement is on what the money buys, not on a municipal task. KL advises against
    # the choice, which gives FA-1c's note.
    (
        "regional-services-with-all-councils",
        _tilsagn(
            indsatser=[
                HOME_NURSING,
                {
                    "betegnelse": "Udgående sygehusteam til borgere i eget hjem",
                    "opgaveomraade": "regional_sundhed",
                    "myndighedsansvar": "region",
                    "varig": True,
                    "aarligt_beloeb_kr": 2_000_000,
                    "karakter": "udbygning",
                },
            ],
            regional_ydelsesbetaling={"beloeb_kr": 2_000_000, "samtykke_fra_alle_kommunalbestyrelser": True},
            krav=[
                {**QUALITY, "binder_til": "2028-12-31"},
                {
                    "betegnelse": "Sygehusteamet tilser borgeren senest dagen efter henvisning",
                    "art": "kvalitet",
                    "omraader": ["regional_sundhed"],
                    "skoennet_aarlig_omkostning_kr": 0,
                    "binder_til": "2028-12-31",
                },
            ],
        ),
        frozenset({"FA-1c"}),
    ),
    # One period serving as both time and binding period: the tilsagn runs 2027-2028, each
    # side can revoke on stated terms, and no separate binding period is written (000:78
    # asks that the periods appear; here the one period is both).
    (
        "one-period-for-time-and-binding",
        _tilsagn(bindingsperiode=None),
        frozenset(),
    ),
    # An amendment (tillæg) adding budget year 2029 to the fixture's agreement, concluded
    # before the 1 April deadline of the year before (000:82), silent on what it does not
    # change: the main agreement's periods and revocation terms apply (000:78).
    (
        "amendment-adding-2029",
        {
            "kind": "tilsagnsaftale",
            "dokument_id": "TILSAGN-HOLBAEK-2027-TILLAEG-1",
            "tillaeg_til": "TILSAGN-HOLBAEK-2027",
            "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
            "region": "Region Østdanmark",
            "aftaletype": "bilateral",
            "kommuner": ["Holbæk"],
            "sundhedsraadets_kommuner": COUNCIL,
            "indgaaet": "2028-03-01",
            "besluttet_af": "regionsraad",
            "bevillinger": [{"budgetaar": 2029, "beloeb_kr": 6_500_000}],
        },
        frozenset(),
    ),
    # Requirements the principle allows: a forudsætning on professional level and
    # quality, capacity as places, and reporting of activity (000:110; 000:72, 000:84).
    (
        "allowed-requirements",
        _tilsagn(
            krav=[
                {**QUALITY, "art": "faglighed", "betegnelse": "Sygeplejersker med specialuddannelse i palliation", "binder_til": "2028-12-31"},
                {**QUALITY, "art": "kapacitet", "omraader": ["aeldre"], "betegnelse": "Otte rehabiliteringsforløb om måneden", "binder_til": "2028-12-31"},
                {**QUALITY, "art": "rapportering", "omraader": ["sundhed", "aeldre"], "betegnelse": "Årlig afrapportering af aktivitet", "binder_til": "2028-12-31"},
            ]
        ),
        frozenset(),
    ),
]


def _outcomes(doc: dict[str, Any], as_of: dt.date, backend: str) -> list[Any]:
    report = sundhedsregler.evaluate(to_document(doc, source="lawful"), as_of=as_of, rules=RULES, backend=backend)
    return list(report.findings)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("name", "doc", "notes"), LAWFUL, ids=[c[0] for c in LAWFUL])
def test_a_lawful_tilsagnsaftale_gives_no_error_or_warning(name: str, doc: dict[str, Any], notes: frozenset[str], backend: str) -> None:
    for as_of in AS_OF_DATES:
        fails = [f for f in _outcomes(doc, as_of, backend) if f.outcome == "fail"]
        serious = [(f.rule_id, f.level, f.message) for f in fails if f.level != "note"]
        assert serious == [], (name, as_of.isoformat())
        unexpected = sorted({f.rule_id for f in fails} - notes)
        assert unexpected == [], (name, as_of.isoformat())


def _council_portfolio() -> dict[str, Any]:
    # A council's portfolio in which one samlet aftale commits the whole minimum frame for
    # 2027 and 2028, every municipality has a share (000:52), the frames are within the
    # national phase-in (000:27) and the agreement is concluded in the start year before
    # the first deadline (000:70).
    samlet = _tilsagn(
        aftaletype="samlet",
        kommuner=COUNCIL,
        besluttet_af="forberedende_regionsraad",
        delegationsgrundlag=None,
        delegation_dato=None,
        bevillinger=[{"budgetaar": y, "beloeb_kr": 5_000_000, "kommune": k} for y in (2027, 2028) for k in COUNCIL],
    )
    return {
        "kind": "portefoelje",
        "dokument_id": "PF-LAWFUL",
        "sundhedsraad": samlet["sundhedsraad"],
        "region": samlet["region"],
        "kommuner": COUNCIL,
        "rammer": [{"budgetaar": 2027, "beloeb_kr": 30_000_000}, {"budgetaar": 2028, "beloeb_kr": 30_000_000}],
        "dokumenter": [samlet],
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_lawful_council_portfolio_gives_no_fail(backend: str) -> None:
    pf = _council_portfolio()
    for as_of in AS_OF_DATES:
        fails = [(f.rule_id, f.level, f.message) for f in _outcomes(pf, as_of, backend) if f.outcome == "fail"]
        assert fails == [], as_of.isoformat()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_corpus_is_checked_after_conclusion_too(backend: str) -> None:
    # The dates are not all before the agreements were concluded: on the last date every
    # agreement of the corpus is concluded and its deadline rules have passed it.
    last = AS_OF_DATES[-1]
    for name, doc, _ in LAWFUL:
        [tp1, *_] = [f for f in _outcomes(doc, last, backend) if f.rule_id == "TP-1"]
        assert tp1.outcome in {"pass", "fail"}, name


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_amendment_silent_on_periods_and_revocation_is_reviewed_not_failed(backend: str) -> None:
    # The amendment leaves the main agreement's periods and revocation terms in force
    # (000:78), which the rules cannot see: FA-4a and FA-4b ask a person (review, level
    # error: what is at stake if the main agreement does not cover it); FA-2 passes.
    [amendment] = [doc for name, doc, _ in LAWFUL if name == "amendment-adding-2029"]
    findings = {f.rule_id: f for f in _outcomes(amendment, dt.date(2028, 3, 2), backend)}
    assert (findings["FA-4a"].outcome, findings["FA-4a"].path) == ("review", "/tidsperiode/start")
    assert (findings["FA-4b"].outcome, findings["FA-4b"].path) == ("review", "/ophaevelse/vilkaar")
    assert findings["FA-4a"].evidence["tillaeg_til"] == "TILSAGN-HOLBAEK-2027"
    assert findings["FA-2"].outcome == "pass"
    # The same document without tillaeg_til is an agreement silent on what it must state.
    plain = {k: v for k, v in amendment.items() if k != "tillaeg_til"}
    findings = {f.rule_id: f for f in _outcomes(plain, dt.date(2028, 3, 2), backend)}
    assert (findings["FA-4a"].outcome, findings["FA-4a"].level) == ("fail", "error")
    assert (findings["FA-4b"].outcome, findings["FA-4b"].level) == ("fail", "error")
    assert (findings["FA-2"].outcome, findings["FA-2"].level) == ("fail", "note")
