"""Batches: reading many inputs, evaluating them (optionally in a process pool), and
the records the renderers write.

Nothing is lost: every input unit (a document in a file, a document of a YAML stream,
an element of a list, a line of JSON Lines, or a file that cannot be read at all)
becomes exactly one record, either a report or an error, in input order. The summary
counts them: ``documents_read == evaluated + rejected``.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, model_serializer

from . import loading as _loading
from .._engine.evaluate import Evaluator, ReportData
from .._safeload import to_document
from .exitcodes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ..errors import DocumentError, FieldProblem, SundhedsreglerError, describe, problem
from ..findings import LEVELS, OUTCOMES, Report, RuleSetInfo, SummaryReport, report_form

BATCH_FORMAT_VERSION = 1
INPUT_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".jsonl": "jsonl", ".ndjson": "jsonl"}
STDIN = "<stdin>"

# --jobs: documents per task sent to a worker, and per worker in one window of input.
CHUNK = 32
WINDOW = 256


# --- Records (the JSON / JSON Lines shape; their JSON Schema is `schema batch`) -------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Record):
    """One problem in an input: JSON Pointer into the input unit, its stable code, the
    message (in the run's language), line if known."""

    pointer: str
    code: str = Field(description="stable code of the problem (docs/cli.md), the same in every language")
    message: str
    line: int | None = None


class ReportRecord(_Record):
    """A document that was read, validated and evaluated."""

    type: Literal["report"] = "report"
    index: int = Field(description="position of the input unit in the batch, from 0")
    source: str = Field(description="the file it came from, or <stdin>")
    pointer: str = Field(
        description="JSON Pointer of the document inside its file ('' for the whole file, a line of JSON Lines or a document of a YAML stream)"
    )
    line: int | None = Field(default=None, description="line where the document starts (JSON Lines: its line)")
    report: Report
    # JSON Pointer (within the file) -> line and column; used for SARIF regions, not
    # written out.
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)
    _columns: dict[str, int] = PrivateAttr(default_factory=dict)
    # The report as plain data (what the JSON formats write); ``report``, the model, is
    # made from it when first read.
    _data: ReportData | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, data: ReportData, *, index: int, source: str, pointer: str, line: int | None) -> ReportRecord:
        """A record of a report given as plain data; its model is made when read.

        The record is the model a caller knows (``report`` set, equal to the record
        made from the model, the same dumps, copies and pickles); only the making of
        the report model waits until something reads it: the JSON formats write the
        plain data and never do."""
        rec = cls.model_construct(type="report", index=index, source=source, pointer=pointer, line=line)
        rec.__pydantic_fields_set__.add("report")
        rec._data = data
        return rec

    def __getattr__(self, name: str) -> Any:
        # Only called when ``report`` is not in the instance's __dict__ yet.
        if name == "report":
            private = self.__pydantic_private__
            data = private.get("_data") if private else None
            if data is not None:
                report = self.__dict__["report"] = data.report()
                return report
        return super().__getattr__(name)  # type: ignore[misc]

    def _made(self) -> None:
        """Make the report model, for what reads the record's __dict__ directly
        (pydantic's dumps, also inside another model, equality, repr, iteration, copies,
        pickling)."""
        if "report" not in self.__dict__:
            self.report  # noqa: B018

    @property
    def data(self) -> ReportData | None:
        """The report as plain data, where the record was made from it."""
        return self._data

    def record_data(self, form: str = "full") -> dict[str, Any]:
        """The record as plain data, its report in one of findings.REPORT_FORMS."""
        data = self._data
        report = data.data(form) if data is not None else self.report.to_dict(form=form)  # type: ignore[arg-type]
        return {
            "type": "report",
            "index": self.index,
            "source": self.source,
            "pointer": self.pointer,
            "line": self.line,
            "report": report,
        }

    def tallies(self) -> list[tuple[str, str]]:
        """(outcome, level) of each finding of the report."""
        data = self._data
        if data is not None:
            return data.tallies()
        return [(f.outcome, f.level) for f in self.report.findings]

    @model_serializer(mode="wrap")
    def _dumped(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Every dump goes through here, the record's own and that of a model holding it
        # (whose serializer reads this record's __dict__ and not its model_dump).
        self._made()
        return handler(self)

    def __eq__(self, other: object) -> bool:
        self._made()
        if isinstance(other, ReportRecord):
            other._made()
            # pydantic's equality but for the plain data, which the report model is
            # made from (two evaluations of one document are equal records)
            return (
                type(self) is type(other)
                and self.__dict__ == other.__dict__
                and self._compared() == other._compared()
                and self.__pydantic_extra__ == other.__pydantic_extra__
            )
        return super().__eq__(other)

    def _compared(self) -> dict[str, Any]:
        return {k: v for k, v in (self.__pydantic_private__ or {}).items() if k != "_data"}

    def __iter__(self) -> Any:
        self._made()
        return super().__iter__()

    def __repr_args__(self) -> Any:
        self._made()
        return super().__repr_args__()

    def __copy__(self) -> ReportRecord:
        self._made()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> ReportRecord:
        self._made()
        return super().__deepcopy__(memo)

    def __getstate__(self) -> dict[Any, Any]:
        self._made()
        return super().__getstate__()

    def set_lines(self, lines: Mapping[str, int] | None, columns: Mapping[str, int] | None = None) -> None:
        self._lines = dict(lines or {})
        self._columns = dict(columns or {})

    def column_for(self, ptr: str) -> int | None:
        """The input column of a JSON Pointer, where :meth:`line_for` found its line
        (the same nearest known ancestor); None where no column is known."""
        while self._columns:
            if ptr in self._lines:
                return self._columns.get(ptr)
            if not ptr:
                return None
            ptr = ptr[: ptr.rfind("/")]
        return None

    def line_for(self, ptr: str) -> int | None:
        """The input line of a JSON Pointer within the file (nearest known ancestor)."""
        return _loading.line_of(self._lines, ptr) if self._lines else self.line


class ErrorRecord(_Record):
    """An input unit that could not be read, validated or evaluated."""

    type: Literal["error"] = "error"
    index: int
    source: str
    pointer: str
    line: int | None = None
    stage: Literal["read", "validate", "evaluate"]
    document: str | None = Field(default=None, description="dokument_id, where it could be read")
    message: str
    problems: list[Problem]


Record = Union[ReportRecord, ErrorRecord]


class Summary(_Record):
    type: Literal["summary"] = "summary"
    format_version: int = BATCH_FORMAT_VERSION
    as_of: str
    lang: Literal["da", "en"]
    ruleset: RuleSetInfo
    backend: Literal["durable", "python"] | None = Field(
        default=None, description="the rule engine that ran (each report is the same with either)"
    )
    documents_read: int
    evaluated: int
    rejected: int
    counts: dict[str, int] = Field(description="findings per outcome over all reports")
    failing: int = Field(description="findings that count toward --fail-on")
    fail_on: Literal["error", "warning", "note", "never"]
    fail_on_missing: bool
    exit_code: int


class Batch(_Record):
    """The JSON output of ``sundhedsregler check --format json``."""

    format: Literal["sundhedsregler-batch"] = "sundhedsregler-batch"
    format_version: int = BATCH_FORMAT_VERSION
    records: list[Annotated[Union[ReportRecord, ErrorRecord], Field(discriminator="type")]]
    summary: Summary


class _JsonlLine(_Record):
    """One line of ``--format jsonl``: a report, an error, or (last) the summary."""

    line: Annotated[Union[ReportRecord, ErrorRecord, Summary], Field(discriminator="type")]


class SummaryReportRecord(ReportRecord):
    """A report record of the summary form (``check --report summary``, the default)."""

    report: SummaryReport  # type: ignore[assignment]


class SummaryBatch(Batch):
    """The JSON output of ``sundhedsregler check --format json`` (summary form, the default)."""

    format_version: int = 2
    records: list[Annotated[Union[SummaryReportRecord, ErrorRecord], Field(discriminator="type")]]  # type: ignore[assignment]


class _SummaryJsonlLine(_Record):
    line: Annotated[Union[SummaryReportRecord, ErrorRecord, Summary], Field(discriminator="type")]


def batch_json_schema(*, form: str = "summary") -> dict[str, Any]:
    """JSON Schema of ``check --format json`` with reports of this form."""
    schema = (SummaryBatch if report_form(form) == "summary" else Batch).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def jsonl_json_schema(*, form: str = "summary") -> dict[str, Any]:
    """Schema of one line of JSON Lines output with reports of this form."""
    inner = (_SummaryJsonlLine if report_form(form) == "summary" else _JsonlLine).model_json_schema()
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "BatchLine"}
    schema.update(inner["properties"]["line"])
    schema["$defs"] = inner.get("$defs", {})
    return schema


