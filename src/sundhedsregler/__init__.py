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

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._evaluate import Evaluator, evaluate
from ._loading import read_path, to_document
from ._ruleset import RuleSet, load_rules
from .errors import DocumentError, RuleError, SundhedsreglerError
from .findings import Finding, Report

__version__ = "0.1.0"

__all__ = [
    "DocumentError",
    "Evaluator",
    "Finding",
    "Report",
    "RuleError",
    "RuleSet",
    "SundhedsreglerError",
    "__version__",
    "evaluate",
    "load_document",
    "load_rules",
]


def load_document(source: str | os.PathLike[str] | Mapping[str, Any], *, lang: str = "en") -> Any:
    """Load one document (or portfolio) from a JSON/YAML file or a mapping.

    Raises :class:`DocumentError` naming the file and every field that failed, each
    problem with a stable ``code``; its message is in ``lang`` (``"en"`` or ``"da"``),
    and ``problem.text(lang)`` gives any problem's message in either. A YAML
    file that is a stream of several documents (separated by ``---``) is refused with
    their number: pass each document as a mapping, or check the file with
    ``sundhedsregler check``, which reads every document of the stream.
    """
    if lang not in ("da", "en"):
        raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
    try:
        if isinstance(source, Mapping):
            return to_document(source, source="<mapping>")
        path = Path(source)
        return to_document(read_path(path), source=str(path))
    except DocumentError as exc:
        if lang == "en":
            raise
        raise exc.in_language(lang) from None
