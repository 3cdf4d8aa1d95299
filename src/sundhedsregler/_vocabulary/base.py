"""Facts: the typed values rules are written over, computed in Python from a document.

A *scope* is what a rule's conditions are evaluated for: the document itself
(``dokument``) or each item of one of its lists (``indsats``, ``krav``, ``post`` ...).
Each scope declares its facts: name, type, description, how to compute it, and where in
the document it lives (a JSON Pointer relative to the subject). Rules may only name
declared facts; the compiler checks that, and the type of every comparison.

A :class:`Vocabulary` is a value: the scopes of every document kind, built from the
modules that declare them (``sundhedsregler._vocabulary`` builds the national one) and
handed to the compiler. Nothing is registered by importing a module; this module holds
the machinery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any, Literal

from .._domain.acts import done, is_filled

FactType = Literal["int", "bool", "date", "enum", "text"]
# What an integer fact counts, so that a message shows it as a reader writes it
# (vocabulary version 2): kroner as an amount, bp as a percentage, days and months with
# the unit, a year as written ("2027"), a count grouped by thousands (the default).
Unit = Literal["kroner", "bp", "days", "months", "year", "count"]
UNITS: tuple[str, ...] = ("kroner", "bp", "days", "months", "year", "count")
PointerBase = Literal["subject", "unit"]


@dataclass(frozen=True)
class Context:
    """What a fact may depend on besides its subject: the evaluation date and the
    document (or portfolio) the subject belongs to."""

    as_of: dt.date
    document: Any
    portfolio: Any = None


Getter = Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    description: str
    get: Getter
    pointer: str = ""
    values: tuple[str, ...] | None = None  # allowed values of an enum fact
    derived: bool = False
    unit: Unit | None = None  # what an int fact counts (None: a plain count)
    # What ``pointer`` is relative to: the subject (an item of a list, or the document
    # itself), or the evaluated unit (the document the subject belongs to), for a fact
    # of an item that lives elsewhere in its document (a budget year's requirements).
    pointer_base: PointerBase = "subject"

    def __post_init__(self) -> None:
        if self.unit is not None and self.type != "int":
            raise ValueError(f"fact {self.name!r}: only an int fact has a unit, not a {self.type} fact")
        if self.pointer and not self.pointer.startswith("/"):
            raise ValueError(
                f"fact {self.name!r}: a pointer starts with '/' (for one relative to the document, "
                f"give pointer_base='unit'), not {self.pointer!r}"
            )


@dataclass(frozen=True)
class Subject:
    """One thing a rule is evaluated for: its JSON Pointer in the evaluated unit and
    the object itself."""

    pointer: str
    obj: Any


ItemsFn = Callable[[Any], Iterable[tuple[str, Any]]]


@dataclass(frozen=True)
class Applicability:
    """When the rules over a scope apply to an evaluated unit at all. Where ``test`` is
    false, each of those rules gives one not_applicable finding at the scope's
    collection whose message gives ``reason`` (Danish, English), instead of a finding
    per item or "no items": a portfolio of tilsagnsaftaler has municipalities, but the
    rules about the routes of moved tasks have nothing to say about them."""

    test: Callable[[Any], bool]
    reason_da: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_da if lang == "da" else self.reason_en


def _itself(doc: Any) -> Iterable[tuple[str, Any]]:
    return (("", doc),)


@dataclass
class Scope:
    kind: str
    name: str
    description: str
    items: ItemsFn = _itself
    collection: str = ""  # JSON Pointer of the list the items come from ("" for the document)
    facts: dict[str, Fact] = field(default_factory=dict)
    applies: Applicability | None = None  # None: the scope's rules apply to every unit of its kind

    def subjects(self, doc: Any) -> Iterator[Subject]:
        for pointer, obj in self.items(doc):
            yield Subject(pointer, obj)

    # --- registration helpers -------------------------------------------------------

    def add(self, fact: Fact) -> Fact:
        if fact.name in self.facts:
            raise ValueError(f"fact {fact.name!r} declared twice in scope {self.kind}/{self.name}")
        if fact.name == "as_of":
            raise ValueError("'as_of' is reserved")
        self.facts[fact.name] = fact
        return fact

    def field(
        self,
        name: str,
        type: FactType,
        description: str,
        *,
        path: tuple[str, ...] | None = None,
        values: Iterable[str] | type[Enum] | None = None,
        act: bool = False,
        unit: Unit | None = None,
    ) -> Fact:
        """A fact read straight from the model: ``path`` (default: the fact's name) is
        the chain of attributes; an absent link gives an absent fact.

        ``act=True`` marks the date of an act (an approval, a delivery, a decision): an
        act dated after the evaluation date has not happened yet as of that date, so
        the fact is absent then (``_domain.acts.done``). ``unit`` says what an int fact counts.
        """
        chain = path or (name,)
        get: Getter
        if len(chain) == 1 and not act:
            attr = chain[0]

            def get(obj: Any, ctx: Context) -> Any:  # one attribute, without the loop (hot path)
                if obj is None:
                    return None
                v = getattr(obj, attr)
                # _value_ is what .value returns, without the descriptor call
                return v._value_ if isinstance(v, Enum) else v

        else:

            def get(obj: Any, ctx: Context) -> Any:
                for attr in chain:
                    if obj is None:
                        return None
                    obj = getattr(obj, attr)
                if act:
                    return done(obj, ctx.as_of)
                return obj._value_ if isinstance(obj, Enum) else obj

        return self.add(
            Fact(name, type, description, get, "/" + "/".join(chain), _enum_values(values), unit=unit)
        )

    def filled(self, name: str, description: str, *, path: tuple[str, ...]) -> Fact:
        """Whether the free-text clause at ``path`` (a chain of attributes) says
        something: absent when the clause (or a link of the chain) is missing, false
        when it is a placeholder such as 'udfyldes senere' or 'TBD' (``is_filled``)."""

        def get(obj: Any, ctx: Context) -> bool | None:
            for attr in path:
                if obj is None:
                    return None
                obj = getattr(obj, attr)
            return is_filled(obj)

        return self.add(Fact(name, "bool", description, get, "/" + "/".join(path), derived=True))

    def derived(
        self,
        name: str,
        type: FactType,
        description: str,
        *,
        pointer: str = "",
        values: Iterable[str] | type[Enum] | None = None,
        unit: Unit | None = None,
        pointer_base: PointerBase = "subject",
    ) -> Callable[[Getter], Getter]:
        """Decorator: a fact computed by a named, tested function. ``pointer`` is where
        a finding on it points, relative to the subject or (``pointer_base="unit"``)
        to the document the subject belongs to."""

        def register(fn: Getter) -> Getter:
            fact = Fact(name, type, description, fn, pointer, _enum_values(values), derived=True, unit=unit, pointer_base=pointer_base)
            self.add(fact)
            return fn

        return register


def _enum_values(values: Iterable[str] | type[Enum] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, type) and issubclass(values, Enum):
        return tuple(str(m.value) for m in values)
    return tuple(values)


def scope(
    kind: str,
    name: str,
    description: str,
    *,
    items: ItemsFn | None = None,
    collection: str = "",
    applies: Applicability | None = None,
) -> Scope:
    """A new scope of document kind ``kind``; it belongs to a vocabulary once a
    :class:`Vocabulary` is built with it."""
    return Scope(kind, name, description, items or _itself, collection, applies=applies)


class Vocabulary:
    """The scopes rules may be written over, per document kind: an explicit value, built
    from the scopes each document kind's module declares, and passed to the compiler."""

    def __init__(self, scopes: Iterable[Scope]):
        by_kind: dict[str, dict[str, Scope]] = {}
        for s in scopes:
            of_kind = by_kind.setdefault(s.kind, {})
            if s.name in of_kind:
                raise ValueError(f"scope {s.kind}/{s.name} declared twice")
            of_kind[s.name] = s
        self._by_kind = by_kind

    @property
    def kinds(self) -> tuple[str, ...]:
        """The document kinds with scopes, in declaration order."""
        return tuple(self._by_kind)

    def scopes(self, kind: str) -> Mapping[str, Scope]:
        """The scopes of a document kind by name (empty for a kind without any)."""
        return MappingProxyType(self._by_kind.get(kind, {}))

    def __getitem__(self, kind: str) -> Mapping[str, Scope]:
        return MappingProxyType(self._by_kind[kind])

    def __iter__(self) -> Iterator[Scope]:
        return (s for of_kind in self._by_kind.values() for s in of_kind.values())


def text_list(names: Iterable[str]) -> list[str] | None:
    """The value of a text fact that names several things: a list, not a joined string,
    so that a version 2 message joins it as the report's language does ("A, B og C" /
    "A, B and C"); absent when there is nothing to name."""
    items = list(names)
    return items if items else None


def list_items(attr: str) -> ItemsFn:
    """Items of a list attribute, with their JSON Pointers."""

    def items(doc: Any) -> Iterable[tuple[str, Any]]:
        return ((f"/{attr}/{i}", obj) for i, obj in enumerate(getattr(doc, attr)))

    return items