# --- Reading inputs --------------------------------------------------------------------


@dataclass
class Item:
    """One input unit: plain data to validate and evaluate, or the error that stopped it."""

    source: str
    pointer: str = ""
    line: int | None = None
    data: Any = None
    error: DocumentError | None = None
    lines: Mapping[str, int] | None = None
    index: int = 0
    columns: Mapping[str, int] | None = None  # beside ``lines``, where known
    raw: bytes | None = None  # a JSON Lines line not parsed yet (parsed by whoever evaluates it)
    done: ErrorRecord | None = None  # an unreadable unit already turned into its record


def _files(path: Path) -> list[Path]:
    found = []
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES:
            found.append(f)
    return found


def _problem(source: str, code: str, line: int | None = None, **args: Any) -> DocumentError:
    return DocumentError(source, [problem(code, "", line, **args)], line=line)


def _split_lines(lines: Mapping[str, int], n: int) -> list[dict[str, int]]:
    """The positions of a list file, per element (keys stay pointers into the file), so
    that each document carries only its own positions (to a worker process, too)."""
    per: list[dict[str, int]] = [{} for _ in range(n)]
    for ptr, line in lines.items():
        head = ptr[1:].split("/", 1)[0]
        if ptr and head.isdigit() and int(head) < n:
            per[int(head)][ptr] = line
    return per


