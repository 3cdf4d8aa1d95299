"""Shared helpers of the CLI tests (no tests here): a small, fixed rule set and documents
built from the rule fixtures, so that the tests do not depend on the bundled rules growing."""

from __future__ import annotations

import copy
import io
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from sundhedsregler.cli import main

from .conftest import FIXTURES, RULES_DIR

# Two test-only rules beside the model rule OF-2: a warning that can also lack
# information (T-1), and a review that is otherwise not applicable (T-2).
T1 = """\
schema_version: 1
id: T-1
name: notice-shorter-than-nine-months
title: {da: Opsigelsesvarsel på mindst ni måneder (testregel), en: Notice of at least nine months (test rule)}
level: warning
legal_status: lokal
applies_to: horisontal_samarbejdsaftale
sources: [{title: Testkilde, section: Test, ref: "003:158"}]
requires: [varsel_maaneder]
outcomes:
  - outcome: fail
    when: {fact: varsel_maaneder, lt: 9}
    locate: varsel_maaneder
    message: {da: "Varslet er {varsel_maaneder} måneder", en: "The notice is {varsel_maaneder} months"}
rationale: A rule for the CLI tests only
examples:
  - {name: nine months, as_of: 2026-11-22, base: hsa, expect: [{outcome: pass}]}
  - {name: six months, as_of: 2026-11-22, base: hsa, changes: {opsigelse: {varsel_maaneder: 6}}, expect: [{outcome: fail}]}
"""
T2 = """\
schema_version: 1
id: T-2
name: user-charge-needs-review
title: {da: Brugerbetaling skal vurderes (testregel), en: User charge needs review (test rule)}
level: note
legal_status: lokal
applies_to: horisontal_samarbejdsaftale
sources: [{title: Testkilde, section: Test, ref: "003:158"}]
when: {fact: brugerbetaling, eq: true}
outcomes:
  - outcome: review
    when: {fact: brugerbetaling, eq: true}
    locate: brugerbetaling
    message: {da: Aftalen har brugerbetaling, en: The agreement has a user charge}
rationale: A rule for the CLI tests only
examples:
  - {name: no charge, as_of: 2026-11-22, base: hsa, expect: [{outcome: not_applicable}]}
  - {name: charge, as_of: 2026-11-22, base: hsa, changes: {brugerbetaling: true}, expect: [{outcome: review}]}
"""


def make_rules(target: Path) -> Path:
    """A rule directory with OF-2, T-1 and T-2 and the bundled fixtures."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(RULES_DIR / "ruleset.yaml", target / "ruleset.yaml")
    shutil.copytree(FIXTURES, target / "_fixtures", dirs_exist_ok=True)
    (target / "opgaveflyt").mkdir(exist_ok=True)
    shutil.copy(RULES_DIR / "opgaveflyt" / "OF-2.yaml", target / "opgaveflyt" / "OF-2.yaml")
    (target / "test").mkdir(exist_ok=True)
    (target / "test" / "T-1.yaml").write_text(T1, encoding="utf-8")
    (target / "test" / "T-2.yaml").write_text(T2, encoding="utf-8")
    return target


def hsa(**changes: Any) -> dict[str, Any]:
    """The compliant fixture agreement with top-level changes (None removes a field)."""
    doc: dict[str, Any] = copy.deepcopy(yaml.safe_load((FIXTURES / "hsa.yaml").read_text("utf-8")))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


# Documents with a known outcome under the test rules as of 2026-11-22.
OK = hsa(dokument_id="HSA-OK")
LATE = hsa(dokument_id="HSA-LATE", sendt_til_ministeriet="2026-04-02")  # OF-2 fail, level error
SHORT = hsa(dokument_id="HSA-SHORT", opsigelse={"varsel_maaneder": 6, "kan_opsiges_af": ["region", "kommune"]})  # T-1 fail, warning
NO_NOTICE = hsa(dokument_id="HSA-NO-NOTICE", opsigelse=None)  # T-1 missing_information, warning
CHARGE = hsa(dokument_id="HSA-CHARGE", brugerbetaling=True)  # T-2 review, note


class Run:
    """The result of one in-process CLI run."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines()]


def run(*argv: str, stdin: bytes | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, stdin=io.BytesIO(stdin) if stdin is not None else io.BytesIO(b""))
    return Run(code, out.getvalue(), err.getvalue())


def jsonl(*docs: Any) -> bytes:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
