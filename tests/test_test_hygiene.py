"""The test suite itself: it cannot pass by leaving out what it claims to check."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

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


# --- No test asserts a timing -------------------------------------------------------------

# The clocks of the time module: a value read from one of them, or computed from one,
# depends on the load of the machine, so a comparison with it fails on a busy CI
# runner and says nothing about the code. Guard the work instead (count the calls of
# the slow path) and leave hangs to a timeout; timings belong to benchmarks/run.py.
_CLOCKS = {"time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "process_time", "process_time_ns", "thread_time", "thread_time_ns"}

# "file::function" of a test that may compare a timing, each with the reason why.
TIMING_ALLOWED: dict[str, str] = {}


def _clock_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names under which a module reaches the time module, and its clocks."""
    modules, clocks = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "time"}
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            clocks |= {alias.asname or alias.name for alias in node.names if alias.name in _CLOCKS}
    return modules, clocks


class _Timings:
    """Which expressions of a module carry a clock's value: a clock's call, a name
    assigned from one, and the results of a function of the module that returns one
    (position by position, where it returns a tuple that is unpacked)."""

    def __init__(self, tree: ast.Module) -> None:
        self.modules, self.clocks = _clock_names(tree)
        self.functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        self.returns: dict[str, set[int | None]] = {}  # function -> timed positions (None: the whole value)
        self.names: dict[ast.AST, set[str]] = {}
        for _ in range(len(self.functions) + 1):  # to a fixed point over the calls
            before = (dict(self.returns), {k: set(v) for k, v in self.names.items()})
            for fn in self.functions:
                self._scan(fn)
            if before == (self.returns, self.names):
                break

    def _is_clock(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return func.value.id in self.modules and func.attr in _CLOCKS
        return isinstance(func, ast.Name) and func.id in self.clocks

    def timed(self, expr: ast.AST, names: set[str]) -> bool:
        """Whether ``expr`` carries a clock's value, with ``names`` the timed local names."""
        for node in ast.walk(expr):
            if isinstance(node, ast.Name) and node.id in names:
                return True
            if isinstance(node, ast.Call) and (self._is_clock(node) or self._returned(node) == {None}):
                return True
        return False

    def _returned(self, call: ast.Call) -> set[int | None]:
        return self.returns.get(call.func.id, set()) if isinstance(call.func, ast.Name) else set()

    def _scan(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        names = self.names.setdefault(fn, set())
        for node in ast.walk(fn):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                positions = self._returned(node.value) if isinstance(node.value, ast.Call) else set()
                for target in targets:
                    if isinstance(target, ast.Tuple) and positions - {None}:
                        names |= {e.id for i, e in enumerate(target.elts) if i in positions and isinstance(e, ast.Name)}
                    elif self.timed(node.value, names):
                        names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.Return) and node.value is not None:
                found = self.returns.setdefault(fn.name, set())
                if isinstance(node.value, ast.Tuple):
                    found |= {i for i, e in enumerate(node.value.elts) if self.timed(e, names)}
                elif self.timed(node.value, names):
                    found.add(None)

    def comparisons(self) -> Iterator[tuple[str, ast.Compare]]:
        """(function, comparison) for every comparison with a clock's value."""
        for fn in self.functions:
            names = self.names.get(fn, set())
            for node in ast.walk(fn):
                if isinstance(node, ast.Compare) and self.timed(node, names):
                    yield fn.name, node


def timing_comparisons(source: str) -> list[str]:
    """The comparisons with a clock's value in a test module's ``source``, as
    ``function:line``."""
    return [f"{name}:{node.lineno}" for name, node in _Timings(ast.parse(source)).comparisons()]


def test_no_test_compares_a_timing() -> None:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for where in timing_comparisons(path.read_text("utf-8")):
            if f"{path.name}::{where.split(':')[0]}" not in TIMING_ALLOWED:
                found.append(f"{path.relative_to(TESTS)}::{where}")
    assert not found, "timing assertions (count the work instead): " + ", ".join(found)


@pytest.mark.parametrize(
    "source, found",
    [
        ("import time\ndef test_a():\n    start = time.monotonic()\n    run()\n    assert time.monotonic() - start < 10\n", ["test_a:5"]),
        ("import time as t\ndef test_a():\n    s = t.perf_counter()\n    run()\n    took = t.perf_counter() - s\n    assert took < 1\n", ["test_a:6"]),
        ("from time import process_time\ndef test_a():\n    x = process_time()\n    assert x\n    assert 1 < 2\n", []),
        ("from time import process_time as pt\ndef test_a():\n    x = pt()\n    ok = x > 3\n", ["test_a:4"]),
        (
            "import time\ndef _run():\n    start = time.monotonic()\n    return 0, 'out', time.monotonic() - start\n"
            "def test_a():\n    code, out, seconds = _run()\n    assert code == 0 and out\n    assert seconds < 60\n",
            ["test_a:8"],
        ),
        ("import time\ndef _took():\n    return time.time()\ndef test_a():\n    assert _took() > 0\n", ["test_a:5"]),
        ("import time\ndef test_a():\n    time.sleep(0.1)\n    assert 0.1 < 1\n", []),
        ("def test_a(clock):\n    start = clock.monotonic()\n    assert start < 1\n", []),
    ],
)
def test_timing_comparisons_are_found(source: str, found: list[str]) -> None:
    assert timing_comparisons(source) == found


# --- Every skip says why ------------------------------------------------------------------


def _reason(call: ast.Call, *, positional: int) -> ast.expr | None:
    """The reason given to a skip: the keyword, or the argument at ``positional``."""
    for keyword in call.keywords:
        if keyword.arg in ("reason", "msg"):
            return keyword.value
    return call.args[positional] if len(call.args) > positional else None


def skips_without_reason(source: str) -> list[int]:
    """The lines of ``pytest.skip(...)``, ``pytest.mark.skip(...)`` and
    ``pytest.mark.skipif(...)`` in ``source`` that give no reason, or an empty one (a
    bare ``@pytest.mark.skip`` too)."""
    tree = ast.parse(source)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in called and ast.unparse(node) == "pytest.mark.skip":
            found.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        positional = {"pytest.skip": 0, "pytest.mark.skip": 0, "pytest.mark.skipif": 1}.get(ast.unparse(node.func))
        if positional is None:
            continue
        reason = _reason(node, positional=positional)
        if reason is None or (isinstance(reason, ast.Constant) and not str(reason.value).strip()):
            found.append(node.lineno)
    return sorted(found)


def test_every_skip_gives_its_reason() -> None:
    found = [f"{path.relative_to(TESTS)}:{line}" for path in sorted(TESTS.rglob("*.py")) for line in skips_without_reason(path.read_text("utf-8"))]
    assert not found, "skips without a reason: " + ", ".join(found)


@pytest.mark.parametrize(
    "source, found",
    [
        ("import pytest\ndef test_a():\n    pytest.skip('no /dev/zero here')\n", []),
        ("import pytest\ndef test_a():\n    pytest.skip()\n", [3]),
        ("import pytest\ndef test_a():\n    pytest.skip(reason='')\n", [3]),
        ("import pytest\n@pytest.mark.skipif(True, reason='not on Windows')\ndef test_a():\n    pass\n", []),
        ("import pytest\n@pytest.mark.skipif(True)\ndef test_a():\n    pass\n", [2]),
        ("import pytest\nneeds = pytest.mark.skipif(X, 'why')\n", []),
        ("import pytest\n@pytest.mark.skip\ndef test_a():\n    pass\n", [2]),
        ("import pytest\n@pytest.mark.skip(reason='the fixture is being rewritten')\ndef test_a():\n    pass\n", []),
        ("import pytest\npytestmark = pytest.mark.skipif(not ok())\n", [2]),
    ],
)
def test_skips_without_reason_are_found(source: str, found: list[int]) -> None:
    assert skips_without_reason(source) == found


# --- The shared constants are defined once, in conftest -----------------------------------

# What conftest.py defines, as a test file would spell it again.
_SHARED_PATHS = {
    ("<repository>", "rules"): "RULES_DIR",
    ("rules", "_fixtures"): "FIXTURES",
    ("<RULES_DIR>", "_fixtures"): "FIXTURES",
    ("sundhedsregler", "examples"): "EXAMPLES",
    ("examples", "local-rules"): "LOCAL_RULES",
}
# Names of conftest.py's paths, as the parts they stand for.
_NAMED = {"ROOT": "<repository>", "conftest.ROOT": "<repository>", "conftest.RULES_DIR": "<RULES_DIR>"}
_AS_OF = (2026, 11, 22)


def _path_parts(node: ast.BinOp) -> list[str]:
    """A chain ``a / "b/c" / d`` as its parts: "<repository>" for the repository root, the
    text of a constant split at '/', and ``<d>`` (its source) for anything else."""
    parts: list[str] = []
    left: ast.expr = node
    while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Div):
        right = left.right
        parts[:0] = right.value.split("/") if isinstance(right, ast.Constant) and isinstance(right.value, str) else [f"<{ast.unparse(right)}>"]
        left = left.left
    text = ast.unparse(left)
    if _is_root(left):
        head = ["<repository>"]
    elif text == "Path(sundhedsregler.__file__).parent":
        head = ["sundhedsregler"]
    else:
        head = [_NAMED.get(text, f"<{text}>")]
    return head + parts