def _read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    fmt = INPUT_SUFFIXES.get(path.suffix.lower())
    if fmt == "jsonl":  # line by line, whatever the file's size: each line has the limit
        try:
            with path.open("rb") as stream:
                yield from read_jsonl(stream, source=source)
        except OSError as exc:
            yield Item(source, error=DocumentError(source, [_loading.cannot_read(exc)]))
        return
    try:
        with _loading.read_file(path, fmt=fmt, streams=True) as found:
            if found.big is not None:  # a YAML stream above the limit: read document by document
                yield from _read_big_stream(source, found.big)
                return
    except OSError as exc:
        yield Item(source, error=DocumentError(source, [_loading.cannot_read(exc)]))
        return
    if found.error is not None:
        yield Item(source, line=found.error.line, error=found.error)
        return
    if found.stream is not None:
        yield from _read_stream(source, found.stream)
        return
    try:
        data = found.parse()
    except DocumentError as exc:
        yield Item(source, line=exc.line, error=exc)
        return
    columns: dict[str, int] = {}
    yield from _units(source, data, _loading.source_lines(found.text, columns=columns), columns=columns)


# Documents in one list (a file, or a document of a YAML stream): a real document takes
# hundreds of bytes, so 64 MiB hold fewer than this; 8 MB of '{},' hold 2.7 million
# elements, which took 94 s to refuse one by one.
MAX_LIST_DOCUMENTS = 100_000


def _units(
    source: str, data: Any, lines: Mapping[str, int], *, empty_list: Item | None = None, columns: Mapping[str, int] | None = None
) -> Iterator[Item]:
    """The input units of one parsed document: itself, or each element of a list."""
    if isinstance(data, list) and len(data) > MAX_LIST_DOCUMENTS:
        yield Item(source, error=_problem(source, "too-many-documents", count=len(data), limit=MAX_LIST_DOCUMENTS))
        return
    if isinstance(data, list):
        if not data:
            yield empty_list or Item(source, error=_problem(source, "empty-list"))
        per_element = _split_lines(lines, len(data))
        per_columns = _split_lines(columns or {}, len(data))
        for i, element in enumerate(data):
            ptr = f"/{i}"
            yield Item(source, ptr, lines.get(ptr), data=element, lines=per_element[i], columns=per_columns[i])
    else:
        yield Item(source, "", lines.get(""), data=data, lines=lines, columns=columns)


def _read_stream(source: str, stream: list[_loading.YamlDocument]) -> Iterator[Item]:
    """A YAML stream: each document read as a file of its own would be (one document, a
    portfolio or a list of them), lazily, with the file's lines. A document that cannot
    be read, or is empty, becomes an error item at its line, and reading goes on."""
    if not stream:
        yield Item(source, error=_problem(source, "stream-empty"))
        return
    for doc in stream:
        yield from _stream_document(source, doc)


def _stream_document(source: str, doc: _loading.YamlDocument) -> Iterator[Item]:
    """The items of one document of a YAML stream."""
    if doc.empty:
        yield Item(source, line=doc.line, error=_problem(source, "stream-empty-document", doc.line))
        return
    try:
        data = _loading.parse_yaml_document(doc, source=source)
    except DocumentError as exc:
        yield Item(source, line=doc.line, error=exc)
        return
    empty = Item(source, line=doc.line, error=_problem(source, "yaml-empty-list", doc.line))
    columns: dict[str, int] = {}
    lines = _loading.yaml_document_lines(doc, columns=columns)
    yield from _units(source, data, lines, empty_list=empty, columns=columns)


def _read_big_stream(source: str, parts: Iterator[_loading.YamlDocument | _loading.YamlStreamProblem]) -> Iterator[Item]:
    """The items of a YAML stream read document by document (a file above the limit)."""
    for part in parts:
        if isinstance(part, _loading.YamlStreamProblem):
            yield Item(source, line=part.line, error=_problem(source, part.code, part.line, **dict(part.args)))
        else:
            yield from _stream_document(source, part)


