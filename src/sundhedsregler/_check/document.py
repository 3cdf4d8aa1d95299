"""``sundhedsregler.load_document``: one document from a file or a mapping, typed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._safeload import to_document
from .loading import read_path
from ..errors import DocumentError
from ..models import Document


def load_document(source: str | os.PathLike[str] | Mapping[str, Any], *, lang: str = "en") -> Document:
    """Load one document (or portfolio) from a JSON/YAML file or a mapping.

    Returns the model of its ``kind`` (one of the members of
    :data:`sundhedsregler.models.Document`). Raises :class:`DocumentError` naming the
    file and every field that failed, each problem with a stable ``code``; its message
    is in ``lang`` (``"en"`` or ``"da"``), and ``problem.text(lang)`` gives any
    problem's message in either. A YAML file that is a stream of several documents
    (separated by ``---``) is refused with their number: pass each document as a
    mapping, or check the file with ``sundhedsregler check``, which reads every document
    of the stream.
    """
    if lang not in ("da", "en"):
        raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
    try:
        if isinstance(source, Mapping):
            document: Document = to_document(source, source="<mapping>")
            return document
        path = Path(source)
        document = read_path(path)
        return document
    except DocumentError as exc:
        if lang == "en":
            raise
        raise exc.in_language(lang) from None
