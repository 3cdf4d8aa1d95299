"""Facts of tilsagnsaftaler (KL inspirationskatalog, 000)."""

from __future__ import annotations

from typing import Any

from ._facts import Context, done, list_items, scope

TIL = scope("tilsagnsaftale", "dokument", "the tilsagn agreement")
TIL.field("aftaletype", "enum", "bilateral (one municipality) or samlet (all of the council's)", values=("bilateral", "samlet"))
TIL.field("indgaaet", "date", "date the agreement was concluded", act=True)


BEV = scope(
    "tilsagnsaftale",
    "bevilling",
    "each budget year the agreement funds",
    items=list_items("bevillinger"),
    collection="/bevillinger",
)
BEV.field("budgetaar", "int", "the budget year funded")
BEV.field("beloeb_kr", "int", "the amount committed for the year, in kroner")
BEV.field("kommune", "text", "the municipality the amount is for (samlet aftale)")


@BEV.derived("indgaaet", "date", "date the agreement was concluded", pointer="#/indgaaet")
def _bev_indgaaet(item: Any, ctx: Context) -> Any:
    return done(ctx.document.indgaaet, ctx)


__all__ = ["TIL", "BEV"]
