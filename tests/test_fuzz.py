"""A fuzz suite (issue 14, item 8): mutated bytes, documents with one corrupted field and
mutated rule files, fed to the loader, the evaluator and the CLI. Only the documented
exceptions escape (DocumentError for documents, RuleError for rules); a batch accounts
for every input unit (in = out); the backends agree and the output does not depend on
the hash seed.

The default run is fast (a few dozen examples per property, a few seconds of CPU).
The long run, on demand::

    SUNDHEDSREGLER_FUZZ=long python -m pytest tests/test_fuzz.py

multiplies the examples by 40 and the CLI corpus by 20. Everything that reaches the
durable-rules engine runs in a subprocess (the CLI runs below), so an engine crash
fails a test instead of killing pytest.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sundhedsregler import DocumentError, Evaluator, RuleError, load_rules
from sundhedsregler._check import batch as _batch
from sundhedsregler._check import loading as _loading

from . import conftest
from .conftest import AS_OF, BACKENDS
from .test_cli_support import T1, T2, make_rules, run

LONG = os.environ.get("SUNDHEDSREGLER_FUZZ") == "long"
FACTOR = 40 if LONG else 1
FUZZ = settings(
    max_examples=30 * FACTOR,
    deadline=None,
    derandomize=not LONG,  # the default run is the same every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
EXAMPLES = sorted(conftest.EXAMPLES.glob("*.yaml"))
FIXTURES = sorted(conftest.FIXTURES.glob("*.yaml"))
SEEDS = [p.read_bytes() for p in [*EXAMPLES, *FIXTURES]]
DOCS = [yaml.safe_load(p.read_text("utf-8")) for p in FIXTURES]
SEEDS += [json.dumps(d, ensure_ascii=False, default=str).encode() for d in DOCS]

# Values a corrupted field may take: every JSON type, odd text, huge numbers.
ODD_TEXT = st.sampled_from(["", "\x00", "\ud800", "\x1b[2K\r", "\u202e", "9" * 5000, "{", "}", "2026-02-30", "-1"])
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Each edit (position, bytes removed, bytes put in) applied in turn."""
    out = bytearray(data)
    for pos, cut, put in edits:
        pos %= len(out) + 1
        out[pos : pos + cut] = put
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 8), st.binary(max_size=6)), min_size=1, max_size=6)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


