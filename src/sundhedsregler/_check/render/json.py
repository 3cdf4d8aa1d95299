"""JSON and JSON Lines: the batch records as data (shape: ``sundhedsregler schema batch``
and ``sundhedsregler schema jsonl``).

JSON is one object ``{"format", "format_version", "records": [...], "summary"}``,
written as the records arrive (memory stays flat for large batches), one record per
line, compact, so that the encoding is a fast one and the output can be cut with line
tools; pretty-print it with ``jq`` or ``python -m json.tool``. JSON Lines is one record
per line and the summary as the last line.

Each report is in the run's form (``RunInfo.report``): the summary form by default
(batch format_version 2: passes counted per rule, each rule's sources once), or the
full form (format_version 1, every finding with its sources, byte for byte what
earlier versions wrote). A report is written from its plain data (``ReportData``) with
orjson, which writes the same bytes as pydantic's encoder; where orjson cannot (an
integer beyond 64 bits) pydantic's encoder writes it.

Any text is written: JSON escapes control characters, and a lone surrogate from the
input (valid JSON, ``"\\ud800"``, but not UTF-8) is written as that escape again.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
import pydantic_core
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from ..batch import BATCH_FORMAT_VERSION, PackedReport, Record, ReportRecord, Summary
from . import Renderer, RunInfo

# The batch's format_version per report form: the summary form is version 2.
FORMAT_VERSIONS = {"full": BATCH_FORMAT_VERSION, "summary": 2}

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


def dump_data(data: Any) -> str:
    """Plain data as compact JSON: the bytes :func:`dump` writes for the model it is
    the dump of (orjson; pydantic's encoder for what orjson refuses, an integer beyond
    64 bits or a key that is not a string; the standard library's for a lone
    surrogate). NaN and infinity are null, as orjson and a model's ``model_dump_json``
    write them (``pydantic_core.to_json`` alone would write NaN); no report holds one
    (every float field of the models refuses them, ``allow_inf_nan=False``)."""
    try:
        return orjson.dumps(data).decode()
    except orjson.JSONEncodeError:
        pass
    try:
        return pydantic_core.to_json(data, inf_nan_mode="null").decode()
    except PydanticSerializationError:
        return _escape_surrogates(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def dump_record(rec: Record, form: str) -> str:
    """A record as compact JSON, a report record's report in ``form``."""
    if isinstance(rec, ReportRecord):
        return dump_data(rec.record_data(form))
    return dump(rec)


class JsonRenderer(Renderer):
    packs = True
    join = ",\n"
    _first = True

    def __init__(self, out: Any, run: RunInfo):
        super().__init__(out, run)
        self.form = run.report
        self.version = FORMAT_VERSIONS[run.report]

    def pack(self, rec: ReportRecord) -> str:
        return dump_record(rec, self.form)

    def begin(self) -> None:
        self.out.write(f'{{"format": "sundhedsregler-batch", "format_version": {self.version}, "records": [')

    def record(self, rec: Record | PackedReport) -> None:
        text = rec.text if isinstance(rec, PackedReport) else dump_record(rec, self.form)
        self.out.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def _summary(self, summary: Summary) -> dict[str, Any]:
        data = summary.model_dump(mode="json")
        data["format_version"] = self.version
        return data

    def end(self, summary: Summary) -> None:
        body = _escape_surrogates(json.dumps(self._summary(summary), ensure_ascii=False, indent=2))
        self.out.write(("]" if self._first else "\n]") + f',\n"summary": {body}}}\n')


class JsonLinesRenderer(JsonRenderer):
    join = "\n"
    direct = True

    def begin(self) -> None:
        pass

    def record(self, rec: Record | PackedReport) -> None:
        self.out.write((rec.text if isinstance(rec, PackedReport) else dump_record(rec, self.form)) + "\n")
        self.out.flush()  # a pipeline downstream sees each document as soon as it is done

    def end(self, summary: Summary) -> None:
        self.out.write(dump_data(self._summary(summary)) + "\n")
