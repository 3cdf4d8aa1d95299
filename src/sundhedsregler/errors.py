"""Exception classes. Findings are values; these are only for bad input and bad rules."""

from __future__ import annotations

__all__ = ["SundhedsreglerError", "DocumentError", "RuleError", "FieldProblem"]

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """One problem in an input document: where (JSON Pointer) and what.

    ``message`` is the English text; ``code`` is stable (``field-missing``,
    ``invalid-json``, ...: docs/cli.md lists them) and ``text(lang)`` gives the message
    in Danish or English, from the code and its ``args``.
    """

    pointer: str
    message: str
    line: int | None = None
    code: str = "invalid-value"
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``da`` or ``en``)."""
        from ._problems import render

        return render(self.code, dict(self.args), lang, self.message)

    def describe(self, lang: str = "en") -> str:
        """Where and what, in ``lang``: ``/kommune (line 3): Field required``."""
        where = self.pointer or "/"
        if self.line is not None:
            where = f"{where} ({'linje' if lang == 'da' else 'line'} {self.line})"
        return f"{where}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.describe("en")


def problem(code: str, pointer: str = "", line: int | None = None, **args: Any) -> FieldProblem:
    """A problem of one of our own codes, with its English message."""
    from ._problems import english

    return FieldProblem(pointer, english(code, args), line, code, tuple(args.items()))


class SundhedsreglerError(Exception):
    """Base class of every exception the library raises on purpose."""


class DocumentError(SundhedsreglerError, ValueError):
    """A document cannot be read or does not validate.

    ``source`` names the file (or ``<mapping>``/``<stdin>``), ``problems`` lists every
    field that failed, each with its JSON Pointer.
    """

    def __init__(
        self,
        source: str,
        problems: list[FieldProblem] | tuple[FieldProblem, ...],
        *,
        line: int | None = None,
        lang: str = "en",
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.line = line
        self.lang = lang
        super().__init__(f"{source if line is None else f'{source}:{line}'}: {describe(self.problems, lang)}")

    def in_language(self, lang: str) -> "DocumentError":
        """The same error, its message in ``lang``; ``problems`` keep their English
        ``message`` and give ``text(lang)``."""
        return DocumentError(self.source, self.problems, line=self.line, lang=lang)


def describe(problems: tuple[FieldProblem, ...] | list[FieldProblem], lang: str = "en") -> str:
    """At most ten problems, joined, in ``lang``; "and N more" for the rest."""
    detail = "; ".join(p.describe(lang) for p in problems[:10])
    more = len(problems) - 10
    if more > 0:
        detail += f"; og {more} til" if lang == "da" else f"; and {more} more"
    return detail


class RuleError(SundhedsreglerError, ValueError):
    """A rule file (or the rule set) is invalid. Names the file, the rule id and the field."""

    def __init__(self, message: str, *, file: str | None = None, rule_id: str | None = None, field: str | None = None) -> None:
        self.file = file
        self.rule_id = rule_id
        self.field = field
        parts = [p for p in (file, f"rule {rule_id}" if rule_id else None, f"field {field}" if field else None) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
