"""SARIF 2.1.0: one run, the rule set as ``tool.driver.rules``, one result per finding.

Outcomes map to SARIF's ``kind``: pass -> pass, fail -> fail, review -> review,
not_applicable -> notApplicable, and both pending and missing_information -> open
(SARIF's "open" is a rule evaluated without enough to decide pass or fail: for
missing_information the input lacks facts, for pending the decisive date has not come
yet); ``properties.outcome`` keeps our outcome. SARIF 2.1.0 (section 3.27.10) requires
``level: none`` for every kind but fail, so only fail results carry the rule's level;
the finding's own level is in ``properties.level``. Documents that could not be read
are tool execution notifications of the invocation, not results.

A report's results are made as JSON text where the report was evaluated (with
``--jobs``, in a worker), with a hole where each result's artifact index goes: that
index numbers the inputs in the order their first result or notification appears,
which only the process that sees every record in order knows. It fills the holes and
keeps the results in a temporary file (``spool``) until the log is written at the end,
so that its memory does not grow with the batch.

JSON carries any text: control characters escaped, U+FFFE and U+FFFF as they are. A
lone surrogate cannot be encoded in UTF-8; the output then fails as a whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from .._batch import ErrorRecord, PackedReport, Record, ReportRecord, Summary
from . import Renderer, RunInfo
from .spool import Spool

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
KIND = {
    "pass": "pass",
    "fail": "fail",
    "review": "review",
    "not_applicable": "notApplicable",
    "pending": "open",
    "missing_information": "open",
}
FINGERPRINT_KEY = "sundhedsregler/v1"

# The artifact index of a result, before it is known. ``_HOLE`` is written as
# ``"index":"\u0000"``; its first occurrence in a result's JSON is the index: before
# the artifact location a result has only ``ruleId``, ``ruleIndex``, ``kind``, ``level``
# and ``message``, whose text holds every quote escaped, so the key ``"index"`` cannot
# occur there.
_HOLE = "\x00"
_HOLE_JSON = '"index":"\\u0000"'

# A report's results as runs of one input each: (source, pieces), where the results'
# JSON text is ``'"index":N'.join(pieces)`` with the input's artifact index N. A
# report without findings has no run (its input is no artifact because of it). The
# pieces are UTF-8, so that they cross from a worker and go to the output without being
# decoded and encoded again; where the text does not encode (a lone surrogate from the
# input) they are encoded with surrogatepass and ``strict`` is False: the parent writes
# them as text, so that the run fails where it always did.
Part = tuple[tuple[str, bool, tuple[bytes, ...]], ...]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def artifact_uri(source: str) -> str:
    """A URI reference for an input: a relative or absolute path, or ``stdin``."""
    if source == "<stdin>":
        return "stdin"
    path = PurePath(source)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def fingerprint(document: str, rule_id: str, path: str) -> str:
    """Stable over runs: the document's id, the rule and the JSON Pointer (not the date,
    message or file name, which may change without the finding changing)."""
    return hashlib.sha256(f"{document}\0{rule_id}\0{path}".encode()).hexdigest()[:32]


def _text(value: str) -> dict[str, str]:
    return {"text": value}


class SarifRenderer(Renderer):
    parts = True

    def __init__(self, out: TextIO, run: RunInfo):
        super().__init__(out, run)
        self._results = Spool(b",")  # the results' JSON text, joined by ","

    def begin(self) -> None:
        self._notifications: list[dict[str, Any]] = []
        self._artifacts: dict[str, int] = {}
        lang = self.run.lang
        self._rules: list[dict[str, Any]] = []
        self._rule_index: dict[str, int] = {}
        for i, rf in enumerate(self.run.rules.rules):
            sources = "\n".join(f"- {s.title}, {s.section} ({s.ref})" for s in rf.sources)
            fix = rf.fix.get(lang) if rf.fix is not None else None
            help_text = ("Kilder" if lang == "da" else "Sources") + ":\n" + sources
            if fix:
                help_text = fix + "\n\n" + help_text
            self._rule_index[rf.id] = i
            self._rules.append(
                {
                    "id": rf.id,
                    "name": rf.name,
                    "shortDescription": _text(rf.title.get(lang)),
                    "fullDescription": _text(rf.rationale),
                    "help": {"text": help_text, "markdown": help_text},
                    "defaultConfiguration": {"level": rf.level},
                    "properties": {
                        "level": rf.level,
                        "legal_status": rf.legal_status,
                        "applies_to": rf.applies_to,
                        "sources": [s.model_dump(mode="json", exclude_none=True) for s in rf.sources],
                    },
                }
            )

    def _index(self, source: str) -> int:
        """The artifact index of an input (numbered as they first appear)."""
        return self._artifacts.setdefault(source, len(self._artifacts))

    def record(self, rec: Record | PackedReport) -> None:
        if isinstance(rec, PackedReport):
            self._add(rec.part)
        elif isinstance(rec, ReportRecord):
            self._add(self.part(rec))
        else:
            self._notify(rec)

    def _add(self, part: Part) -> None:
        for source, strict, pieces in part:
            text = f'"index":{self._index(source)}'.encode().join(pieces)
            self._results.add(text, strict=strict)

    def _notify(self, rec: ErrorRecord) -> None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(rec.source), "index": self._index(rec.source)}}
        if rec.line is not None:
            physical["region"] = {"startLine": rec.line}
        location: dict[str, Any] = {"physicalLocation": physical}
        if rec.pointer:
            location["logicalLocations"] = [{"fullyQualifiedName": rec.pointer}]
        self._notifications.append(
            {
                "level": "error",
                "message": _text(f"{rec.source}{'#' + rec.pointer if rec.pointer else ''}: {rec.message}"),
                "locations": [location],
                "descriptor": {"id": f"input-{rec.stage}"},
                "properties": {"index": rec.index, "problems": [p.model_dump(mode="json") for p in rec.problems]},
            }
        )

    def merge(self, parts: list[Part]) -> Part:
        runs: list[tuple[str, bool, list[bytes]]] = []
        for part in parts:
            for source, strict, pieces in part:
                if runs and runs[-1][:2] == (source, strict):
                    # The same input: one run, one index (runs are joined by "," too).
                    last = runs[-1][2]
                    last[-1] += b"," + pieces[0]
                    last.extend(pieces[1:])
                else:
                    runs.append((source, strict, list(pieces)))
        return tuple((source, strict, tuple(pieces)) for source, strict, pieces in runs)

    def part(self, rec: ReportRecord) -> Part:
        report = rec.report
        if not report.findings:
            return ()
        uri = artifact_uri(rec.source)
        pieces: list[str] = []
        tail = ""
        for f in report.findings:
            pointer = rec.pointer + f.path
            physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": _HOLE}}
            line = rec.line_for(pointer)
            if line is not None:
                physical["region"] = {"startLine": line}
            kind = KIND[f.outcome]
            result: dict[str, Any] = {
                "ruleId": f.rule_id,
                "ruleIndex": self._rule_index.get(f.rule_id, -1),
                "kind": kind,
                "level": f.level if kind == "fail" else "none",
                "message": _text(f.message),
                "locations": [
                    {
                        "physicalLocation": physical,
                        "logicalLocations": [{"name": f.document, "fullyQualifiedName": pointer, "kind": "object"}],
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f.document, f.rule_id, f.path)},
                "properties": {
                    "outcome": f.outcome,
                    "level": f.level,
                    "legal_status": f.legal_status,
                    "document": f.document,
                    "kind": report.kind,
                    "as_of": f.as_of,
                    "evidence": f.evidence,
                    **({"fix": f.fix} if f.fix else {}),
                },
            }
            if result["ruleIndex"] < 0:
                del result["ruleIndex"]
            head, hole, rest = _dumps(result).partition(_HOLE_JSON)
            assert hole, "a result without its artifact index"
            pieces.append(tail + head)
            tail = rest + ","
        pieces.append(tail[:-1])
        try:
            return ((rec.source, True, tuple(p.encode("utf-8") for p in pieces)),)
        except UnicodeEncodeError:
            return ((rec.source, False, tuple(p.encode("utf-8", "surrogatepass") for p in pieces)),)

    def end(self, summary: Summary) -> None:
        info = self.run.rules.info
        head: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "sundhedsregler",
                    "version": self.run.tool_version,
                    "semanticVersion": self.run.tool_version,
                    "rules": self._rules,
                    "properties": {"ruleset": info.model_dump(mode="json")},
                }
            },
            "invocations": [
                {
                    "executionSuccessful": summary.rejected == 0,
                    "exitCode": summary.exit_code,
                    "toolExecutionNotifications": self._notifications,
                }
            ],
            "artifacts": [{"location": {"uri": artifact_uri(s)}} for s in self._artifacts],
        }
        tail: dict[str, Any] = {
            "language": "da-DK" if self.run.lang == "da" else "en-US",
            "properties": {
                "as_of": summary.as_of,
                "ruleset": info.model_dump(mode="json"),
                "ruleset_hash": info.hash,
                "summary": summary.model_dump(mode="json", exclude={"type", "ruleset"}),
            },
        }
        # {"$schema", "version", "runs": [{**head, "results": [...], **tail}]}, compact
        # (pretty-print with `python -m json.tool`). The results are JSON text already;
        # the rest is encoded here, and a compact object is its members joined by ","
        # between braces, so the pieces join into what encoding it whole would give.
        start = _dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0"})[:-1] + ',"runs":['
        start += _dumps(head)[:-1] + ',"results":['
        end = "]," + _dumps(tail)[1:] + "]}\n"
        try:
            self._results.write(self.out, start, end)
        finally:
            self._results.close()

    def close(self) -> None:
        self._results.close()
