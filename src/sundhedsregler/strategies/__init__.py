"""Hypothesis strategies for documents of the health reform, for property-based tests.

Each document kind has a strategy named as a plural noun, returning typed model
instances::

    tilsagnsaftaler()                 -> SearchStrategy[Tilsagnsaftale]
    horisontale_samarbejdsaftaler()   -> SearchStrategy[HorisontalSamarbejdsaftale]
    anmodninger()                     -> SearchStrategy[AnmodningOmFortsatDrift]
    delingsaftaler()                  -> SearchStrategy[Delingsaftale]
    oekonomiske_dispositioner()       -> SearchStrategy[OekonomiskDisposition]
    portefoeljer()                    -> SearchStrategy[Portefoelje]
    documents()                       -> any of the above

``compliant=None`` (the default) gives any valid document: realistic names (Danish
municipalities, regions and the sundhedsråd of Region Østdanmark), dates around
2025-2028 and amounts in whole kroner. ``compliant=True`` gives documents that no rule
finds fault with as of ``as_of`` (no ``fail``, ``review`` or ``missing_information``);
``compliant=False`` documents with at least one such finding.

``violating(rule_id, as_of=...)`` gives documents that fail one rule, and no other rule
at error level where the rule set allows that; ``satisfying(rule_id, as_of=...)``
documents the rule passes.

How the rule-driven strategies work, generically from the rule files: the seeds are the
fixtures in ``rules/_fixtures/`` and every rule example's document; a seed that gives the
wanted outcome as of ``as_of`` is varied freely in the fields the rule does not read
(found by watching which attributes the rule's facts touch) and in at most one field it
does read, and every drawn document is checked with the library's own evaluation
(plain-Python backend). Shrinking leads back to the
seed, so a failing test shows a real, readable example.

The municipality-to-council grouping used for generated data is illustrative; which
municipalities belong to which council is input data to the rules, never shipped.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast, get_args

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ModuleNotFoundError as exc:  # pragma: no cover - tests/test_packaging.py runs it in a subprocess
    if exc.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "sundhedsregler.strategies needs Hypothesis, which is not installed: install the extra, "
        "e.g. `python3 -m pip install '.[hypothesis]'` in a checkout (docs/testing-with-hypothesis.md)",
        name="hypothesis",
    ) from None
from pydantic import BaseModel

from ..errors import DocumentError
from ..models import (
    Afregningsgrundlag,
    AnmodningOmFortsatDrift,
    Delingsaftale,
    Delingsanledning,
    Document,
    FlyttetOpgave,
    HorisontalSamarbejdsaftale,
    IndsatsKarakter,
    KravArt,
    OekonomiskDisposition,
    Opgaveomraade,
    Ordning,
    Portefoelje,
    PostKategori,
    Tilsagnsaftale,
    TilsagnBesluttetAf,
)

__all__ = [
    "FAILING_OUTCOMES",
    "anmodninger",
    "delingsaftaler",
    "documents",
    "horisontale_samarbejdsaftaler",
    "oekonomiske_dispositioner",
    "portefoeljer",
    "register_type_strategies",
    "satisfying",
    "tilsagnsaftaler",
    "violating",
]

# The outcomes that mean "the rule finds fault": the same set the rule example suite
# treats as a failing example (tests/test_rule_examples.py).
FAILING_OUTCOMES: frozenset[str] = frozenset({"fail", "review", "missing_information"})

T = TypeVar("T")

# --- reference pools for realistic data --------------------------------------------

REGION_OEST = "Region Østdanmark"

# The six sundhedsråd of Region Østdanmark are named in the Q&A's place table
# (003:72-92). The municipalities listed under each are an illustrative grouping.
SUNDHEDSRAAD: dict[str, tuple[str, ...]] = {
    "Sundhedsråd Midt- og Vestsjælland": ("Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse", "Sorø"),
    "Sundhedsråd Østsjælland og Øerne": (
        "Roskilde",
        "Køge",
        "Greve",
        "Solrød",
        "Stevns",
        "Faxe",
        "Lejre",
        "Næstved",
        "Vordingborg",
        "Guldborgsund",
        "Lolland",
    ),
    "Sundhedsråd Nordsjælland": (
        "Hillerød",
        "Helsingør",
        "Fredensborg",
        "Gribskov",
        "Halsnæs",
        "Frederikssund",
        "Allerød",
        "Hørsholm",
        "Egedal",
    ),
    "Sundhedsråd Hovedstaden": ("København", "Frederiksberg"),
    "Sundhedsråd Amager og Vestegnen": (
        "Tårnby",
        "Dragør",
        "Hvidovre",
        "Brøndby",
        "Albertslund",
        "Høje-Taastrup",
        "Ishøj",
        "Vallensbæk",
        "Glostrup",
        "Rødovre",
    ),
    "Sundhedsråd Københavns Omegn Nord": (
        "Gentofte",
        "Lyngby-Taarbæk",
        "Gladsaxe",
        "Herlev",
        "Ballerup",
        "Furesø",
        "Rudersdal",
    ),
}

# Municipalities of the other three regions (their councils are not named in the
# sources, so documents there carry no sundhedsråd).
OTHER_REGIONS: dict[str, tuple[str, ...]] = {
    "Region Syddanmark": ("Odense", "Esbjerg", "Vejle", "Kolding", "Svendborg", "Sønderborg", "Aabenraa"),
    "Region Midtjylland": ("Aarhus", "Randers", "Viborg", "Herning", "Silkeborg", "Horsens", "Holstebro"),
    "Region Nordjylland": ("Aalborg", "Hjørring", "Frederikshavn", "Thisted", "Mariagerfjord"),
}

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


def _slug(name: str) -> str:
    return "-".join(name.translate(_FOLD).upper().replace("-", " ").split())


_OPGAVER = tuple(m.value for m in FlyttetOpgave)
_TILSAGN_BESLUTTET_AF: tuple[str, ...] = get_args(TilsagnBesluttetAf)
_OPGAVE_TEKST = {
    "akutsygepleje": "akutsygepleje",
    "sundheds_og_omsorgspladser": "sundheds- og omsorgspladser",
    "patientrettet_forebyggelse": "patientrettet forebyggelse",
    "specialiseret_rehabilitering": "specialiseret rehabilitering",
}

_TEXTS: dict[str, tuple[str, ...]] = {
    "faelles_maal": (
        "Borgerne får en sammenhængende indsats tæt på hjemmet",
        "Færre indlæggelser og genindlæggelser blandt ældre medicinske patienter",
    ),
    "bidrag_region": (
        "Regionen stiller lægefaglig rådgivning til rådighed og fastlægger kvalitetskrav",
        "Regionen finansierer driften og står for kvalitetsopfølgningen",
    ),
    "bidrag_kommune": (
        "Kommunen driver opgaven med eget personale",
        "Kommunen stiller lokaler og det nuværende team til rådighed",
    ),
    "ansvarsfordeling": (
        "Kommunen leverer ydelserne; regionen har myndighedsansvaret",
        "Kommunen visiterer og leverer; regionen fører tilsyn og følger op",
    ),
    "finansiering": (
        "Regionen betaler 14,2 mio. kr. årligt, reguleret med pris- og lønudviklingen",
        "Regionen betaler en fast takst pr. plads pr. døgn",
    ),
    "opfoelgning": (
        "Halvårlige møder og en årlig afrapportering til sundhedsrådet",
        "Kvartalsvis ledelsesinformation og et årligt statusmøde",
    ),
    "misligholdelse": (
        "Væsentlig misligholdelse giver ret til ophævelse efter skriftligt påkrav",
        "Ved misligholdelse drøftes sagen først i den fælles styregruppe",
    ),
    "informationsdeling": (
        "Parterne deler data om aktivitet og resultater kvartalsvis",
        "Kommunen giver sundhedsrådet adgang til aktivitetsdata hvert halve år",
    ),
    "vilkaar": (
        "Tilsagnet kan ophæves med seks måneders varsel ved væsentlige ændringer",
        "Tilsagnet bortfalder, hvis indsatsen ikke er igangsat inden et år",
    ),
    "hjemmel": ("Sundhedsloven § 119", "Sundhedsloven § 138", "Serviceloven § 83", "Serviceloven § 86"),
    "delegationsgrundlag": (
        "Styrelsesvedtægten § 12: sundhedsrådet indgår aftaler om tilsagn på regionsrådets vegne",
        "Regionsrådets beslutning om delegation til sundhedsrådene",
    ),
    # Terms a horizontal agreement settles beside its required contents (real-2025-26.md C1).
    "serviceniveau": ("Besøg inden for to timer efter henvisning, hele døgnet", "Sundhedsstyrelsens kvalitetsstandard"),
    "maalgruppe": ("Borgere over 18 år med akut opstået sygdom uden behov for indlæggelse", "Borgere henvist fra hospital eller egen læge"),
    "kapacitet": ("Tre teams i dagtid og et i aften- og nattetid", "24 pladser på to lokationer"),
    "aktivitetsregulering": ("Betalingen reguleres, når aktiviteten afviger mere end 10 % fra det aftalte", "Fast betaling uden regulering i aftalens første år"),
}
# Clauses that say nothing; the rules on required contents treat them as missing.
_PLACEHOLDER_TEXTS = ("udfyldes senere", "TBD", "...")

_INDSATSER = (
    "Udvidet akutteam i aftentimerne",
    "Træningsforløb for borgere med KOL",
    "Tidlig opsporing i hjemmeplejen",
    "Styrket sygeplejeklinik",
    "Pilotprojekt med virtuel hjemmesygepleje",
    "Rehabiliteringspladser på plejecenter",
)
_KRAV = (
    "Kvalitetsstandard for sygeplejen",
    "Faglige kompetencer i akutteamet",
    "Årlig aktivitetsrapport",
    "Minimumsbudget for sundhedsområdet",
    "Fast normering i hjemmeplejen",
    "Opfølgning på forbrug af midlerne",
)
_POSTER = (
    "Genoptræningsenheden, Køgevej 10",
    "Leasingaftale på træningsudstyr",
    "Fysioterapeuter i neuroteamet",
    "Akutbiler (3 stk.)",
    "Lejemål til sundheds- og omsorgspladser",
    "Driftsaftale om rengøring",
)


# The strategy builders below are cached: a composite strategy calls them on every draw,
# and building (and validating) a strategy object costs more than drawing from it
# (issue 17). Strategies are immutable, so sharing one object is safe; the draws, and so
# the examples for a seed, are the same as with fresh objects.


@functools.cache
def _place(*, council: bool) -> SearchStrategy[tuple[str, str | None, str]]:
    """(region, sundhedsråd or None, municipality), consistent with each other."""
    oest = st.sampled_from(sorted(SUNDHEDSRAAD)).flatmap(_place_in_council)
    if council:
        return oest
    other = st.sampled_from(sorted(OTHER_REGIONS)).flatmap(_place_in_region)
    return st.one_of(oest, other)


@functools.cache
def _place_in_council(raad: str) -> SearchStrategy[tuple[str, str | None, str]]:
    return st.sampled_from(SUNDHEDSRAAD[raad]).map(lambda k: (REGION_OEST, cast("str | None", raad), k))


@functools.cache
def _place_in_region(region: str) -> SearchStrategy[tuple[str, str | None, str]]:
    return st.sampled_from(OTHER_REGIONS[region]).map(lambda k: (region, cast("str | None", None), k))


@functools.cache
def _dates(lo: dt.date = dt.date(2025, 1, 1), hi: dt.date = dt.date(2028, 12, 31)) -> SearchStrategy[str]:
    return st.dates(min_value=lo, max_value=hi).map(dt.date.isoformat)


@functools.cache
def _kroner(max_thousands: int = 50_000) -> SearchStrategy[int]:
    # Whole thousands of kroner read like real budget lines and shrink to 0.
    return st.integers(min_value=0, max_value=max_thousands).map(lambda t: t * 1000)


@functools.cache
def _text(field: str, *, placeholders: bool = True) -> SearchStrategy[str]:
    good = st.sampled_from(_TEXTS[field])
    return st.one_of(good, st.sampled_from(_PLACEHOLDER_TEXTS)) if placeholders else good


# Bounded: the callers pass cached strategies, but a cache keyed by strategy objects
# must not grow without end should one pass fresh ones.
@functools.lru_cache(maxsize=1024)
def _maybe(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """An optional field: absent (None) is the simplest value, so it shrinks there."""
    return st.one_of(st.none(), strategy)


# Keyed by the value, not a strategy: an optional field with a value fixed by the rest
# of the document (a title, a region). The strategy, not only the draw, must be that of
# ``_maybe(st.just(value))``: Hypothesis labels a ``just`` by its value, and the labels
# steer its generation, so another strategy would give other examples for a seed.
@functools.lru_cache(maxsize=4096)
def _maybe_just(value: str) -> SearchStrategy[str | None]:
    return _maybe(st.just(value))


def _maybe_value(draw: st.DrawFn, value: str) -> str | None:
    """``value`` or None (absent), drawn like ``draw(_maybe(st.just(value)))``."""
    return draw(_maybe_just(value))


@functools.cache
def _periode() -> SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda start, years: {"start": start.isoformat(), "slut": dt.date(start.year + years, 12, 31).isoformat()},
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 1, 1)),
        st.integers(min_value=0, max_value=3),
    )


def _drop_none(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


# --- leaf value strategies, shared by generation and variation ----------------------


@dataclass(frozen=True)
class _Unit:
    """A place in a document that variation may change: a field, a field of a nested
    object, a whole list, or one field of one list item (``*`` in the path)."""

    path: tuple[str, ...]
    values: SearchStrategy[Any]
    optional: bool = True


@functools.cache
def _indsats() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "betegnelse": st.sampled_from(_INDSATSER),
            "opgaveomraade": st.sampled_from([m.value for m in Opgaveomraade]),
        },
        optional={
            "hjemmel": _text("hjemmel", placeholders=False),
            "myndighedsansvar": st.sampled_from(["kommune", "region", "sundhedsraad"]),
            "varig": st.booleans(),
            "periode": _periode(),
            "aarligt_beloeb_kr": _kroner(20_000),
            "karakter": st.sampled_from([m.value for m in IndsatsKarakter]),
        },
    )


@functools.cache
def _krav() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"betegnelse": st.sampled_from(_KRAV), "art": st.sampled_from([m.value for m in KravArt])},
        optional={
            "omraader": st.lists(st.sampled_from([m.value for m in Opgaveomraade]), max_size=3, unique=True),
            "skoennet_aarlig_omkostning_kr": _kroner(20_000),
            "binder_til": _dates(dt.date(2026, 1, 1), dt.date(2031, 12, 31)),
        },
    )


@functools.cache
def _bevilling() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"budgetaar": st.integers(min_value=2026, max_value=2030), "beloeb_kr": _kroner(60_000)}
    )


_ORGANER = ["regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"]


@functools.cache
def _driftsbeslutning(kommuner: tuple[str, ...] | None = None) -> SearchStrategy[dict[str, Any]]:
    """A regionsråd's decision on the route of moved tasks (Portefoelje.driftsbeslutninger)."""
    names = kommuner or _KOMMUNER_ALL
    return st.fixed_dictionaries(
        {
            "kommuner": st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True),
            "opgaver": st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True),
            "drift": st.sampled_from(["region", "kommune"]),
        },
        optional={
            "dato": _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
            "besluttet_af": st.sampled_from(_ORGANER),
            "indstilling_sundhedsraad": st.sampled_from(["region", "kommune"]),
        },
    )


