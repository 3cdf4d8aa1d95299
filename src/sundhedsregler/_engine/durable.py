"""Everything durable-rules needs, fenced in one module: the JSON ruleset definition of
the compiled rules (conditions, rule names, guards, the sentinel), the check that no
property name collides with another in the engine's 32-bit hash, and the backend that
drives durable-rules' C module (not ``durable.lang`` nor ``durable.engine.Host``: see
the field notes for why). No other module imports durable-rules; this one imports it
only when a ``DurableBackend`` is made, so it loads where durable-rules does not.

Field notes items this module answers: a property hash shared by two names (item 9),
a session in which nothing fired (item 1), facts told apart by their id (item 7), a
fact that reaches no rule (item 6), the rules of one ruleset (item 14).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import threading
from typing import Any

import orjson

from .backends import EngineFact, Match, Span
from .compiler import IR, CompiledRule, branch_field, props_of
from ..errors import RuleError

# Rules in one durable-rules ruleset: measured, create_ruleset never returns (and
# ignores Ctrl-C) once one node of its network has more than 512 successors, and every
# rule's guard, and the sentinel's, is a successor of the root; with 511 rules the
# ruleset is made but the first assert never returns (the session's own state counts
# too), with 510 both work. The backend splits a kind's rules into rulesets of at most
# this many (DurableBackend, below).
MAX_RULESET_RULES = 510
# Names durable-rules' definition parser recognises by their 32-bit FNV-1a hash (its
# keywords and operators, the fact ids and the alias): a property with the same hash
# is read as one of them (measured: error 102, or silently another condition).
ENGINE_NAMES = (
    "all", "any", "pri", "count", "cap", "dist", "name", "m", "id", "sid", "$s",
    "$lt", "$lte", "$gt", "$gte", "$eq", "$neq", "$mt", "$imt", "$iall", "$iany", "$ex", "$nex",
    "$or", "$and", "$m", "$add", "$sub", "$mul", "$div", "$l", "$r", "$forward",
)  # fmt: skip
RESERVED_PROPS = ("q", "n", "sid", "id", "$s")
_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def fnv1a32(text: str) -> int:
    """The 32-bit FNV-1a hash durable-rules uses to identify property names."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


# --- the ruleset definition -----------------------------------------------------------

SENTINEL = "zz_sentinel"


def durable_condition(ir: IR) -> dict[str, Any]:
    tag = ir[0]
    if tag in ("and", "or"):
        return {"$" + tag: [durable_condition(x) for x in ir[1]]}
    if tag == "ex":
        return {"$ex": {ir[1]: 1}}
    if tag == "nex":
        return {"$nex": {ir[1]: 1}}
    _, prop, op, value = ir
    if op == "eq":
        return {prop: value}
    return {_DURABLE_OP[op]: {prop: value}}


def durable_rule_name(code: int, branch: int) -> str:
    return f"r{code}_{branch}"


def durable_guard(code: int) -> str:
    """The property that marks a fact as one of rule ``code``'s: ``Q<code>``, always 1.

    durable-rules finds the first test of each pattern by the hash of the property it
    reads, then tries every test on that property in turn: with one ``q == code`` test
    per branch, every fact was tried against every branch of its ruleset (measured: the
    cost of an assert grew with the number of rules). A property named per rule leads
    each fact straight to its own rule's branches (a tilsagnsaftale's 64 facts: about 20%
    less engine time)."""
    return f"Q{code}"


# The most facts one action hands over (the rule option ``cap``). Without it the engine
# makes one action per fact that matches a branch, and an action costs about seven
# times an asserted fact in the C calls (measured: some 3.5 µs against 0.5 µs; a
# delingsaftale's 29 facts fired 21 actions, 87 µs of C calls). With it, every fact
# that matched one branch in an assert comes in one action, a list of them. Larger than
# any session (SESSION_FACTS), so a branch fires once per assert; more would only mean
# another action, which the backend reads the same way.
ACTION_CAP = 4096


