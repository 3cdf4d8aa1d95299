"""Freeze the golden corpus's inputs: the documents whose reports must stay
byte-identical across refactorings (see tests/test_golden.py).

Run once when the corpus should grow (the inputs are committed; the reports are
recorded as hashes in manifest.json by ``python tests/golden/run.py --record``)::

    python tests/golden/freeze.py

The inputs are: every rule example's document (national rules), the bundled examples,
documents drawn from the strategies with a fixed seed (compliant and violating, each
kind), and a few documents that are bad input (to keep the error reports fixed too).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import InvalidArgument

import sundhedsregler
from sundhedsregler import strategies
from sundhedsregler._engine.examples import example_document

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
AS_OF = dt.date(2026, 11, 22)
PER_KIND = 12


def _dump(doc: Any) -> str:
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)


def _drawn(strategy: Any, n: int) -> list[str]:
    out: list[str] = []

    @seed(20261203)
    @settings(max_examples=n, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(doc: Any) -> None:
        out.append(_dump(doc))

    collect()
    return list(dict.fromkeys(out))[:n]


def main() -> None:
    rules = sundhedsregler.load_rules()
    INPUTS.mkdir(exist_ok=True)
    lines: list[str] = []
    for file, rf in rules.files:
        for ex in rf.examples:
            lines.append(_dump(example_document(rules, rf, ex, file=file)))
    (INPUTS / "rule-examples.jsonl").write_text("\n".join(dict.fromkeys(lines)) + "\n", encoding="utf-8")
    kinds = {
        "tilsagnsaftale": strategies.tilsagnsaftaler,
        "hsa": strategies.horisontale_samarbejdsaftaler,
        "anmodning": strategies.anmodninger,
        "delingsaftale": strategies.delingsaftaler,
        "disposition": strategies.oekonomiske_dispositioner,
        "portefoelje": strategies.portefoeljer,
    }
    for name, make in kinds.items():
        drawn: list[str] = []
        for compliant in (None, True, False):
            try:
                strategy = make(compliant=compliant, as_of=AS_OF) if compliant is not None else make()
            except InvalidArgument:  # the rule set has no seed with that outcome for this kind
                continue
            drawn += _drawn(strategy, PER_KIND)
        (INPUTS / f"drawn-{name}.jsonl").write_text("\n".join(dict.fromkeys(drawn)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
