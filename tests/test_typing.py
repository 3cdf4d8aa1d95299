"""The package is typed (py.typed) and mypy --strict clean on src/ (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys

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
