"""The fast paths of evaluation and reporting give exactly what the plain paths give."""

from __future__ import annotations

import json

import pytest

import sundhedsregler
from sundhedsregler.findings import Finding, Report, RuleSetInfo, SourceRef, _construct, _plain

from .conftest import AS_OF, RULES, ROOT

FINDING = {
    "rule_id": "OF-2",
    "rule_name": "hsa-not-approved-and-sent-by-1-april",
    "outcome": "fail",
    "level": "error",
    "legal_status": "lov",
    "message": "Aftalen blev sendt til ministeriet for sent",
    "fix": None,
    "document": "HSA-1",
    "path": "/sendt_til_ministeriet",
    "evidence": {"frist": "2026-04-01", "sendt_dage_for_sent": 1, "godkendt": None},
    "sources": (SourceRef.model_construct(title="Q&A", section="Generelt", ref="003:153"),),
    "as_of": "2026-11-22",
}


def _report(evidence: dict[str, object]) -> Report:
    finding = _construct(Finding, {**FINDING, "evidence": evidence})
    return _construct(
        Report,
        {
            "format_version": 1,
            "as_of": "2026-11-22",
            "lang": "da",
            "document": "HSA-1",
            "kind": "horisontal_samarbejdsaftale",
            "ruleset": RuleSetInfo(name="n", version="1", hash="sha256:0", vocabulary_version=1),
            "counts": {"fail": 1},
            "findings": (finding,),
        },
    )


def test_construct_is_model_construct() -> None:
    fast = _construct(Finding, dict(FINDING))
    slow = Finding.model_construct(**FINDING)
    assert fast == slow
    assert fast.__dict__ == slow.__dict__
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.__pydantic_extra__ is slow.__pydantic_extra__ is None
    assert fast.__pydantic_private__ is slow.__pydantic_private__ is None
    assert repr(fast) == repr(slow)
    assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
    with pytest.raises(Exception):
        fast.outcome = "pass"  # type: ignore[misc]  # still frozen


@pytest.mark.parametrize(
    "evidence",
    [
        {"a": 1, "b": "æøå \"quoted\" \\ \n\t\x00\x7f\u2028 😀", "c": None, "d": True, "e": [1, "x", None]},
        {"nested": {"k": [[], {}]}, "empty": [], "big": 2**62},
        {"pct": 1e-05, "large": 1e16, "plain": 80.0},  # floats: the json.dumps path
        {"lone": "\ud800"},  # a lone surrogate: pydantic refuses it, json.dumps does not
    ],
)
@pytest.mark.parametrize("indent", [None, 1, 2, 4])
def test_to_json_is_json_dumps_of_to_dict(evidence: dict[str, object], indent: int | None) -> None:
    report = _report(evidence)
    assert report.to_json(indent=indent) == json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


def test_plain_values() -> None:
    assert _plain({"a": [1, "b", None, True, (2, 3)], "c": {"d": {}}})
    assert not _plain({"a": 1.5})
    assert not _plain({"a": [1, 2.0]})
    assert not _plain({1: "x"})


def test_reports_match_model_validated_findings(rules: sundhedsregler.RuleSet, backend: str) -> None:
    """Findings built on the fast path validate as ordinary models and round-trip."""
    doc = sundhedsregler.load_document(dict(rules.fixtures["hsa"]))
    for lang in ("da", "en"):
        report = sundhedsregler.evaluate(doc, as_of=AS_OF, backend=backend, lang=lang, rules=rules)
        again = Report.model_validate(json.loads(report.to_json()))
        assert again.to_json() == report.to_json()
        assert again == report


REPO = ROOT


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 2026-01-01]\n",  # dates stay strings
        "a: &x 1\nb: *x\n",  # aliases refused
        "a: 1\na: 2\n",  # duplicate keys refused
        "a: b\tc\n",  # a tab in a plain scalar: PyYAML refuses it, libyaml does not
        "- a\n---\n- b\n",  # two documents
        "a: !!python/object:os.system x\n",  # unsafe tag
        "a: 'unterminated\n",
        "[" * 200 + "]" * 200,
    ],
)
def test_fast_yaml_loader_reads_and_fails_as_before(text: str) -> None:
    from sundhedsregler import _safeload
    from sundhedsregler.errors import DocumentError

    def outcome(fast: bool) -> object:
        saved = _safeload._FastSafeLoader
        if not fast:
            _safeload._FastSafeLoader = None
        try:
            return ("ok", _safeload.parse_text(text, source="t", fmt="yaml"))
        except DocumentError as exc:
            return ("error", str(exc), exc.line)
        finally:
            _safeload._FastSafeLoader = saved

    assert outcome(True) == outcome(False)


def test_fast_yaml_loader_reads_every_yaml_file_of_the_repository_alike() -> None:
    import yaml

    from sundhedsregler import _safeload

    if _safeload._FastSafeLoader is None:
        pytest.skip("PyYAML without libyaml")
    files = [f for f in REPO.rglob("*.y*ml") if not any(p.startswith(".") for p in f.relative_to(REPO).parts)]
    assert files
    def read(text: str, loader: type) -> tuple[str, object]:
        try:
            return "value", yaml.load(text, Loader=loader)
        except yaml.MarkedYAMLError as exc:  # the golden corpus holds files that are bad on purpose
            mark = exc.problem_mark
            return "error", (mark.line if mark else None, mark.column if mark else None)  # where; libyaml words it its own way

    for f in files:
        text = f.read_text(encoding="utf-8")
        assert read(text, _safeload._FastSafeLoader) == read(text, _safeload._SafeLoader), f


