"""JSON documents validated straight from their bytes (issue 17), and the one reader
(issue 16): the fast path decides only documents the canonical path (json.loads with
the duplicate-key hook, then validate_python) accepts as the same model; everything
else, a duplicate key above all, is worded by the canonical path as before."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import sundhedsregler
from sundhedsregler import models
from sundhedsregler._check import batch as _batch
from sundhedsregler import _safeload
from sundhedsregler._check import loading as _loading
from sundhedsregler.errors import DocumentError
from sundhedsregler.strategies import documents

from .conftest import AS_OF, ROOT, RULES
from .test_fuzz import DOCS, SEEDS, VALUES, _corrupt, _paths

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _canonical(raw: bytes) -> Any:
    """The document as the canonical path reads it, or its error's text."""
    try:
        return _loading.to_document(_loading.read_bytes(raw, source="t", fmt="json"), source="t")
    except DocumentError as exc:
        return str(exc)


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_keys(v) for v in value)
    return 0


def _same(a: Any, b: Any) -> None:
    """Equal models, given the same fields (rules may tell a given field from a default)."""
    assert a == b
    assert a.model_dump(exclude_unset=True) == b.model_dump(exclude_unset=True)


# --- what the fast path relies on --------------------------------------------------


def _depth(annotation: Any, seen: tuple[type, ...] = ()) -> int:
    """How deep a JSON value of this type can nest (containers counted)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        assert annotation not in seen, f"{annotation.__name__} nests itself"
        inner = [_depth(f.annotation, (*seen, annotation)) for f in annotation.model_fields.values()]
        return 1 + max(inner, default=0)
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if not isinstance(a, (str, int, float, bool))]
    if origin in (list, tuple, set, frozenset, dict):
        return 1 + max((_depth(a, seen) for a in args), default=0)
    return max((_depth(a, seen) for a in args), default=0)


def _schema_nodes(schema: Any) -> list[dict[str, Any]]:
    """Every node of a pydantic core schema."""
    found: list[dict[str, Any]] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("type"), str):
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_the_models_nest_less_than_the_depth_limit_and_hold_no_free_form_values() -> None:
    for kind, model in models.DOCUMENT_KINDS.items():
        assert _depth(model) < _safeload.MAX_DEPTH, kind
    kinds = {node["type"] for node in _schema_nodes(models.document_adapter.core_schema)}
    assert "model" in kinds and "any" not in kinds


def test_no_field_takes_nan_or_infinity() -> None:
    """NaN and Infinity are refused by the canonical path (invalid-number); a float field
    that took them would let the fast path accept what that refuses."""
    floats = [n for n in _schema_nodes(models.document_adapter.core_schema) if n["type"] == "float"]
    assert len(floats) >= 4
    assert all(n.get("allow_inf_nan") is False for n in floats)


@SETTINGS
@given(doc=documents())
def test_given_keys_counts_the_keys_written(doc: Any) -> None:
    data = doc.model_dump(mode="json", exclude_unset=True)
    raw = json.dumps(data, ensure_ascii=False).encode()
    fast = _loading.json_document(raw)
    assert fast is not None
    assert _loading.given_keys(fast) == _keys(data)
    _same(fast, _canonical(raw))


# --- the fast path against the canonical one ---------------------------------------


@SETTINGS
@given(data=st.data(), value=VALUES, indent=st.sampled_from([None, 1, "\t"]))
def test_a_corrupted_field_reads_as_the_canonical_path_reads_it(data: Any, value: Any, indent: Any) -> None:
    doc = data.draw(st.sampled_from(DOCS))
    path = data.draw(st.sampled_from(_paths(doc)))
    try:
        raw = json.dumps(_corrupt(doc, path, value), ensure_ascii=False, indent=indent, default=str).encode("utf-8", "surrogatepass")
    except ValueError:
        return
    fast = _loading.json_document(raw)
    canonical = _canonical(raw)
    if fast is not None:
        _same(fast, canonical)
    read = _loading.read_document(raw, source="t", fmt="json") if not isinstance(canonical, str) else None
    if read is not None:
        _same(read, canonical)


def _with_duplicate(doc: Any, path: tuple[Any, ...], spaced: bool) -> bytes:
    """The document with the object at ``path`` (or the root) given one key twice."""
    doc = copy.deepcopy(doc)
    target = doc
    for key in path:
        target = target[key]
    assert isinstance(target, dict) and target
    key = next(iter(target))
    text = json.dumps(target, ensure_ascii=False)
    twice = text[:-1] + (", " if len(target) else "") + json.dumps(key) + (" :" if spaced else ":") + json.dumps(target[key]) + "}"
    marker = {"__here__": 0}
    _put(doc, path, marker)
    return json.dumps(doc, ensure_ascii=False).replace(json.dumps(marker), twice).encode()


def _put(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    if not path:
        doc.clear()
        doc.update(value)
        return
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@SETTINGS
@given(data=st.data(), spaced=st.booleans())
def test_a_key_written_twice_is_refused_at_any_depth(data: Any, spaced: bool) -> None:
    doc = data.draw(st.sampled_from(DOCS))
    objects = [()] + [p for p in _paths(doc) if isinstance(_at(doc, p), dict) and _at(doc, p)]
    path = data.draw(st.sampled_from(objects))
    raw = _with_duplicate(doc, path, spaced)
    assert _loading.json_document(raw) is None
    with pytest.raises(DocumentError) as info:
        _loading.read_document(raw, source="t", fmt="json")
    assert [p.code for p in info.value.problems] == ["duplicate-key"]
    assert str(info.value) == _canonical(raw)


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def test_a_duplicate_key_inside_a_colon_rich_text_is_still_found() -> None:
    """Colons in strings make the quick count too high; the second count (quotes
    followed by a colon) still matches, and a repeated key still does not."""
    doc = copy.deepcopy(DOCS[0])
    doc["titel"] = "kl. 10:00-12:00: møde"
    raw = json.dumps(doc, ensure_ascii=False).encode()
    assert _loading.json_document(raw) is not None
    twice = raw[:-1] + b', "titel": "x"}'
    assert _loading.json_document(twice) is None
    with pytest.raises(DocumentError, match="duplicate key 'titel'"):
        _loading.read_document(twice, source="t", fmt="json")


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + json.dumps(DOCS[0]).encode(),
        json.dumps(DOCS[0]).encode().replace(b'"kind"', b' \n "kind"', 1),
    ],
)
def test_a_byte_order_mark_and_white_space_are_read_fast(raw: bytes) -> None:
    fast = _loading.json_document(raw)
    assert fast is not None
    _same(fast, _canonical(raw))


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda raw: raw.replace(b'"kind"', b'"\\ud800": 1, "kind"', 1), "not-text"),
        (lambda raw: raw.replace(b'"kind"', b'"x": NaN, "kind"', 1), "invalid-number"),
        (lambda raw: raw[:-1], "invalid-json"),
        (lambda raw: b"[" + raw + b"]", "not-an-object"),
        (lambda raw: raw.replace(b"{", b"\xff{", 1), "not-utf8"),
        (lambda raw: b"", "empty"),
    ],
)
def test_what_the_fast_path_does_not_accept_is_worded_as_before(edit: Any, code: str) -> None:
    raw = edit(json.dumps(DOCS[0], ensure_ascii=False).encode())
    assert _loading.json_document(raw) is None
    with pytest.raises(DocumentError) as info:
        _loading.read_document(raw, source="t", fmt="json")
    assert info.value.problems[0].code == code
    assert str(info.value) == _canonical(raw)


def test_a_portfolio_over_the_requirement_limit_is_left_to_the_canonical_path(monkeypatch: pytest.MonkeyPatch) -> None:
    tilsagn = next(d for d in DOCS if d["kind"] == "tilsagnsaftale")
    members = [tilsagn, tilsagn]
    krav = sum(len(m.get("krav", [])) for m in members)
    assert krav >= 2
    portfolio = {"kind": "portefoelje", "dokument_id": "PF", "sundhedsraad": tilsagn["sundhedsraad"], "dokumenter": members}
    raw = json.dumps(portfolio, ensure_ascii=False).encode()
    monkeypatch.setattr(_safeload, "MAX_PORTFOLIO_REQUIREMENTS", krav - 1)
    assert _loading.json_document(raw) is None
    with pytest.raises(DocumentError) as info:
        _loading.read_document(raw, source="t", fmt="json")
    assert info.value.problems[0].code == "portfolio-too-many-requirements"


# --- one reader, validating once ------------------------------------------------------


def test_load_document_of_a_json_file_reads_it_from_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOCS[0], ensure_ascii=False), encoding="utf-8")
    calls: list[str] = []
    monkeypatch.setattr(_loading, "read_bytes", lambda *a, **k: calls.append("parsed") or pytest.fail("parsed"))
    document = sundhedsregler.load_document(path)
    assert calls == [] and document.dokument_id == DOCS[0]["dokument_id"]


def test_load_document_refuses_a_duplicate_key_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(json.dumps(DOCS[0]).encode()[:-1] + b', "kind": "x"}')
    with pytest.raises(DocumentError, match=r"doc\.json: /: duplicate key 'kind'$"):
        sundhedsregler.load_document(path)


class _Counting:
    """document_adapter with its validations counted."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.calls: list[str] = []

    def validate_python(self, data: Any) -> Any:
        self.calls.append("python")
        return self.inner.validate_python(data)

    def validate_json(self, raw: bytes) -> Any:
        self.calls.append("json")
        return self.inner.validate_json(raw)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> _Counting:
    adapter = _Counting(models.document_adapter)
    monkeypatch.setattr(models, "document_adapter", adapter)
    return adapter


