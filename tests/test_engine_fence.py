"""durable-rules is fenced into one module: no other module of the package imports it,
and evaluation reaches either backend only through the protocol in _engine/backends."""

from __future__ import annotations

import ast

import pytest

import sundhedsregler
from sundhedsregler._engine.backends import durable_available, make_backend

from .conftest import AS_OF, FIXTURES, ROOT, RULES

PACKAGE = ROOT / "src" / "sundhedsregler"
FENCE = PACKAGE / "_engine" / "durable.py"


def _imports(path: object) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
    return out


def test_only_the_durable_module_imports_durable_rules() -> None:
    importers = sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if any(m.split(".")[0] in ("durable", "durable_rules_engine") for m in _imports(p))
    )
    assert importers == [str(FENCE.relative_to(PACKAGE))]


@pytest.mark.parametrize("name", ["python", "durable"])
def test_each_backend_gives_the_protocol_its_matches(name: str) -> None:
    if name == "durable" and not durable_available():
        pytest.skip("durable-rules is not importable here")
    rules = RULES
    backend = make_backend(name, rules._compiled)
    assert backend.name == name
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    _, facts, spans = sundhedsregler.Evaluator(rules, backend="python")._collect(doc, AS_OF)
    matches = backend.run(facts, spans)
    assert matches and all(isinstance(m, tuple) and len(m) == 3 for m in matches)
    assert matches == make_backend("python", rules._compiled).run(facts, spans)
    with pytest.raises(ValueError, match="unknown backend 'nope'"):
        make_backend("nope", rules._compiled)
