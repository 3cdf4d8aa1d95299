"""The package is typed (py.typed) and mypy --strict clean on src/ (STYLE.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def test_mypy_strict_is_clean_on_src() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "src/sundhedsregler"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_ships_py_typed() -> None:
    assert (ROOT / "src" / "sundhedsregler" / "py.typed").exists()


def test_a_callers_code_sees_the_public_types(tmp_path: Path) -> None:
    """What a type checker sees of ``import sundhedsregler`` in a caller's code (the
    names are imported on first use, PEP 562): load_document gives the union of the
    document models, evaluate a Report, and a name not in __all__ is an error rather
    than ``object`` (the module's __getattr__)."""
    pytest.importorskip("mypy")
    (tmp_path / "caller.py").write_text(
        "import datetime\n"
        "import sundhedsregler\n"
        "doc = sundhedsregler.load_document('a.yaml')\n"
        "reveal_type(doc)\n"
        "report = sundhedsregler.evaluate(doc, as_of=datetime.date(2026, 11, 22))\n"
        "reveal_type(report)\n"
        "reveal_type(sundhedsregler.load_rules().get('OF-2'))\n"
        "sundhedsregler.nothing_here\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", "caller.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
    )
    lines = result.stdout.splitlines()
    revealed = [line.split('Revealed type is "', 1)[1].rstrip('"') for line in lines if "Revealed type is" in line]
    kinds = ("Tilsagnsaftale", "HorisontalSamarbejdsaftale", "AnmodningOmFortsatDrift", "Delingsaftale", "OekonomiskDisposition", "Portefoelje")
    assert revealed[0].startswith("Union[") or " | " in revealed[0], revealed
    assert all(f"sundhedsregler.models.{k}" in revealed[0] for k in kinds), revealed[0]
    assert revealed[1:] == ["sundhedsregler.findings.Report", "sundhedsregler._engine.rulefile.RuleFile"], revealed
    errors = [line for line in lines if ": error:" in line]
    assert len(errors) == 1 and "nothing_here" in errors[0], lines