def _is_root(node: ast.AST) -> bool:
    """``Path(__file__)...parents[1]`` or ``...parent.parent``: the repository root."""
    text = ast.unparse(node)
    return text.startswith("Path(__file__)") and (text.endswith(".parents[1]") or text.endswith(".parent.parent"))


def constants_defined_again(source: str) -> list[str]:
    """Where ``source`` (a test module) spells a constant of conftest.py again, as
    ``line: what to import instead``: the repository root, the national rules, fixtures,
    bundled examples and local-rules example directories, the evaluation date (a date
    of 2026-11-22, or its text given a name of the module's own) and the national rule
    set loaded once more, or the backends chosen again, at module level."""
    tree = ast.parse(source)
    found = []
    chains = {id(n.left) for n in ast.walk(tree) if isinstance(n, ast.BinOp)}
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and id(node) not in chains:
            parts = _path_parts(node)
            for (first, second), name in _SHARED_PATHS.items():
                if any(parts[i : i + 2] == [first, second] for i in range(len(parts) - 1)):
                    found.append(f"{node.lineno}: {name}")
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and _is_root(node) and not _is_root(getattr(node, "value", None) or node):
            found.append(f"{node.lineno}: ROOT")
        elif isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] == "date":
            if tuple(a.value for a in node.args if isinstance(a, ast.Constant)) == _AS_OF and len(node.args) == 3:
                found.append(f"{node.lineno}: AS_OF")
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Constant) and value.value == "2026-11-22":
                found.append(f"{node.lineno}: AS_OF_TEXT")
            elif isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] == "load_rules" and not value.args and not value.keywords:
                found.append(f"{node.lineno}: RULES")
            elif isinstance(value, ast.IfExp) and "durable_available()" in ast.unparse(value.test):
                found.append(f"{node.lineno}: BACKENDS")
    return sorted(set(found), key=lambda f: (int(f.split(":")[0]), f))