def durable_definition(rules: list[CompiledRule]) -> dict[str, Any]:
    """The JSON ruleset definition, after checking it against the engine's limits."""
    check_property_hashes(rules)
    definition: dict[str, Any] = {}
    for cr in rules:
        for b in cr.branches:
            cond = {"$and": [{durable_guard(cr.code): 1}, durable_condition(b.ir)]}
            definition[durable_rule_name(cr.code, b.index)] = {"all": [{"m": cond}], "cap": ACTION_CAP}
    # Item 1 of the field notes: a session in which no rule fired can crash on delete.
    definition[SENTINEL] = {"all": [{"m": {durable_guard(0): 1}}], "pri": 1_000_000}
    return definition


def check_property_hashes(rules: list[CompiledRule]) -> None:
    # each rule's guard is an engine property too (never a fact name: those are lower case)
    engine_props = [*RESERVED_PROPS, *ENGINE_NAMES, durable_guard(0), *(durable_guard(cr.code) for cr in rules)]
    seen: dict[int, str] = {}
    for p in engine_props:
        first = seen.setdefault(fnv1a32(p), p)
        if first != p and p not in ENGINE_NAMES:  # cannot happen with today's names; a test keeps it so
            raise RuleError(f"engine properties {p!r} and {first!r} have the same engine hash")
    for cr in rules:
        for p in cr.props:
            if p in RESERVED_PROPS:
                raise RuleError(f"{p!r} is reserved by the engine", file=cr.file, rule_id=cr.id, field=_prop_field(cr, p))
            h = fnv1a32(p)
            other = seen.get(h)
            if other is not None and other != p:
                what = "the engine's own name" if other in ENGINE_NAMES or other in RESERVED_PROPS else ""
                raise RuleError(
                    f"the name {p!r} has the same engine hash as {what}{' ' if what else ''}{other!r} "
                    "(durable-rules would confuse them); rename it",
                    file=cr.file,
                    rule_id=cr.id,
                    field=_prop_field(cr, p),
                )
            seen[h] = p


def _prop_field(cr: "CompiledRule", prop: str) -> str:
    """The field of the rule file where an engine property is named first."""
    if prop in cr.rule.terms:
        return f"terms.{prop}"
    for b in cr.branches:
        if prop in props_of([b.ir]):
            return branch_field(cr.rule, b)
    return "when"


# --- the backend ----------------------------------------------------------------------


def available() -> bool:
    """Whether durable-rules' C module imports here."""
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


# glibc's allocator, for the engine's sessions (_keep_session_memory). mallopt's
# parameter numbers, from glibc's malloc.h.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# A session's memory in the C module is made when the session is and freed when it is
# deleted (every SESSION_FACTS facts). Measured on the tilsagnsaftaler's ruleset, the
# largest: thresholds of 1 and 2 MiB remove the page faults, 512 KiB and 1 MiB do not;
# these are four times that.
_ENGINE_MMAP_THRESHOLD = 4 << 20
_ENGINE_TRIM_THRESHOLD = 8 << 20
_MEMORY_KEPT: bool | None = None


def _keep_session_memory() -> bool:
    """Let glibc reuse a deleted session's memory for the next session, instead of
    handing it back to the kernel and faulting fresh pages in again; True if set.

    With glibc's defaults a block of more than 128 KiB is mapped on its own, and
    freed memory at the top of the heap is given back once it passes a threshold that
    glibc adjusts as it goes: a session's blocks went back to the kernel on every
    delete and came back as fresh pages on the next session. Measured on the
    tilsagnsaftaler (70 facts, a new session every 3 or 4 documents): 74 page faults
    per document, half of the engine step's CPU time in the kernel (225 µs, 120 of them
    system time); with the two thresholds fixed at these values, no page faults and
    92 µs, resident memory the same (docs/performance.md). The setting is process-wide:
    blocks below 4 MiB come from the heap, and up to 8 MiB of freed memory at its top
    is kept for reuse, the host's allocations too. So the library never makes it on
    its own: the caller opts in (the CLI does, before it evaluates with the durable
    backend, and the forked workers of ``--jobs`` inherit it; docs/backends.md). Made
    once per process; nowhere but on glibc (elsewhere the allocator is left as it
    is)."""
    global _MEMORY_KEPT
    if _MEMORY_KEPT is None:
        _MEMORY_KEPT = False
        try:
            glibc = os.confstr("CS_GNU_LIBC_VERSION") or ""
        except (AttributeError, ValueError, OSError):
            glibc = ""  # not a GNU system
        if glibc.startswith("glibc"):
            import ctypes

            try:
                libc = ctypes.CDLL(None)
                mallopt = libc.mallopt
            except (OSError, AttributeError):
                return False
            mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
            # trim first: setting either fixes both, glibc adjusts neither afterwards
            _MEMORY_KEPT = bool(mallopt(_M_TRIM_THRESHOLD, _ENGINE_TRIM_THRESHOLD)) and bool(
                mallopt(_M_MMAP_THRESHOLD, _ENGINE_MMAP_THRESHOLD)
            )
    return _MEMORY_KEPT


