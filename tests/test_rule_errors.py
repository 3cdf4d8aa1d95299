"""A bad rule file fails to load with a message naming the file, the rule and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import sundhedsregler
from sundhedsregler import RuleError

from .conftest import FIXTURES, RULES_DIR

OF2 = RULES_DIR / "opgaveflyt" / "OF-2.yaml"


def _ruledir(tmp_path: Path, mutate: object = None, text: str | None = None) -> Path:
    d = tmp_path / "rules"
    shutil.copytree(FIXTURES, d / "_fixtures")
    (d / "ruleset.yaml").write_text("name: t\nversion: '1'\n")
    if text is None:
        data = yaml.safe_load(OF2.read_text())
        mutate(data)  # type: ignore[operator]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (d / "r.yaml").write_text(text)
    return d


def test_unknown_operator(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["outcomes"][0]["when"] = {"fact": "regionsraad_dage_for_sent", "greater": 0}

    with pytest.raises(RuleError) as info:
        sundhedsregler.load_rules(_ruledir(tmp_path, m))
    msg = str(info.value)
    assert "r.yaml" in msg and "OF-2" in msg and "outcomes.0.when" in msg


def test_missing_danish_message(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        del d["outcomes"][1]["message"]["da"]

    with pytest.raises(RuleError, match=r"r\.yaml.*OF-2.*outcomes\.1\.message\.da"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_unknown_fact(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["outcomes"][6]["when"]["all"][1] = {"fact": "antal_godkendelsr", "eq": 1}

    with pytest.raises(RuleError, match=r"r\.yaml.*OF-2.*unknown fact or term 'antal_godkendelsr'"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_wrong_literal_type_and_enum_value(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["outcomes"][6]["when"]["all"][1] = {"fact": "antal_godkendelser", "eq": "1"}

    with pytest.raises(RuleError, match="int fact and cannot be compared"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_date_fact_compared_directly(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["outcomes"][0]["when"] = {"fact": "godkendt_regionsraad", "gt": 0}

    with pytest.raises(RuleError, match="days_between"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_duplicate_id(tmp_path: Path) -> None:
    d = _ruledir(tmp_path, lambda d: None)
    shutil.copy(d / "r.yaml", d / "s.yaml")
    with pytest.raises(RuleError, match=r"s\.yaml.*OF-2.*duplicate rule id"):
        sundhedsregler.load_rules(d)


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = OF2.read_text().replace("level: error\n", "level: error\nlevel: warning\n", 1)
    with pytest.raises(RuleError, match=r"r\.yaml.*duplicate key 'level'"):
        sundhedsregler.load_rules(_ruledir(tmp_path, text=text))


def test_unknown_placeholder(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["outcomes"][0]["message"]["en"] = "late by {dage}"

    with pytest.raises(RuleError, match=r"placeholder \{dage\}"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_unknown_parameter(tmp_path: Path) -> None:
    def m(d: dict) -> None:
        d["terms"]["dage_efter_frist"] = {"days_between": [{"param": "fristen"}, "as_of"]}

    with pytest.raises(RuleError, match="unknown parameter 'fristen'"):
        sundhedsregler.load_rules(_ruledir(tmp_path, m))


def test_yaml_code_execution_is_refused(tmp_path: Path) -> None:
    text = "!!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(RuleError, match="r.yaml"):
        sundhedsregler.load_rules(_ruledir(tmp_path, text=text))


def test_fnv_collision_is_rejected() -> None:
    from sundhedsregler._engine.durable import fnv1a32

    # The collision pair measured in the durable-rules field notes (item 9).
    assert fnv1a32("f_tjpssrdg") == fnv1a32("f_yibymdps")