def test_evaluate_validates_a_mapping_once_and_a_model_not_at_all(counting: _Counting) -> None:
    evaluator = sundhedsregler.Evaluator(RULES, backend="python")
    report = evaluator.evaluate(DOCS[0], as_of=AS_OF)
    assert counting.calls == ["python"]
    document = sundhedsregler.load_document(DOCS[0])
    counting.calls.clear()
    assert evaluator.evaluate(document, as_of=AS_OF) == report
    assert counting.calls == []


def test_a_batch_validates_each_line_once_from_its_bytes(counting: _Counting) -> None:
    good = json.dumps(DOCS[0], ensure_ascii=False).encode()
    bad = good[:-1] + b', "kind": "x"}'
    stdin = io.BytesIO(good + b"\n" + bad + b"\n")
    evaluator = sundhedsregler.Evaluator(RULES, backend="python")
    records = list(_batch.evaluate_items(evaluator, _batch.read_inputs(["-"], stdin=stdin), as_of=AS_OF))
    assert [r.type for r in records] == ["report", "error"]
    assert records[1].stage == "read" and records[1].problems[0].code == "duplicate-key"
    # the good line once from bytes; the bad one tried from bytes, then parsed (refused there)
    assert counting.calls == ["json", "json"]


@pytest.mark.parametrize("index", range(len(DOCS)))
def test_given_keys_of_every_fixture(index: int) -> None:
    raw = json.dumps(DOCS[index], ensure_ascii=False, default=str).encode()
    fast = _loading.json_document(raw)
    assert fast is not None
    assert _loading.given_keys(fast) == _keys(json.loads(raw))


