"""Cost per member of an opgaveflyt portfolio whose members name distinct municipalities.

Prints, for 10, 100, 1,000 and 10,000 members, the CPU time per member of deriving the
facts of the opgaveflyt portfolio scopes alone (routes per municipality and task, places
per municipality, council and region), and of a whole evaluation on each backend. The
cost per member should stay flat as the portfolio grows (issue 17); the evaluation adds
the member documents' own rules and the findings. benchmarks/run.py calls
:func:`bench_portfolio`.

    python benchmarks/portfolio_members.py            # about a minute
    python benchmarks/portfolio_members.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from typing import Any

import sundhedsregler
from sundhedsregler._engine.backends import durable_available
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


SIZES = (10, 100, 1_000, 10_000)


def bench_portfolio(
    rules: sundhedsregler.RuleSet, *, backends: list[str], quick: bool = False, repeat: int = 5
) -> dict[str, Any]:
    """Print and return the CPU time per member of a portfolio of distinct
    municipalities at each size: its portfolio facts alone, and a whole evaluation
    (``Evaluator.evaluate`` on the validated model) per backend, the arms alternated
    within each round; medians of the rounds. Large sizes take fewer rounds (10,000
    members: at most 3 rounds of one evaluation each), so the run stays within
    minutes. ``ratio``: time per member at the largest size over the smallest."""
    sizes = SIZES[:2] if quick else SIZES
    budget = 200 if quick else 4_000  # members evaluated per arm and round
    evaluators = {b: sundhedsregler.Evaluator(rules, backend=b) for b in backends}
    rows: dict[int, dict[str, float]] = {}
    for n in sizes:
        pf = portfolio(n)
        rounds = 1 if quick else (repeat if n <= 1_000 else min(repeat, 3))
        arms: dict[str, Any] = {"facts": facts_only}
        for b, ev in evaluators.items():
            arms[b] = lambda p, ev=ev: ev.evaluate(p, as_of=AS_OF)
        for fn in arms.values():
            fn(pf)  # warm: plans, engine rulesets
        times: dict[str, list[float]] = {k: [] for k in arms}
        for _ in range(rounds):
            for k, fn in arms.items():
                times[k].append(per_member(fn, pf, n, budget))
        rows[n] = {k: statistics.median(v) for k, v in times.items()}
        rows[n]["rounds"] = rounds
    first, last = sizes[0], sizes[-1]
    ratio = {k: rows[last][k] / rows[first][k] for k in rows[first] if k != "rounds"}
    counts = ", ".join(f"{int(r['rounds'])} at {n:,}" for n, r in rows.items())
    print(f"\n7. Portfolio of distinct municipalities: CPU µs per member (median of rounds: {counts})")
    arms_shown = [k for k in rows[first] if k not in ("facts", "rounds")]
    header = f"  {'members':>8}  {'portfolio facts':>15}" + "".join(f"  {('evaluate ' + b):>24}" for b in arms_shown)
    print(header)
    for n, r in rows.items():
        print(f"  {n:>8,}  {r['facts']:>15.1f}" + "".join(f"  {r[b]:>24.1f}" for b in arms_shown))
    print(f"  per member, {last:,} over {first:,}: " + ", ".join(f"{k} {v:.2f}x" for k, v in ratio.items()))
    return {"sizes": {str(n): r for n, r in rows.items()}, "ratio": ratio, "first": first, "last": last}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 10 and 100 members, one round")
    parser.add_argument("--repeat", type=int, default=5, help="rounds at up to 1,000 members (at most 3 above)")
    args = parser.parse_args(argv)
    backends = ["python", "durable"] if durable_available() else ["python"]
    bench_portfolio(sundhedsregler.load_rules(), backends=backends, quick=args.quick, repeat=args.repeat)


if __name__ == "__main__":
    main(sys.argv[1:])
