"""The ``hypothesis`` entry point: registers strategies for the document models.

It only registers; the strategies live in :mod:`sundhedsregler.strategies`.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    try:
        from .strategies import register_type_strategies
    except ImportError:  # strategies not available (e.g. hypothesis older than required)
        return
    register_type_strategies()
