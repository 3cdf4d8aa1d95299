"""The rule set as text, JSON or Markdown (``sundhedsregler rules``)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..._engine.ruleset import RuleSet
from .text import LEVEL_LABEL

# The legal status of a rule's source, as the chosen language says it.
LEGAL_STATUS_LABEL = {
    "da": {
        "lov": "lov",
        "bekendtgoerelse": "bekendtgørelse",
        "vejledning": "vejledning",
        "aftale": "aftale",
        "lovforslag": "lovforslag",
        "anbefaling": "anbefaling",
        "lokal": "lokal regel",
    },
    "en": {
        "lov": "act",
        "bekendtgoerelse": "executive order",
        "vejledning": "guidance",
        "aftale": "agreement",
        "lovforslag": "bill",
        "anbefaling": "recommendation",
        "lokal": "local rule",
    },
}

def rule_entries(rules: RuleSet, *, lang: str) -> list[dict[str, Any]]:
    """One mapping per rule: the metadata a catalogue needs (examples left out)."""
    out = []
    for rf in rules.rules:
        out.append(
            {
                "id": rf.id,
                "name": rf.name,
                "title": rf.title.get(lang),
                "level": rf.level,
                "legal_status": rf.legal_status,
                "applies_to": rf.applies_to,
                "sources": [s.model_dump(mode="json") for s in rf.sources],
                "parameters": {
                    n: p.model_dump(mode="json", by_alias=True, exclude_none=True) for n, p in rf.parameters.items()
                },
                "fix": rf.fix.get(lang) if rf.fix is not None else None,
                "examples": len(rf.examples),
            }
        )
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rules: RuleSet, out: TextIO, *, fmt: str, lang: str) -> None:
    """Write the rule set in ``fmt`` (text, json or markdown)."""
    entries = rule_entries(rules, lang=lang)
    info = rules.info
    if fmt == "json":
        body = {"ruleset": info.model_dump(mode="json"), "rules": entries}
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        heads = ("Regel", "Navn", "Titel", "Niveau", "Retlig status", "Gælder", "Kilder") if lang == "da" else (
            "Rule", "Name", "Title", "Level", "Legal status", "Applies to", "Sources")
        status, level = LEGAL_STATUS_LABEL[lang], LEVEL_LABEL[lang]
        out.write(f"# {info.name} {info.version}\n\n")
        out.write("| " + " | ".join(heads) + " |\n|" + "---|" * len(heads) + "\n")
        for e in entries:
            refs = "; ".join(f"{s['title']}, {s['section']} ({s['ref']})" for s in e["sources"])
            cells = (
                e["id"], f"`{e['name']}`", e["title"], level[e["level"]], status[e["legal_status"]], e["applies_to"], refs
            )
            out.write("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    elif fmt == "text":
        # One line per rule in the chosen language: the level and legal status as words,
        # the title; the document kind stays the identifier `check` reads.
        status, level = LEGAL_STATUS_LABEL[lang], LEVEL_LABEL[lang]
        for e in entries:
            out.write(
                f"{e['id']:<8} {level[e['level']]:<8} {status[e['legal_status']]:<15} {e['applies_to']:<27} "
                f"{e['title']}\n"
            )
    else:
        raise ValueError(f"unknown format {fmt!r}; use text, json or markdown")