def test_the_loading_benchmark_runs_and_compares_equal_models(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util
    import sys

    path = ROOT / "benchmarks" / "loading.py"
    spec = importlib.util.spec_from_file_location("bench_loading", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.bench_loading(quick=True)
    assert set(figures) == {"json", "yaml"}
    assert {"tilsagnsaftale", "portfolio of 10"} <= set(figures["json"])
    assert all(row["before_us"] > 0 and row["after_us"] > 0 for rows in figures.values() for row in rows.values())
    assert "before µs" in capsys.readouterr().out
    if str(path.parent) in sys.path:  # the benchmark puts its folder first, for documents.py
        sys.path.remove(str(path.parent))


def test_an_evaluation_failure_names_the_document_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path's model has the dokument_id's white space stripped; the error record
    names the document as the line wrote it, as before."""
    doc = {**DOCS[0], "dokument_id": "  ID-1 "}
    evaluator = sundhedsregler.Evaluator(RULES, backend="python")

    def fails(document: Any, *, as_of: dt.date) -> Any:
        assert document.dokument_id == "ID-1"
        raise OverflowError("too large")

    monkeypatch.setattr(evaluator, "_evaluate_data", fails)  # what batches call
    stdin = io.BytesIO(json.dumps(doc, ensure_ascii=False).encode() + b"\n")
    [record] = _batch.evaluate_items(evaluator, _batch.read_inputs(["-"], stdin=stdin), as_of=AS_OF)
    assert (record.type, record.stage, record.document) == ("error", "evaluate", "  ID-1 ")
    assert record.problems[0].code == "evaluation-failed"
