"""Evaluation: documents -> facts -> engine -> findings -> report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._compiler import CompiledRule, TermPlan
from ._facts import Context, Subject
from ._loading import to_document
from ._ruleset import RuleSet, load_rules
from .findings import Finding, Report, SourceRef, count_outcomes
from .models import Portefoelje

_DEFAULT: RuleSet | None = None


def default_ruleset() -> RuleSet:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT


@dataclass
class _Record:
    rule: CompiledRule
    unit_pointer: str
    document_id: str
    subject: Subject | None  # None: the rule's collection is empty
    values: dict[str, Any]


_STANDARD = {
    "pass": {"da": "Opfyldt: {title}", "en": "Satisfied: {title}"},
    "not_applicable": {"da": "Ikke relevant: {title}", "en": "Not applicable: {title}"},
    "missing_information": {
        "da": "Mangler oplysninger for at vurdere ({title}): {missing}",
        "en": "Missing information to judge this ({title}): {missing}",
    },
    "empty": {"da": "Ikke relevant: {title} (ingen elementer)", "en": "Not applicable: {title} (no items)"},
}


def _display(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_display(v) for v in value]
    return value


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:  # pragma: no cover - placeholders are checked at compile time
        return "–"


def _render(template: str, values: Mapping[str, Any]) -> str:
    shown = _Blank({k: ("–" if v is None else ", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in values.items()})
    return template.format_map(shown)


def _term_value(plan: TermPlan, values: dict[str, Any], params: dict[str, Any], as_of: dt.date) -> Any:
    ops = []
    for operand in plan.operands:
        tag = operand[0]
        if tag == "name":
            v = values.get(operand[1])
        elif tag == "param":
            v = params[operand[1]]
        elif tag == "lit":
            v = operand[1]
        else:
            v = as_of
        if v is None:
            return None
        ops.append(v)
    op = plan.op
    if op == "days_between":
        return (ops[1] - ops[0]).days
    if op == "difference":
        return ops[0] - ops[1]
    if op == "sum":
        return sum(ops)
    if op == "ratio_bp":
        return None if ops[1] == 0 else (ops[0] * 10_000) // ops[1]
    try:
        return dt.date(ops[0], ops[1], ops[2])
    except (ValueError, OverflowError):
        return None


def _check_int(value: Any, where: str) -> Any:
    # Integers beyond int64 saturate in durable-rules (field notes, item 4).
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**62) < value < 2**62:
        raise ValueError(f"{where}: {value} is outside the range the engine compares correctly")
    return value


class Evaluator:
    """Evaluates documents with one rule set, backend, language and parameter set."""

    def __init__(
        self,
        rules: RuleSet,
        *,
        backend: str | None = None,
        lang: str = "da",
        parameters: Mapping[str, Any] | None = None,
    ):
        if lang not in ("da", "en"):
            raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
        self.rules = rules
        self.lang = lang
        self.backend = rules.backend(backend)
        self.overrides = _check_overrides(rules, parameters or {})

    def evaluate(self, document: Any, *, as_of: dt.date) -> Report:
        if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
            raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
        if isinstance(document, Mapping):
            document = to_document(document, source="<mapping>")
        records, facts = self._collect(document, as_of)
        matches = self.backend.run(facts)
        return self._report(document, as_of, records, matches)

    # The three phases of an evaluation, kept apart so that benchmarks/run.py can time
    # each one (docs/performance.md).

    def _collect(self, document: Any, as_of: dt.date) -> tuple[list[_Record], list[dict[str, Any]]]:
        """Derive the facts of every subject of every rule that applies: the records
        the findings are built from, and the engine facts."""
        units: list[tuple[str, Any, Context]] = []
        if isinstance(document, Portefoelje):
            for i, member in enumerate(document.dokumenter):
                units.append((f"/dokumenter/{i}", member, Context(as_of, member, document)))
        units.append(("", document, Context(as_of, document, document if isinstance(document, Portefoelje) else None)))

        records: list[_Record] = []
        facts: list[dict[str, Any]] = []
        params_cache: dict[int, dict[str, Any]] = {}
        for prefix, doc, ctx in units:
            for cr in self.rules.by_kind.get(doc.kind, ()):
                params = params_cache.get(cr.code)
                if params is None:
                    params = {
                        p: self.overrides.get(f"{cr.id}.{p}", cr.rule.parameters[p].at(as_of)) for p in cr.params
                    }
                    params_cache[cr.code] = params
                empty = True
                for subject in cr.scope.subjects(doc):
                    empty = False
                    values = self._values(cr, subject, ctx, params)
                    fact: dict[str, Any] = {"q": cr.code, "n": len(records)}
                    for prop in cr.props:
                        v = values.get(prop)
                        if v is None:
                            continue  # absent, never null (field notes, item 12)
                        if isinstance(v, dt.date):
                            v = (v - as_of).days
                        fact[prop] = _check_int(v, f"{doc.dokument_id}{prefix}{subject.pointer}: {prop}")
                    records.append(_Record(cr, prefix, doc.dokument_id, subject, {**values, **params}))
                    facts.append(fact)
                if empty:
                    records.append(_Record(cr, prefix, doc.dokument_id, None, {}))
        return records, facts

    def _report(self, document: Any, as_of: dt.date, records: list[_Record], matches: set[tuple[int, int, int]]) -> Report:
        """Turn the matched branches into findings and the report."""
        by_record: dict[int, set[int]] = {}
        for _, n, branch in matches:
            by_record.setdefault(n, set()).add(branch)
        findings = tuple(
            self._finding(i, rec, by_record.get(i, set()), as_of) for i, rec in enumerate(records)
        )
        return Report.model_construct(
            format_version=1,
            as_of=as_of.isoformat(),
            lang=self.lang,
            document=document.dokument_id,
            kind=document.kind,
            ruleset=self.rules.info,
            counts=count_outcomes(findings),
            findings=findings,
        )

    def _values(self, cr: CompiledRule, subject: Subject, ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, fact in cr.facts.items():
            values[name] = fact.get(subject.obj, ctx)
        for plan in cr.terms:
            values[plan.name] = _term_value(plan, values, params, ctx.as_of)
        return values

    def _finding(self, i: int, rec: _Record, matched: set[int], as_of: dt.date) -> Finding:
        cr, rf, lang = rec.rule, rec.rule.rule, self.lang
        title = rf.title.get(lang)
        level = rf.level
        locate = rf.locate
        missing: list[str] = []
        if rec.subject is None:
            outcome, template = "not_applicable", _STANDARD["empty"][lang]
            base = rec.unit_pointer + cr.scope.collection
        else:
            base = rec.unit_pointer + rec.subject.pointer
            branches = [b for b in cr.branches if b.index in matched]
            kinds = {b.kind for b in branches}
            outcome_branch = next((b for b in branches if b.kind == "outcome"), None)
            if cr.has_applies and "applies" not in kinds:
                outcome, template = "not_applicable", _STANDARD["not_applicable"][lang]
            elif "missing" in kinds:
                outcome, template = "missing_information", _STANDARD["missing_information"][lang]
                missing = [n for n in rf.requires if rec.values.get(n) is None]
                locate = missing[0] if missing else locate
            elif outcome_branch is not None:
                outcome = outcome_branch.outcome or "fail"
                template = outcome_branch.message.get(lang)
                level = outcome_branch.level or level
                locate = outcome_branch.locate or locate
            else:
                outcome = rf.otherwise.outcome
                msg = rf.otherwise.message
                template = msg.get(lang) if msg is not None else _STANDARD["pass"][lang]
                level = rf.otherwise.level or level
        evidence: dict[str, Any] = {}
        if rec.subject is not None:
            for name in cr.referenced:
                evidence[name] = _display(rec.values.get(name))
            for p in cr.params:
                evidence[p] = _display(rec.values.get(p))
            if missing:
                evidence["missing"] = missing
        message = _render(template, {**evidence, "title": title, "as_of": as_of.isoformat(), "missing": missing})
        return Finding.model_construct(
            rule_id=rf.id,
            rule_name=rf.name,
            outcome=outcome,
            level=level,
            legal_status=rf.legal_status,
            message=message,
            fix=rf.fix.get(lang) if rf.fix is not None and outcome in ("fail", "review") else None,
            document=rec.document_id,
            path=self._path(base, rec, locate),
            evidence=evidence,
            sources=tuple(SourceRef.model_construct(title=s.title, section=s.section, ref=s.ref) for s in rf.sources),
            as_of=as_of.isoformat(),
        )

    @staticmethod
    def _path(base: str, rec: _Record, locate: str | None) -> str:
        if locate is None or rec.subject is None:
            return base
        fact = rec.rule.scope.facts.get(locate)
        if fact is None or not fact.pointer:
            return base
        if fact.pointer.startswith("#"):
            return rec.unit_pointer + fact.pointer[1:]
        return base + fact.pointer


def _check_overrides(rules: RuleSet, overrides: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in overrides.items():
        rule_id, _, pname = key.partition(".")
        try:
            rf = rules.get(rule_id)
        except KeyError:
            raise ValueError(f"parameter override {key!r}: no rule {rule_id!r}") from None
        p = rf.parameters.get(pname)
        if p is None:
            known = ", ".join(f"{rule_id}.{n}" for n in rf.parameters) or "none"
            raise ValueError(f"parameter override {key!r}: rule {rule_id} has no parameter {pname!r} (known: {known})")
        if isinstance(value, str) and p.type == "date":
            value = dt.date.fromisoformat(value)
        is_date = isinstance(value, dt.date)
        if (p.type == "date") != is_date or isinstance(value, bool) or not isinstance(value, (int, dt.date)):
            raise ValueError(f"parameter override {key!r}: a {p.type} parameter cannot take {value!r}")
        out[key] = value
    return out


def evaluate(
    document: Any,
    *,
    as_of: dt.date,
    lang: str = "da",
    rules: RuleSet | None = None,
    backend: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Report:
    """Evaluate one document or portfolio as of a date.

    ``document`` is a model instance or a mapping (validated first; a bad one raises
    :class:`~sundhedsregler.errors.DocumentError`). ``as_of`` is required: nothing reads
    the wall clock. ``backend`` is ``"durable"`` (default where durable-rules imports)
    or ``"python"``; both give identical reports. ``parameters`` overrides rule
    parameters by ``"RULE-ID.name"``.
    """
    ruleset = rules if rules is not None else default_ruleset()
    return Evaluator(ruleset, backend=backend, lang=lang, parameters=parameters).evaluate(document, as_of=as_of)