@functools.cache
def _post() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"betegnelse": st.sampled_from(_POSTER), "kategori": st.sampled_from([m.value for m in PostKategori])},
        optional={
            "andel_til_opgaven_pct": st.integers(min_value=0, max_value=100),
            "vurderingsdato": st.one_of(st.just("2025-05-25"), _dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30))),
            "fastsat_af": st.sampled_from(["parterne", "delingsraadet"]),
            "ansatte_informeret": _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)),
            "ansatte_hoert": _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)),
        },
    )


_KOMMUNER_ALL = tuple(sorted({k for ks in (*SUNDHEDSRAAD.values(), *OTHER_REGIONS.values()) for k in ks}))
_REGIONS_ALL = (REGION_OEST, *sorted(OTHER_REGIONS))
_COUNCILS_ALL = tuple(sorted(SUNDHEDSRAAD))


def _common_units() -> list[_Unit]:
    return [
        _Unit(("dokument_id",), st.sampled_from(["DOK-1", "DOK-2", "AFTALE-2026-17"]), optional=False),
        _Unit(("titel",), st.sampled_from(["Aftale", "Udkast til aftale", "Aftale (revideret)"])),
    ]


def _hsa_units() -> list[_Unit]:
    units = [
        *_common_units(),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("kommune",), st.sampled_from(_KOMMUNER_ALL), optional=False),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
        _Unit(("opgave",), st.sampled_from(_OPGAVER), optional=False),
        _Unit(("myndighedsansvar",), st.sampled_from(["kommune", "region"])),
        _Unit(("godkendt_regionsraad",), _dates()),
        _Unit(("godkendt_kommunalbestyrelse",), _dates()),
        _Unit(("sendt_til_ministeriet",), _dates()),
        _Unit(("opsigelse", "varsel_maaneder"), st.integers(min_value=0, max_value=24)),
        _Unit(("opsigelse", "kan_opsiges_af"), st.sampled_from([["region", "kommune"], ["region"], ["kommune"], []])),
        _Unit(("start",), _dates(dt.date(2026, 6, 1), dt.date(2027, 12, 31))),
        _Unit(("brugerbetaling",), st.booleans()),
        _Unit(("pladser",), st.integers(min_value=0, max_value=60)),
        *_hsa_anm_units(),
        _Unit(("godkendt_regionsraad_af",), st.sampled_from(
            ["regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"])),
        _Unit(("godkendt_regionsraad_med_forbehold",), st.booleans()),
        _Unit(("godkendt_kommunalbestyrelse_med_forbehold",), st.booleans()),
        _Unit(("slut",), _dates(dt.date(2027, 1, 1), dt.date(2031, 12, 31))),
        _Unit(("opgaver",), st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True)),
        _Unit(("regionens_bidrag",), st.sampled_from(
            [["faglig", "personale"], ["faglig", "udstyr", "betaling"], ["betaling"], ["personale"]])),
        # The udbudsloven § 15 elements (real-2025-26.md R4): shares below, at and above 20 %.
        _Unit(("udbudsvurdering", "markedsandel_region_pct"), st.sampled_from([0, 5, 19.9, 20, 35])),
        _Unit(("udbudsvurdering", "markedsandel_kommune_pct"), st.sampled_from([0, 2, 19.9, 20, 50])),
        _Unit(("udbudsvurdering", "faelles_maal"), st.booleans()),
        _Unit(("udbudsvurdering", "kun_offentlig_interesse"), st.booleans()),
        _Unit(("udbudsvurdering", "vurderet"), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    ]
    for clause in ("faelles_maal", "bidrag_region", "bidrag_kommune", "ansvarsfordeling", "finansiering",
                   "opfoelgning", "misligholdelse", "serviceniveau", "maalgruppe", "kapacitet",
                   "aktivitetsregulering"):
        units.append(_Unit((clause,), _text(clause)))
    return units


