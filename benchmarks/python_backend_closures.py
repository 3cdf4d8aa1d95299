"""The python backend's engine step: conditions interpreted per fact against conditions
compiled once into closures, in one run on the same facts.

    python benchmarks/python_backend_closures.py            # a few seconds
    python benchmarks/python_backend_closures.py --quick    # a smoke run

Both sides get the engine facts of the benchmark documents (mixed single documents and
a portfolio of 100), derived once beforehand, so only the engine step is timed. The
interpreted side is the backend's earlier loop over ``holds``; the compiled side is
``PythonBackend.run``. The matches of both are compared before timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import documents  # noqa: E402

import sundhedsregler  # noqa: E402
from sundhedsregler._engine.backends import Match  # noqa: E402
from sundhedsregler._engine.python import PythonBackend, holds  # noqa: E402
from sundhedsregler._safeload import to_document  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
SOURCE = "<benchmark>"


def interpreted(rules: sundhedsregler.RuleSet) -> Any:
    """The engine step as it was: the IR walked by ``holds`` for every fact."""
    branches = {cr.code: [(b.index, b.ir) for b in cr.branches] for cr in rules._compiled}

    def run(facts: list[dict[str, Any]]) -> set[Match]:
        out: set[Match] = set()
        for fact in facts:
            q, n = fact["q"], fact["n"]
            for index, ir in branches[q]:
                if holds(ir, fact):
                    out.add((q, n, index))
        return out

    return run


def seconds_per_document(run: Any, batches: list[list[dict[str, Any]]], per_batch: int, loops: int) -> float:
    start = time.process_time()
    for _ in range(loops):
        for facts in batches:
            run(facts)
    return (time.process_time() - start) / (loops * len(batches) * per_batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run; figures are not meaningful")
    parser.add_argument("--repeat", type=int, default=5, help="repeats; the median is printed")
    args = parser.parse_args()
    rules = sundhedsregler.load_rules()
    ev = sundhedsregler.Evaluator(rules, backend="python")
    backend = PythonBackend(rules._compiled)
    old = interpreted(rules)
    cases = {
        "mixed single documents": ([d for d in documents.mixed(8 if args.quick else 64)], 1),
        "portfolio of 100": ([documents.portfolio(100)], 100),
    }
    loops = 2 if args.quick else 40
    print(f"engine step of the python backend, microseconds per document (CPU time, median of {args.repeat})")
    print(f"{'case':<26}{'interpreted':>12}{'closures':>12}{'speed-up':>10}")
    for case, (datas, per_batch) in cases.items():
        batches = []
        for data in datas:
            doc = to_document(json.loads(json.dumps(data)), source=SOURCE)
            _records, facts, spans = ev._collect(doc, AS_OF)
            if old(facts) != backend.run(facts, spans):
                raise SystemExit(f"{case}: the compiled conditions disagree with the interpreter")
            batches.append(facts)
        times: dict[str, list[float]] = {"interpreted": [], "closures": []}
        for _ in range(args.repeat):
            times["interpreted"].append(seconds_per_document(old, batches, per_batch, loops))
            times["closures"].append(
                seconds_per_document(lambda f: backend.run(f, []), batches, per_batch, loops)
            )
        a, b = (statistics.median(times[k]) * 1e6 for k in ("interpreted", "closures"))
        print(f"{case:<26}{a:12.1f}{b:12.1f}{a / b:9.2f}x")


if __name__ == "__main__":
    main()
