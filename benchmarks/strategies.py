"""Examples per second of the Hypothesis strategies, per document kind, before and after.

Run from a checkout: ``.venv/bin/python benchmarks/strategies.py``. The "before"
strategies are ``src/sundhedsregler/strategies.py`` (or, since the package was split,
``strategies/``) as of ``--baseline`` (a git commit; default: the last commit before the
strategies built their strategy objects once), loaded from git beside the working
tree's, so both are measured in one run on one machine. Each kind draws the same number of examples from the same seed with each
module; the script prints examples per second (CPU time), the ratio after/before, and
whether both modules drew the same documents (same seed, same examples).

benchmarks/run.py calls :func:`bench_strategies`. It measures, never asserts: timings on a shared machine are noise (docs/performance.md).
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
# The last commit of main before this change (issue 17, "Strategies").
DEFAULT_BASELINE = "71a9466"

KINDS = (
    "tilsagnsaftaler",
    "horisontale_samarbejdsaftaler",
    "anmodninger",
    "delingsaftaler",
    "oekonomiske_dispositioner",
    "portefoeljer",
    "documents",
)


# Modules a baseline before the re-cut imports, and where they live now.
RECUT = {
    "_evaluate": "_engine.evaluate",
    "_examples": "_engine.examples",
    "_facts": "_vocabulary.base",
    "_loading": "_check.loading",
    "_ruleset": "_engine.ruleset",
}


def _baseline_module(ref: str) -> types.ModuleType:
    """The strategies as of ``ref``, as a sibling of the installed package (its relative
    imports resolve against the working tree's sundhedsregler): the one module
    ``strategies.py`` of an early commit, or the package ``strategies/`` of a later one."""
    # The package was re-cut into wings after early baselines: their old module names
    # point at their new homes while they load.
    for old, new in RECUT.items():
        sys.modules.setdefault(f"sundhedsregler.{old}", importlib.import_module(f"sundhedsregler.{new}"))
    name = "sundhedsregler._strategies_baseline"
    single = subprocess.run(
        ["git", "show", f"{ref}:src/sundhedsregler/strategies.py"], cwd=ROOT, capture_output=True, text=True
    )
    if single.returncode == 0:
        spec = importlib.util.spec_from_loader(name, loader=None)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "sundhedsregler"
        sys.modules[name] = module
        exec(compile(single.stdout, f"{ref}:strategies.py", "exec"), module.__dict__)
        return module
    # A package: its files as of ``ref`` in a directory of their own, imported from there
    # (its modules import each other relatively, and the rest of sundhedsregler with ``..``).
    where = Path(tempfile.mkdtemp(prefix="strategies-baseline-"))
    atexit.register(shutil.rmtree, where, ignore_errors=True)
    archive = subprocess.run(
        ["git", "archive", ref, "src/sundhedsregler/strategies"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    package = where / "src" / "sundhedsregler" / "strategies"
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _draw(module: types.ModuleType, kind: str, examples: int) -> tuple[float, list[str]]:
    """(CPU seconds, the drawn documents as JSON) for ``examples`` draws from seed 0."""
    strategy = getattr(module, kind)()
    drawn: list[str] = []

    @seed(0)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(doc: Any) -> None:
        drawn.append(doc.model_dump_json())

    start = time.process_time()
    run()
    return time.process_time() - start, drawn


def bench_strategies(
    *, baseline: str = DEFAULT_BASELINE, examples: int = 300, repeat: int = 3, heading: str = ""
) -> dict[str, Any]:
    """Print and return examples per second (CPU) per kind for the baseline's
    strategies and the working tree's, the two alternated within each round, the best
    round counting (a draw's cost is the minimum; the slower rounds are the machine);
    ``{kind: {"before", "after", "ratio", "same"}}``, or ``{"error": text}`` where the
    baseline cannot be read (no git history)."""
    from sundhedsregler import strategies as after

    try:
        before = _baseline_module(baseline)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"{heading}   the baseline {baseline} cannot be read from git ({exc}); not measured")
        return {"error": str(exc)}
    # Warm both: the rule set and its seeds are loaded once per process, not per draw.
    for module in (before, after):
        _draw(module, "documents", 20)
    print(f"{heading}   examples/s (CPU), {examples} examples per kind from seed 0, best of {repeat}; before = {baseline}, after = this tree")
    print(f"   {'kind':32} {'before':>9} {'after':>9} {'ratio':>6}  same examples")
    rows: dict[str, Any] = {}
    for kind in KINDS:
        best: dict[str, float] = {}
        seen: dict[str, list[str]] = {}
        for _ in range(repeat):
            for label, module in (("before", before), ("after", after)):
                seconds, drawn = _draw(module, kind, examples)
                best[label] = min(best.get(label, seconds), seconds)
                seen[label] = drawn
        rate: Callable[[str], float] = lambda label: len(seen[label]) / best[label]
        same = seen["before"] == seen["after"]
        rows[kind] = {"before": rate("before"), "after": rate("after"), "ratio": rate("after") / rate("before"), "same": same}
        print(f"   {kind:32} {rate('before'):9.0f} {rate('after'):9.0f} {rate('after') / rate('before'):5.2f}x  {same}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git commit of the 'before' module")
    parser.add_argument("--examples", type=int, default=300, help="examples per kind and module")
    parser.add_argument("--repeat", type=int, default=3, help="runs per kind and module; the best counts")
    args = parser.parse_args(argv)
    rows = bench_strategies(baseline=args.baseline, examples=args.examples, repeat=args.repeat, heading="Strategies:\n")
    return 0 if rows and "error" not in rows else 1


if __name__ == "__main__":
    sys.exit(main())