@functools.cache
def _tillaeg() -> SearchStrategy[dict[str, Any]]:
    """An addendum: lawful (new rules or guidelines by 31 December 2026) or not (price,
    another cause, or a date in 2027)."""
    return st.fixed_dictionaries(
        {},
        optional={
            "dato": st.sampled_from(["2026-06-01", "2026-12-31", "2027-01-01", "2027-06-30"]),
            "aarsag": st.sampled_from(["nye_regler", "nye_retningslinjer", "pris", "andet"]),
            "reference": st.sampled_from(["Sundhedsstyrelsens kvalitetsstandard 2026", "Prisregulering"]),
        },
    )


def _hsa_anm_units() -> list[_Unit]:
    """Variation units shared by the horizontal agreement and the request: the
    arrangement, user charges, addenda and the settlement (real-2025-26.md R1, R2)."""
    return [
        _Unit(("ordning",), st.sampled_from([m.value for m in Ordning])),
        _Unit(("brugerbetaling_for",), st.sampled_from(
            [[], ["medicin_apotek"], ["ophold"], ["kost", "linned"], ["medicin"], ["andet"]])),
        _Unit(("tillaeg",), st.lists(_tillaeg(), max_size=2)),
        _Unit(("afregning", "grundlag"), st.sampled_from([m.value for m in Afregningsgrundlag])),
        _Unit(("afregning", "skoennede_omkostninger_kr"), st.sampled_from([12_000_000, 14_200_000])),
        _Unit(("afregning", "betaling_kr"), st.sampled_from([12_000_000, 14_200_000, 15_000_000])),
        _Unit(("afregning", "avance_kr"), st.sampled_from([0, 1, 500_000])),
        _Unit(("afregning", "udgiftsdaekning_pct"), st.sampled_from([80, 99.99, 100, 100.01, 110])),
    ]


def _anm_units() -> list[_Unit]:
    return [
        *_common_units(),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("kommune",), st.sampled_from(_KOMMUNER_ALL), optional=False),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
        _Unit(("opgave",), st.sampled_from(_OPGAVER), optional=False),
        _Unit(("afgivet",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("meddelt_ministeriet",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("slut",), _dates(dt.date(2027, 1, 1), dt.date(2030, 12, 31))),
        _Unit(("udgiftsdaekning",), st.sampled_from(["fuld", "delvis", "ingen"])),
        _Unit(("forlaengelse_droeftet_med_aftalepartierne",), st.booleans(), optional=False),
        _Unit(("brugerbetaling",), st.booleans()),
        _Unit(("pladser",), st.integers(min_value=0, max_value=60)),
        _Unit(("start",), _dates(dt.date(2027, 1, 1), dt.date(2028, 12, 1))),
        *_hsa_anm_units(),
    ]


def _del_units() -> list[_Unit]:
    return [
        *_common_units(),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("kommune",), st.sampled_from(_KOMMUNER_ALL), optional=False),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
        _Unit(("opgaver",), st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True), optional=False),
        _Unit(("udkast_leveret",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_regionsraad",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_kommunalbestyrelse",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("poster",), st.lists(_post(), max_size=4)),
        _Unit(("poster", "*", "betegnelse"), st.sampled_from(_POSTER), optional=False),
        _Unit(("poster", "*", "kategori"), st.sampled_from([m.value for m in PostKategori]), optional=False),
        _Unit(("poster", "*", "andel_til_opgaven_pct"), st.integers(min_value=0, max_value=100)),
        _Unit(("poster", "*", "vurderingsdato"), _dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30))),
        _Unit(("vederlag_kr",), st.one_of(st.just(0), _kroner(10_000))),
        _Unit(("delingsraad", "indbragt"), _dates(dt.date(2026, 6, 1), dt.date(2026, 12, 31))),
        _Unit(("delingsraad", "afgoerelse"), _dates(dt.date(2026, 7, 1), dt.date(2027, 3, 31))),
        *_del_new_units(),
    ]


def _del_new_units() -> list[_Unit]:
    """The delingsaftale's fields on occasion, takeover, approvals and items (issue 13),
    so variation reaches both the compliant and the violating values of each."""
    return [
        _Unit(("anledning",), st.sampled_from([m.value for m in Delingsanledning])),
        _Unit(("overtagelsesdato",), st.one_of(st.just("2027-01-01"), _dates(dt.date(2026, 6, 1), dt.date(2030, 12, 31)))),
        _Unit(("intet_overdrages",), st.booleans()),
        _Unit(("godkendt_regionsraad_af",), st.sampled_from(_GODKENDERE)),
        _Unit(("godkendt_regionsraad_med_forbehold",), st.booleans()),
        _Unit(("godkendt_kommunalbestyrelse_med_forbehold",), st.booleans()),
        _Unit(("poster", "*", "fastsat_af"), st.sampled_from(["parterne", "delingsraadet"])),
        _Unit(("poster", "*", "ansatte_informeret"), _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31))),
        _Unit(("poster", "*", "ansatte_hoert"), _dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31))),
    ]


