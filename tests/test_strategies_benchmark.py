"""A quick run of benchmarks/strategies.py, so that the strategies benchmark keeps working.

It checks that every kind is measured, never how fast: timings on a shared machine are
noise (docs/performance.md).
"""

from __future__ import annotations

import runpy
import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "strategies.py"
# The kinds the script measures, read from the script itself.
KINDS: tuple[str, ...] = runpy.run_path(str(SCRIPT))["KINDS"]


def test_every_kind_is_measured_before_and_after() -> None:
    baseline = subprocess.run(
        ["git", "cat-file", "-e", "71a9466:src/sundhedsregler/strategies.py"], cwd=ROOT, capture_output=True
    )
    if baseline.returncode != 0:
        pytest.skip("the baseline commit is not in this clone (a shallow checkout)")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--examples", "5", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {cells[0]: cells for cells in map(str.split, proc.stdout.splitlines()) if cells[:1] and cells[0] in KINDS}
    assert sorted(rows) == sorted(KINDS)
    for kind, (_, before, after, ratio, same) in rows.items():
        assert float(before) > 0 and float(after) > 0, kind
        assert ratio.endswith("x") and same in {"True", "False"}, kind
