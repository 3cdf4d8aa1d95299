"""Safe reading of YAML and JSON text, and the validation of plain data into a document
model: what the engine (rule files, rule examples, mappings given to ``evaluate``) and
the check wing (documents) both read with.

Below the wings: it imports the models, the errors and the texts of their problems,
nothing of ``_engine`` or ``_check``. YAML is read with a safe loader only (no aliases,
no duplicate keys, nesting at most ``MAX_DEPTH``), JSON without duplicate keys or NaN;
every problem is a :class:`~sundhedsregler.errors.DocumentError` naming the source,
the field and, where the parser knows it, the line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor

from ._problems import from_pydantic
from .errors import DocumentError, FieldProblem, problem

MAX_DEPTH = 64


def pointer(parts: tuple[Any, ...] | list[Any]) -> str:
    """JSON Pointer (RFC 6901) of a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class _Duplicate(ValueError):
    def __init__(self, key: str):
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


_NO_ALIASES = "YAML aliases are not accepted"


def _hashable_key(key: Any, key_node: Any) -> None:
    """A key that is a list or a mapping (YAML's ``? [a, b]``) cannot be a key of a
    dictionary: refuse it as invalid YAML at its line, before ``key in seen`` raises
    TypeError (which would lose the whole batch)."""
    try:
        hash(key)
    except TypeError:
        kind = {"list": "list", "dict": "mapping"}.get(type(key).__name__, type(key).__name__)
        raise yaml.constructor.ConstructorError(
            None, None, f"a mapping key must be text or a number, not a {kind}", key_node.start_mark
        )


class _TooDeep(RecursionError):
    """Nested deeper than MAX_DEPTH: the composer stops there (reported as nesting)."""


def _deeper(loader: Any) -> None:
    # Composing stops at once past MAX_DEPTH, instead of recursing until Python's own
    # limit (about a thousand levels, slowly: 50 such documents in a stream took 31 s).
    depth = getattr(loader, "_depth", 0) + 1
    if depth > MAX_DEPTH + 1:
        raise _TooDeep
    loader._depth = depth


def _shallower(loader: Any) -> None:
    loader._depth -= 1


class _Checks:
    """The composer and constructor checks both YAML loaders make: no aliases (no
    billion-laughs expansion), a depth limit, hashable and unique keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            mark: Any = self.peek_event().start_mark  # type: ignore[attr-defined]
            raise yaml.constructor.ConstructorError(None, None, _NO_ALIASES, mark)
        _deeper(self)
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            _shallower(self)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]
            _hashable_key(key, key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return SafeConstructor.construct_mapping(self, node, deep=deep)  # type: ignore[arg-type]


class _SafeLoader(_Checks, yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and aliases (no billion-laughs expansion)."""


# Dates stay strings in documents (pydantic parses them); YAML 1.1 timestamps would
# otherwise become datetime objects for some spellings and strings for others.
_SafeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# libyaml's parser, where PyYAML was built with it, with the same composer and
# constructor checks as _SafeLoader (no aliases, no duplicate keys, no timestamps):
# loading the national rule set takes about a fifth of the time (docs/performance.md).
# Any problem makes _load_yaml parse again with _SafeLoader, so errors read as before.
_FastSafeLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
    from yaml.resolver import Resolver

    class _CSafeLoader(_Checks, Composer, CParser, SafeConstructor, Resolver):
        yaml_implicit_resolvers = _SafeLoader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)  # the Python composer: it recurses as _SafeLoader's does

    _FastSafeLoader = _CSafeLoader


def _load_yaml(text: str) -> Any:
    # libyaml accepts a tab inside a plain scalar where PyYAML's own scanner refuses it
    # (found by comparing the two on fuzzed rule files); such text keeps the old path.
    if _FastSafeLoader is not None and "\t" not in text:
        try:
            return yaml.load(text, Loader=_FastSafeLoader)  # noqa: S506 - a safe constructor
        except _TooDeep:
            raise
        except yaml.YAMLError as exc:
            # libyaml stops at 1,000 levels itself; PyYAML's scanner would read the
            # whole flow collection first (0.2 s for 5,000 levels) to say the same.
            if "exceeded maximum nesting depth" in str(exc):
                raise _TooDeep from None
        except Exception:  # noqa: BLE001 - parsed again below for the canonical error
            pass
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader


def _depth(value: Any, limit: int = MAX_DEPTH) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d > limit:
            return d
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def guess_format(text: str, fmt: str | None) -> str:
    """``fmt`` where given, else 'json' for text that starts like JSON, else 'yaml'."""
    if fmt is None:
        return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"
    return fmt


