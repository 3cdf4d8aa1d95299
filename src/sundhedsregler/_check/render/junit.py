"""JUnit XML: one test suite per document, one test case per rule evaluated.

By default (``--report summary``) a document's suite lists a test case only for the
rules that are not a plain pass there (a failure, a skip, or findings to read in
``system-out``); the rules that passed are counted once for the whole run instead, in a
last suite (``passed rules``, ``beståede regler``): one passing test case per rule,
in the order the rules first passed, whose ``system-out`` says in how many documents it
passed and with how many findings (``bestået i 3 dokumenter (6 fund)``). The totals of every
suite and of the root count the test cases written, so a CI system's figures add up.
``--report full`` gives one test case per rule and document, passes included, and no
such suite (the form of earlier versions, byte for byte).

A test case fails when one of the rule's findings counts toward ``--fail-on`` (the
findings that make ``check`` exit 1: ``fail`` at or above the level, and
``missing_information`` too with ``--fail-on-missing``; failure type = the level), so
that a CI system shows the build as the exit code does; it is skipped when every
finding of the rule is ``not_applicable``; otherwise it passes, and its findings other
than pass (a ``fail`` below the threshold, pending, review, missing information) are
listed in ``system-out``. A document that could not be read
is a suite with one test case in error. Names are stable: suite = document id and
source, test case = rule id and name, classname = document id. Rule set version, hash
and evaluation date are suite properties; no wall-clock time is written.

The output is always well-formed XML 1.0, whatever the input holds. Characters that
XML 1.0 cannot carry at all, not even as character references (C0 controls other than
tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF), are written
as visible escapes in Python's notation: ``\\x00`` to ``\\x1f`` for the controls,
``\\ud800`` (four lower-case hex digits) for the others. Every other character is
written as it is, or as ElementTree escapes it (``&amp;``, ``&lt;``, ``&#10;`` ...). A
backslash from the input is kept as it is, so ``\\x00`` in the XML may also be those
four characters in the input; JSON, JSON Lines and SARIF keep the exact text.

Each suite is made as indented XML text where its report was evaluated (with
``--jobs``, in a worker); the suites are kept in a temporary file in order (``spool``)
and copied inside the root at the end.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

from ..batch import ErrorRecord, PackedReport, Record, ReportRecord, Summary, counts_toward_fail
from ...findings import Finding
from . import Renderer, RunInfo
from .spool import Spool

COUNTS = ("tests", "failures", "errors", "skipped")
# What ET.indent puts between two suites of the root, and after the last one.
_BETWEEN, _AFTER = "\n  ", "\n"

# What XML 1.0 cannot carry (its Char production, section 2.2, is tab, LF, CR,
# U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF). ElementTree writes such a
# character as it is, which makes the file unreadable; ET itself writes none of them, so
# they can be replaced in its output, in attribute values and text alike.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    """``text`` with each character that XML 1.0 forbids replaced by its escape."""
    return _NOT_XML.sub(_escape, text)


# The suites of consecutive records: their XML text (indented as inside the root,
# joined by _BETWEEN), UTF-8, their counts summed, in the order of COUNTS, and (summary
# form) the rules that passed, in the order they first passed: (rule id, rule name,
# documents, pass findings).
Passed = tuple[tuple[str, str, int, int], ...]
Part = tuple[bytes, tuple[int, int, int, int], Passed]


def _add_passed(into: dict[str, list[Any]], passed: Passed) -> None:
    """Add the rules that passed in some reports to the tally of earlier ones."""
    for rule_id, name, documents, findings in passed:
        known = into.get(rule_id)
        if known is None:
            into[rule_id] = [name, documents, findings]
        else:
            known[1] += documents
            known[2] += findings


def _passed_text(documents: int, findings: int, lang: str) -> str:
    """In how many documents a rule passed, and with how many findings."""
    if lang == "da":
        return f"bestået i {documents} {'dokument' if documents == 1 else 'dokumenter'} ({findings} fund)"
    return f"passed in {documents} document{'' if documents == 1 else 's'} ({findings} finding{'' if findings == 1 else 's'})"


def _where(source: str, pointer: str) -> str:
    return source + (f"#{pointer}" if pointer else "")


class JunitRenderer(Renderer):
    parts = True

    def __init__(self, out: TextIO, run: RunInfo):
        super().__init__(out, run)
        self._suites = Spool(_BETWEEN.encode(), lines=True)
        self._summary = run.report == "summary"
        # rule id -> [rule name, documents, pass findings] (summary form)
        self._passed: dict[str, list[Any]] = {}

    def begin(self) -> None:
        self._totals = dict.fromkeys(COUNTS, 0)

    def _suite(self, name: str) -> ET.Element:
        suite = ET.Element("testsuite", {"name": name})
        props = ET.SubElement(suite, "properties")
        info = self.run.rules.info
        for key, value in (
            ("as_of", self.run.as_of.isoformat()),
            ("ruleset.name", info.name),
            ("ruleset.version", info.version),
            ("ruleset.hash", info.hash),
            ("lang", self.run.lang),
            ("fail_on", self.run.fail_on),
            ("fail_on_missing", "true" if self.run.fail_on_missing else "false"),
        ):
            ET.SubElement(props, "property", {"name": key, "value": value})
        return suite

    @staticmethod
    def _count(suite: ET.Element, counts: dict[str, int]) -> None:
        for key in COUNTS:
            suite.set(key, str(counts[key]))

    def record(self, rec: Record | PackedReport) -> None:
        text, counts, passed = rec.part if isinstance(rec, PackedReport) else self.part(rec)
        self._suites.add(text)
        for key, n in zip(COUNTS, counts):
            self._totals[key] += n
        _add_passed(self._passed, passed)

    def merge(self, parts: list[Part]) -> Part:
        tests, failures, errors, skipped = (sum(n) for n in zip(*(counts for _, counts, _ in parts)))
        passed: dict[str, list[Any]] = {}
        for _, _, more in parts:
            _add_passed(passed, more)
        joined = _BETWEEN.encode().join(text for text, _, _ in parts)
        return joined, (tests, failures, errors, skipped), tuple((k, v[0], v[1], v[2]) for k, v in passed.items())

    def part(self, rec: Record) -> Part:  # an error record's suite too
        if isinstance(rec, ErrorRecord):
            name = f"{rec.document or '?'} ({_where(rec.source, rec.pointer)})"
            suite = self._suite(name)
            case = ET.SubElement(suite, "testcase", {"name": f"input {rec.stage}", "classname": rec.document or rec.source})
            error = ET.SubElement(case, "error", {"message": rec.message, "type": f"input-{rec.stage}"})
            line_word = "linje" if self.run.lang == "da" else "line"
            error.text = "\n".join(
                f"{p.pointer or '/'}{f' ({line_word} {p.line})' if p.line is not None else ''}: {p.message}" for p in rec.problems
            )
            counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
            passed: Passed = ()
        else:
            report = rec.report
            suite = self._suite(f"{report.document} ({_where(rec.source, rec.pointer)})")
            by_rule: dict[str, list[Finding]] = {}
            for f in report.findings:
                by_rule.setdefault(f.rule_id, []).append(f)
            counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
            passing: list[tuple[str, str, int, int]] = []
            for rule_id, findings in by_rule.items():
                failing = [
                    f
                    for f in findings
                    if counts_toward_fail(f.outcome, f.level, fail_on=self.run.fail_on, fail_on_missing=self.run.fail_on_missing)
                ]
                inapplicable = not failing and all(f.outcome == "not_applicable" for f in findings)
                notes = [f for f in findings if f.outcome not in ("pass", "not_applicable")]
                if self._summary and not failing and not inapplicable and not notes:
                    # a plain pass: counted in the run's passed suite, not listed here
                    passing.append((rule_id, findings[0].rule_name, 1, sum(f.outcome == "pass" for f in findings)))
                    continue
                counts["tests"] += 1
                case = ET.SubElement(
                    suite, "testcase", {"name": f"{rule_id} {findings[0].rule_name}", "classname": report.document}
                )
                if failing:
                    counts["failures"] += 1
                    first = failing[0]
                    more = f" (+{len(failing) - 1})" if len(failing) > 1 else ""
                    failure = ET.SubElement(case, "failure", {"message": first.message + more, "type": first.level})
                    failure.text = "\n".join(
                        f"{f.outcome} {f.level} {f.path or '/'}: {f.message}" + (f"\n  fix: {f.fix}" if f.fix else "")
                        for f in failing
                    )
                elif inapplicable:
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", {"message": findings[0].message})
                elif notes:
                    out = ET.SubElement(case, "system-out")
                    out.text = "\n".join(f"{f.outcome} {f.level} {f.path or '/'}: {f.message}" for f in notes)
            passed = tuple(passing)
        return self._finish(suite, counts), (counts["tests"], counts["failures"], counts["errors"], counts["skipped"]), passed

    def _finish(self, suite: ET.Element, counts: dict[str, int]) -> bytes:
        """A suite's XML text with its counts, indented as inside the root."""
        self._count(suite, counts)
        ET.indent(suite, level=1)  # as ET.indent of the root indents it
        return xml_safe(ET.tostring(suite, encoding="unicode")).encode()

    def _passed_suite(self) -> None:
        """The summary form's last suite: one passing test case per rule that passed
        plainly in a document, with in how many documents and with how many findings."""
        suite = self._suite("beståede regler" if self.run.lang == "da" else "passed rules")
        for rule_id, (name, documents, findings) in self._passed.items():
            case = ET.SubElement(suite, "testcase", {"name": f"{rule_id} {name}", "classname": "sundhedsregler"})
            # system-out, which every JUnit schema allows in a test case and CI systems
            # show beside it (properties in a test case are not in every schema)
            ET.SubElement(case, "system-out").text = _passed_text(documents, findings, self.run.lang)
        counts = {"tests": len(self._passed), "failures": 0, "errors": 0, "skipped": 0}
        self._suites.add(self._finish(suite, counts))
        self._totals["tests"] += len(self._passed)

    def end(self, summary: Summary) -> None:
        if self._passed:
            self._passed_suite()
        root = ET.Element("testsuites", {"name": "sundhedsregler"})
        self._count(root, self._totals)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        try:
            if not self._suites.count:
                self.out.write(ET.tostring(root, encoding="unicode"))
            else:
                # The root's start tag (ET's), then the suites as ET.indent lays them out,
                # as one write would (text that does not encode fails before any is written).
                root.text = _BETWEEN
                start, close, _ = ET.tostring(root, encoding="unicode").rpartition("</testsuites>")
                self._suites.write(self.out, start, _AFTER + close)
        finally:
            self._suites.close()
        self.out.write("\n")

    def close(self) -> None:
        self._suites.close()
