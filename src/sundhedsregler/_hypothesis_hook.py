"""The ``hypothesis`` entry point: registers strategies for the document models.

It only registers; the strategies live in :mod:`sundhedsregler.strategies`.
"""

from __future__ import annotations

import sys


def _hypothesis_setup_hook() -> None:
    # Hypothesis runs this hook when it is first imported. If that import comes from
    # sundhedsregler.strategies itself (imported before hypothesis), the module is
    # half-initialised here; it then registers at the end of its own import.
    partial = sys.modules.get("sundhedsregler.strategies")
    if partial is not None and not hasattr(partial, "register_type_strategies"):
        partial._REGISTER_WHEN_IMPORTED = True  # type: ignore[attr-defined]
        return
    try:
        from .strategies import register_type_strategies
    except ImportError:  # strategies not available (e.g. hypothesis older than required)
        return
    register_type_strategies()
