"""Document models for the four agreement kinds of the health reform, and portfolios.

Field names are the JSON keys of a document: Danish legal terms folded to ASCII
(æ→ae, ø→oe, å→aa). Every field a rule needs is modelled; a field that may be absent
in a real agreement is optional, and the rules report ``missing_information`` for it
rather than guessing. See ``docs/concepts.md`` for the mapping from agreement text to
fields.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter

__all__ = [
    "Afregning",
    "Afregningsgrundlag",
    "AnmodningOmFortsatDrift",
    "Bevilling",
    "Brugerbetalingsart",
    "Delingsaftale",
    "Delingsanledning",
    "Delingsraadssag",
    "Document",
    "DocumentKind",
    "Driftsbeslutning",
    "Driftsomfang",
    "FlyttetOpgave",
    "HorisontalSamarbejdsaftale",
    "Indsats",
    "IndsatsKarakter",
    "Krav",
    "KravArt",
    "Opgaveomraade",
    "Opsigelse",
    "Ophaevelse",
    "OekonomiskDisposition",
    "Ordning",
    "Periode",
    "Portefoelje",
    "Post",
    "PostKategori",
    "Rammebeloeb",
    "RegionalYdelsesbetaling",
    "RegionensBidrag",
    "RegionensGodkender",
    "Tillaeg",
    "TillaegAarsag",
    "Tilsagnsaftale",
    "TilsagnBesluttetAf",
    "Udbudsvurdering",
    "document_adapter",
    "document_json_schema",
    "DOCUMENT_KINDS",
]

# Money is whole kroner. The bound keeps every amount, and any sum of a few thousand of
# them, far inside int64, where durable-rules compares correctly (field notes, item 4).
Kroner = Annotated[int, Field(ge=0, le=10**13)]
Year = Annotated[int, Field(ge=2020, le=2100)]
Text = Annotated[str, Field(max_length=20_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


def described(default: Any = ..., *, en: str, da: str, **kwargs: Any) -> Any:
    """A field with its description in English (``description``) and Danish
    (``description_da`` in the JSON Schema), so forms and extraction tools can show
    either. Every field of a model gets one."""
    return Field(default, description=en, json_schema_extra={"description_da": da}, **kwargs)


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=False,
    )


class FlyttetOpgave(str, Enum):
    """The four tasks that move from the municipalities to the regions on 2027-01-01
    (Q&A 'Flytning af opgaver', 003:3-9)."""

    akutsygepleje = "akutsygepleje"
    sundheds_og_omsorgspladser = "sundheds_og_omsorgspladser"
    patientrettet_forebyggelse = "patientrettet_forebyggelse"
    specialiseret_rehabilitering = "specialiseret_rehabilitering"


class Opgaveomraade(str, Enum):
    """Task area of a funded effort or a requirement.

    The municipal areas are those KL's catalogue names as eligible (000:90); the four
    moved tasks are listed by name because whether they are municipal depends on the
    date (003:3); ``regional_sundhed`` is any other regional health service
    (hospitals, almen praksis, regional near-health services: 000:48-50).
    """

    sundhed = "sundhed"
    aeldre = "aeldre"
    social = "social"
    boern_og_unge = "boern_og_unge"
    beskaeftigelse = "beskaeftigelse"
    akutsygepleje = "akutsygepleje"
    sundheds_og_omsorgspladser = "sundheds_og_omsorgspladser"
    patientrettet_forebyggelse = "patientrettet_forebyggelse"
    specialiseret_rehabilitering = "specialiseret_rehabilitering"
    regional_sundhed = "regional_sundhed"


class KravArt(str, Enum):
    """What a requirement (tilsagnskrav) asks of the municipality.

    The kinds are chosen so that Forårsaftalen 2025's principle 3 and 4 can be judged
    (000:110-111); ``docs/concepts.md`` maps typical agreement wording to each kind.
    """

    faglighed = "faglighed"  # professional level: allowed (FA-3e)
    kvalitet = "kvalitet"  # quality level: allowed (FA-3e)
    indsats = "indsats"  # deliver a named effort / activity
    kapacitet = "kapacitet"  # a number of places, staff hours etc. (not money)
    rapportering = "rapportering"  # report activity or results (not spending)
    udgiftsniveau = "udgiftsniveau"  # minimum budget / fixed spending level (FA-3c)
    fast_personaleudgift = "fast_personaleudgift"  # fixed staffing cost (FA-3c)
    prioriteringsbinding = "prioriteringsbinding"  # forbids moving resources across areas (FA-3d)
    udgiftsopfoelgning = "udgiftsopfoelgning"  # actual spending follow-up / accounts (FA-4d)
    andet = "andet"


class PostKategori(str, Enum):
    """Categories of what a delingsaftale can move (003:140-152).

    The agreement can only cover the first five (overgangsloven § 151, stk. 5, as
    real-2025-26.md R7 reports it); ``andet`` lets an item outside them load, so that a
    rule (OF-26) reports it as a finding instead of the document failing to load.
    """

    aktiv = "aktiv"
    passiv = "passiv"
    rettighed = "rettighed"
    forpligtelse = "forpligtelse"
    ansat = "ansat"
    andet = "andet"


FastsatAf = Literal["parterne", "delingsraadet"]
"""Who fixed that an item moves: the parties in their agreement, or the Delingsråd in its
decision, which is not bound by the parties' agreements on particular assets
(overgangsloven § 152, stk. 2, real-2025-26.md R7)."""


Part = Literal["kommune", "region", "sundhedsraad"]


class Ordning(str, Enum):
    """The arrangement an agreement or request on a moved task rests on.

    ``opgaveflyt_2027``: the move of the four tasks on 1 January 2027, under the
    transition act (overgangsloven; 003:10, 003:135, 003:138-139). ``varig``: the lasting
    arrangement of the health act (sundhedsloven), under which a region and a
    municipality can make a horizontal agreement at any later time (real-2025-26.md:
    R3; paragraph numbers moved between drafts, R5, so none is named here).
    """

    opgaveflyt_2027 = "opgaveflyt_2027"
    varig = "varig"


RegionensGodkender = Literal["regionsraad", "forberedende_regionsraad", "region_hovedstaden", "region_sjaelland"]
"""Who gave the region's approval: the regionsråd of the region; in 2026 for Region
Østdanmark the forberedende regionsråd (003:136, 003:141); or one of the two old
regions that Region Østdanmark replaces, Region Hovedstaden and Region Sjælland."""


# The approval details a horizontal agreement and a delingsaftale share (one definition,
# the same JSON Schema for both).
RegionensGodkenderFelt = Annotated[
    RegionensGodkender | None,
    described(
        en="who gave the region's approval (regionsråd, the forberedende regionsråd of Region Østdanmark in 2026, or an old region)",
        da="hvem der godkendte på regionens side (regionsrådet, i 2026 det forberedende regionsråd for Region Østdanmark, eller en af de gamle regioner)",
    ),
]
RegionensForbehold = Annotated[
    bool | None,
    described(
        en="the region's approval was given with reservations ('med forbehold'): a conditional approval is not an approval",
        da="regionens godkendelse er givet med forbehold: en betinget godkendelse er ikke en godkendelse",
    ),
]
KommunalbestyrelsensForbehold = Annotated[
    bool | None,
    described(
        en="the kommunalbestyrelse's approval was given with reservations ('med forbehold'): a conditional approval is not an approval",
        da="kommunalbestyrelsens godkendelse er givet med forbehold: en betinget godkendelse er ikke en godkendelse",
    ),
]


Driftsomfang = Literal["hele", "dele"]
"""How much of the operation of a moved task a horizontal agreement gives the
municipality: "hele eller dele af driften" (003:132)."""


class Delingsanledning(str, Enum):
    """Why a delingsaftale is made: the move on 1 January 2027 (003:137), the end of a
    request for continued operation, or the conclusion, expiry or termination of a
    horizontal agreement (the bekendtgørelse on sharing, real-2025-26.md R1)."""

    opgaveflyt_2027 = "opgaveflyt_2027"
    anmodning_ophoert = "anmodning_ophoert"
    hsa_indgaaet = "hsa_indgaaet"
    hsa_udloebet = "hsa_udloebet"
    hsa_opsagt = "hsa_opsagt"


class IndsatsKarakter(str, Enum):
    """Whether a funded effort lifts the municipality's near health services: the money
    is to give real lifts, through new efforts or the expansion of existing ones
    (000:22). ``eksisterende_drift`` is an existing effort run as before."""

    ny = "ny"
    udbygning = "udbygning"
    eksisterende_drift = "eksisterende_drift"


TilsagnBesluttetAf = Literal["regionsraad", "forberedende_regionsraad", "sundhedsraad", "formand"]
"""Who decided to give the tilsagn on the region's side. The formal party is the
regionsråd (L 42 § 118 c as fremsat, real-2025-26.md R5); the sundhedsråd is a standing
committee that acts on the regionsråd's behalf and responsibility (002:121-131), so it
decides under a delegation; ``formand``: the chair (of the sundhedsråd or the
regionsråd) alone. In 2026 the region's side of Region Østdanmark is the forberedende
regionsråd (003:136, 003:141)."""


class Periode(_Model):
    start: dt.date | None = None
    slut: dt.date | None = None


class Bevilling(_Model):
    """The amount committed for one budget year (optionally for one municipality of a
    samlet aftale)."""

    budgetaar: Year
    beloeb_kr: Kroner
    kommune: Name | None = None


class Indsats(_Model):
    """A funded effort."""

    betegnelse: Name
    opgaveomraade: Opgaveomraade
    hjemmel: Text | None = None
    myndighedsansvar: Part | None = None
    varig: bool | None = Field(
        default=None,
        description="True for permanent capacity, False for a temporary lift, trial or project",
    )
    periode: Periode | None = None
    aarligt_beloeb_kr: Kroner | None = None
    karakter: IndsatsKarakter | None = described(
        None,
        en="whether the effort is new, an expansion of an existing effort, or existing operation without expansion (000:22)",
        da="om indsatsen er ny, en udbygning af en eksisterende indsats eller eksisterende drift uden udbygning (000:22)",
    )


class Krav(_Model):
    """A requirement (tilsagnskrav) attached to the tilsagn."""

    betegnelse: Name
    art: KravArt
    omraader: list[Opgaveomraade] = Field(default_factory=list, max_length=20)
    skoennet_aarlig_omkostning_kr: Kroner | None = None
    binder_til: dt.date | None = None


class Ophaevelse(_Model):
    """Terms on which the tilsagn can be revoked."""

    vilkaar: Text | None = None
    kan_ophaeves_af: list[Part] = Field(default_factory=list, max_length=3)


class RegionalYdelsesbetaling(_Model):
    """Use of the municipal money to pay for near regional health services (000:50)."""

    beloeb_kr: Kroner | None = None
    samtykke_fra_alle_kommunalbestyrelser: bool | None = None


class Tilsagnsaftale(_Model):
    """An agreement in which the regionsråd, through its sundhedsråd, commits municipal
    investment money to one or more municipalities of the council (KL
    inspirationskatalog, 000:60-84, 000:100-111; L 42 § 118 c as fremsat,
    real-2025-26.md R5)."""

    kind: Literal["tilsagnsaftale"] = "tilsagnsaftale"
    dokument_id: Name
    titel: Text | None = None
    sundhedsraad: Name
    region: Name | None = None
    aftaletype: Literal["bilateral", "samlet", "flere"] = described(
        en=(
            "bilateral (one municipality), samlet (all municipalities of the council) or flere "
            "(several, but not all, of the council's municipalities: 'en eller flere kommunalbestyrelser', L 42 § 118 c)"
        ),
        da=(
            "bilateral (én kommune), samlet (alle sundhedsrådets kommuner) eller flere "
            "(flere, men ikke alle, af rådets kommuner: »en eller flere kommunalbestyrelser«, L 42 § 118 c)"
        ),
    )
    kommuner: list[Name] = Field(min_length=1, max_length=100)
    sundhedsraadets_kommuner: list[Name] | None = Field(default=None, max_length=100)
    indgaaet: dt.date | None = None
    bevillinger: list[Bevilling] = Field(default_factory=list, max_length=50)
    indsatser: list[Indsats] = Field(default_factory=list, max_length=500)
    krav: list[Krav] = Field(default_factory=list, max_length=500)
    tidsperiode: Periode | None = None
    bindingsperiode: Periode | None = None
    ophaevelse: Ophaevelse | None = None
    informationsdeling: Text | None = None
    kommunal_koordinering: bool | None = None
    regional_ydelsesbetaling: RegionalYdelsesbetaling | None = None
    besluttet_af: TilsagnBesluttetAf | None = described(
        None,
        en=(
            "who decided the tilsagn on the region's side: the regionsråd (in 2026 for Region Østdanmark the "
            "forberedende regionsråd), the sundhedsråd under a delegation from the regionsråd, or the chair alone"
        ),
        da=(
            "hvem der traf beslutningen om tilsagnet på regionens side: regionsrådet (i 2026 for Region Østdanmark "
            "det forberedende regionsråd), sundhedsrådet efter delegation fra regionsrådet eller formanden alene"
        ),
    )
    delegationsgrundlag: Text | None = described(
        None,
        en="the delegation the decision rests on, when not the regionsråd itself decided (e.g. the styrelsesvedtægt's section or the regionsråd's resolution)",
        da="den delegation, beslutningen hviler på, når det ikke var regionsrådet selv (fx bestemmelsen i styrelsesvedtægten eller regionsrådets beslutning)",
    )
    delegation_dato: dt.date | None = described(
        None,
        en="date of the regionsråd's delegation decision",
        da="datoen for regionsrådets beslutning om delegation",
    )
    tillaeg_til: Name | None = described(
        None,
        en=(
            "the dokument_id of the agreement this one amends (a tillæg); an amendment states what it changes, "
            "its bevillinger are the amounts it adds, and the main agreement's periods and revocation terms apply where it is silent"
        ),
        da=(
            "dokument_id for den aftale, denne ændrer (et tillæg); et tillæg angiver det, det ændrer, dets bevillinger er de beløb, "
            "det lægger til, og hovedaftalens perioder og vilkår for ophævelse gælder, hvor det tier"
        ),
    )


class Opsigelse(_Model):
    """Termination terms of a horisontal samarbejdsaftale."""

    varsel_maaneder: Annotated[int, Field(ge=0, le=1200)] | None = None
    # Absent (None) and empty differ: a contract silent on who may terminate leaves the
    # statutory right of both parties (003:158); an empty list says nobody may (OF-4).
    kan_opsiges_af: list[Literal["kommune", "region"]] | None = described(
        None,
        max_length=2,
        en="the parties the agreement lets terminate it (absent: the agreement does not say, so the law applies; empty: nobody)",
        da="de parter, aftalen lader opsige den (fraværende: aftalen siger intet, og loven gælder; tom: ingen)",
    )


class Brugerbetalingsart(str, Enum):
    """What a citizen is charged for on a moved task (003:70, 003:105).

    ``ophold``: the stay on a sundheds- og omsorgsplads, or for akutsygepleje the service
    itself; ``kost``: board; ``linned``: linen; ``medicin``: medicine the service itself
    hands out (akutsygeplejen's medicine to start a treatment, 003:105);
    ``medicin_apotek``: medicine the citizen buys at the pharmacy after the treatment has
    started (003:105); ``andet``: anything else.
    """

    ophold = "ophold"
    kost = "kost"
    linned = "linned"
    medicin = "medicin"
    medicin_apotek = "medicin_apotek"
    andet = "andet"


class TillaegAarsag(str, Enum):
    """Why an addendum (tillæg) to a horizontal agreement or a request is made: new
    rules, new guidelines (the two causes the bekendtgørelser allow until 31 December
    2026, real-2025-26.md R2), the price, or anything else."""

    nye_regler = "nye_regler"
    nye_retningslinjer = "nye_retningslinjer"
    pris = "pris"
    andet = "andet"


class Tillaeg(_Model):
    """An addendum to a horizontal agreement or a request for continued operation."""

    dato: dt.date | None = described(None, en="date the addendum was concluded or sent", da="datoen tillægget blev indgået eller sendt")
    aarsag: TillaegAarsag | None = described(
        None,
        en="why the addendum is made: new rules, new guidelines, the price, or another cause",
        da="anledningen til tillægget: nye regler, nye retningslinjer, prisen eller andet",
    )
    reference: Text | None = described(
        None,
        en="the rule, guideline or other basis the addendum follows from",
        da="den regel, retningslinje eller anden baggrund, tillægget følger af",
    )


class Afregningsgrundlag(str, Enum):
    """How the region pays the municipality for a task: its actual costs, a fixed price,
    or a rate (takst)."""

    faktiske_omkostninger = "faktiske_omkostninger"
    fast_pris = "fast_pris"
    takst = "takst"


class Afregning(_Model):
    """The settlement between region and municipality for the task. Neither party may
    make a loss or a profit on the cooperation or the request (ISM's vejledning,
    real-2025-26.md R1)."""

    grundlag: Afregningsgrundlag | None = described(
        None,
        en="the basis of payment: actual costs, a fixed price or a rate",
        da="afregningsgrundlaget: faktiske omkostninger, fast pris eller takst",
    )
    skoennede_omkostninger_kr: Kroner | None = described(
        None,
        en="the municipality's estimated annual costs of the task, in kroner",
        da="kommunens skønnede årlige udgifter til opgaven i kroner",
    )
    betaling_kr: Kroner | None = described(
        None,
        en="the region's annual payment to the municipality, in kroner",
        da="regionens årlige betaling til kommunen i kroner",
    )
    avance_kr: Kroner | None = described(
        None,
        en="a mark-up (profit) on top of the costs, in kroner a year; 0 when none",
        da="et tillæg (avance) oven i udgifterne i kroner om året; 0, når der ikke er noget",
    )
    udgiftsdaekning_pct: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = described(
        None,
        en="the share of the municipality's costs of the task the region pays, in percent (100: full cover)",
        da="den andel af kommunens udgifter til opgaven, som regionen betaler, i procent (100: fuld dækning)",
    )


class RegionensBidrag(str, Enum):
    """What the region brings to the cooperation under a horizontal agreement:
    professional knowledge, staff, equipment, or payment (R4: the cooperation udbudsloven
    § 15 requires; payment alone may not be cooperation)."""

    faglig = "faglig"
    personale = "personale"
    udstyr = "udstyr"
    betaling = "betaling"


class Udbudsvurdering(_Model):
    """The elements of a horizontal cooperation between contracting authorities under
    udbudsloven § 15 (real-2025-26.md R4), and the region's assessment of them."""

    faelles_maal: bool | None = described(
        None,
        en="the cooperation serves objectives the parties have in common",
        da="samarbejdet tjener mål, som parterne har til fælles",
    )
    kun_offentlig_interesse: bool | None = described(
        None,
        en="the cooperation is governed solely by considerations of the public interest",
        da="samarbejdet er udelukkende styret af hensyn til offentlighedens interesse",
    )
    markedsandel_region_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = described(
        None,
        en="the region's share of the activities concerned performed on the open market, in percent",
        da="regionens andel af de berørte aktiviteter, der udføres på det åbne marked, i procent",
    )
    markedsandel_kommune_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = described(
        None,
        en="the municipality's share of the activities concerned performed on the open market, in percent",
        da="kommunens andel af de berørte aktiviteter, der udføres på det åbne marked, i procent",
    )
    vurderet: dt.date | None = described(
        None,
        en="date of the region's recorded assessment that the criteria are met",
        da="datoen for regionens registrerede vurdering af, at kriterierne er opfyldt",
    )
    vurdering: Text | None = described(None, en="the region's assessment, as written", da="regionens vurdering, som den er skrevet")


class HorisontalSamarbejdsaftale(_Model):
    """A contract under which a municipality operates a moved task under the region's
    myndighedsansvar (003:10, 003:153-158)."""

    kind: Literal["horisontal_samarbejdsaftale"] = "horisontal_samarbejdsaftale"
    dokument_id: Name
    titel: Text | None = None
    region: Name
    kommune: Name
    sundhedsraad: Name | None = None
    opgave: FlyttetOpgave
    myndighedsansvar: Literal["kommune", "region"] | None = None
    godkendt_regionsraad: dt.date | None = None
    godkendt_kommunalbestyrelse: dt.date | None = None
    godkendt_regionsraad_af: RegionensGodkenderFelt = None
    godkendt_regionsraad_med_forbehold: RegionensForbehold = None
    godkendt_kommunalbestyrelse_med_forbehold: KommunalbestyrelsensForbehold = None
    sendt_til_ministeriet: dt.date | None = None
    indgaaelse_aarsag: TillaegAarsag | None = described(
        None,
        en="why the agreement is concluded after 1 April 2026, in the window the bekendtgørelser keep open until 31 December 2026: new rules, new guidelines, or another cause (real-2025-26.md R2)",
        da="anledningen til, at aftalen indgås efter 1. april 2026 i det vindue, bekendtgørelserne holder åbent til og med 31. december 2026: nye regler, nye retningslinjer eller andet (real-2025-26.md R2)",
    )
    faelles_maal: Text | None = None
    bidrag_region: Text | None = None
    bidrag_kommune: Text | None = None
    ansvarsfordeling: Text | None = None
    finansiering: Text | None = None
    opfoelgning: Text | None = None
    opsigelse: Opsigelse | None = None
    misligholdelse: Text | None = None
    start: dt.date | None = None
    slut: dt.date | None = described(
        None,
        en="last day of the agreement's validity period (absent: until terminated)",
        da="sidste dag i aftalens gyldighedsperiode (fraværende: indtil opsigelse)",
    )
    ordning: Ordning | None = described(
        None,
        en="the arrangement the agreement rests on: the move on 1 January 2027 or the lasting arrangement of the health act",
        da="den ordning aftalen hviler på: opgaveflytningen 1. januar 2027 eller sundhedslovens varige ordning",
    )
    omfang: Driftsomfang | None = described(
        None,
        en="how much of the operation of the task the municipality runs under the agreement: all of it (hele) or a part, "
        "such as some places, one site or one service (dele) (003:132); absent: not stated",
        da="hvor meget af driften af opgaven kommunen varetager efter aftalen: hele driften (hele) eller en del af den, "
        "fx nogle pladser, ét sted eller én ydelse (dele) (003:132); fraværende: ikke oplyst",
    )
    brugerbetaling: bool | None = None
    brugerbetaling_for: list[Brugerbetalingsart] | None = described(
        None,
        max_length=6,
        en="what citizens are charged for (absent: not stated; empty: nothing)",
        da="hvad borgerne betaler for (fraværende: ikke oplyst; tom: intet)",
    )
    pladser: Annotated[int, Field(ge=0, le=100_000)] | None = None
    opgaver: list[FlyttetOpgave] | None = described(
        None,
        max_length=4,
        en="every moved task the agreement covers, when it covers more than `opgave` (one agreement per task, 003:10)",
        da="alle de flyttede opgaver, aftalen omfatter, når den omfatter mere end den ene opgave (én aftale pr. opgave, 003:10)",
    )
    tillaeg: list[Tillaeg] | None = described(
        None, max_length=200, en="addenda to the agreement", da="tillæg til aftalen"
    )
    afregning: Afregning | None = described(
        None,
        en="how the region pays the municipality for the task",
        da="hvordan regionen betaler kommunen for opgaven",
    )
    udbudsvurdering: Udbudsvurdering | None = described(
        None,
        en="the elements of a horizontal cooperation under udbudsloven § 15 and the region's assessment of them",
        da="elementerne i et horisontalt samarbejde efter udbudslovens § 15 og regionens vurdering af dem",
    )
    regionens_bidrag: list[RegionensBidrag] | None = described(
        None,
        max_length=4,
        en="what the region brings to the cooperation: professional knowledge, staff, equipment, payment",
        da="hvad regionen bidrager med til samarbejdet: faglighed, personale, udstyr, betaling",
    )
    serviceniveau: Text | None = described(None, en="the service level the municipality delivers", da="det serviceniveau, kommunen leverer")
    maalgruppe: Text | None = described(None, en="the citizens the task serves (target group)", da="de borgere, opgaven retter sig mod (målgruppen)")
    kapacitet: Text | None = described(None, en="the capacity the municipality provides (places, staff, hours)", da="den kapacitet, kommunen stiller til rådighed (pladser, personale, timer)")
    aktivitetsregulering: Text | None = described(
        None,
        en="how payment is adjusted when activity changes",
        da="hvordan betalingen reguleres ved ændringer i aktiviteten",
    )


class AnmodningOmFortsatDrift(_Model):
    """The region's request that a municipality keeps operating a moved task
    (003:135, 003:139, 003:156-157)."""

    kind: Literal["anmodning_om_fortsat_drift"] = "anmodning_om_fortsat_drift"
    dokument_id: Name
    titel: Text | None = None
    region: Name
    kommune: Name
    sundhedsraad: Name | None = None
    opgave: FlyttetOpgave
    afgivet: dt.date | None = None
    meddelt_ministeriet: dt.date | None = None
    start: dt.date | None = described(
        None,
        en="first day the municipality operates the task at the request (absent: 1 January 2027)",
        da="første dag kommunen driver opgaven efter anmodningen (fraværende: 1. januar 2027)",
    )
    slut: dt.date | None = None
    ordning: Ordning | None = described(
        None,
        en="the arrangement the request rests on (a request is made under the transition act for the move on 1 January 2027)",
        da="den ordning anmodningen hviler på (en anmodning gives efter overgangsloven ved opgaveflytningen 1. januar 2027)",
    )
    udgiftsdaekning: Literal["fuld", "delvis", "ingen"] | None = None
    # The bill's remark names "Aftalepartierne", the political parties behind the reform
    # agreement (002:1157); the old key, spelt "aftaleparterne", still loads.
    forlaengelse_droeftet_med_aftalepartierne: bool = described(
        False,
        validation_alias=AliasChoices(
            "forlaengelse_droeftet_med_aftalepartierne", "forlaengelse_droeftet_med_aftaleparterne"
        ),
        en="an extension beyond 2028 was discussed with the political parties behind the reform agreement (the old key forlaengelse_droeftet_med_aftaleparterne is deprecated)",
        da="en forlængelse ud over 2028 er drøftet med partierne bag aftalen om sundhedsreformen (den gamle nøgle forlaengelse_droeftet_med_aftaleparterne er forældet)",
    )
    brugerbetaling: bool | None = None
    brugerbetaling_for: list[Brugerbetalingsart] | None = described(
        None,
        max_length=6,
        en="what citizens are charged for (absent: not stated; empty: nothing)",
        da="hvad borgerne betaler for (fraværende: ikke oplyst; tom: intet)",
    )
    pladser: Annotated[int, Field(ge=0, le=100_000)] | None = None
    tillaeg: list[Tillaeg] | None = described(
        None, max_length=200, en="addenda sent to the request", da="tillæg sendt til anmodningen"
    )
    afregning: Afregning | None = described(
        None,
        en="how the region pays the municipality's costs of the task",
        da="hvordan regionen betaler kommunens udgifter til opgaven",
    )


class Post(_Model):
    """One item a delingsaftale moves to the region."""

    betegnelse: Name
    kategori: PostKategori
    andel_til_opgaven_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = Field(
        default=None, description="Share of the item's use that belongs to the moved task, in percent"
    )
    vurderingsdato: dt.date | None = None
    fastsat_af: FastsatAf | None = described(
        None,
        en="who fixed that the item moves: the parties (parterne) or the Delingsråd (delingsraadet); absent: the Delingsråd where it decided a case the parties had not agreed, else the parties",
        da="hvem der har fastsat, at posten overdrages: parterne eller Delingsrådet; fraværende: Delingsrådet, hvor det har truffet afgørelse i en sag, parterne ikke var enige om, ellers parterne",
    )
    ansatte_informeret: dt.date | None = described(
        None,
        en="for staff (category ansat): the date the employees who move were informed",
        da="for ansatte (kategorien ansat): datoen, hvor de medarbejdere, der overdrages, blev informeret",
    )
    ansatte_hoert: dt.date | None = described(
        None,
        en="for staff (category ansat): the date the employees who move were consulted (hørt)",
        da="for ansatte (kategorien ansat): datoen, hvor de medarbejdere, der overdrages, blev hørt",
    )


class Delingsraadssag(_Model):
    indbragt: dt.date | None = None
    afgoerelse: dt.date | None = None


class Delingsaftale(_Model):
    """What moves to the region with a task (003:137, 003:140-142, 003:162-164)."""

    kind: Literal["delingsaftale"] = "delingsaftale"
    dokument_id: Name
    titel: Text | None = None
    region: Name
    kommune: Name
    sundhedsraad: Name | None = None
    opgaver: list[FlyttetOpgave] = Field(min_length=1, max_length=4)
    anledning: Delingsanledning | None = described(
        None,
        en="why the sharing is made: the move on 1 January 2027, the end of a request, or the conclusion, expiry or termination of a horizontal agreement",
        da="anledningen til delingen: opgaveflytningen 1. januar 2027, ophør af en anmodning, eller indgåelse, udløb eller opsigelse af en horisontal samarbejdsaftale",
    )
    overtagelsesdato: dt.date | None = described(
        None,
        en="the date the region takes the task over (absent: 1 January 2027 for the move)",
        da="datoen regionen overtager opgaven (fraværende: 1. januar 2027 ved opgaveflytningen)",
    )
    udkast_leveret: dt.date | None = None
    godkendt_regionsraad: dt.date | None = None
    godkendt_kommunalbestyrelse: dt.date | None = None
    godkendt_regionsraad_af: RegionensGodkenderFelt = None
    godkendt_regionsraad_med_forbehold: RegionensForbehold = None
    godkendt_kommunalbestyrelse_med_forbehold: KommunalbestyrelsensForbehold = None
    poster: list[Post] = Field(default_factory=list, max_length=5000)
    intet_overdrages: bool | None = described(
        None,
        en="the agreement states that nothing moves to the region (true), so an agreement without items is complete",
        da="aftalen fastslår, at intet overdrages til regionen (sand), så en aftale uden poster er fuldstændig",
    )
    vederlag_kr: Kroner | None = None
    delingsraad: Delingsraadssag | None = None
    pladser: Annotated[int, Field(ge=0, le=100_000)] | None = Field(
        default=None,
        description="Sundheds- og omsorgspladser the region operates in the municipality after the move (OF-16)",
    )


DispositionensPart = Literal["kommune", "region"]
"""Who makes an economic disposition in the transition year: a municipality (on a task
that moves to the region) or one of the two old regions, Region Hovedstaden and Region
Sjælland, that Region Østdanmark replaces."""


class OekonomiskDisposition(_Model):
    """A significant economic disposition ("væsentlig økonomisk disposition") made in
    2026, in the transition year before the move on 1 January 2027.

    Two sides (KL's timeline, real-2025-26.md R6; the bill's chapter 8, 002:1832-1862):
    a municipality's disposition on a task that moves to the region, which can need the
    region's approval or be changed by it (for Region Østdanmark in 2026: the
    forberedende regionsråd); and a disposition of Region Hovedstaden or Region Sjælland
    in 2026, which the forberedende regionsråd can change and which must not entail
    extra expenditure (overgangsloven § 128).
    """

    kind: Literal["oekonomisk_disposition"] = "oekonomisk_disposition"
    dokument_id: Name
    titel: Text | None = None
    part: DispositionensPart = described(
        en="who makes the disposition: a municipality (kommune) or an old region (region)",
        da="hvem der træffer dispositionen: en kommune eller en af de gamle regioner",
    )
    disponent: Name = described(
        en="the municipality or old region that makes the disposition (e.g. 'Slagelse', 'Region Sjælland')",
        da="den kommune eller gamle region, der træffer dispositionen (fx »Slagelse«, »Region Sjælland«)",
    )
    region: Name = described(
        en="the region that takes the task over and approves or may change the disposition (e.g. 'Region Østdanmark')",
        da="den region, der overtager opgaven og godkender eller kan ændre dispositionen (fx »Region Østdanmark«)",
    )
    opgaver: list[FlyttetOpgave] = described(
        default_factory=list,
        max_length=4,
        en="the moved tasks the disposition concerns (a municipal disposition is one on a moved task)",
        da="de flyttede opgaver, dispositionen vedrører (en kommunal disposition vedrører en flyttet opgave)",
    )
    beskrivelse: Text | None = described(
        None, en="what is decided (e.g. a lease, a building project, a long contract)", da="hvad der besluttes (fx et lejemål, et byggeprojekt, en længere kontrakt)"
    )
    besluttet: dt.date | None = described(
        None, en="date the kommunalbestyrelse or the old regionsråd decided the disposition", da="datoen, hvor kommunalbestyrelsen eller det gamle regionsråd besluttede dispositionen"
    )
    beloeb_kr: Kroner | None = described(
        None, en="the amount the disposition commits, in kroner", da="det beløb, dispositionen binder, i kroner"
    )
    vaesentlig: bool | None = described(
        None,
        en="the disposition is significant: beyond ordinary budget corrections (KL's reading, 002:1844-1850)",
        da="dispositionen er væsentlig: den ligger ud over almindelige budgetkorrektioner (KL's læsning, 002:1844-1850)",
    )
    godkendt_region: dt.date | None = described(
        None, en="date the region approved the municipality's disposition", da="datoen, hvor regionen godkendte kommunens disposition"
    )
    godkendt_region_af: RegionensGodkender | None = described(
        None,
        en="who gave the region's approval (for Region Østdanmark in 2026: the forberedende regionsråd)",
        da="hvem der godkendte på regionens side (for Region Østdanmark i 2026: det forberedende regionsråd)",
    )
    godkendt_region_med_forbehold: bool | None = described(
        None,
        en="the region's approval was given with reservations ('med forbehold'): a conditional approval is not an approval",
        da="regionens godkendelse er givet med forbehold: en betinget godkendelse er ikke en godkendelse",
    )
    aendret_af_forberedende_regionsraad: dt.date | None = described(
        None,
        en="date the forberedende regionsråd (the region) changed the disposition: an old region's (overgangsloven § 128) or a municipality's (real-2025-26.md R6)",
        da="datoen, hvor det forberedende regionsråd (regionen) ændrede dispositionen: en gammel regions (overgangslovens § 128) eller en kommunes (real-2025-26.md R6)",
    )
    merudgift_kr: Kroner | None = described(
        None,
        en="extra expenditure the disposition, as it stands, entails, in kroner (0: none)",
        da="de merudgifter, dispositionen, som den foreligger, indebærer, i kroner (0: ingen)",
    )


SingleDocument = Annotated[
    Union[Tilsagnsaftale, HorisontalSamarbejdsaftale, AnmodningOmFortsatDrift, Delingsaftale],
    Field(discriminator="kind"),
]


class Rammebeloeb(_Model):
    """The council's minimum frame for one budget year (input data): the minister sets
    annual minimum frames for each sundhedsråd (L 42 § 118 c as fremsat,
    real-2025-26.md R5; the national money is split first across the 17 councils,
    000:102). A minimum, not a ceiling: the region may give more."""

    budgetaar: Year = described(en="the budget year", da="budgetåret")
    beloeb_kr: Kroner = described(
        en="the council's minimum frame for the year set by the minister, in kroner (a minimum, not a ceiling)",
        da="sundhedsrådets minimumsramme for året, fastsat af ministeren, i kroner (et minimum, ikke et loft)",
    )


class Driftsbeslutning(_Model):
    """The regionsråd's decision, on the sundhedsråd's recommendation, on who runs moved
    tasks in municipalities from 1 January 2027: the region, or the municipality under a
    horizontal agreement (003:9-10). In 2026 the forberedende regionsråd decides for
    Region Østdanmark (003:136)."""

    kommuner: list[Name] = described(
        ...,
        min_length=1,
        max_length=100,
        en="the municipalities the decision concerns",
        da="de kommuner, beslutningen gælder",
    )
    opgaver: list[FlyttetOpgave] = described(
        ...,
        min_length=1,
        max_length=4,
        en="the moved tasks the decision concerns",
        da="de flyttede opgaver, beslutningen gælder",
    )
    drift: Literal["region", "kommune"] = described(
        ...,
        en="who runs the tasks: the region, or the municipality (under a horizontal agreement)",
        da="hvem der driver opgaverne: regionen eller kommunen (efter en horisontal samarbejdsaftale)",
    )
    dato: dt.date | None = described(
        None,
        en="date of the decision",
        da="datoen for beslutningen",
    )
    besluttet_af: RegionensGodkender | None = described(
        None,
        en="the body that decided (the regionsråd; in 2026 the forberedende regionsråd of Region Østdanmark)",
        da="det organ, der traf beslutningen (regionsrådet; i 2026 det forberedende regionsråd for Region Østdanmark)",
    )
    indstilling_sundhedsraad: Literal["region", "kommune"] | None = described(
        None,
        en="what the sundhedsråd recommended, where it is recorded",
        da="hvad sundhedsrådet indstillede, hvor det er oplyst",
    )


class Portefoelje(_Model):
    """The agreements of one sundhedsråd or region, for the checks that need several
    documents at once."""

    kind: Literal["portefoelje"] = "portefoelje"
    dokument_id: Name
    titel: Text | None = None
    sundhedsraad: Name | None = None
    region: Name | None = None
    kommuner: list[Name] = Field(default_factory=list, max_length=100)
    rammer: list[Rammebeloeb] = described(
        default_factory=list,
        max_length=50,
        en="the council's annual minimum frames set by the minister (input data; minimum frames, not ceilings: L 42 § 118 c)",
        da="sundhedsrådets årlige minimumsrammer fastsat af ministeren (inputdata; minimumsrammer, ikke lofter: L 42 § 118 c)",
    )
    aftalte_pladser: Annotated[int, Field(ge=0, le=100_000)] | None = None
    aftalte_pladser_region: Annotated[int, Field(ge=0, le=100_000)] | None = described(
        None,
        en="the agreed number of sundheds- og omsorgspladser for the portfolio's region, where the sources give none "
        "(Region Østdanmark's 1,237 is shipped, 003:72); given, it says the portfolio holds the whole region",
        da="det aftalte antal sundheds- og omsorgspladser for porteføljens region, hvor kilderne ikke giver det "
        "(Region Østdanmarks 1.237 følger med, 003:72); angivet betyder det, at porteføljen dækker hele regionen",
    )
    begrundelser_uden_pladser: dict[Name, Text] = Field(default_factory=dict)
    sundhedsraadenes_kommuner: dict[Name, Annotated[list[Name], Field(min_length=1, max_length=100)]] = described(
        default_factory=dict,
        max_length=30,
        en="all municipalities of each sundhedsråd, by the council's name (input data: the library ships no council "
        "membership); with it OF-16.1 knows whether the portfolio holds the whole council",
        da="alle kommuner i hvert sundhedsråd, efter rådets navn (inputdata: biblioteket har ingen oplysninger om "
        "rådenes kommuner); med dem ved OF-16.1, om porteføljen omfatter hele rådet",
    )
    driftsbeslutninger: list[Driftsbeslutning] = described(
        [],
        max_length=1000,
        en="the regionsråd's decisions on who runs the moved tasks in which municipalities (003:9)",
        da="regionsrådets beslutninger om, hvem der driver de flyttede opgaver i hvilke kommuner (003:9)",
    )
    dokumenter: list[SingleDocument] = Field(default_factory=list, max_length=10_000)


Document = Annotated[
    Union[
        Tilsagnsaftale,
        HorisontalSamarbejdsaftale,
        AnmodningOmFortsatDrift,
        Delingsaftale,
        OekonomiskDisposition,
        Portefoelje,
    ],
    Field(discriminator="kind"),
]

DocumentKind = Literal[
    "tilsagnsaftale",
    "horisontal_samarbejdsaftale",
    "anmodning_om_fortsat_drift",
    "delingsaftale",
    "oekonomisk_disposition",
    "portefoelje",
]

DOCUMENT_KINDS: dict[str, type[_Model]] = {
    "tilsagnsaftale": Tilsagnsaftale,
    "horisontal_samarbejdsaftale": HorisontalSamarbejdsaftale,
    "anmodning_om_fortsat_drift": AnmodningOmFortsatDrift,
    "delingsaftale": Delingsaftale,
    "oekonomisk_disposition": OekonomiskDisposition,
    "portefoelje": Portefoelje,
}

document_adapter: TypeAdapter[Any] = TypeAdapter(Document)


def document_json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one document kind, or of any document when ``kind`` is None."""
    if kind is None:
        return document_adapter.json_schema()
    try:
        model = DOCUMENT_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind {kind!r}; known: {', '.join(DOCUMENT_KINDS)}") from None
    return model.model_json_schema()
