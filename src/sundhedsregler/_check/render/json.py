"""JSON and JSON Lines: the batch records as data (shape: ``sundhedsregler schema batch``
and ``sundhedsregler schema jsonl``).

JSON is one object ``{"format", "format_version", "records": [...], "summary"}``,
written as the records arrive (memory stays flat for large batches), one record per
line, compact, so that the encoding is pydantic's fast one and the output can be cut
with line tools; pretty-print it with ``jq`` or ``python -m json.tool``. JSON Lines is
one record per line and the summary as the last line.

Any text is written: JSON escapes control characters, and a lone surrogate from the
input (valid JSON, ``"\\ud800"``, but not UTF-8) is written as that escape again.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from ..batch import BATCH_FORMAT_VERSION, PackedReport, Record, ReportRecord, Summary
from . import Renderer

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    # A surrogate can only be inside a JSON string here, where its escape means it.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump(model: BaseModel) -> str:
    """A record as compact JSON, also when a text in it holds a lone surrogate (which
    pydantic's encoder refuses, and UTF-8 cannot carry): then the standard library's
    encoder writes it, and the surrogate as its escape."""
    try:
        return model.model_dump_json()
    except PydanticSerializationError:
        text = json.dumps(model.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
        return _escape_surrogates(text)



class JsonRenderer(Renderer):
    packs = True
    _first = True

    def pack(self, rec: ReportRecord) -> str:
        return dump(rec)

    def begin(self) -> None:
        self.out.write(f'{{"format": "sundhedsregler-batch", "format_version": {BATCH_FORMAT_VERSION}, "records": [')

    def record(self, rec: Record | PackedReport) -> None:
        text = rec.text if isinstance(rec, PackedReport) else dump(rec)
        self.out.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def end(self, summary: Summary) -> None:
        body = _escape_surrogates(json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2))
        self.out.write(("]" if self._first else "\n]") + f',\n"summary": {body}}}\n')


class JsonLinesRenderer(JsonRenderer):
    def begin(self) -> None:
        pass

    def record(self, rec: Record | PackedReport) -> None:
        self.out.write((rec.text if isinstance(rec, PackedReport) else dump(rec)) + "\n")
        self.out.flush()  # a pipeline downstream sees each document as soon as it is done

    def end(self, summary: Summary) -> None:
        self.out.write(dump(summary) + "\n")
