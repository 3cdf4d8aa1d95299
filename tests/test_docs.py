"""The documentation: generated pages are present and fresh, the coverage table is
complete, and every code example in docs/ and README.md runs as documented.

When a freshness test fails, regenerate with ``python -m sundhedsregler._docgen``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import sundhedsregler
from sundhedsregler import _docgen
from sundhedsregler._docgen.common import splice, stale_files
from sundhedsregler._docgen.coverage import CatalogueEntry, CoverageEntry, catalogue_path, coverage_status, load_coverage, parse_catalogue
from sundhedsregler._docgen.document_fields import document_fields_section
from sundhedsregler._docgen.rule_index import index_page
from sundhedsregler._docgen.rule_pages import FAILING, condition_text, rule_page, split_rationale, term_text
from sundhedsregler._docgen.schema import schema_text
from sundhedsregler._engine.examples import run_examples
from sundhedsregler.cli import main as cli_main

from .conftest import BACKENDS, LOCAL_RULES, ROOT, RULES_DIR

DOCS = ROOT / "docs"
CATALOGUE = catalogue_path(ROOT)
REGENERATE = f"regenerate with `{_docgen.REGENERATE_COMMAND}` (from the repository root) and commit the result"
NO_CATALOGUE = f"the domain specification {CATALOGUE} is not reachable from this checkout"


@pytest.fixture(scope="module")
def national() -> sundhedsregler.RuleSet:
    return sundhedsregler.load_rules(RULES_DIR)


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    return _docgen.generate_all(ROOT)


# --- generated pages -------------------------------------------------------------------


def test_generated_files_are_present_and_fresh(generated: dict[Path, str]) -> None:
    problems = stale_files(generated, rule_pages_dir=DOCS / "rules")
    assert not problems, "generated documentation is missing or stale; " + REGENERATE + ":\n" + "\n".join(problems)


def test_every_rule_has_a_page_and_an_index_row(national: sundhedsregler.RuleSet, generated: dict[Path, str]) -> None:
    index = generated[DOCS / "rules" / "index.md"]
    for rf in national.rules:
        page = generated.get(DOCS / "rules" / f"{rf.id}.md")
        assert page is not None, f"no page for {rf.id}"
        for heading in (
            "## What it checks",
            "## Why it matters",
            "## Source",
            "## Parameters",
            "## Example that fails",
            "## Example that passes",
            "## Known limits",
        ):
            assert heading in page, f"{rf.id}: no {heading!r}"
        assert rf.title.da in page and rf.title.en in page
        for source in rf.sources:
            assert source.ref in page
        assert f"[{rf.id}]({rf.id}.md)" in index, f"{rf.id} is not in the rule index"


def test_rule_pages_show_the_examples_real_findings(national: sundhedsregler.RuleSet) -> None:
    file, rf = national.files[0]
    page = rule_page(national, file, rf)
    failing = next(ex for ex in rf.examples if any(e.outcome in FAILING for e in ex.expect))
    results = run_examples(national, backend="python", ids={rf.id})
    messages = [f.message for r in results if r.example == failing.name for f in r.findings]
    assert messages and all(m in page for m in messages)


def test_generation_is_deterministic(national: sundhedsregler.RuleSet, tmp_path: Path) -> None:
    first = _docgen.generate(national, tmp_path)
    second = _docgen.generate(national, tmp_path)
    assert first == second
    assert set(first) >= {tmp_path / "rules" / "index.md"}


def test_index_groups_rules_by_source_file() -> None:
    rules = sundhedsregler.load_rules(RULES_DIR, extra=[LOCAL_RULES])
    index = index_page(rules)
    section = index.split("## 003:", 1)[1]
    assert "[LOK-1](LOK-1.md)" in section and "003:153, 003:160" in section
    assert "## 000:" not in index or "[LOK-1]" not in index.split("## 000:", 1)[1].split("## ", 1)[0]


def test_rule_schema_is_fresh_and_accepts_every_rule_file(national: sundhedsregler.RuleSet) -> None:
    path = RULES_DIR / "_schema" / "rule.schema.json"
    assert path.is_file() and path.read_text(encoding="utf-8") == schema_text(), (
        f"{path} is missing or stale; " + REGENERATE
    )
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = [Path(f) for f, _ in national.files] + sorted(LOCAL_RULES.rglob("LOK-*.yaml"))
    for f in files:
        data = json.loads(json.dumps(yaml.safe_load(f.read_text(encoding="utf-8")), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, f"{f}: {errors[:3]}"
    broken = {"schema_version": 1, "id": "X-1", "name": "Not A Name"}
    assert list(validator.iter_errors(broken)), "the schema must reject a broken rule file"


def test_generated_sections_are_between_markers() -> None:
    for page, sections in _docgen.SECTIONS.items():
        text = (DOCS / page).read_text(encoding="utf-8")
        for name in sections:
            assert text.count(f"<!-- BEGIN GENERATED: {name} -->") == 1, f"{page}: marker {name}"
            assert text.count(f"<!-- END GENERATED: {name} -->") == 1, f"{page}: marker {name}"


def test_concepts_lists_every_field_of_every_document_kind() -> None:
    from sundhedsregler.models import DOCUMENT_KINDS

    text = (DOCS / "concepts.md").read_text(encoding="utf-8")
    for kind, model in DOCUMENT_KINDS.items():
        assert f"### `{kind}`" in text
        for field in model.model_fields:
            assert f"| `{field}` |" in text, f"concepts.md does not list {kind}.{field}; " + REGENERATE


def test_every_document_field_is_explained() -> None:
    """Each field row of the generated concepts section says what the field means
    (a description in the model, or a gloss in _docgen.document_fields.FIELD_GLOSSES)."""
    section = document_fields_section()
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows
    cells = [[c.strip() for c in row.strip()[1:-1].split(" | ")] for row in rows]
    blank = [c[0] for c in cells if not c[-1]]
    assert not blank, f"fields without an explanation (add them to _docgen.document_fields.FIELD_GLOSSES): {sorted(set(blank))}"


def test_regenerate_command_writes_checks_and_prunes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(RULES_DIR, root / "rules")
    shutil.copytree(DOCS, root / "docs", ignore=shutil.ignore_patterns("coverage.md"))
    (root / "docs" / "rules" / "OF-2.md").unlink()
    (root / "docs" / "rules" / "GONE-1.md").write_text("a rule that no longer exists\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        assert _docgen.main(["--root", str(root), "--check"]) == 1
        assert _docgen.main(["--root", str(root)]) == 0
        assert _docgen.main(["--root", str(root), "--check"]) == 0
    assert "not found" in err.getvalue()  # no REGELKATALOG.md beside this copy: coverage.md is left alone
    assert (root / "docs" / "rules" / "OF-2.md").is_file()
    assert not (root / "docs" / "rules" / "GONE-1.md").exists()
    assert not (root / "docs" / "coverage.md").exists()


def test_writing_rules_lists_every_fact() -> None:
    from sundhedsregler._vocabulary import VOCABULARY

    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    for kind in VOCABULARY.kinds:
        for name, scope in VOCABULARY.scopes(kind).items():
            assert f"subject `{name}`" in text
            for fact in scope.facts:
                assert f"| `{fact}` |" in text, f"writing-rules.md does not list {kind}/{name}.{fact}; " + REGENERATE


# --- generator units -------------------------------------------------------------------


def test_splice_replaces_only_between_markers() -> None:
    text = "a\n<!-- BEGIN GENERATED: x -->\nold\n<!-- END GENERATED: x -->\nb\n"
    out = splice(text, "x", "new")
    assert out == "a\n<!-- BEGIN GENERATED: x -->\n\nnew\n\n<!-- END GENERATED: x -->\nb\n"
    assert splice(out, "x", "new") == out
    with pytest.raises(ValueError, match="markers"):
        splice("no markers", "x", "new")


def test_parse_catalogue_reads_ids_sections_and_sources() -> None:
    text = "### 4.9 Demo\n\n| Id | Check | Source |\n|---|---|---|\n| AB-1a | Do a thing | 000:1 |\n| AB-2 | x \\| y | 003:4-5 |\n"
    entries = parse_catalogue(text)
    assert [(e.id, e.section, e.source) for e in entries] == [("AB-1a", "4.9 Demo", "000:1"), ("AB-2", "4.9 Demo", "003:4-5")]


def test_split_rationale_takes_out_known_limits() -> None:
    why, limits = split_rationale("It matters. Known limits: it cannot read minds.")
    assert (why, limits) == ("It matters.", "it cannot read minds.")
    assert split_rationale("No limits section here") == ("No limits section here", None)


def test_conditions_and_terms_render_as_formulas() -> None:
    from pydantic import TypeAdapter

    from sundhedsregler._engine.rulefile import Predicate, Term

    pred = TypeAdapter(Predicate).validate_python(
        {
            "all": [
                {"fact": "dage", "gt": 0},
                {"any": [{"fact": "opgave", "in": ["akutsygepleje", "x"]}, {"not": {"fact": "sendt", "present": True}}]},
                {"fact": "brugerbetaling", "eq": False},
            ]
        }
    )
    assert condition_text(pred) == (
        "dage > 0 and (opgave in {akutsygepleje, x} or not sendt is present) and brugerbetaling = false"
    )
    term = TypeAdapter(Term).validate_python({"days_between": [{"param": "frist"}, "as_of"]})
    assert term_text(term) == "days_between(param(frist), as_of)"


def test_coverage_status_prefers_a_rule_with_the_same_id() -> None:
    entry = CatalogueEntry("FA-3b", "", "000:110", "4.1")
    assert coverage_status(entry, ["FA-3b.1", "FA-3b.2", "FA-3"], None) == ("split", ["FA-3b.1", "FA-3b.2"])
    assert coverage_status(entry, ["FA-3b"], None) == ("checked", ["FA-3b"])
    assert coverage_status(entry, [], None)[0] == "NOT COVERED"
    cov = CoverageEntry("FA-3b", "partly", "why", ("FA-3b.1",), "000:110", "t.yaml")
    assert coverage_status(entry, ["FA-3b.1"], cov) == ("partly", ["FA-3b.1"])


# --- the coverage table ----------------------------------------------------------------


def _catalogue() -> list[CatalogueEntry]:
    if not CATALOGUE.is_file():
        pytest.skip(NO_CATALOGUE)
    return parse_catalogue(CATALOGUE.read_text(encoding="utf-8"))


def test_coverage_table_lists_every_catalogue_id_and_every_rule(national: sundhedsregler.RuleSet) -> None:
    entries = _catalogue()
    assert len(entries) >= 30, "REGELKATALOG.md parsed to suspiciously few ids"
    text = (DOCS / "coverage.md").read_text(encoding="utf-8")
    missing = [e.id for e in entries if f"\n| {e.id} |" not in text]
    assert not missing, f"coverage.md lacks catalogue ids {missing}; " + REGENERATE
    absent = [rf.id for rf in national.rules if f"[{rf.id}](rules/{rf.id}.md)" not in text]
    assert not absent, f"coverage.md lacks rules {absent}; " + REGENERATE


def test_every_catalogue_id_is_checked_or_explained(national: sundhedsregler.RuleSet) -> None:
    """Each point of the specification ends up as a rule or a documented decision not to check it."""
    coverage = load_coverage(RULES_DIR / "_coverage")
    rule_ids = [rf.id for rf in national.rules]
    open_ids = [e.id for e in _catalogue() if coverage_status(e, rule_ids, coverage.get(e.id))[0] == "NOT COVERED"]
    assert not open_ids, (
        f"catalogue ids with neither a rule (same id or ID.N) nor an entry in rules/_coverage/*.yaml: {open_ids}"
    )


def test_coverage_entries_name_catalogue_ids_and_existing_rules(national: sundhedsregler.RuleSet) -> None:
    ids = {e.id for e in _catalogue()}
    rule_ids = {rf.id for rf in national.rules}
    coverage = load_coverage(RULES_DIR / "_coverage")
    allowed = {"split", "partly", "not_machine_checkable", "reference_data"}
    for entry in coverage.values():
        assert entry.id in ids, f"{entry.file}: {entry.id} is not a catalogue id"
        assert entry.status in allowed, f"{entry.file}: {entry.id} has status {entry.status!r}"
        assert set(entry.rules) <= rule_ids, f"{entry.file}: {entry.id} names unknown rules {set(entry.rules) - rule_ids}"
        if entry.status != "split":
            assert entry.reason, f"{entry.file}: {entry.id} ({entry.status}) needs a reason"


# --- the worked local-rule example ------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_local_rule_example_loads_beside_the_national_rules_and_passes(backend: str) -> None:
    rules = sundhedsregler.load_rules(extra=[LOCAL_RULES])
    local = [rf for rf in rules.rules if rf.legal_status == "lokal"]
    assert [rf.id for rf in local] == ["LOK-1"]
    results = run_examples(rules, backend=backend, ids={"LOK-1"})
    assert len(results) == len(local[0].examples) >= 4
    assert all(r.ok for r in results), [r.problems for r in results if not r.ok]
    assert {f.outcome for r in results for f in r.findings} >= {"pass", "fail", "pending"}


def test_local_rules_directory_runs_on_its_own_with_test_rules() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["test-rules", str(LOCAL_RULES)], out, err) == 0, out.getvalue() + err.getvalue()
    assert "0 failed" in out.getvalue()


# --- every code example runs ------------------------------------------------------------

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def _doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def _blocks(path: Path) -> list[tuple[str, str, int]]:
    """(info string, code, line) of every fenced block."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(1).strip(), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


