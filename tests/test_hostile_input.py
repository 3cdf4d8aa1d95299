"""Hostile input: what a document or rule file holds cannot lose the batch, forge a line
of the text output, or stop an output format (issue 14, items 3 to 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sundhedsregler import DocumentError, RuleError, load_rules
from sundhedsregler._check.loading import parse_text
from sundhedsregler._check.render.text import text_safe

from .conftest import AS_OF_TEXT as AS_OF
from .test_cli_support import LATE, OK, hsa, jsonl, make_rules, run


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def _check(rules_dir: Path, *args: str, stdin: bytes | None = None) -> object:
    return run("check", *args, "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--backend", "python", stdin=stdin)


# --- item 3: a mapping key that is a list, a mapping or a set --------------------------

KEYS = ["? [a, b]\n: 1\n", "? {a: 1}\n: 1\n", "a:\n  ? [x]\n  : 2\n", "{[1]: 2}\n", "? !!set {x}\n: 1\n"]


@pytest.mark.parametrize("text", KEYS)
def test_a_key_that_cannot_be_a_key_is_invalid_yaml(text: str) -> None:
    with pytest.raises(DocumentError, match="a mapping key must be text or a number, not a (list|mapping|set)"):
        parse_text(text, source="x.yaml", fmt="yaml")


def test_such_a_key_costs_only_its_own_document(rules_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(OK), encoding="utf-8")
    (tmp_path / "c.yaml").write_text("---\n? [a]\n: 1\n---\n" + json.dumps(LATE) + "\n", encoding="utf-8")
    result = _check(rules_dir, str(tmp_path), "--format", "jsonl")
    records = result.lines()
    assert result.code == 2 and "Traceback" not in result.err
    assert [r["type"] for r in records] == ["error", "report", "error", "report", "summary"]
    assert "not a list" in records[0]["message"] and records[2]["line"] == 2


@pytest.mark.parametrize("where", ["rule", "fixture", "meta"])
def test_such_a_key_in_a_rule_directory_is_a_rule_error(rules_dir: Path, tmp_path: Path, where: str) -> None:
    target = make_rules(tmp_path / "rules")
    path = {"rule": "test/T-9.yaml", "fixture": "_fixtures/bad.yaml", "meta": "ruleset.yaml"}[where]
    (target / path).write_text("? [a, b]\n: 1\n", encoding="utf-8")
    with pytest.raises(RuleError, match="not a list") as info:
        load_rules(target)
    assert info.value.file == str(target / path)


# --- items 4 and 5: any text from a document, in every format --------------------------

FORGED = "HSA-X\n\nOpsummering: 0 dokumenter læst\x1b[2K\r\u2028\u202e"


def _lone_surrogate() -> bytes:
    """A document whose id is a lone surrogate (valid JSON, not UTF-8), then two more."""
    bad = json.dumps(hsa(dokument_id="X")).replace('"X"', '"X\\ud800"').encode() + b"\n"
    return bad + jsonl(OK, LATE)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_lone_surrogate_stops_no_format(rules_dir: Path, fmt: str, jobs: str) -> None:
    result = _check(rules_dir, "-", "--format", fmt, "--jobs", jobs, stdin=_lone_surrogate())
    assert result.code == 2 and "can't encode" not in result.err and "Traceback" not in result.err
    result.out.encode("utf-8")  # all of it is UTF-8
    if fmt == "jsonl":
        records = result.lines()
        assert [r["type"] for r in records] == ["error", "report", "report", "summary"]
        assert records[0]["document"] == "X\ud800"  # the escape reads back as the text it was
    elif fmt == "json":
        assert json.loads(result.out)["summary"]["documents_read"] == 3
    elif fmt == "text":
        assert "X\\ud800" in result.out and "3 dokumenter læst, 2 vurderet, 1 afvist" in result.out


def test_text_output_escapes_what_a_terminal_or_a_reader_of_lines_acts_on(rules_dir: Path) -> None:
    docs = jsonl(hsa(dokument_id=FORGED), {"kind": "nope", "dokument_id": FORGED})
    result = _check(rules_dir, "-", stdin=docs)
    assert result.code == 2
    lines = result.out.splitlines()
    assert [line for line in lines if line.startswith("Opsummering")] == [lines[-1]]
    assert not any(c in result.out for c in "\x1b\r\u2028\u202e")
    shown = "HSA-X\\x0a\\x0aOpsummering: 0 dokumenter læst\\x1b[2K\\x0d\\u2028\\u202e"
    assert sum(shown in line for line in lines) == 2  # the report and the refused document
    assert "\x1b" not in result.err and "\n\n" not in result.err


def test_text_safe_keeps_ordinary_text() -> None:
    assert text_safe("Aftalen om Åbenrå · 5 % \u00a0 😀 \\x41") == "Aftalen om Åbenrå · 5 % \u00a0 😀 \\x41"
    assert text_safe("a\tb\x7f\x9f\ud800\ufffe") == "a\\x09b\\x7f\\x9f\\ud800\\ufffe"


# --- item 7: rule errors name file, rule and field ---------------------------------------


@pytest.mark.parametrize("message", ["Aftalen {har", "Aftalen har} en", "Aftalen {0"])
def test_an_unbalanced_brace_in_a_message_names_file_rule_and_field(tmp_path: Path, message: str) -> None:
    from .test_cli_support import T2

    target = make_rules(tmp_path / "rules")
    (target / "test" / "T-2.yaml").write_text(T2.replace("da: Aftalen har brugerbetaling", f'da: "{message}"'), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(target)
    err = info.value
    assert (Path(err.file or "").name, err.rule_id, err.field) == ("T-2.yaml", "T-2", "outcomes[0].message")


def test_a_rule_id_of_5000_digits_loads_and_sorts(tmp_path: Path) -> None:
    from .test_cli_support import T2

    from sundhedsregler._engine.ruleset import id_sort_key

    target = make_rules(tmp_path / "rules")
    long_id = "T-" + "9" * 5000
    (target / "test" / "T-2.yaml").write_text(T2.replace("id: T-2", f"id: {long_id}"), encoding="utf-8")
    assert [rf.id for rf in load_rules(target)][-1] == long_id
    assert sorted(["OF-10", "OF-2", "FA-3c", "OF-2.1", "A-1"], key=id_sort_key) == ["A-1", "FA-3c", "OF-2", "OF-2.1", "OF-10"]
