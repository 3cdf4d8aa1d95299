"""The durable backend's sessions: reused across evaluations, split when large, and
never losing a fact to the engine's 32-bit message hashes."""

from __future__ import annotations

import datetime as dt

import pytest

import sundhedsregler
from sundhedsregler._engine.durable import _OPEN, DurableBackend, durable_guard, fnv1a32
from sundhedsregler._engine.backends import durable_available

from .conftest import AS_OF, EXAMPLES, FIXTURES

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable-rules is not importable here")

DOCUMENTS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
DATES = [dt.date(2026, 3, 31), dt.date(2026, 4, 15), AS_OF, dt.date(2028, 1, 1)]


def test_every_fact_id_a_session_can_use_has_its_own_engine_hash() -> None:
    # The engine tells stored facts apart by a 32-bit hash of their id; the ids of one
    # session are 0 (the sentinel) to SESSION_FACTS.
    ids = range(DurableBackend.SESSION_FACTS + 1)
    assert len({fnv1a32(str(i)) for i in ids}) == len(ids)


def test_rule_guards_have_their_own_engine_hashes(rules: sundhedsregler.RuleSet) -> None:
    guards = [durable_guard(0), *(durable_guard(cr.code) for cr in rules._compiled)]
    assert len({fnv1a32(g) for g in guards}) == len(guards)


@pytest.mark.parametrize("session_facts", [7, 40, 256, 8192])
def test_reused_and_split_sessions_give_the_oracles_reports(
    rules: sundhedsregler.RuleSet, monkeypatch: pytest.MonkeyPatch, session_facts: int
) -> None:
    # Small limits make every document roll over to new sessions and split the larger
    # ones (a tilsagnsaftale has more than 40 facts, a portfolio more than 100).
    monkeypatch.setattr(DurableBackend, "SESSION_FACTS", session_facts)
    docs = [sundhedsregler.load_document(p) for p in DOCUMENTS]
    durable = sundhedsregler.Evaluator(rules, backend="durable")
    python = sundhedsregler.Evaluator(rules, backend="python")
    for _ in range(2):  # the second round runs in sessions that already hold facts
        for as_of in DATES:
            for doc in docs:
                assert durable.evaluate(doc, as_of=as_of).to_json() == python.evaluate(doc, as_of=as_of).to_json()


class _FailingEngine:
    """The engine module, except that draining the actions fails."""

    def __init__(self, engine: object):
        self._engine = engine
        self.deleted: list[str] = []
        self.drained: list[int] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self._engine, name)

    def start_action_for_state(self, handle: int, state: object) -> object:
        self.drained.append(handle)
        raise RuntimeError("drain failed")

    def delete_state(self, handle: int, sid: str) -> object:
        self.deleted.append(sid)
        return self._engine.delete_state(handle, sid)  # type: ignore[attr-defined]


