"""Renderers: one per output format, all fed the same stream of records.

A renderer gets ``begin()``, then ``record(rec)`` for each input unit in input order,
then ``end(summary)`` and ``close()``; a format is chosen by name from one table
(``_RENDERERS``, :func:`renderer`), and what the command line and the batches need to
know of it (``packs``/``pack``/``join``, ``parts``/``part``/``merge``, ``direct``,
``for_people``) is said by its class. Streaming formats (text, JSON, JSON Lines) write as records
arrive; SARIF and JUnit XML need the whole run and write at the end (from parts made
per report, with ``--jobs`` in the worker processes, kept in a temporary file until
then: ``spool``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import datetime as dt

    from ..batch import PackedReport, Record, ReportRecord, Summary
    from ..._engine.ruleset import RuleSet

# The one table of output formats: name -> (module of this package, renderer class).
# The command line and the batches know a format only by its name and the Renderer
# interface below.
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextRenderer"),
    "json": ("json", "JsonRenderer"),
    "jsonl": ("json", "JsonLinesRenderer"),
    "sarif": ("sarif", "SarifRenderer"),
    "junit": ("junit", "JunitRenderer"),
    "html": ("html", "HtmlRenderer"),
}
FORMATS = tuple(_RENDERERS)


@dataclass(frozen=True)
class RunInfo:
    """What every renderer may need to know about the run besides the records."""

    as_of: dt.date
    lang: str
    rules: RuleSet
    fail_on: str = "error"
    fail_on_missing: bool = False
    color: bool = False
    tool_version: str = ""
    # SARIF and HTML: every finding (True) or only what a reader should act on.
    all_results: bool = False
    # SARIF: at most this many results (0: no limit); GitHub code scanning rejects more.
    max_results: int = 25_000
    # SARIF helpUri and HTML links: the base of the rule pages, docs/rules/<ID>.md.
    docs_url: str = "docs/rules/"
    # JSON, JSON Lines and JUnit: the reports' form, "summary" (passes counted per rule,
    # each rule's sources once; JUnit: passed rules counted in one suite) or "full"
    # (every finding with its sources; JUnit: a test case per rule and document).
    report: str = "summary"

    def __post_init__(self) -> None:
        from ...findings import report_form

        report_form(self.report)  # an unknown form is refused here, not by one renderer


class Renderer:
    """Base class: subclasses override ``record`` and ``end`` (and ``begin`` if needed)."""

    def __init__(self, out: TextIO, run: RunInfo):
        self.out = out
        self.run = run

    # With ``--jobs`` a renderer may do its per-report work in the worker processes:
    # ``pack`` turns a report record into the text ``record`` will write for it (None:
    # the renderer needs the record itself, which then travels pickled). The worker
    # inherits the renderer when the pool forks.
    packs = False
    # What ``record`` writes between the texts of two packed records ("" where each
    # text ends its own line): the workers join the texts of a chunk with it.
    join = ""
    # True where ``record`` writes each record on its own, the same whatever came
    # before: with ``--jobs`` the workers may then write their chunks themselves, in
    # turn, to the output's file descriptor.
    direct = False
    # True where the output is for people and shows input errors itself (the command
    # line then does not repeat them on standard error) and can be coloured.
    for_people = False

    def pack(self, rec: ReportRecord) -> str | None:
        """The output of one report record, made where the report was evaluated."""
        return None

    # Renderers that write one document at the end (SARIF, JUnit) cannot write a
    # report's text as it comes, but they can still build a report's share of the
    # document where it was evaluated: ``part`` turns a report record into a small
    # picklable value, ``merge`` turns the parts of consecutive reports into one, and
    # ``record`` takes a PackedReport carrying it (``PackedReport.part``) in place of
    # the record. In one process ``record`` calls ``part`` itself, so both paths run
    # the same code.
    parts = False

    def part(self, rec: ReportRecord) -> Any:
        """One report record's share of the document, made where it was evaluated."""
        raise NotImplementedError

    def merge(self, parts: list[Any]) -> Any:
        """The parts of consecutive reports as one part (what ``record`` of each in
        turn would have added)."""
        raise NotImplementedError

    def begin(self) -> None:
        """Called once before the first record."""

    def record(self, rec: Record | PackedReport) -> None:
        """Called once per input unit, in input order."""
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Called once after the last record."""
        raise NotImplementedError

    def close(self) -> None:
        """Called once at the very end, also when the run failed: drop what the renderer
        keeps for ``end`` (SARIF's and JUnit's temporary file)."""


def renderer_class(fmt: str) -> type[Renderer]:
    """The renderer class of one of :data:`FORMATS` (its module imported only now)."""
    import importlib

    try:
        module, name = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    cls: type[Renderer] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return cls


def renderer(fmt: str, out: TextIO, run: RunInfo) -> Renderer:
    """The renderer for one of :data:`FORMATS`."""
    return renderer_class(fmt)(out, run)
