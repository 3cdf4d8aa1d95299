"""JSON and JSON Lines: the batch records as data (shape: ``sundhedsregler schema batch``).

JSON is one object ``{"format", "format_version", "records": [...], "summary"}``; it is
written as the records arrive, so memory stays flat for large batches. JSON Lines is
one record per line and the summary as the last line.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .._batch import BATCH_FORMAT_VERSION, Record, Summary
from . import Renderer


def _dump(value: Any, indent: int | None) -> str:
    if indent is None:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, indent=indent)


class JsonRenderer(Renderer):
    _first = True

    def begin(self) -> None:
        head = {"format": "sundhedsregler-batch", "format_version": BATCH_FORMAT_VERSION}
        self.out.write(_dump(head, 2)[:-2] + ',\n  "records": [')

    def record(self, rec: Record) -> None:
        self.out.write(("\n" if self._first else ",\n") + textwrap.indent(_dump(rec.model_dump(mode="json"), 2), "    "))
        self._first = False

    def end(self, summary: Summary) -> None:
        close = "\n  ]" if not self._first else "]"
        body = textwrap.indent(_dump(summary.model_dump(mode="json"), 2), "  ").lstrip()
        self.out.write(f'{close},\n  "summary": {body}\n}}\n')


class JsonLinesRenderer(Renderer):
    def record(self, rec: Record) -> None:
        self.out.write(_dump(rec.model_dump(mode="json"), None) + "\n")
        self.out.flush()  # a pipeline downstream sees each document as soon as it is done

    def end(self, summary: Summary) -> None:
        self.out.write(_dump(summary.model_dump(mode="json"), None) + "\n")
