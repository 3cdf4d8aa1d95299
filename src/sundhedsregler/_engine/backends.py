"""The protocol between evaluation and the two backends that decide which branches of
which rules match a set of facts, and the choice between them.

Both take the same input, a list of engine facts ``{"q": rule code, "n": subject
number, <property>: value ...}`` with the slices of it that belong to each document kind
(``spans``), and return the set of ``(q, n, branch)`` that matched.
``python.PythonBackend`` evaluates the compiled conditions in plain Python and is the
oracle; ``durable.DurableBackend`` drives durable-rules, which no other module imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .compiler import CompiledRule

# An engine fact: "q" (the rule's code), "n" (the subject's record number) and one
# property per engine property of the rule that has a value (never None: field notes,
# item 12), as the evaluator builds it, in that key order.
EngineFact = dict[str, Any]
# (document kind, start, end): the slice of the facts that belongs to one kind
Span = tuple[str, int, int]
# (rule code, subject's record number, branch index): one branch that held
Match = tuple[int, int, int]


class Backend(Protocol):
    """What evaluation asks of a backend: a name, and the matches of a list of facts."""

    name: str

    def run(self, facts: list[EngineFact], spans: list[Span]) -> set[Match]:
        """The branches that hold for ``facts``; ``spans`` says which slices of them
        belong to which document kind (one slice per unit of a portfolio)."""
        ...


def durable_available() -> bool:
    """Whether durable-rules imports here (it does not on Python 3.13+)."""
    from .durable import available

    return available()


def keep_engine_memory() -> bool:
    """Opt this process in to the allocator setting that makes the durable backend
    fastest; True if it was made (on glibc), False where it cannot be (elsewhere, or
    where ``mallopt`` is not found).

    On glibc, ``mallopt`` fixes two thresholds of the C allocator: blocks under 4 MiB
    come from the heap, and up to 8 MiB of freed memory at its top is kept, so that a
    new durable-rules session reuses the memory of the one deleted before it instead
    of faulting fresh pages in (the tilsagnsaftaler's engine step took half its time in
    the kernel without it). The setting holds for every allocation of the process, the
    host's too, so the library never makes it unless asked: call this once, before or
    after loading rules, in a process you own (a batch service, a worker). It changes
    no finding, and it is made once per process (later calls return the first call's
    answer). The CLI makes it when it evaluates with the durable backend.
    docs/backends.md says more."""
    from .durable import _keep_session_memory

    return _keep_session_memory()


def make_backend(name: str | None, rules: list[CompiledRule]) -> Backend:
    """The backend ``name`` (``"durable"``, ``"python"``, or None for the best one
    available) over the compiled rules."""
    if name is None:
        name = "durable" if durable_available() else "python"
    if name == "python":
        from .python import PythonBackend

        return PythonBackend(rules)
    if name == "durable":
        if not durable_available():
            raise ValueError(
                "backend='durable' needs durable-rules, which is not importable here "
                "(it does not import on Python 3.13+); use backend='python'"
            )
        from .durable import DurableBackend

        return DurableBackend(rules)
    raise ValueError(f"unknown backend {name!r}; use 'durable' or 'python'")
