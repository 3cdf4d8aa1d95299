"""Reading documents: files, YAML streams and bytes, within the limits, with clear errors.

The safe parsing of YAML and JSON text and the validation of plain data into a
document are ``sundhedsregler._safeload``'s (the engine reads rule files and examples
with them too); this module is the document reader on top of them.

The path from bytes to a document: :func:`read_file` reads a file once within the
limits (for ``check`` and ``load_document`` alike; JSON Lines are read line by line in
``batch``); :func:`read_document` turns bytes into a validated document or a
DocumentError, JSON straight from the bytes where :func:`json_document` can decide,
everything else by parsing (:func:`read_bytes`, :func:`parse_text`) and then
validating (:func:`to_document`, also the one validation of a mapping).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import BaseModel, ValidationError

from .. import _safeload
from .._safeload import _SafeLoader, guess_format, parse_text, pointer, to_document
from ..errors import DocumentError, FieldProblem, problem

MAX_BYTES = 64 * 1024 * 1024


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 (with or without BOM) of at most ``MAX_BYTES``, as text."""
    if len(data) > MAX_BYTES:
        raise DocumentError(source, [problem("too-large", mib=MAX_BYTES // (1024 * 1024))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, [problem("not-utf8", byte=exc.start)]) from None


def read_bytes(data: bytes, *, source: str, fmt: str | None = None) -> Any:
    """Decode UTF-8 (with or without BOM) and parse."""
    return parse_text(decode(data, source=source), source=source, fmt=fmt)


def format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return None


@dataclass
class FileRead:
    """One input file, read once within the limits (:func:`read_file`): exactly one of
    ``error`` (it cannot be read, is too large, is not UTF-8), ``big`` (a YAML stream
    above the limit, its documents read one at a time), ``stream`` (a YAML stream read
    whole) or the whole ``text`` of one document, with its ``raw`` bytes."""

    source: str
    fmt: str | None
    raw: bytes = b""
    text: str = ""
    stream: list[YamlDocument] | None = None
    big: Iterator[YamlDocument | YamlStreamProblem] | None = None
    error: DocumentError | None = None

    def parse(self) -> Any:
        """The one document of ``text`` as plain data (raises DocumentError)."""
        return parse_text(self.text, source=self.source, fmt=self.fmt)


@contextlib.contextmanager
def read_file(path: Path, *, fmt: str | None, streams: bool) -> Iterator[FileRead]:
    """Read one file (not JSON Lines): the reader behind ``check`` and
    :func:`~sundhedsregler.load_document`. ``fmt`` is 'json', 'yaml' or None (guessed
    from the text). With ``streams``, a YAML stream above ``MAX_BYTES`` is read document
    by document while the file stays open (inside the ``with``); without, any file
    above the limit is too large.

    A regular file claiming more than the limit is not read whole at all (so memory
    holds one document of a YAML stream, not the file); other files (a FIFO,
    ``/dev/zero``) claim 0 bytes, so the limit counts the bytes actually read."""
    source = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield FileRead(source, fmt, error=DocumentError(source, [cannot_read(exc)]))
        return
    with stream:
        try:
            big = streams and path.stat().st_size > MAX_BYTES
            raw = b"" if big else stream.read(MAX_BYTES + 1)
            over = big or len(raw) > MAX_BYTES
            # Above the limit, only a YAML stream is read on, one document at a time.
            by_document = over and streams and fmt != "json"
            if by_document and fmt is None:
                by_document = not _looks_json(raw or stream.read(64 * 1024))
            if by_document and big:
                stream.seek(0)
        except OSError as exc:
            yield FileRead(source, fmt, error=DocumentError(source, [cannot_read(exc)]))
            return
        if by_document:  # read as the caller iterates, the file open (an OSError is then its own)
            yield FileRead(source, fmt, big=read_yaml_stream(stream, head=raw))
            return
    if over:
        yield FileRead(source, fmt, error=DocumentError(source, [problem("too-large", mib=MAX_BYTES // (1024 * 1024))]))
        return
    try:
        text = decode(raw, source=source)
    except DocumentError as exc:
        yield FileRead(source, fmt, error=exc)
        return
    documents = yaml_stream(text) if guess_format(text, fmt) == "yaml" else None
    yield FileRead(source, fmt, raw=raw, text=text, stream=documents)


def _looks_json(head: bytes) -> bool:
    """Bytes that start like JSON (as :func:`guess_format` tells it of their text)."""
    return head.lstrip(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"[")


def read_path(path: str | os.PathLike[str]) -> Any:
    """The one document of a file, validated (:func:`read_document`). A YAML stream of
    several documents is refused with their number (``sundhedsregler check`` reads
    each of them)."""
    p = Path(path)
    source = str(p)
    with read_file(p, fmt=format_of(p), streams=False) as found:
        if found.error is not None:
            raise found.error
        stream = found.stream
        if stream is None:
            return read_document(found.raw, source=source, fmt=found.fmt)
        if not stream:
            raise DocumentError(source, [problem("stream-empty")])
        if len(stream) == 1:  # one document and empty ones after it (a closing '---')
            return to_document(parse_yaml_document(stream[0], source=source), source=source)
        raise DocumentError(source, [problem("yaml-stream", count=len(stream), source=source)])


def cannot_read(exc: OSError) -> FieldProblem:
    """The problem of a file that cannot be read, with the reason by its errno name
    (so that the Danish text can say it in Danish)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return problem("cannot-read", reason=exc.strerror or str(exc), errno=name)


# --- YAML streams: several documents in one file, separated by '---' ---------------------

# YAML's line breaks (a mark's line counts these; CR LF is one).
_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK = re.compile("(\r\n|[" + _BREAKS + "])")
# '---' at the start of a line, followed by white space or the end: a document marker.
# YAML allows it nowhere else at the start of a line (not inside a scalar either), so
# it always starts a new document, whatever came before it.
_MARKER = re.compile("(?<![^" + _BREAKS + "])---(?=[ \t" + _BREAKS + r"]|\Z)")


@dataclass(frozen=True)
class YamlDocument:
    """One document of a YAML stream: its own text and where it is in the file."""

    text: str
    offset: int  # lines of the file before ``text``
    line: int  # 1-based line where its content starts (an empty document: its '---')
    empty: bool  # nothing but the marker, directives, comments and blank lines


def _is_marker(line: str, marker: str = "---") -> bool:
    return line.startswith(marker) and (len(line) == 3 or line[3] in " \t" + _BREAKS)


def _blank(text: str) -> bool:
    """Blank or a comment (only spaces before it: a tab is YAML's business, not ours)."""
    rest = text.rstrip(_BREAKS).lstrip(" ")
    return not rest or rest.startswith("#")


def _content_line(lines: list[str], start: int, end: int, *, explicit: bool) -> int | None:
    """The 0-based index of the first line with content, None for an empty document."""
    k = start
    if explicit:
        while not _is_marker(lines[k]):  # directives and comments before its '---'
            k += 1
        if not _blank(lines[k][3:]):
            return k
        k += 1
    for i in range(k, end):
        line = lines[i]
        if _blank(line) or (_is_marker(line, "...") and _blank(line[3:])):
            continue
        return i
    return None


def yaml_stream(text: str) -> list[YamlDocument] | None:
    """The documents of a YAML stream, or None when the text holds at most one document
    (then it is read whole, as before: :func:`parse_text`).

    The text is cut at every '---' marker line (with the directives just before it):
    each document is then parsed on its own, so that invalid YAML spoils only its own
    document. A first '---' opens the first document; empty documents after the last
    one with content (a closing '---') are dropped, other empty ones are kept (and
    ``empty``) for the caller to report.
    """
    if "---" not in text or _MARKER.search(text) is None:
        return None
    parts = _BREAK.split(text)
    lines = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    starts: list[int] = []
    for i, line in enumerate(lines):
        if _is_marker(line):
            start = i
            j = i - 1
            # Directives ('%' in the first column) before a marker belong to its document.
            while j > (starts[-1] if starts else -1) and (lines[j].startswith("%") or _blank(lines[j])):
                if lines[j].startswith("%"):
                    start = j
                j -= 1
            starts.append(start)
    docs: list[YamlDocument] = []
    if starts[0] > 0:  # text before the first marker: a document if it has content
        first = _content_line(lines, 0, starts[0], explicit=False)
        if first is not None:
            docs.append(YamlDocument("".join(lines[: starts[0]]), 0, first + 1, False))
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        first = _content_line(lines, start, end, explicit=True)
        if first is None:
            marker = next(k for k in range(start, end) if _is_marker(lines[k]))
            docs.append(YamlDocument("".join(lines[start:end]), start, marker + 1, True))
        else:
            docs.append(YamlDocument("".join(lines[start:end]), start, first + 1, False))
    if len(docs) <= 1:
        return None
    while docs and docs[-1].empty:
        docs.pop()
    return docs


def _shifted(exc: DocumentError, offset: int) -> DocumentError:
    problems = [
        FieldProblem(p.pointer, p.message, None if p.line is None else p.line + offset, p.code, p.args) for p in exc.problems
    ]
    return DocumentError(exc.source, problems, line=None if exc.line is None else exc.line + offset)


def parse_yaml_document(doc: YamlDocument, *, source: str) -> Any:
    """Parse one document of a stream as :func:`parse_text` parses a file (same checks,
    same errors), with the lines of the file."""
    try:
        return parse_text(doc.text, source=source, fmt="yaml")
    except DocumentError as exc:
        raise _shifted(exc, doc.offset) from None


def yaml_document_lines(doc: YamlDocument, *, columns: dict[str, int] | None = None) -> dict[str, int]:
    """:func:`source_lines` of one document of a stream, with the lines of the file
    (columns, where asked for, are the file's as they are)."""
    return {ptr: line + doc.offset for ptr, line in source_lines(doc.text, columns=columns).items()}


# --- JSON validated straight from its bytes --------------------------------------------
#
# pydantic's own JSON parser validates the bytes without building Python objects first:
# with the key count below, 1.4 to 2.6 times faster than json.loads with a duplicate-key
# hook followed by validate_python (benchmarks/loading.py measures both). It keeps the last of two
# equal keys, so duplicates are found by counting instead: every key of the text has a
# colon outside any string, so the colons of the text (or, where strings hold colons, the
# quotes followed by one) are at least the keys written, and the fields a validated
# model was given (with the keys of its dicts) are the distinct keys. When both counts
# agree no key is written twice. Anything else (a count that does not agree, bytes
# that do not validate, a portfolio with too many requirements) goes the canonical way,
# parse_text then to_document, which finds the problem and words it as before: the
# fast path decides only documents that the canonical path accepts as the same model.
# It needs no depth check: the models nest far less than MAX_DEPTH and admit no
# free-form values, so a text that validates is no deeper than its model; nor a check
# for NaN and Infinity, which no float field takes (tests/test_input_from_bytes.py
# checks all three).

_WHITESPACE = b" \t\r\n"
# How each field of a model class that can hold keys holds them: "model" (a model or
# None), "models" (a list of models), "dict" (a dict of plain values) or "any" (walked
# generically). Fields that cannot hold keys are left out.
_plans: dict[type, tuple[tuple[str, str], ...]] = {}


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _options(annotation: Any) -> list[Any]:
    """The types a field may hold, Annotated, Optional and unions taken apart."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [t for arg in typing.get_args(annotation) for t in _options(arg)]
    return [] if annotation is type(None) else [annotation]


def _holds_keys(annotation: Any) -> bool:
    """Whether a value of this type can hold a model or a dict (something with keys)."""
    import typing

    if _is_model(annotation) or typing.get_origin(annotation) is dict:
        return True
    return any(_holds_keys(arg) for arg in typing.get_args(annotation) if not isinstance(arg, (str, int, float, bool)))


def _how(annotation: Any) -> str:
    import typing

    options = _options(annotation)
    if options and all(_is_model(t) for t in options):
        return "model"
    if len(options) == 1 and typing.get_origin(options[0]) is list:
        items = [t for arg in typing.get_args(options[0]) for t in _options(arg)]
        if items and all(_is_model(t) for t in items):
            return "models"
    if len(options) == 1 and typing.get_origin(options[0]) is dict:
        if not any(_holds_keys(arg) for arg in typing.get_args(options[0])):
            return "dict"
    return "any"


def _plan(model: type) -> tuple[tuple[str, str], ...]:
    found = _plans.get(model)
    if found is None:
        fields = getattr(model, "model_fields", {})
        found = _plans[model] = tuple((name, _how(f.annotation)) for name, f in fields.items() if _holds_keys(f.annotation))
    return found


def given_keys(document: Any) -> int:
    """The keys a validated document was given: the fields set on each of its models
    and the keys of its dicts (defaults are not counted)."""
    count = 0
    models = [document]
    others: list[Any] = []  # values of fields no plan describes: walked generically
    for model in models:  # grows while it is walked
        given = model.__pydantic_fields_set__
        count += len(given)
        plan = _plans.get(model.__class__)
        for name, how in plan if plan is not None else _plan(model.__class__):
            if name not in given:
                continue
            value = model.__dict__[name]
            if value is None:
                continue
            if how == "model":
                models.append(value)
            elif how == "models":
                models.extend(value)
            elif how == "dict":
                count += len(value)
            else:
                others.append(value)
        while others:
            value = others.pop()
            if isinstance(value, BaseModel):
                models.append(value)
            elif isinstance(value, (list, tuple)):
                others.extend(value)
            elif isinstance(value, dict):
                count += len(value)
                others.extend(value.values())
    return count


def _no_key_twice(raw: bytes, document: Any) -> bool:
    keys = given_keys(document)
    # Each count is at least the keys written; equal to the distinct ones, none repeats.
    return raw.count(b":") == keys or raw.translate(None, _WHITESPACE).count(b'":') == keys


def json_document(raw: bytes) -> Any | None:
    """The document model of JSON bytes, validated from the bytes at once; None where
    :func:`read_document`'s canonical path must decide (it then accepts nothing this
    accepts, and words every problem: invalid JSON, a duplicate key, a field)."""
    from ..models import Portefoelje, document_adapter

    if len(raw) > MAX_BYTES:
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        document = document_adapter.validate_json(raw)
    except ValidationError:
        return None
    if isinstance(document, Portefoelje) and sum(len(getattr(m, "krav", ())) for m in document.dokumenter) > _safeload.MAX_PORTFOLIO_REQUIREMENTS:
        return None
    return document if _no_key_twice(raw, document) else None


def read_document(raw: bytes, *, source: str, fmt: str | None = None) -> Any:
    """The one place where bytes become a validated document (any kind, a portfolio
    too), or a :class:`DocumentError` naming ``source`` and every field, with lines
    where the parser knows them. JSON is validated from the bytes
    (:func:`json_document`); what that does not accept, and YAML, is parsed by
    :func:`read_bytes` and validated by :func:`to_document`."""
    if fmt == "json" or (fmt is None and raw.lstrip(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"[")):
        document = json_document(raw)
        if document is not None:
            return document
    return to_document(read_bytes(raw, source=source, fmt=fmt), source=source)


# --- Source positions (additive: used by the CLI to point SARIF regions at lines) ---

POSITIONS_MAX_BYTES = 4 * 1024 * 1024


def source_lines(text: str, *, columns: dict[str, int] | None = None) -> dict[str, int]:
    """Map JSON Pointers to the 1-based line where that value (or its key) starts;
    ``columns``, when given, gets the 1-based column there for each pointer.

    Best effort and never raises: the text is composed again as YAML (after the parse
    that produced the data succeeded); JSON is composed as YAML too, which works for
    ordinary JSON and is simply skipped when it does not.
    Inputs above ``POSITIONS_MAX_BYTES`` get no positions, to keep huge inputs cheap.
    """
    if len(text) > POSITIONS_MAX_BYTES or not text.strip():
        return {}
    # Composing only (no objects are built): libyaml's composer where PyYAML has it,
    # several times faster than the pure one. Callers pass only text that parse_text
    # accepted, so it is no deeper than MAX_DEPTH (the C composer recurses in C).
    loader = getattr(yaml, "CSafeLoader", None) or _SafeLoader
    try:
        root = yaml.compose(text, Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}
    lines: dict[str, int] = {}
    if root is None:
        return lines
    stack: list[tuple[Any, str, Any]] = [(root, "", root.start_mark)]
    while stack:
        node, ptr, mark = stack.pop()
        lines[ptr] = mark.line + 1
        if columns is not None:
            columns[ptr] = mark.column + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(getattr(key_node, "value", ""))
                # The key's position, not the value's: a block value starts on the next line.
                stack.append((value_node, ptr + pointer((key,)), key_node.start_mark))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, f"{ptr}/{i}", item.start_mark))
    return lines


def line_of(lines: Mapping[str, int], ptr: str) -> int | None:
    """The line of ``ptr`` or of its nearest ancestor that has one (None if none does)."""
    while True:
        if ptr in lines:
            return lines[ptr]
        if not ptr:
            return None
        ptr = ptr[: ptr.rfind("/")]


# --- YAML streams larger than MAX_BYTES: read document by document ----------------------

# Bytes read at a time: a line longer than this arrives in pieces (so /dev/zero, one
# endless line, is read in bounded steps too).
_PIECE = 1024 * 1024
# Empty documents are held back until a document with content follows (empty ones at the
# end, a closing '---', are dropped); past this many they are reported at once, so that a
# file of nothing but markers cannot fill memory with them.
_PENDING_EMPTY = 100_000


@dataclass(frozen=True)
class YamlStreamProblem:
    """A part of a streamed YAML file that cannot become a document: ``code`` is the
    problem's stable code, ``line`` the 1-based line (None: the whole file)."""

    code: str
    line: int | None
    args: tuple[tuple[str, Any], ...] = ()


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        piece = stream.readline(_PIECE)
        if not piece:
            return
        yield piece


def _yaml_lines(stream: IO[bytes], *, head: bytes, limit: int) -> Iterator[tuple[str | None, int, bool, int | None]]:
    """The lines of a byte stream as YAML sees them (every YAML line break counts):
    ``(text, size, marker, bad)``. ``text`` is None for a line above ``limit`` bytes
    (not kept; its size is counted on); ``marker`` says the line starts with '---';
    ``bad`` is the offset in the file of its first byte that is not UTF-8 (read with
    ``surrogateescape``, so that a bad byte spoils its document, not the file). A line that
    has no end after twice ``limit`` bytes ends the lines (the rest is not read)."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    pos = 0  # bytes of the file before the current line
    parts: list[str] = []  # the current line so far (dropped once above the limit)
    size = 0
    kept = True
    marker: bool | None = None
    hold = ""
    first = True

    def ended(part: str, nbytes: int) -> tuple[str | None, int, bool, int | None]:
        nonlocal pos, parts, size, kept, marker
        line_bytes = size + nbytes
        text = "".join(parts) + part if kept and line_bytes <= limit else None
        found = None if text is None else _SURROGATE.search(text)
        bad = None if found is None or text is None else pos + len(text[: found.start()].encode("utf-8", "surrogateescape"))
        is_marker = marker if marker is not None else _is_marker(part)
        out = (text, line_bytes, is_marker, bad)
        pos += line_bytes
        parts, size, kept, marker = [], 0, True, None
        return out

    for piece in itertools.chain(_pieces(io.BytesIO(head)), _pieces(stream)):
        text = hold + decoder.decode(piece)
        hold = ""
        if first and text:
            first = False
            if text.startswith("\ufeff"):
                text = text[1:]
                pos += 3
        if text.endswith("\r"):  # CR LF may be cut between two pieces: one break
            text, hold = text[:-1], "\r"
        split = _BREAK.split(text)
        for i in range(0, len(split) - 1, 2):
            part = split[i] + split[i + 1]
            yield ended(part, len(part.encode("utf-8", "surrogateescape")))
        rest = split[-1]
        if not rest:
            continue
        if not parts and size == 0 and len(rest) < 4 and not hold:  # too short yet to tell a marker
            hold = rest
            continue
        if marker is None and not parts and size == 0:
            marker = _is_marker(rest)
        nbytes = len(rest.encode("utf-8", "surrogateescape"))
        size += nbytes
        if kept:
            parts.append(rest)
        if kept and size > limit:
            kept, parts = False, []
        if size > 2 * limit:  # no end in sight (/dev/zero): stop reading
            yield ended("", 0)
            return
    rest = hold + decoder.decode(b"", final=True)
    if rest or parts or size:
        if marker is None and not parts and size == 0:
            marker = _is_marker(rest)
        yield ended(rest, len(rest.encode("utf-8", "surrogateescape")))


_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass
class _Doc:
    """A document of a streamed file while it is read."""

    offset: int  # lines of the file before it
    explicit: bool
    lines: list[str]
    count: int = 0  # its lines so far (kept or not)
    size: int = 0
    over: bool = False  # above the limit: its lines are no longer kept
    opened: bool = False  # its '---' seen (an explicit document)
    first: int | None = None  # index of its first line with content
    marker: int | None = None  # index of its '---' line
    bad: int | None = None  # offset of its first byte that is not UTF-8

    def add(self, text: str | None, size: int, limit: int) -> None:
        """One more line (None: one too long to keep, so the document is too large)."""
        k = self.count
        self.count += 1
        self.size += size
        if text is None or self.size > limit:
            self.over, self.lines = True, []
        else:
            self.lines.append(text)
        if self.first is not None:
            return
        # as _content_line decides, one line at a time
        if self.explicit and not self.opened:
            if text is None or _is_marker(text):
                self.opened, self.marker = True, k
                if text is None or not _blank(text[3:]):
                    self.first = k
        elif text is None or not (_blank(text) or (_is_marker(text, "...") and _blank(text[3:]))):
            self.first = k

    def cut(self, start: int) -> list[str]:
        """Its lines from ``start`` on, taken out (directives of the next document)."""
        moved = self.lines[start:]
        del self.lines[start:]
        self.count -= len(moved)
        if self.first is not None and self.first >= start:
            self.first = None
        return moved


def read_yaml_stream(stream: IO[bytes], *, head: bytes = b"", limit: int | None = None) -> Iterator[YamlDocument | YamlStreamProblem]:
    """The documents of a YAML stream too large to read whole, read from ``stream`` (after
    ``head``, its bytes already read) one at a time: memory holds one document, not the
    file. Each document is cut as :func:`yaml_stream` cuts it, with the lines of the
    file; one above ``limit`` bytes, or not UTF-8, is a problem at its line, and reading
    goes on. A file that is one document (no second one) is refused whole, as too large;
    a document with no end after twice the limit stops the reading there."""
    limit = MAX_BYTES if limit is None else limit
    mib = limit // (1024 * 1024)
    count = 0  # documents, as yaml_stream counts them
    held: list[YamlDocument | YamlStreamProblem] = []  # the first one, until a second shows it is a stream
    empty: list[int] = []
    given = 0

    def finished(doc: _Doc) -> Iterator[YamlDocument | YamlStreamProblem]:
        nonlocal count, given
        if doc.first is None and not doc.explicit:
            return  # nothing before the first '---'
        count += 1
        if doc.first is None and not doc.over:
            line = doc.offset + (doc.marker or 0) + 1
            empty.append(line)
            if len(empty) <= _PENDING_EMPTY:
                return
            out: list[YamlDocument | YamlStreamProblem] = []
        else:
            line = doc.offset + (doc.first or 0) + 1
            if doc.over:
                part: YamlDocument | YamlStreamProblem = YamlStreamProblem("too-large", line, (("mib", mib),))
            elif doc.bad is not None:
                part = YamlStreamProblem("not-utf8", line, (("byte", doc.bad),))
            else:
                part = YamlDocument("".join(doc.lines), doc.offset, line, False)
            out = [part]
        parts: list[YamlDocument | YamlStreamProblem] = [*(YamlDocument("", 0, n, True) for n in empty), *out]
        empty.clear()
        if count <= 1:
            held.extend(parts)
            return
        given += len(held) + len(parts)
        yield from held
        held.clear()
        yield from parts

    doc = _Doc(0, False, [])
    number = 0  # lines read
    for text, size, marker, bad in _yaml_lines(stream, head=head, limit=limit):
        if marker:
            moved: list[str] = []
            if not doc.over:  # (a document too large has not kept its last lines: none move)
                # Directives ('%' in the first column) before a marker belong to its document.
                start = None
                j = len(doc.lines) - 1
                while j > (0 if doc.explicit else -1) and (doc.lines[j].startswith("%") or _blank(doc.lines[j])):
                    if doc.lines[j].startswith("%"):
                        start = j
                    j -= 1
                if start is not None:
                    moved = doc.cut(start)
            yield from finished(doc)
            doc = _Doc(number - len(moved), True, [])
            for directive in moved:
                doc.add(directive, len(directive.encode("utf-8", "surrogateescape")), limit)
        doc.add(text, size, limit)
        if bad is not None and doc.bad is None:
            doc.bad = bad
        number += 1
        if doc.size > 2 * limit:  # no end in sight (as for a line of JSON Lines): the rest is not read
            if count == 0 and not held:
                yield YamlStreamProblem("too-large", None, (("mib", mib),))
                return
            line = doc.offset + (doc.first or 0) + 1
            yield from held
            yield from (YamlDocument("", 0, n, True) for n in empty)
            yield YamlStreamProblem("too-large", line, (("mib", mib),))
            yield YamlStreamProblem("input-unread", line)
            return
    yield from finished(doc)
    if count <= 1:  # one document: the file is refused whole, as before
        yield YamlStreamProblem("too-large", None, (("mib", mib),))
        return
    given += len(held)
    yield from held  # the only document with content, and empty ones after it
    if given == 0:
        yield YamlStreamProblem("stream-empty", None)
