from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import sundhedsregler
from sundhedsregler._engine import durable_available

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci")

BACKENDS = ["python", "durable"] if durable_available() else ["python"]
AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def rules() -> sundhedsregler.RuleSet:
    return sundhedsregler.load_rules()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def shared_dir() -> Path | None:
    """The project's shared/ folder (domain spec, sources, schemas): beside the checkout
    in CI and on developers' machines; None where it is not present."""
    for candidate in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        if candidate.is_dir():
            return candidate
    return None


SHARED = shared_dir()