_GODKENDERE = ("regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland")
_GAMLE_REGIONER = ("Region Hovedstaden", "Region Sjælland")
_DISPOSITIONER = (
    "Lejemålet til akutteamets base forlænges med ti år",
    "Ombygning af sundheds- og omsorgspladserne",
    "Ny flerårig kontrakt om kørsel til genoptræning",
    "Indkøb af udstyr til rehabiliteringsenheden",
)


def _disp_units() -> list[_Unit]:
    return [
        *_common_units(),
        _Unit(("part",), st.sampled_from(["kommune", "region"]), optional=False),
        _Unit(("disponent",), st.sampled_from((*_KOMMUNER_ALL[:6], *_GAMLE_REGIONER)), optional=False),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL), optional=False),
        _Unit(("opgaver",), st.lists(st.sampled_from(_OPGAVER), max_size=2, unique=True), optional=False),
        _Unit(("beskrivelse",), st.sampled_from(_DISPOSITIONER)),
        _Unit(("besluttet",), _dates(dt.date(2025, 10, 1), dt.date(2027, 3, 31))),
        _Unit(("beloeb_kr",), _kroner(50_000)),
        _Unit(("vaesentlig",), st.booleans()),
        _Unit(("godkendt_region",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("godkendt_region_af",), st.sampled_from(_GODKENDERE)),
        _Unit(("godkendt_region_med_forbehold",), st.booleans()),
        _Unit(("aendret_af_forberedende_regionsraad",), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("merudgift_kr",), st.one_of(st.just(0), _kroner(10_000))),
    ]


def _til_units() -> list[_Unit]:
    return [
        *_common_units(),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL), optional=False),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL)),
        _Unit(("indgaaet",), _dates(dt.date(2025, 6, 1), dt.date(2028, 6, 30))),
        _Unit(("bevillinger",), st.lists(_bevilling(), max_size=3)),
        _Unit(("bevillinger", "*", "beloeb_kr"), _kroner(60_000), optional=False),
        _Unit(("bevillinger", "*", "budgetaar"), st.integers(min_value=2026, max_value=2030), optional=False),
        _Unit(("indsatser",), st.lists(_indsats(), max_size=3)),
        _Unit(("indsatser", "*", "betegnelse"), st.sampled_from(_INDSATSER), optional=False),
        _Unit(("indsatser", "*", "varig"), st.booleans()),
        _Unit(("indsatser", "*", "hjemmel"), _text("hjemmel", placeholders=False)),
        _Unit(("indsatser", "*", "aarligt_beloeb_kr"), _kroner(20_000)),
        _Unit(("krav",), st.lists(_krav(), max_size=3)),
        _Unit(("krav", "*", "betegnelse"), st.sampled_from(_KRAV), optional=False),
        _Unit(("krav", "*", "skoennet_aarlig_omkostning_kr"), _kroner(20_000)),
        _Unit(("tidsperiode",), _periode()),
        _Unit(("bindingsperiode",), _periode()),
        _Unit(("ophaevelse", "vilkaar"), _text("vilkaar")),
        _Unit(("informationsdeling",), _text("informationsdeling")),
        _Unit(("kommunal_koordinering",), st.booleans()),
        _Unit(("indsatser", "*", "karakter"), st.sampled_from([m.value for m in IndsatsKarakter])),
        _Unit(("besluttet_af",), st.sampled_from(_TILSAGN_BESLUTTET_AF)),
        _Unit(("delegationsgrundlag",), _text("delegationsgrundlag")),
        _Unit(("delegation_dato",), _dates(dt.date(2025, 6, 1), dt.date(2027, 6, 30))),
    ]


def _pf_units() -> list[_Unit]:
    return [
        *_common_units(),
        _Unit(("sundhedsraad",), st.sampled_from(_COUNCILS_ALL)),
        _Unit(("region",), st.sampled_from(_REGIONS_ALL)),
        _Unit(("aftalte_pladser",), st.integers(min_value=0, max_value=300)),
        _Unit(("aftalte_pladser_region",), st.integers(min_value=0, max_value=2000)),
        _Unit(("driftsbeslutninger",), st.lists(_driftsbeslutning(), max_size=3)),
        _Unit(("driftsbeslutninger", "*", "drift"), st.sampled_from(["region", "kommune"]), optional=False),
        _Unit(("driftsbeslutninger", "*", "dato"), _dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        _Unit(("driftsbeslutninger", "*", "besluttet_af"), st.sampled_from(_ORGANER)),
    ]


_UNITS: dict[str, Callable[[], list[_Unit]]] = {
    "tilsagnsaftale": _til_units,
    "horisontal_samarbejdsaftale": _hsa_units,
    "anmodning_om_fortsat_drift": _anm_units,
    "delingsaftale": _del_units,
    "oekonomisk_disposition": _disp_units,
    "portefoelje": _pf_units,
}
_UNIT_CACHE: dict[str, tuple[_Unit, ...]] = {}


def _units(kind: str) -> tuple[_Unit, ...]:
    if kind not in _UNIT_CACHE:
        _UNIT_CACHE[kind] = tuple(_UNITS[kind]())
    return _UNIT_CACHE[kind]


# --- documents built from scratch (compliant=None) -----------------------------------


@st.composite
def _til_data(draw: st.DrawFn) -> dict[str, Any]:
    region, raad, kommune = draw(_place(council=True))
    assert raad is not None
    council = list(SUNDHEDSRAAD[raad])
    # bilateral: one municipality; samlet: all of the council's; flere: several, not all
    # (L 42 § 118 c: "en eller flere kommunalbestyrelser"), where the council has three or more.
    aftaletype = draw(_aftaletype(flere=len(council) > 2))
    samlet = aftaletype == "samlet"
    parties = [kommune]
    if aftaletype == "flere":
        others = draw(_other_parties(raad, kommune))
        parties = [k for k in council if k == kommune or k in others]
    first_year = draw(_FIRST_YEAR)
    years = draw(_YEARS)
    amount = draw(_kroner(40_000))
    data = {
        "kind": "tilsagnsaftale",
        "dokument_id": "-".join(
            ("TIL", _slug(raad.removeprefix("Sundhedsråd ")), "SAMLET" if samlet else _slug(kommune), str(first_year))
        ),
        "titel": _maybe_value(draw, f"Tilsagnsaftale om nære sundhedsindsatser {first_year}"),
        "sundhedsraad": raad,
        "region": _maybe_value(draw, region),
        "aftaletype": aftaletype,
        "kommuner": council if samlet else parties,
        "sundhedsraadets_kommuner": _copied(draw(_maybe_council(raad))),
        "indgaaet": draw(_maybe(_dates(dt.date(2025, 6, 1), dt.date(first_year, 6, 30)))),
        "bevillinger": [{"budgetaar": first_year + i, "beloeb_kr": amount} for i in range(years)],
        "indsatser": draw(_list_of(_indsats(), max_size=3)),
        "krav": draw(_list_of(_krav(), max_size=3)),
        "tidsperiode": draw(_maybe(_periode())),
        "bindingsperiode": draw(_maybe(_periode())),
        "ophaevelse": draw(_maybe(_ophaevelse())),
        "informationsdeling": draw(_maybe(_text("informationsdeling"))),
        "kommunal_koordinering": draw(_maybe(st.booleans())),
        "besluttet_af": draw(_maybe(st.sampled_from(_TILSAGN_BESLUTTET_AF))),
        "delegationsgrundlag": draw(_maybe(_text("delegationsgrundlag"))),
        "delegation_dato": draw(_maybe(_dates(dt.date(2025, 6, 1), dt.date(2026, 12, 31)))),
        "regional_ydelsesbetaling": draw(_maybe(_ydelsesbetaling())),
    }
    return _drop_none(data)


_FIRST_YEAR = st.integers(min_value=2027, max_value=2029)
_YEARS = st.integers(min_value=1, max_value=3)


@functools.cache
def _maybe_council(raad: str) -> SearchStrategy[list[str] | None]:
    return _maybe(st.just(list(SUNDHEDSRAAD[raad])))


def _copied(value: list[str] | None) -> list[str] | None:
    """A list drawn from a shared strategy, as the document's own (the caller may change it)."""
    return None if value is None else list(value)


@functools.cache
def _aftaletype(*, flere: bool) -> SearchStrategy[str]:
    return st.sampled_from(["bilateral", "samlet", "flere"] if flere else ["bilateral", "samlet"])


@functools.cache
def _other_parties(raad: str, kommune: str) -> SearchStrategy[list[str]]:
    """Further parties of a tilsagnsaftale with several, not all, of the council's municipalities."""
    council = SUNDHEDSRAAD[raad]
    return st.lists(
        st.sampled_from([k for k in council if k != kommune]), min_size=1, max_size=len(council) - 2, unique=True
    )


@functools.cache
def _list_of(elements: SearchStrategy[T], *, max_size: int) -> SearchStrategy[list[T]]:
    return st.lists(elements, max_size=max_size)


@functools.cache
def _ophaevelse() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"vilkaar": _text("vilkaar")},
        optional={"kan_ophaeves_af": st.lists(st.sampled_from(["kommune", "sundhedsraad"]), unique=True)},
    )


