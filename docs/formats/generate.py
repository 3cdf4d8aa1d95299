"""Regenerate the example outputs in docs/cli.md and docs/formats/*.md.

Every block of the form::

    <!-- output: COMMAND -->
    ```console
    ...
    ```
    <!-- /output -->

(optionally ``COMMAND ;; lines=N`` to keep the first N lines) is replaced by
``$ COMMAND``, the command's standard output (run with bash in the
repository root, ``sundhedsregler`` from this Python's environment), and its exit
code. The commands name ``--as-of`` explicitly, so the output depends only on the
rules and the bundled examples. ``--check`` exits 1 when a page is stale instead of
writing it.

    python docs/formats/generate.py [--check]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sundhedsregler._docgen.common import stale_files, write_files

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "docs" / "cli.md", *sorted((ROOT / "docs" / "formats").glob("*.md"))]
BLOCK = re.compile(r"(<!-- output: (?P<cmd>.*?)(?: ;; lines=(?P<lines>[0-9]+))? -->\n)(?P<body>.*?)(<!-- /output -->)", re.S)


def run(cmd: str, lines: int | None = None) -> str:
    env = dict(os.environ, NO_COLOR="1", PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env=env, capture_output=True)
    out = proc.stdout.decode("utf-8").replace("\r\n", "\n")
    if out and not out.endswith("\n"):
        out += "\n"
    if lines is not None:
        kept = out.splitlines()
        if len(kept) > lines:
            out = "\n".join(kept[:lines]) + f"\n… ({len(kept) - lines} more lines)\n"
    return f"```console\n$ {cmd}\n{out}[exit code {proc.returncode}]\n```\n"


def render(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        lines = int(m.group("lines")) if m.group("lines") else None
        return m.group(1) + run(m.group("cmd"), lines) + m.group(5)

    return BLOCK.sub(one, text)


def main(argv: list[str]) -> int:
    pages = {page: render(page.read_text("utf-8")) for page in PAGES}
    if "--check" in argv:
        stale = stale_files(pages)
        for problem in stale:
            print(problem)
        return 1 if stale else 0
    for page in write_files(pages):
        print(f"updated: {page.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
