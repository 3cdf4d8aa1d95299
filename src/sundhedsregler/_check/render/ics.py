"""iCalendar (RFC 5545) for deadlines: one all-day VEVENT per deadline ``frister`` lists,
written with the icalendar library (escaping, folding at 75 octets, CRLF).

Deterministic: UIDs are hashes of the input unit (file and pointer), document, rule,
date name and subject, stable when the evaluation date or the deadline's status changes,
so a calendar updates the event; two agreements with one ``dokument_id`` in two files,
or one agreement alone and inside a portfolio, are two deadlines and two events.
DTSTAMP is the evaluation date at midnight UTC (never the wall clock); properties are
written in sorted order. A deadline on 9999-12-31 has no DTEND (the next day does not
exist; an all-day event without one lasts that day, RFC 5545 section 3.6.1).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .frister import STATUS_LABEL, Deadline


def uid(d: Deadline, *, occurrence: int = 0) -> str:
    """The event's UID; ``occurrence`` tells apart deadlines equal in every part of the
    key (the same document twice in one input unit)."""
    key = f"{d.source}\0{d.document}\0{d.rule_id}\0{d.parameter}\0{d.subject}"
    if occurrence:
        key += f"\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@sundhedsregler"


def render_ics(items: list[Deadline], *, as_of: dt.date, lang: str, tool_version: str) -> str:
    """The calendar as a string with CRLF line endings: one event per item."""
    from icalendar import Calendar, Event  # only frister --ics needs it

    cal = Calendar()
    cal.add("prodid", f"-//sundhedsregler//sundhedsregler {tool_version}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Frister (sundhedsregler)" if lang == "da" else "Deadlines (sundhedsregler)")
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    seen: dict[str, int] = {}
    for d in items:
        base = uid(d)
        n = seen[base] = seen.get(base, -1) + 1
        day = dt.date.fromisoformat(d.frist)
        label = STATUS_LABEL[lang][d.status]
        ev = Event()
        ev.add("uid", uid(d, occurrence=n))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        if day < dt.date.max:
            ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", f"[{label}] {d.document}: {d.label}")
        ev.add("description", f"{d.message}\n{d.title}\n{d.source}{d.path}\n{d.rule_id}.{d.parameter}")
        ev.add("categories", [d.rule_id, d.status])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    written: bytes = cal.to_ical()
    return written.decode("utf-8")