@functools.cache
def _ydelsesbetaling() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={"beloeb_kr": _kroner(5_000), "samtykke_fra_alle_kommunalbestyrelser": st.booleans()}
    )


def _one_task_data(draw: st.DrawFn, kind: str, prefix: str, title: str) -> dict[str, Any]:
    """An agreement between a region and one municipality about one moved task: the
    parties and the task consistent with each other, every other top-level field drawn
    from its variation unit (absent or a value)."""
    region, raad, kommune = draw(_place(council=False))
    opgave = draw(_OPGAVE)
    data: dict[str, Any] = {
        "kind": kind,
        "dokument_id": f"{prefix}-{_slug(kommune)}-{_slug(opgave.split('_')[0])}",
        "titel": _maybe_value(draw, f"{title} {_OPGAVE_TEKST[opgave]} i {kommune} Kommune"),
        "region": region,
        "kommune": kommune,
        "sundhedsraad": raad,
        "opgave": opgave,
    }
    for unit in _units(kind):
        name = unit.path[0]
        if len(unit.path) == 1 and name not in data:
            data[name] = draw(_maybe(unit.values) if unit.optional else unit.values)
    return data


_OPGAVE = st.sampled_from(_OPGAVER)
_OPGAVE_LIST = st.lists(st.sampled_from(_OPGAVER), min_size=1, max_size=2, unique=True)


@st.composite
def _hsa_data(draw: st.DrawFn) -> dict[str, Any]:
    data = _one_task_data(draw, "horisontal_samarbejdsaftale", "HSA", "Horisontal samarbejdsaftale om")
    opsigelse = draw(_maybe(_opsigelse()))
    if opsigelse is not None and "kan_opsiges_af" in opsigelse:
        opsigelse["kan_opsiges_af"] = _copied(opsigelse["kan_opsiges_af"])
    data["opsigelse"] = opsigelse
    return _drop_none(data)


@functools.cache
def _opsigelse() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "varsel_maaneder": st.sampled_from([9, 6, 12, 3]),
            "kan_opsiges_af": st.sampled_from([["region", "kommune"], ["region"], ["kommune"]]),
        },
    )


@st.composite
def _anm_data(draw: st.DrawFn) -> dict[str, Any]:
    return _drop_none(_one_task_data(draw, "anmodning_om_fortsat_drift", "ANM", "Anmodning om fortsat drift af"))


@st.composite
def _del_data(draw: st.DrawFn) -> dict[str, Any]:
    region, raad, kommune = draw(_place(council=False))
    opgaver = draw(_OPGAVE_LIST)
    data: dict[str, Any] = {
        "kind": "delingsaftale",
        "dokument_id": f"DEL-{_slug(kommune)}-{_slug(opgaver[0].split('_')[0])}",
        "titel": _maybe_value(draw, f"Delingsaftale om {_OPGAVE_TEKST[opgaver[0]]}, {kommune} Kommune"),
        "region": region,
        "kommune": kommune,
        "sundhedsraad": raad,
        "opgaver": opgaver,
        "udkast_leveret": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "godkendt_regionsraad": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "godkendt_kommunalbestyrelse": draw(_maybe(_dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))),
        "poster": draw(_list_of(_post(), max_size=4)),
        "vederlag_kr": draw(_maybe(_vederlag())),
        "anledning": draw(_maybe(_anledning())),
        "overtagelsesdato": draw(_maybe(_overtagelsesdato())),
        "intet_overdrages": draw(_maybe(st.booleans())),
        "godkendt_regionsraad_af": draw(_maybe(_godkender())),
        "godkendt_regionsraad_med_forbehold": draw(_maybe(st.booleans())),
        "godkendt_kommunalbestyrelse_med_forbehold": draw(_maybe(st.booleans())),
        "delingsraad": draw(_maybe(_delingsraad())),
    }
    return _drop_none(data)


@functools.cache
def _vederlag() -> SearchStrategy[int]:
    return st.one_of(st.just(0), _kroner(10_000))


@functools.cache
def _anledning() -> SearchStrategy[str]:
    return st.sampled_from([m.value for m in Delingsanledning])


@functools.cache
def _overtagelsesdato() -> SearchStrategy[str]:
    return st.one_of(st.just("2027-01-01"), _dates(dt.date(2026, 6, 1), dt.date(2030, 12, 31)))


@functools.cache
def _godkender() -> SearchStrategy[str]:
    return st.sampled_from(_GODKENDERE)


@functools.cache
def _delingsraad() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "indbragt": _dates(dt.date(2026, 6, 1), dt.date(2026, 12, 31)),
            "afgoerelse": _dates(dt.date(2026, 7, 1), dt.date(2027, 3, 31)),
        },
    )


_MEMBER_DATA: dict[str, Callable[[], SearchStrategy[dict[str, Any]]]] = {
    "tilsagnsaftale": _til_data,
    "horisontal_samarbejdsaftale": _hsa_data,
    "anmodning_om_fortsat_drift": _anm_data,
    "delingsaftale": _del_data,
}


@st.composite
def _pf_data(draw: st.DrawFn, members: SearchStrategy[dict[str, Any]] | None = None) -> dict[str, Any]:
    raad = draw(_council())
    kommuner = list(SUNDHEDSRAAD[raad])
    member_strategy = members if members is not None else _any_member()
    docs = draw(_list_of(member_strategy, max_size=4))
    # Members of one council's portfolio belong to that council and region.
    for doc in docs:
        if doc["kind"] == "tilsagnsaftale":
            doc["sundhedsraad"] = raad
        else:
            doc["region"] = REGION_OEST
            doc["sundhedsraad"] = raad
            doc["kommune"] = draw(_kommune_in(raad))
    for i, doc in enumerate(docs):
        doc["dokument_id"] = f"{doc['dokument_id']}-{i + 1}"  # distinct ids inside one portfolio
    data = {
        "kind": "portefoelje",
        "dokument_id": f"PF-{_slug(raad.removeprefix('Sundhedsråd '))}",
        "titel": _maybe_value(draw, f"Aftaler i {raad}"),
        "sundhedsraad": raad,
        "region": REGION_OEST,
        "kommuner": kommuner,
        "rammer": draw(_rammer()),
        "aftalte_pladser": draw(_maybe(_AFTALTE_PLADSER)),
        "driftsbeslutninger": draw(_list_of(_driftsbeslutning(SUNDHEDSRAAD[raad]), max_size=3)),
        "dokumenter": docs,
    }
    return _drop_none(data)


