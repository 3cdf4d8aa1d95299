"""docs/architecture.md says where everything is: the modules it names in each wing's
row of "The wings" and in the ``_docgen/`` entry are the modules in those folders, the
wings and the modules below them stand in the order tests/test_layering.py checks, and
every output format has what "Where new things go" asks of one."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest

import sundhedsregler

from .conftest import FIXTURES, ROOT
from .test_layering import BELOW, WINGS

PAGE = ROOT / "docs" / "architecture.md"
PACKAGE = Path(sundhedsregler.__file__).resolve().parent
TEXT = PAGE.read_text(encoding="utf-8")
_CODE = re.compile(r"`([^`]+)`")


def _section(title: str) -> str:
    start = TEXT.index(f"## {title}\n")
    end = TEXT.find("\n## ", start + 1)
    return TEXT[start : end if end != -1 else None]


def _rows() -> dict[str, str]:
    """Folder or module of each row of the wings table -> the row's last cell."""
    rows: dict[str, str] = {}
    for line in _section("The wings").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1].startswith("`"):
            rows[_CODE.findall(cells[1])[0]] = cells[2]
    return rows


def _named(text: str) -> set[str]:
    """The module names (``x.py``, ``reference_*.py``) ``text`` gives in backticks; a
    path's last part (``render/`` then ``json.py``) counts as its name; a path of the
    repository outside the package (``docs/...``, ``tests/...``) is not a module here."""
    return {
        code.rsplit("/", 1)[-1]
        for code in _CODE.findall(text)
        if code.endswith(".py") and not code.startswith(("docs/", "tests/"))
    }


def _modules(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*.py") if p.name != "__init__.py"}


def _check_named(folder: Path, text: str) -> list[str]:
    here = _modules(folder)
    top = {p.name for p in PACKAGE.glob("*.py")}
    named = _named(text)
    problems = [f"{folder.name}/{m} is not on the page" for m in sorted(here) if not any(fnmatch.fnmatch(m, n) for n in named)]
    problems += [
        f"the page names {n} in {folder.name}/, which has no such module"
        for n in sorted(named)
        if n != "__init__.py" and not any(fnmatch.fnmatch(m, n) for m in here | top)
    ]
    return problems


def test_the_wings_stand_in_the_order_the_layering_test_checks() -> None:
    rows = list(_rows())
    assert rows[0] == "models.py"  # the models, then the wings, then the command line
    assert [r.rstrip("/").removesuffix(".py") for r in rows[1:]] == list(WINGS)
    below = re.findall(r"^- `([^`]+)\.py`", _section("The wings").split("Below the wings", 1)[1].split("\n\n", 2)[1], re.M)
    assert below == list(BELOW)


@pytest.mark.parametrize("folder", [w for w in WINGS if not w.endswith(".py") and (PACKAGE / w).is_dir()])
def test_a_wing_row_names_the_modules_of_its_folder(folder: str) -> None:
    cell = _rows()[f"{folder}/"]
    assert not _check_named(PACKAGE / folder, cell)


def test_the_docgen_entry_names_its_modules() -> None:
    entry = _section("The wings").split("- `_docgen/`", 1)[1].split("\n- ", 1)[0]
    assert not _check_named(PACKAGE / "_docgen", entry)


def test_the_check_can_fail() -> None:
    # a module the page does not name, and a name with no module, are both found
    problems = _check_named(PACKAGE / "_engine", "`compiler.py`, `nothing_here.py`")
    assert "_engine/durable.py is not on the page" in problems
    assert "the page names nothing_here.py in _engine/, which has no such module" in problems


def test_every_output_format_has_its_page_and_its_place_in_the_golden_corpus() -> None:
    import sys

    from sundhedsregler._check.render import FORMATS, renderer_class

    sys.path.insert(0, str(ROOT / "tests" / "golden"))
    try:
        import run as golden
    finally:
        sys.path.remove(str(ROOT / "tests" / "golden"))
    assert set(golden.FORMATS) == set(FORMATS)
    for fmt in FORMATS:
        assert (ROOT / "docs" / "formats" / f"{fmt}.md").is_file(), f"docs/formats/{fmt}.md is missing"
        renderer_class(fmt)  # its module and class are where the table says


def test_every_document_kind_is_everywhere_a_new_kind_goes() -> None:
    """The places "A document kind" lists know the same kinds."""
    import typing

    import yaml

    from sundhedsregler import cli, models
    from sundhedsregler._vocabulary import VOCABULARY
    from sundhedsregler.strategies import _kinds

    kinds = set(models.DOCUMENT_KINDS)
    assert {m.model_fields["kind"].default for m in typing.get_args(typing.get_args(models.Document)[0])} == kinds
    assert set(typing.get_args(models.DocumentKind)) == kinds
    assert set(VOCABULARY.kinds) == kinds
    assert set(cli.DOCUMENT_KINDS) == kinds
    assert set(_kinds._UNITS) == kinds and set(_kinds._FRESH) == kinds
    fixtures = {yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] for p in FIXTURES.glob("*.yaml")}
    assert fixtures == kinds
