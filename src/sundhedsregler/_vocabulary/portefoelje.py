"""Facts of portfolios: the agreements of one sundhedsråd or region taken together."""

from __future__ import annotations

from typing import Any

from .base import Context, scope

PF = scope("portefoelje", "dokument", "the portfolio as a whole")


@PF.derived("antal_dokumenter", "int", "number of documents in the portfolio", pointer="/dokumenter")
def _pf_antal(doc: Any, ctx: Context) -> int:
    return len(doc.dokumenter)


@PF.derived("antal_kommuner", "int", "number of municipalities the portfolio names", pointer="/kommuner")
def _pf_antal_kommuner(doc: Any, ctx: Context) -> int:
    return len(doc.kommuner)


# What this module declares (the vocabulary is built from it).
SCOPES = (PF,)

__all__ = ["PF", "SCOPES"]
