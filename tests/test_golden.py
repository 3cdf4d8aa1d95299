"""The golden corpus (tests/golden/): every report over the frozen inputs, in every
format, language, backend and evaluation date, is byte-identical to the recorded one.

A refactoring must leave these alone; an intended change of output is recorded with
``python tests/golden/run.py --record`` in the same commit (see tests/golden/run.py)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
import run as golden  # noqa: E402

WANT: dict[str, str] = json.loads(golden.MANIFEST.read_text(encoding="utf-8"))
CONFIGS = list(golden.configurations())


def test_the_corpus_covers_every_format_and_both_kinds_of_input() -> None:
    names = {name for name, _ in CONFIGS}
    for fmt in golden.FORMATS:
        assert any(n.startswith(f"check-{fmt}-") for n in names)
    inputs = sorted(p.name for p in golden.INPUTS.iterdir())
    assert any(n.startswith("bad-") for n in inputs) and any(n.startswith("drawn-") for n in inputs)
    assert "rule-examples.jsonl" in inputs


@pytest.mark.parametrize(("name", "argv"), CONFIGS, ids=[name for name, _ in CONFIGS])
def test_report_is_byte_identical_to_the_recorded_one(name: str, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert name in WANT, f"{name} is not recorded: run python tests/golden/run.py --record"
    monkeypatch.chdir(golden.HERE)
    data = golden.report(argv)
    assert hashlib.sha256(data).hexdigest() == WANT[name], (
        f"the {name} report changed; if intended, record it with python tests/golden/run.py --record "
        f"(python tests/golden/run.py --write DIR on both commits shows the difference)"
    )
