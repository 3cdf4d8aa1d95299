"""Deadlines typed in the rule files (``deadlines:``), what ``frister`` lists from them,
and the iCalendar file written from that list."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

import sundhedsregler
from sundhedsregler import RuleError
from sundhedsregler._check.render.frister import Deadline
from sundhedsregler._check.render.ics import render_ics
from sundhedsregler.cli import examples_dir

from .conftest import FIXTURES, RULES_DIR
from .test_cli_support import run

OF2 = RULES_DIR / "opgaveflyt" / "OF-2.yaml"
TP1 = RULES_DIR / "tilsagn-proces" / "TP-1.yaml"


def _one_rule(tmp_path: Path, source: Path, mutate: Any) -> Path:
    d = tmp_path / "rules"
    shutil.copytree(FIXTURES, d / "_fixtures")
    data = yaml.safe_load(source.read_text("utf-8"))
    mutate(data)
    (d / "r.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return d


LABEL = {"da": "Godkendt", "en": "Approved"}


@pytest.mark.parametrize(
    ("source", "deadlines", "message"),
    [
        (OF2, [{"date": "fristen", "label": LABEL}], "deadline 'fristen' is neither a parameter nor a term"),
        (TP1, [{"date": "frist_maaned", "label": LABEL}], "'frist_maaned' is a int parameter; a deadline is a date"),
        (TP1, [{"date": "dage_for_sent", "label": LABEL}], "'dage_for_sent' is a term of type int; a deadline is a date"),
        (OF2, [{"date": "frist", "label": LABEL}, {"date": "frist", "label": dict(LABEL)}], "deadline 'frist' named twice"),
    ],
)
def test_the_compiler_checks_deadline_names_and_types(
    tmp_path: Path, source: Path, deadlines: list[Any], message: str
) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["deadlines"] = deadlines

    with pytest.raises(RuleError) as exc:
        sundhedsregler.load_rules(_one_rule(tmp_path, source, mutate))
    assert message in str(exc.value) and "r.yaml" in str(exc.value)
    assert exc.value.field is not None and exc.value.field.startswith("deadlines[")


def test_a_deadline_needs_a_label_in_both_languages(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["deadlines"] = [{"date": "frist", "label": {"da": "Godkendt"}}]

    with pytest.raises(RuleError, match=r"deadlines\.0\.label\.en"):
        sundhedsregler.load_rules(_one_rule(tmp_path, OF2, mutate))


def test_a_rule_without_deadlines_lists_none_whatever_its_parameters_are_called(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d.pop("deadlines", None)

    rules = _one_rule(tmp_path, OF2, mutate)
    hsa = rules / "_fixtures" / "hsa.yaml"
    out = run("frister", str(hsa), "--no-national-rules", "--rules", str(rules), "--as-of", "2026-03-01").out
    assert out == "Frister pr. 2026-03-01: 0\n"


def _national_deadlines(as_of: str, *extra: str) -> list[dict[str, Any]]:
    result = run("frister", "--examples", "--as-of", as_of, "--format", "json", "--backend", "python", *extra)
    assert result.code == 0, result.err
    deadlines: list[dict[str, Any]] = json.loads(result.out)["deadlines"]
    return deadlines


def test_term_deadlines_and_deadlines_not_named_frist_are_listed() -> None:
    items = _national_deadlines("2026-03-15")
    by_rule = Counter(d["rule_id"] for d in items)
    # TP-1 and TP-3 compute the deadline (1 April of the year before the budget year);
    # OF-10's is the Delingsråd's 1 October. None of them was listed before.
    assert by_rule["TP-1"] > 0 and by_rule["TP-3"] > 0 and by_rule["OF-10"] > 0
    tp1 = [d for d in items if d["rule_id"] == "TP-1"]
    assert all(d["parameter"] == "frist" and d["label"] for d in tp1)
    assert all(dt.date.fromisoformat(d["frist"]).month == 4 and d["frist"].endswith("-04-01") for d in tp1)
    of10 = {(d["parameter"], d["frist"]) for d in items if d["rule_id"] == "OF-10"}
    assert of10 == {("delingsraad_frist", "2026-10-01")}
    labels = {d["label"] for d in items if d["rule_id"] == "OF-10"}
    assert labels == {"Delingsrådets afgørelse om delingen"}
    en = _national_deadlines("2026-03-15", "--lang", "en")
    assert {d["label"] for d in en if d["rule_id"] == "OF-10"} == {"The Delingsråd's decision on the sharing"}


def test_one_event_per_deadline_listed(tmp_path: Path) -> None:
    # The bundled examples hold agreements both alone and inside portfolios, and a
    # second copy of one agreement (same dokument_id, another file) is added.
    docs = tmp_path / "docs"
    shutil.copytree(examples_dir(), docs)
    alone = next(p for p in sorted(docs.iterdir()) if p.name.startswith("delingsaftale-"))
    shutil.copy(alone, docs / "zz-kopi.yaml")
    ics = tmp_path / "f.ics"
    result = run("frister", str(docs), "--as-of", "2026-03-15", "--format", "json", "--ics", str(ics))
    assert result.code == 0, result.err
    items = json.loads(result.out)["deadlines"]
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(items)
    assert len({str(e["UID"]) for e in events}) == len(items)
    ident = next(d["document"] for d in items if d["source"].endswith(alone.name))
    copies = {d["source"] for d in items if d["document"] == ident}
    assert any(s.endswith("zz-kopi.yaml") for s in copies) and any(s.endswith(alone.name) for s in copies)
    assert any("#" in s or "portefoelje" in s for s in copies)  # also inside a portfolio


def _deadline(frist: str) -> Deadline:
    return Deadline(
        document="D-1", source="d.yaml", rule_id="OF-2", title="Titel", parameter="frist", label="Godkendt",
        frist=frist, days_left=0, status="open", outcome="pending", path="", message="Afventer",
    )


def test_ics_at_the_ends_of_the_calendar() -> None:
    # 9999-12-31 has no next day (DTEND); years below 1000 keep four digits.
    text = render_ics(
        [_deadline("9999-12-31"), _deadline("0999-06-01")], as_of=dt.date(999, 5, 1), lang="da", tool_version="0"
    )
    unfolded = text.replace("\r\n ", "")
    assert "DTSTAMP:09990501T000000Z" in unfolded
    assert "DTSTART;VALUE=DATE:99991231" in unfolded and "DTEND;VALUE=DATE:10000101" not in unfolded
    assert "DTSTART;VALUE=DATE:09990601" in unfolded and "DTEND;VALUE=DATE:09990602" in unfolded
    cal = icalendar.Calendar.from_ical(text)
    starts = sorted(e.decoded("DTSTART") for e in cal.walk("VEVENT"))
    assert starts == [dt.date(999, 6, 1), dt.date(9999, 12, 31)]
    assert all(e.decoded("DTSTAMP") == dt.datetime(999, 5, 1, tzinfo=dt.timezone.utc) for e in cal.walk("VEVENT"))
    # Two equal deadlines are two events with distinct UIDs, the same on every run.
    again = render_ics([_deadline("2026-04-01")] * 2, as_of=dt.date(2026, 3, 1), lang="en", tool_version="0")
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")]
    assert len(set(uids)) == 2
    assert again == render_ics([_deadline("2026-04-01")] * 2, as_of=dt.date(2026, 3, 1), lang="en", tool_version="0")


def test_frister_ics_through_the_cli_on_the_last_day(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["parameters"]["frist"]["value"] = dt.date(9999, 12, 31)

    rules = _one_rule(tmp_path, OF2, mutate)
    hsa = rules / "_fixtures" / "hsa.yaml"
    ics = tmp_path / "x.ics"
    result = run("frister", str(hsa), "--no-national-rules", "--rules", str(rules), "--as-of", "0500-01-01", "--ics", str(ics))
    assert result.code == 0, result.err
    text = ics.read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:99991231" in text and "DTSTAMP:05000101T000000Z" in text