def test_a_session_is_deleted_when_an_evaluation_fails(
    rules: sundhedsregler.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = rules._backend("durable")
    evaluator = sundhedsregler.Evaluator(rules, backend="durable")
    doc = sundhedsregler.load_document(DOCUMENTS[0])
    evaluator.evaluate(doc, as_of=DATES[0])
    sessions = {h: s[0] for h, s in _OPEN.items()}  # sessions stay open for the next evaluation
    failing = _FailingEngine(backend._engine)
    monkeypatch.setattr(backend, "_engine", failing)
    with pytest.raises(RuntimeError, match="drain failed"):
        evaluator.evaluate(doc, as_of=DATES[0])
    (handle,) = failing.drained
    assert failing.deleted == [sessions[handle]]  # the session it failed in, and no other
    assert handle not in _OPEN
    monkeypatch.undo()
    python = sundhedsregler.Evaluator(rules, backend="python")
    assert evaluator.evaluate(doc, as_of=DATES[0]).to_json() == python.evaluate(doc, as_of=DATES[0]).to_json()


def test_facts_in_another_key_order_take_the_plain_encoding(rules: sundhedsregler.RuleSet) -> None:
    # The evaluator builds facts as {"q", "n", ...} and the backend rewrites their text;
    # facts in another order are encoded whole instead, with the same matches.
    doc = sundhedsregler.load_document(DOCUMENTS[0])
    evaluator = sundhedsregler.Evaluator(rules, backend="durable")
    _, facts, spans = evaluator._collect(doc, DATES[2])
    reordered = [{"n": f["n"], **{k: v for k, v in f.items() if k != "n"}} for f in facts]
    assert list(reordered[0])[:2] == ["n", "q"]
    python = rules._backend("python").run(facts, spans)
    assert python  # some branch matches, so the comparison means something
    assert rules._backend("durable").run(reordered, spans) == python
    assert rules._backend("durable").run(facts, spans) == python


_ALLOCATOR_PROBE = """
import datetime, io, sys
import sundhedsregler
from sundhedsregler._engine import durable
from sundhedsregler.cli import main

rules = sundhedsregler.load_rules()
as_of = datetime.date.fromisoformat(sys.argv[2])
sundhedsregler.Evaluator(rules, backend="durable").evaluate(sundhedsregler.load_document(sys.argv[1]), as_of=as_of)
library = durable._MEMORY_KEPT
out = io.StringIO()
main(["check", sys.argv[1], "--as-of", sys.argv[2], "--backend", sys.argv[3], "--format", "json"], out, io.StringIO())
print(library, durable._MEMORY_KEPT, durable._keep_session_memory() if sys.argv[3] == "durable" else None)
"""


@pytest.mark.parametrize("backend", ["durable", "python"])
def test_only_the_cli_fixes_the_allocators_thresholds_for_its_process(backend: str) -> None:
    # _keep_session_memory: the allocator's thresholds are fixed so that a new session
    # reuses the freed memory of the last one instead of faulting fresh pages in
    # (docs/performance.md), but the setting holds for the whole process: the library
    # leaves it to its caller, and the CLI, which owns its process, opts in when it
    # evaluates with the durable backend (docs/backends.md). Nowhere but on glibc. A
    # fresh process, since the setting is made once per process.
    import os
    import subprocess
    import sys

    try:
        glibc = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        glibc = False
    doc = str(FIXTURES / "hsa.yaml")
    out = subprocess.run(
        [sys.executable, "-c", _ALLOCATOR_PROBE, doc, AS_OF.isoformat(), backend], capture_output=True, text=True, check=True
    ).stdout.split()
    if backend == "durable":
        assert out == ["None", str(glibc), str(glibc)]  # made once: asking again changes nothing
    else:
        assert out == ["None", "None", "None"]



_PUBLIC_OPT_IN_PROBE = """
import datetime, sys
import sundhedsregler
from sundhedsregler._engine import durable

rules = sundhedsregler.load_rules()
doc = sundhedsregler.load_document(sys.argv[1])
as_of = datetime.date.fromisoformat(sys.argv[2])
before = sundhedsregler.Evaluator(rules, backend="durable").evaluate(doc, as_of=as_of).to_json()
untouched = durable._MEMORY_KEPT
made = sundhedsregler.keep_engine_memory()
after = sundhedsregler.Evaluator(rules, backend="durable").evaluate(doc, as_of=as_of).to_json()
print(untouched, made, durable._MEMORY_KEPT, sundhedsregler.keep_engine_memory(), before == after)
"""


def test_a_host_opts_in_to_the_allocator_setting_with_the_public_function() -> None:
    # sundhedsregler.keep_engine_memory(): the documented way for a host that owns its
    # process to opt in, as the CLI does (docs/backends.md). Until it is called nothing
    # is set; it makes the setting on glibc only, once per process; findings unchanged.
    import os
    import subprocess
    import sys

    try:
        glibc = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        glibc = False
    doc = str(FIXTURES / "hsa.yaml")
    out = subprocess.run(
        [sys.executable, "-c", _PUBLIC_OPT_IN_PROBE, doc, AS_OF.isoformat()], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["None", str(glibc), str(glibc), str(glibc), "True"]
