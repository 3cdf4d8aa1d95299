"""Exception classes. Findings are values; these are only for bad input and bad rules."""

from __future__ import annotations

__all__ = ["SundhedsreglerError", "DocumentError", "RuleError", "FieldProblem"]

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem in an input document: where (JSON Pointer) and what."""

    pointer: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.pointer or "/"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class SundhedsreglerError(Exception):
    """Base class of every exception the library raises on purpose."""


class DocumentError(SundhedsreglerError, ValueError):
    """A document cannot be read or does not validate.

    ``source`` names the file (or ``<mapping>``/``<stdin>``), ``problems`` lists every
    field that failed, each with its JSON Pointer.
    """

    def __init__(self, source: str, problems: list[FieldProblem] | tuple[FieldProblem, ...], *, line: int | None = None):
        self.source = source
        self.problems = tuple(problems)
        self.line = line
        where = source if line is None else f"{source}:{line}"
        detail = "; ".join(str(p) for p in self.problems[:10])
        more = len(self.problems) - 10
        if more > 0:
            detail += f"; and {more} more"
        super().__init__(f"{where}: {detail}")


class RuleError(SundhedsreglerError, ValueError):
    """A rule file (or the rule set) is invalid. Names the file, the rule id and the field."""

    def __init__(self, message: str, *, file: str | None = None, rule_id: str | None = None, field: str | None = None):
        self.file = file
        self.rule_id = rule_id
        self.field = field
        parts = [p for p in (file, f"rule {rule_id}" if rule_id else None, f"field {field}" if field else None) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
