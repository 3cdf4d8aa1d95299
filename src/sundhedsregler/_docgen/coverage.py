"""Coverage of the domain specification (``docs/coverage.md``): every point of
REGELKATALOG.md with the rules that check it, or the reason in ``rules/_coverage/``
why none does; and the rules outside the specification.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .._engine.ruleset import RuleSet, id_sort_key
from .common import REGENERATE_COMMAND, page_text, rule_link, table, table_or

__all__ = [
    "CatalogueEntry",
    "CoverageEntry",
    "catalogue_path",
    "coverage_page",
    "coverage_status",
    "load_coverage",
    "parse_catalogue",
    "rules_for",
]


def catalogue_path(repo_root: Path) -> Path:
    """Where the domain specification lives: outside the repository, beside it."""
    return repo_root.parent / "shared" / "domain" / "REGELKATALOG.md"



@dataclass(frozen=True)
class CatalogueEntry:
    """One row of a rule table in REGELKATALOG.md."""

    id: str
    check: str
    source: str
    section: str


_ROW = re.compile(r"^\|\s*([A-Z]{2,}-[0-9]+[a-z]?)\s*\|(.*)\|\s*$")


def parse_catalogue(text: str) -> list[CatalogueEntry]:
    """Every ``| FA-1a | check | source |`` row, with the ``###`` heading it stands under."""
    out: list[CatalogueEntry] = []
    section = ""
    for line in text.splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
            continue
        m = _ROW.match(line.strip())
        if m:
            cells = [c.strip() for c in m.group(2).split("|")]
            out.append(CatalogueEntry(m.group(1), cells[0] if cells else "", cells[-1] if len(cells) > 1 else "", section))
    return out


@dataclass(frozen=True)
class CoverageEntry:
    """How a catalogue id without a rule of exactly that id is covered (rules/_coverage/*.yaml)."""

    id: str
    status: str
    reason: str
    rules: tuple[str, ...]
    sources: str
    file: str


def load_coverage(directory: Path) -> dict[str, CoverageEntry]:
    """Entries ``{id, status, reason, rules, sources}`` from every YAML file in ``directory``."""
    out: dict[str, CoverageEntry] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            data = data.get("entries", [data])
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a list of coverage entries")
        for item in data:
            if not isinstance(item, dict) or "id" not in item or "status" not in item:
                raise ValueError(f"{path}: every coverage entry needs 'id' and 'status': {item!r}")
            cid = str(item["id"])
            if cid in out:
                raise ValueError(f"{path}: coverage entry {cid} also in {out[cid].file}")
            rules = item.get("rules") or []
            out[cid] = CoverageEntry(
                id=cid,
                status=str(item["status"]),
                reason=" ".join(str(item.get("reason") or "").split()),
                rules=tuple(str(r) for r in (rules if isinstance(rules, list) else [rules])),
                sources=str(item.get("sources") or ""),
                file=path.name,
            )
    return out


def rules_for(catalogue_id: str, rule_ids: Iterable[str]) -> list[str]:
    """Rules that check a catalogue id: the same id, or sub-rules ``ID.N``."""
    return sorted((r for r in rule_ids if r == catalogue_id or r.startswith(catalogue_id + ".")), key=id_sort_key)


def coverage_status(entry: CatalogueEntry, rule_ids: list[str], cov: CoverageEntry | None) -> tuple[str, list[str]]:
    """(status, rules) for one catalogue id."""
    found = rules_for(entry.id, rule_ids)
    listed = list(cov.rules) if cov is not None else []
    rules = sorted(set(found) | set(listed), key=id_sort_key)
    if entry.id in rule_ids:
        return "checked", rules
    if cov is not None:
        return cov.status, rules
    if found:
        return "split", rules
    return "NOT COVERED", rules


def coverage_page(rules: RuleSet, catalogue: list[CatalogueEntry], coverage: Mapping[str, CoverageEntry]) -> str:
    """``coverage.md``: every catalogue id with the rules that check it or why none does."""
    rule_ids = [rf.id for rf in rules.rules]
    titles = {rf.id: rf.title.en for rf in rules.rules}
    rows_by_section: dict[str, list[list[Any]]] = {}
    counts: dict[str, int] = {}
    claimed: set[str] = set()
    for e in catalogue:
        cov = coverage.get(e.id)
        status, ids = coverage_status(e, rule_ids, cov)
        claimed.update(ids)
        counts[status] = counts.get(status, 0) + 1
        links = ", ".join(rule_link(r) if r in titles else f"{r} (no such rule)" for r in ids) or "–"
        note = cov.reason if cov is not None else ""
        if not note and status == "checked":
            note = titles[e.id]
        elif not note and status == "split":
            note = "; ".join(f"{r}: {titles[r]}" for r in ids if r in titles)
        rows_by_section.setdefault(e.section, []).append(
            [e.id, e.check, status, links, note, (cov.sources if cov is not None and cov.sources else e.source)]
        )
    out = [
        "<!-- Generated by `" + REGENERATE_COMMAND + "` from REGELKATALOG.md, rules/ and rules/_coverage/; do not edit by hand. -->",
        "# Coverage of the domain specification",
        "Every point of the domain specification (`REGELKATALOG.md`, kept beside the source texts) with the rule(s) "
        "that check it, or the reason no rule does. *checked*: a rule with the same id; *split*: sub-rules `ID.N` "
        "check its parts; *partly*: only the machine-checkable part is checked; *not_machine_checkable*: it needs a "
        "person's judgement or data a document does not hold; *reference_data*: it is data the library ships, "
        "used by other rules. The reasons come from `rules/_coverage/*.yaml`.",
        table(["Status", "Catalogue ids"], [[k, counts[k]] for k in sorted(counts)] + [["total", len(catalogue)]]),
    ]
    for section, rows in rows_by_section.items():
        out.append(f"## {section}")
        out.append(table(["Id", "What the specification asks", "Status", "Rules", "Notes", "Source"], rows))
    catalogue_ids = {e.id for e in catalogue}
    others = [rf for rf in rules.rules if rf.id not in claimed and rf.id.split(".")[0] not in catalogue_ids]
    out.append("## Rules outside the specification")
    out.append(
        table_or(
            ["Rule", "Title", "Legal status"],
            [[rule_link(rf.id), rf.title.en, rf.legal_status] for rf in others],
            empty="None: every rule traces back to an entry of the specification.",
        )
    )
    return page_text(out)
