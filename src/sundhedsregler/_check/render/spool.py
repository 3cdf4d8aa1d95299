"""The parts of a document that is written at the end (SARIF results, JUnit suites),
kept in a temporary file until then, so that memory does not grow with the batch.

Up to :data:`MAX_MEMORY` bytes the parts stay in memory (a small run touches no disk);
beyond that they go to an unnamed temporary file (``tempfile``: on POSIX it is unlinked
as soon as it is made, so it goes when it is closed or the process ends, also when the
run fails).
"""

from __future__ import annotations

import codecs
import io
import tempfile
from collections.abc import Iterator
from typing import IO, TextIO

MAX_MEMORY = 8 * 1024 * 1024
BLOCK = 1024 * 1024


def is_utf8(encoding: str | None) -> bool:
    """Whether ``encoding`` names UTF-8 (under any of its aliases; not utf-8-sig)."""
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def utf8_bytes(stream: IO[str]) -> IO[bytes] | None:
    """The byte stream under a UTF-8 text stream, where writing a text's UTF-8 encoding
    writes what writing the text would (for text without line ends, which the text
    stream may translate); None for other streams and encodings."""
    if not isinstance(stream, io.TextIOWrapper) or not is_utf8(stream.encoding):
        return None
    buffer: IO[bytes] = stream.buffer
    return buffer


class Spool:
    """Byte strings, joined by ``sep`` in the order they are added: UTF-8 text, or
    (``strict=False``) text that does not encode (a lone surrogate from the input),
    encoded with ``surrogatepass`` so that it can be written as the text it was.
    ``lines``: the parts hold line ends, so they go through the text stream (which may
    translate them) rather than to its bytes. ``ends``: remember where each part ends,
    so that :meth:`write` can write only the first parts (``limit``)."""

    def __init__(self, sep: bytes, *, lines: bool = False, ends: bool = False):
        self.sep = sep
        self.lines = lines
        self.count = 0
        self.strict = True
        self._file: IO[bytes] | None = None
        self._ends: list[int] | None = [] if ends else None
        self._size = 0

    def add(self, data: bytes, *, strict: bool = True) -> None:
        if self._file is None:
            self._file = tempfile.SpooledTemporaryFile(MAX_MEMORY, "w+b", prefix="sundhedsregler-")
        if self.count:
            self._file.write(self.sep)
            self._size += len(self.sep)
        self._file.write(data)
        self._size += len(data)
        if self._ends is not None:
            self._ends.append(self._size)
        self.count += 1
        self.strict = self.strict and strict

    def close(self) -> None:
        """Drop the parts (and the temporary file); the spool is empty again."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self.count = 0
        self.strict = True
        self._size = 0
        if self._ends is not None:
            self._ends = []

    def _bytes(self, limit: int | None) -> int:
        """How many bytes the first ``limit`` parts take (all parts: None)."""
        if limit is None or limit >= self.count:
            return self._size
        if limit <= 0:
            return 0
        assert self._ends is not None, "a limit needs a spool made with ends=True"
        return self._ends[limit - 1]

    def _blocks(self, size: int) -> Iterator[bytes]:
        if self._file is None:
            return
        self._file.seek(0)
        while size > 0 and (block := self._file.read(min(BLOCK, size))):
            size -= len(block)
            yield block

    def _texts(self, size: int | None = None) -> Iterator[str]:
        """The parts (their first ``size`` bytes) as text, in blocks."""
        if self._file is None:
            return
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        for block in self._blocks(self._size if size is None else size):
            yield decoder.decode(block)
        yield decoder.decode(b"", True)

    def check(self, out: TextIO, start: str = "", end: str = "", *, limit: int | None = None) -> None:
        """Raise where writing ``start``, the (first ``limit``) parts and ``end`` to
        ``out`` would fail to encode, before anything is written; nothing to do for
        UTF-8 parts going to a UTF-8 stream."""
        encoding = getattr(out, "encoding", None)  # None: a StringIO, which takes any text
        if encoding:
            errors = getattr(out, "errors", None) or "strict"
            end.encode(encoding, errors)
            if not (self.strict and is_utf8(encoding)):
                encoder = codecs.getincrementalencoder(encoding)(errors)
                encoder.encode(start)
                for text in self._texts(self._bytes(limit)):
                    encoder.encode(text)
                encoder.encode("", True)

    def write(self, out: TextIO, start: str, end: str, *, limit: int | None = None, checked: bool = False) -> None:
        """Write ``start``, the parts (the first ``limit`` of them) and ``end`` to
        ``out``, the bytes that writing them as one text would write. As with one
        write, text that does not encode in the stream (a lone surrogate in UTF-8)
        fails before any of it is written: ``start`` is written first, and the parts
        are encoded once to check them first (:meth:`check`; ``checked``: the caller
        has done so) unless they are UTF-8 going to a UTF-8 stream."""
        raw = None if self.lines or not self.strict else utf8_bytes(out)
        if not checked:
            self.check(out, start, end, limit=limit)
        size = self._bytes(limit)
        out.write(start)
        if raw is not None and self._file is not None:
            out.flush()
            for block in self._blocks(size):
                raw.write(block)
        else:
            for text in self._texts(size):
                out.write(text)
        out.write(end)
