"""Loading cost per document, JSON and YAML, before and after JSON was validated
straight from its bytes (issue 17), measured in one run on one machine.

    python benchmarks/loading.py            # the full run (about half a minute)
    python benchmarks/loading.py --quick    # a smoke run; figures are not meaningful

"before" is the canonical path, which every document took until then and which the
fast path still falls back to: decode, ``json.loads`` with the duplicate-key hook (or
the YAML loader), the depth check, then ``validate_python``. "after" is
:func:`sundhedsregler._check.loading.read_document`, what ``load_document`` and a line
of ``check``'s JSON Lines now take: ``validate_json`` on the bytes and the duplicate-key
count. YAML keeps its loader, so its two figures differ only by noise. Every figure is
the median over ``--repeat`` rounds of the CPU time per document, before and after
timed alternately within each round; it measures, never asserts.

benchmarks/run.py calls :func:`bench_loading` (its figures, as a dict, for ``--json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import documents  # noqa: E402

from sundhedsregler._check.loading import read_bytes, read_document  # noqa: E402
from sundhedsregler._safeload import to_document  # noqa: E402

SOURCE = "<benchmark>"


def _before(fmt: str) -> Callable[[bytes], Any]:
    def run(raw: bytes) -> Any:
        return to_document(read_bytes(raw, source=SOURCE, fmt=fmt), source=SOURCE)

    return run


def _after(fmt: str) -> Callable[[bytes], Any]:
    def run(raw: bytes) -> Any:
        return read_document(raw, source=SOURCE, fmt=fmt)

    return run


def _cases(quick: bool) -> dict[str, tuple[Any, int]]:
    """case -> (plain data, documents it stands for)."""
    out: dict[str, tuple[Any, int]] = {kind: (documents.single(kind, 1), 1) for kind in documents.SINGLES}
    # Strings with colons make the quick key count too high: the second count decides.
    colons = documents.single("tilsagnsaftale", 1)
    colons["titel"] = "Tilsagnsaftale: kl. 08:00-16:00, jf. bilag 2: vilkår"
    out["tilsagnsaftale, colons in text"] = (colons, 1)
    for size in (10,) if quick else (10, 100):
        out[f"portfolio of {size}"] = (documents.portfolio(size), size)
    return out


def _encode(data: Any, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _per_call(fn: Callable[[bytes], Any], raw: bytes, n: int) -> float:
    start = time.process_time()
    for _ in range(n):
        fn(raw)
    return (time.process_time() - start) / n


def bench_loading(*, quick: bool = False, repeat: int = 5) -> dict[str, Any]:
    """Print and return the loading cost per document (µs of CPU time), before and
    after, for JSON and YAML, by case: ``{"json": {case: {"before_us", "after_us",
    "speedup", "bytes"}}, "yaml": {...}}``. The two paths give equal models (checked)."""
    repeat = 1 if quick else repeat
    budget = 0.02 if quick else 0.25  # seconds of CPU per path, case and round
    figures: dict[str, Any] = {}
    print("Loading cost per document (CPU time, median of rounds; before: json.loads/YAML + validate_python)")
    for fmt in ("json", "yaml"):
        rows: dict[str, Any] = {}
        for case, (data, count) in _cases(quick).items():
            raw = _encode(data, fmt)
            before, after = _before(fmt), _after(fmt)
            assert before(raw) == after(raw), case
            start = time.process_time()
            before(raw)
            n = max(1, int(budget / max(time.process_time() - start, 1e-6)))
            times: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(repeat):
                times["before"].append(_per_call(before, raw, n))
                times["after"].append(_per_call(after, raw, n))
            b = statistics.median(times["before"]) / count * 1e6
            a = statistics.median(times["after"]) / count * 1e6
            rows[case] = {"before_us": round(b, 2), "after_us": round(a, 2), "speedup": round(b / a, 2), "bytes": len(raw)}
        figures[fmt] = rows
        width = max(len(c) for c in rows)
        print(f"  {fmt.upper():{width}}  {'bytes':>8}  {'before µs':>10}  {'after µs':>9}  {'speedup':>7}")
        for case, r in rows.items():
            print(f"  {case:{width}}  {r['bytes']:>8}  {r['before_us']:>10.1f}  {r['after_us']:>9.1f}  {r['speedup']:>6.2f}x")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (figures are not meaningful)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each figure is their median")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    figures = bench_loading(quick=args.quick, repeat=args.repeat)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