_AFTALTE_PLADSER = st.integers(min_value=0, max_value=300)


@functools.cache
def _council() -> SearchStrategy[str]:
    return st.sampled_from(sorted(SUNDHEDSRAAD))


@functools.cache
def _kommune_in(raad: str) -> SearchStrategy[str]:
    return st.sampled_from(list(SUNDHEDSRAAD[raad]))


@functools.cache
def _any_member() -> SearchStrategy[dict[str, Any]]:
    return st.one_of(*(f() for f in _MEMBER_DATA.values()))


@functools.cache
def _rammer() -> SearchStrategy[list[dict[str, Any]]]:
    return st.lists(
        st.fixed_dictionaries({"budgetaar": st.integers(min_value=2027, max_value=2030), "beloeb_kr": _kroner(120_000)}),
        max_size=3,
        unique_by=lambda r: r["budgetaar"],
    )


@st.composite
def _disp_data(draw: st.DrawFn) -> dict[str, Any]:
    """A significant economic disposition in or around 2026: a municipality's on a moved
    task, or an old region's (Region Hovedstaden, Region Sjælland)."""
    part = draw(_PART)
    if part == "kommune":
        region, _, disponent = draw(_place(council=False))
        opgaver = draw(_OPGAVE_LIST)
    else:
        region, disponent, opgaver = REGION_OEST, draw(_GAMMEL_REGION), []
    data: dict[str, Any] = {
        "kind": "oekonomisk_disposition",
        "dokument_id": f"DISP-{_slug(disponent)}",
        "part": part,
        "disponent": disponent,
        "region": region,
        "opgaver": opgaver,
    }
    for unit in _units("oekonomisk_disposition"):
        name = unit.path[0]
        if len(unit.path) == 1 and name not in data:
            data[name] = draw(_maybe(unit.values) if unit.optional else unit.values)
    return _drop_none(data)


_PART = st.sampled_from(["kommune", "region"])
_GAMMEL_REGION = st.sampled_from(_GAMLE_REGIONER)

# The economic disposition is not a member kind of a portfolio (Portefoelje.dokumenter).
_FRESH: dict[str, Callable[[], SearchStrategy[dict[str, Any]]]] = {
    **_MEMBER_DATA,
    "oekonomisk_disposition": _disp_data,
    "portefoelje": _pf_data,
}

# --- validation and evaluation -------------------------------------------------------


def _to_model(data: Mapping[str, Any]) -> Any:
    """The document model for generated data, or None where variation made it invalid."""
    from .._check.loading import to_document

    try:
        return to_document(data, source="<generated>")
    except DocumentError:
        return None


def _valid(strategy: SearchStrategy[dict[str, Any]]) -> SearchStrategy[Any]:
    return strategy.map(_to_model).filter(lambda doc: doc is not None)


class _Oracle:
    """The rule set, its fixtures and examples as seeds, and evaluation with the
    plain-Python backend (the test oracle; it cannot crash the process)."""

    def __init__(self, rules: Any):
        from .._engine.evaluate import Evaluator

        self.rules = rules
        self.evaluator = Evaluator(rules, backend="python", lang="en")
        self._seeds: dict[str, tuple[dict[str, Any], ...]] | None = None
        self._reads: dict[tuple[str | None, dt.date], frozenset[tuple[str, ...]]] = {}
        self._meeting: dict[tuple[str, _Target, dt.date], tuple[dict[str, Any], ...]] = {}

    def report(self, doc: Any, as_of: dt.date) -> Any:
        return self.evaluator.evaluate(doc, as_of=as_of)

    def seeds(self, kind: str) -> tuple[dict[str, Any], ...]:
        """Fixtures, then every rule example's document, of one kind (each once)."""
        if self._seeds is None:
            from .._engine.examples import merge_patch

            found: dict[str, list[dict[str, Any]]] = {}
            seen: set[str] = set()

            def add(data: Any) -> None:
                if not isinstance(data, dict) or _to_model(data) is None:
                    return
                key = json.dumps(data, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    found.setdefault(str(data.get("kind")), []).append(copy.deepcopy(data))

            for name in sorted(self.rules.fixtures):
                add(self.rules.fixtures[name])
            for rf in self.rules.rules:
                for ex in rf.examples:
                    if ex.document is not None:
                        add(ex.document)
                    elif ex.base in self.rules.fixtures:
                        add(merge_patch(self.rules.fixtures[ex.base], ex.changes or {}))
            self._seeds = {k: tuple(v) for k, v in found.items()}
        return self._seeds.get(kind, ())

    def meeting(self, kind: str, target: _Target, as_of: dt.date) -> tuple[dict[str, Any], ...]:
        """The seeds of ``kind`` that meet ``target`` as of ``as_of``, in seed order.

        Kept per oracle: a strategy built again with the same options (one per test)
        would otherwise evaluate every seed again (20-120 ms, issue 17).
        """
        key = (kind, target, as_of)
        if key not in self._meeting:
            found = []
            for data in self.seeds(kind):
                doc = _to_model(data)
                if doc is not None and target.met(self.report(doc, as_of)):
                    found.append(data)
            self._meeting[key] = tuple(found)
        return self._meeting[key]

    def reads(self, kind: str, rule_id: str | None, as_of: dt.date) -> frozenset[tuple[str, ...]]:
        """The document paths the facts of one rule (or of every rule of the kind) read,
        watched while computing them for every seed of the kind."""
        key = (kind if rule_id is None else rule_id, as_of)
        if key not in self._reads:
            from .._vocabulary.base import Context

            paths: set[tuple[str, ...]] = set()
            compiled = [
                cr for cr in self.rules._by_kind.get(kind, ()) if rule_id is None or cr.id == rule_id
            ]
            for data in self.seeds(kind):
                doc = _to_model(data)
                for cr in compiled:
                    root = _Recorder(doc, (), paths)
                    portfolio = root if kind == "portefoelje" else None
                    ctx = Context(as_of, root, portfolio)
                    prefix = tuple(p for p in cr.scope.collection.split("/") if p)
                    try:
                        # What the scope reads to find its subjects counts too (a scope may
                        # be derived from other lists), except the list it enumerates.
                        found: set[tuple[str, ...]] = set()
                        subjects = list(cr.scope.subjects(_Recorder(doc, (), found)))
                        paths.update(p for p in found if p != prefix)
                        for subject in subjects:
                            item = subject.obj._obj if isinstance(subject.obj, _Recorder) else subject.obj
                            obj = _Recorder(item, (*prefix, "*") if prefix else (), paths)
                            for fact in cr.facts.values():
                                fact.get(obj, ctx)
                    except Exception:  # a fact the recorder cannot follow: treat it as reading everything
                        paths.add(())
            self._reads[key] = frozenset(paths)
        return self._reads[key]


class _Recorder:
    """Stands in for a document model and writes down every attribute path read."""

    def __init__(self, obj: Any, path: tuple[str, ...], log: set[tuple[str, ...]]):
        self._obj = obj
        self._path = path
        self._log = log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._obj, name)
        path = (*self._path, name)
        if isinstance(value, BaseModel):
            return _Recorder(value, path, self._log)
        self._log.add(() if callable(value) else path)
        return value


_ORACLES: dict[int, _Oracle] = {}


