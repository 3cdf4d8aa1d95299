"""The two backends that decide which branches of which rules match a set of facts.

Both take the same input, a list of engine facts ``{"q": rule code, "n": subject
number, <property>: value ...}``, and return the set of ``(q, n, branch)`` that matched.
``PythonBackend`` interprets the compiled conditions directly and is the oracle;
``DurableBackend`` drives durable-rules' C module (not ``durable.lang`` nor
``durable.engine.Host``: see the field notes for why).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading
from typing import Any

import pydantic_core

from ._compiler import SENTINEL, IR, CompiledRule, check_property_hashes, durable_definition

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


class PythonBackend:
    name = "python"

    def __init__(self, rules: list[CompiledRule]):
        self._branches = {cr.code: [(b.index, b.ir) for b in cr.branches] for cr in rules}

    def run(self, facts: list[dict[str, Any]]) -> set[Match]:
        out: set[Match] = set()
        for fact in facts:
            q, n = fact["q"], fact["n"]
            for index, ir in self._branches[q]:
                if holds(ir, fact):
                    out.add((q, n, index))
        return out


def durable_available() -> bool:
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


_RULESETS: dict[str, int] = {}  # definition JSON -> engine handle; rulesets are never freed
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
    """durable-rules through its C module: a session per document kind in an evaluation
    (one for a single document), always deleted.

    Each document kind gets a ruleset of its own rules, made when first needed, and the
    facts of each kind go to a session of that ruleset: a fact asserted into a session
    is tested against every pattern of its ruleset (measured: the cost of an assert
    grows with the number of rules in the ruleset), and a fact can only match its own
    rule. Rule names, and so the matches, are those of the ruleset of all rules, which
    is built at once so that a bad definition fails when the backend is made.
    """

    name = "durable"

    def __init__(self, rules: list[CompiledRule]):
        import durable_rules_engine as engine

        self._engine = engine
        check_property_hashes(rules)  # over the whole rule set, not only one kind's
        self._rules = list(rules)
        self._group_of = {cr.code: cr.rule.applies_to for cr in rules}
        self._handles: dict[str | None, int] = {None: _ruleset_handle(engine, self._rules)}
        self._sids = itertools.count(1)

    def _handle(self, group: str) -> int:
        handle = self._handles.get(group)
        if handle is None:
            handle = _ruleset_handle(self._engine, [cr for cr in self._rules if cr.rule.applies_to == group])
            self._handles[group] = handle
        return handle

    def run(self, facts: list[dict[str, Any]]) -> set[Match]:
        group_of = self._group_of
        groups: dict[str, list[dict[str, Any]]] = {}
        for f in facts:
            groups.setdefault(group_of[f["q"]], []).append(f)
        if len(groups) == 1:  # one document, or a portfolio's own rules only
            group = next(iter(groups))
            return self._session(self._handle(group), facts)
        out: set[Match] = set()
        for group, part in groups.items():  # a portfolio: a session per kind
            out |= self._session(self._handle(group), part)
        return out

    def _session(self, handle: int, facts: list[dict[str, Any]]) -> set[Match]:
        engine = self._engine
        with _LOCK:
            sid = str(next(self._sids))
            # Every fact gets the session id. Facts are built with "q" first, and '{"q":'
            # cannot occur inside a JSON string (its quote would be escaped), so the id
            # can be put in by replacing text, instead of copying every fact; when some
            # fact does not start that way, copy them.
            text = _encode(facts)
            if text.count('{"q":') == len(facts):
                batch = f'[{{"q":0,"n":0,"sid":"{sid}"}}' + ("," if facts else "") + text[1:].replace('{"q":', f'{{"sid":"{sid}","q":')
            else:
                batch = json.dumps([{"q": 0, "n": 0, "sid": sid}, *({**f, "sid": sid} for f in facts)], separators=(",", ":"))
            out: set[Match] = set()
            try:
                result = engine.assert_facts(handle, batch)
                # result[0]: 0 handled, 1 some fact reached no rule (normal: item 6 of the
                # field notes), 2 observed twice (cannot happen: (q, n) is unique).
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
            finally:
                engine.delete_state(handle, sid)
        return out


# An action's message is '{"r<code>_<branch>":{"m":{"sid":"<sid>","q":<code>,"n":<n>,...}}}'
# when one rule fired for one fact (the facts are asserted with sid, q and n first, and
# the engine gives them back in that order). '":{"m":{' cannot occur inside a JSON string
# (its quotes would be escaped), so a message holding it once names one rule; such a
# message is read by this pattern instead of json.loads (a few µs per firing). Anything
# else (the sentinel, several rules) takes json.loads.
_SINGLE = re.compile(r'\{"r(\d+)_(\d+)":\{"m":\{"sid":"\d+","q":\d+,"n":(\d+)[,}]').match

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
