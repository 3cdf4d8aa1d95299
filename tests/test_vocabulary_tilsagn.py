"""Engine behaviour the tilsagn rules depend on: parameter overrides of rules whose id
has a '.N' suffix (FA-3b.1 .. FA-3b.4)."""

from __future__ import annotations

import pytest
import yaml

import sundhedsregler
from sundhedsregler._check.loading import to_document

from .conftest import AS_OF, FIXTURES

FIXTURE = FIXTURES / "tilsagn.yaml"


def _fa3b2(parameters: dict[str, object] | None) -> list[sundhedsregler.Finding]:
    doc = to_document(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")), source="tilsagn")
    report = sundhedsregler.evaluate(doc, as_of=AS_OF, backend="python", parameters=parameters)
    return [f for f in report.findings if f.rule_id == "FA-3b.2"]


def test_override_of_a_rule_with_a_dotted_id_reaches_that_rule() -> None:
    # The fixture's requirements cost 4166 bp of the 2027 tilsagn: under the default, over 4000.
    assert [f.outcome for f in _fa3b2(None)] == ["pass", "pass"]
    findings = _fa3b2({"FA-3b.2.graense_bp": 4000})
    assert [f.outcome for f in findings] == ["review", "pass"]
    assert findings[0].evidence["graense_bp"] == 4000


def test_override_naming_an_unknown_parameter_of_a_dotted_id_is_rejected() -> None:
    with pytest.raises(ValueError, match="FA-3b.2 has no parameter 'graense'"):
        _fa3b2({"FA-3b.2.graense": 4000})