_RULESETS: dict[str, int] = {}  # definition JSON -> engine handle; rulesets are never freed
# engine handle -> [session id, facts asserted in it] of the ruleset's open session. Kept
# per ruleset, not per backend, since backends share rulesets: however many backends a
# process makes, each ruleset has at most one session open.
_OPEN: dict[int, list[Any]] = {}
_NAMES = itertools.count(1)
_LOCK = threading.Lock()


def _ruleset_handle(engine: Any, rules: list[CompiledRule]) -> int:
    definition = json.dumps(durable_definition(rules), sort_keys=True, separators=(",", ":"))
    with _LOCK:
        handle = _RULESETS.get(definition)
        if handle is None:
            handle = engine.create_ruleset(f"sundhedsregler_{next(_NAMES)}", definition)
            _RULESETS[definition] = handle
    return handle


class DurableBackend:
    """durable-rules through its C module.

    Each document kind gets a ruleset of its own rules, made when first needed, and the
    facts of each kind go to a session of that ruleset: a fact asserted into a session
    is tested against every pattern of its ruleset (measured: the cost of an assert
    grows with the number of rules in the ruleset), and a fact can only match its own
    rule. Every kind's rulesets are made with the backend, so that a bad definition
    fails then. A kind with more than ``MAX_RULESET_RULES`` rules gets several rulesets
    (the engine hangs on a larger one: see ``MAX_RULESET_RULES``), each fact going to the one of
    its rule; rule names (and so the matches) are the same in all of them.

    A ruleset's session is reused by later evaluations (of any backend of the process)
    until it has held ``SESSION_FACTS`` facts, then deleted: creating a session costs
    time in proportion to the ruleset's size (every rule's join memory is set up),
    which for a small document was as much as its facts. The limit is small because
    every fact a session keeps takes kilobytes of engine memory (measured, resident
    memory after 1,000 and 40,000 mixed documents: 8,192 facts a session grew it by
    37 MiB, 2,048 by 11 MiB, 256 not at all). With one action per branch
    (``ACTION_CAP``) larger sessions are slower, too: the engine step of a
    tilsagnsaftale took 132, 122 and 163 µs with 128, 256 and 1,024 facts a session
    (three backends alternated in one run; without the cap, 1,024 had been the fastest).
    Reuse is safe because every rule has one pattern over one fact: a fact fires its
    rule when it is asserted, all actions are drained before the evaluation returns,
    and an old fact can never take part in a later match. A session that saw an error
    is deleted at once.

    Every fact gets an ``id``, its number in the session. Without one the engine makes
    an id from the fact's content, and it tells stored facts apart by a 32-bit hash of
    the id: two different facts whose ids hash alike count as the same fact, and the
    second is dropped (measured: one of 60,000 facts in a session). The numbers 0 to
    ``SESSION_FACTS`` have distinct hashes (a test checks it; the first repeat is at
    797,186), so no fact is lost.
    """

    name = "durable"
    SESSION_FACTS = 256

    def __init__(self, rules: list[CompiledRule]) -> None:
        import durable_rules_engine as engine

        self._engine = engine
        check_property_hashes(rules)  # over the whole rule set, not only one kind's
        self._rules = list(rules)
        by_kind: dict[str, list[CompiledRule]] = {}
        for cr in self._rules:
            by_kind.setdefault(cr.rule.applies_to, []).append(cr)
        # kind -> its rulesets; and, for a kind with several, rule code -> its ruleset
        self._handles: dict[str, list[int]] = {}
        self._route: dict[int, int] = {}
        for kind, group in by_kind.items():
            pieces = [group[i : i + MAX_RULESET_RULES] for i in range(0, len(group), MAX_RULESET_RULES)]
            self._handles[kind] = [_ruleset_handle(engine, piece) for piece in pieces]
            if len(pieces) > 1:
                self._route.update({cr.code: self._handles[kind][k] for k, piece in enumerate(pieces) for cr in piece})

    def _parts(self, group: str, facts: list[EngineFact]) -> list[tuple[int, list[EngineFact]]]:
        """The ruleset(s) of a kind's facts: one, or each fact to that of its rule."""
        handles = self._handles.get(group)
        if handles is None:
            return []  # no rule of this kind, so no fact either
        if len(handles) == 1:
            return [(handles[0], facts)]
        split: dict[int, list[EngineFact]] = {}
        for fact in facts:
            split.setdefault(self._route[fact["q"]], []).append(fact)
        return list(split.items())

    def run(self, facts: list[EngineFact], spans: list[Span]) -> set[Match]:
        """The matches of ``facts``; ``spans`` (kind, start, end) says which slices of
        ``facts`` belong to which document kind (the evaluator knows)."""
        if len(spans) == 1:  # one document
            parts = [(spans[0][0], facts)]
        else:
            merged: dict[str, list[EngineFact]] = {}
            for group, start, end in spans:
                merged.setdefault(group, []).extend(facts[start:end])
            parts = list(merged.items())
        out: set[Match] = set()
        for group, part in parts:  # a portfolio: a session per kind
            if part:
                for handle, facts_of in self._parts(group, part):
                    self._session(handle, facts_of, out)
        return out

    def _session(self, handle: int, facts: list[EngineFact], out: set[Match]) -> None:
        limit = self.SESSION_FACTS
        with _LOCK:
            for i in range(0, len(facts), limit):
                self._assert(handle, facts[i : i + limit], out)

    def _assert(self, handle: int, facts: list[EngineFact], out: set[Match]) -> None:
        engine = self._engine
        session = _OPEN.get(handle)
        if session is not None and session[1] + len(facts) > self.SESSION_FACTS:
            del _OPEN[handle]
            engine.delete_state(handle, session[0])
            session = None
        head = ""
        if session is None:
            session = _OPEN[handle] = [SID, 1]
            # the sentinel fires once in every session (field notes, item 1)
            head = _SENTINEL_FACT
        sid, first = session
        session[1] += len(facts)
        # Facts are built as {"q": code, "n": subject, ...}: '{"q":' and ',"n":' cannot
        # occur inside a JSON string (the quotes would be escaped), so each fact's head can
        # be rewritten in the text, instead of copying every fact, into
        # {"sid": session, "id": number, "Q<code>": 1, "n": subject, ...}: the heads are
        # made once per process (every session of a ruleset has the same sid), and the
        # batch is joined from them and the pieces of the text without a loop in Python.
        text = _encode(facts)
        pieces = text.split('{"q":')
        if len(pieces) == len(facts) + 1 and text.count(',"n":') == len(facts):
            end = first + len(facts)
            if end > len(_HEADS):  # SESSION_FACTS raised (a test does)
                _HEADS.extend(_head(k) for k in range(len(_HEADS), end))
            body = "".join(itertools.chain.from_iterable(zip(_HEADS[first:end], pieces[1:])))
            batch = "[" + head + body.replace(',"n":', '":1,"n":')
        else:
            batch = "[" + head + json.dumps(
                [
                    {"sid": sid, "id": first + k, durable_guard(f["q"]): 1, **{p: v for p, v in f.items() if p != "q"}}
                    for k, f in enumerate(facts)
                ],
                separators=(",", ":"),
            )[1:]
        done = False
        try:
            result = engine.assert_facts(handle, batch)
            # result[0]: 0 handled, 1 some fact reached no rule (normal: item 6 of the field
            # notes), 2 observed twice (cannot happen: every id in a session is distinct).
            if result[0] == 2:
                raise RuntimeError("durable-rules rejected a duplicate fact")
            state = result[1]
            action = engine.start_action_for_state(handle, state)
            # the first action comes as (state, message), each next one as its message
            message = action[1] if action else None
            complete, add = engine.complete_and_start_action, out.add
            while message:
                capped = _CAPPED(message) if message.count('":[{"m":{') == 1 else None
                if capped is not None:  # the usual message: one branch, the facts it matched
                    code, branch = int(capped[1]), int(capped[2])
                    for n in _SUBJECTS(message):
                        add((code, int(n), branch))
                else:
                    for rule_name, payload in json.loads(message).items():
                        if rule_name != SENTINEL:
                            _, code, branch = _parse_name(rule_name)
                            for one in payload if isinstance(payload, list) else (payload,):
                                add((code, one["m"]["n"], branch))
                message = complete(handle, state)
            done = True
        finally:
            if not done:
                del _OPEN[handle]
                engine.delete_state(handle, sid)


