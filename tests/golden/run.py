"""The golden corpus: reports that must stay byte-identical across refactorings.

Every configuration (format x language x backend x evaluation date, plus the deadline
listing) is run through the command line in-process over ``inputs/``; the SHA-256 of
each report (standard output and standard error, and the exit code) is compared with
``manifest.json``.

    python tests/golden/run.py               # compare; exit 1 and name what differs
    python tests/golden/run.py --write DIR   # also write each report to DIR (to diff two commits)
    python tests/golden/run.py --record      # accept the current reports (after an intended change)

tests/test_golden.py runs the comparison. An intended change of output (a legal fix, a
new message) is recorded with ``--record`` in the same commit, so that the diff shows
which reports it changed.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from sundhedsregler import load_rules
from sundhedsregler.cli import main as cli_main
from sundhedsregler._engine.backends import durable_available

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
MANIFEST = HERE / "manifest.json"

FORMATS = ("text", "json", "jsonl", "sarif", "junit", "html")
FULL_FORMATS = ("json", "jsonl")  # the formats with a summary and a full form (--report)
LANGS = ("da", "en")
DATES = ("2026-03-01", "2026-11-22", "2027-06-01")


def backends() -> tuple[str, ...]:
    return ("durable", "python") if durable_available() else ("python",)


def configurations() -> Iterator[tuple[str, list[str]]]:
    """(name, argv) of every report in the corpus."""
    for backend in backends():
        for date in DATES:
            for lang in LANGS:
                for fmt in FORMATS:
                    yield (
                        f"check-{fmt}-{lang}-{date}-{backend}",
                        ["check", "inputs", "--format", fmt, "--lang", lang, "--as-of", date,
                         "--backend", backend, "--color", "never"],
                    )
                for fmt in FULL_FORMATS:
                    # The full report, which was the default before the summary form: its
                    # reports are byte for byte those the default ones were.
                    yield (
                        f"check-{fmt}-full-{lang}-{date}-{backend}",
                        ["check", "inputs", "--format", fmt, "--report", "full", "--lang", lang, "--as-of", date,
                         "--backend", backend, "--color", "never"],
                    )
                yield (
                    f"check-sarif-all-{lang}-{date}-{backend}",
                    ["check", "inputs", "--format", "sarif", "--sarif-results", "all", "--lang", lang,
                     "--as-of", date, "--backend", backend],
                )
    for lang in LANGS:
        yield (f"frister-{lang}", ["frister", "inputs", "--lang", lang, "--as-of", DATES[1]])


@functools.cache
def _digests() -> tuple[str, ...]:
    """The national rule set's digests (the whole set's and its part's), full and as the
    text report shortens them."""
    rules = load_rules()
    full = [rules.info.hash, *(part.hash for part in rules.info.sets)]
    return tuple(sorted({*full, *(d[: len("sha256:") + 12] for d in full)}, key=len, reverse=True))


def report(argv: list[str]) -> bytes:
    """The report (exit code, standard output, standard error) with the rule set's digest
    masked: the digest changes with any byte of any rule file, a rationale's wording
    included, and a refactoring that moves a reading from Python into a rule file must
    still give the same findings, messages and everything else."""
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(argv, out, err, stdin=io.BytesIO(b""))
    text = f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"
    for digest in _digests():
        text = text.replace(digest, "sha256:<rule set>")
    return text.encode("utf-8")


def digests(write: Path | None = None) -> dict[str, str]:
    """The digest of every report, run from this folder (the reports name the inputs
    relative to it, the same in every checkout)."""
    result: dict[str, str] = {}
    here = Path.cwd()
    write = write.resolve() if write is not None else None
    os.chdir(HERE)
    try:
        reports = [(name, report(argv)) for name, argv in configurations()]
    finally:
        os.chdir(here)
    for name, data in reports:
        result[name] = hashlib.sha256(data).hexdigest()
        if write is not None:
            write.mkdir(parents=True, exist_ok=True)
            (write / name).write_bytes(data)
    return result


def compare(got: dict[str, str]) -> list[str]:
    """What differs from the manifest (a configuration the manifest lacks is a difference;
    one it has for a backend this machine cannot run is not)."""
    want: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [name for name in sorted(got) if want.get(name) != got[name]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path, metavar="DIR", help="write each report to DIR")
    parser.add_argument("--record", action="store_true", help="accept the current reports into manifest.json")
    args = parser.parse_args()
    got = digests(args.write)
    if args.record:
        MANIFEST.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(got)} reports")
        return 0
    differ = compare(got)
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(got) - len(differ)} of {len(got)} reports identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
