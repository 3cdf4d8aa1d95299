"""Running rule examples: each rule's examples are its tests and its documentation."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .evaluate import Evaluator
from .._safeload import to_document
from .rulefile import Example, RuleFile
from .ruleset import RuleSet
from ..errors import DocumentError, RuleError
from ..findings import Finding


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: mappings merge, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def example_document(rules: RuleSet, rf: RuleFile, ex: Example, *, file: str = "") -> Any:
    if ex.document is not None:
        data = ex.document
    else:
        assert ex.base is not None
        if ex.base not in rules.fixtures:
            raise RuleError(f"example {ex.name!r}: no fixture {ex.base!r} in _fixtures/", file=file, rule_id=rf.id)
        data = merge_patch(rules.fixtures[ex.base], ex.changes or {})
    try:
        return to_document(data, source=f"{file} example {ex.name!r}")
    except DocumentError as exc:
        raise RuleError(f"example {ex.name!r} is not a valid document: {exc}", file=file, rule_id=rf.id) from None


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    example: str
    file: str
    ok: bool
    problems: tuple[str, ...]
    findings: tuple[Finding, ...]


def _compare(expected: list[Any], got: list[Finding]) -> list[str]:
    problems = []
    if len(expected) != len(got):
        problems.append(f"expected {len(expected)} finding(s), got {len(got)}")
    for i, (e, f) in enumerate(zip(expected, got)):
        if e.outcome != f.outcome:
            problems.append(f"finding {i}: expected outcome {e.outcome}, got {f.outcome} ({f.message})")
        if e.path is not None and e.path != f.path:
            problems.append(f"finding {i}: expected path {e.path!r}, got {f.path!r}")
        if e.level is not None and e.level != f.level:
            problems.append(f"finding {i}: expected level {e.level}, got {f.level}")
        for key, value in (e.evidence or {}).items():
            if key not in f.evidence:
                problems.append(f"finding {i}: no evidence {key!r} (has {', '.join(f.evidence)})")
            elif f.evidence[key] != (value.isoformat() if hasattr(value, "isoformat") else value):
                problems.append(f"finding {i}: evidence {key} = {f.evidence[key]!r}, expected {value!r}")
    return problems


def run_example(
    rules: RuleSet, rf: RuleFile, ex: Example, *, file: str = "", evaluator: Evaluator | None = None,
    backend: str | None = None,
) -> ExampleResult:
    """Evaluate one example of one rule with the whole rule set (once) and compare that
    rule's findings. ``evaluator`` (made for ``rules`` and ``backend`` without parameter
    overrides) is reused where the example sets no parameters."""
    doc = example_document(rules, rf, ex, file=file)
    if ex.parameters:
        ev = Evaluator(
            rules, backend=backend, lang="en", parameters={f"{rf.id}.{k}": v for k, v in ex.parameters.items()}
        )
    else:
        ev = evaluator if evaluator is not None else Evaluator(rules, backend=backend, lang="en")
    report = ev.evaluate(doc, as_of=ex.as_of)
    got = [f for f in report.findings if f.rule_id == rf.id]
    problems = _compare(list(ex.expect), got)
    return ExampleResult(rf.id, ex.name, file, not problems, tuple(problems), tuple(got))


def run_examples(rules: RuleSet, *, backend: str | None = None, ids: set[str] | None = None) -> list[ExampleResult]:
    """Run every rule's examples with the whole rule set; compare that rule's findings."""
    plain = Evaluator(rules, backend=backend, lang="en")
    return [
        run_example(rules, rf, ex, file=file, evaluator=plain, backend=backend)
        for file, rf in rules.files
        if ids is None or rf.id in ids
        for ex in rf.examples
    ]
