"""The test suite itself: it cannot pass by leaving out what it claims to check."""

from __future__ import annotations

import ast
from pathlib import Path

from sundhedsregler._engine.backends import durable_available

from .conftest import BACKENDS, DURABLE_EXPECTED

TESTS = Path(__file__).resolve().parent


def test_both_backends_run_where_durable_rules_is_expected() -> None:
    # Below Python 3.13 durable-rules is a dependency; without it every test comparing
    # the backends would compare the python backend with itself.
    if DURABLE_EXPECTED:
        assert durable_available(), "durable-rules does not import: the install is broken"
        assert BACKENDS == ["python", "durable"]
    else:
        assert BACKENDS == ["python"]


def _asserts(fn: ast.FunctionDef) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assert, ast.Raise)):
            return True
        if isinstance(node, ast.With) and "raises" in ast.unparse(node.items[0].context_expr):
            return True
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.startswith(("pytest.skip", "pytest.fail")) or name.endswith(("validate", "compile_rule", "agree")):
                return True
            if name.startswith(("_", "check_", "run_page")) or "assert" in name:
                return True
    return False


def test_every_test_asserts_something() -> None:
    silent = []
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and not _asserts(node):
                silent.append(f"{path.name}::{node.name}")
    assert not silent, "tests without an assertion: " + ", ".join(silent)
