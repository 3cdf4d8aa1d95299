"""Reading is bounded by the bytes actually read, not the size a file claims (issue 14,
item 6): /dev/zero, a FIFO; a rule directory reads only its own regular files."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from sundhedsregler import RuleError, load_rules
from sundhedsregler import _safeload
from sundhedsregler._check import loading as _loading

from .conftest import AS_OF_TEXT as AS_OF, FIXTURES
from .test_cli_support import make_rules, run


needs_devzero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(_loading, "MAX_BYTES", 1 << 20)
    return 1 << 20


@needs_devzero
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".jsonl"])
def test_an_endless_input_is_refused_after_the_limit(rules_dir: Path, tmp_path: Path, small_limit: int, suffix: str) -> None:
    link = tmp_path / f"zero{suffix}"
    link.symlink_to("/dev/zero")
    result = run("check", "--lang", "en", str(link), "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "jsonl")
    assert result.code == 2
    records = result.lines()
    assert records[-1]["type"] == "summary" and records[-1]["evaluated"] == 0
    assert "larger than 1 MiB" in records[0]["message"]


def test_a_fifo_is_read_up_to_the_limit(rules_dir: Path, tmp_path: Path, small_limit: int) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as out:
            try:
                out.write(b"[" + b"{}," * (small_limit // 3 + 10))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = run("check", "--lang", "en", str(fifo), "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "jsonl")
    writer.join(10)
    assert result.code == 2 and "larger than 1 MiB" in result.lines()[0]["message"]


def test_a_fifo_in_a_rule_directory_is_refused_without_blocking(tmp_path: Path) -> None:
    target = make_rules(tmp_path / "rules")
    os.mkfifo(target / "test" / "T-9.yaml")
    with pytest.raises(RuleError, match="not a regular file") as info:
        load_rules(target)
    assert info.value.file == str(target / "test" / "T-9.yaml")


@pytest.mark.parametrize("where", ["test/T-9.yaml", "_fixtures/extra.yaml", "ruleset.yaml"])
def test_a_symbolic_link_out_of_a_rule_directory_is_refused(tmp_path: Path, where: str) -> None:
    target = make_rules(tmp_path / "rules")
    outside = tmp_path / "outside.yaml"
    outside.write_text((target / where).read_text("utf-8") if (target / where).exists() else "a: 1\n", encoding="utf-8")
    (target / where).unlink(missing_ok=True)
    (target / where).symlink_to(outside)
    with pytest.raises(RuleError, match="symbolic link out of the rule directory"):
        load_rules(target)


def test_a_symbolic_link_inside_a_rule_directory_is_read(tmp_path: Path) -> None:
    target = make_rules(tmp_path / "rules")
    (target / "moved").mkdir()
    (target / "test" / "T-1.yaml").rename(target / "moved" / "T-1.txt")
    (target / "test" / "T-1.yaml").symlink_to(target / "moved" / "T-1.txt")
    assert "T-1" in {rf.id for rf in load_rules(target)}


def test_a_rule_file_larger_than_a_mebibyte_is_refused(tmp_path: Path) -> None:
    target = make_rules(tmp_path / "rules")
    path = target / "test" / "T-1.yaml"
    path.write_text(path.read_text("utf-8") + "#" * (1 << 20) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match="larger than 1024 KiB"):
        load_rules(target)


@pytest.mark.parametrize("count", [5, 6])
def test_a_list_longer_than_the_limit_is_one_error(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    from sundhedsregler._check import batch as _batch

    monkeypatch.setattr(_batch, "MAX_LIST_DOCUMENTS", 5)
    (tmp_path / "many.json").write_text("[" + ",".join(["{}"] * count) + "]", encoding="utf-8")
    result = run("check", "--lang", "en", str(tmp_path / "many.json"), "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "jsonl")
    records = result.lines()[:-1]
    assert result.code == 2
    if count == 5:
        assert len(records) == 5
    else:
        assert len(records) == 1 and "a list of 6 documents; at most 5 in one list" in records[0]["message"]


@pytest.mark.parametrize("depth, refused", [(64, False), (65, True), (5000, True)])
def test_yaml_nesting_stops_at_the_limit(depth: int, refused: bool) -> None:
    text = "[" * depth + "]" * depth + "\n"
    if refused:
        with pytest.raises(_loading.DocumentError, match="nested deeper than 64 levels"):
            _loading.parse_text(text, source="x", fmt="yaml")
    else:
        assert _loading.parse_text(text, source="x", fmt="yaml") is not None


def test_a_stream_of_deeply_nested_yaml_documents_is_refused_quickly(rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What made this slow (31 s for 50 documents) was the work per document, not the
    # machine: composing recursed to Python's own limit (about a thousand levels) and
    # the pure-Python parser read each flow collection whole. Measure that work instead
    # of timing it: the composer never nests past MAX_DEPTH, and where PyYAML has libyaml
    # the pure-Python loader is never built. (The composer's total number of calls is no
    # measure: it includes the rule files, and whether those are read again depends on
    # what the tests before this one loaded: 2,106 calls alone, 5,356 in CI's order.)
    active: dict[int, int] = {}
    deepest = 0
    pure = 0
    compose_node = _safeload._Checks.compose_node

    def measuring_compose(self: Any, parent: Any, index: Any) -> Any:
        nonlocal deepest
        level = active[id(self)] = active.get(id(self), 0) + 1
        deepest = max(deepest, level)
        try:
            return compose_node(self, parent, index)
        finally:
            active[id(self)] = level - 1

    class CountingSafeLoader(_safeload._SafeLoader):
        def __init__(self, stream: Any) -> None:
            nonlocal pure
            pure += 1
            super().__init__(stream)

    monkeypatch.setattr(_safeload._Checks, "compose_node", measuring_compose)
    monkeypatch.setattr(_safeload, "_SafeLoader", CountingSafeLoader)
    documents = 50
    # Every other document is 70 levels deep, which libyaml itself accepts: there the
    # composer's own limit is what stops it.
    levels = [5000 if i % 2 else 70 for i in range(documents)]
    (tmp_path / "nested.yaml").write_text("".join("---\n" + "[" * n + "]" * n + "\n" for n in levels), encoding="utf-8")
    result = run("check", "--lang", "en", str(tmp_path / "nested.yaml"), "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "jsonl")
    records = result.lines()
    assert len(records) == documents + 1 and all("nested deeper than 64 levels" in r["message"] for r in records[:-1])
    # Whatever parser feeds it, the composer goes no deeper than the call that finds the
    # nesting too deep (_safeload._deeper) and stops there.
    assert deepest == _safeload.MAX_DEPTH + 2
    assert pure == (0 if yaml.__with_libyaml__ else documents)


@pytest.mark.parametrize("agreements, refused", [(200, False), (201, True)])
def test_the_requirements_of_a_portfolio_are_bounded(agreements: int, refused: bool) -> None:
    """100 requirements per agreement: 200 agreements are 20,000 (the limit), 201 more."""
    import copy

    import yaml

    tilsagn = yaml.safe_load((FIXTURES / "tilsagn.yaml").read_text("utf-8"))
    portfolio = yaml.safe_load((FIXTURES / "portefoelje-region.yaml").read_text("utf-8"))
    krav = [copy.deepcopy(tilsagn["krav"][i % len(tilsagn["krav"])]) for i in range(100)]
    portfolio["dokumenter"] = [{**tilsagn, "dokument_id": f"T-{i}", "krav": krav} for i in range(agreements)]
    if refused:
        with pytest.raises(_loading.DocumentError, match="20100 requirements") as info:
            _loading.to_document(portfolio, source="p")
        assert info.value.problems[0].pointer == "/dokumenter"
    else:
        _loading.to_document(portfolio, source="p")
