"""Deadlines (frister) derived from the findings of deadline rules.

A deadline is a date a rule file names under ``deadlines:`` (a date parameter or a date
term of the rule, with a label); each finding of such a rule (except not_applicable)
gives one deadline per name for that subject, with a status read off the outcome:
pass -> met, fail -> missed, pending -> open, review -> review, missing_information ->
unknown. The date is the one the finding's evidence shows (so a parameter override, a
dated value in force on the evaluation date, or a term computed from the document is
respected); a term that could not be computed (a date it needs is missing) gives no
deadline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TextIO

from ..batch import Record, ReportRecord
from ..._engine.rulefile import DeadlineRef
from ..._engine.ruleset import RuleSet

STATUS = {"pass": "met", "fail": "missed", "pending": "open", "review": "review", "missing_information": "unknown"}
STATUS_LABEL = {
    "da": {"met": "overholdt", "missed": "overskredet", "open": "åben", "review": "til vurdering", "unknown": "uafklaret"},
    "en": {"met": "met", "missed": "missed", "open": "open", "review": "review", "unknown": "unknown"},
}


@dataclass(frozen=True)
class Deadline:
    """One deadline of one subject of one document, with its status on ``as_of``."""

    document: str
    source: str
    rule_id: str
    title: str
    parameter: str  # the rule's name of the date: a parameter or a term
    label: str
    frist: str
    days_left: int
    status: str
    outcome: str
    path: str
    message: str
    subject: int = 0  # ordinal of the subject among the rule's findings in the document


def _days(n: int, lang: str) -> str:
    if lang == "da":
        return f"{n} dag" if n == 1 else f"{n} dage"
    return f"{n} day" if n == 1 else f"{n} days"


def deadline_parameters(rules: RuleSet) -> dict[str, list[DeadlineRef]]:
    """Rule id -> the deadlines its rule file declares (``deadlines:``)."""
    return {rf.id: list(rf.deadlines) for rf in rules.rules if rf.deadlines}


def deadlines(records: Iterable[Record], *, rules: RuleSet, as_of: dt.date, lang: str) -> list[Deadline]:
    """Every deadline in the reports, sorted by date, then document, rule and path."""
    params = deadline_parameters(rules)
    found: list[Deadline] = []
    for rec in records:
        if not isinstance(rec, ReportRecord):
            continue
        ordinal: dict[tuple[str, str], int] = {}
        for f in rec.report.findings:
            if f.rule_id not in params:
                continue
            # The n-th subject of a rule stays the n-th on another date, while the path
            # may point at another field of it; the ordinal keys the calendar UID.
            key = (f.document, f.rule_id)
            n = ordinal[key] = ordinal.get(key, -1) + 1
            if f.outcome not in STATUS:
                continue
            rf = rules.get(f.rule_id)
            for ref in params[f.rule_id]:
                name = ref.date
                shown = f.evidence.get(name)
                if isinstance(shown, str):
                    when = dt.date.fromisoformat(shown)
                elif name in rf.parameters:
                    at = rf.parameters[name].at(as_of)
                    assert isinstance(at, dt.date)  # the compiler checks deadlines are dates
                    when = at
                else:
                    continue  # a term without a value: the date is not known
                found.append(
                    Deadline(
                        document=f.document,
                        source=rec.source + (f"#{rec.pointer}" if rec.pointer else ""),
                        rule_id=f.rule_id,
                        title=rf.title.get(lang),
                        parameter=name,
                        label=ref.label.get(lang),
                        frist=when.isoformat(),
                        days_left=(when - as_of).days,
                        status=STATUS[f.outcome],
                        outcome=f.outcome,
                        path=f.path,
                        message=f.message,
                        subject=n,
                    )
                )
    found.sort(key=lambda d: (d.frist, d.document, d.rule_id, d.path, d.parameter, d.source))
    return found


def render_text(items: list[Deadline], out: TextIO, *, as_of: dt.date, lang: str) -> None:
    head = "Frister pr." if lang == "da" else "Deadlines as of"
    out.write(f"{head} {as_of.isoformat()}: {len(items)}\n")
    for d in items:
        label = STATUS_LABEL[lang][d.status]
        if d.days_left > 0:
            rel = f"om {_days(d.days_left, lang)}" if lang == "da" else f"in {_days(d.days_left, lang)}"
        elif d.days_left == 0:
            rel = "i dag" if lang == "da" else "today"
        else:
            rel = f"for {_days(-d.days_left, lang)} siden" if lang == "da" else f"{_days(-d.days_left, lang)} ago"
        where = f" [{d.path}]" if d.path else ""
        out.write(f"{d.frist}  {label:<13} {d.rule_id:<8} {d.document}{where}  ({rel}) {d.label}\n")


def render_json(items: list[Deadline], out: TextIO, *, as_of: dt.date) -> None:
    body = {"as_of": as_of.isoformat(), "deadlines": [asdict(d) for d in items]}
    out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
