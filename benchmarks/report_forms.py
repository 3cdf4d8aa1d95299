"""Documents per second end to end in the report's two forms, and where the time goes.

``bench_report_forms()`` measures, in one run and in CPU time (``time.process_time``,
so that other processes on a shared machine count less), the whole path of one JSON
document as ``check --format jsonl`` takes it: bytes validated into a model
(``read_document``), evaluated into the report as plain data
(``Evaluator._evaluate_data``), the record written as compact JSON (``dump_data``):

- ``summary``: the default form (passes counted per rule, each rule's sources once);
- ``full``: every finding with its sources (``--report full``);
- ``model``: the path before the plain-data report, kept as the baseline in the same
  run: the Report model of the Python API (``Evaluator.evaluate``) and the record
  written by pydantic's encoder (``render.json.dump``), the bytes ``full`` writes;

for both backends, mixed documents (the four kinds in turn) and each kind alone. Each
figure is the median of ``repeat`` rounds; the arms are timed alternately inside each
round, so their ratios are measured under the same load.

``phases`` splits one arm's time (durable where it imports, summary form, mixed
documents) into reading (bytes to model), facts (``Evaluator._collect``: subjects,
facts, terms, the engine facts), the engine (``backend.run``: durable-rules' C calls
and the Python around them), deciding (``_report_data``: which branch, counts),
building the findings written (the summary form builds only those other than passes)
and writing (orjson). The phases are timed one after the other over the same documents.

    python benchmarks/report_forms.py            # prints the figures
    python benchmarks/report_forms.py --quick    # a smoke run; figures not meaningful

benchmarks/run.py may call ``bench_report_forms(quick=..., repeat=...)``; it returns
the figures as plain data and prints nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import documents  # noqa: E402

import sundhedsregler  # noqa: E402
from sundhedsregler._check import batch  # noqa: E402
from sundhedsregler._check.loading import read_document  # noqa: E402
from sundhedsregler._check.render.json import dump, dump_data  # noqa: E402
from sundhedsregler._engine.backends import durable_available  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
SOURCE = "<benchmark>"
FORMS = ("summary", "full", "model")


def _texts(kind: str | None, count: int) -> list[bytes]:
    """``count`` JSON documents of one kind (None: the four kinds in turn)."""
    docs = documents.mixed(count) if kind is None else [documents.single(kind, i + 1) for i in range(count)]
    return [json.dumps(d, ensure_ascii=False).encode() for d in docs]


def _arm(ev: sundhedsregler.Evaluator, form: str) -> Callable[[bytes], str]:
    """One document's whole path in ``form`` (see the module's docstring)."""
    if form == "model":

        def run_model(raw: bytes) -> str:
            report = ev.evaluate(read_document(raw, source=SOURCE, fmt="json"), as_of=AS_OF)
            rec = batch.ReportRecord.model_construct(type="report", index=0, source=SOURCE, pointer="", line=1, report=report)
            return dump(rec)

        return run_model

    def run(raw: bytes) -> str:
        data = ev._evaluate_data(read_document(raw, source=SOURCE, fmt="json"), as_of=AS_OF)
        rec = batch.ReportRecord.of(data, index=0, source=SOURCE, pointer="", line=1)
        return dump_data(rec.record_data(form))

    return run


def _per_second(fn: Callable[[bytes], str], texts: list[bytes], n: int) -> float:
    """Documents per CPU second over ``n`` documents (cycling through ``texts``)."""
    fn(texts[0])  # warm: plans, parameters, the engine's sessions
    start = time.process_time()
    for i in range(n):
        fn(texts[i % len(texts)])
    spent = time.process_time() - start
    return n / spent if spent > 0 else float("inf")


def _check_forms(evaluators: dict[str, sundhedsregler.Evaluator], texts: list[bytes]) -> None:
    """The arms write what they claim: full and model the same bytes, both backends alike."""
    for raw in texts[:8]:
        written = {(b, f): _arm(ev, f)(raw) for b, ev in evaluators.items() for f in FORMS}
        for b in evaluators:
            assert written[(b, "full")] == written[(b, "model")], "the full form is not the model's bytes"
        first = next(iter(evaluators))
        for b in evaluators:
            for f in FORMS:
                assert written[(b, f)] == written[(first, f)], f"{b} and {first} differ in the {f} form"


def _phases(ev: sundhedsregler.Evaluator, texts: list[bytes], n: int) -> dict[str, float]:
    """µs of CPU per document in each phase of the summary form's path."""
    raws = [texts[i % len(texts)] for i in range(n)]
    clock = time.process_time
    spent: dict[str, float] = {}

    t = clock()
    docs = [read_document(raw, source=SOURCE, fmt="json") for raw in raws]
    spent["read (bytes to model)"] = clock() - t
    t = clock()
    collected = [ev._collect(doc, AS_OF) for doc in docs]
    spent["facts (_collect)"] = clock() - t
    t = clock()
    matched = [ev._backend.run(facts, spans) for _, facts, spans in collected]
    spent[f"engine ({ev.backend_name}: backend.run)"] = clock() - t
    t = clock()
    reports = [ev._report_data(doc, AS_OF, c[0], m) for doc, c, m in zip(docs, collected, matched)]
    spent["decide (_report_data)"] = clock() - t
    t = clock()
    data = [r.data("summary") for r in reports]
    spent["findings written (summary form)"] = clock() - t
    t = clock()
    for d in data:
        dump_data(d)
    spent["write (orjson)"] = clock() - t
    return {k: v / n * 1e6 for k, v in spent.items()}


