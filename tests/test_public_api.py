"""What `import sundhedsregler` shows is `__all__`; `load_document` is typed; every public
callable is annotated and documented, and no public signature or attribute names a
private type (the compiled rules and backends stay inside the package)."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import sundhedsregler
from sundhedsregler import models

from .conftest import FIXTURES, RULES


def test_dir_is_all_and_every_name_resolves() -> None:
    assert dir(sundhedsregler) == sorted(sundhedsregler.__all__)
    for name in sundhedsregler.__all__:
        assert getattr(sundhedsregler, name) is not None
    assert sundhedsregler.load_document.__module__.startswith("sundhedsregler.")


def test_no_stray_module_attributes() -> None:
    # In a fresh interpreter, after using every public name: the public attributes are
    # those of __all__ and the submodules Python sets on the package when importing them.
    code = (
        "import types, sundhedsregler as s\n"
        "[getattr(s, n) for n in s.__all__]\n"
        "print(' '.join(sorted(k for k, v in vars(s).items()\n"
        "    if not k.startswith('_') and not isinstance(v, types.ModuleType))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    public = [n for n in sundhedsregler.__all__ if not n.startswith("_")]
    assert proc.stdout.split() == sorted(public)
    assert "annotations" not in vars(sundhedsregler) and "Any" not in vars(sundhedsregler)
    try:
        sundhedsregler.nothing_here  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "nothing_here" in str(exc)
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")


def test_load_document_returns_the_document_union() -> None:
    hints = typing.get_type_hints(sundhedsregler.load_document, include_extras=False)
    members = set(typing.get_args(hints["return"]))
    assert members == set(models.DOCUMENT_KINDS.values())
    assert not any(m is typing.Any for m in members)
    doc = sundhedsregler.load_document(FIXTURES / "hsa.yaml")
    assert type(doc) is models.HorisontalSamarbejdsaftale


def _is_private_type(t: object) -> bool:
    """A class named with an underscore, or defined in a private module of the package
    without being one of the names of ``__all__``."""
    if not isinstance(t, type):
        return False
    if getattr(sundhedsregler, t.__name__, None) is t and t.__name__ in sundhedsregler.__all__:
        return False
    module = getattr(t, "__module__", "") or ""
    private_module = module.startswith("sundhedsregler.") and any(p.startswith("_") for p in module.split(".")[1:])
    return t.__name__.startswith("_") or private_module


def _types_in(hint: object) -> list[object]:
    out = [hint]
    for arg in typing.get_args(hint):
        out.extend(_types_in(arg))
    origin = typing.get_origin(hint)
    return [*out, origin] if origin is not None else out


def _public_callables() -> list[tuple[str, object]]:
    """Every function of ``__all__``, and every public method and property that a class
    of ``__all__`` defines in the package (not those pydantic's BaseModel defines)."""
    out: list[tuple[str, object]] = []
    for name in sundhedsregler.__all__:
        obj = getattr(sundhedsregler, name)
        if not isinstance(obj, type):
            if callable(obj):
                out.append((name, obj))
            continue
        out.append((name, obj))
        for klass in obj.__mro__:
            if not klass.__module__.startswith("sundhedsregler"):
                continue
            for attr, value in vars(klass).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(value, property):
                    out.append((f"{name}.{attr}", value.fget))
                elif isinstance(value, (staticmethod, classmethod)):
                    out.append((f"{name}.{attr}", value.__func__))
                elif inspect.isfunction(value):
                    out.append((f"{name}.{attr}", value))
    return out


def test_public_callables_are_annotated_documented_and_name_no_private_type() -> None:
    checked = set()
    for name, obj in _public_callables():
        assert inspect.getdoc(obj), f"{name} has no docstring"
        if isinstance(obj, type):
            continue  # its __init__ is checked below
        hints = typing.get_type_hints(obj)
        params = [p for p in inspect.signature(obj).parameters.values() if p.name not in ("self", "cls")]
        for p in params:
            assert p.name in hints, f"{name}: parameter {p.name} is not annotated"
        assert "return" in hints, f"{name}: the return is not annotated"
        for where, hint in hints.items():
            bad = [t for t in _types_in(hint) if _is_private_type(t)]
            assert not bad, f"{name}: {where} mentions the private type(s) {bad}"
        checked.add(name)
    # the walk reaches functions, methods, properties and constructors
    assert {"evaluate", "load_document", "Evaluator.evaluate", "RuleSet.get", "RuleSet.rules", "Report.to_json"} <= checked
    assert {"RuleSet.__init__", "Evaluator.backend_name"} <= checked


def test_no_public_attribute_holds_a_private_type() -> None:
    rules = RULES
    evaluator = sundhedsregler.Evaluator(rules, backend="python")
    for obj in (rules, evaluator):
        for attr in dir(obj):
            if attr.startswith("_"):
                continue
            value = getattr(obj, attr)
            if callable(value):
                continue
            assert not _is_private_type(type(value)), f"{type(obj).__name__}.{attr} is a {type(value)}"
            if isinstance(value, (tuple, list)):
                assert not any(_is_private_type(type(v)) for v in value), f"{type(obj).__name__}.{attr}"
    assert not hasattr(rules, "compiled") and not hasattr(rules, "by_kind") and not hasattr(rules, "backend")
    assert not hasattr(evaluator, "backend") and evaluator.backend_name == "python"
    # what the rule set hands out is a public name
    assert type(rules.get("OF-2")) is sundhedsregler.RuleFile
    assert _is_private_type(type(rules._compiled[0]))  # the check can fail: the engine's own type


def _models_reached(cls: type, seen: dict[type, str], where: str) -> None:
    """Every pydantic model a public model's fields reach, with the first field path
    that reaches it."""
    for name, info in getattr(cls, "model_fields", {}).items():
        for t in _types_in(info.annotation):
            if isinstance(t, type) and hasattr(t, "model_fields") and t not in seen:
                seen[t] = f"{where}.{name}"
                _models_reached(t, seen, f"{where}.{name}")


def test_the_fields_of_the_public_models_reach_no_engine_type() -> None:
    # What a report, a finding, a rule file and the receipt hold (their fields, to any
    # depth) is public data or the parts of the public model that holds it: the parts of
    # a rule file are the rule file format (`schema rule`), defined beside RuleFile.
    # Nothing reaches the compiled rules, the backends or the vocabulary.
    seen: dict[type, str] = {}
    for name in sundhedsregler.__all__:
        obj = getattr(sundhedsregler, name)
        if isinstance(obj, type) and hasattr(obj, "model_fields"):
            seen.setdefault(obj, name)
            _models_reached(obj, seen, name)
    assert {"RuleFile", "Report", "Finding"} <= set(seen.values())  # the walk starts where it should
    wrong = []
    for t, where in seen.items():
        root = getattr(sundhedsregler, where.split(".")[0])
        if _is_private_type(t) and t.__module__ != root.__module__:
            wrong.append(f"{where}: {t.__module__}.{t.__name__}")
    assert not wrong, "public models hold private types: " + "; ".join(wrong)
    # the check can fail: a model of a private module that no public model is defined in
    assert _is_private_type(next(t for t in seen if t.__name__ == "Parameter"))
