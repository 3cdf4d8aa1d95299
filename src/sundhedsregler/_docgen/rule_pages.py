"""The page of one rule (``docs/rules/<ID>.md``), under fixed headings in the ruff
style: what it checks, why it matters, source, parameters, an example that fails and
one that passes (with the findings they really produce, in both languages), all
examples, and known limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._engine.rulefile import All, Any_, Compare, Example, Not, Parameter, ParamRef, RuleFile, SubjectRef
from .._engine.ruleset import RuleSet
from .common import (
    GENERATED_NOTE,
    cited_files,
    code,
    code_list,
    page_text,
    source_title,
    table,
    value_text,
    yaml_text,
)
from .coverage import CoverageEntry

__all__ = ["FAILING", "LEGAL_STATUS", "condition_text", "parameter_rows", "rule_page", "split_rationale", "term_text"]

# What each legal status means, as the page explains it to a reader.
LEGAL_STATUS: dict[str, str] = {
    "lov": "law (lov)",
    "bekendtgoerelse": "executive order issued by the minister under a law (bekendtgørelse)",
    "vejledning": "the ministry's guidance on applying the law (vejledning)",
    "aftale": "agreement between government, KL and Danske Regioner (aftale)",
    "lovforslag": "bill text, may have changed before adoption (lovforslag)",
    "anbefaling": "recommendation by KL (anbefaling)",
    "lokal": "local rule of a region, sundhedsråd or municipality (lokal)",
}

# The outcomes that carry a level: the ones a reader must act on.
FAILING = ("fail", "review", "missing_information")


def _legal_status_text(status: str) -> str:
    """A legal status explained, or the status itself when it has no explanation."""
    return LEGAL_STATUS.get(status, status)


def _parameter_value(p: Parameter, v: Any) -> str:
    """A parameter's value as written in the rule file, and, for a number with a unit,
    as a version 2 message shows it: ``5000 (50%)``, ``16800000 (DKK 16,800,000)``."""
    from .._engine.compiler import _PARAM_SHOWN
    from .._domain.formatting import show

    kind = _PARAM_SHOWN[p.type]
    if kind in ("kroner", "bp", "days", "months") and isinstance(v, int):
        return f"{v} ({show(v, kind, 'en')})"
    return value_text(v)


def parameter_rows(params: Mapping[str, Parameter]) -> list[list[Any]]:
    """One table row per parameter: name, type, value (each dated value with the date it
    takes effect), basis (from the source, or this library's interpretation), description."""
    rows = []
    for name, p in params.items():
        if p.values is not None:
            value = "; ".join(f"{_parameter_value(p, v.value)} from {value_text(v.from_)}" for v in p.values)
        else:
            value = _parameter_value(p, p.value)
        rows.append(
            [
                f"`{name}`",
                p.type,
                value,
                "interpretation" if p.interpretation else "from the source",
                f"{p.description.en} ({p.description.da})",
            ]
        )
    return rows


def _fixture_name(file: str, base: str) -> str:
    """Where a fixture lives, named from the rule directory it belongs to: the nearest
    ancestor of the rule file with ``_fixtures/<base>.yaml``."""
    for parent in Path(file).parents:
        if (parent / "_fixtures" / f"{base}.yaml").is_file():
            return f"{parent.name}/_fixtures/{base}.yaml"
    return f"_fixtures/{base}.yaml"


def _example_input(file: str, ex: Example) -> str:
    if ex.document is not None:
        return f"Document:\n\n{code('yaml', yaml_text(ex.document))}"
    assert ex.base is not None
    text = f"The base document `{_fixture_name(file, ex.base)}`"
    if ex.changes:
        return f"{text} with these changes (JSON Merge Patch; `null` removes a field):\n\n{code('yaml', yaml_text(ex.changes))}"
    return f"{text}, unchanged."


def _expected(ex: Example) -> str:
    items = []
    for e in ex.expect:
        d: dict[str, Any] = {"outcome": e.outcome}
        for key in ("level", "path", "evidence"):
            value = getattr(e, key)
            if value is not None:
                d[key] = value
        items.append(d)
    return yaml_text(items)


def _observed(rules: RuleSet, file: str, rf: RuleFile, ex: Example) -> str:
    """The findings the example actually produces, in both languages."""
    from .._engine.evaluate import Evaluator
    from .._engine.examples import example_document

    doc = example_document(rules, rf, ex, file=file)
    params = {f"{rf.id}.{k}": v for k, v in (ex.parameters or {}).items()}
    lines = []
    en = Evaluator(rules, backend="python", lang="en", parameters=params).evaluate(doc, as_of=ex.as_of)
    da = Evaluator(rules, backend="python", lang="da", parameters=params).evaluate(doc, as_of=ex.as_of)
    for fe, fd in zip(en.findings, da.findings):
        if fe.rule_id != rf.id:
            continue
        level = f" ({fe.level})" if fe.outcome in FAILING else ""
        lines.append(f"- `{fe.outcome}`{level} at `{fe.path or '/'}`: {fe.message}  \n  Dansk: {fd.message}")
    return "\n".join(lines) if lines else "- (no finding)"


def _example_section(rules: RuleSet, file: str, rf: RuleFile, ex: Example | None, kind: str) -> str:
    if ex is None:
        return f"This rule has no {kind} example."
    where = f"Example *{ex.name}*, evaluated as of {ex.as_of.isoformat()}"
    if ex.parameters:
        where += " with the parameters " + ", ".join(f"`{k}` = {value_text(v)}" for k, v in ex.parameters.items())
    parts = [
        where + ".",
        _example_input(file, ex),
        "Expected (from the rule file):",
        code("yaml", _expected(ex)),
        "The findings it produces:",
        _observed(rules, file, rf, ex),
    ]
    return "\n\n".join(parts)


# --- conditions and terms as formulas --------------------------------------------------

_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def _literal(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, SubjectRef):  # inside a selection: the subject's value
        return f"subject.{v.subject}"
    return str(v)


def condition_text(pred: Any, *, nested: bool = False) -> str:
    """A predicate of the rule vocabulary as a short infix formula:
    ``dage_efter_frist > 0 and antal_godkendelser = 1``, ``sendt_til_ministeriet is absent``."""
    if isinstance(pred, (All, Any_)):
        parts = pred.all if isinstance(pred, All) else pred.any
        joined = (" and " if isinstance(pred, All) else " or ").join(condition_text(p, nested=True) for p in parts)
        return f"({joined})" if nested and len(parts) > 1 else joined
    if isinstance(pred, Not):
        return f"not {condition_text(pred.not_, nested=True)}"
    assert isinstance(pred, Compare)
    op, value = pred.op, pred.value
    if op == "present":
        return f"{pred.fact} is {'present' if value else 'absent'}"
    if op in ("in", "not_in"):
        return f"{pred.fact} {'in' if op == 'in' else 'not in'} {{{', '.join(_literal(v) for v in value)}}}"
    if op == "contains":
        return f"{pred.fact} contains {_literal(value)}"
    return f"{pred.fact} {_SYMBOL[op]} {_literal(value)}"


def _operand_text(v: Any) -> str:
    return f"param({v.param})" if isinstance(v, ParamRef) else str(v)


def term_text(term: Any) -> str:
    """A term as a call: ``days_between(param(frist), as_of)``."""
    op = next(iter(type(term).model_fields))  # each term class has exactly one field, its operator
    operands = getattr(term, op)
    if isinstance(operands, str):  # count_of names one selection
        operands = [operands]
    return f"{op}({', '.join(_operand_text(o) for o in operands)})"


# --- the page --------------------------------------------------------------------------

_LIMITS = re.compile(r"(?:^|\n\s*\n|(?<=[.;]) )(?:Known limits?|Limits?|Limitations?)\s*[:.-]\s*", re.IGNORECASE)


def split_rationale(text: str) -> tuple[str, str | None]:
    """The rationale without its 'Known limits:' part, and that part (or None)."""
    m = _LIMITS.search(text)
    if m is None:
        return text.strip(), None
    return text[: m.start()].strip(), text[m.end() :].strip()


def _derived_limits(rf: RuleFile, coverage: Mapping[str, CoverageEntry]) -> list[str]:
    out = []
    base_id = rf.id.split(".")[0]
    entry = coverage.get(base_id)
    if entry is not None and entry.reason:
        out.append(f"Coverage of {base_id} ({entry.status}): {entry.reason}")
    if any(b.outcome == "review" for b in rf.outcomes) or rf.otherwise.outcome == "review":
        out.append("Where the outcome is `review`, the rule cannot decide: a person must judge the agreement text")
    if rf.requires:
        out.append(
            "When " + code_list(rf.requires) + " is absent the outcome is `missing_information`, "
            "never a guess"
        )
    if rf.when is not None:
        out.append(f"It applies only when `{condition_text(rf.when)}`; otherwise `not_applicable`")
    if any(p.interpretation for p in rf.parameters.values()):
        out.append("Parameters marked *interpretation* are this library's reading, not a figure from the source; override them with `parameters={\"" + rf.id + ".NAME\": value}`")
    return out


def rule_page(rules: RuleSet, file: str, rf: RuleFile, *, coverage: Mapping[str, CoverageEntry] | None = None) -> str:
    """The documentation page of one rule (Markdown)."""
    coverage = coverage or {}
    why, limits = split_rationale(rf.rationale)
    failing = next((ex for ex in rf.examples if any(e.outcome in FAILING for e in ex.expect)), None)
    passing = next((ex for ex in rf.examples if all(e.outcome == "pass" for e in ex.expect)), None)
    out: list[str] = [
        GENERATED_NOTE,
        f"# {rf.id} `{rf.name}`",
        f"**{rf.title.en}**  \nDansk: *{rf.title.da}*",
        table(
            ["Level", "Legal status", "Applies to", "Subject", "File"],
            [[rf.level, _legal_status_text(rf.legal_status), f"`{rf.applies_to}`", f"`{rf.subject}`", f"`{_rel_file(file)}`"]],
        ),
        "## What it checks",
    ]
    checks = [
        f"For each `{rf.subject}` of a `{rf.applies_to}`, the first matching branch below decides the finding; "
        f"if none matches the outcome is `{rf.otherwise.outcome}`."
    ]
    if rf.when is not None:
        reason = (
            f", with the reason: {rf.not_applicable.en} (dansk: *{rf.not_applicable.da}*)" if rf.not_applicable is not None else ""
        )
        checks.append(f"The rule applies only when `{condition_text(rf.when)}`; otherwise the outcome is `not_applicable`{reason}.")
    if rf.requires:
        checks.append(
            "It needs " + code_list(rf.requires)
            + ("; when it is absent" if len(rf.requires) == 1 else "; when one of them is absent")
            + " the outcome is `missing_information`."
        )
    out.append(" ".join(checks))
    branch_rows = [
        [f"`{b.outcome}`", b.level or rf.level if b.outcome in FAILING else "–", f"`{condition_text(b.when)}`", b.message.en, b.message.da]
        for b in rf.outcomes
    ]
    header = ["Outcome", "Level", "When", "Message", "Besked (dansk)"]
    statuses = [b.legal_status for b in rf.outcomes]
    if any(statuses) or rf.otherwise.legal_status is not None:
        # a branch with a legal status of its own (vocabulary version 2): show each
        # branch's, and the otherwise outcome's as a last row
        other = rf.otherwise
        branch_rows.append(
            [
                f"`{other.outcome}`",
                other.level or rf.level if other.outcome in FAILING else "–",
                "otherwise",
                other.message.en if other.message else "–",
                other.message.da if other.message else "–",
            ]
        )
        statuses.append(other.legal_status)
        for row, status in zip(branch_rows, statuses):
            row.append(_legal_status_text(status or rf.legal_status))
        header.append("Legal status")
    out.append(table(header, branch_rows))
    out.append(
        "A comparison with an absent value is false; placeholders in braces are filled from the evidence. "
        "The vocabulary is described in [writing-rules.md](../writing-rules.md)."
    )
    if rf.selections:
        out.append(
            "Selections (the items the counts and sums take in): "
            + "; ".join(
                f"`{n}`: each `{sel.items}`" + ("" if sel.where is None else f" where `{condition_text(sel.where)}`")
                for n, sel in rf.selections.items()
            )
            + "."
        )
    if rf.terms:
        out.append(
            "Terms computed before the check: "
            + "; ".join(f"`{n} = {term_text(t)}`" for n, t in rf.terms.items())
            + "."
        )
    if rf.fix is not None:
        out.append(f"How to fix: {rf.fix.en}  \nSådan rettes det: {rf.fix.da}")
    out += ["## Why it matters", why]
    out.append("## Source")
    out.append(
        table(
            ["Title", "Section", "Reference (file:line)", "Legal status", "Level"],
            [[f"[{s.title}]({s.url})" if s.url else s.title, s.section, s.ref, rf.legal_status, rf.level] for s in rf.sources],
        )
    )
    out.append(
        "Source files: "
        + "; ".join(f"`{f}` = {source_title(f)}" for f in cited_files(rf))
        + " (see `sources/INDEX.md` beside the domain specification)."
    )
    out.append("## Parameters")
    if rf.parameters:
        out.append(table(["Name", "Type", "Value (and date it takes effect)", "Basis", "Description"], parameter_rows(rf.parameters)))
        out.append(
            "The value in force on the evaluation date is used. Override one with "
            f"`evaluate(..., parameters={{\"{rf.id}.{next(iter(rf.parameters))}\": ...}})`."
        )
    else:
        out.append("None.")
    out += ["## Example that fails", _example_section(rules, file, rf, failing, "failing")]
    out += ["## Example that passes", _example_section(rules, file, rf, passing, "passing")]
    out.append("## All examples")
    out.append(
        table(
            ["Example", "As of", "Expected outcomes"],
            [[ex.name, ex.as_of.isoformat(), ", ".join(e.outcome for e in ex.expect)] for ex in rf.examples],
        )
    )
    out.append("## Known limits")
    bullets = ([limits[:1].upper() + limits[1:]] if limits else []) + _derived_limits(rf, coverage)
    out.append("\n".join(f"- {b}" for b in bullets) if bullets else "- None recorded.")
    out.append("[All rules](index.md) · [Coverage of the domain specification](../coverage.md)")
    return page_text(out)


def _rel_file(file: str) -> str:
    p = Path(file)
    parts = p.parts
    if "rules" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("rules") :])
    return p.name
