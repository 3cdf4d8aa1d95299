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
from importlib import resources
from pathlib import Path
from typing import IO, Any, NoReturn, TextIO

from . import __version__
from ._batch import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    ErrorRecord,
    PackedReport,
    Tally,
    Written,
    default_jobs,
    evaluate_items,
    read_inputs,
)
from ._render import FORMATS, RunInfo, renderer
from ._render.spool import is_utf8
from ._ruleset import load_rules
from .errors import SundhedsreglerError

__all__ = ["main", "main_entry", "EXIT_OK", "EXIT_FINDINGS", "EXIT_ERROR"]

SCHEMA_KINDS = ("rule", "report", "batch", "jsonl", "document")
EXIT_BROKEN_PIPE = 141


def examples_dir() -> Path:
    """The bundled example documents (``check --examples``)."""
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
    return n or default_jobs()


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

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--as-of", type=_date, metavar="DATE", help="evaluation date YYYY-MM-DD (default: today)")
        sp.add_argument("--lang", choices=("da", "en"), default="da", help="language of messages (default: da)")
        sp.add_argument("--rules", type=Path, metavar="DIR", help="rule directory (default: the bundled national rules)")
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

    f = sub.add_parser("frister", help="list the deadlines of documents with their status")
    f.add_argument("paths", nargs="*", metavar="PATH")
    common(f)
    f.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    f.add_argument("--ics", type=Path, metavar="FILE", help="also write the deadlines as an iCalendar file")

    r = sub.add_parser("rules", help="list the rule set")
    r.add_argument("--rules", type=Path, metavar="DIR", help="rule directory (default: the bundled national rules)")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)")
    r.add_argument("--lang", choices=("da", "en"), default="da")

    t = sub.add_parser("test-rules", help="run the examples of every rule in a directory")
    t.add_argument("dir", type=Path, nargs="?", metavar="DIR", help="rule directory (default: the bundled national rules)")
    t.add_argument("--backend", choices=("durable", "python"))

    s = sub.add_parser("schema", help="print a JSON Schema: rule, report, batch, jsonl, document or a document kind")
    s.add_argument("kind")
    return p


def _paths(args: Any) -> list[str]:
    return [str(p) for p in args.paths] + ([str(examples_dir())] if args.examples else [])


class _Setup:
    """What ``check`` and ``frister`` share: the inputs, the rules, the evaluator and
    the date."""

    def __init__(self, args: Any):
        from ._evaluate import Evaluator

        self.paths = _paths(args)
        self.rules = load_rules(args.rules)
        self.evaluator = Evaluator(self.rules, backend=args.backend, lang=args.lang)
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
    from ._render.text import text_safe  # what the text output escapes, escaped here too

    where = rec.source + (f"#{rec.pointer}" if rec.pointer else "") + (f":{rec.line}" if rec.line else "")
    err.write(f"error: {text_safe(where)}: {text_safe(rec.message)}\n")


# What each packing renderer writes between the texts of two consecutive reports: with
# --jobs a worker joins a chunk's packed reports with it, and the renderer writes the
# joined text once (the same bytes; checked for every format in tests/test_fast_paths.py).
_JOIN = {"text": "", "json": ",\n", "jsonl": "\n"}
# Formats whose renderer writes each record on its own, the same whatever came before:
# with --jobs the workers render and write their chunks themselves, in turn, to the
# output's file descriptor.
_DIRECT = ("text", "jsonl")


def _direct_fd(stream: TextIO, own_file: bool) -> int | None:
    """The file descriptor under the output stream, where writing the UTF-8 encoding of
    a text to it writes what writing the text to the stream would: standard output or
    the --output file, UTF-8, POSIX line ends. None elsewhere (a StringIO, another
    encoding, a stream handed to main())."""
    if not (own_file or stream is sys.stdout or stream is sys.__stdout__):
        return None
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
    setup = _setup(args, err)
    if setup is None:
        return EXIT_ERROR
    rules, as_of = setup.rules, setup.as_of
    tally = Tally(fail_on=args.fail_on, fail_on_missing=args.fail_on_missing)
    with _output(args.output, out) as stream:
        run = RunInfo(
            as_of=as_of,
            lang=args.lang,
            rules=rules,
            fail_on=args.fail_on,
            fail_on_missing=args.fail_on_missing,
            color=args.format == "text" and _use_color(args.color, stream, args.output is not None),
            tool_version=__version__,
        )
        r = renderer(args.format, stream, run)
        try:
            r.begin()
            direct = None
            fd = _direct_fd(stream, args.output is not None) if args.jobs > 1 and args.format in _DIRECT else None
            if fd is not None:
                stream.flush()  # the workers write after what is written so far
                direct = (fd, _RenderInto(r))
            records = evaluate_items(
                setup.evaluator,
                read_inputs(setup.paths, stdin=stdin),
                as_of=as_of,
                jobs=args.jobs,
                pack=r.pack if r.packs else None,
                join=_JOIN.get(args.format) if r.packs else None,
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
                if isinstance(rec, ErrorRecord) and (args.format != "text" or args.output is not None):
                    _report_errors_on(err, rec)  # machine output goes elsewhere; people still see it
            r.end(tally.summary(as_of=as_of, lang=args.lang, ruleset=rules.info))
        finally:
            r.close()
    return tally.exit_code


def _frister(args: Any, out: TextIO, err: TextIO, stdin: IO[bytes] | None) -> int:
    from ._render import frister, ics

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


def _schema(kind: str, out: TextIO) -> int:
    from ._batch import batch_json_schema, jsonl_json_schema
    from ._rulefile import rule_json_schema
    from .findings import report_json_schema
    from .models import document_json_schema

    if kind == "rule":
        schema = rule_json_schema()
    elif kind == "report":
        schema = report_json_schema()
    elif kind == "batch":
        schema = batch_json_schema()
    elif kind == "jsonl":
        schema = jsonl_json_schema()
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


def _test_rules(args: Any, out: TextIO) -> int:
    from ._examples import run_examples

    rules = load_rules(args.dir) if args.dir else load_rules()
    results = run_examples(rules, backend=args.backend)
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
            from ._render import rules as rules_render

            rules_render.render(load_rules(args.rules), out, fmt=args.format, lang=args.lang)
            return EXIT_OK
        if args.command == "test-rules":
            return _test_rules(args, out)
        if args.command == "schema":
            return _schema(args.kind, out)
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
