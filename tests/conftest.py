from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import sundhedsregler
from sundhedsregler._engine.backends import durable_available

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci")

# Shared by the test files (one definition each, not one per file).
ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"  # the national rule set's directory
FIXTURES = RULES_DIR / "_fixtures"  # the national rule set's example documents
EXAMPLES = ROOT / "src" / "sundhedsregler" / "examples"  # the bundled example documents
LOCAL_RULES = ROOT / "docs" / "examples" / "local-rules"  # the worked local rule set
AS_OF = dt.date(2026, 11, 22)
AS_OF_TEXT = AS_OF.isoformat()  # the same day as the CLI's --as-of takes it
RULES = sundhedsregler.load_rules()  # the national rule set, loaded and compiled once

BACKENDS = ["python", "durable"] if durable_available() else ["python"]
# durable-rules installs (a declared dependency) and imports below Python 3.13; there a
# missing engine is a broken install, and tests comparing the backends must not pass
# with one backend alone (tests/test_test_hygiene.py fails then).
DURABLE_EXPECTED = sys.version_info < (3, 13)


@pytest.fixture(scope="session")
def rules() -> sundhedsregler.RuleSet:
    return RULES


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def shared_dir() -> Path | None:
    """The project's shared/ folder (domain spec, sources, schemas): ``../shared`` beside
    the checkout, where CI and developers' machines have it, and nowhere else (no fixed
    path); None where it is not present. Under CI its absence fails
    (tests/test_packaging.py), so the tests that need it cannot skip there unnoticed."""
    candidate = Path(__file__).resolve().parents[2] / "shared"
    return candidate if candidate.is_dir() else None


SHARED = shared_dir()