def _oracle(rules: Any) -> _Oracle:
    if rules is None:
        from .._engine.evaluate import default_ruleset

        rules = default_ruleset()
    oracle = _ORACLES.get(id(rules))
    if oracle is None or oracle.rules is not rules:
        oracle = _Oracle(rules)
        _ORACLES[id(rules)] = oracle
    return oracle


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two paths touch: one is a prefix of the other (``*`` is any item)."""
    return all(x == y for x, y in zip(a, b))


# --- targets: what a drawn document must do when evaluated ---------------------------


@dataclass(frozen=True)
class _Target:
    """``rule_id`` None: the whole document (compliant True/False); otherwise one rule's
    findings must include one of ``outcomes``, and with ``exact`` no other rule may fail
    at error level."""

    rule_id: str | None
    outcomes: frozenset[str]
    exact: bool = False
    clean: bool = True  # for rule_id None: True = no failing finding, False = at least one

    def met(self, report: Any) -> bool:
        findings = report.findings
        if self.rule_id is None:
            failing = any(f.outcome in FAILING_OUTCOMES for f in findings)
            return not failing if self.clean else failing
        mine = [f.outcome for f in findings if f.rule_id == self.rule_id]
        if not any(o in self.outcomes for o in mine):
            return False
        if "pass" in self.outcomes and any(o in FAILING_OUTCOMES for o in mine):
            return False
        if self.exact:
            return not any(
                f.rule_id != self.rule_id and f.outcome == "fail" and f.level == "error" for f in findings
            )
        return True


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any, index: int) -> None:
    """Set (or, for None, remove) the value at a unit's path; ``*`` picks item ``index``."""
    node: Any = data
    for i, key in enumerate(path[:-1]):
        if key == "*":
            if not isinstance(node, list) or not node:
                return
            node = node[index % len(node)]
            continue
        nxt = node.get(key)
        if nxt is None:
            if path[i + 1] == "*":
                return
            if value is None:
                return
            nxt = node[key] = {}
        node = nxt
    if not isinstance(node, dict):
        return
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)


class _Seeds(tuple[dict[str, Any], ...]):
    """Seed documents with a short repr (Hypothesis shows strategies' arguments)."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed documents>"


@st.composite
def _varied(
    draw: st.DrawFn, seeds: tuple[dict[str, Any], ...], units: tuple[_Unit, ...], max_changes: int = 4
) -> dict[str, Any]:
    """A seed with up to ``max_changes`` of the given units changed; shrinks to the seed."""
    # Draw an index, not the seed itself: Hypothesis shows a strategy's repr, and a
    # sampled_from over whole documents would be kilobytes long.
    data: dict[str, Any] = copy.deepcopy(seeds[draw(st.integers(min_value=0, max_value=len(seeds) - 1))])
    if units:
        for _ in range(draw(st.integers(min_value=0, max_value=max_changes))):
            unit = draw(st.sampled_from(units))
            value = draw(_maybe(unit.values) if unit.optional else unit.values)
            _set_path(data, unit.path, value, draw(st.integers(min_value=0, max_value=9)))
    return data


def _targeted(
    kind: str,
    oracle: _Oracle,
    target: _Target,
    as_of: dt.date,
    free: tuple[_Unit, ...],
    what: str,
    *,
    read: tuple[_Unit, ...] = (),
) -> SearchStrategy[Any]:
    """Seeds of ``kind`` that meet ``target`` as of ``as_of``, varied freely in the
    ``free`` units and in at most one of the ``read`` units (fields the rules read, so
    the change may undo the outcome), each drawn document checked by evaluation."""
    seeds = oracle.meeting(kind, target, as_of)
    if not seeds and target.exact:
        loose = _Target(target.rule_id, target.outcomes, exact=False)
        return _targeted(kind, oracle, loose, as_of, free, what, read=read)
    if not seeds:
        raise InvalidArgument(
            f"no fixture or rule example of kind {kind!r} gives {what} as of {as_of.isoformat()}; "
            "choose another as_of, or add an example to the rule set"
        )
    varied = _valid(_varied(_Seeds(seeds), free))
    if read:
        varied = _valid(
            st.tuples(varied, st.sampled_from(read), st.integers(min_value=0, max_value=9)).flatmap(
                lambda t: _one_change(t[0], t[1], t[2])
            )
        )
    return varied.filter(lambda doc: target.met(oracle.report(doc, as_of)))


def _split_units(kind: str, read: frozenset[tuple[str, ...]]) -> tuple[tuple[_Unit, ...], tuple[_Unit, ...]]:
    """(units that touch none of the read paths, units that touch one)."""
    free = tuple(u for u in _units(kind) if not any(_overlaps(u.path, r) for r in read))
    return free, tuple(u for u in _units(kind) if u not in free)


# --- argument checks -----------------------------------------------------------------


def _check_as_of(as_of: object, *, needed: bool, name: str) -> dt.date | None:
    if as_of is None:
        if needed:
            raise InvalidArgument(f"{name} needs as_of=datetime.date(...): the rules are judged as of a date")
        return None
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InvalidArgument(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    return as_of


def _check_compliant(compliant: object) -> bool | None:
    if compliant is not None and not isinstance(compliant, bool):
        raise InvalidArgument(f"compliant must be True, False or None, not {compliant!r}")
    return compliant


def _check_rules(rules: object) -> None:
    from .._engine.ruleset import RuleSet

    if rules is not None and not isinstance(rules, RuleSet):
        raise InvalidArgument(f"rules must be a RuleSet from sundhedsregler.load_rules(), not {type(rules).__name__}")


def _kind_strategy(kind: str, compliant: object, as_of: object, rules: object) -> SearchStrategy[Any]:
    name = {
        "tilsagnsaftale": "tilsagnsaftaler()",
        "horisontal_samarbejdsaftale": "horisontale_samarbejdsaftaler()",
        "anmodning_om_fortsat_drift": "anmodninger()",
        "delingsaftale": "delingsaftaler()",
        "oekonomisk_disposition": "oekonomiske_dispositioner()",
        "portefoelje": "portefoeljer()",
    }[kind]
    flag = _check_compliant(compliant)
    when = _check_as_of(as_of, needed=flag is not None, name=f"{name} with compliant={flag}")
    _check_rules(rules)
    fresh = _valid(_FRESH[kind]())
    if flag is None:
        # Fresh documents first (they shrink to the smallest), then varied seeds; the
        # seeds need the rule set, which is only loaded when this branch is drawn.
        def varied() -> SearchStrategy[Any]:
            seeds = _oracle(rules).seeds(kind)
            return _valid(_varied(_Seeds(seeds), _units(kind))) if seeds else fresh

        return st.one_of(fresh, st.deferred(varied))
    assert when is not None
    oracle = _oracle(rules)
    target = _Target(None, FAILING_OUTCOMES, clean=flag)
    if flag:
        free, read = _split_units(kind, oracle.reads(kind, None, when))
        return _targeted(kind, oracle, target, when, free, "a compliant document", read=read)
    failing = fresh.filter(lambda doc: target.met(oracle.report(doc, when)))
    try:
        return st.one_of(failing, _targeted(kind, oracle, target, when, _units(kind), "a failing document"))
    except InvalidArgument:  # no failing seed: fresh documents fail often enough
        return failing


class _Keep:
    """The 'no change' choice of a one-field change (shrinking goes there first)."""

    def __repr__(self) -> str:
        return "<no change>"


_KEEP = _Keep()


def _one_change(doc: Any, unit: _Unit, index: int) -> SearchStrategy[dict[str, Any]]:
    data = doc.model_dump(mode="json", exclude_none=True)
    options: list[SearchStrategy[Any]] = [st.just(_KEEP), *([st.none()] if unit.optional else []), unit.values]
    return st.one_of(options).map(lambda v: data if v is _KEEP else _changed(data, unit.path, v, index))


def _changed(data: dict[str, Any], path: tuple[str, ...], value: Any, index: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    _set_path(out, path, value, index)
    return out


# --- public strategies ----------------------------------------------------------------


def tilsagnsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[Tilsagnsaftale]:
    """Tilsagnsaftaler between a sundhedsråd of Region Østdanmark and its municipalities.

    ``compliant``: None for any valid agreement; True for agreements no rule finds fault
    with as of ``as_of`` (required then); False for agreements with at least one failing
    finding. ``rules`` is the rule set to judge by (default: the bundled one).
    """
    return cast("SearchStrategy[Tilsagnsaftale]", _kind_strategy("tilsagnsaftale", compliant, as_of, rules))


def horisontale_samarbejdsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[HorisontalSamarbejdsaftale]:
    """Horisontale samarbejdsaftaler between a region and a municipality about one moved
    task. Options as for :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[HorisontalSamarbejdsaftale]",
        _kind_strategy("horisontal_samarbejdsaftale", compliant, as_of, rules),
    )


