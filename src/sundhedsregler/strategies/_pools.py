"""Reference pools for realistic data: places, tasks, and the texts of clauses.

The municipality-to-council grouping is illustrative; which municipalities belong to
which council is input data to the rules, never shipped.
"""

from __future__ import annotations

from typing import get_args

from ..models import FlyttetOpgave, RegionensGodkender, TilsagnBesluttetAf

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

_KOMMUNER_ALL = tuple(sorted({k for ks in (*SUNDHEDSRAAD.values(), *OTHER_REGIONS.values()) for k in ks}))
_REGIONS_ALL = (REGION_OEST, *sorted(OTHER_REGIONS))
_COUNCILS_ALL = tuple(sorted(SUNDHEDSRAAD))
_GAMLE_REGIONER = ("Region Hovedstaden", "Region Sjælland")
# Who approves for a region (RegionensGodkender): one list for every approval and decision.
_GODKENDERE: tuple[str, ...] = get_args(RegionensGodkender)

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
_DISPOSITIONER = (
    "Lejemålet til akutteamets base forlænges med ti år",
    "Ombygning af sundheds- og omsorgspladserne",
    "Ny flerårig kontrakt om kørsel til genoptræning",
    "Indkøb af udstyr til rehabiliteringsenheden",
)
