"""A tilsagnsaftale's council facts (the council's municipalities, the parties outside
it and the municipalities it leaves out, counted and named) are derived from one
reading per evaluated document, not one per fact (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

import sundhedsregler
from sundhedsregler._domain import tilsagn as domain
from sundhedsregler._vocabulary import VOCABULARY
from sundhedsregler._vocabulary import tilsagnsaftale as vocabulary
from sundhedsregler._vocabulary.base import Context

from .conftest import AS_OF, FIXTURES, RULES

COUNCIL_FACTS = ("sundhedsraadets_kommuner", "antal_kommuner_uden_for_raadet", "kommuner_uden_for_raadet", "antal_manglende_kommuner", "manglende_kommuner")


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The documents council_parties was asked about, in order."""
    asked: list[Any] = []

    def counting(doc: Any, portfolio: Any) -> Any:
        asked.append(doc)
        return domain.council_parties(doc, portfolio)

    monkeypatch.setattr(vocabulary, "council_parties", counting)
    return asked


def _facts(doc: Any, ctx: Context) -> dict[str, Any]:
    facts = VOCABULARY["tilsagnsaftale"]["dokument"].facts
    return {name: facts[name].get(doc, ctx) for name in COUNCIL_FACTS}


def test_the_council_is_read_once_per_document_and_evaluation(readings: list[Any], backend: str) -> None:
    doc = sundhedsregler.load_document(FIXTURES / "tilsagn.yaml")
    evaluator = sundhedsregler.Evaluator(RULES, backend=backend)
    evaluator.evaluate(doc, as_of=AS_OF)
    assert readings == [doc]
    evaluator.evaluate(doc, as_of=AS_OF)  # a new evaluation reads it again
    assert readings == [doc, doc]
    portfolio = sundhedsregler.load_document(FIXTURES / "portefoelje-sundhedsraad.yaml")
    members = [m for m in portfolio.dokumenter if isinstance(m, sundhedsregler.models.Tilsagnsaftale)]
    assert members
    readings.clear()
    evaluator.evaluate(portfolio, as_of=AS_OF)
    assert [id(d) for d in readings] == [id(m) for m in members]


def test_each_context_gets_its_own_reading(readings: list[Any]) -> None:
    doc = sundhedsregler.load_document(FIXTURES / "tilsagn.yaml")
    own = doc.sundhedsraadets_kommuner or ["Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse", "Sorø"]
    named = doc.model_copy(update={"sundhedsraadets_kommuner": own})
    narrower = doc.model_copy(update={"sundhedsraadets_kommuner": own[:1], "kommuner": [own[0], "Roskilde"]})
    first = _facts(named, Context(AS_OF, named))
    second = _facts(narrower, Context(AS_OF, narrower))
    assert len(readings) == 2
    assert second["kommuner_uden_for_raadet"] == ["Roskilde"] and second["antal_kommuner_uden_for_raadet"] == 1
    assert second["sundhedsraadets_kommuner"] == own[:1] and second["antal_manglende_kommuner"] == 0
    assert first["sundhedsraadets_kommuner"] == own
    # A subject that is not its context's document is read on its own every time.
    ctx = Context(AS_OF, named)
    assert _facts(narrower, ctx) == second and len(readings) == 2 + len(COUNCIL_FACTS)
