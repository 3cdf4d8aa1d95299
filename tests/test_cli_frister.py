"""`sundhedsregler frister`: deadlines with status, and the iCalendar file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import icalendar

from .test_cli_support import LATE, OK, hsa, jsonl, make_rules, run


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


NOTHING = hsa(dokument_id="HSA-NOTHING", godkendt_regionsraad=None, godkendt_kommunalbestyrelse=None, sendt_til_ministeriet=None)


def frister(rules_dir: Path, *args: str, stdin: bytes, as_of: str = "2026-03-20") -> tuple[int, str, str]:
    result = run("frister", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", as_of, "--backend", "python", *args, stdin=stdin)
    return result.code, result.out, result.err


def test_deadlines_with_status(rules_dir: Path) -> None:
    code, out, _ = frister(rules_dir, "--format", "json", stdin=jsonl(OK, LATE, NOTHING), as_of="2026-04-02")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-04-02"
    status = {(d["document"], d["rule_id"]): (d["status"], d["frist"], d["days_left"]) for d in data["deadlines"]}
    assert status == {
        ("HSA-OK", "OF-2"): ("met", "2026-04-01", -1),
        ("HSA-LATE", "OF-2"): ("missed", "2026-04-01", -1),  # sent on 2026-04-02, a day late
        # Nothing approved: no agreement for the move, which may be a draft given up (OF-2's
        # second read, docs/legal-review.md): review, not missed.
        ("HSA-NOTHING", "OF-2"): ("review", "2026-04-01", -1),
    }
    assert [d["document"] for d in data["deadlines"]] == ["HSA-LATE", "HSA-NOTHING", "HSA-OK"]


def test_open_deadline_before_the_date(rules_dir: Path) -> None:
    code, out, _ = frister(rules_dir, stdin=jsonl(NOTHING), as_of="2026-03-20")
    assert code == 0
    assert "Frister pr. 2026-03-20: 1" in out
    assert re.search(r"2026-04-01\s+åben\s+OF-2\s+HSA-NOTHING\s+\(om 12 dage\)", out)
    _, en, _ = frister(rules_dir, "--lang", "en", stdin=jsonl(NOTHING), as_of="2026-03-31")
    assert "open" in en and "(in 1 day)" in en


def test_unreadable_documents_exit_2_after_listing_the_rest(rules_dir: Path) -> None:
    code, out, err = frister(rules_dir, stdin=jsonl(NOTHING) + b"oops\n")
    assert code == 2 and "HSA-NOTHING" in out and "ugyldig JSON" in err  # Danish by default, as the report


def test_ics_is_rfc5545_shaped_and_deterministic(rules_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    frister(rules_dir, "--ics", str(a), stdin=jsonl(OK, NOTHING))
    frister(rules_dir, "--ics", str(b), stdin=jsonl(NOTHING, OK))
    raw = a.read_bytes()
    assert raw == b.read_bytes()  # sorted by date and document, not by input order
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    text = raw.decode("utf-8").replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTAMP:20260320T000000Z" in text
    assert "DTSTART;VALUE=DATE:20260401" in text and "DTEND;VALUE=DATE:20260402" in text
    uids = re.findall(r"UID:(\S+)", text)
    assert len(set(uids)) == 2 and all(u.endswith("@sundhedsregler") for u in uids)
    c = tmp_path / "c.ics"
    frister(rules_dir, "--ics", str(c), stdin=jsonl(OK, NOTHING), as_of="2026-05-01")
    assert re.findall(r"UID:(\S+)", c.read_bytes().decode("utf-8").replace("\r\n ", "")) == uids


def test_two_documents_with_one_id_are_two_events(rules_dir: Path, tmp_path: Path) -> None:
    # One event per deadline listed: the same dokument_id twice on standard input (two
    # agreements, or one sent twice) is listed twice and gives two events.
    a = tmp_path / "a.ics"
    code, out, _ = frister(rules_dir, "--ics", str(a), stdin=jsonl(NOTHING, NOTHING))
    assert code == 0 and out.count("HSA-NOTHING") == 2
    cal = icalendar.Calendar.from_ical(a.read_bytes())
    uids = [str(ev["UID"]) for ev in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 2
