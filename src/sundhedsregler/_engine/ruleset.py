"""Loading a rule set: one rule per YAML file, checked, compiled once per process."""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Iterable, Iterator
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .compiler import CompiledRule, compile_rule
from .durable import check_property_hashes
from .._safeload import parse_text, pointer, read_limited
from .._vocabulary import VOCABULARY, Vocabulary
from .rulefile import VOCABULARY_VERSION, RuleFile
from ..errors import DocumentError, RuleError
from ..findings import RuleSetInfo, RuleSetPart

if TYPE_CHECKING:
    from .backends import Backend

__all__ = ["RuleSet", "load_rules", "default_rules_dir"]

FIXTURES_DIR = "_fixtures"
META_FILE = "ruleset.yaml"


def default_rules_dir() -> Path:
    """The bundled rule set: inside the installed package, or ``rules/`` of a checkout."""
    packaged = resources.files("sundhedsregler") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleError("the bundled rule set was not found (neither in the package nor in a checkout)")


def id_sort_key(rule_id: str) -> tuple[Any, ...]:
    """Rule ids in natural order (OF-2 before OF-10). A number is compared by its length
    and digits, which orders as its value does, without int() (which refuses more than
    4,300 digits, and a 5,000-digit id was an error naming no file)."""
    return tuple(
        (len(p.lstrip("0")), p.lstrip("0"), p) if p.isdigit() else p for p in re.split(r"([0-9]+)", rule_id)
    )


# A rule file, fixture or ruleset.yaml larger than this is refused (the largest bundled
# file is a few KiB).
MAX_RULE_FILE_BYTES = 1024 * 1024


def _inside(path: Path, root: Path) -> None:
    """Refuse what is not a regular file (a FIFO would block the load, a device be read
    for ever) and a symbolic link that leads out of the rule directory."""
    try:
        real, top = path.resolve(strict=True), root.resolve(strict=True)
        regular = stat.S_ISREG(real.stat().st_mode)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        raise RuleError(f"cannot read: {exc}", file=str(path)) from None
    if real != top and top not in real.parents:
        raise RuleError(f"a symbolic link out of the rule directory (to {real}) is not read", file=str(path))
    if not regular:
        raise RuleError("not a regular file (a FIFO, a device or a directory) is not read", file=str(path))


def _read_yaml(path: Path, *, rule_file: bool, root: Path | None = None) -> Any:
    if root is not None:
        _inside(path, root)
    try:
        raw = read_limited(path, MAX_RULE_FILE_BYTES)
        if raw is None:
            raise RuleError(f"larger than {MAX_RULE_FILE_BYTES // 1024} KiB", file=str(path))
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read: {exc}", file=str(path)) from None
    try:
        return parse_text(text, source=str(path), fmt="yaml"), raw
    except DocumentError as exc:
        raise RuleError("; ".join(str(p) for p in exc.problems), file=str(path)) from None


