"""The document fields section of ``docs/concepts.md`` (marker ``document-fields``):
every field of every document kind and of the objects inside it, from the models' JSON
Schema, with a gloss where a model gives no description.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .common import code_list, table

__all__ = ["FIELD_GLOSSES", "document_fields_section"]


def _schema_type(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    if "$ref" in prop:
        name = str(prop["$ref"]).rsplit("/", 1)[-1]
        target = defs.get(name, {})
        if "enum" in target:
            return "one of " + code_list(target["enum"])
        return f"object `{name}`"
    if "anyOf" in prop:
        kinds = [_schema_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds)
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return "one of " + code_list(prop["enum"])
    t = prop.get("type")
    if t == "array":
        return "list of " + _schema_type(prop.get("items", {}), defs)
    if t == "object":
        extra = prop.get("additionalProperties")
        return "mapping to " + _schema_type(extra, defs) if isinstance(extra, dict) else "mapping"
    if t == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    bounds = [f"≥ {prop['minimum']}" if "minimum" in prop else "", f"≤ {prop['maximum']}" if "maximum" in prop else ""]
    bound = ", ".join(b for b in bounds if b)
    return f"{t} ({bound})" if bound else str(t)


# What each Danish field name means, shown where the model gives no description. Keys
# are field names, or "Model.field" where a name means something else in that model.
FIELD_GLOSSES: dict[str, str] = {
    "kind": "the document kind",
    "dokument_id": "your identifier of the document; findings name it",
    "titel": "the agreement's title",
    "sundhedsraad": "the sundhedsråd (regional health council)",
    "region": "the region",
    "kommune": "the municipality",
    "kommuner": "the municipalities that are party to the agreement",
    "sundhedsraadets_kommuner": "all municipalities of the sundhedsråd (to check that a samlet aftale names them all)",
    "aftaletype": "bilateral (one municipality) or samlet (all municipalities of the council)",
    "indgaaet": "date the agreement was concluded",
    "bevillinger": "the amount committed per budget year",
    "budgetaar": "the budget year",
    "beloeb_kr": "amount in kroner",
    "Rammebeloeb.beloeb_kr": "the council's money frame for the year, in kroner",
    "indsatser": "the funded efforts (indsatser)",
    "betegnelse": "name or short description",
    "opgaveomraade": "the task area of the effort",
    "hjemmel": "the law under which the effort is a municipal task",
    "myndighedsansvar": "who the agreement says holds myndighedsansvar (legal authority and responsibility)",
    "periode": "the period the effort runs",
    "aarligt_beloeb_kr": "annual amount for the effort, in kroner",
    "krav": "the requirements attached to the tilsagn (tilsagnskrav)",
    "art": "what the requirement asks of the municipality",
    "omraader": "the task areas the requirement reaches",
    "skoennet_aarlig_omkostning_kr": "estimated annual cost of meeting the requirement, in kroner",
    "binder_til": "date until which the requirement binds the municipality",
    "tidsperiode": "the time period of the tilsagn",
    "bindingsperiode": "the binding period of the tilsagn",
    "start": "first day",
    "slut": "last day",
    "HorisontalSamarbejdsaftale.start": "date the municipality starts operating the task under the agreement",
    "AnmodningOmFortsatDrift.slut": "last day of the period the request covers",
    "ophaevelse": "terms for revoking the tilsagn",
    "vilkaar": "the terms, as written",
    "kan_ophaeves_af": "the parties that can revoke the tilsagn",
    "informationsdeling": "the agreement's terms on sharing information",
    "kommunal_koordinering": "whether the council's municipalities discussed and coordinated before the agreement",
    "regional_ydelsesbetaling": "use of the money to pay for near regional health services",
    "samtykke_fra_alle_kommunalbestyrelser": "whether every municipal council of the sundhedsråd agreed to that use",
    "opgave": "the moved task",
    "opgaver": "the moved tasks",
    "godkendt_regionsraad": "date the regionsråd (regional council) approved the agreement",
    "godkendt_kommunalbestyrelse": "date the kommunalbestyrelse (municipal council) approved the agreement",
    "sendt_til_ministeriet": "date the approved agreement was sent to the Ministry of the Interior and Health",
    "faelles_maal": "the parties' shared goal for the task",
    "bidrag_region": "how the region contributes to the task",
    "bidrag_kommune": "how the municipality contributes to the task",
    "ansvarsfordeling": "who answers for which services",
    "finansiering": "how the task is financed",
    "opfoelgning": "how the cooperation is followed up",
    "opsigelse": "termination terms",
    "varsel_maaneder": "notice period in months",
    "kan_opsiges_af": "the parties that can terminate the agreement",
    "misligholdelse": "terms on breach (misligholdelse)",
    "brugerbetaling": "whether citizens pay a user charge for the task",
    "pladser": "number of sundheds- og omsorgspladser",
    "afgivet": "date the region made the request",
    "meddelt_ministeriet": "date the region told the ministry",
    "udgiftsdaekning": "how far the region covers the municipality's costs",
    "forlaengelse_droeftet_med_aftaleparterne": "an extension beyond 2028 was discussed with the parties to the reform agreement",
    "udkast_leveret": "date the municipality delivered its draft delingsaftale",
    "poster": "the items that move: assets, liabilities, rights, obligations, staff",
    "kategori": "the item's category",
    "vurderingsdato": "reference date of the assessment of the item's use",
    "vederlag_kr": "consideration paid for what moves, in kroner",
    "delingsraad": "the case before the Delingsråd (the state's sharing board), if any",
    "indbragt": "date the case went to the Delingsråd",
    "afgoerelse": "date of the Delingsråd's decision",
    "rammer": "the council's money frame per budget year (input data)",
    "aftalte_pladser": "the number of places agreed for the council or region",
    "begrundelser_uden_pladser": "per municipality without places, the reason given",
    "dokumenter": "the agreements in the portfolio",
}


def _fields_table(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    required = set(schema.get("required", []))
    model = str(schema.get("title", ""))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        text = prop.get("description") or FIELD_GLOSSES.get(f"{model}.{name}") or FIELD_GLOSSES.get(name, "")
        rows.append([f"`{name}`", _schema_type(prop, defs), "yes" if name in required else "no", text])
    return table(["Field", "Type", "Required", "Description"], rows)


def document_fields_section() -> str:
    """Fields of every document kind, from ``models.document_json_schema``."""
    from ..models import DOCUMENT_KINDS, document_json_schema

    out = []
    for kind in DOCUMENT_KINDS:
        schema = document_json_schema(kind)
        defs = schema.get("$defs", {})
        out.append(f"### `{kind}`")
        out.append(" ".join(str(schema.get("description", "")).split()))
        out.append(_fields_table(schema, defs))
        for name in sorted(defs):
            sub = defs[name]
            if "properties" not in sub or name in {"Tilsagnsaftale", "HorisontalSamarbejdsaftale", "AnmodningOmFortsatDrift", "Delingsaftale"}:
                continue
            desc = " ".join(str(sub.get("description", "")).split())
            out.append(f"#### `{kind}` → object `{name}`" + (f"\n\n{desc}" if desc else ""))
            out.append(_fields_table(sub, defs))
    return "\n\n".join(o for o in out if o)