def anmodninger(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[AnmodningOmFortsatDrift]:
    """Anmodninger om fortsat drift: a region's request that a municipality keeps
    operating a moved task. Options as for :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[AnmodningOmFortsatDrift]", _kind_strategy("anmodning_om_fortsat_drift", compliant, as_of, rules)
    )


def delingsaftaler(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[Delingsaftale]:
    """Delingsaftaler: what moves to the region with a task. Options as for
    :func:`tilsagnsaftaler`."""
    return cast("SearchStrategy[Delingsaftale]", _kind_strategy("delingsaftale", compliant, as_of, rules))


def oekonomiske_dispositioner(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None
) -> SearchStrategy[OekonomiskDisposition]:
    """Significant economic dispositions in the transition year 2026: a municipality's on
    a moved task, or one of Region Hovedstaden and Region Sjælland. Options as for
    :func:`tilsagnsaftaler`."""
    return cast(
        "SearchStrategy[OekonomiskDisposition]", _kind_strategy("oekonomisk_disposition", compliant, as_of, rules)
    )


def portefoeljer(
    *,
    compliant: bool | None = None,
    as_of: dt.date | None = None,
    rules: Any = None,
    members: SearchStrategy[Any] | None = None,
) -> SearchStrategy[Portefoelje]:
    """Portfolios: the agreements of one sundhedsråd of Region Østdanmark.

    ``members`` is a strategy for the member documents (model instances of the four
    single kinds); by default any of them, fitted to the portfolio's council. Other
    options as for :func:`tilsagnsaftaler`; ``members`` applies to ``compliant=None``.
    """
    if members is None:
        return cast("SearchStrategy[Portefoelje]", _kind_strategy("portefoelje", compliant, as_of, rules))
    if not isinstance(members, SearchStrategy):
        raise InvalidArgument(f"members must be a SearchStrategy, not {type(members).__name__}")
    if compliant is not None:
        raise InvalidArgument("members= goes with compliant=None; compliant portfolios are drawn from the rule set")
    _check_rules(rules)
    _check_as_of(as_of, needed=False, name="portefoeljer()")
    member_data = members.map(_member_data)
    return cast("SearchStrategy[Portefoelje]", _valid(_pf_data(member_data)))


def _member_data(doc: Any) -> dict[str, Any]:
    if isinstance(doc, Portefoelje) or not isinstance(doc, BaseModel):
        raise InvalidArgument(f"members must draw single documents, not {type(doc).__name__}")
    data: dict[str, Any] = doc.model_dump(mode="json", exclude_none=True)
    return data


def documents(
    *, compliant: bool | None = None, as_of: dt.date | None = None, rules: Any = None, portfolios: bool = True
) -> SearchStrategy[Document]:
    """Documents of every kind (``portfolios=False`` leaves portfolios out). Options as
    for :func:`tilsagnsaftaler`; with ``compliant`` set, kinds for which the rule set
    has no seed with that outcome are left out."""
    if not isinstance(portfolios, bool):
        raise InvalidArgument(f"portfolios must be True or False, not {portfolios!r}")
    flag = _check_compliant(compliant)
    _check_as_of(as_of, needed=flag is not None, name=f"documents() with compliant={flag}")
    _check_rules(rules)
    kinds = [k for k in _FRESH if portfolios or k != "portefoelje"]
    parts = []
    for kind in kinds:
        try:
            parts.append(_kind_strategy(kind, compliant, as_of, rules))
        except InvalidArgument:
            if compliant is None:
                raise
            continue  # no seed of this kind with that outcome
    if not parts:
        raise InvalidArgument(f"the rule set has no document with compliant={compliant} as of {as_of}")
    return cast("SearchStrategy[Document]", st.one_of(parts))


def _rule_target(rule_id: object, outcomes: Iterable[str] | None, rules: object, *, failing: bool,
                 name: str) -> tuple[Any, str, frozenset[str]]:
    if not isinstance(rule_id, str):
        raise InvalidArgument(f"rule_id must be a string such as 'OF-2', not {rule_id!r}")
    _check_rules(rules)
    oracle = _oracle(rules)
    try:
        rf = oracle.rules.get(rule_id)
    except KeyError:
        known = ", ".join(r.id for r in oracle.rules.rules)
        raise InvalidArgument(f"{name}: no rule {rule_id!r} in the rule set; known: {known}") from None
    if outcomes is None:
        if not failing:
            wanted = frozenset({"pass"})
        elif any(b.outcome == "fail" for b in rf.outcomes):
            wanted = frozenset({"fail"})
        else:
            wanted = FAILING_OUTCOMES
    else:
        if isinstance(outcomes, str):
            raise InvalidArgument("outcomes takes a collection of outcomes, e.g. ('fail',), not a string")
        wanted = frozenset(outcomes)
        allowed = FAILING_OUTCOMES if failing else frozenset({"pass"})
        if not wanted or not wanted <= allowed:
            raise InvalidArgument(
                f"{name}: outcomes must be a non-empty subset of {sorted(allowed)}, not {sorted(wanted)}"
            )
    return oracle, rf.applies_to, wanted


def violating(
    rule_id: str,
    *,
    as_of: dt.date | None = None,
    outcomes: Collection[str] | None = None,
    rules: Any = None,
) -> SearchStrategy[Document]:
    """Documents that fail ``rule_id`` as of ``as_of`` and, where the rule set allows,
    no other rule at error level.

    ``outcomes`` are the findings that count as failing the rule: by default ``fail``
    where the rule has a fail branch, otherwise ``review`` or ``missing_information``.
    Raises ``InvalidArgument`` at once for an unknown rule, or when no fixture or
    example of the rule set fails the rule as of that date (a deadline not yet passed).
    """
    when = _check_as_of(as_of, needed=True, name="violating()")
    assert when is not None
    oracle, kind, wanted = _rule_target(rule_id, outcomes, rules, failing=True, name="violating()")
    free, read = _split_units(kind, oracle.reads(kind, rule_id, when))
    target = _Target(rule_id, wanted, exact=True)
    what = f"{'/'.join(sorted(wanted))} for {rule_id}"
    return cast("SearchStrategy[Document]", _targeted(kind, oracle, target, when, free, what, read=read))


def satisfying(rule_id: str, *, as_of: dt.date | None = None, rules: Any = None) -> SearchStrategy[Document]:
    """Documents that ``rule_id`` passes as of ``as_of`` (every finding of the rule is
    a pass, or at least one is and none fails) and, where the rule set allows, that no
    other rule fails at error level."""
    when = _check_as_of(as_of, needed=True, name="satisfying()")
    assert when is not None
    oracle, kind, wanted = _rule_target(rule_id, None, rules, failing=False, name="satisfying()")
    free, read = _split_units(kind, oracle.reads(kind, rule_id, when))
    target = _Target(rule_id, wanted, exact=True)
    return cast(
        "SearchStrategy[Document]", _targeted(kind, oracle, target, when, free, f"a pass for {rule_id}", read=read)
    )


def register_type_strategies() -> None:
    """Register the document strategies with Hypothesis, so that
    ``st.from_type(Tilsagnsaftale)`` (and the other models) draw realistic documents.

    Called by the ``hypothesis`` entry point of this package; calling it again is
    harmless.
    """
    st.register_type_strategy(Tilsagnsaftale, tilsagnsaftaler())
    st.register_type_strategy(HorisontalSamarbejdsaftale, horisontale_samarbejdsaftaler())
    st.register_type_strategy(AnmodningOmFortsatDrift, anmodninger())
    st.register_type_strategy(Delingsaftale, delingsaftaler())
    st.register_type_strategy(OekonomiskDisposition, oekonomiske_dispositioner())
    st.register_type_strategy(Portefoelje, portefoeljer())


# Set by the entry-point hook when Hypothesis was first imported by this very module.
if globals().get("_REGISTER_WHEN_IMPORTED"):
    register_type_strategies()