def read_jsonl(stream: IO[bytes], *, source: str) -> Iterator[Item]:
    """JSON Lines, one document per line, read lazily (so a pipe streams).

    Blank lines are skipped; a line that is not UTF-8, not JSON or too large becomes an
    error item carrying its line number, and reading goes on with the next line.
    """
    limit = _loading.MAX_BYTES
    seen = False
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            break
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            skipped = 0
            while skipped <= limit:  # skip the rest of the oversized line
                rest = stream.readline(1024 * 1024)
                skipped += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            seen = True
            yield Item(source, line=number, error=_problem(source, "line-too-large", number, mib=limit // (1024 * 1024)))
            if skipped > limit:  # no end in sight (/dev/zero): the rest is not read
                yield Item(source, line=number, error=_problem(source, "input-unread", number))
                break
            continue
        if not raw.strip():
            continue
        seen = True
        yield Item(source, "", number, raw=raw, lines={"": number})
    if not seen:
        yield Item(source, error=_problem(source, "empty"))


def _shown(arg: str) -> str:
    """Paths inside the working directory are shown relative to it (stable output)."""
    path = Path(arg)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            return str(path.relative_to(Path.cwd()))
    return arg


def read_inputs(paths: Iterable[str], *, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every input unit of the given paths, in order, numbered from 0."""
    index = 0
    for arg in paths:
        arg = arg if arg == "-" else _shown(arg)
        if arg == "-":
            if stdin is None:
                items: Iterable[Item] = [Item(STDIN, error=_problem(STDIN, "stdin-unavailable"))]
            else:
                items = read_jsonl(stdin, source=STDIN)
        else:
            path = Path(arg)
            if path.is_dir():
                files = _files(path)
                if not files:
                    items = [Item(arg, error=_problem(arg, "directory-empty"))]
                else:
                    items = (item for f in files for item in _read_file(f))
            else:
                items = _read_file(path)
        for item in items:
            item.index = index
            index += 1
            yield item


# --- Evaluating --------------------------------------------------------------------------


def _error_record(item: Item, exc: DocumentError, stage: str, document: str | None = None, *, lang: str) -> ErrorRecord:
    """The record of an input unit that failed, its messages in ``lang``."""
    inner = [FieldProblem(item.pointer + p.pointer, p.message, p.line, p.code, p.args) for p in exc.problems]
    problems = [
        Problem.model_construct(pointer=p.pointer, code=p.code, message=p.text(lang), line=p.line) for p in inner
    ]
    detail = describe(inner, lang)
    return ErrorRecord.model_construct(
        type="error",
        index=item.index,
        source=item.source,
        pointer=item.pointer,
        line=item.line if item.line is not None else exc.line,
        stage=stage,
        document=document,
        message=detail,
        problems=problems,
    )


def _problem_lines(exc: DocumentError, item: Item) -> DocumentError:
    """Attach source lines to validation problems where the input's positions are known."""
    if not item.lines:
        return exc
    problems = [
        FieldProblem(
            p.pointer,
            p.message,
            p.line if p.line is not None else _loading.line_of(item.lines, item.pointer + p.pointer),
            p.code,
            p.args,
        )
        for p in exc.problems
    ]
    return DocumentError(exc.source, problems, line=exc.line)


def _document_id(data: Any) -> str | None:
    """The dokument_id of plain data, where it has one that is text."""
    found = data.get("dokument_id") if isinstance(data, Mapping) else None
    return found if isinstance(found, str) else None


def evaluate_item(evaluator: Evaluator, item: Item, as_of: dt.date) -> Record:
    """One input unit -> one record. Bad input becomes an error record, never an exception.

    A line of JSON Lines is validated from its bytes where it can be
    (:func:`_loading.json_document`); otherwise it is parsed (an error there is of the
    read stage) and then validated, as :func:`_loading.read_document` does."""
    raw, document = item.raw, None
    if raw is not None:
        document = _loading.json_document(raw)
        if document is None:
            try:
                item.data = _loading.read_bytes(raw, source=item.source, fmt="json")
            except DocumentError as exc:
                problems = [FieldProblem(p.pointer, p.message, item.line, p.code, p.args) for p in exc.problems]
                item.error = DocumentError(item.source, problems, line=item.line)
        item.raw = None
    if item.done is not None:
        return item.done
    lang = evaluator.lang
    if item.error is not None:
        return _error_record(item, item.error, "read", lang=lang)
    if document is None:
        data = item.data
        try:
            document = to_document(data, source=item.source)
        except DocumentError as exc:
            return _error_record(item, _problem_lines(exc, item), "validate", _document_id(data), lang=lang)
    try:
        report = evaluator._evaluate_data(document, as_of=as_of)
    except (SundhedsreglerError, ValueError, OverflowError) as exc:
        # The dokument_id as written (the model's has its white space stripped).
        data = item.data if raw is None else _loading.read_bytes(raw, source=item.source, fmt="json")
        failed = _problem(item.source, "evaluation-failed", detail=str(exc))
        return _error_record(item, failed, "evaluate", _document_id(data), lang=lang)
    rec = ReportRecord.of(report, index=item.index, source=item.source, pointer=item.pointer, line=item.line)
    rec.set_lines(item.lines, item.columns)
    return rec


@dataclass(frozen=True)
class PackedReport:
    """A report evaluated in a worker process, already turned into the renderer's output.

    The parent then neither unpickles nor renders the report: with ``--jobs`` its share
    of the work stays small. ``tallies`` are the (outcome, level) of each finding, for
    the summary; ``weights``, when given, says how many findings each pair stands for.

    With ``--jobs`` one PackedReport may stand for ``count`` consecutive reports of a
    worker's chunk: its text is their texts joined by what the renderer writes between
    two records (``join`` of :func:`evaluate_items`), so that writing it once writes the
    same bytes as writing each in turn.

    For a renderer that writes one document at the end (SARIF, JUnit), ``text`` is empty
    and ``part`` holds the reports' share of that document (the renderer's ``part`` and
    ``merge``; ``parts`` of :func:`evaluate_items`).
    """

    text: str
    tallies: tuple[tuple[str, str], ...]
    weights: tuple[int, ...] | None = None
    count: int = 1
    part: Any = None


Packer = Callable[[ReportRecord], "str | None"]
# A renderer's ``part`` and ``merge`` (see PackedReport).
Parts = tuple[Callable[[ReportRecord], Any], Callable[[list[Any]], Any]]

# State of a forked worker: inherited from the parent at fork time (the compiled rule
# set and the durable-rules handle are valid in the child; field notes: forking after
# compiling works, pickling a handle does not).
_WORKER: tuple[Evaluator, dt.date, Packer | None, str | None, Any, Parts | None] | None = None
# A worker's own pipes: records back to the parent, and the parent's word on whether it
# may write its chunk now (direct writing). Set in the worker process only.
_CHANNEL: tuple[Any, Any] | None = None

# A JSON Lines unit travels to a worker as (source, index, line, raw bytes) rather than
# as an Item: less to pickle per document.
_Task = Union[Item, tuple[str, int, "int | None", bytes]]


def _unpack_task(task: _Task) -> Item:
    if isinstance(task, Item):
        return task
    source, index, line, raw = task
    return Item(source, "", line, raw=raw, lines={"": line} if line is not None else None, index=index)


def _task(item: Item, lang: str) -> _Task:
    if (
        item.raw is not None
        and item.error is None
        and item.done is None
        and item.pointer == ""
        and item.data is None
        and item.lines == ({"": item.line} if item.line is not None else None)
    ):
        return (item.source, item.index, item.line, item.raw)
    return _shippable(item, lang)


def _work(item: Item) -> Record | PackedReport:
    assert _WORKER is not None
    evaluator, as_of, pack = _WORKER[:3]
    rec = evaluate_item(evaluator, item, as_of)
    if pack is not None and isinstance(rec, ReportRecord):
        text = pack(rec)
        if text is not None:
            return PackedReport(text, tuple(rec.tallies()))
    return rec


def _work_chunk(seq: int, tasks: list[_Task]) -> list[Record | PackedReport]:
    """A chunk of input units -> their records, in order, consecutive packed reports
    merged into one PackedReport (one string or part and one tally to send back, not
    one each)."""
    assert _WORKER is not None
    evaluator, as_of, pack, join, _, parts = _WORKER
    make: Callable[[ReportRecord], Any]
    if parts is not None:
        make, merge = parts

        def packed(values: list[Any], tally: dict[tuple[str, str], int]) -> PackedReport:
            return PackedReport("", tuple(tally), tuple(tally.values()), len(values), merge(values))

    elif pack is not None and join is not None:
        make = pack

        def packed(values: list[Any], tally: dict[tuple[str, str], int]) -> PackedReport:
            return PackedReport(join.join(values), tuple(tally), tuple(tally.values()), len(values))

    else:
        return [_work(_unpack_task(t)) for t in tasks]
    out: list[Record | PackedReport] = []
    values: list[Any] = []
    tally: dict[tuple[str, str], int] = {}

    def flush() -> None:
        out.append(packed(values, tally))
        values.clear()
        tally.clear()

    for task in tasks:
        rec = evaluate_item(evaluator, _unpack_task(task), as_of)
        if isinstance(rec, ReportRecord):
            value = make(rec)
            if value is not None:
                values.append(value)
                for key in rec.tallies():
                    tally[key] = tally.get(key, 0) + 1
                continue
        if values:
            flush()
        out.append(rec)
    if values:
        flush()
    return out


@dataclass(frozen=True)
class Written:
    """A record (a report as a PackedReport without text, or an error record) whose
    output a worker has already written (``direct`` in :func:`evaluate_items`): the
    caller only counts it, and reports an error where it reports errors."""

    record: Record | PackedReport


def _work_direct(seq: int, tasks: list[_Task]) -> list[Record | PackedReport | Written]:
    """A chunk evaluated, rendered and written by the worker when its turn comes: it
    tells the parent it is ready and waits for its word (the parent gives chunk ``seq``
    its turn after chunk ``seq - 1`` is written, see :func:`evaluate_items`). Should
    the output not encode (a lone surrogate), or the parent say no, nothing is written
    and the records go back whole, so that the parent writes them; the parent then
    lets no worker write any more."""
    assert _WORKER is not None and _WORKER[4] is not None and _CHANNEL is not None
    evaluator, as_of = _WORKER[0], _WORKER[1]
    fd, render = _WORKER[4]
    results, go = _CHANNEL
    data: bytes | None = None
    recs: list[Record] = []
    wrote = False
    pieces = []
    try:
        for task in tasks:
            rec = evaluate_item(evaluator, _unpack_task(task), as_of)
            # Rendered at once, the report is dropped: memory stays small and warm.
            pieces.append(render(rec).encode("utf-8"))
            recs.append(_tallied(rec))
        data = b"".join(pieces)
    except (UnicodeEncodeError, ValueError):
        recs = [evaluate_item(evaluator, _unpack_task(t), as_of) for t in tasks]
    results.send(("ready", seq, data is not None))
    if go.recv_bytes() == b"1" and data is not None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        wrote = True
    if not wrote:  # the records go back whole (evaluated again if they were rendered)
        if data is not None:
            recs = [evaluate_item(evaluator, _unpack_task(t), as_of) for t in tasks]
        return list(recs)
    out: list[Record | PackedReport | Written] = []
    count = 0
    tally: dict[tuple[str, str], int] = {}
    for rec in recs:
        if isinstance(rec, PackedReport):
            count += 1
            for key, n in zip(rec.tallies, rec.weights or ()):
                tally[key] = tally.get(key, 0) + n
            continue
        if count:
            out.append(Written(PackedReport("", tuple(tally), tuple(tally.values()), count)))
            count = 0
            tally = {}
        out.append(Written(rec))
    if count:
        out.append(Written(PackedReport("", tuple(tally), tuple(tally.values()), count)))
    return out


def _tallied(rec: Record) -> Any:
    """A report reduced to its tallies (its output is written); an error record as it is."""
    if not isinstance(rec, ReportRecord):
        return rec
    tally: dict[tuple[str, str], int] = {}
    for key in rec.tallies():
        tally[key] = tally.get(key, 0) + 1
    return PackedReport("", tuple(tally), tuple(tally.values()))


def _shippable(item: Item, lang: str) -> Item:
    # DocumentError does not survive pickling (its constructor takes more than the
    # message), so an unreadable unit travels as its finished error record.
    if item.error is not None:
        item.done = _error_record(item, item.error, "read", lang=lang)
        item.error = None
    return item


def _pipe_capacity(fd: int) -> int:
    """Give a pipe a larger buffer (Linux), so that a chunk's output (hundreds of KB)
    crosses in a few reads rather than many 64 KiB ones; its capacity in bytes."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        return int(fcntl.fcntl(fd, getattr(fcntl, "F_GETPIPE_SZ", 1032)))
    except Exception:  # noqa: BLE001 - not Linux, or the limit is lower: the default buffer
        return 1 << 16


LOST = (
    "not evaluated: the worker process evaluating it ended unexpectedly ({how}), also when its "
    "documents were given to a new worker once more"
)


def _ended(exitcode: int | None) -> str:
    """How a worker process ended, in words (``exitcode`` as multiprocessing gives it)."""
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "an unknown signal"
        return f"killed by signal {-exitcode}, {name}"
    return f"exit status {exitcode}"


def _lost_records(tasks: list[_Task], how: str, lang: str) -> list[Record | PackedReport | Written]:
    """The error records of a chunk whose worker died twice: each of its documents,
    named by its place in the input and, where it can be read, its dokument_id."""
    out: list[Record | PackedReport | Written] = []
    for task in tasks:
        item = _unpack_task(task)
        if item.done is not None:  # unreadable anyway: its own error says more
            out.append(item.done)
            continue
        doc_id = None
        with contextlib.suppress(DocumentError):
            data = item.data if item.raw is None else _loading.read_bytes(item.raw, source=item.source, fmt="json")
            doc_id = _document_id(data)
        out.append(_error_record(item, _problem(item.source, "worker-lost", how=how), "evaluate", doc_id, lang=lang))
    return out


def _serve(channels: tuple[Any, Any, Any], others: list[Any], work: Callable[[int, list[_Task]], Any]) -> None:
    """A worker process: chunks in, their records out, until told to stop."""
    import pickle

    global _CHANNEL
    for conn in others:  # the other workers' pipes, inherited: only the parent holds them
        conn.close()
    tasks, results, go = channels
    _CHANNEL = (results, go)
    try:
        while True:
            try:
                message = tasks.recv_bytes()
            except EOFError:  # the parent has gone
                return
            if not message:
                return
            seq, chunk = pickle.loads(message)  # noqa: S301 - from the parent that forked us
            try:
                reply: tuple[Any, ...] = ("done", seq, True, work(seq, chunk))
            except Exception as exc:  # noqa: BLE001 - raised again in the parent
                reply = ("done", seq, False, exc)
            try:
                results.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                results.send(("done", seq, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent reports it
        return


@dataclass(eq=False)
class _Worker:
    process: Any
    tasks: Any  # Connection: chunks to the worker (an empty message: stop)
    results: Any  # Connection: records back (and, writing directly, "ready")
    go: Any  # Connection: the parent's word that the worker may write its chunk now
    capacity: int  # bytes the task pipe holds without the worker reading
    queued: collections.deque[tuple[int, int]]  # (seq, bytes in the pipe) sent, not answered


class _Workers:
    """Forked worker processes, each with its own pipes to the parent.

    Unlike ``multiprocessing.Pool``, whose task dies with its worker (and whose caller
    then waits for ever), it notices a worker that ends without answering (killed by
    the OOM killer or ``kill -9``, or an engine crash) by the process's sentinel, and
    replaces it; the caller learns which chunks it held. The workers share no lock, so
    a dead one cannot block the others. Every worker is ended by :meth:`close`.
    """

    def __init__(self, ctx: Any, jobs: int, work: Callable[[int, list[_Task]], Any]):
        self.ctx = ctx
        self.work = work
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        tasks_out, tasks_in = self.ctx.Pipe(duplex=False)
        results_out, results_in = self.ctx.Pipe(duplex=False)
        go_out, go_in = self.ctx.Pipe(duplex=False)
        others = [c for w in self.workers for c in (w.tasks, w.results, w.go)] + [tasks_in, results_out, go_in]
        process = self.ctx.Process(
            target=_serve, args=((tasks_out, results_in, go_out), others, self.work), daemon=True
        )
        process.start()
        for conn in (tasks_out, results_in, go_out):
            conn.close()
        _pipe_capacity(results_out.fileno())
        return _Worker(process, tasks_in, results_out, go_in, _pipe_capacity(tasks_in.fileno()), collections.deque())

    def offer(self, seq: int, data: bytes) -> bool:
        """Send a chunk to the least busy worker that can take it without blocking: an
        idle worker, or a busy one whose task pipe has room for it (so that it starts
        the next chunk at once). False when none can."""
        best = min(self.workers, key=lambda w: len(w.queued))
        if best.queued and (len(best.queued) >= 2 or sum(n for _, n in best.queued) + len(data) > best.capacity // 2):
            return False
        with contextlib.suppress(OSError):  # it has died: wait() will say so, with this chunk
            best.tasks.send_bytes(data)
        best.queued.append((seq, len(data) if best.queued else 0))
        return True

    def wait(self) -> list[tuple[Any, ...]]:
        """Block until a worker answers or dies: ``("done", seq, ok, value)`` for
        records, ``("ready", seq, ok, worker)`` for a worker that waits for its turn to
        write, ``("lost", seqs, how)`` for one that died with chunks unanswered (the
        first of them begun, the others still in its pipe)."""
        from multiprocessing import connection

        watched: dict[Any, _Worker] = {}
        for w in self.workers:
            if w.queued:
                watched[w.results] = w
                watched[w.process.sentinel] = w
        events: list[tuple[Any, ...]] = []
        for ready in connection.wait(list(watched)):
            w = watched[ready]
            if not any(w is x for x in self.workers):  # replaced already in this round
                continue
            results: Any = w.results
            if ready is not w.process.sentinel:  # its records (or its pipe's end)
                try:
                    message: tuple[Any, ...] = results.recv()
                except (EOFError, OSError):
                    events.append(self._replace(w))
                    continue
                if message[0] == "ready":
                    events.append((*message, w))
                    continue
                w.queued.popleft()
                if w.queued:  # the next chunk has left the pipe
                    w.queued[0] = (w.queued[0][0], 0)
                events.append(message)
            elif not results.poll():  # ended, and nothing more to read from it
                events.append(self._replace(w))
        return events

    def _replace(self, w: _Worker) -> tuple[Any, ...]:
        w.process.join(1)
        how = _ended(w.process.exitcode)
        seqs = [seq for seq, _ in w.queued]
        self._close(w, force=True)
        self.workers[next(i for i, x in enumerate(self.workers) if x is w)] = self._start()
        return ("lost", seqs, how)

    @staticmethod
    def _close(w: _Worker, *, force: bool) -> None:
        if not force:
            with contextlib.suppress(OSError):
                w.tasks.send_bytes(b"")  # the stop signal
            w.process.join(5)
        if w.process.is_alive():
            w.process.terminate()
            w.process.join(5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        for conn in (w.tasks, w.results, w.go):
            conn.close()

    def close(self, *, force: bool) -> None:
        """End every worker: asked to stop when idle, else terminated (then killed)."""
        for w in self.workers:
            self._close(w, force=force or bool(w.queued))
        self.workers = []


def evaluate_items(
    evaluator: Evaluator,
    items: Iterable[Item],
    *,
    as_of: dt.date,
    jobs: int = 1,
    pack: Packer | None = None,
    join: str | None = None,
    parts: Parts | None = None,
    direct: tuple[int, Callable[[Record], str]] | None = None,
) -> Iterator[Record | PackedReport | Written]:
    """Records in input order. ``jobs > 1`` evaluates in forked worker processes; there
    ``pack`` (a renderer's) turns each report into its output, returned as
    :class:`PackedReport`. With ``join`` (what the renderer writes between the texts
    of two records), consecutive packed reports of a chunk come back as one.
    ``parts`` (a renderer's ``part`` and ``merge``, for renderers that write one
    document at the end) does the same with parts instead of texts.

    ``direct`` (a file descriptor and a function that renders a record as the renderer
    would write it) makes the workers write the output themselves, each chunk in its
    turn, so that the output does not cross a pipe and the parent; what comes back is
    then :class:`Written`. The caller flushes its own buffer first.

    A worker that dies (see :class:`_Workers`) costs no document: its chunks are given
    once more to a new worker, and a chunk whose second worker dies too comes back as
    an error record for each of its documents (so the run exits 2). Writing directly, a
    chunk whose worker died after it was given its turn is not tried again (it may
    have written part of its output), and from then on the parent writes everything."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield evaluate_item(evaluator, item, as_of)
        return
    import pickle

    global _WORKER
    ctx = multiprocessing.get_context("fork")
    _WORKER = (evaluator, as_of, pack, join, direct, parts)
    workers = None
    finished = False
    try:
        workers = _Workers(ctx, jobs, _work_chunk if direct is None else _work_direct)
        # Chunks of CHUNK units go to the workers; records are yielded in input order,
        # with at most WINDOW * jobs units read and not yet yielded, so memory stays
        # bounded on a long stream.
        source = iter(items)
        limit = max(1, WINDOW * jobs // CHUNK)
        chunks: dict[int, list[_Task]] = {}  # read and not yet yielded
        todo: list[int] = []  # read and not (or no longer) with a worker, in order
        results: dict[int, list[Any]] = {}
        tries: dict[int, int] = {}
        lost: dict[int, str] = {}
        # Direct writing: the chunk whose turn it is to write, the workers that wait for
        # their turn, the chunks that were told to write, and whether workers still may.
        turn = 0
        waiting: dict[int, tuple[bool, _Worker]] = {}
        told: set[int] = set()
        writing = True
        seq = done = 0
        exhausted = False
        while True:
            while not exhausted and seq - done < limit:
                chunk = [_task(item, evaluator.lang) for item in itertools.islice(source, CHUNK)]
                if not chunk:
                    exhausted = True
                    break
                chunks[seq] = chunk
                todo.append(seq)
                seq += 1
            while todo and workers.offer(todo[0], pickle.dumps((todo[0], chunks[todo[0]]), pickle.HIGHEST_PROTOCOL)):
                todo.pop(0)
            if direct is not None:
                while turn in results or turn in lost:
                    turn += 1
                if turn in waiting:  # its turn: write, unless writing has stopped
                    ok, w = waiting.pop(turn)
                    writing = writing and ok
                    with contextlib.suppress(OSError):
                        w.go.send_bytes(b"1" if writing else b"0")
                    told.add(turn)
            if done in results or done in lost:
                out = results.pop(done) if done in results else _lost_records(chunks[done], lost.pop(done), evaluator.lang)
                del chunks[done]
                done += 1
                yield from out
                continue
            if exhausted and done == seq:
                break
            for event in workers.wait():
                if event[0] == "done":
                    _, n, ok, records = event
                    if not ok:
                        raise records
                    results[n] = records
                elif event[0] == "ready":
                    waiting[event[1]] = (event[2], event[3])
                else:
                    _, numbers, how = event
                    for k, n in enumerate(numbers):
                        waiting.pop(n, None)
                        # Only the first was begun: a chunk still in the pipe is innocent.
                        tries[n] = tries.get(n, 0) + (k == 0)
                        if n in told:  # it may have written part of its output
                            lost[n] = how
                            writing = False
                        elif tries[n] < 2:
                            todo.append(n)
                        else:
                            lost[n] = how
                    todo.sort()
        finished = True
    finally:
        _WORKER = None
        if workers is not None:
            workers.close(force=not finished)


# --- Summing up ---------------------------------------------------------------------------


def counts_toward_fail(outcome: str, level: str, *, fail_on: str, fail_on_missing: bool) -> bool:
    """Whether a finding makes ``check`` exit 1.

    ``fail`` counts at or above ``--fail-on``; ``missing_information`` counts only with
    ``--fail-on-missing`` (the document may be fine; the input is incomplete); ``pending``,
    ``review``, ``pass`` and ``not_applicable`` never count.
    """
    if fail_on == "never":
        return False
    if outcome == "fail" or (outcome == "missing_information" and fail_on_missing):
        return LEVELS.index(level) <= LEVELS.index(fail_on)
    return False


class Tally:
    """Counts records as they pass, for the summary and the exit code."""

    def __init__(self, *, fail_on: str, fail_on_missing: bool):
        self.fail_on = fail_on
        self.fail_on_missing = fail_on_missing
        self.read = self.evaluated = self.rejected = self.failing = 0
        self.counts = dict.fromkeys(OUTCOMES, 0)

    def add(self, rec: Record | PackedReport) -> None:
        self.read += 1
        if isinstance(rec, ErrorRecord):
            self.rejected += 1
            return
        self.evaluated += 1
        if isinstance(rec, PackedReport):
            if rec.count != 1:
                self.read += rec.count - 1
                self.evaluated += rec.count - 1
            tallies: Iterable[tuple[str, str]] = rec.tallies
            weights: Iterable[int] = rec.weights if rec.weights is not None else itertools.repeat(1)
        else:
            tallies = rec.tallies()
            weights = itertools.repeat(1)
        for (outcome, level), n in zip(tallies, weights):
            self.counts[outcome] += n
            if counts_toward_fail(outcome, level, fail_on=self.fail_on, fail_on_missing=self.fail_on_missing):
                self.failing += n

    @property
    def exit_code(self) -> int:
        if self.rejected:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_OK

    def summary(self, *, as_of: dt.date, lang: str, ruleset: RuleSetInfo, backend: str | None = None) -> Summary:
        return Summary.model_construct(
            type="summary",
            format_version=BATCH_FORMAT_VERSION,
            as_of=as_of.isoformat(),
            lang=lang,
            ruleset=ruleset,
            backend=backend,
            documents_read=self.read,
            evaluated=self.evaluated,
            rejected=self.rejected,
            counts=dict(self.counts),
            failing=self.failing,
            fail_on=self.fail_on,
            fail_on_missing=self.fail_on_missing,
            exit_code=self.exit_code,
        )


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