# The session id of every session: a ruleset has at most one session open (_OPEN), and a
# session is deleted before the next one of its ruleset is made, so one id serves
# (tests/test_engine_sessions.py rolls sessions over every few facts against the oracle).
SID = "1"
# The head of fact number k of a session, up to the most a session holds.
def _head(k: int) -> str:
    return f'{{"sid":"{SID}","id":{k},"Q'


_HEADS = [_head(k) for k in range(DurableBackend.SESSION_FACTS + 1)]
_SENTINEL_FACT = f'{{"sid":"{SID}","id":0,"{durable_guard(0)}":1,"n":0}},'

# An action's message is '{"r<code>_<branch>":[{"m":{"sid": "<sid>", "id": <id>, "Q<code>":
# 1, "n": <n>, ...}}, {"m":{...}} ...]}' when one branch fired for the facts it matched
# (ACTION_CAP; the engine writes the facts with or without a space after each colon).
# '":[{"m":{' cannot occur inside a JSON string (its quotes would be escaped), so a
# message holding it once names one branch, read by these patterns instead of
# json.loads; and '"n":' can only be the key n of a fact (a string value is followed
# by ',' or '}', never by ':'), which no rule may use (RESERVED_PROPS). Anything else
# (the sentinel, several rules in one message) takes json.loads.
_CAPPED = re.compile(r'\{"r(\d+)_(\d+)":\[\{"m":\{').match
_SUBJECTS = re.compile(r'"n":\s*(\d+)').findall

