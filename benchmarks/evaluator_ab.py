"""The evaluator and the durable backend as of a git commit against the working tree's,
in one run.

    python benchmarks/evaluator_ab.py                   # against HEAD
    python benchmarks/evaluator_ab.py --baseline REF    # another git commit
    python benchmarks/evaluator_ab.py --quick           # a smoke run
    python benchmarks/evaluator_ab.py --only portfolio  # one section (or: e2e)

"before" is ``_engine/evaluate.py`` and ``_engine/durable.py`` as of ``--baseline``,
loaded from git beside the working tree's as sibling modules (their relative imports
resolve against the working tree's package); "after" is the working tree's. The two
arms are alternated in every round, CPU time, medians of the rounds. Both must give
the same report data on every document (checked before timing). Sections:

- ``e2e``: end to end in the default (summary) form, as ``benchmarks/run.py`` times it
  (bytes validated, evaluated to plain data, written with orjson), per kind and mixed,
  on both backends, and the durable / python ratio before and after;
- ``portfolio``: ``Evaluator.evaluate`` per member of a portfolio of 10 to 10,000
  delingsaftaler for distinct municipalities (``portfolio_members.py``) on both
  backends, and the ratio per member of the largest over the smallest.
It measures, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ab import cpu_per_call, module_at  # noqa: E402
import documents  # noqa: E402
import portfolio_members  # noqa: E402

import sundhedsregler  # noqa: E402
from sundhedsregler._check.loading import read_document  # noqa: E402
from sundhedsregler._check.render.json import dump_data  # noqa: E402
from sundhedsregler._engine.backends import durable_available  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
SOURCE = "<benchmark>"


def evaluators(rules: sundhedsregler.RuleSet, ref: str, backends: list[str]) -> dict[str, dict[str, Any]]:
    """"before" and "after" -> backend -> Evaluator."""
    evaluate_before = module_at(ref, "evaluate")
    out: dict[str, dict[str, Any]] = {"before": {}, "after": {}}
    durable_before = None
    if "durable" in backends:
        durable_before = module_at(ref, "durable").DurableBackend(rules._compiled)
    for b in backends:
        out["after"][b] = sundhedsregler.Evaluator(rules, backend=b)
        ev = evaluate_before.Evaluator(rules, backend=b)
        if b == "durable":
            ev._backend = durable_before
        out["before"][b] = ev
    return out


def _e2e(ev: Any) -> Any:
    def run(raw: bytes) -> str:
        return dump_data(ev._evaluate_data(read_document(raw, source=SOURCE, fmt="json"), as_of=AS_OF).data("summary"))

    return run


def bench_e2e(evs: dict[str, dict[str, Any]], backends: list[str], quick: bool, repeat: int) -> None:
    pool = 8 if quick else 64
    cases = {k: [documents.single(k, i + 1) for i in range(pool)] for k in documents.SINGLES}
    cases["mixed single documents"] = documents.mixed(pool)
    n = 20 if quick else 600
    print(f"\ne2e, default report: CPU µs per document, median of {repeat} (before = baseline, after = tree)")
    head = "".join(f"{f'{b} {a}':>16}" for b in backends for a in ("before", "after"))
    print(f"  {'case':28}{head}" + ("  d/p before  d/p after" if len(backends) == 2 else ""))
    for case, datas in cases.items():
        raws = [json.dumps(d, ensure_ascii=False).encode() for d in datas]
        for raw in raws:
            outs = {a: {b: _e2e(evs[a][b])(raw) for b in backends} for a in evs}
            if len({o for per in outs.values() for o in per.values()}) != 1:
                raise SystemExit(f"{case}: the reports differ between arms")
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(repeat):
            for b in backends:
                for a in ("before", "after"):
                    times.setdefault((b, a), []).append(cpu_per_call(_e2e(evs[a][b]), raws, n))
        m = {k: statistics.median(v) * 1e6 for k, v in times.items()}
        line = "".join(f"{m[b, a]:16.1f}" for b in backends for a in ("before", "after"))
        if len(backends) == 2:
            r = {
                a: statistics.median([d / p for d, p in zip(times["durable", a], times["python", a])])
                for a in ("before", "after")
            }
            line += f"{r['before']:11.2f}x{r['after']:10.2f}x"
        print(f"  {case:28}{line}")


def bench_portfolio(evs: dict[str, dict[str, Any]], backends: list[str], quick: bool, repeat: int) -> None:
    sizes = portfolio_members.SIZES[:2] if quick else portfolio_members.SIZES
    budget = 200 if quick else 4_000
    print(f"\nportfolio of distinct municipalities: Evaluator.evaluate, CPU µs per member (before = baseline, after = tree)")
    arms = [(b, a) for b in backends for a in ("before", "after")]
    print(f"  {'members':>8}" + "".join(f"{f'{b} {a}':>18}" for b, a in arms))
    rows: dict[int, dict[tuple[str, str], float]] = {}
    for size in sizes:
        pf = portfolio_members.portfolio(size)
        first = {k: evs[k[1]][k[0]].evaluate(pf, as_of=AS_OF) for k in arms}  # also warms up
        if len({r.to_json() for r in first.values()}) != 1:
            raise SystemExit(f"portfolio of {size}: the reports differ between arms")
        del first
        rounds = 1 if quick else (repeat if size <= 1_000 else min(repeat, 3))
        times: dict[tuple[str, str], list[float]] = {k: [] for k in arms}
        for _ in range(rounds):
            for b, a in arms:
                ev = evs[a][b]
                times[b, a].append(portfolio_members.per_member(lambda p, ev=ev: ev.evaluate(p, as_of=AS_OF), pf, size, budget))
        rows[size] = {k: statistics.median(v) for k, v in times.items()}
        print(f"  {size:>8,}" + "".join(f"{rows[size][k]:18.1f}" for k in arms))
    lo, hi = sizes[0], sizes[-1]
    print(f"  per member, {hi:,} over {lo:,}: " + ", ".join(f"{b} {a} {rows[hi][b, a] / rows[lo][b, a]:.2f}x" for b, a in arms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD", help="git commit of the 'before' evaluate.py and durable.py")
    parser.add_argument("--quick", action="store_true", help="a smoke run; figures are not meaningful")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the median is printed")
    parser.add_argument("--only", action="append", choices=("e2e", "portfolio"), help="one section (repeatable)")
    args = parser.parse_args(argv)
    backends = ["python", "durable"] if durable_available() else ["python"]
    rules = sundhedsregler.load_rules()
    evs = evaluators(rules, args.baseline, backends)
    sections = args.only or ["e2e", "portfolio"]
    repeat = 1 if args.quick else args.repeat
    if "e2e" in sections:
        bench_e2e(evs, backends, args.quick, repeat)
    if "portfolio" in sections:
        bench_portfolio(evs, backends, args.quick, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
