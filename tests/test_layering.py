"""The package's import direction (docs/architecture.md, "The wings"): domain <-
vocabulary <- engine <- check <- command line; the modules below the wings (the
version, the problems' texts, models, errors, the safe loaders, findings) import none
of them; and the modules beside the wings (the strategies, the documentation
generator, the Hypothesis hook) are imported by no wing and no module below them.
Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sundhedsregler

PACKAGE = Path(sundhedsregler.__file__).resolve().parent
# Each wing may import the wings before it, never one after it.
WINGS = ("_domain", "_vocabulary", "_engine", "_check", "cli")
# Below every wing, in the same order (each may import those before it): what all of
# them may read.
BELOW = ("_version", "_problems", "models", "errors", "_safeload", "findings")
# Beside the wings: they import from the wings, and nothing in the wings or below them
# imports them.
BESIDE = ("strategies", "_docgen", "_hypothesis_hook", "__main__")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, *, package: bool) -> set[str]:
    """The absolute names ``source`` (the text of ``module``) imports; for ``from x
    import y`` both ``x`` and ``x.y`` (y may be a module)."""
    base = module.split(".") if package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            head = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join([*head, *(node.module.split(".") if node.module else [])])
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def _part(name: str) -> str | None:
    """The wing or lower module a name of the package belongs to (None: neither)."""
    parts = name.split(".")
    if parts[0] != "sundhedsregler" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in WINGS + BELOW else None


def _modules() -> list[tuple[str, Path]]:
    return sorted((_name(p), p) for p in PACKAGE.rglob("*.py"))


def test_the_wings_import_only_the_wings_before_them() -> None:
    wrong = []
    for module, path in _modules():
        own = _part(module)
        if own is None:
            continue
        allowed = set(BELOW) | set(WINGS[: WINGS.index(own) + 1]) if own in WINGS else {own, *BELOW[: BELOW.index(own) + 1]}
        for name in sorted(imported(path.read_text("utf-8"), module, package=path.name == "__init__.py")):
            part = _part(name)
            if part is not None and part not in allowed and part != own:
                wrong.append(f"{module} imports {name}")
    assert not wrong, "imports against the direction: " + "; ".join(sorted(set(wrong)))


def test_nothing_in_the_wings_or_below_imports_a_module_beside_them() -> None:
    wrong = []
    for module, path in _modules():
        if _part(module) is None:
            continue
        for name in sorted(imported(path.read_text("utf-8"), module, package=path.name == "__init__.py")):
            parts = name.split(".")
            if parts[0] == "sundhedsregler" and len(parts) > 1 and parts[1] in BESIDE:
                wrong.append(f"{module} imports {name}")
    assert not wrong, "the wings depend on a module beside them: " + "; ".join(sorted(set(wrong)))


def test_the_lower_modules_are_found() -> None:
    names = {m for m, _ in _modules()}
    assert {f"sundhedsregler.{m}" for m in BELOW} <= names
    assert {f"sundhedsregler.{w}" for w in WINGS} <= names
    assert {f"sundhedsregler.{b}" for b in BESIDE} <= names


def test_every_module_is_a_wing_below_them_or_beside_them() -> None:
    # a new top-level module has its place on the page, and here
    tops = {m.split(".")[1] for m, _ in _modules() if m != "sundhedsregler"}
    assert tops - set(WINGS) - set(BELOW) - set(BESIDE) == set()


@pytest.mark.parametrize(
    "source, module, package, found",
    [
        ("from .._check.loading import to_document\n", "sundhedsregler._engine.examples", False, {"sundhedsregler._check.loading", "sundhedsregler._check.loading.to_document"}),
        ("from .. import cli\n", "sundhedsregler._engine.evaluate", False, {"sundhedsregler", "sundhedsregler.cli"}),
        ("from . import base\n", "sundhedsregler._vocabulary", True, {"sundhedsregler._vocabulary", "sundhedsregler._vocabulary.base"}),
        ("def f():\n    import sundhedsregler._check.batch\n", "sundhedsregler._domain.acts", False, {"sundhedsregler._check.batch"}),
    ],
)
def test_imports_are_resolved(source: str, module: str, package: bool, found: set[str]) -> None:
    assert imported(source, module, package=package) == found
