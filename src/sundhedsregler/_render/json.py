"""JSON and JSON Lines: the batch records as data (shape: ``sundhedsregler schema batch``
and ``sundhedsregler schema jsonl``).

JSON is one object ``{"format", "format_version", "records": [...], "summary"}``,
written as the records arrive (memory stays flat for large batches), one record per
line, compact, so that the encoding is pydantic's fast one and the output can be cut
with line tools; pretty-print it with ``jq`` or ``python -m json.tool``. JSON Lines is
one record per line and the summary as the last line.
"""

from __future__ import annotations

import json

from .._batch import BATCH_FORMAT_VERSION, PackedReport, Record, ReportRecord, Summary
from . import Renderer


class JsonRenderer(Renderer):
    packs = True
    _first = True

    def pack(self, rec: ReportRecord) -> str:
        return rec.model_dump_json()

    def begin(self) -> None:
        self.out.write(f'{{"format": "sundhedsregler-batch", "format_version": {BATCH_FORMAT_VERSION}, "records": [')

    def record(self, rec: Record | PackedReport) -> None:
        text = rec.text if isinstance(rec, PackedReport) else rec.model_dump_json()
        self.out.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def end(self, summary: Summary) -> None:
        body = json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.out.write(("]" if self._first else "\n]") + f',\n"summary": {body}}}\n')


class JsonLinesRenderer(JsonRenderer):
    def begin(self) -> None:
        pass

    def record(self, rec: Record | PackedReport) -> None:
        self.out.write((rec.text if isinstance(rec, PackedReport) else rec.model_dump_json()) + "\n")
        self.out.flush()  # a pipeline downstream sees each document as soon as it is done

    def end(self, summary: Summary) -> None:
        self.out.write(summary.model_dump_json() + "\n")
