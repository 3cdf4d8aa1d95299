"""What the A/B benchmarks share: a module of the package as of a git commit, loaded
beside the working tree's, and the CPU-time loop that times each arm.

Used by ``durable_engine.py`` and ``evaluator_ab.py`` (before: each had its own copy).
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Names of the working tree's package renamed since an older baseline: the baseline's
# text gets the new names, so that its imports resolve against the working tree.
RENAMED = {"_branch_field": "branch_field", "_props_of": "props_of"}


def module_at(ref: str, module: str) -> types.ModuleType:
    """``sundhedsregler._engine.<module>`` as of git ``ref``, as the sibling module
    ``sundhedsregler._engine._<module>_baseline`` (its relative imports resolve against
    the working tree's package). A ``durable`` module gets ruleset names of its own,
    apart from the working tree's: the engine keeps every name it was given."""
    text = subprocess.run(
        ["git", "show", f"{ref}:src/sundhedsregler/_engine/{module}.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for old, new in RENAMED.items():
        text = re.sub(rf"\b{old}\b", new, text)
    name = f"sundhedsregler._engine._{module}_baseline"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "sundhedsregler._engine"
    sys.modules[name] = mod
    exec(compile(text, f"{ref}:{module}.py", "exec"), mod.__dict__)
    if hasattr(mod, "_NAMES"):
        mod._NAMES = itertools.count(10_000)
    return mod


def cpu_per_call(fn: Callable[[Any], Any], items: Sequence[Any], n: int) -> float:
    """CPU seconds (``time.process_time``) per call of ``fn`` over ``n`` calls, cycling
    through ``items``."""
    start = time.process_time()
    for i in range(n):
        fn(items[i % len(items)])
    return (time.process_time() - start) / n
