"""Human labels of the facts a rule can require, in Danish and English.

A ``missing_information`` finding names what is missing in its message; a reader gets
"tillæggets dato og årsagen til tillægget", not ``dato, aarsag``. The identifiers stay
in the finding's ``evidence.missing`` for machines. Labels are looked up once per rule
set and language (``_evaluate._Plan``), never per finding.

Every fact a national rule lists in ``requires`` has a label here
(tests/test_messages.py checks it). A name without one (a local rule requiring a fact
no national rule requires, or a term) falls back to the fact's English description in
English and to its identifier in Danish.
"""

from __future__ import annotations

from collections.abc import Mapping

# fact name -> (Danish, English): noun phrases that fit "Mangler oplysninger ...: A og B".
LABELS: Mapping[str, tuple[str, str]] = {
    "aarsag": ("årsagen til tillægget", "the reason for the addendum"),
    "aftalte_pladser": ("det aftalte antal pladser for sundhedsrådet", "the agreed number of places for the council"),
    "aftalte_pladser_region": ("det aftalte antal pladser for regionen", "the agreed number of places for the region"),
    "andel_bp": ("den andel af postens anvendelse, der vedrører opgaven", "the share of the item's use that belongs to the task"),
    "ansatte_hoert": ("datoen, hvor de ansatte blev hørt", "the date the employees were consulted"),
    "ansatte_informeret": ("datoen, hvor de ansatte blev informeret", "the date the employees were informed"),
    "beslutning_drift": ("regionsrådets beslutning om, hvem der driver opgaven", "the regionsråd's decision on who runs the task"),
    "besluttet": ("datoen for beslutningen om dispositionen", "the date the disposition was decided"),
    "besluttet_af": ("hvem der traf beslutningen om tilsagnet på regionens side", "who decided the tilsagn on the region's side"),
    "binder_til": ("den sidste dag, kravet binder", "the last day the requirement binds"),
    "dato": ("tillæggets dato", "the date of the addendum"),
    "finansieret_til": ("det sidste budgetår, aftalen finansierer", "the last budget year the agreement funds"),
    "hoejeste_markedsandel_bp": ("parternes andele af det åbne marked", "the parties' shares of the open market"),
    "indsatser_aarligt_beloeb_kr": ("det årlige beløb for hver finansieret indsats", "the annual amount of each funded effort"),
    "indsatser_varig": ("om hver indsats er varig kapacitet", "whether each effort is permanent capacity"),
    "karakter": (
        "indsatsens karakter (ny indsats, udvidelse eller eksisterende drift)",
        "the nature of the effort (new, expansion or existing operation)",
    ),
    "kommunal_koordinering": (
        "om kommunerne i sundhedsrådet har drøftet og koordineret aftalen",
        "whether the council's municipalities discussed and coordinated the agreement",
    ),
    "krav_skoennet_omkostning_kr": ("kravenes skønnede årlige omkostning", "the estimated annual cost of the requirements"),
    "merudgift_kr": ("dispositionens merudgift", "the extra expenditure the disposition entails"),
    "midlertidige_aarligt_beloeb_kr": ("det årlige beløb for de midlertidige indsatser", "the annual amount of the temporary efforts"),
    "omraader": ("de opgaveområder, kravet omfatter", "the task areas the requirement covers"),
    "pladser": ("antallet af sundheds- og omsorgspladser", "the number of sundheds- og omsorgspladser"),
    "ramme_kr": ("sundhedsrådets ramme for året", "the council's frame for the year"),
    "samtykke_fra_alle_kommunalbestyrelser": (
        "samtykke fra samtlige kommunalbestyrelser i sundhedsrådet",
        "the consent of all municipal councils of the sundhedsråd",
    ),
    "skoennet_aarlig_omkostning_kr": ("kravets skønnede årlige omkostning", "the requirement's estimated annual cost"),
    "slut": ("den sidste dag, anmodningen omfatter", "the last day the request covers"),
    "start": ("datoen, hvor kommunen begynder at drive opgaven", "the date the municipality starts operating the task"),
    "sundhedsraadets_kommuner": ("kommunerne i sundhedsrådet", "the municipalities of the sundhedsråd"),
    "udbud_vurderet": ("datoen for regionens vurdering efter § 15", "the date of the region's § 15 assessment"),
    "udgiftsdaekning": ("regionens dækning af kommunens udgifter", "the region's coverage of the municipality's costs"),
    "udgiftsdaekning_antaget": (
        "regionens dækning af kommunens udgifter (eller afregning efter de faktiske udgifter)",
        "the region's coverage of the municipality's costs (or settlement on the actual costs)",
    ),
    "vaesentlig": ("om dispositionen er væsentlig", "whether the disposition is significant"),
    "vurderingsdato": ("datoen for vurderingen af postens anvendelse", "the date of the assessment of the item's use"),
}


def label(name: str, lang: str, *, description: str | None = None) -> str:
    """The label of required fact ``name`` in ``lang`` ("da" or "en"); ``description``
    is the fact's own (English) description, the English fallback."""
    known = LABELS.get(name)
    if known is not None:
        return known[0] if lang == "da" else known[1]
    if lang != "da" and description:
        return description
    return name