def parse_text(text: str, *, source: str, fmt: str | None = None) -> Any:
    """Parse JSON or YAML text into plain data. ``fmt`` is 'json', 'yaml' or None (guess).

    One document only: a YAML stream of several is refused here (see :func:`yaml_stream`).
    """
    fmt = guess_format(text, fmt)
    if not text.strip():
        raise DocumentError(source, [problem("empty")])
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
        else:
            data = _load_yaml(text)
    except _Duplicate as exc:
        raise DocumentError(source, [problem("duplicate-key", key=repr(exc.key))]) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(source, [problem("invalid-json", "", exc.lineno, detail=exc.msg)], line=exc.lineno) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        # duplicate keys and aliases are refused by our loaders, in words of our own
        if isinstance(detail, str) and detail.startswith("duplicate key "):
            found = problem("duplicate-key", "", line, key=detail[len("duplicate key ") :])
            found = FieldProblem("", f"invalid YAML: {detail}", line, found.code, found.args)
        elif detail == _NO_ALIASES:
            found = FieldProblem("", f"invalid YAML: {detail}", line, "yaml-alias")
        else:
            found = problem("invalid-yaml", "", line, detail=detail)
        raise DocumentError(source, [found], line=line) from None
    except RecursionError:
        raise DocumentError(source, [problem("too-deep", limit=MAX_DEPTH)]) from None
    except _NotANumber as exc:
        raise DocumentError(source, [problem("invalid-number", name=exc.name)]) from None
    except ValueError as exc:
        raise DocumentError(source, [problem("unreadable", detail=str(exc))]) from None
    # JSON with fewer brackets than MAX_DEPTH cannot nest deeper (each container has its
    # own bracket); the walk costs as much as the parse, so it is skipped then.
    shallow = fmt == "json" and text.count("{") + text.count("[") < MAX_DEPTH
    if not shallow and _depth(data) > MAX_DEPTH:
        raise DocumentError(source, [problem("too-deep", limit=MAX_DEPTH)])
    return data


class _NotANumber(ValueError):
    def __init__(self, name: str):
        super().__init__(f"{name} is not a valid number in a document")
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _NotANumber(name)


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """The bytes of a file, or None when it holds more than ``limit``: the limit counts
    the bytes actually read, not the size the file system gives (0 for a FIFO or
    ``/dev/zero``, which would otherwise be read until memory runs out)."""
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def validation_problems(exc: ValidationError, *, prefix: tuple[Any, ...] = ()) -> list[FieldProblem]:
    """Turn pydantic's errors into field problems with JSON Pointers.

    pydantic puts the discriminator's tag (e.g. 'tilsagnsaftale') in ``loc`` for tagged
    unions; it is not part of the document's path, so it is dropped.
    """
    from .models import DOCUMENT_KINDS

    problems = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p in DOCUMENT_KINDS)]
        kinds = ", ".join(sorted(DOCUMENT_KINDS))
        if err["type"] == "union_tag_invalid":
            problems.append(problem("kind-invalid", pointer((*prefix, *loc)), kinds=kinds))
        elif err["type"] == "union_tag_not_found":
            problems.append(problem("kind-missing", pointer((*prefix, *loc, "kind")), kinds=kinds))
        else:
            code, values = from_pydantic(err)
            problems.append(FieldProblem(pointer((*prefix, *loc)), err["msg"], None, code, tuple(values.items())))
    return problems


# Requirements (krav) of all the agreements of one portfolio. Each requirement is a
# subject of several rules, so the work grows with them: 1,000 agreements of 100
# requirements each (a 5 MB file) took 24 s and 3.8 GB; 20,000 take a few seconds.
MAX_PORTFOLIO_REQUIREMENTS = 20_000


def _portfolio_requirements(data: Mapping[str, Any]) -> int:
    members = data.get("dokumenter")
    if data.get("kind") != "portefoelje" or not isinstance(members, list):
        return 0
    return sum(len(m["krav"]) for m in members if isinstance(m, Mapping) and isinstance(m.get("krav"), list))


def to_document(data: Any, *, source: str) -> Any:
    """Validate plain data into a document model."""
    from .models import document_adapter

    if not isinstance(data, Mapping):
        raise DocumentError(source, [problem("not-an-object", type=type(data).__name__)])
    requirements = _portfolio_requirements(data)
    if requirements > MAX_PORTFOLIO_REQUIREMENTS:
        raise DocumentError(
            source,
            [problem("portfolio-too-many-requirements", "/dokumenter", count=requirements, limit=MAX_PORTFOLIO_REQUIREMENTS)],
        )
    try:
        return document_adapter.validate_python(data)
    except ValidationError as exc:
        raise DocumentError(source, validation_problems(exc)) from None
