"""Plain text for people: findings grouped by document and outcome, a summary line.

Danish by default (``--lang en`` for English). Colour only when asked for by the CLI,
which turns it on for a terminal and off when ``NO_COLOR`` is set.

Text from a document (its id, its source, values in messages) is written through
:func:`text_safe`: control characters, escape sequences, line and paragraph
separators, bidirectional controls and lone surrogates become visible escapes in
Python's notation (``\\x1b``, ``\\u2028``, ``\\ud800``), as in JUnit, so that a
document can neither forge a line of the output (a summary) nor colour or move the
terminal, and every text can be written as UTF-8.
"""

from __future__ import annotations

import re

from ..batch import ErrorRecord, PackedReport, Record, ReportRecord, Summary
from ...findings import Finding
from . import Renderer

# Outcomes shown finding by finding; pass and not_applicable are only counted.
DETAILED = ("fail", "missing_information", "review", "pending")
COUNTED = ("pass", "not_applicable")

OUTCOME_LABEL = {
    "da": {
        "fail": "Ikke opfyldt",
        "missing_information": "Mangler oplysninger",
        "review": "Til vurdering",
        "pending": "Afventer",
        "pass": "Opfyldt",
        "not_applicable": "Ikke relevant",
    },
    "en": {
        "fail": "Failed",
        "missing_information": "Missing information",
        "review": "Needs review",
        "pending": "Pending",
        "pass": "Passed",
        "not_applicable": "Not applicable",
    },
}
LEVEL_LABEL = {
    "da": {"error": "fejl", "warning": "advarsel", "note": "note"},
    "en": {"error": "error", "warning": "warning", "note": "note"},
}
WORDS = {
    "da": {
        "ruleset": "regelsæt",
        "as_of": "vurderingsdato",
        "fix": "Løsning",
        "rejected": "AFVIST",
        "stage": {"read": "kunne ikke læses", "validate": "er ikke et gyldigt dokument", "evaluate": "kunne ikke vurderes"},
        "summary": "Opsummering",
        "read": ("dokument læst", "dokumenter læst"),
        "evaluated": "vurderet",
        "rejected_n": "afvist",
        "failing": ("fund tæller mod --fail-on", "fund tæller mod --fail-on"),
        "exit": "exitkode",
    },
    "en": {
        "ruleset": "rule set",
        "as_of": "evaluation date",
        "fix": "Fix",
        "rejected": "REJECTED",
        "stage": {"read": "could not be read", "validate": "is not a valid document", "evaluate": "could not be evaluated"},
        "summary": "Summary",
        "read": ("document read", "documents read"),
        "evaluated": "evaluated",
        "rejected_n": "rejected",
        "failing": ("finding counts toward --fail-on", "findings count toward --fail-on"),
        "exit": "exit code",
    },
}
COLOUR = {
    "fail": "31",
    "missing_information": "33",
    "review": "35",
    "pending": "36",
    "pass": "32",
    "not_applicable": "2",
    "rejected": "1;31",
    "bold": "1",
}

# What is escaped: C0 and C1 controls and DEL (ESC starts a terminal escape sequence, a
# line feed or carriage return starts a line), lone surrogates (not UTF-8), U+2028 and
# U+2029 (line breaks to some readers), the bidirectional controls (which reorder what
# a terminal shows: U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and U+FFFE,
# U+FFFF (non-characters).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text_safe(text: str) -> str:
    """``text`` with what a terminal or a reader of lines would act on escaped (see the
    module's docstring); other text as it is."""
    # isprintable() is False for every character escaped here (and for a few harmless
    # ones, such as a no-break space): a fast test for the common, clean case.
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


class TextRenderer(Renderer):
    def _c(self, key: str, text: str) -> str:
        if not self.run.color:
            return text
        return f"\x1b[{COLOUR[key]}m{text}\x1b[0m"

    def begin(self) -> None:
        info = self.run.rules.info
        w = WORDS[self.run.lang]
        self.out.write(
            f"sundhedsregler {self.run.tool_version} · {w['ruleset']} {text_safe(info.name)} {text_safe(info.version)} "
            f"({info.hash[:19]}) · {w['as_of']} {self.run.as_of.isoformat()}\n"
        )

    packs = True
    join = ""
    direct = True
    for_people = True

    @staticmethod
    def _where(rec: Record) -> str:
        return text_safe(rec.source + (f"#{rec.pointer}" if rec.pointer else "")) + (f":{rec.line}" if rec.line else "")

    def record(self, rec: Record | PackedReport) -> None:
        if isinstance(rec, PackedReport):
            self.out.write(rec.text)
        elif isinstance(rec, ErrorRecord):
            self.out.write(self._error(rec))
        else:
            self.out.write(self.pack(rec))
        self.out.flush()

    def _error(self, rec: ErrorRecord) -> str:
        lang = self.run.lang
        w = WORDS[lang]
        stage = w["stage"][rec.stage]  # type: ignore[index]
        name = f"{text_safe(rec.document)} " if rec.document else ""
        lines = [f"\n{self._c('rejected', str(w['rejected']))} {name}{self._where(rec)} {stage}\n"]
        for p in rec.problems:
            at = "" if p.line is None else f" (linje {p.line})" if lang == "da" else f" (line {p.line})"
            lines.append(f"    {text_safe(p.pointer or '/')}{at}: {text_safe(p.message)}\n")
        return "".join(lines)

    def pack(self, rec: ReportRecord) -> str:
        lang = self.run.lang
        w = WORDS[lang]
        report = rec.report
        lines = [f"\n{self._c('bold', text_safe(report.document))} ({report.kind}) · {self._where(rec)}\n"]
        by_outcome: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_outcome.setdefault(f.outcome, []).append(f)
        for outcome in DETAILED:
            found = by_outcome.get(outcome)
            if not found:
                continue
            lines.append(f"  {self._c(outcome, OUTCOME_LABEL[lang][outcome])} ({len(found)})\n")
            for f in found:
                # The level matters where the finding can fail the run; beside a
                # pending or review finding "fejl" would read as if it had failed.
                level = LEVEL_LABEL[lang][f.level] if outcome in ("fail", "missing_information") else ""
                lines.append(f"    {level:<8} {text_safe(f.rule_id):<8} {text_safe(f.path or '/')}  {text_safe(f.message)}\n")
                if f.fix:
                    lines.append(f"{'':<22}{w['fix']}: {text_safe(f.fix)}\n")
        counted = [f"{OUTCOME_LABEL[lang][o]} {len(by_outcome.get(o, []))}" for o in COUNTED]
        lines.append("  " + " · ".join(counted) + "\n")
        return "".join(lines)

    def end(self, summary: Summary) -> None:
        lang = self.run.lang
        w = WORDS[lang]
        counts = ", ".join(f"{OUTCOME_LABEL[lang][o].lower()} {summary.counts.get(o, 0)}" for o in (*DETAILED, *COUNTED))
        read = w["read"][summary.documents_read != 1]  # type: ignore[index]
        failing = w["failing"][summary.failing != 1]  # type: ignore[index]
        self.out.write(
            f"\n{w['summary']}: {summary.documents_read} {read}, {summary.evaluated} {w['evaluated']}, "
            f"{summary.rejected} {w['rejected_n']} · {counts} · {summary.failing} {failing} "
            f"· {w['as_of']} {summary.as_of} · {w['exit']} {summary.exit_code}\n"
        )
