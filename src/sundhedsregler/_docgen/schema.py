"""The JSON Schema of a rule file (``rules/_schema/rule.schema.json``), from the rule
file model, for editors and for checking rule files outside this library.
"""

from __future__ import annotations

import json

from .._engine.rulefile import rule_json_schema

__all__ = ["schema_text"]


def schema_text() -> str:
    """``rules/_schema/rule.schema.json``: the JSON Schema of a rule file."""
    return json.dumps(rule_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
