"""The two backends that decide which branches of which rules match a set of facts.

Both take the same input, a list of engine facts ``{"q": rule code, "n": subject
number, <property>: value ...}`` with the slices of it that belong to each document kind
(``spans``), and return the set of ``(q, n, branch)`` that matched.
``PythonBackend`` evaluates the compiled conditions in plain Python and is the oracle
(``holds`` interprets a condition; ``compile_condition`` turns it into nested closures
once per rule set, which ``PythonBackend`` runs);
``DurableBackend`` drives durable-rules' C module (not ``durable.lang`` nor
``durable.engine.Host``: see the field notes for why).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading
from collections.abc import Callable
from typing import Any

import pydantic_core

from .compiler import (
    IR,
    MAX_RULESET_RULES,
    SENTINEL,
    CompiledRule,
    check_property_hashes,
    durable_definition,
    durable_guard,
)

Match = tuple[int, int, int]


def holds(ir: IR, fact: dict[str, Any]) -> bool:
    """Plain-Python meaning of a compiled condition over one engine fact."""
    tag = ir[0]
    if tag == "and":
        return all(holds(x, fact) for x in ir[1])
    if tag == "or":
        return any(holds(x, fact) for x in ir[1])
    if tag == "ex":
        return ir[1] in fact
    if tag == "nex":
        return ir[1] not in fact
    _, prop, op, lit = ir
    if prop not in fact:
        return False
    v = fact[prop]
    if op == "eq":
        return bool(v == lit)
    if op == "ne":
        return bool(v != lit)
    if op == "lt":
        return bool(v < lit)
    if op == "le":
        return bool(v <= lit)
    if op == "gt":
        return bool(v > lit)
    return bool(v >= lit)


Condition = Callable[[dict[str, Any]], Any]
"""A compiled condition: called with one engine fact, truthy exactly when ``holds`` is."""


def compile_condition(ir: IR) -> Condition:
    """A compiled condition as nested Python closures over its IR, built once so that
    evaluating it does not dispatch on the IR's tags again (``holds`` does, on every
    fact). No code is generated from rule text: each closure only captures a property
    name, a literal or the closures of its parts. The result is truthy for exactly the
    facts ``holds`` accepts, and raises where ``holds`` raises (a comparison of values
    Python cannot order), so both backends keep the same matches."""
    tag = ir[0]
    if tag == "and":
        return _compile_all(tuple(compile_condition(x) for x in ir[1]))
    if tag == "or":
        return _compile_any(tuple(compile_condition(x) for x in ir[1]))
    if tag == "ex":
        prop = ir[1]
        return lambda fact: prop in fact
    if tag == "nex":
        prop = ir[1]
        return lambda fact: prop not in fact
    _, prop, op, lit = ir
    # One closure per operator: the operator is chosen here, once, not for every fact.
    if op == "eq":
        return lambda fact: prop in fact and fact[prop] == lit
    if op == "ne":
        return lambda fact: prop in fact and fact[prop] != lit
    if op == "lt":
        return lambda fact: prop in fact and fact[prop] < lit
    if op == "le":
        return lambda fact: prop in fact and fact[prop] <= lit
    if op == "gt":
        return lambda fact: prop in fact and fact[prop] > lit
    if op == "ge":
        return lambda fact: prop in fact and fact[prop] >= lit
    raise ValueError(f"compiled condition {ir!r}: unknown operator {op!r}")


def _compile_all(parts: tuple[Condition, ...]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda fact: a(fact) and b(fact)

    def every(fact: dict[str, Any]) -> bool:
        for part in parts:
            if not part(fact):
                return False
        return True  # like all(()): an empty conjunction holds

    return every


def _compile_any(parts: tuple[Condition, ...]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda fact: a(fact) or b(fact)

    def some(fact: dict[str, Any]) -> bool:
        for part in parts:
            if part(fact):
                return True
        return False  # like any(()): an empty disjunction fails

    return some


class PythonBackend:
    name = "python"

    def __init__(self, rules: list[CompiledRule]):
        # Compiled once per rule set: run() only calls the closures.
        self._branches: dict[int, list[tuple[int, Condition]]] = {
            cr.code: [(b.index, compile_condition(b.ir)) for b in cr.branches] for cr in rules
        }

    def run(self, facts: list[dict[str, Any]], spans: list[tuple[str, int, int]]) -> set[Match]:
        out: set[Match] = set()  # spans: the kinds of the facts, which only durable needs
        branches = self._branches
        add = out.add
        for fact in facts:
            q, n = fact["q"], fact["n"]
            for index, condition in branches[q]:
                if condition(fact):
                    add((q, n, index))
        return out


def durable_available() -> bool:
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


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
    (the engine hangs on a larger one: see the compiler), each fact going to the one of
    its rule; rule names (and so the matches) are the same in all of them.

    A ruleset's session is reused by later evaluations (of any backend of the process)
    until it has held ``SESSION_FACTS`` facts, then deleted: creating a session costs
    time in proportion to the ruleset's size (every rule's join memory is set up),
    which for a small document was as much as its facts. The limit is small because
    every fact a session keeps takes kilobytes of engine memory (measured, resident
    memory after 1,000 and 40,000 mixed documents: 8,192 facts a session grew it by
    37 MiB, 2,048 by 11 MiB, 256 not at all), and larger sessions were no faster.
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

    def __init__(self, rules: list[CompiledRule]):
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

    def _handle(self, group: str) -> int:
        """The (first) ruleset of a kind."""
        return self._handles[group][0]

    def _parts(self, group: str, facts: list[dict[str, Any]]) -> list[tuple[int, list[dict[str, Any]]]]:
        """The ruleset(s) of a kind's facts: one, or each fact to that of its rule."""
        handles = self._handles.get(group)
        if handles is None:
            return []  # no rule of this kind, so no fact either
        if len(handles) == 1:
            return [(handles[0], facts)]
        split: dict[int, list[dict[str, Any]]] = {}
        for fact in facts:
            split.setdefault(self._route[fact["q"]], []).append(fact)
        return list(split.items())

    def run(self, facts: list[dict[str, Any]], spans: list[tuple[str, int, int]]) -> set[Match]:
        """The matches of ``facts``; ``spans`` (kind, start, end) says which slices of
        ``facts`` belong to which document kind (the evaluator knows)."""
        if len(spans) == 1:  # one document
            parts = [(spans[0][0], facts)]
        else:
            merged: dict[str, list[dict[str, Any]]] = {}
            for group, start, end in spans:
                merged.setdefault(group, []).extend(facts[start:end])
            parts = list(merged.items())
        out: set[Match] = set()
        for group, part in parts:  # a portfolio: a session per kind
            if part:
                for handle, facts_of in self._parts(group, part):
                    self._session(handle, facts_of, out)
        return out

    def _session(self, handle: int, facts: list[dict[str, Any]], out: set[Match]) -> None:
        limit = self.SESSION_FACTS
        with _LOCK:
            for i in range(0, len(facts), limit):
                self._assert(handle, facts[i : i + limit], out)

    def _assert(self, handle: int, facts: list[dict[str, Any]], out: set[Match]) -> None:
        engine = self._engine
        session = _OPEN.get(handle)
        if session is not None and session[1] + len(facts) > self.SESSION_FACTS:
            del _OPEN[handle]
            engine.delete_state(handle, session[0])
            session = None
        head = ""
        if session is None:
            session = _OPEN[handle] = [str(next(_SIDS)), 1]
            # the sentinel fires once in every session (field notes, item 1)
            head = f'{{"sid":"{session[0]}","id":0,"{durable_guard(0)}":1,"n":0}},'
        sid, first = session
        session[1] += len(facts)
        # Facts are built as {"q": code, "n": subject, ...}: '{"q":' and ',"n":' cannot
        # occur inside a JSON string (the quotes would be escaped), so each fact's head can
        # be rewritten in the text, instead of copying every fact, into
        # {"sid": session, "id": number, "Q<code>": 1, "n": subject, ...}.
        text = _encode(facts)
        pieces = text.split('{"q":')
        if len(pieces) == len(facts) + 1 and text.count(',"n":') == len(facts):
            body = "".join([f'{{"sid":"{sid}","id":{first + k},"Q{piece}' for k, piece in enumerate(pieces[1:])])
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
            while action:
                text = action[1]
                single = _SINGLE(text) if text.count('":{"m":{') == 1 else None
                if single is not None:  # the usual message: one rule, one fact
                    out.add((int(single[1]), int(single[3]), int(single[2])))
                else:
                    message = json.loads(text)
                    for rule_name, payload in message.items():
                        if rule_name != SENTINEL:
                            _, code, branch = _parse_name(rule_name)
                            out.add((code, payload["m"]["n"], branch))
                nxt = engine.complete_and_start_action(handle, state)
                action = (None, nxt) if nxt else None
            done = True
        finally:
            if not done:
                del _OPEN[handle]
                engine.delete_state(handle, sid)


