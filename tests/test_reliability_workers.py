"""--jobs: a worker process that dies (kill -9, the OOM killer, an engine crash) costs
no document and no hang. Its chunk is tried once more in a fresh worker; a chunk lost
twice comes back as an error record per document, naming it, and the run exits 2.

Each run is a subprocess with a timeout, so that a regression (the parent waiting for
ever, as it did with multiprocessing.Pool) fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import AS_OF_TEXT as AS_OF
from .test_cli_support import LATE, OK, hsa, jsonl, make_rules


# The worker kills itself (SIGKILL, as the OOM killer does) on a document whose id
# says so: always for KILL-ALWAYS, the first time only for KILL-ONCE (a marker file
# remembers it). The parent never evaluates with --jobs 2, so only workers die.
RUNNER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sundhedsregler._check import batch as _batch
    from sundhedsregler.cli import main

    _batch.CHUNK, _batch.WINDOW = 3, 6
    marker = Path(sys.argv[1])
    real = _batch.evaluate_item

    def evaluate_item(evaluator, item, as_of):
        raw = item.raw or b""
        if b'"KILL-ALWAYS"' in raw or (b'"KILL-ONCE"' in raw and not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(evaluator, item, as_of)

    _batch.evaluate_item = evaluate_item
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def _run(rules_dir: Path, tmp_path: Path, docs: list[dict], fmt: str) -> tuple[int, str, str]:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(*docs))
    argv = [sys.executable, "-c", RUNNER, str(tmp_path / "marker"), "check", str(source), "--no-national-rules", "--rules", str(rules_dir)]
    argv += ["--as-of", AS_OF, "--backend", "python", "--format", fmt, "--jobs", "2"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _docs(special: str) -> list[dict]:
    docs = [hsa(dokument_id=f"HSA-{i}") for i in range(10)]
    docs[4] = hsa(dokument_id=special)
    return [LATE, *docs, OK]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_a_chunk_whose_workers_die_twice_is_reported_document_by_document(rules_dir: Path, tmp_path: Path, fmt: str) -> None:
    code, out, err = _run(rules_dir, tmp_path, _docs("KILL-ALWAYS"), fmt)
    assert code == 2, err
    # Chunks of three: the killer is unit 5, in the chunk of units 3, 4 and 5. Text
    # on standard output says so there, other formats on standard error too.
    lost = [line for line in (out if fmt == "text" else err).splitlines() if "worker process" in line or "processen, der vurderede det" in line]
    assert len(lost) == 3 and all("signal 9, SIGKILL" in line for line in lost), err
    if fmt != "text":
        assert [line.split(":")[2] for line in lost] == ["4", "5", "6"]  # their lines in the input
    assert "Traceback" not in err
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        assert [r["type"] for r in records].count("report") == 9
        errors = [r for r in records if r["type"] == "error"]
        assert [(e["index"], e["document"], e["stage"]) for e in errors] == [
            (3, "HSA-2", "evaluate"),
            (4, "HSA-3", "evaluate"),
            (5, "KILL-ALWAYS", "evaluate"),
        ]
        summary = records[-1]
        assert (summary["documents_read"], summary["evaluated"], summary["rejected"]) == (12, 9, 3)
    elif fmt == "json":
        batch = json.loads(out)
        assert [r["index"] for r in batch["records"]] == list(range(12))
        assert batch["summary"]["rejected"] == 3
    else:
        assert out.count("AFVIST") == 3 and "12 dokumenter læst, 9 vurderet, 3 afvist" in out
        assert [line.split()[1] for line in out.splitlines() if line.startswith("AFVIST")] == ["HSA-2", "HSA-3", "KILL-ALWAYS"]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_a_worker_killed_once_costs_nothing(rules_dir: Path, tmp_path: Path, fmt: str) -> None:
    code, out, err = _run(rules_dir, tmp_path, _docs("KILL-ONCE"), fmt)
    assert (tmp_path / "marker").exists()  # a worker did die
    assert code == 1 and err == ""  # LATE fails OF-2; nothing lost
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        assert [r["index"] for r in records[:-1]] == list(range(12))
        assert all(r["type"] == "report" for r in records[:-1])


def test_no_worker_outlives_the_run(rules_dir: Path, tmp_path: Path) -> None:
    """The workers are children of the run: none is left when it ends (a killed one
    was replaced, and every one is ended)."""
    code, _, err = _run(rules_dir, tmp_path, _docs("KILL-ALWAYS"), "jsonl")
    assert code == 2
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(tmp_path / "marker") not in ps