def _runnable(path: Path) -> bool:
    return any(
        info.split()[:1] == ["python"] or (info.split()[:1] == ["console"] and "\n$ sundhedsregler" in "\n" + code)
        for info, code, _ in _blocks(path)
    )


DOC_FILES = [p for p in _doc_files() if _runnable(p)]


def _expected_exit(info: str, code: str = "") -> int:
    """The documented exit code of a console block: a ``[exit code N]`` line in the block
    (the form docs/formats/generate.py writes), else ``exit=N`` in the info string, else 0."""
    m = re.search(r"^\[exit code ([0-9]+)\]$", code, re.MULTILINE) or re.search(r"\bexit=([0-9]+)\b", info)
    return int(m.group(1)) if m else 0


def _run_console(command: str) -> tuple[int, str]:
    argv = shlex.split(command)
    if any(tok in ("|", "<", ">", "&&", ";", "2>&1") for tok in argv) or any(c in command for c in "|<>;"):
        bindir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
        proc = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stdout + proc.stderr
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(argv[1:], out, err)
    return code, out.getvalue() + err.getvalue()


def run_page(path: Path) -> int:
    """Run the examples of one page: python blocks in order in one namespace,
    console commands starting with ``$ sundhedsregler`` checked to exit as documented
    (```` ```console exit=N ````, default 0). Returns the number of blocks run."""
    namespace: dict[str, Any] = {"__name__": f"docs_{path.stem}"}
    ran = 0
    for info, code, line in _blocks(path):
        lang = (info.split() or [""])[0]
        where = f"{path.name}:{line}"
        if lang == "python":
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(compile(code, where, "exec"), namespace)  # noqa: S102 - our own documentation
                except Exception as exc:
                    raise AssertionError(f"the python block at {where} failed: {exc!r}") from exc
            ran += 1
        elif lang == "console":
            for cmd in (ln[2:] for ln in code.splitlines() if ln.startswith("$ sundhedsregler")):
                status, output = _run_console(cmd)
                want = _expected_exit(info, code)
                assert status == want, f"{where}: `{cmd}` exited {status}, documented {want}\n{output[-2000:]}"
                ran += 1
    return ran