_SIDS = itertools.count(1)  # session ids, unique in the process (sessions of all backends)

# An action's message is '{"r<code>_<branch>":{"m":{"sid":"<sid>","id":<id>,"Q<code>":1,
# "n":<n>,...}}}' when one rule fired for one fact (the facts are asserted with sid, id,
# Q<code> and n first, and the engine gives them back in that order). '":{"m":{' cannot
# occur inside a JSON string (its quotes would be escaped), so a message holding it once
# names one rule; such a message is read by this pattern instead of json.loads (a few µs
# per firing). Anything else (the sentinel, several rules) takes json.loads.
_SINGLE = re.compile(r'\{"r(\d+)_(\d+)":\{"m":\{"sid":"\d+","id":"?\d+"?,"Q\d+":1,"n":(\d+)[,}]').match

_JSON_SAFE = {int, bool, str}


def _encode(facts: list[dict[str, Any]]) -> str:
    """``json.dumps(facts, separators=(",", ":"))``, about three times faster where
    pydantic's encoder writes the same text: values that are only integers, booleans
    and strings, and output that is ASCII without DEL (json.dumps escapes non-ASCII
    and DEL, pydantic does not, and the engine compares strings in their escaped form:
    field notes, item 11). Floats, which the two write differently, take json.dumps."""
    if {type(v) for f in facts for v in f.values()} <= _JSON_SAFE:
        data = pydantic_core.to_json(facts)
        if data.isascii() and b"\x7f" not in data:
            return data.decode("ascii")
    return json.dumps(facts, separators=(",", ":"))


@functools.lru_cache(maxsize=1 << 16)  # a rule set has a few hundred names; one lookup per firing
def _parse_name(rule_name: str) -> tuple[str, int, int]:
    code, branch = rule_name[1:].split("_")
    return rule_name, int(code), int(branch)


def make_backend(name: str | None, rules: list[CompiledRule]) -> Any:
    if name is None:
        name = "durable" if durable_available() else "python"
    if name == "python":
        return PythonBackend(rules)
    if name == "durable":
        if not durable_available():
            raise ValueError(
                "backend='durable' needs durable-rules, which is not importable here "
                "(it does not import on Python 3.13+); use backend='python'"
            )
        return DurableBackend(rules)
    raise ValueError(f"unknown backend {name!r}; use 'durable' or 'python'")