class RuleSet:
    """A loaded rule set: rule files, fixtures for their examples, version and hash."""

    def __init__(
        self,
        rules: list[tuple[str, RuleFile]],
        *,
        fixtures: dict[str, dict[str, Any]],
        name: str,
        version: str,
        digest: str,
        vocabulary_version: int | None = None,
        parts: tuple[RuleSetPart, ...] = (),
    ) -> None:
        self._files = sorted(rules, key=lambda fr: id_sort_key(fr[1].id))
        # The facts the rules are compiled against (subset keeps its set's); private,
        # as its type is: the rule set hands out rule files, not the engine's types.
        self._vocabulary: Vocabulary = VOCABULARY
        self.fixtures = fixtures
        # The newest vocabulary version the files use (at most VOCABULARY_VERSION): a
        # rule set of version 1 files keeps its receipt, and its reports, as they were.
        if vocabulary_version is None:
            vocabulary_version = max((rf.schema_version for _, rf in rules), default=1)
        self.info = RuleSetInfo(
            name=name,
            version=version,
            hash=digest,
            vocabulary_version=vocabulary_version,
            sets=parts or (RuleSetPart(name=name, version=version, hash=digest),),
        )
        self._backends: dict[str, Backend] = {}

    # Compiled state is per process (field notes: a ruleset handle is meaningless in
    # another process), so pickling keeps only the definitions.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_compiled", None)
        state.pop("_by_kind", None)
        state["_backends"] = {}
        # The facts are code (getters), not data: a pickled rule set takes the national
        # vocabulary back when it is unpickled; another vocabulary cannot be pickled.
        if state["_vocabulary"] is not VOCABULARY:
            raise TypeError("a rule set compiled against another vocabulary than the national one cannot be pickled")
        del state["_vocabulary"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _vocabulary=VOCABULARY)

    @property
    def rules(self) -> tuple[RuleFile, ...]:
        """The rule files, in natural id order (OF-2 before OF-10)."""
        return tuple(rf for _, rf in self._files)

    @property
    def files(self) -> tuple[tuple[str, RuleFile], ...]:
        """(path of the file, rule file) of each rule, in the order of ``rules``."""
        return tuple(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[RuleFile]:
        return iter(self.rules)

    def get(self, rule_id: str) -> RuleFile:
        """The rule file of ``rule_id``; KeyError when the set has no such rule."""
        for rf in self.rules:
            if rf.id == rule_id:
                return rf
        raise KeyError(rule_id)

    # The compiled rules and the backends are the engine's own (their types are
    # private): evaluation, examples, strategies and docs use them inside the package;
    # callers see rules, files, info, get and subset.
    @cached_property
    def _compiled(self) -> list[CompiledRule]:
        compiled = [
            compile_rule(rf, file=f, code=i + 1, vocabulary=self._vocabulary) for i, (f, rf) in enumerate(self._files)
        ]
        # Whatever the backend: a rule durable-rules would misread is refused for both,
        # so that the two never disagree on it.
        check_property_hashes(compiled)
        return compiled

    @cached_property
    def _by_kind(self) -> dict[str, list[CompiledRule]]:
        out: dict[str, list[CompiledRule]] = {}
        for cr in self._compiled:
            out.setdefault(cr.rule.applies_to, []).append(cr)
        return out

    def _backend(self, name: str | None) -> Backend:
        """The backend ``name`` over this rule set, made once per process."""
        from .backends import durable_available, make_backend

        key = name or ("durable" if durable_available() else "python")
        if key not in self._backends:
            self._backends[key] = make_backend(key, self._compiled)
        return self._backends[key]

    def subset(self, ids: Iterable[str]) -> "RuleSet":
        """The rule set of only the rules ``ids`` (same receipt); KeyError naming the
        ids it does not hold."""
        wanted = set(ids)
        unknown = wanted - {rf.id for rf in self.rules}
        if unknown:
            raise KeyError(f"unknown rule ids: {', '.join(sorted(unknown))}")
        subset = RuleSet(
            [fr for fr in self._files if fr[1].id in wanted],
            fixtures=self.fixtures,
            name=self.info.name,
            version=self.info.version,
            digest=self.info.hash,
            vocabulary_version=self.info.vocabulary_version,
            parts=self.info.sets,
        )
        subset._vocabulary = self._vocabulary
        return subset


def _load_rule_file(path: Path, root: Path) -> tuple[RuleFile, bytes]:
    data, raw = _read_yaml(path, rule_file=True, root=root)
    rel = str(path)
    rule_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise RuleError("a rule file must hold one mapping", file=rel)
    try:
        return RuleFile.model_validate(data), raw
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        where = pointer(first["loc"]).lstrip("/").replace("/", ".") or None
        detail = "; ".join(
            f"{pointer(e['loc']).lstrip('/').replace('/', '.') or '(top)'}: {e['msg']}" for e in errors[:5]
        )
        raise RuleError(detail, file=rel, rule_id=rule_id if isinstance(rule_id, str) else None, field=where) from None


def load_rules(
    path: str | Path | None = None, *, extra: Iterable[str | Path] = (), national: bool = True
) -> RuleSet:
    """Load and check a rule set.

    ``path`` defaults to the bundled national rule set; ``extra`` adds local rule
    directories (a municipality's or region's own rules) beside it, in order. With
    ``national=False`` and no ``path`` only the ``extra`` directories are loaded.
    Raises :class:`~sundhedsregler.errors.RuleError` naming the file, rule and field of
    the first problem; a rule id or fixture name found in two directories is rejected,
    naming both files.
    """
    if path is not None:
        first: list[Path] = [Path(path)]
    else:
        first = [default_rules_dir()] if national else []
    dirs = [*first, *(Path(p) for p in extra)]
    if not dirs:
        raise RuleError("no rule directory given (the national rules left out and no local ones)")
    rules: list[tuple[str, RuleFile]] = []
    fixtures: dict[str, dict[str, Any]] = {}
    fixture_files: dict[str, str] = {}
    digest = hashlib.sha256()
    seen: dict[str, str] = {}
    parts: list[RuleSetPart] = []
    loaded: set[Path] = set()
    for n, root in enumerate(dirs):
        if not root.is_dir():
            raise RuleError("not a directory", file=str(root))
        if root.resolve() in loaded:
            raise RuleError("rule directory given twice", file=str(root))
        loaded.add(root.resolve())
        # Each directory's own hash names it in the receipt; the combined hash (over
        # every directory, numbered in load order) names the whole rule set.
        own = hashlib.sha256()

        def take(rel: str, raw: bytes) -> None:
            digest.update(f"{n}:{rel}\0".encode() + raw)
            own.update(f"{rel}\0".encode() + raw)

        name, version = root.resolve().name, "0"
        meta_path = root / META_FILE
        if meta_path.exists():
            meta, raw = _read_yaml(meta_path, rule_file=False, root=root)
            take(META_FILE, raw)
            if not isinstance(meta, dict) or not {"name", "version"} <= set(meta):
                raise RuleError("ruleset.yaml needs 'name' and 'version'", file=str(meta_path))
            name, version = str(meta["name"]), str(meta["version"])
        for fx in sorted((root / FIXTURES_DIR).glob("*.yaml")) if (root / FIXTURES_DIR).is_dir() else []:
            data, raw = _read_yaml(fx, rule_file=False, root=root)
            take(f"{FIXTURES_DIR}/{fx.name}", raw)
            if fx.stem in fixtures:
                raise RuleError(f"fixture {fx.stem!r} defined twice (also in {fixture_files[fx.stem]})", file=str(fx))
            if not isinstance(data, dict):
                raise RuleError("a fixture must be one document (a mapping)", file=str(fx))
            fixtures[fx.stem] = data
            fixture_files[fx.stem] = str(fx)
        for f in sorted(root.rglob("*.yaml")):
            rel = f.relative_to(root)
            if f.name == META_FILE and len(rel.parts) == 1:
                continue
            if any(part.startswith(("_", ".")) for part in rel.parts[:-1]):
                continue
            rf, raw = _load_rule_file(f, root)
            take(rel.as_posix(), raw)
            if rf.id in seen:
                raise RuleError(f"duplicate rule id (also in {seen[rf.id]})", file=str(f), rule_id=rf.id, field="id")
            seen[rf.id] = str(f)
            rules.append((str(f), rf))
        parts.append(RuleSetPart(name=name, version=version, hash="sha256:" + own.hexdigest()))
    if not rules:
        raise RuleError("no rule files found", file=", ".join(str(d) for d in dirs))
    rs = RuleSet(
        rules,
        fixtures=fixtures,
        name=parts[0].name,
        version=parts[0].version,
        digest="sha256:" + digest.hexdigest(),
        parts=tuple(parts),
    )
    rs._compiled  # noqa: B018 - compile now so that a bad rule fails at load time
    return rs