# Test files that may still spell a constant again, each with the reason why.
CONSTANTS_ALLOWED: dict[str, str] = {}


def test_shared_constants_are_not_defined_again() -> None:
    # The golden corpus's scripts run on their own, without conftest.py.
    found = [
        f"{path.relative_to(TESTS)}:{where}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "conftest.py" and "golden" not in path.relative_to(TESTS).parts
        for where in constants_defined_again(path.read_text("utf-8"))
        if str(path.relative_to(TESTS)) not in CONSTANTS_ALLOWED
    ]
    assert not found, "import these from tests/conftest.py instead: " + ", ".join(found)


@pytest.mark.parametrize(
    "source, found",
    [
        ('ROOT = Path(__file__).resolve().parents[1]\n', ["1: ROOT"]),
        ('HERE = Path(__file__).resolve().parent / "vocabulary_v2"\n', []),
        ('OF2 = Path(__file__).resolve().parents[1] / "rules" / "opgaveflyt" / "OF-2.yaml"\n', ["1: ROOT", "1: RULES_DIR"]),
        ('F = ROOT / "rules" / "_fixtures"\n', ["1: FIXTURES", "1: RULES_DIR"]),
        ('F = RULES_DIR / "_fixtures" / "hsa.yaml"\n', ["1: FIXTURES"]),
        ('F = FIXTURES / "hsa.yaml"\nC = RULES_DIR / "_coverage"\nT = tmp / "rules" / "x"\n', []),
        ('def f(rules):\n    return rules / "_fixtures" / "hsa.yaml"\n', []),
        ('F = Path(__file__).parents[1] / "rules/_fixtures/hsa.yaml"\n', ["1: FIXTURES", "1: ROOT", "1: RULES_DIR"]),
        ('E = Path(sundhedsregler.__file__).parent / "examples"\n', ["1: EXAMPLES"]),
        ('E = ROOT / "src" / "sundhedsregler" / "examples"\n', ["1: EXAMPLES"]),
        ('L = conftest.ROOT / "docs/examples/local-rules"\n', ["1: LOCAL_RULES"]),
        ('P = FIXTURES / "x.yaml"\nE = EXAMPLES / "y.yaml"\n', []),
        ("AS_OF = dt.date(2026, 11, 22)\n", ["1: AS_OF"]),
        ("def test_a():\n    run(as_of=datetime.date(2026, 11, 22))\n", ["2: AS_OF"]),
        ("def test_a():\n    run(as_of=dt.date(2026, 11, 23))\n", []),
        ("def test_a():\n    run(as_of=dt.datetime(2026, 11, 22, 12, 0))\n", []),
        ('AS_OF = "2026-11-22"\n', ["1: AS_OF_TEXT"]),
        ('def test_a():\n    run("--as-of", "2026-11-22")\n', []),
        ("RULES = sundhedsregler.load_rules()\n", ["1: RULES"]),
        ("LOCAL = sundhedsregler.load_rules(extra=[LOCAL_RULES])\n", []),
        ('BACKENDS = ("python", "durable") if durable_available() else ("python",)\n', ["1: BACKENDS"]),
        ("def test_a():\n    if not durable_available():\n        pytest.skip('no engine')\n", []),
        ("needs = pytest.mark.skipif(not durable_available(), reason='no engine')\n", []),
    ],
)
def test_constants_defined_again_are_found(source: str, found: list[str]) -> None:
    assert constants_defined_again(source) == found
