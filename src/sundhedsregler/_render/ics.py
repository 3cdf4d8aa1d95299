"""iCalendar (RFC 5545) for deadlines: one all-day VEVENT per deadline.

Deterministic: UIDs are hashes of document, rule, parameter and subject (stable when
the evaluation date or the deadline's status changes, so a calendar updates the event); DTSTAMP is the
evaluation date at midnight UTC (never the wall clock); lines end in CRLF and are
folded at 75 octets without splitting a UTF-8 character (RFC 5545 section 3.1).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .frister import STATUS_LABEL, Deadline


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 section 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets, joined by CRLF + space."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def uid(d: Deadline) -> str:
    key = f"{d.document}\0{d.rule_id}\0{d.parameter}\0{d.subject}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@sundhedsregler"


def render_ics(items: list[Deadline], *, as_of: dt.date, lang: str, tool_version: str) -> str:
    """The calendar as a string with CRLF line endings."""
    stamp = as_of.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//sundhedsregler//sundhedsregler {tool_version}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape("Frister (sundhedsregler)" if lang == "da" else "Deadlines (sundhedsregler)"),
    ]
    seen: set[str] = set()
    for d in items:
        # The same document may come twice (alone and inside a portfolio): one event.
        event_uid = uid(d)
        if event_uid in seen:
            continue
        seen.add(event_uid)
        day = dt.date.fromisoformat(d.frist)
        label = STATUS_LABEL[lang][d.status]
        description = f"{d.message}\n{d.source}{d.path}\n{d.rule_id}.{d.parameter}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY:" + escape(f"[{label}] {d.document}: {d.title}"),
            "DESCRIPTION:" + escape(description),
            "CATEGORIES:" + escape(d.rule_id) + "," + escape(d.status),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
