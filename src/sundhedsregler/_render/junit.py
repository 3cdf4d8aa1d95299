"""JUnit XML: one test suite per document, one test case per rule evaluated.

A test case fails when one of the rule's findings is ``fail`` (failure type = the
level), or ``missing_information`` with ``--fail-on-missing``; it is skipped when every
finding of the rule is ``not_applicable``; pending, review and other missing
information pass, with the message in ``system-out``. A document that could not be read
is a suite with one test case in error. Names are stable: suite = document id and
source, test case = rule id and name, classname = document id. Rule set version, hash
and evaluation date are suite properties; no wall-clock time is written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .._batch import ErrorRecord, PackedReport, Record, Summary
from ..findings import Finding
from . import Renderer


def _where(source: str, pointer: str) -> str:
    return source + (f"#{pointer}" if pointer else "")


class JunitRenderer(Renderer):
    def begin(self) -> None:
        self._root = ET.Element("testsuites", {"name": "sundhedsregler"})
        self._totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def _suite(self, name: str) -> ET.Element:
        suite = ET.SubElement(self._root, "testsuite", {"name": name})
        props = ET.SubElement(suite, "properties")
        info = self.run.rules.info
        for key, value in (
            ("as_of", self.run.as_of.isoformat()),
            ("ruleset.name", info.name),
            ("ruleset.version", info.version),
            ("ruleset.hash", info.hash),
            ("lang", self.run.lang),
        ):
            ET.SubElement(props, "property", {"name": key, "value": value})
        return suite

    @staticmethod
    def _count(suite: ET.Element, counts: dict[str, int]) -> None:
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))

    def record(self, rec: Record | PackedReport) -> None:
        assert not isinstance(rec, PackedReport)  # packs is False: records come whole
        if isinstance(rec, ErrorRecord):
            name = f"{rec.document or '?'} ({_where(rec.source, rec.pointer)})"
            suite = self._suite(name)
            case = ET.SubElement(suite, "testcase", {"name": f"input {rec.stage}", "classname": rec.document or rec.source})
            error = ET.SubElement(case, "error", {"message": rec.message, "type": f"input-{rec.stage}"})
            error.text = "\n".join(
                f"{p.pointer or '/'}{f' (line {p.line})' if p.line is not None else ''}: {p.message}" for p in rec.problems
            )
            counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
        else:
            report = rec.report
            suite = self._suite(f"{report.document} ({_where(rec.source, rec.pointer)})")
            by_rule: dict[str, list[Finding]] = {}
            for f in report.findings:
                by_rule.setdefault(f.rule_id, []).append(f)
            counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
            for rule_id, findings in by_rule.items():
                counts["tests"] += 1
                case = ET.SubElement(
                    suite, "testcase", {"name": f"{rule_id} {findings[0].rule_name}", "classname": report.document}
                )
                failing = [
                    f
                    for f in findings
                    if f.outcome == "fail" or (f.outcome == "missing_information" and self.run.fail_on_missing)
                ]
                if failing:
                    counts["failures"] += 1
                    first = failing[0]
                    more = f" (+{len(failing) - 1})" if len(failing) > 1 else ""
                    failure = ET.SubElement(case, "failure", {"message": first.message + more, "type": first.level})
                    failure.text = "\n".join(
                        f"{f.outcome} {f.level} {f.path or '/'}: {f.message}" + (f"\n  fix: {f.fix}" if f.fix else "")
                        for f in failing
                    )
                elif all(f.outcome == "not_applicable" for f in findings):
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", {"message": findings[0].message})
                else:
                    notes = [f for f in findings if f.outcome not in ("pass", "not_applicable")]
                    if notes:
                        out = ET.SubElement(case, "system-out")
                        out.text = "\n".join(f"{f.outcome} {f.level} {f.path or '/'}: {f.message}" for f in notes)
        self._count(suite, counts)
        for key in counts:
            self._totals[key] += counts[key]

    def end(self, summary: Summary) -> None:
        self._count(self._root, self._totals)
        ET.indent(self._root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(self._root, encoding="unicode"))
        self.out.write("\n")
