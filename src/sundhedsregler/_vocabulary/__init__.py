"""The vocabulary wing: the facts rules are written over, one module per document kind
with a section per subject (scope); ``opgaveflyt`` declares the facts several opgaveflyt
kinds share.

``VOCABULARY`` is built here, explicitly, from the scopes each module declares; the
compiler is handed it (``compile_rule(..., vocabulary=...)``, through the rule set).
Importing a module registers nothing.
"""

from __future__ import annotations

from . import (
    anmodning_om_fortsat_drift,
    delingsaftale,
    horisontal_samarbejdsaftale,
    oekonomisk_disposition,
    portefoelje,
    tilsagnsaftale,
)
from .base import Vocabulary

VOCABULARY = Vocabulary(
    (
        *tilsagnsaftale.SCOPES,
        *horisontal_samarbejdsaftale.SCOPES,
        *anmodning_om_fortsat_drift.SCOPES,
        *delingsaftale.SCOPES,
        *oekonomisk_disposition.SCOPES,
        *portefoelje.SCOPES,
    )
)

__all__ = ["VOCABULARY", "Vocabulary"]
