"""Cost per member of an opgaveflyt portfolio whose members name distinct municipalities.

Prints, for each size, the CPU time per member of deriving the facts of the opgaveflyt
portfolio scopes alone (routes per municipality and task, places per municipality,
council and region), and of a whole evaluation with the python backend. The facts' cost
per member should stay flat as the portfolio grows (issue 17); the evaluation adds the
member documents' own rules and the findings.

    python benchmarks/portfolio_members.py 10 100 1000 10000
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

import sundhedsregler
from sundhedsregler._vocabulary import VOCABULARY
from sundhedsregler._vocabulary.base import Context
from sundhedsregler.models import Portefoelje

AS_OF = dt.date(2026, 11, 22)
SCOPE_NAMES = ("opgaveflyt_opgave", "pladser_kommune", "pladser_sundhedsraad", "pladser_region")


def portfolio(n: int) -> Portefoelje:
    """A council's portfolio of ``n`` delingsaftaler, each for its own municipality."""
    member: dict[str, Any] = {
        "kind": "delingsaftale",
        "region": "Region Østdanmark",
        "sundhedsraad": "Sundhedsråd Nordsjælland",
        "opgaver": ["akutsygepleje", "sundheds_og_omsorgspladser"],
        "pladser": 3,
    }
    docs = [{**member, "dokument_id": f"DEL-{i}", "kommune": f"Kommune {i}"} for i in range(n)]
    return Portefoelje.model_validate(
        {"kind": "portefoelje", "dokument_id": "PF", "sundhedsraad": "Sundhedsråd Nordsjælland", "dokumenter": docs}
    )


def facts_only(pf: Portefoelje) -> None:
    ctx = Context(AS_OF, pf, pf)
    for name in SCOPE_NAMES:
        s = VOCABULARY["portefoelje"][name]
        for _, obj in s.items(pf):
            for f in s.facts.values():
                f.get(obj, ctx)


def per_member(fn: Any, pf: Portefoelje, n: int, budget: int) -> float:
    """CPU microseconds per member of ``fn(pf)``, over enough repeats for ``budget`` members."""
    repeats = max(1, budget // n)
    start = time.process_time()
    for _ in range(repeats):
        fn(pf)
    return (time.process_time() - start) / repeats / n * 1e6


def main(argv: list[str]) -> None:
    rules = sundhedsregler.load_rules()
    for n in [int(a) for a in argv] or [10, 100, 1000]:
        pf = portfolio(n)
        facts = per_member(facts_only, pf, n, 2000)
        whole = per_member(lambda p: sundhedsregler.evaluate(p, as_of=AS_OF, rules=rules, backend="python"), pf, n, 500)
        print(f"{n:>6} members: portfolio facts {facts:8.1f} µs/member; evaluate (python) {whole:8.1f} µs/member")


if __name__ == "__main__":
    main(sys.argv[1:])
