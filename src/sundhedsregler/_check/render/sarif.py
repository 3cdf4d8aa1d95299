"""SARIF 2.1.0: one run, the rule set as ``tool.driver.rules``, one result per finding
a consumer should act on.

By default only ``fail``, ``review``, ``pending`` and ``missing_information`` findings
are results; ``pass`` and ``not_applicable`` too with ``--sarif-results all``
(``RunInfo.all_results``). Outcomes map to SARIF's ``kind``: pass -> pass, fail ->
fail, review -> review, not_applicable -> notApplicable, and both pending and
missing_information -> open (SARIF's "open" is a rule evaluated without enough to
decide pass or fail: for missing_information the input lacks facts, for pending the
decisive date has not come yet); ``properties.outcome`` keeps our outcome. SARIF 2.1.0
(section 3.27.10) requires ``level: none`` for every kind but fail, so only fail
results carry the rule's level; the finding's own level is in ``properties.level``.
Documents that could not be read are tool execution notifications of the invocation,
not results.

Results are written most severe first (fail at error, warning, note; review; pending;
missing information; pass; not applicable), in input order within each, and at most
``RunInfo.max_results`` of them (GitHub code scanning rejects a run with more than
25,000); what is left out is counted in a notification and in ``run.properties``.

A report's results are made as JSON text where the report was evaluated (with
``--jobs``, in a worker), with a hole where each result's artifact index goes: that
index numbers the inputs in the order their first result or notification appears,
which only the process that sees every record in order knows. It fills the holes and
keeps the results in temporary files, one per severity (``spool``), until the log is
written at the end, so that its memory does not grow with the batch.

JSON carries any text: control characters escaped, U+FFFE and U+FFFF as they are. A
lone surrogate cannot be encoded in UTF-8; the output then fails as a whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from ..batch import ErrorRecord, PackedReport, Record, ReportRecord, Summary
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
# What a consumer should act on; pass and not_applicable only with --sarif-results all.
ACTIONABLE = ("fail", "review", "pending", "missing_information")
# The order results are written and kept in under the limit, most severe first (GitHub
# code scanning keeps the first 5,000 of a run by severity).
SEVERITY: tuple[tuple[str, str | None], ...] = (
    ("fail", "error"),
    ("fail", "warning"),
    ("fail", "note"),
    ("review", None),
    ("pending", None),
    ("missing_information", None),
    ("pass", None),
    ("not_applicable", None),
)
_SEVERITY = {key: i for i, key in enumerate(SEVERITY)}
FINGERPRINT_KEY = "sundhedsregler/v2"
# Relative artifact URIs are relative to this base: the directory the check ran in (the
# repository root in CI). Its absolute URI is left out (SARIF 2.1.0, 3.14.14 allows
# that), so that the log does not depend on the machine it was made on.
SRCROOT = "%SRCROOT%"

# The artifact index of a result, before it is known. ``_HOLE`` is written as
# ``"index":"\u0000"``; its first occurrence in a result's JSON is the index: before
# the artifact location a result has only ``ruleId``, ``ruleIndex``, ``kind``, ``level``
# and ``message``, whose text holds every quote escaped, so the key ``"index"`` cannot
# occur there.
_HOLE = "\x00"
_HOLE_JSON = '"index":"\\u0000"'

# A report's results, one entry each: (source, strict, severity, head, tail), where the
# result's JSON text is ``head + '"index":N' + tail`` with the input's artifact index
# N and ``severity`` indexes SEVERITY. A report without results has no entry (its input
# is no artifact because of it). The pieces are UTF-8, so that they cross from a worker
# and go to the output without being decoded and encoded again; where the text does
# not encode (a lone surrogate from the input) they are encoded with surrogatepass and
# ``strict`` is False: the parent writes them as text, so that the run fails where it
# always did.
Part = tuple[tuple[str, bool, int, bytes, bytes], ...]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def artifact_uri(source: str) -> str:
    """A URI reference for an input: a path relative to the working directory (to
    :data:`SRCROOT`), an absolute ``file:`` URI for a path outside it, or ``stdin``."""
    if source == "<stdin>":
        return "stdin"
    path = PurePath(source)
    if path.is_absolute() or path.parts[:1] == ("..",):
        return "file://" + quote(PurePath(os.path.abspath(source)).as_posix())
    return quote(path.as_posix())


def artifact_location(source: str) -> dict[str, str]:
    """An input's ``artifactLocation``: its URI, relative ones with ``uriBaseId``."""
    uri = artifact_uri(source)
    if uri == "stdin" or uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


def fingerprint(uri: str, document: str, rule_id: str, pointer: str, occurrence: int = 0) -> str:
    """Stable over runs and distinct for distinct findings: the input's URI, the
    document's id, the rule, the JSON Pointer within the file and, for a rule that finds
    more than once at one pointer, which of them it is; not the date, the message or the
    line, which may change without the finding changing."""
    key = f"{uri}\0{document}\0{rule_id}\0{pointer}\0{occurrence}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def severity(outcome: str, level: str) -> int:
    """The place of a finding in :data:`SEVERITY`."""
    return _SEVERITY.get((outcome, level), _SEVERITY.get((outcome, None), 0))


def help_uri(base: str, rule_id: str) -> str:
    """The rule's generated page, ``<base><ID>.md`` (docs/rules/ in this repository)."""
    return base + quote(rule_id) + ".md"


def _text(value: str) -> dict[str, str]:
    return {"text": value}


