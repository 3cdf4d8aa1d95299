"""Inputs larger than the 64 MiB limit (issue 15, "Long batches"): JSON Lines are read
line by line and YAML streams document by document, each line or document within the
limit, with memory bounded by the largest document; a single document above the limit
stays refused. Most tests lower the limit so that their files stay small; one writes
about 70 MiB and measures the peak memory of a process reading it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sundhedsregler._check import loading as _loading

from .test_cli_support import LATE, OK, SHORT, hsa
from .test_yaml_streams import check, dump, rules_dir  # noqa: F401 - rules_dir is a fixture


def stream_text(*docs: Any) -> str:
    return "# agreements\n" + "".join("---\n" + dump(d) for d in docs) + "...\n"


def limit_below(monkeypatch: pytest.MonkeyPatch, size: int) -> int:
    monkeypatch.setattr(_loading, "MAX_BYTES", size)
    return size


# --- Cut as a stream read whole is cut --------------------------------------------------

# Markers, directives, comments and every YAML line break, in awkward places.
BITS = ["---\n", "--- a: 1\n", "a: 1\n", "# c\n", "\n", "%YAML 1.1\n", "...\n", "b:\r\n", "  - x\r", "c: 'x\u2028---'\n",
        "---\u2028", "-- x\n", "----\n", "---\t{}\n", "  ---\n", "\x85", "k: v", "\ufeffz: 1\n", "æ: ø\n"]


def _same(docs: list[Any]) -> list[Any]:
    return [("empty", d.line) if d.empty else d for d in docs]


@given(st.lists(st.sampled_from(BITS), max_size=14), st.sampled_from([3, 5, 8, 1 << 20]))
def test_documents_are_cut_as_a_stream_read_whole_is_cut(bits: list[str], piece: int) -> None:
    text = "".join(bits)
    expected = _loading.yaml_stream(text.removeprefix("\ufeff"))  # a BOM is not part of the text
    old = _loading._PIECE
    _loading._PIECE = piece  # lines arrive in pieces: a line longer than a piece, too
    try:
        got = list(_loading.read_yaml_stream(io.BytesIO(text.encode("utf-8")), limit=1 << 30))
    finally:
        _loading._PIECE = old
    if expected is None:  # one document: refused whole (above the limit, it is too large)
        assert got == [_loading.YamlStreamProblem("too-large", None, (("mib", 1024),))]
    elif not expected:
        assert got == [_loading.YamlStreamProblem("stream-empty", None)]
    else:
        assert _same(got) == _same(expected)


def test_empty_documents_are_held_back_only_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: 1\n" + "---\n" * 5
    monkeypatch.setattr(_loading, "_PENDING_EMPTY", 10)
    dropped = list(_loading.read_yaml_stream(io.BytesIO(text.encode()), limit=1 << 20))
    assert [(d.line, d.empty) for d in dropped if isinstance(d, _loading.YamlDocument)] == [(1, False)]  # a closing run
    # past the bound they are reported, not held, so that markers alone cannot fill memory
    monkeypatch.setattr(_loading, "_PENDING_EMPTY", 2)
    reported = list(_loading.read_yaml_stream(io.BytesIO(text.encode()), limit=1 << 20))
    assert [(d.line, d.empty) for d in reported if isinstance(d, _loading.YamlDocument)] == [(1, False), (2, True), (3, True), (4, True)]


# --- Through the CLI, with a lower limit ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "sarif", "text"])
def test_a_stream_above_the_limit_reads_as_it_did_below_it(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(stream_text(OK, SHORT, LATE), encoding="utf-8")
    whole = check(rules_dir, str(path), "--format", fmt)
    limit_below(monkeypatch, path.stat().st_size // 2)  # each document is within it
    streamed = check(rules_dir, str(path), "--format", fmt)
    assert (streamed.code, streamed.out) == (whole.code, whole.out)
    assert whole.code == 1 and "HSA-LATE" in whole.out


def test_a_document_above_the_limit_is_one_error_at_its_line_and_reading_goes_on(
    rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = hsa(dokument_id="HSA-BIG", faelles_maal="x" * 2000)  # above the limit, below twice it
    text = stream_text(OK, big, LATE)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    limit_below(monkeypatch, 3000)
    records = check(rules_dir, str(path), "--format", "jsonl").lines()
    starts = [i + 2 for i, line in enumerate(text.splitlines()) if line == "---"]
    assert [(r["type"], r.get("line")) for r in records[:3]] == [("report", starts[0]), ("error", starts[1]), ("report", starts[2])]
    assert "larger than" in records[1]["message"]
    assert records[-1]["documents_read"] == 3 == records[-1]["evaluated"] + records[-1]["rejected"]


def test_a_single_document_above_the_limit_stays_refused(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = hsa(faelles_maal="x" * 5000)
    for name, text in [("one.yaml", dump(doc)), ("closed.yaml", "---\n" + dump(doc) + "---\n"), ("one.json", json.dumps(doc)),
                       ("guessed.txt", json.dumps(doc)), ("guessed.dat", dump(doc))]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    limit_below(monkeypatch, 4000)
    for name in ("one.yaml", "one.json", "guessed.txt", "guessed.dat"):
        records = check(rules_dir, str(tmp_path / name), "--format", "jsonl").lines()
        assert [(r["type"], r["line"]) for r in records[:-1]] == [("error", None)], name
        assert "larger than" in records[0]["message"]
    # a closing '---' makes no second document, but the first has its line
    (closed,) = check(rules_dir, str(tmp_path / "closed.yaml"), "--format", "jsonl").lines()[:-1]
    assert closed["type"] == "error" and closed["line"] == 2 and "larger than" in closed["message"]


def test_json_lines_above_the_limit_are_read_line_by_line(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.ndjson"
    lines = [json.dumps(d) for d in (OK, LATE, hsa(dokument_id="HSA-BIG", faelles_maal="x" * 3000), SHORT)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    limit_below(monkeypatch, 2500)
    records = check(rules_dir, str(path), "--format", "jsonl").lines()
    assert [(r["type"], r["line"]) for r in records[:-1]] == [("report", 1), ("report", 2), ("error", 3), ("report", 4)]
    assert records[-1]["documents_read"] == 4


def test_a_document_not_utf8_spoils_only_itself(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.yaml"
    text = stream_text(OK, SHORT, LATE).encode("utf-8")
    second = text.index(b"HSA-SHORT")
    path.write_bytes(text[:second] + b"\xff" + text[second + 1 :])
    limit_below(monkeypatch, len(text) // 2)
    records = check(rules_dir, str(path), "--format", "jsonl").lines()
    assert [r["type"] for r in records[:-1]] == ["report", "error", "report"]
    assert [(p["code"], p["message"]) for p in records[1]["problems"]] == [("not-utf8", f"not UTF-8 text (byte {second})")]
    assert records[1]["line"] == text[:second].count(b"\n")  # its first line, the one above the id


def test_a_fifo_stream_is_read_document_by_document(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    data = stream_text(OK, SHORT, LATE).encode("utf-8")
    limit_below(monkeypatch, len(data) // 2)

    def write() -> None:
        with open(fifo, "wb") as out:
            out.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    records = check(rules_dir, str(fifo), "--format", "jsonl").lines()
    writer.join(10)
    assert [r["type"] for r in records] == ["report", "report", "report", "summary"]


def test_a_document_with_no_end_stops_the_reading(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limit = limit_below(monkeypatch, 4096)
    path = tmp_path / "s.yaml"
    # the second document goes on past twice the limit, and so would /dev/zero
    path.write_text(stream_text(OK) + "---\nfaelles_maal: |\n" + "  x\n" * (limit) + "---\n" + dump(LATE), encoding="utf-8")
    records = check(rules_dir, str(path), "--format", "jsonl").lines()
    assert [r["type"] for r in records] == ["report", "error", "error", "summary"]
    assert "larger than" in records[1]["message"] and records[1]["line"] == records[2]["line"] == len(stream_text(OK).splitlines()) + 2
    assert [p["code"] for r in records[1:3] for p in r["problems"]] == ["too-large", "input-unread"]
    assert records[-1]["documents_read"] == 3


# --- About 70 MiB, with the real limit: memory stays bounded --------------------------------

_MEASURE = textwrap.dedent(
    """
    import resource, sys
    from sundhedsregler._check.batch import read_inputs
    count = 0
    kinds = {}
    for item in read_inputs(sys.argv[1:]):
        count += 1
        kind = "error" if item.error is not None else "unit"
        kinds[kind] = kinds.get(kind, 0) + 1
    # ru_maxrss of a process started by fork and exec starts at its parent's peak (Linux
    # keeps it across exec), so the peak of this process's own memory, VmHWM, is taken
    # where there is one.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) // 1024 for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    print(count, kinds.get("unit", 0), peak)
    """
)


def _measure(*paths: Path) -> tuple[int, int, int]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, paths)], capture_output=True, text=True, check=True, timeout=120)
    count, units, mib = map(int, out.stdout.split())
    return count, units, mib


def test_seventy_mib_are_read_with_memory_bounded_by_one_document(tmp_path: Path) -> None:
    # One small agreement with a comment of 64 KiB, so that the file is large but cheap
    # to parse: 1,092 documents of about 64 KiB make 70 MiB.
    doc = "---\n" + dump(OK) + "# " + "x" * (64 * 1024) + "\n"
    copies = 70 * 1024 * 1024 // len(doc) + 1
    stream = tmp_path / "big.yaml"
    stream.write_text(doc * copies, encoding="utf-8")
    line = json.dumps(OK) + " " * (64 * 1024) + "\n"
    lines = tmp_path / "big.jsonl"
    lines.write_text(line * (70 * 1024 * 1024 // len(line) + 1), encoding="utf-8")
    small = tmp_path / "small.yaml"
    small.write_text(doc * 2, encoding="utf-8")
    assert stream.stat().st_size > _loading.MAX_BYTES and lines.stat().st_size > _loading.MAX_BYTES

    _, _, baseline = _measure(small)
    count, units, peak = _measure(stream)
    assert count == units == copies  # every document read, none refused
    jcount, junits, jpeak = _measure(lines)
    assert jcount == junits == 70 * 1024 * 1024 // len(line) + 1
    # Reading the file whole would hold it several times over (bytes, text, lines);
    # document by document the peak stays within a few documents of the baseline.
    print(f"peak RSS: baseline {baseline} MiB, YAML stream of {copies} documents {peak} MiB, JSON Lines of {jcount} lines {jpeak} MiB")
    assert peak - baseline < 24 and jpeak - baseline < 24, (baseline, peak, jpeak)
