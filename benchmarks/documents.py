"""Fictitious benchmark documents: one realistic document of each kind, and portfolios.

The documents are plain JSON-ready data (what a caller reads from disk), so that the
benchmarks can time the whole path: parse JSON, validate, derive facts, evaluate and
build the report. They are deliberately mid-sized (a tilsagnsaftale with several
indsatser and krav, a delingsaftale with a handful of poster) rather than minimal.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

TILSAGNSAFTALE: dict[str, Any] = {
    "kind": "tilsagnsaftale",
    "dokument_id": "TIL-MIDTVEST-2026",
    "titel": "Tilsagnsaftale om kommunale sundhedsindsatser i Sundhedsråd Midt- og Vestsjælland",
    "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
    "region": "Region Østdanmark",
    "aftaletype": "samlet",
    "kommuner": ["Holbæk", "Kalundborg", "Odsherred", "Sorø"],
    "sundhedsraadets_kommuner": ["Holbæk", "Kalundborg", "Odsherred", "Sorø"],
    "indgaaet": "2026-09-15",
    "bevillinger": [
        {"budgetaar": 2027, "beloeb_kr": 18_500_000},
        {"budgetaar": 2028, "beloeb_kr": 19_000_000},
    ],
    "indsatser": [
        {
            "betegnelse": "Udvidet hjemmesygepleje om aftenen",
            "opgaveomraade": "sundhed",
            "myndighedsansvar": "kommune",
            "varig": True,
            "periode": {"start": "2027-01-01", "slut": "2030-12-31"},
            "aarligt_beloeb_kr": 6_000_000,
        },
        {
            "betegnelse": "Forebyggende hjemmebesøg til ældre over 75",
            "opgaveomraade": "aeldre",
            "myndighedsansvar": "kommune",
            "varig": True,
            "periode": {"start": "2027-01-01", "slut": "2030-12-31"},
            "aarligt_beloeb_kr": 3_500_000,
        },
        {
            "betegnelse": "Tidlig opsporing af KOL i jobcentret",
            "opgaveomraade": "beskaeftigelse",
            "myndighedsansvar": "kommune",
            "varig": False,
            "periode": {"start": "2027-01-01", "slut": "2028-12-31"},
            "aarligt_beloeb_kr": 2_000_000,
        },
        {
            "betegnelse": "Rehabiliteringsforløb efter udskrivning",
            "opgaveomraade": "sundhed",
            "myndighedsansvar": "kommune",
            "varig": True,
            "periode": {"start": "2027-03-01", "slut": "2030-12-31"},
            "aarligt_beloeb_kr": 4_500_000,
        },
        {
            "betegnelse": "Sundhedsplejerske til familier med psykisk sårbarhed",
            "opgaveomraade": "boern_og_unge",
            "myndighedsansvar": "kommune",
            "varig": True,
            "periode": {"start": "2027-01-01", "slut": "2030-12-31"},
            "aarligt_beloeb_kr": 2_500_000,
        },
    ],
    "krav": [
        {"betegnelse": "Sygeplejefaglig vurdering inden for to timer", "art": "faglighed", "omraader": ["sundhed"]},
        {"betegnelse": "Fælles kvalitetsstandard for hjemmebesøg", "art": "kvalitet", "omraader": ["aeldre"]},
        {"betegnelse": "Mindst 400 aftenbesøg om ugen", "art": "kapacitet", "omraader": ["sundhed"]},
        {"betegnelse": "Halvårlig aktivitetsopgørelse", "art": "rapportering", "omraader": ["sundhed", "aeldre"]},
        {"betegnelse": "Rehabiliteringsforløb i gang senest 14 dage efter udskrivning", "art": "indsats"},
        {"betegnelse": "Fælles data om genindlæggelser", "art": "andet"},
    ],
    "tidsperiode": {"start": "2027-01-01", "slut": "2030-12-31"},
    "bindingsperiode": {"start": "2027-01-01", "slut": "2028-12-31"},
    "ophaevelse": {
        "vilkaar": "Tilsagnet kan ophæves med 6 måneders varsel, hvis indsatsen ikke leveres som aftalt.",
        "kan_ophaeves_af": ["sundhedsraad", "kommune"],
    },
    "informationsdeling": "Kommunerne deler aktivitetsdata med sundhedsrådet hvert halvår.",
    "kommunal_koordinering": True,
    "regional_ydelsesbetaling": {"beloeb_kr": 0, "samtykke_fra_alle_kommunalbestyrelser": True},
}

HORISONTAL_SAMARBEJDSAFTALE: dict[str, Any] = {
    "kind": "horisontal_samarbejdsaftale",
    "dokument_id": "HSA-SOROE-AKUT",
    "titel": "Horisontal samarbejdsaftale om akutsygepleje i Sorø Kommune",
    "region": "Region Østdanmark",
    "kommune": "Sorø",
    "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
    "opgave": "akutsygepleje",
    "myndighedsansvar": "region",
    "godkendt_regionsraad": "2026-03-12",
    "godkendt_kommunalbestyrelse": "2026-03-19",
    "sendt_til_ministeriet": "2026-03-26",
    "faelles_maal": "Borgerne får akutsygepleje døgnet rundt tæt på hjemmet.",
    "bidrag_region": "Regionen stiller lægefaglig rådgivning og udgående funktioner til rådighed.",
    "bidrag_kommune": "Kommunen driver akutsygeplejen med eget personale.",
    "ansvarsfordeling": "Kommunen leverer besøg og behandling; regionen har myndighedsansvaret.",
    "finansiering": "Regionen betaler 9,8 mio. kr. årligt, reguleret med pris- og lønudviklingen.",
    "opfoelgning": "Halvårlige møder og en årlig afrapportering til sundhedsrådet.",
    "opsigelse": {"varsel_maaneder": 9, "kan_opsiges_af": ["region", "kommune"]},
    "misligholdelse": "Væsentlig misligholdelse giver ret til ophævelse efter skriftligt påkrav.",
    "start": "2027-01-01",
    "brugerbetaling": False,
}

ANMODNING_OM_FORTSAT_DRIFT: dict[str, Any] = {
    "kind": "anmodning_om_fortsat_drift",
    "dokument_id": "ANM-ODSHERRED-SOP",
    "titel": "Anmodning om fortsat drift af sundheds- og omsorgspladser i Odsherred Kommune",
    "region": "Region Østdanmark",
    "kommune": "Odsherred",
    "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
    "opgave": "sundheds_og_omsorgspladser",
    "afgivet": "2026-04-07",
    "meddelt_ministeriet": "2026-04-09",
    "slut": "2028-12-31",
    "udgiftsdaekning": "fuld",
    "brugerbetaling": False,
    "pladser": 18,
}

DELINGSAFTALE: dict[str, Any] = {
    "kind": "delingsaftale",
    "dokument_id": "DEL-KALUNDBORG-FOREB",
    "titel": "Delingsaftale om patientrettet forebyggelse, Kalundborg Kommune",
    "region": "Region Østdanmark",
    "kommune": "Kalundborg",
    "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
    "opgaver": ["patientrettet_forebyggelse"],
    "udkast_leveret": "2026-04-27",
    "godkendt_regionsraad": "2026-06-16",
    "godkendt_kommunalbestyrelse": "2026-06-25",
    "poster": [
        {"betegnelse": "Sundhedscentret, Skibbrogade 40", "kategori": "aktiv", "andel_til_opgaven_pct": 60, "vurderingsdato": "2025-05-25"},
        {"betegnelse": "Lejemål til holdtræning", "kategori": "forpligtelse", "andel_til_opgaven_pct": 100, "vurderingsdato": "2025-05-25"},
        {"betegnelse": "Licens til borgerrettet booking", "kategori": "rettighed", "andel_til_opgaven_pct": 50, "vurderingsdato": "2025-05-25"},
        {"betegnelse": "Leasede træningsmaskiner", "kategori": "passiv", "andel_til_opgaven_pct": 100, "vurderingsdato": "2025-05-25"},
        {"betegnelse": "Sygeplejersker i forebyggelsesteamet (4 årsværk)", "kategori": "ansat", "andel_til_opgaven_pct": 90, "vurderingsdato": "2025-05-25"},
        {"betegnelse": "Diætist (1 årsværk)", "kategori": "ansat", "andel_til_opgaven_pct": 75, "vurderingsdato": "2025-05-25"},
    ],
    "vederlag_kr": 0,
}

SINGLES: dict[str, dict[str, Any]] = {
    "tilsagnsaftale": TILSAGNSAFTALE,
    "horisontal_samarbejdsaftale": HORISONTAL_SAMARBEJDSAFTALE,
    "anmodning_om_fortsat_drift": ANMODNING_OM_FORTSAT_DRIFT,
    "delingsaftale": DELINGSAFTALE,
}


def single(kind: str, number: int = 0) -> dict[str, Any]:
    """A fresh copy of the sample document of ``kind``, with a distinct dokument_id."""
    doc = copy.deepcopy(SINGLES[kind])
    if number:
        doc["dokument_id"] = f"{doc['dokument_id']}-{number}"
    return doc


def mixed(count: int) -> list[dict[str, Any]]:
    """``count`` single documents cycling through the four kinds, all with distinct ids."""
    kinds = itertools.cycle(SINGLES)
    return [single(next(kinds), i + 1) for i in range(count)]


def portfolio(size: int) -> dict[str, Any]:
    """A portfolio of ``size`` documents of all four kinds (one sundhedsråd's agreements)."""
    return {
        "kind": "portefoelje",
        "dokument_id": f"PF-MIDTVEST-{size}",
        "titel": "Aftaler i Sundhedsråd Midt- og Vestsjælland",
        "sundhedsraad": "Sundhedsråd Midt- og Vestsjælland",
        "region": "Region Østdanmark",
        "kommuner": ["Holbæk", "Kalundborg", "Odsherred", "Sorø"],
        "rammer": [{"budgetaar": 2027, "beloeb_kr": 40_000_000}, {"budgetaar": 2028, "beloeb_kr": 41_000_000}],
        "aftalte_pladser": 42,
        "dokumenter": mixed(size),
    }
