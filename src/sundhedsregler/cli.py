"""The command line: a thin layer over the library. ``main(argv, stdout, stderr) -> int``.

Exit codes: 0 no failing finding at or above ``--fail-on``; 1 such findings; 2 usage,
input or rule errors (after writing the report for every document that could be read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from ._loading import read_path, to_document
from ._ruleset import load_rules
from .errors import DocumentError, SundhedsreglerError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LEVEL_RANK = {"error": 0, "warning": 1, "note": 2}


def examples_dir() -> Path:
    return Path(str(resources.files("sundhedsregler") / "examples"))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sundhedsregler", description="Check health-reform agreements against the rules.")
    p.add_argument("--version", action="version", version=f"sundhedsregler {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="evaluate documents")
    c.add_argument("paths", nargs="*", help="files or directories (JSON or YAML)")
    c.add_argument("--examples", action="store_true", help="check the bundled example documents")
    c.add_argument("--as-of", type=dt.date.fromisoformat, help="evaluation date (default: today)")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--lang", choices=("da", "en"), default="da")
    c.add_argument("--fail-on", choices=("error", "warning", "note", "never"), default="error")
    c.add_argument("--backend", choices=("durable", "python"))
    c.add_argument("--rules", type=Path, help="rule directory (default: the bundled national rules)")
    r = sub.add_parser("rules", help="list the rule set")
    r.add_argument("--rules", type=Path)
    t = sub.add_parser("test-rules", help="run the examples of every rule in a directory")
    t.add_argument("dir", type=Path, nargs="?")
    s = sub.add_parser("schema", help="print the JSON Schema of a document kind, 'rule' or 'report'")
    s.add_argument("kind")
    return p


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in (".json", ".yaml", ".yml")))
        else:
            out.append(p)
    return out


def _check(args: Any, out: TextIO, err: TextIO) -> int:
    from ._evaluate import Evaluator

    rules = load_rules(args.rules)
    as_of = args.as_of or dt.date.today()  # the edge: the only place the wall clock is read
    ev = Evaluator(rules, backend=args.backend, lang=args.lang)
    paths = [Path(p) for p in args.paths] + ([examples_dir()] if args.examples else [])
    if not paths:
        err.write("sundhedsregler check: give at least one PATH or --examples\n")
        return EXIT_ERROR
    status = EXIT_OK
    reports = []
    for f in _files(paths):
        try:
            doc = to_document(read_path(f), source=str(f))
        except DocumentError as exc:
            err.write(f"error: {exc}\n")
            status = EXIT_ERROR
            continue
        report = ev.evaluate(doc, as_of=as_of)
        reports.append((f, report))
        if args.fail_on != "never" and status == EXIT_OK:
            worst = report.worst_level()
            if worst is not None and LEVEL_RANK[worst] <= LEVEL_RANK[args.fail_on]:
                status = EXIT_FINDINGS
    if args.format == "json":
        json.dump([r.to_dict() for _, r in reports], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for f, r in reports:
            out.write(f"{f}: {r.document} ({r.kind}) as of {r.as_of}: " + ", ".join(f"{k} {v}" for k, v in r.counts.items() if v) + "\n")
            for fi in r.findings:
                if fi.outcome in ("pass", "not_applicable"):
                    continue
                out.write(f"  {fi.outcome:<19} {fi.level:<7} {fi.rule_id:<7} {fi.path or '/'}  {fi.message}\n")
    return status


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    try:
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "rules":
            for rf in load_rules(args.rules).rules:
                out.write(f"{rf.id:<8} {rf.level:<7} {rf.applies_to:<28} {rf.name}\n")
            return EXIT_OK
        if args.command == "test-rules":
            from ._examples import run_examples

            rules = load_rules(args.dir) if args.dir else load_rules()
            results = run_examples(rules)
            failed = [r for r in results if not r.ok]
            for r in failed:
                out.write(f"FAIL {r.rule_id} {r.example}: {'; '.join(r.problems)}\n")
            out.write(f"{len(results) - len(failed)} passed, {len(failed)} failed\n")
            return EXIT_FINDINGS if failed else EXIT_OK
        if args.command == "schema":
            from ._rulefile import rule_json_schema
            from .findings import report_json_schema
            from .models import document_json_schema

            kind = args.kind
            schema = rule_json_schema() if kind == "rule" else report_json_schema() if kind == "report" else document_json_schema(kind)
            json.dump(schema, out, ensure_ascii=False, indent=2, sort_keys=True)
            out.write("\n")
            return EXIT_OK
    except (SundhedsreglerError, ValueError) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_ERROR
    return EXIT_ERROR


def main_entry() -> None:
    sys.exit(main())
