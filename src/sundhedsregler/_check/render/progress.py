"""For people watching a long batch: a progress line on a terminal's standard error, and
a one-line summary when the report goes to a file (``--output``).

The progress line is drawn only where someone sees it redrawn: standard error is a
terminal, the report does not go to that terminal (there the report itself shows the
progress), ``TERM`` is not ``dumb`` and ``CI`` is not set (CI logs keep every ``\\r``
as a line). It is redrawn at most every :data:`INTERVAL` seconds and erased before
anything else is written to standard error, and at the end.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, TextIO

from ..batch import Summary
from .text import WORDS

INTERVAL = 0.2  # seconds between two redraws

_WORDS = {
    "da": {"docs": ("dokument", "dokumenter"), "rejected": "afvist", "per_s": "pr. sekund", "written": "rapporten er skrevet til"},
    "en": {"docs": ("document", "documents"), "rejected": "rejected", "per_s": "per second", "written": "report written to"},
}
_ERASE = "\r\x1b[K"


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def wanted(err: TextIO, out: TextIO, *, to_file: bool) -> bool:
    """Whether to draw a progress line on ``err`` while the report goes to ``out``."""
    if not _isatty(err) or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return to_file or not _isatty(out)


class Progress:
    """The progress line: documents read, rejected, and the rate."""

    def __init__(self, err: TextIO, *, lang: str):
        self.err = err
        self.words: dict[str, Any] = _WORDS[lang]
        self.start = time.monotonic()
        self.last: float | None = None
        self.shown = False

    def update(self, read: int, rejected: int) -> None:
        now = time.monotonic()
        if self.last is not None and now - self.last < INTERVAL:
            return
        self.last = now
        w = self.words
        elapsed = now - self.start
        rate = f" · {read / elapsed:.0f} {w['per_s']}" if elapsed >= 1 else ""
        self.err.write(f"{_ERASE}{read} {w['docs'][read != 1]} · {rejected} {w['rejected']}{rate}")
        self.err.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line (before other text goes to standard error, and at the end)."""
        if self.shown:
            self.err.write(_ERASE)
            self.err.flush()
            self.shown = False
            self.last = None


def summary_line(summary: Summary, *, lang: str, path: Path) -> str:
    """One line for standard error once the report is in ``path``."""
    w = WORDS[lang]
    read = w["read"][summary.documents_read != 1]  # type: ignore[index]
    failing = w["failing"][summary.failing != 1]  # type: ignore[index]
    return (
        f"sundhedsregler: {summary.documents_read} {read}, {summary.evaluated} {w['evaluated']}, "
        f"{summary.rejected} {w['rejected_n']} · {summary.failing} {failing} {summary.fail_on} · "
        f"{w['exit']} {summary.exit_code} · {_WORDS[lang]['written']} {path}\n"
    )