def test_json_depth_limit_still_applies() -> None:
    from sundhedsregler import _safeload
    from sundhedsregler.errors import DocumentError

    with pytest.raises(DocumentError, match="nested deeper"):
        _safeload.parse_text("[" * 65 + "]" * 65, source="t", fmt="json")
    assert _safeload.parse_text("[" * 63 + "]" * 63, source="t", fmt="json") is not None


@pytest.mark.parametrize(
    "facts",
    [
        [],
        [{"q": 1, "n": 0, "a": 5, "b": True, "c": "kommune", "d": -(2**61)}],
        [{"q": 1, "n": 0, "c": 'quote " back \\ nl \n ctl \x01'}],
        [{"q": 1, "n": 0, "c": "sundhedsråd"}],  # non-ASCII: escaped, as json.dumps does
        [{"q": 1, "n": 0, "c": "del \x7f"}],
        [{"q": 1, "n": 0, "f": 1e16, "g": 0.5}],  # floats: json.dumps
    ],
)
def test_engine_fact_encoding_is_json_dumps(facts: list[dict[str, object]]) -> None:
    from sundhedsregler._engine.durable import _encode

    assert _encode(facts) == json.dumps(facts, separators=(",", ":"))  # type: ignore[arg-type]


def test_evaluated_findings_are_as_model_construct_makes_them(rules: sundhedsregler.RuleSet) -> None:
    doc = sundhedsregler.load_document(dict(rules.fixtures["hsa"]))
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, rules=rules)
    assert report.findings
    for f in report.findings:
        slow = Finding.model_construct(**f.__dict__)
        assert f == slow
        assert list(f.__dict__) == list(slow.__dict__)
        assert f.model_fields_set == slow.model_fields_set
        assert f.__pydantic_extra__ is None and f.__pydantic_private__ is None


# --- --jobs: workers that join or write their chunks give the bytes one process gives ---


def _batch_input() -> bytes:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import documents  # noqa: PLC0415

    lines = [json.dumps(d, ensure_ascii=False).encode() for d in documents.mixed(23)]
    lines[5:5] = [b"not json", b'{"kind": "nope", "dokument_id": "X"}', b""]
    lines.insert(17, b'{"kind": "tilsagnsaftale"}')
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit"])
def test_jobs_write_what_one_process_writes(fmt: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With an --output file, text and JSON Lines are written by the workers themselves,
    chunk by chunk in turn; JSON joins each chunk's reports. Small chunks and windows make
    many turns; the output, the errors and the exit code are those of --jobs 1."""
    import io

    from sundhedsregler._check import batch as _batch
    from sundhedsregler.cli import main

    monkeypatch.setattr(_batch, "CHUNK", 3)
    monkeypatch.setattr(_batch, "WINDOW", 4)
    data = _batch_input()
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}"
        err = io.StringIO()
        code = main(
            ["check", "-", "--as-of", str(AS_OF), "--format", fmt, "--jobs", jobs, "-o", str(target), "--color", "always"],
            io.StringIO(),
            err,
            stdin=io.BytesIO(data),
        )
        outputs.append((target.read_bytes(), err.getvalue().replace(str(target), "FILE"), code))
    assert outputs[0] == outputs[1]
    assert outputs[0][2] == 2 and outputs[0][1].count("error:") == 3


def test_jobs_write_to_standard_output_as_one_process_does(tmp_path) -> None:
    import subprocess
    import sys

    data = _batch_input()
    outs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"stdout-{jobs}"
        with target.open("wb") as stdout:
            proc = subprocess.run(
                [sys.executable, "-c", "from sundhedsregler.cli import main_entry; main_entry()", "check", "-", "--as-of", str(AS_OF), "--format", "jsonl", "--jobs", jobs],
                input=data,
                stdout=stdout,
                stderr=subprocess.PIPE,
            )
        outs.append((target.read_bytes(), proc.stderr, proc.returncode))
    assert outs[0] == outs[1]
    assert outs[0][2] == 2


def _samples(kind: str) -> list[object]:
    import datetime as dt

    if kind == "date":
        return [None, dt.date(2026, 4, 1), dt.date(2027, 12, 31)]
    return [None, 0, 7, -3, 10**20]


def test_bound_terms_give_what_term_value_gives_on_every_term_of_the_rules() -> None:
    # _bind_term (a closure per rule and date, parameters, literals and as_of bound) is
    # the fast path of _term_value: the same value, absent where it is absent, the same
    # exception where one is raised, for every term of every rule and several dates.
    import datetime as dt
    import itertools

    from sundhedsregler._engine.evaluate import _bind_term, _term_value

    checked = 0
    for cr in RULES._compiled:
        types = {name: fact.type for name, fact in cr.facts.items()}
        types.update((t.name, t.type) for t in cr.terms)
        for as_of in (AS_OF, dt.date(2026, 1, 1), dt.date(2028, 12, 31)):
            params = {p: cr.rule.parameters[p].at(as_of) for p in cr.params}
            for plan in cr.terms:
                if plan.op in ("count_of", "sum_of"):
                    continue
                term = _bind_term(plan, params, as_of)
                names = [o[1] for o in plan.operands if o[0] == "name"]
                for combo in itertools.product(*(_samples(types.get(n, "int")) for n in names)):
                    values = dict(zip(names, combo))
                    try:
                        want: object = _term_value(plan, values, params, as_of)
                    except Exception as exc:  # noqa: BLE001 - compared, not swallowed
                        want = type(exc)
                    try:
                        got: object = term(values)
                    except Exception as exc:  # noqa: BLE001
                        got = type(exc)
                    assert got == want and type(got) is type(want), (cr.id, plan, values)
                    checked += 1
    assert checked > 100
