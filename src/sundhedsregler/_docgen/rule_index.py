"""The rule index (``docs/rules/index.md``): the rules by document kind, then one table
per source text with every rule that cites it and its references into it.
"""

from __future__ import annotations

from .._engine.rulefile import RuleFile
from .._engine.ruleset import RuleSet, id_sort_key
from .common import GENERATED_NOTE, cited_files, page_text, rule_link, source_title, table

__all__ = ["LEVELS", "index_page"]

LEVELS: dict[str, str] = {
    # Forårsaftalen's principles are an agreement between government, KL and Danske
    # Regioner (legal status aftale), not law: an error says "must", not "binding law".
    "error": "error: a requirement that must be met (skal), in law or in an agreement such as Forårsaftalen 2025's national principles (aftale, not law)",
    "warning": "warning: an effort obligation or a deviation to justify",
    "note": "note: a recommendation",
}


def _refs_in(ref: str, file: str) -> str:
    """The parts of a ``ref`` that point into one source file."""
    return ", ".join(p.strip() for p in ref.split(",") if p.strip().startswith(file + ":"))


def index_page(rules: RuleSet) -> str:
    """``rules/index.md``: one table per source file, each rule with the references it makes to it."""
    out = [
        GENERATED_NOTE,
        "# Rules",
        f"The rule set `{rules.info.name}` version {rules.info.version}: {len(rules)} rules. "
        "Each rule is listed under every source document it cites, with its references into that document. "
        "Levels: " + "; ".join(LEVELS.values()) + ".",
    ]
    by_kind: dict[str, list[RuleFile]] = {}
    for rf in rules.rules:
        by_kind.setdefault(rf.applies_to, []).append(rf)
    out.append("By document kind:")
    out.append(
        table(
            ["Document kind", "Rules"],
            [[f"`{kind}`", ", ".join(rule_link(rf.id, folder="") for rf in by_kind[kind])] for kind in sorted(by_kind)],
        )
    )
    by_file: dict[str, list[tuple[RuleFile, str]]] = {}
    for rf in rules.rules:
        for f in cited_files(rf):
            refs = ", ".join(r for r in (_refs_in(s.ref, f) for s in rf.sources) if r)
            by_file.setdefault(f, []).append((rf, refs))
    for f in sorted(by_file):
        out.append(f"## {f}: {source_title(f)}")
        out.append(
            table(
                ["Id", "Name", "Title", "Level", "Legal status", "Applies to", "Source refs"],
                [
                    [rule_link(rf.id, folder=""), f"`{rf.name}`", rf.title.en, rf.level, rf.legal_status, rf.applies_to, refs]
                    for rf, refs in sorted(by_file[f], key=lambda x: id_sort_key(x[0].id))
                ],
            )
        )
    return page_text(out)
