"""Input errors: a stable code per problem, the message in the language of the run
(--lang, or the lang a library caller chooses), the JSON Pointer and the document kept."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

import sundhedsregler
from sundhedsregler._problems import PYDANTIC_CODES, TEXTS
from sundhedsregler.errors import DocumentError, FieldProblem

from .conftest import AS_OF_TEXT as AS_OF, FIXTURES
from .conftest import AS_OF as DAY
from .test_cli_support import OK, jsonl, run



def _problems(doc: Any, lang: str) -> list[FieldProblem]:
    with pytest.raises(DocumentError) as info:
        sundhedsregler.load_document(doc, lang=lang)
    return list(info.value.problems)


def test_every_code_has_a_danish_text() -> None:
    assert set(PYDANTIC_CODES.values()) <= set(TEXTS)
    for code, (da, en) in TEXTS.items():
        assert da and da == da.strip() and not da.endswith("."), code
        assert en is None or en.strip(), code


def test_a_missing_field_in_danish_and_english() -> None:
    doc = {k: v for k, v in OK.items() if k != "kommune"}
    [p] = _problems(doc, "da")
    assert (p.pointer, p.code, p.text("da"), p.message) == ("/kommune", "field-missing", "feltet mangler", "Field required")
    with pytest.raises(DocumentError, match=r"^<mapping>: /kommune: feltet mangler$"):
        sundhedsregler.load_document(doc, lang="da")
    # English is pydantic's message, as before
    with pytest.raises(DocumentError, match=r"^<mapping>: /kommune: Field required$"):
        sundhedsregler.load_document(doc)


def test_evaluate_of_a_mapping_speaks_the_report_language() -> None:
    doc = {**OK, "opsigelse": {"kan_opsiges_af": ["kommune", "staten"]}}
    for lang, text in (("da", "skal være en af 'kommune' eller 'region'"), ("en", "Input should be 'kommune' or 'region'")):
        with pytest.raises(DocumentError) as info:
            sundhedsregler.evaluate(doc, as_of=DAY, lang=lang)
        assert str(info.value) == f"<mapping>: /opsigelse/kan_opsiges_af/1: {text}"
        assert info.value.lang == lang and info.value.problems[0].code == "not-allowed-value"


@pytest.mark.parametrize(
    ("change", "pointer", "code", "da"),
    [
        ({"pladser": -1}, "/pladser", "below-minimum", "skal være mindst 0"),
        ({"pladser": 10**6}, "/pladser", "above-maximum", "må højst være 100.000"),
        ({"pladser": "mange"}, "/pladser", "not-integer", "skal være et helt tal"),
        ({"start": "2027-13-01"}, "/start", "not-date", "skal være en dato på formen ÅÅÅÅ-MM-DD"),
        ({"brugerbetaling": "måske"}, "/brugerbetaling", "not-boolean", "skal være true eller false"),
        ({"kommune": ""}, "/kommune", "text-too-short", "skal have mindst 1 tegn"),
        ({"kommune": ["Holbæk"]}, "/kommune", "not-text", "skal være en tekst"),
        ({"opsigelse": "9 måneder"}, "/opsigelse", "not-object", "skal være et objekt med felter"),
        ({"ukendt_felt": 1}, "/ukendt_felt", "field-unknown", "feltet kendes ikke i denne slags dokument"),
        (
            {"opsigelse": {"kan_opsiges_af": ["kommune", "region", "kommune"]}},
            "/opsigelse/kan_opsiges_af",
            "list-too-long",
            "må højst have 2 elementer (har 3)",
        ),
        ({"kind": "nope"}, "", "kind-invalid", None),
    ],
)
def test_validation_problems(change: dict[str, Any], pointer: str, code: str, da: str | None) -> None:
    [p] = _problems({**OK, **change}, "da")
    assert (p.pointer, p.code) == (pointer, code)
    if da is not None:
        assert p.text("da") == da
    assert p.text("en") == p.message


def test_plural_of_a_list_minimum() -> None:
    tilsagn = yaml.safe_load((FIXTURES / "tilsagn.yaml").read_text(encoding="utf-8"))
    [p] = _problems({**tilsagn, "kommuner": []}, "da")
    assert (p.code, p.text("da")) == ("list-too-short", "skal have mindst 1 element (har 0)")


def test_no_validation_problem_falls_back_to_english() -> None:
    # every field of every fixture set to values of the wrong kind: each problem has a
    # code of its own, and no English in its Danish text
    seen = set()
    for fx in sorted(FIXTURES.glob("*.yaml")):
        base = yaml.safe_load(fx.read_text(encoding="utf-8"))
        for key in [k for k in base if k != "kind"]:
            for bad in ([], "x", -5, 10**15, {"a": 1}, None, True, 1.5, "2026-13-45", [1, "x"], "", "a" * 300):
                try:
                    sundhedsregler.load_document({**base, key: bad}, lang="da")
                except DocumentError as exc:
                    for p in exc.problems:
                        seen.add(p.code)
                        assert p.code != "invalid-value" and "Input should" not in p.text("da"), (fx.name, key, p)
    assert len(seen) >= 10


@pytest.mark.parametrize(
    ("name", "content", "code", "da"),
    [
        ("empty.json", b"", "empty", "der er intet indhold"),
        ("bad.json", b'{"kind": ', "invalid-json", "ugyldig JSON: Expecting value"),
        ("latin1.yaml", "kommune: Holbæk\n".encode("latin-1"), "not-utf8", "ikke UTF-8-tekst (byte 13)"),
        ("dup.json", b'{"kind": "a", "kind": "b"}', "duplicate-key", "nøglen 'kind' står to gange"),
        ("dup.yaml", b"kind: a\nkind: b\n", "duplicate-key", "nøglen 'kind' står to gange"),
        ("alias.yaml", b"kind: &k a\nandet: *k\n", "yaml-alias", "ugyldig YAML: YAML-aliasser (& og *) accepteres ikke"),
        ("nan.json", b'{"kind": NaN}', "invalid-number", "NaN er ikke et gyldigt tal i et dokument"),
        ("scalar.yaml", b"just text\n", "not-an-object", "et dokument skal være et objekt med felter, ikke en tekst"),
        ("deep.json", b"[" * 100 + b"]" * 100, "too-deep", "indlejret i mere end 64 niveauer"),
        ("two.yaml", b"a: 1\n---\nb: 2\n", "yaml-stream", None),
    ],
)
def test_reading_problems(tmp_path: Path, name: str, content: bytes, code: str, da: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [p] = _problems_of_path(path)
    assert p.code == code
    if da is not None:
        assert p.text("da") == da
    assert p.text("en") == p.message


def _problems_of_path(path: Path) -> list[FieldProblem]:
    with pytest.raises(DocumentError) as info:
        sundhedsregler.load_document(path, lang="da")
    assert info.value.source == str(path)
    return list(info.value.problems)


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    [p] = _problems_of_path(tmp_path / "nowhere.json")
    assert (p.code, p.text("da")) == ("cannot-read", "kan ikke læses: filen findes ikke")
    assert p.message == "cannot read: No such file or directory"


def _check(*args: str, stdin: bytes) -> Any:
    # the national rules (the problems are the input's, whatever the rules)
    return run("check", *args, "-", "--as-of", AS_OF, "--backend", "python", stdin=stdin)


BAD = jsonl(OK, {**OK, "dokument_id": "HSA-BAD", "pladser": -1}) + b"oops\n"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_outputs_follow_lang(fmt: str) -> None:
    for lang, texts in (
        ("da", ["skal være mindst 0", "ugyldig JSON: Expecting value"]),
        ("en", ["Input should be greater than or equal to 0", "invalid JSON: Expecting value"]),
    ):
        result = _check("--format", fmt, "--lang", lang, stdin=BAD)
        records = result.json()["records"] if fmt == "json" else result.lines()
        errors = [r for r in records if r["type"] == "error"]
        assert [p["message"] for r in errors for p in r["problems"]] == texts
        assert [p["code"] for r in errors for p in r["problems"]] == ["below-minimum", "invalid-json"]
        assert [p["pointer"] for r in errors for p in r["problems"]] == ["/pladser", ""]
        assert errors[0]["document"] == "HSA-BAD"
        line = "linje" if lang == "da" else "line"
        assert errors[1]["message"] == f"/ ({line} 3): {texts[1]}"


def test_text_output_follows_lang() -> None:
    da = _check("--lang", "da", stdin=BAD)
    assert "/pladser (linje 2): skal være mindst 0" in da.out and "Input should" not in da.out
    en = _check("--lang", "en", stdin=BAD)
    assert "/pladser (line 2): Input should be greater than or equal to 0" in en.out
    # stderr keeps the word "error:" for scripts, with the message in the run's language
    da_err = _check("--lang", "da", "--format", "json", stdin=BAD).err
    assert "error: <stdin>:3: / (linje 3): ugyldig JSON: Expecting value" in da_err


def test_sarif_and_junit_follow_lang() -> None:
    sarif = json.loads(_check("--format", "sarif", "--lang", "da", stdin=BAD).out)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [p["code"] for n in notes for p in n["properties"]["problems"]] == ["below-minimum", "invalid-json"]
    assert "skal være mindst 0" in notes[0]["message"]["text"]
    junit = ET.fromstring(_check("--format", "junit", "--lang", "da", stdin=BAD).out)
    errors = [e for e in junit.iter("error")]
    assert errors and "/pladser (linje 2): skal være mindst 0" in (errors[0].text or "")
    junit_en = ET.fromstring(_check("--format", "junit", "--lang", "en", stdin=BAD).out)
    assert "(line 2): Input should be greater" in (next(junit_en.iter("error")).text or "")


def test_jobs_give_the_same_danish_errors() -> None:
    one = _check("--format", "jsonl", "--lang", "da", stdin=BAD)
    two = _check("--format", "jsonl", "--lang", "da", "--jobs", "2", stdin=BAD)
    assert one.out == two.out and "skal være mindst 0" in one.out