class SarifRenderer(Renderer):
    parts = True

    def __init__(self, out: TextIO, run: RunInfo):
        super().__init__(out, run)
        # The results' JSON text, joined by ",", one spool per severity.
        self._results = [Spool(b",", ends=True) for _ in SEVERITY]
        self._over = [0] * len(SEVERITY)  # results beyond the limit, not kept

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
            uri = help_uri(self.run.docs_url, rf.id)
            page = ("Regelside" if lang == "da" else "Rule page") + f": [{rf.id}]({uri})"
            self._rule_index[rf.id] = i
            self._rules.append(
                {
                    "id": rf.id,
                    "name": rf.name,
                    "shortDescription": _text(rf.title.get(lang)),
                    "fullDescription": _text(rf.rationale),
                    "helpUri": uri,
                    "help": {"text": help_text, "markdown": help_text + "\n\n" + page},
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
        limit = self.run.max_results
        for source, strict, sev, head, tail in part:
            spool = self._results[sev]
            if limit and spool.count >= limit:
                # Never written: the limit keeps at most ``limit`` of any one severity.
                self._over[sev] += 1
                continue
            spool.add(head + f'"index":{self._index(source)}'.encode() + tail, strict=strict)

    def _notify(self, rec: ErrorRecord) -> None:
        physical: dict[str, Any] = {"artifactLocation": {**artifact_location(rec.source), "index": self._index(rec.source)}}
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
        return tuple(entry for part in parts for entry in part)

    def part(self, rec: ReportRecord) -> Part:
        report = rec.report
        location = artifact_location(rec.source)
        entries: list[tuple[str, int, str, str]] = []
        seen: dict[tuple[str, str], int] = {}
        for f in report.findings:
            if not (self.run.all_results or f.outcome in ACTIONABLE):
                continue
            pointer = rec.pointer + f.path
            occurrence = seen.get((f.rule_id, pointer), 0)
            seen[f.rule_id, pointer] = occurrence + 1
            physical: dict[str, Any] = {"artifactLocation": {**location, "index": _HOLE}}
            line = rec.line_for(pointer)
            if line is not None:
                column = rec.column_for(pointer)
                physical["region"] = {"startLine": line} if column is None else {"startLine": line, "startColumn": column}
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
                "partialFingerprints": {
                    FINGERPRINT_KEY: fingerprint(location["uri"], f.document, f.rule_id, pointer, occurrence)
                },
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
            entries.append((rec.source, severity(f.outcome, f.level), head, rest))
        out: list[tuple[str, bool, int, bytes, bytes]] = []
        for source, sev, head, rest in entries:
            try:
                out.append((source, True, sev, head.encode("utf-8"), rest.encode("utf-8")))
            except UnicodeEncodeError:
                out.append((source, False, sev, head.encode("utf-8", "surrogatepass"), rest.encode("utf-8", "surrogatepass")))
        return tuple(out)

    def _kept(self) -> tuple[list[int], dict[str, int]]:
        """How many results of each severity are written (the most severe first, up to
        the limit), and how many are left out, per outcome."""
        room = self.run.max_results or sum(s.count for s in self._results)
        kept: list[int] = []
        omitted: dict[str, int] = {}
        for (outcome, _), spool, over in zip(SEVERITY, self._results, self._over):
            n = min(spool.count, room)
            room -= n
            kept.append(n)
            if spool.count - n + over:
                omitted[outcome] = omitted.get(outcome, 0) + spool.count - n + over
        return kept, omitted

    def _omitted_notification(self, omitted: dict[str, int]) -> dict[str, Any]:
        total = sum(omitted.values())
        limit = self.run.max_results
        if self.run.lang == "da":
            text = (
                f"{total} resultater er udeladt, fordi en kørsel højst må have {limit} "
                "(de mindst alvorlige; se properties.results; hæv grænsen med --sarif-max-results)"
            )
        else:
            text = (
                f"{total} results left out because a run may have at most {limit} "
                "(the least severe; see properties.results; raise the limit with --sarif-max-results)"
            )
        return {
            "level": "warning",
            "message": _text(text),
            "descriptor": {"id": "results-limit"},
            "properties": {"omitted": omitted, "max_results": limit},
        }

    def end(self, summary: Summary) -> None:
        info = self.run.rules.info
        kept, omitted = self._kept()
        notifications = self._notifications + ([self._omitted_notification(omitted)] if omitted else [])
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
                    "toolExecutionNotifications": notifications,
                }
            ],
            "artifacts": [{"location": artifact_location(s)} for s in self._artifacts],
            "originalUriBaseIds": {
                SRCROOT: {
                    "description": _text(
                        "Mappen, kontrollen blev kørt i (i CI: repositoriets rod)"
                        if self.run.lang == "da"
                        else "The directory the check ran in (in CI: the repository root)"
                    )
                }
            },
        }
        tail: dict[str, Any] = {
            "language": "da-DK" if self.run.lang == "da" else "en-US",
            "properties": {
                "as_of": summary.as_of,
                "ruleset": info.model_dump(mode="json"),
                "ruleset_hash": info.hash,
                "summary": summary.model_dump(mode="json", exclude={"type", "ruleset"}),
                "results": {
                    "included": "all" if self.run.all_results else "actionable",
                    "written": sum(kept),
                    "max_results": self.run.max_results,
                    "omitted": omitted,
                },
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
            written = [(spool, n) for spool, n in zip(self._results, kept) if n]
            # As one write would: nothing is written when any of it does not encode.
            self._results[0].check(self.out, start, end, limit=0)
            for spool, n in written:
                spool.check(self.out, limit=n)
            self.out.write(start)
            for i, (spool, n) in enumerate(written):
                spool.write(self.out, "," if i else "", "", limit=n, checked=True)
            self.out.write(end)
        finally:
            self.close()

    def close(self) -> None:
        for spool in self._results:
            spool.close()
