"""Packaging: the metadata, the extras, the install lines the documentation gives, what
the sdist carries for its tests, and tests that stay inside the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import sundhedsregler

from .conftest import ROOT, SHARED

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]


def test_metadata_license_and_version() -> None:
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    classifiers = PROJECT["classifiers"]
    assert "Typing :: Typed" in classifiers and "Framework :: Hypothesis" in classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639: the license expression says it
    for minor in ("3.11", "3.12"):
        assert f"Programming Language :: Python :: {minor}" in classifiers
    # One version, read by the build from the module the package and receipts use.
    assert PROJECT["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/sundhedsregler/_version.py"
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", sundhedsregler.__version__)


def test_the_hypothesis_extra_and_strategies_without_hypothesis() -> None:
    extras = PROJECT["optional-dependencies"]
    assert any(req.startswith("hypothesis") for req in extras["hypothesis"])
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if Hypothesis were not installed\n"
        "try:\n"
        "    import sundhedsregler.strategies\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "sundhedsregler.strategies needs Hypothesis" in proc.stdout and "'.[hypothesis]'" in proc.stdout
    # The library itself does not need it.
    plain = subprocess.run(
        [sys.executable, "-c", code.replace("import sundhedsregler.strategies", "import sundhedsregler.cli")],
        capture_output=True, text=True, timeout=60,
    )
    assert plain.returncode == 0 and plain.stdout == ""


PIP = re.compile(r"pip install ([^`\n#]+?)(?:`|\s*&&|\)|\s*#|$)", re.MULTILINE)
# '.' (with extras this pyproject defines) or the path of a checkout ('./vendor/sundhedsregler').
TARGET = re.compile(r"^(-e )?(\.|\./[\w./-]+|'\.\[([a-z,]+)\]')$")


def test_documented_install_lines_install_from_a_checkout() -> None:
    # The package is not on PyPI: every documented `pip install` names the checkout
    # ('.' with extras this pyproject defines), never a package name.
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    seen = 0
    for page in pages:
        for target in PIP.findall(page.read_text("utf-8")):
            target = target.strip()
            m = TARGET.match(target)
            assert m, f"{page.relative_to(ROOT)}: pip install {target}"
            for extra in (m.group(3) or "").split(","):
                assert not extra or extra in PROJECT["optional-dependencies"], f"{page.relative_to(ROOT)}: {extra}"
            seen += 1
    assert seen >= 4


def test_the_readme_tells_that_durable_rules_compiles_from_source() -> None:
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "C compiler" in readme and "Python headers" in readme and "python3 -m sundhedsregler" in readme


def test_the_sdist_carries_what_the_tests_read() -> None:
    # Top-level entries the tests and the CI script read, against the sdist's include
    # list (an unpacked sdist runs the whole suite).
    include = set(PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    read: set[str] = set()
    for test in sorted((ROOT / "tests").glob("*.py")):
        read |= set(re.findall(r'ROOT\s*/\s*"([^"/]+)', test.read_text("utf-8")))
        read |= set(re.findall(r'parents\[1\]\s*/\s*"([^"/]+)', test.read_text("utf-8")))
    # (Some tests name their ROOT rules/; keep the names found at the top level.)
    read = {name for name in read if (ROOT / name).exists()} - {"pyproject.toml"}  # always in an sdist
    assert {"rules", "docs", "benchmarks"} <= read
    assert read <= include, read - include
    assert {"src", "tests", "LICENSE", "README.md", ".ci"} <= include


def test_tests_reach_outside_the_repository_only_through_shared() -> None:
    # No fixed absolute paths: the only way out is ../shared, which CI lays beside the
    # checkout (conftest.shared_dir).
    absolute = re.compile(r'Path\(\s*"/(?!nonexistent")')
    for test in sorted((ROOT / "tests").glob("*.py")):
        text = test.read_text("utf-8")
        assert not absolute.search(text), f"{test.name}: a fixed absolute path"
        assert "parents" + "[2]" not in text or test.name == "conftest.py", test.name
    if SHARED is not None:
        assert SHARED == ROOT.parent / "shared"
    if os.environ.get("CI"):
        # CI provides ../shared; without it the tests that need it would skip unnoticed.
        assert SHARED is not None, "CI runs without ../shared beside the checkout"
