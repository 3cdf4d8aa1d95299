"""Local rule sets beside the national one (``--rules``, ``--no-national-rules``,
``test-rules``) and the receipt every report carries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import sundhedsregler
from sundhedsregler import __version__
from sundhedsregler._engine.ruleset import default_rules_dir

from .conftest import AS_OF_TEXT as AS_OF, RULES
from .conftest import AS_OF as DAY
from .conftest import LOCAL_RULES as LOCAL
from .test_cli_support import run

HSA = LOCAL / "_fixtures" / "eksempel-hsa.yaml"


def _rule_ids(result_out: str) -> set[str]:
    data = json.loads(result_out)  # the summary form: passes counted per rule, the rest listed
    return {rule_id for rec in data["records"] for rule_id in rec["report"]["passed"]} | {
        f["rule_id"] for rec in data["records"] for f in rec["report"]["findings"]
    }


def _second_local_set(tmp_path: Path) -> Path:
    """A second local directory: LOK-1 renamed to LOK-2, on a fixture of its own."""
    other = tmp_path / "andre-regler"
    (other / "_fixtures").mkdir(parents=True)
    shutil.copy(HSA, other / "_fixtures" / "andet-hsa.yaml")
    text = (LOCAL / "hsa" / "LOK-1.yaml").read_text("utf-8")
    (other / "LOK-2.yaml").write_text(
        text.replace("id: LOK-1", "id: LOK-2").replace("base: eksempel-hsa", "base: andet-hsa"), encoding="utf-8"
    )
    (other / "ruleset.yaml").write_text('name: andre-regler\nversion: "3"\n', encoding="utf-8")
    return other


def test_local_rules_add_to_the_national_ones_and_the_receipt_names_every_set(tmp_path: Path) -> None:
    other = _second_local_set(tmp_path)
    args = ["check", str(HSA), "--as-of", AS_OF, "--backend", "python", "--format", "json"]
    national = run(*args)
    local = run(*args, "--rules", str(LOCAL), "--rules", str(other))
    assert national.code == 0 and local.code == 0, local.err
    assert "LOK-1" not in _rule_ids(national.out)
    ids = _rule_ids(local.out)
    assert {"LOK-1", "LOK-2", "OF-2"} <= ids and _rule_ids(national.out) < ids

    receipt = json.loads(local.out)["records"][0]["report"]["ruleset"]
    assert [(s["name"], s["version"]) for s in receipt["sets"]] == [
        ("sundhedsregler-national", "2026.11.1"),
        ("region-eksempel-lokale-regler", "2026.1"),
        ("andre-regler", "3"),
    ]
    assert all(s["hash"].startswith("sha256:") and len(s["hash"]) == 71 for s in receipt["sets"])
    assert len({s["hash"] for s in receipt["sets"]}) == 3
    # The national set's own hash is the same alone and beside local sets; the whole
    # rule set's hash is not.
    alone = json.loads(national.out)["records"][0]["report"]["ruleset"]
    assert alone["sets"][0] == receipt["sets"][0] and alone["hash"] != receipt["hash"]
    assert (receipt["name"], receipt["tool_version"]) == ("sundhedsregler-national", __version__)


def test_without_the_national_rules(tmp_path: Path) -> None:
    result = run(
        "check", str(HSA), "--as-of", AS_OF, "--backend", "python", "--format", "json",
        "--no-national-rules", "--rules", str(LOCAL),
    )
    assert result.code == 0, result.err
    assert _rule_ids(result.out) == {"LOK-1"}
    receipt = json.loads(result.out)["records"][0]["report"]["ruleset"]
    assert receipt["name"] == "region-eksempel-lokale-regler" and len(receipt["sets"]) == 1

    nothing = run("check", str(HSA), "--no-national-rules")
    assert nothing.code == 2 and "--no-national-rules leaves no rules" in nothing.err
    listed = run("rules", "--no-national-rules", "--rules", str(LOCAL))
    assert listed.code == 0 and listed.out.startswith("LOK-1 ") and listed.out.count("\n") == 1


def test_a_colliding_rule_id_is_an_error_naming_both_files(tmp_path: Path) -> None:
    clash = tmp_path / "clash"
    clash.mkdir()
    of2 = next(default_rules_dir().rglob("OF-2.yaml"))
    shutil.copy(of2, clash / "mine.yaml")
    result = run("check", str(HSA), "--rules", str(clash))
    assert result.code == 2
    assert str(clash / "mine.yaml") in result.err and str(of2) in result.err and "rule OF-2" in result.err
    # Two local sets that collide with each other, too; one directory given twice is
    # named as such.
    copy = tmp_path / "kopi"
    shutil.copytree(LOCAL, copy)
    (copy / "_fixtures" / "eksempel-hsa.yaml").rename(copy / "_fixtures" / "kopi-hsa.yaml")
    both = run("check", str(HSA), "--rules", str(LOCAL), "--rules", str(copy))
    assert both.code == 2 and "duplicate rule id" in both.err and str(LOCAL / "hsa" / "LOK-1.yaml") in both.err
    twice = run("check", str(HSA), "--rules", str(LOCAL), "--rules", str(LOCAL))
    assert twice.code == 2 and "rule directory given twice" in twice.err


def test_a_colliding_fixture_is_an_error_naming_both_files(tmp_path: Path) -> None:
    other = _second_local_set(tmp_path)
    shutil.copy(HSA, other / "_fixtures" / "hsa.yaml")  # the national fixture's name
    with pytest.raises(sundhedsregler.RuleError) as exc:
        sundhedsregler.load_rules(extra=[other])
    assert str(other / "_fixtures" / "hsa.yaml") in str(exc.value)
    assert str(default_rules_dir() / "_fixtures" / "hsa.yaml") in str(exc.value)


def test_test_rules_sees_the_national_fixtures_and_runs_only_its_own_examples(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    # An example on the national fixture 'hsa' (not in this directory).
    text = (LOCAL / "hsa" / "LOK-1.yaml").read_text("utf-8").replace("base: eksempel-hsa", "base: hsa")
    (mine / "LOK-1.yaml").write_text(text, encoding="utf-8")
    examples = text.count("  - name: ")
    beside = run("test-rules", str(mine), "--backend", "python")
    assert beside.code == 0, beside.out
    assert beside.out == f"{examples} passed, 0 failed\n"
    alone = run("test-rules", str(mine), "--no-national-rules", "--backend", "python")
    assert alone.code == 2 and "no fixture 'hsa'" in alone.err
    # The national directory itself is the national rule set, not a second copy of it:
    # every national example runs once (run once here; the examples' own test runs them
    # on both backends, and the command without a directory is the next test's).
    national = run("test-rules", str(default_rules_dir()), "--backend", "python")
    examples = sum(len(rf.examples) for rf in RULES.rules)
    assert national.code == 0 and national.out == f"{examples} passed, 0 failed\n"


def test_test_rules_without_a_directory_and_with_the_national_one_run_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from sundhedsregler._engine import examples

    given: list[tuple[Any, ...]] = []

    def record(rules: sundhedsregler.RuleSet, *, backend: str | None = None, ids: set[str] | None = None) -> list[Any]:
        given.append((rules.info, [(file, rf.id) for file, rf in rules.files], backend, ids))
        return []

    monkeypatch.setattr(examples, "run_examples", record)
    assert run("test-rules", "--backend", "python").code == 0
    assert run("test-rules", str(default_rules_dir()), "--backend", "python").code == 0
    assert given[0] == given[1] and given[0][0] == RULES.info and given[0][3] is None


def test_the_receipt_lists_parameter_overrides_and_the_summary_names_the_backend() -> None:
    doc = sundhedsregler.load_document(HSA)
    as_of = DAY
    rules = sundhedsregler.load_rules(extra=[LOCAL])
    plain = sundhedsregler.evaluate(doc, as_of=as_of, rules=rules, backend="python")
    changed = sundhedsregler.evaluate(
        doc, as_of=as_of, rules=rules, backend="python", parameters={"LOK-1.intern_frist": "2026-03-25"}
    )
    assert plain.ruleset.parameters == {}
    assert changed.ruleset.parameters == {"LOK-1.intern_frist": "2026-03-25"}
    assert changed.ruleset.hash == plain.ruleset.hash  # the hash names the rule files
    assert json.loads(changed.to_json())["ruleset"]["parameters"] == {"LOK-1.intern_frist": "2026-03-25"}
    # Listed in sorted order, whatever order they were given in.
    two = sundhedsregler.Evaluator(
        rules, backend="python", parameters={"OF-2.frist": "2026-04-02", "LOK-1.intern_frist": "2026-03-25"}
    )
    assert list(two.evaluate(doc, as_of=as_of).ruleset.parameters) == ["LOK-1.intern_frist", "OF-2.frist"]

    jsonl = run("check", str(HSA), "--as-of", AS_OF, "--backend", "python", "--format", "jsonl")
    summary = json.loads(jsonl.out.splitlines()[-1])
    assert summary["type"] == "summary" and summary["backend"] == "python"
    assert summary["ruleset"]["tool_version"] == __version__
    again = run("check", str(HSA), "--as-of", AS_OF, "--backend", "python", "--format", "jsonl")
    assert again.out == jsonl.out