_JSON_SAFE = {int, bool, str}


def _encode(facts: list[EngineFact]) -> str:
    """``json.dumps(facts, separators=(",", ":"))``, about ten times faster where
    orjson writes the same text: values that are only integers, booleans and strings,
    and output that is ASCII without DEL (json.dumps escapes non-ASCII and DEL, orjson
    does not, and the engine compares strings in their escaped form: field notes, item
    11). Floats, which the two write differently, and integers beyond 64 bits, which
    orjson refuses, take json.dumps. (orjson rather than pydantic's encoder, which
    writes the same text: 9 against 33 µs for a mixed document's 31 facts.)"""
    # the types of every value, gathered without a loop in Python (a set comprehension
    # over the facts' values was 15 µs of a mixed document's 120 in the engine step)
    if set(map(type, itertools.chain.from_iterable(map(dict.values, facts)))) <= _JSON_SAFE:
        try:
            data = orjson.dumps(facts)
        except orjson.JSONEncodeError:
            pass
        else:
            if data.isascii() and b"\x7f" not in data:
                return data.decode("ascii")
    return json.dumps(facts, separators=(",", ":"))


@functools.lru_cache(maxsize=1 << 16)  # a rule set has a few hundred names; one lookup per firing
def _parse_name(rule_name: str) -> tuple[str, int, int]:
    code, branch = rule_name[1:].split("_")
    return rule_name, int(code), int(branch)
