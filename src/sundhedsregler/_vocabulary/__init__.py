"""The vocabulary wing: the facts rules are written over.

``VOCABULARY`` is built here, explicitly, from the scopes each module declares; the
compiler is handed it (``compile_rule(..., vocabulary=...)``, through the rule set).
Importing a module registers nothing.
"""

from __future__ import annotations

from . import opgaveflyt, portefoelje, tilsagn
from .base import Vocabulary

VOCABULARY = Vocabulary((*tilsagn.SCOPES, *opgaveflyt.SCOPES, *portefoelje.SCOPES))

__all__ = ["VOCABULARY", "Vocabulary"]