@pytest.mark.parametrize("path", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES])
def test_code_examples_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run_page(path) > 0


def test_rule_snippets_in_writing_rules_compile() -> None:
    """The YAML excerpts of rule files in writing-rules.md are valid once the fields they
    leave out are filled in."""
    from sundhedsregler._engine.compiler import compile_rule
    from sundhedsregler._vocabulary import VOCABULARY
    from sundhedsregler._engine.rulefile import RuleFile

    frame: dict[str, Any] = {
        "schema_version": 1,
        "id": "DOC-1",
        "name": "doc-snippet",
        "title": {"da": "Uddrag", "en": "Excerpt"},
        "level": "error",
        "legal_status": "lokal",
        "applies_to": "horisontal_samarbejdsaftale",
        "sources": [{"title": "t", "section": "s", "ref": "003:153"}],
        "rationale": "documentation excerpt",
        "outcomes": [{"outcome": "fail", "when": {"fact": "opgave", "eq": "akutsygepleje"}, "message": {"da": "x", "en": "x"}}],
        "examples": [
            {"name": f"e{i}", "as_of": "2026-11-22", "base": "hsa", "expect": [{"outcome": "pass"}]} for i in range(2)
        ],
    }
    snippets = [
        yaml.safe_load(code)
        for info, code, _ in _blocks(DOCS / "writing-rules.md")
        if info == "yaml" and re.search(r"^(outcomes|parameters|examples):", code, re.MULTILINE)
    ]
    assert len(snippets) >= 3
    for snippet in snippets:
        data = {**frame, **snippet}
        if "examples" in snippet:
            data["examples"] = snippet["examples"] + frame["examples"]
        if "parameters" in snippet and "terms" not in snippet:
            # every parameter must be used by a term; use each in the simplest one
            data["terms"] = {
                f"t_{name}": {"days_between": [{"param": name}, "as_of"]} if p["type"] == "date" else {"sum": [{"param": name}]}
                for name, p in snippet["parameters"].items()
            }
        compile_rule(RuleFile.model_validate(data), file="writing-rules.md", code=1, vocabulary=VOCABULARY)


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_relative_links_resolve() -> None:
    broken = []
    for page in _doc_files():
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            if not (page.parent / target.split("#", 1)[0]).exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_readme_keeps_exactly_the_two_setup_commands() -> None:
    commands = [
        code.strip() for info, code, _ in _blocks(ROOT / "README.md") if info in ("sh", "console", "bash", "shell")
    ]
    assert commands == [
        "python3 -m pip install . && sundhedsregler check --examples --as-of 2026-11-22",
        "python3 -m pip install -e '.[test]' && python3 -m pytest",
    ]


def test_the_doc_runner_fails_on_a_broken_example(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("```python\nx = 1\n```\n\n```python\nassert x == 1\n```\n\n```console\n$ sundhedsregler --version\n```\n", encoding="utf-8")
    assert run_page(good) == 3
    broken = tmp_path / "broken.md"
    broken.write_text("text\n\n```python\nassert 1 == 2\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="broken.md:3"):
        run_page(broken)
    documented = tmp_path / "documented.md"
    documented.write_text("```console\n$ sundhedsregler schema no-such-kind\nerror: ...\n[exit code 2]\n```\n", encoding="utf-8")
    assert run_page(documented) == 1
    wrong_exit = tmp_path / "exit.md"
    wrong_exit.write_text("```console exit=1\n$ sundhedsregler --version\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="exited 0, documented 1"):
        run_page(wrong_exit)


def test_format_pages_are_fresh() -> None:
    # docs/formats/*.md show real output of the bundled examples; they went stale once
    # (amounts grouped by thousands) because nothing checked them.
    proc = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "formats" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, (
        "docs/formats is stale; regenerate with `python docs/formats/generate.py` and commit the result\n"
        + proc.stdout[-3000:]
        + proc.stderr[-3000:]
    )
