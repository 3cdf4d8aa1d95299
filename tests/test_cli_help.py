"""Help and start-up of the command line: every subcommand describes itself, `schema`
names its kinds, `rules --lang en` is English, `python -m sundhedsregler` runs it, and
parsing arguments imports nothing it does not need."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

import pytest

from sundhedsregler import cli
from sundhedsregler._check.render.rules import LEGAL_STATUS_LABEL
from sundhedsregler.models import DOCUMENT_KINDS

from .test_cli_support import run


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser(io.StringIO(), io.StringIO())
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_subcommand_has_a_description_and_every_option_a_help() -> None:
    subs = _subcommands()
    assert set(subs) == {"check", "frister", "rules", "test-rules", "schema"}
    for name, sub in subs.items():
        assert sub.description and len(sub.description) > 30, name
        for action in sub._actions:
            assert action.help, f"{name} {action.dest}"
        shown = run(name, "--help")
        assert shown.code == 0 and sub.description.split()[0] in shown.out


def test_schema_help_lists_every_kind() -> None:
    assert cli.DOCUMENT_KINDS == tuple(DOCUMENT_KINDS)
    text = " ".join(run("schema", "--help").out.split())
    for kind in (*cli.SCHEMA_KINDS, *DOCUMENT_KINDS):
        assert kind in text, kind
        assert run("schema", kind).code == 0
    wrong = run("schema", "tilsagn")
    assert wrong.code == 2 and "tilsagnsaftale" in wrong.err


def test_rules_in_english_and_danish() -> None:
    en = run("rules", "--lang", "en").out.splitlines()
    da = run("rules").out.splitlines()
    assert len(en) == len(da) > 40
    # The level and legal status columns are words of the language (titles may use a
    # Danish legal term such as myndighedsansvar).
    danish_words = set(LEGAL_STATUS_LABEL["da"].values()) | {"fejl", "advarsel"}
    assert not any(word in line.split()[1:4] for line in en for word in danish_words)
    data = json.loads(run("rules", "--format", "json", "--lang", "en").out)
    titles = {r["id"]: r["title"] for r in data["rules"]}
    for line in en:
        rule_id = line.split()[0]
        assert line.endswith(titles[rule_id]), line
        assert line.split()[2] in {"act", "executive", "guidance", "agreement", "bill", "recommendation", "local"}
    assert any(" aftale " in line and " fejl " in line for line in da)


def test_python_dash_m_runs_the_command_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sundhedsregler", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stdout.startswith("sundhedsregler ")
    bad = subprocess.run([sys.executable, "-m", "sundhedsregler", "nope"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


HEAVY = ("pydantic", "yaml", "sundhedsregler.models", "sundhedsregler._engine.ruleset", "sundhedsregler._engine.backends", "sundhedsregler._engine.durable", "sundhedsregler._engine.python", "durable")


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version"], ["check", "--help"], ["schema", "--help"], ["frister", "--as-of", "nodate"]],
)
def test_parsing_arguments_imports_neither_pydantic_nor_the_engine(argv: list[str]) -> None:
    code = (
        "import sys, io\n"
        "from sundhedsregler.cli import main\n"
        f"main({argv!r}, io.StringIO(), io.StringIO())\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_importing_the_package_loads_only_what_is_used() -> None:
    code = (
        "import sys, sundhedsregler\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
        "sundhedsregler.RuleError\n"
        "print('sundhedsregler._engine.backends' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]", "False False"]