def bench_report_forms(*, quick: bool = False, repeat: int = 5) -> dict[str, Any]:
    """Documents/s end to end per backend, form and case (mixed, each kind), the ratios
    of the forms, and the phases of the summary form's path (µs per document)."""
    rules = sundhedsregler.load_rules()
    backends = ["durable", "python"] if durable_available() else ["python"]
    evaluators = {b: sundhedsregler.Evaluator(rules, backend=b) for b in backends}
    n = 200 if quick else 2_000
    pool = 8 if quick else 64
    cases: dict[str, list[bytes]] = {"mixed": _texts(None, pool)}
    for kind in documents.SINGLES:
        cases[kind] = _texts(kind, pool)
    _check_forms(evaluators, cases["mixed"])
    rounds = 1 if quick else repeat

    per_second: dict[str, dict[str, dict[str, float]]] = {}
    for case, texts in cases.items():
        samples: dict[tuple[str, str], list[float]] = {(b, f): [] for b in backends for f in FORMS}
        for _ in range(rounds):
            for b in backends:
                for f in FORMS:
                    samples[(b, f)].append(_per_second(_arm(evaluators[b], f), texts, n if case == "mixed" else n // 2))
        per_second[case] = {b: {f: statistics.median(samples[(b, f)]) for f in FORMS} for b in backends}

    ratios = {
        case: {
            b: {
                "summary_over_model": by_b[b]["summary"] / by_b[b]["model"],
                "full_over_model": by_b[b]["full"] / by_b[b]["model"],
                "summary_over_full": by_b[b]["summary"] / by_b[b]["full"],
            }
            for b in backends
        }
        for case, by_b in per_second.items()
    }
    if "durable" in per_second["mixed"] and "python" in per_second["mixed"]:
        for case, by_b in per_second.items():
            for f in FORMS:
                ratios[case].setdefault("durable_time_over_python", {})[f] = by_b["python"][f] / by_b["durable"][f]

    phase_backend = backends[0]
    phase_runs = [_phases(evaluators[phase_backend], cases["mixed"], n) for _ in range(rounds)]
    phases = {k: statistics.median(run[k] for run in phase_runs) for k in phase_runs[0]}
    total = sum(phases.values())
    return {
        "as_of": AS_OF.isoformat(),
        "documents_per_case": n,
        "repeat": rounds,
        "per_second": per_second,
        "ratios": ratios,
        "phases": {"backend": phase_backend, "us_per_document": phases, "total_us": total,
                   "share": {k: v / total for k, v in phases.items()}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run (seconds); figures are not meaningful")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each figure is their median")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    figures = bench_report_forms(quick=args.quick, repeat=args.repeat)
    print(f"documents/s end to end (CPU time, median of {figures['repeat']}), bytes -> record written")
    print(f"{'case':28} {'backend':8} " + " ".join(f"{f:>9}" for f in FORMS) + "   summary/model  full/model")
    for case, by_b in figures["per_second"].items():
        for b, by_f in by_b.items():
            r = figures["ratios"][case][b]
            print(
                f"{case:28} {b:8} " + " ".join(f"{by_f[f]:9,.0f}" for f in FORMS)
                + f"   {r['summary_over_model']:12.2f}x {r['full_over_model']:10.2f}x"
            )
    ph = figures["phases"]
    print(f"\nwhere the time goes (summary form, mixed documents, {ph['backend']}): {ph['total_us']:.0f} µs per document")
    for name, us in ph["us_per_document"].items():
        print(f"  {name:40} {us:8.1f} µs  {ph['share'][name]:6.1%}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
