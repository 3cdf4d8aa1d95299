"""What `import sundhedsregler` shows is `__all__`, and `load_document` is typed."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import sundhedsregler
from sundhedsregler import models


def test_dir_is_all_and_every_name_resolves() -> None:
    assert dir(sundhedsregler) == sorted(sundhedsregler.__all__)
    for name in sundhedsregler.__all__:
        assert getattr(sundhedsregler, name) is not None
    assert sundhedsregler.load_document.__module__.startswith("sundhedsregler.")


def test_no_stray_module_attributes() -> None:
    # In a fresh interpreter, after using every public name: the public attributes are
    # those of __all__ and the submodules Python sets on the package when importing them.
    code = (
        "import types, sundhedsregler as s\n"
        "[getattr(s, n) for n in s.__all__]\n"
        "print(' '.join(sorted(k for k, v in vars(s).items()\n"
        "    if not k.startswith('_') and not isinstance(v, types.ModuleType))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    public = [n for n in sundhedsregler.__all__ if not n.startswith("_")]
    assert proc.stdout.split() == sorted(public)
    assert "annotations" not in vars(sundhedsregler) and "Any" not in vars(sundhedsregler)
    try:
        sundhedsregler.nothing_here  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "nothing_here" in str(exc)
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")


def test_load_document_returns_the_document_union() -> None:
    hints = typing.get_type_hints(sundhedsregler.load_document, include_extras=False)
    members = set(typing.get_args(hints["return"]))
    assert members == set(models.DOCUMENT_KINDS.values())
    assert not any(m is typing.Any for m in members)
    doc = sundhedsregler.load_document(Path(__file__).resolve().parents[1] / "rules" / "_fixtures" / "hsa.yaml")
    assert type(doc) is models.HorisontalSamarbejdsaftale
