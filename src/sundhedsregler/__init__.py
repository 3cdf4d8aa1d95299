"""sundhedsregler: checks agreements made under the Danish health reform against the
rules that govern them, and returns structured findings.

>>> import datetime, sundhedsregler
>>> doc = sundhedsregler.load_document({"kind": "anmodning_om_fortsat_drift",
...     "dokument_id": "ANM-1", "region": "Region Østdanmark", "kommune": "Holbæk",
...     "opgave": "akutsygepleje", "afgivet": "2026-04-10", "slut": "2028-12-31",
...     "udgiftsdaekning": "fuld"})
>>> report = sundhedsregler.evaluate(doc, as_of=datetime.date(2026, 11, 22))
>>> report.counts["fail"]
0
"""

# The names below are imported on first use (PEP 562), so that importing the package,
# or running ``sundhedsregler --help``, does not load pydantic, the models and the
# engine; type checkers see the real imports. The module keeps no other public names:
# what ``dir(sundhedsregler)`` shows is ``__all__`` (tests/test_public_api.py).
import typing as _typing

from ._version import __version__

if _typing.TYPE_CHECKING:
    from ._engine.backends import keep_engine_memory
    from ._engine.evaluate import Evaluator, evaluate
    from ._check.document import load_document
    from ._engine.rulefile import RuleFile
    from ._engine.ruleset import RuleSet, load_rules
    from .errors import DocumentError, RuleError, SundhedsreglerError
    from .findings import Finding, Report

__all__ = [
    "DocumentError",
    "Evaluator",
    "Finding",
    "Report",
    "RuleError",
    "RuleFile",
    "RuleSet",
    "SundhedsreglerError",
    "__version__",
    "evaluate",
    "keep_engine_memory",
    "load_document",
    "load_rules",
]

_WHERE = {
    "DocumentError": "errors",
    "Evaluator": "_engine.evaluate",
    "Finding": "findings",
    "Report": "findings",
    "RuleError": "errors",
    "RuleFile": "_engine.rulefile",
    "RuleSet": "_engine.ruleset",
    "SundhedsreglerError": "errors",
    "evaluate": "_engine.evaluate",
    "keep_engine_memory": "_engine.backends",
    "load_document": "_check.document",
    "load_rules": "_engine.ruleset",
}


if not _typing.TYPE_CHECKING:
    # Hidden from type checkers, which see the imports above: to them a module
    # __getattr__ would make any other name an ``object`` rather than an error.
    def __getattr__(name: str) -> object:
        where = _WHERE.get(name)
        if where is None:
            raise AttributeError(f"module 'sundhedsregler' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f".{where}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    return sorted(__all__)


del _typing
