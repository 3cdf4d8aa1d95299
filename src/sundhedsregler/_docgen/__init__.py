"""Documentation generated from the rule files, the models and the vocabulary.

``generate(rules, out_dir)`` returns every generated page as ``{path: text}``: one page
per rule (``rules/<ID>.md``, fixed headings in the ruff style), the rule index
(``rules/index.md``), the coverage table (``coverage.md``, when the domain
specification is reachable), and the generated sections of hand-written pages
(between ``<!-- BEGIN GENERATED: name -->`` and ``<!-- END GENERATED: name -->``).
Nothing here reads the clock or the environment: the same inputs give the same bytes,
so ``tests/test_docs.py`` can regenerate and compare.

One module per thing generated: ``rule_pages``, ``rule_index``, ``coverage``,
``schema``, and one per generated section (``document_fields``, ``facts``,
``interpretations``, ``dates``, ``input_problems``); what they share is in ``common``.

Regenerate everything in a checkout with::

    python -m sundhedsregler._docgen

and check without writing with ``python -m sundhedsregler._docgen --check``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .._engine.ruleset import RuleSet, load_rules
from .common import REGENERATE_COMMAND, orphan_pages, splice, stale_files, write_files
from .coverage import catalogue_path, coverage_page, load_coverage, parse_catalogue
from .dates import dates_section
from .document_fields import document_fields_section
from .facts import facts_section
from .input_problems import input_problems_section
from .interpretations import interpretations_section
from .rule_index import index_page
from .rule_pages import rule_page
from .schema import schema_text

__all__ = ["REGENERATE_COMMAND", "SECTIONS", "generate", "generate_all", "main"]

# The generated sections of hand-written pages: page -> marker name -> its content.
SECTIONS: dict[str, dict[str, Callable[[RuleSet], str]]] = {
    "concepts.md": {"document-fields": lambda rules: document_fields_section()},
    "writing-rules.md": {"facts": lambda rules: facts_section()},
    "decisions.md": {"interpretations": interpretations_section},
    "kom-i-gang.md": {"datoer": dates_section},
    "cli.md": {"input-problems": lambda rules: input_problems_section()},
}


def generate(
    rules: RuleSet,
    out_dir: str | Path,
    *,
    catalogue: Path | None = None,
    coverage_dir: Path | None = None,
) -> dict[Path, str]:
    """Every generated page under ``out_dir`` (the ``docs/`` directory), as ``{path: text}``.

    ``catalogue`` is REGELKATALOG.md; when it is None or absent, ``coverage.md`` is not
    generated. ``coverage_dir`` holds the ``rules/_coverage/*.yaml`` entries. Pages with
    generated sections (``concepts.md``, ``writing-rules.md``) are included only when
    they exist in ``out_dir``.
    """
    out_dir = Path(out_dir)
    coverage = load_coverage(coverage_dir) if coverage_dir is not None else {}
    pages: dict[Path, str] = {}
    for file, rf in rules.files:
        pages[out_dir / "rules" / f"{rf.id}.md"] = rule_page(rules, file, rf, coverage=coverage)
    pages[out_dir / "rules" / "index.md"] = index_page(rules)
    if catalogue is not None and catalogue.is_file():
        entries = parse_catalogue(catalogue.read_text(encoding="utf-8"))
        pages[out_dir / "coverage.md"] = coverage_page(rules, entries, coverage)
    for page, sections in SECTIONS.items():
        path = out_dir / page
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for name, fn in sections.items():
                text = splice(text, name, fn(rules))
            pages[path] = text
    return pages


def generate_all(repo_root: str | Path) -> dict[Path, str]:
    """Every generated file of a checkout: the docs pages and the rule file schema."""
    root = Path(repo_root)
    rules = load_rules(root / "rules")
    files = generate(rules, root / "docs", catalogue=catalogue_path(root), coverage_dir=root / "rules" / "_coverage")
    files[root / "rules" / "_schema" / "rule.schema.json"] = schema_text()
    return files


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` only compare) every generated file of the checkout."""
    parser = argparse.ArgumentParser(prog="python -m sundhedsregler._docgen", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[3], help="repository root")
    parser.add_argument("--check", action="store_true", help="only report missing or stale files")
    args = parser.parse_args(argv)
    root: Path = args.root
    files = generate_all(root)
    rule_pages_dir = root / "docs" / "rules"
    if args.check:
        problems = stale_files(files, rule_pages_dir=rule_pages_dir)
        for p in problems:
            print(p)
        return 1 if problems else 0
    for path in write_files(files):
        print(f"wrote {path.relative_to(root)}")
    for orphan in orphan_pages(files, rule_pages_dir):
        orphan.unlink()
        print(f"removed {orphan}")
    if not catalogue_path(root).is_file():
        print(f"note: {catalogue_path(root)} not found; docs/coverage.md was left as it is", file=sys.stderr)
    return 0
