"""The command line: a thin layer over the library. ``main(argv, stdout, stderr) -> int``.

Exit codes of ``check`` (see docs/cli.md):

- 0: no finding counts toward ``--fail-on``;
- 1: at least one does (a ``fail`` at or above the level; ``missing_information`` too
  with ``--fail-on-missing``);
- 2: usage, input or rule errors. Input errors are reported after the report of every
  document that could be read, and take precedence over 1.

``--as-of`` defaults to today here, at the edge, and nowhere else; the date used is
printed in every output format.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TextIO

# Only what parsing the arguments needs is imported here: each command imports what it
# uses, so that `sundhedsregler --help` or a usage error does not load pydantic, the
# models and the engine (issue 17; tests/test_cli_help.py).
from ._check.exitcodes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ._check.render import FORMATS
from ._version import __version__
from .errors import SundhedsreglerError

if TYPE_CHECKING:
    from ._check.batch import ErrorRecord
    from ._engine.ruleset import RuleSet

__all__ = ["main", "main_entry", "EXIT_OK", "EXIT_FINDINGS", "EXIT_ERROR"]

SCHEMA_KINDS = ("rule", "report", "batch", "jsonl", "document")
# GitHub code scanning rejects a SARIF run with more results (docs/formats/sarif.md).
SARIF_MAX_RESULTS = 25_000
# The generated rule pages, relative to the repository root (docs/formats/sarif.md).
DOCS_URL = "docs/rules/"
# The document kinds, for `schema KIND` and its help, without importing the models (a
# test checks them against sundhedsregler.models.DOCUMENT_KINDS).
DOCUMENT_KINDS = (
    "tilsagnsaftale",
    "horisontal_samarbejdsaftale",
    "anmodning_om_fortsat_drift",
    "delingsaftale",
    "oekonomisk_disposition",
    "portefoelje",
)
EXIT_BROKEN_PIPE = 141
# The report's forms, without importing findings (pydantic) to parse the arguments (a
# test checks them against sundhedsregler.findings.REPORT_FORMS).
REPORT_FORMS = ("summary", "full")


def examples_dir() -> Path:
    """The bundled example documents (``check --examples``)."""
    from importlib import resources

    return Path(str(resources.files("sundhedsregler") / "examples"))


class _Usage(Exception):
    pass


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    if n:
        return n
    from ._check.batch import default_jobs

    return default_jobs()


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return n


def _parser(out: TextIO, err: TextIO) -> argparse.ArgumentParser:
    class Parser(argparse.ArgumentParser):
        # argparse writes to sys.stdout/sys.stderr itself; route it to main's streams.
        def _print_message(self, message: str, file: Any = None) -> None:
            if message:
                (err if file is sys.stderr else out).write(message)

        def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
            if message:
                err.write(message)
            raise _Usage(status)

    p = Parser(prog="sundhedsregler", description="Check health-reform agreements against the rules.")
    p.add_argument("--version", action="version", version=f"sundhedsregler {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    def rule_dirs(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--rules",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="add a directory of local rules beside the national ones (repeatable)",
        )
        sp.add_argument(
            "--no-national-rules",
            action="store_true",
            help="leave out the bundled national rules (then give at least one --rules DIR)",
        )

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--as-of", type=_date, metavar="DATE", help="evaluation date YYYY-MM-DD (default: today)")
        sp.add_argument("--lang", choices=("da", "en"), default="da", help="language of messages (default: da)")
        rule_dirs(sp)
        sp.add_argument("--backend", choices=("durable", "python"), help="rule engine (default: durable where available)")
        sp.add_argument("--examples", action="store_true", help="also check the bundled example documents")

    c = sub.add_parser(
        "check",
        help="evaluate documents",
        description="Evaluate documents and report the findings.",
        epilog="exit codes: 0 no finding counts toward --fail-on; 1 at least one does; "
        "2 usage, rule or input errors (after every readable document is reported)",
    )
    c.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, or - for JSON Lines on standard input")
    common(c)
    c.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    c.add_argument(
        "--fail-on",
        choices=("error", "warning", "note", "never"),
        default="error",
        help="exit 1 on a failing finding at this level or above (default: error)",
    )
    c.add_argument(
        "--fail-on-missing",
        action="store_true",
        help="count missing_information findings toward --fail-on (off: they are reported, not failed)",
    )
    c.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    c.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="worker processes (0: one per CPU; default 1)")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    c.add_argument(
        "--sarif-results",
        choices=("actionable", "all"),
        default="actionable",
        help="SARIF and HTML: only fail, review, pending and missing_information findings (default), or all of them",
    )
    c.add_argument(
        "--sarif-max-results",
        type=_count,
        default=SARIF_MAX_RESULTS,
        metavar="N",
        help=f"SARIF: at most N results, the most severe (default {SARIF_MAX_RESULTS}, GitHub's limit; 0: no limit)",
    )
    c.add_argument(
        "--docs-url",
        default=DOCS_URL,
        metavar="URL",
        help=f"SARIF helpUri and HTML links: the base of the rule pages <URL><ID>.md (default: {DOCS_URL})",
    )
    c.add_argument(
        "--report",
        choices=REPORT_FORMS,
        default="summary",
        help="JSON and JSON Lines: passes counted per rule and each rule's sources once (summary, default), "
        "or every finding with its sources (full, batch format_version 1); JUnit: a test case per rule and "
        "document that is not a plain pass and the passed rules counted in one last suite (summary), "
        "or a test case per rule and document (full)",
    )

    f = sub.add_parser(
        "frister",
        help="list the deadlines of documents with their status",
        description="List the deadlines the rules name (deadlines: in a rule file) for each document, with "
        "their status on the evaluation date (met, missed, open, review, unknown), sorted by date; "
        "optionally also as an iCalendar file.",
        epilog="exit codes: 0 listed; 2 usage, rule or input errors (after the readable documents are listed)",
    )
    f.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, or - for JSON Lines on standard input")
    common(f)
    f.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    f.add_argument("--ics", type=Path, metavar="FILE", help="also write the deadlines as an iCalendar file")

    r = sub.add_parser(
        "rules",
        help="list the rule set",
        description="List the rules of the rule set: id, level, legal status, document kind and title "
        "(text), the full metadata (json) or a table for a catalogue (markdown).",
    )
    rule_dirs(r)
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)")
    r.add_argument("--lang", choices=("da", "en"), default="da", help="language of titles and labels (default: da)")

    t = sub.add_parser(
        "test-rules",
        help="run the examples of every rule in a directory",
        description="Run the examples of the rules in a rule directory and print the failing ones: a local "
        "directory is loaded beside the national rules (its examples may use the national fixtures), "
        "and only its own rules' examples are run.",
        epilog="exit codes: 0 every example passed; 1 one failed; 2 a rule or example is invalid",
    )
    t.add_argument(
        "dir",
        type=Path,
        nargs="?",
        metavar="DIR",
        help="rule directory, loaded beside the national rules, whose examples are run (default: the national rules)",
    )
    t.add_argument(
        "--no-national-rules",
        action="store_true",
        help="load DIR alone (its examples then see only its own fixtures and rules)",
    )
    t.add_argument("--backend", choices=("durable", "python"), help="rule engine (default: durable where available)")

    s = sub.add_parser(
        "schema",
        help="print a JSON Schema: rule, report, batch, jsonl, document or a document kind",
        description="Print a JSON Schema (draft 2020-12) on standard output.",
    )
    s.add_argument(
        "kind",
        metavar="KIND",
        help="rule (a rule file), report (one report), batch (the JSON output of check), jsonl (one line of "
        "the JSON Lines output), document (any input document), or one document kind: "
        + ", ".join(DOCUMENT_KINDS),
    )
    s.add_argument(
        "--report",
        choices=REPORT_FORMS,
        default="summary",
        help="report, batch, jsonl: the report's form, as check --report writes it (default: summary)",
    )
    return p


def _paths(args: Any) -> list[str]:
    return [str(p) for p in args.paths] + ([str(examples_dir())] if args.examples else [])


class _Setup:
    """What ``check`` and ``frister`` share: the inputs, the rules, the evaluator and
    the date."""

    def __init__(self, args: Any):
        from ._engine.evaluate import Evaluator

        self.paths = _paths(args)
        self.rules = _load_rules(args)
        self.evaluator = Evaluator(self.rules, backend=args.backend, lang=args.lang)
        if self.evaluator.backend_name == "durable":
            # The CLI owns its process (and the workers it forks for --jobs): it opts in
            # to the allocator setting that the library leaves to its caller.
            from ._engine.backends import keep_engine_memory

            keep_engine_memory()
        # The edge: the only place the wall clock is read.
        self.as_of: dt.date = args.as_of or dt.date.today()


def _setup(args: Any, err: TextIO) -> _Setup | None:
    if not _paths(args):
        err.write(f"sundhedsregler {args.command}: give at least one PATH, - for standard input, or --examples\n")
        return None
    return _Setup(args)


@contextlib.contextmanager
def _output(path: Path | None, out: TextIO) -> Iterator[TextIO]:
    if path is None:
        yield out
        return
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def _use_color(choice: str, stream: TextIO, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):  # https://no-color.org: set and non-empty
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _report_errors_on(err: TextIO, rec: ErrorRecord) -> None:
    # "error:" in every language, as compilers write it (scripts look for it); the
    # message after it is in the run's language
    from ._check.render.text import text_safe  # what the text output escapes, escaped here too

    where = rec.source + (f"#{rec.pointer}" if rec.pointer else "") + (f":{rec.line}" if rec.line else "")
    err.write(f"error: {text_safe(where)}: {text_safe(rec.message)}\n")




def _direct_fd(stream: TextIO, own_file: bool) -> int | None:
    """The file descriptor under the output stream, where writing the UTF-8 encoding of
    a text to it writes what writing the text to the stream would: standard output or
    the --output file, UTF-8, POSIX line ends. None elsewhere (a StringIO, another
    encoding, a stream handed to main())."""
    if not (own_file or stream is sys.stdout or stream is sys.__stdout__):
        return None
    from ._check.render.spool import is_utf8

    if not is_utf8(getattr(stream, "encoding", None)) or os.linesep != "\n" or not isinstance(stream, io.TextIOWrapper):
        return None
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None


class _RenderInto:
    """What the renderer writes for one record, as text (in a worker: a copy of the
    renderer writing into a buffer)."""

    def __init__(self, r: Any):
        self.buffer = io.StringIO()
        self.clone = copy.copy(r)
        self.clone.out = self.buffer

    def __call__(self, rec: Any) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.clone.record(rec)
        return self.buffer.getvalue()


def _check(args: Any, out: TextIO, err: TextIO, stdin: IO[bytes] | None) -> int:
    from ._check.batch import ErrorRecord, Tally, Written, evaluate_items, read_inputs
    from ._check.render import RunInfo, renderer_class
    from ._check.render.progress import Progress, summary_line
    from ._check.render.progress import wanted as progress_wanted

    setup = _setup(args, err)
    if setup is None:
        return EXIT_ERROR
    rules, as_of = setup.rules, setup.as_of
    tally = Tally(fail_on=args.fail_on, fail_on_missing=args.fail_on_missing)
    cls = renderer_class(args.format)
    with _output(args.output, out) as stream:
        run = RunInfo(
            as_of=as_of,
            lang=args.lang,
            rules=rules,
            fail_on=args.fail_on,
            fail_on_missing=args.fail_on_missing,
            color=cls.for_people and _use_color(args.color, stream, args.output is not None),
            tool_version=__version__,
            all_results=args.sarif_results == "all",
            max_results=args.sarif_max_results,
            docs_url=args.docs_url,
            report=args.report,
        )
        r = cls(stream, run)
        progress = Progress(err, lang=args.lang) if progress_wanted(err, stream, to_file=args.output is not None) else None
        try:
            r.begin()
            direct = None
            fd = _direct_fd(stream, args.output is not None) if args.jobs > 1 and r.direct else None
            if fd is not None:
                stream.flush()  # the workers write after what is written so far
                direct = (fd, _RenderInto(r))
            records = evaluate_items(
                setup.evaluator,
                read_inputs(setup.paths, stdin=stdin),
                as_of=as_of,
                jobs=args.jobs,
                pack=r.pack if r.packs else None,
                # a worker joins a chunk's packed reports with it, and the renderer writes
                # the joined text once (the same bytes; tests/test_fast_paths.py)
                join=r.join if r.packs else None,
                parts=(r.part, r.merge) if r.parts else None,
                direct=direct,
            )
            for rec in records:
                if isinstance(rec, Written):  # a worker has written its output
                    rec = rec.record
                    tally.add(rec)
                else:
                    tally.add(rec)
                    r.record(rec)
                if isinstance(rec, ErrorRecord) and (not r.for_people or args.output is not None):
                    if progress is not None:
                        progress.clear()
                    _report_errors_on(err, rec)  # machine output goes elsewhere; people still see it
                if progress is not None:
                    progress.update(tally.read, tally.rejected)
            summary = tally.summary(as_of=as_of, lang=args.lang, ruleset=rules.info, backend=setup.evaluator.backend_name)
            r.end(summary)
        finally:
            if progress is not None:
                progress.clear()
            r.close()
    if args.output is not None:
        err.write(summary_line(summary, lang=args.lang, path=args.output))
    return tally.exit_code


def _frister(args: Any, out: TextIO, err: TextIO, stdin: IO[bytes] | None) -> int:
    from ._check.batch import ErrorRecord, PackedReport, Written, evaluate_items, read_inputs
    from ._check.render import frister, ics

    setup = _setup(args, err)
    if setup is None:
        return EXIT_ERROR
    rules, as_of = setup.rules, setup.as_of
    records = []
    status = EXIT_OK
    for rec in evaluate_items(setup.evaluator, read_inputs(setup.paths, stdin=stdin), as_of=as_of):
        assert not isinstance(rec, (PackedReport, Written))  # neither packing nor direct writing is asked for
        if isinstance(rec, ErrorRecord):
            _report_errors_on(err, rec)
            status = EXIT_ERROR
        else:
            records.append(rec)
    items = frister.deadlines(records, rules=rules, as_of=as_of, lang=args.lang)
    if args.format == "json":
        frister.render_json(items, out, as_of=as_of)
    else:
        frister.render_text(items, out, as_of=as_of, lang=args.lang)
    if args.ics is not None:
        text = ics.render_ics(items, as_of=as_of, lang=args.lang, tool_version=__version__)
        args.ics.write_bytes(text.encode("utf-8"))
    return status


def _schema(kind: str, out: TextIO, *, form: str = "summary") -> int:
    from ._check.batch import batch_json_schema, jsonl_json_schema
    from ._engine.rulefile import rule_json_schema
    from .findings import report_json_schema
    from .models import document_json_schema

    if kind == "rule":
        schema = rule_json_schema()
    elif kind == "report":
        schema = report_json_schema(form=form)  # type: ignore[arg-type]
    elif kind == "batch":
        schema = batch_json_schema(form=form)
    elif kind == "jsonl":
        schema = jsonl_json_schema(form=form)
    elif kind == "document":
        schema = document_json_schema(None)
    else:
        try:
            schema = document_json_schema(kind)
        except ValueError as exc:
            raise ValueError(f"{exc}; or one of {', '.join(SCHEMA_KINDS)}") from None
    json.dump(schema, out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")
    return EXIT_OK


def _load_rules(args: Any) -> RuleSet:
    """The rule set of ``--rules`` and ``--no-national-rules``: the national rules and
    every local directory beside them, in the order given."""
    from ._engine.ruleset import load_rules

    if args.no_national_rules and not args.rules:
        raise ValueError("--no-national-rules leaves no rules: give at least one --rules DIR")
    return load_rules(extra=args.rules, national=not args.no_national_rules)


def _test_rules(args: Any, out: TextIO) -> int:
    from ._engine.examples import run_examples
    from ._engine.ruleset import default_rules_dir, load_rules

    ids = None
    if args.dir is None:
        rules = load_rules()
    elif args.no_national_rules or args.dir.resolve() == default_rules_dir().resolve():
        rules = load_rules(args.dir)
    else:
        # A local directory beside the national rules, as check loads it: its examples
        # may start from the national fixtures and meet the national rules; only its
        # own rules' examples are run.
        rules = load_rules(extra=[args.dir])
        own = args.dir.resolve()
        ids = {rf.id for file, rf in rules.files if Path(file).resolve().is_relative_to(own)}
    results = run_examples(rules, backend=args.backend, ids=ids)
    failed = [r for r in results if not r.ok]
    for res in failed:
        out.write(f"FAIL {res.rule_id} {res.example}: {'; '.join(res.problems)}\n")
    out.write(f"{len(results) - len(failed)} passed, {len(failed)} failed\n")
    return EXIT_FINDINGS if failed else EXIT_OK


def main(
    argv: list[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command line with ``argv`` and return the exit code (never raises for
    bad input, bad rules or bad usage). ``stdin`` is the byte stream read for ``-``
    (default: the process's standard input)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser(out, err).parse_args(argv)
    except _Usage as exc:
        return EXIT_OK if exc.args[0] == 0 else EXIT_ERROR
    if stdin is None and getattr(sys.stdin, "buffer", None) is not None:
        stdin = sys.stdin.buffer
    try:
        if args.command == "check":
            return _check(args, out, err, stdin)
        if args.command == "frister":
            return _frister(args, out, err, stdin)
        if args.command == "rules":
            from ._check.render import rules as rules_render

            rules_render.render(_load_rules(args), out, fmt=args.format, lang=args.lang)
            return EXIT_OK
        if args.command == "test-rules":
            return _test_rules(args, out)
        if args.command == "schema":
            return _schema(args.kind, out, form=args.report)
    except (SundhedsreglerError, ValueError) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # main_entry handles a closed pipe
    except OSError as exc:  # e.g. --output or --ics in a directory that does not exist
        err.write(f"error: {exc.filename or ''}: {exc.strerror or exc}\n")
        return EXIT_ERROR
    return EXIT_ERROR  # pragma: no cover - argparse requires a known command


def main_entry() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): the run did not finish, so neither 0 nor
        # 1 would be true; 141 is what a shell reports for a process ended by SIGPIPE.
        # Point stdout at /dev/null to silence Python's second error when it flushes.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
