"""The durable backend before and after a change to ``_engine/durable.py``, in one run.

    python benchmarks/durable_engine.py                 # against --baseline (default below)
    python benchmarks/durable_engine.py --quick         # a smoke run
    python benchmarks/durable_engine.py --baseline REF  # another git commit

"before" is ``src/sundhedsregler/_engine/durable.py`` as of ``--baseline``, loaded from
git beside the working tree's as a sibling module (its relative imports resolve against
the working tree's package); "after" is the working tree's. Both backends get the same
engine facts (derived once beforehand by ``Evaluator._collect``) and must give the same
matches on every document (checked before timing). For each case the script prints the
CPU time per document of the engine step (``run``) and of the whole evaluation with
each backend in the same evaluator, before and after alternated in every round, and
the durable-rules C calls of each. Medians of the rounds; it measures, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import types
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import documents  # noqa: E402
from ab import cpu_per_call, module_at  # noqa: E402
from run import _TimedEngine  # noqa: E402

import sundhedsregler  # noqa: E402
from sundhedsregler._safeload import to_document  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
# The last commit before each durable-rules branch fired one action for all its facts.
DEFAULT_BASELINE = "668d7e1"


def baseline_module(ref: str) -> types.ModuleType:
    """``_engine/durable.py`` as of ``ref``, as the module ``sundhedsregler._engine._durable_baseline``."""
    return module_at(ref, "durable")


def _cases(quick: bool) -> dict[str, tuple[list[Any], int]]:
    pool = 4 if quick else 16
    out: dict[str, tuple[list[Any], int]] = {
        kind: ([documents.single(kind, i + 1) for i in range(pool)], 1) for kind in documents.SINGLES
    }
    out["mixed single documents"] = (documents.mixed(pool), 1)
    out["portfolio of 100"] = ([documents.portfolio(100)], 100)
    return out


def _per_doc(fn: Any, items: list[Any], n: int, per: int) -> float:
    return cpu_per_call(fn, items, n) / per * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git commit of the 'before' durable.py")
    parser.add_argument("--quick", action="store_true", help="a smoke run; figures are not meaningful")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the median is printed")
    args = parser.parse_args(argv)
    from sundhedsregler._engine.durable import DurableBackend

    rules = sundhedsregler.load_rules()
    before_module = baseline_module(args.baseline)
    backends = {"before": before_module.DurableBackend(rules._compiled), "after": DurableBackend(rules._compiled)}
    evaluators = {}
    for label, backend in backends.items():
        ev = sundhedsregler.Evaluator(rules, backend="durable")
        ev._backend = backend
        evaluators[label] = ev
    repeat = 1 if args.quick else args.repeat
    print(f"durable backend, before = {args.baseline}, after = this tree: CPU µs per document, median of {repeat}")
    print(f"{'case':28}{'engine before':>14}{'after':>9}{'C before':>10}{'after':>9}{'evaluate before':>17}{'after':>9}{'speed-up':>9}")
    for case, (datas, per) in _cases(args.quick).items():
        docs = [to_document(json.loads(json.dumps(d)), source="<benchmark>") for d in datas]
        prepared = [evaluators["after"]._collect(d, AS_OF)[1:] for d in docs]
        for facts, spans in prepared:
            if backends["before"].run(facts, spans) != backends["after"].run(facts, spans):
                raise SystemExit(f"{case}: the two backends disagree")
        n = max(2, (100 if args.quick else 1_000) // (per * (4 if per > 1 else 1)))
        # warm both up first: the first rounds of a backend ran up to 1.7x slower
        # (the engine's memory growing to its sessions' size), which favoured whichever
        # backend had run more before
        for backend in backends.values():
            _per_doc(lambda p, b=backend: b.run(*p), prepared, n, per)
        times: dict[str, list[float]] = {}
        for _ in range(repeat):
            for label, backend in backends.items():
                times.setdefault(f"engine {label}", []).append(_per_doc(lambda p, b=backend: b.run(*p), prepared, n, per))
                timed = _TimedEngine(backend._engine)
                backend._engine = timed
                try:
                    _per_doc(lambda p, b=backend: b.run(*p), prepared, n, per)
                finally:
                    backend._engine = timed.engine
                times.setdefault(f"C {label}", []).append(timed.seconds / n / per * 1e6)
                ev = evaluators[label]
                times.setdefault(f"evaluate {label}", []).append(
                    _per_doc(lambda d, ev=ev: ev.evaluate(d, as_of=AS_OF), docs, n, per)
                )
        m = {k: statistics.median(v) for k, v in times.items()}
        print(
            f"{case:28}{m['engine before']:14.1f}{m['engine after']:9.1f}{m['C before']:10.1f}{m['C after']:9.1f}"
            f"{m['evaluate before']:17.1f}{m['evaluate after']:9.1f}{m['evaluate before'] / m['evaluate after']:8.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