def _corrupt(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.fixture(scope="module")
def python_evaluator() -> Evaluator:
    return Evaluator(conftest.RULES, backend="python")


@FUZZ
@given(seed=st.sampled_from(SEEDS), edits=EDITS, fmt=st.sampled_from([None, "json", "yaml"]))
def test_mutated_bytes_raise_only_document_errors(python_evaluator: Evaluator, seed: bytes, edits: Any, fmt: Any) -> None:
    data = _mutate(seed, edits)
    try:
        document = _loading.to_document(_loading.read_bytes(data, source="fuzz", fmt=fmt), source="fuzz")
    except DocumentError:
        return
    python_evaluator.evaluate(document, as_of=AS_OF)


@FUZZ
@given(data=st.data(), value=VALUES)
def test_a_corrupted_field_is_a_document_error_or_a_report(python_evaluator: Evaluator, data: Any, value: Any) -> None:
    doc = data.draw(st.sampled_from(DOCS))
    path = data.draw(st.sampled_from(_paths(doc)))
    try:
        document = _loading.to_document(_corrupt(doc, path, value), source="fuzz")
    except DocumentError:
        return
    report = python_evaluator.evaluate(document, as_of=AS_OF)
    json.loads(report.to_json())


@FUZZ
@given(lines=st.lists(st.tuples(st.sampled_from(SEEDS[-len(DOCS) :]), EDITS), min_size=1, max_size=8))
def test_a_batch_accounts_for_every_unit(python_evaluator: Evaluator, lines: Any) -> None:
    """in = out: every non-blank line of JSON Lines is one record, in order."""
    raw = b"".join(_mutate(seed, edits).replace(b"\n", b" ") + b"\n" for seed, edits in lines)
    units = sum(1 for line in raw.split(b"\n") if line.strip()) or 1
    records = list(_batch.evaluate_items(python_evaluator, _batch.read_inputs(["-"], stdin=io.BytesIO(raw)), as_of=AS_OF))
    assert [r.index for r in records] == list(range(units))


@pytest.fixture(scope="module")
def rule_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = make_rules(tmp_path_factory.mktemp("fuzzrules"))
    (target / "test" / "T-2.yaml").unlink()
    return target


@FUZZ
@given(seed=st.sampled_from([T1, T2]), edits=EDITS)
def test_mutated_rule_files_raise_only_rule_errors(rule_dir: Path, seed: str, edits: Any) -> None:
    (rule_dir / "test" / "T-1.yaml").write_bytes(_mutate(seed.encode(), edits))
    try:
        rules = load_rules(rule_dir)
    except RuleError:
        return
    doc = _loading.to_document(DOCS[[p.stem for p in FIXTURES].index("hsa")], source="hsa")
    Evaluator(rules, backend="python").evaluate(doc, as_of=AS_OF)


# --- the CLI, both backends and two hash seeds, in subprocesses -----------------------


def _corpus(count: int, seed: int) -> bytes:
    """JSON Lines of mutated and corrupted documents (a fixed seed: reproducible)."""
    rnd = random.Random(seed)
    odd: list[Any] = [None, True, -1, 2**63, 1e-05, "", "\ud800", "X\n\x1b[31m", [], {}, {"a": [1]}, "2026-13-01"]
    lines = []
    for _ in range(count):
        doc = rnd.choice(DOCS)
        if rnd.random() < 0.7:
            doc = _corrupt(doc, rnd.choice(_paths(doc)), rnd.choice(odd))
        text = json.dumps(doc, default=str).encode()
        if rnd.random() < 0.3:
            text = _mutate(text, [(rnd.randrange(len(text)), rnd.randrange(4), bytes([rnd.randrange(256)]))])
        lines.append(text.replace(b"\n", b" "))
    return b"\n".join(lines) + b"\n"


def _cli(corpus: Path, backend: str, hash_seed: str, fmt: str, jobs: str) -> subprocess.CompletedProcess[bytes]:
    argv = [sys.executable, "-c", "import sys; from sundhedsregler.cli import main; sys.exit(main(sys.argv[1:]))"]
    argv += ["check", str(corpus), "--as-of", AS_OF.isoformat(), "--backend", backend, "--format", fmt, "--jobs", jobs]
    return subprocess.run(argv, capture_output=True, timeout=600, env={**os.environ, "PYTHONHASHSEED": hash_seed})


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_the_cli_on_a_fuzzed_corpus_is_the_same_for_backends_seeds_and_jobs(tmp_path: Path, fmt: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(_corpus(60 * (20 if LONG else 1), 14))
    # Both backends wherever durable-rules is expected (test_test_hygiene fails on a
    # broken install); where it is not, the seeds and the jobs are still compared.
    runs = {(b, seed, jobs): _cli(corpus, b, seed, fmt, jobs) for b in BACKENDS for seed, jobs in (("0", "1"), ("1", "2"))}
    first = next(iter(runs.values()))
    for key, proc in runs.items():
        assert proc.returncode in (0, 1, 2), (key, proc.stderr[-3000:])
        assert b"Traceback" not in proc.stderr, (key, proc.stderr[-3000:])
        # the summary names the backend that ran; everything else is the same bytes
        same = proc.stdout.replace(b'"backend":"durable"', b'"backend":"python"')
        assert (same, proc.returncode) == (first.stdout, first.returncode), key
    units = sum(1 for line in corpus.read_bytes().split(b"\n") if line.strip())
    if fmt == "jsonl":
        records = [json.loads(line) for line in first.stdout.splitlines()]
        assert [r["index"] for r in records[:-1]] == list(range(units))
        assert records[-1]["documents_read"] == units
    else:
        first.stdout.decode("utf-8")  # UTF-8 throughout, whatever the documents held
        assert first.stdout.count(b"\nOpsummering: ") == 1


def test_the_cli_on_mutated_files_never_raises(tmp_path: Path) -> None:
    rnd = random.Random(7)
    for i, seed in enumerate(SEEDS[: 6 * FACTOR]):
        suffix = rnd.choice([".json", ".yaml", ".yml", ".jsonl"])
        (tmp_path / f"in-{i}{suffix}").write_bytes(_mutate(seed, [(rnd.randrange(1 << 16), rnd.randrange(8), rnd.randbytes(3))]))
    result = run("check", str(tmp_path), "--backend", "python", "--as-of", AS_OF.isoformat(), "--format", "jsonl")
    assert result.code in (0, 1, 2) and "Traceback" not in result.err
    assert result.lines()[-1]["type"] == "summary"
