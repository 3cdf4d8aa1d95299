"""HTML for people: one self-contained page (inline CSS and SVG, no scripts, nothing
fetched), findings grouped by document and rule, and a deadline timeline.

The page holds the run's summary, a timeline of the deadlines of up to
:data:`MAX_TIMELINE_ROWS` documents (the 2026 milestones of the reform and each
agreement's deadlines, coloured and shaped by status), and one section per input unit:
a document's findings grouped by rule, most severe first, each with its outcome and
level in colour and in words (colour is never the only sign), its JSON Pointer, the fix,
and the rule's sources as links (the rule's page, ``RunInfo.docs_url``; a source's
public address where the rule gives one). A portfolio's section has its own timeline of
its agreements. Pass and not applicable findings are counted per document, and listed
too with ``--sarif-results all`` (``RunInfo.all_results``).

Every text from the input or the rules is escaped; characters HTML cannot carry (C0
controls, lone surrogates, U+FFFE and U+FFFF) are written as visible escapes, as in
JUnit XML. The sections are kept in a temporary file (``spool``) until the page is
written at the end, when the summary is known.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, TextIO

from ..batch import ErrorRecord, PackedReport, Record, ReportRecord, Summary
from ...findings import Finding
from . import Renderer, RunInfo
from .frister import Deadline, deadlines
from .junit import xml_safe
from .sarif import help_uri, severity
from .spool import Spool
from .text import LEVEL_LABEL, OUTCOME_LABEL, WORDS

MAX_TIMELINE_ROWS = 40

# The reform's milestones (the deadline rules OF-2, OF-5, OF-8, OF-9 and OF-10, and the
# day the tasks move), drawn on every timeline.
MILESTONES: tuple[tuple[dt.date, dict[str, str]], ...] = (
    (dt.date(2026, 4, 1), {"da": "Horisontale samarbejdsaftaler godkendt og sendt (OF-2)", "en": "Horizontal agreements approved and sent (OF-2)"}),
    (dt.date(2026, 4, 15), {"da": "Anmodninger om fortsat drift (OF-5)", "en": "Requests for continued operation (OF-5)"}),
    (dt.date(2026, 5, 1), {"da": "Kommunens udkast til delingsaftale (OF-8)", "en": "The municipality's draft delingsaftale (OF-8)"}),
    (dt.date(2026, 7, 1), {"da": "Delingsaftaler godkendt i begge råd (OF-9)", "en": "Delingsaftaler approved by both councils (OF-9)"}),
    (dt.date(2026, 10, 1), {"da": "Delingsrådets afgørelse uden delingsaftale (OF-10)", "en": "The Delingsråd decides where there is none (OF-10)"}),
    (dt.date(2027, 1, 1), {"da": "Opgaverne overgår til regionerne", "en": "The tasks move to the regions"}),
)

_T: dict[str, dict[str, Any]] = {
    "da": {
        "title": "Rapport fra sundhedsregler",
        "summary": "Opsummering",
        "timeline": "Frister",
        "milestones": "Milepæle",
        "as_of_line": "vurderingsdato",
        "documents": "Dokumenter",
        "sources": "Kilder",
        "rule_page": "regelside",
        "where": "Kilde",
        "more": "og {n} dokumenter mere (se afsnittene nedenfor)",
        "none": "Ingen fund at handle på",
        "status": {"met": "overholdt", "missed": "overskredet", "open": "åben", "review": "til vurdering", "unknown": "uafklaret"},
        "fail_on": "tæller mod --fail-on {level}",
        "timeline_of": "Tidslinje over fristerne",
    },
    "en": {
        "title": "Report from sundhedsregler",
        "summary": "Summary",
        "timeline": "Deadlines",
        "milestones": "Milestones",
        "as_of_line": "as of",
        "documents": "Documents",
        "sources": "Sources",
        "rule_page": "rule page",
        "where": "Source",
        "more": "and {n} more documents (see their sections below)",
        "none": "No findings to act on",
        "status": {"met": "met", "missed": "missed", "open": "open", "review": "review", "unknown": "unknown"},
        "fail_on": "count toward --fail-on {level}",
        "timeline_of": "Timeline of the deadlines",
    },
}

_MONTHS = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

# Colour and a shape per status, so that the timeline reads without colour too.
_STATUS_STYLE = {
    "missed": ("#b3261e", "square"),
    "open": ("#0b63a8", "ring"),
    "met": ("#1e7b34", "dot"),
    "review": ("#7b2d8e", "diamond"),
    "unknown": ("#8a5a00", "triangle"),
}

CSS = """
:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#fff;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:0 0 4px;overflow-wrap:anywhere}
h3{font-size:16px;margin:14px 0 4px}
.meta,.where,.counted{color:#4a4a4a;font-size:13px;margin:2px 0}
section{border-top:1px solid #d0d0d0;padding:14px 0}
table.counts{border-collapse:collapse;margin:8px 0}
table.counts td,table.counts th{padding:3px 10px;text-align:left;border-bottom:1px solid #e4e4e4}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:13px;font-weight:600;border:1px solid;white-space:nowrap}
.fail-error,.rejected{background:#fde7e6;color:#8c1d18;border-color:#b3261e}
.fail-warning{background:#fff1cc;color:#6b4500;border-color:#a86b00}
.fail-note{background:#e4eefb;color:#0b4a80;border-color:#0b63a8}
.missing_information{background:#fff7e0;color:#6b4500;border-color:#c8a24a}
.review{background:#f4e8f7;color:#5e2370;border-color:#7b2d8e}
.pending{background:#e3f4f6;color:#0d5560;border-color:#1c7c88}
.pass{background:#e6f4ea;color:#1e5c2d;border-color:#1e7b34}
.not_applicable{background:#f0f0f0;color:#4a4a4a;border-color:#9a9a9a}
ul.findings{list-style:none;padding:0;margin:0}
ul.findings li{margin:6px 0;padding-left:2px}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
.fix{margin:2px 0 0 18px;color:#333}
.sources{font-size:13px;margin:4px 0 0}
a{color:#0b4a80}
svg{max-width:100%;height:auto;display:block;margin:8px 0}
ol.milestones{font-size:13px;margin:4px 0 0;padding-left:20px}
.legend span{margin-right:14px;font-size:13px}
"""


def _e(text: object) -> str:
    """Text for HTML: escaped, and what HTML cannot carry written as a visible escape."""
    return xml_safe(html.escape(str(text), quote=True))


def _badge(outcome: str, level: str, lang: str) -> str:
    css = f"fail-{level}" if outcome == "fail" else outcome
    label = OUTCOME_LABEL[lang][outcome]
    if outcome in ("fail", "missing_information"):
        label += " · " + LEVEL_LABEL[lang][level]
    return f'<span class="badge {css}">{_e(label)}</span>'


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 6:.1f}l6 6-6 6-6-6z" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 6:.1f}l6 11h-12z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'


def timeline_svg(items: list[Deadline], *, as_of: dt.date, lang: str, max_rows: int = MAX_TIMELINE_ROWS) -> str:
    """An inline SVG timeline: the milestones, the evaluation date, and one row per
    document with a mark for each of its deadlines (colour and shape by status)."""
    t = _T[lang]
    rows: dict[str, list[Deadline]] = {}
    for d in items:
        rows.setdefault(d.document, []).append(d)
    shown = list(rows.items())[:max_rows]
    dates = [dt.date.fromisoformat(d.frist) for _, ds in shown for d in ds] + [m for m, _ in MILESTONES] + [as_of]
    start = min(min(dates) - dt.timedelta(days=20), dt.date(2026, 3, 1))
    end = max(max(dates) + dt.timedelta(days=20), dt.date(2027, 2, 1))
    left, width, top, row_h = 230, 900, 72, 24
    span = (end - start).days

    def x(day: dt.date) -> float:
        return left + (width - left - 20) * (day - start).days / span

    height = top + row_h * max(1, len(shown)) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_e(t["timeline_of"])}" font-family="system-ui,Arial,sans-serif" font-size="12">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    # Month ticks along the bottom.
    month = dt.date(start.year, start.month, 1)
    bottom = height - 22
    year_shown = False
    while month <= end:
        if month >= start:
            mx = x(month)
            parts.append(f'<line x1="{mx:.1f}" y1="{top - 6}" x2="{mx:.1f}" y2="{bottom}" stroke="#eeeeee"/>')
            # Month names, not numbers: "4/26" beside the milestones' "1/4" would read as a day.
            label = _MONTHS[lang][month.month - 1] + (f" {month.year}" if month.month == 1 or not year_shown else "")
            year_shown = True
            parts.append(f'<text x="{mx:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555">{label}</text>')
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    # Milestones: numbered dashed lines (their meaning is in the list under the picture),
    # labels on three heights in turn so that close dates do not overlap.
    for i, (day, names) in enumerate(MILESTONES):
        mx = x(day)
        ly = 14 + 15 * (i % 3)
        month_name = _MONTHS[lang][day.month - 1]
        when = f"{day.day}. {month_name}" if lang == "da" else f"{day.day} {month_name}"
        when += f" {day.year}" if day.year != 2026 else ""
        parts.append(
            f'<g><title>{_e(day.isoformat() + ": " + names[lang])}</title>'
            f'<line x1="{mx:.1f}" y1="{ly + 4}" x2="{mx:.1f}" y2="{bottom}" stroke="#6b6b6b" stroke-dasharray="4 3"/>'
            f'<text x="{mx:.1f}" y="{ly}" text-anchor="middle" fill="#333" font-weight="600">{i + 1}: {when}</text></g>'
        )
    ax = x(as_of)
    parts.append(
        f'<line x1="{ax:.1f}" y1="{top - 16}" x2="{ax:.1f}" y2="{bottom}" stroke="#b3261e" stroke-width="2"/>'
        f'<text x="{ax + 4:.1f}" y="{top - 8}" fill="#b3261e">{_e(t["as_of_line"])} {as_of.isoformat()}</text>'
    )
    for r, (document, ds) in enumerate(shown):
        y = top + row_h * r + row_h / 2
        name = document if len(document) <= 30 else document[:29] + "…"
        parts.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" fill="#1b1b1b">{_e(name)}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        for d in ds:
            colour, shape = _STATUS_STYLE.get(d.status, ("#444", "dot"))
            tip = f"{d.frist} {d.rule_id} {t['status'].get(d.status, d.status)}: {d.title}"
            mark = _marker(shape, x(dt.date.fromisoformat(d.frist)), y, colour)
            parts.append(f"<g><title>{_e(tip)}</title>{mark}</g>")
    parts.append("</svg>")
    legend = " ".join(
        f'<span><svg viewBox="0 0 14 14" width="14" height="14" style="display:inline;margin:0 4px -2px 0">'
        f"{_marker(shape, 7, 7, colour)}</svg>{_e(t['status'][status])}</span>"
        for status, (colour, shape) in _STATUS_STYLE.items()
    )
    milestones = "".join(f"<li>{day.isoformat()}: {_e(names[lang])}</li>" for day, names in MILESTONES)
    more = ""
    if len(rows) > len(shown):
        more = f'<p class="meta">{_e(t["more"].format(n=len(rows) - len(shown)))}</p>'
    return (
        "".join(parts)
        + f'<p class="legend">{legend}</p>{more}'
        + f'<p class="meta">{_e(t["milestones"])}:</p><ol class="milestones">{milestones}</ol>'
    )


class HtmlRenderer(Renderer):
    def __init__(self, out: TextIO, run: RunInfo):
        super().__init__(out, run)
        self._sections = Spool(b"\n", lines=True)
        # The run's timeline: the deadlines of its first MAX_TIMELINE_ROWS documents
        # with deadlines, and the other documents with deadlines, only counted.
        self._deadlines: list[Deadline] = []
        self._timeline_documents: set[str] = set()
        self._other_documents: set[str] = set()
        self._rules = {rf.id: rf for rf in run.rules.rules}

    def begin(self) -> None:
        self._count = 0

    def record(self, rec: Record | PackedReport) -> None:
        assert not isinstance(rec, PackedReport)  # neither packs nor parts
        self._count += 1
        text = self._error(rec) if isinstance(rec, ErrorRecord) else self._report(rec)
        self._sections.add(text.encode("utf-8"))

    def _where(self, rec: Record) -> str:
        where = rec.source + (f"#{rec.pointer}" if rec.pointer else "") + (f":{rec.line}" if rec.line else "")
        return f'<p class="where">{_e(_T[self.run.lang]["where"])}: <code>{_e(where)}</code></p>'

    def _error(self, rec: ErrorRecord) -> str:
        w = WORDS[self.run.lang]
        stage = w["stage"][rec.stage]  # type: ignore[index]
        problems = "".join(
            f"<li><code>{_e(p.pointer or '/')}</code>{'' if p.line is None else f' ({p.line})'}: {_e(p.message)}</li>"
            for p in rec.problems
        )
        return (
            f'<section class="doc" id="unit-{rec.index}"><h2>{_e(rec.document or rec.source)} '
            f'<span class="badge rejected">{_e(w["rejected"])}</span></h2>{self._where(rec)}'
            f'<p>{_e(stage)}</p><ul class="findings">{problems}</ul></section>'
        )

    def _report(self, rec: ReportRecord) -> str:
        lang = self.run.lang
        report = rec.report
        items = deadlines([rec], rules=self.run.rules, as_of=self.run.as_of, lang=lang)
        for d in items:
            if d.document in self._timeline_documents or len(self._timeline_documents) < MAX_TIMELINE_ROWS:
                self._timeline_documents.add(d.document)
                self._deadlines.append(d)
            else:
                self._other_documents.add(d.document)
        shown = ("fail", "missing_information", "review", "pending") + (("pass", "not_applicable") if self.run.all_results else ())
        by_rule: dict[str, list[Finding]] = {}
        for f in report.findings:
            if f.outcome in shown:
                by_rule.setdefault(f.rule_id, []).append(f)
        order = sorted(by_rule, key=lambda rid: min(severity(f.outcome, f.level) for f in by_rule[rid]))
        parts = [
            f'<section class="doc" id="unit-{rec.index}"><h2>{_e(report.document)} '
            f'<span class="meta">({_e(report.kind)})</span></h2>{self._where(rec)}'
        ]
        if report.kind == "portefoelje" and items:
            parts.append(timeline_svg(items, as_of=self.run.as_of, lang=lang))
        if not order:
            parts.append(f"<p>{_e(_T[lang]['none'])}</p>")
        for rule_id in order:
            parts.append(self._rule(rule_id, sorted(by_rule[rule_id], key=lambda f: severity(f.outcome, f.level))))
        counted = " · ".join(
            f"{_e(OUTCOME_LABEL[lang][o])} {report.counts.get(o, 0)}" for o in ("pass", "not_applicable")
        )
        parts.append(f'<p class="counted">{counted}</p></section>')
        return "".join(parts)

    def _rule(self, rule_id: str, findings: list[Finding]) -> str:
        lang = self.run.lang
        t = _T[lang]
        rf = self._rules.get(rule_id)
        title = rf.title.get(lang) if rf is not None else findings[0].rule_name
        page = help_uri(self.run.docs_url, rule_id)
        items = []
        for f in findings:
            fix = f'<p class="fix">{_e(WORDS[lang]["fix"])}: {_e(f.fix)}</p>' if f.fix else ""
            items.append(f"<li>{_badge(f.outcome, f.level, lang)} {_e(f.message)} <code>{_e(f.path or '/')}</code>{fix}</li>")
        sources = []
        for s in rf.sources if rf is not None else ():
            text = _e(f"{s.title}, {s.section} ({s.ref})")
            sources.append(f'<a href="{_e(s.url)}">{text}</a>' if s.url else text)
        links = f'<a href="{_e(page)}">{_e(t["rule_page"])} {_e(rule_id)}</a>'
        return (
            f'<div class="rule"><h3><a href="{_e(page)}">{_e(rule_id)}</a> {_e(title)}</h3>'
            f'<ul class="findings">{"".join(items)}</ul>'
            f'<p class="sources">{_e(t["sources"])}: {links}{"; " if sources else ""}{"; ".join(sources)}</p></div>'
        )

    def _summary(self, summary: Summary) -> str:
        lang = self.run.lang
        w = WORDS[lang]
        t = _T[lang]
        rows = "".join(
            f"<tr><td>{_outcome_badge(o, lang)}</td><td>{summary.counts.get(o, 0)}</td></tr>"
            for o in ("fail", "missing_information", "review", "pending", "pass", "not_applicable")
        )
        read = w["read"][summary.documents_read != 1]  # type: ignore[index]
        return (
            f'<section id="summary"><h2>{_e(t["summary"])}</h2>'
            f"<p>{summary.documents_read} {_e(read)}, {summary.evaluated} {_e(w['evaluated'])}, "
            f"{summary.rejected} {_e(w['rejected_n'])} · {summary.failing} "
            f"{_e(t['fail_on'].format(level=summary.fail_on))} · {_e(w['exit'])} {summary.exit_code}</p>"
            f'<table class="counts">{rows}</table></section>'
        )

    def end(self, summary: Summary) -> None:
        lang = self.run.lang
        t = _T[lang]
        info = self.run.rules.info
        w = WORDS[lang]
        timeline = ""
        if self._deadlines:
            extra = len(self._other_documents - self._timeline_documents)
            timeline = (
                f'<section id="timeline"><h2>{_e(t["timeline"])}</h2>'
                + timeline_svg(self._deadlines, as_of=self.run.as_of, lang=lang)
                + (f'<p class="meta">{_e(t["more"].format(n=extra))}</p>' if extra > 0 else "")
                + "</section>"
            )
        start = (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            # No request leaves the page: no scripts, styles or images from elsewhere.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
            f"<title>{_e(t['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<header><h1>{_e(t['title'])}</h1>"
            f'<p class="meta">sundhedsregler {_e(self.run.tool_version)} · {_e(w["ruleset"])} {_e(info.name)} '
            f"{_e(info.version)} ({_e(info.hash[:19])}) · {_e(w['as_of'])} {self.run.as_of.isoformat()}</p></header>\n"
            + self._summary(summary)
            + "\n"
            + timeline
            + f'\n<main><h2 class="meta">{_e(t["documents"])}</h2>\n'
        )
        try:
            self._sections.write(self.out, start, "\n</main>\n</body>\n</html>\n")
        finally:
            self._sections.close()

    def close(self) -> None:
        self._sections.close()


def _outcome_badge(outcome: str, lang: str) -> str:
    """The summary's badge: the outcome alone (its count is over every level)."""
    css = "fail-error" if outcome == "fail" else outcome
    return f'<span class="badge {css}">{_e(OUTCOME_LABEL[lang][outcome])}</span>'
