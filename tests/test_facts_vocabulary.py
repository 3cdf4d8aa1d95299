"""The vocabulary is a value built from the modules that declare it, handed to the
compiler: no registry is filled by importing a module."""

from __future__ import annotations

import pytest

import sundhedsregler
from sundhedsregler._engine.compiler import compile_rule
from sundhedsregler._vocabulary import VOCABULARY, base
from sundhedsregler._vocabulary.base import Vocabulary, scope
from sundhedsregler.errors import RuleError

from .conftest import RULES


def test_base_holds_no_registry() -> None:
    # the old SCOPES dict, filled as a side effect of importing the fact modules
    assert not [name for name, value in vars(base).items() if isinstance(value, dict) and name.isupper()]


def test_a_scope_is_declared_once_per_vocabulary() -> None:
    with pytest.raises(ValueError, match="scope x/dokument declared twice"):
        Vocabulary([scope("x", "dokument", "one"), scope("x", "dokument", "two")])


def test_the_compiler_reads_the_vocabulary_it_is_given() -> None:
    rules = RULES
    file, rf = next((f, r) for f, r in rules.files if r.applies_to == "delingsaftale")
    kept = Vocabulary(s for s in VOCABULARY if s.kind != "delingsaftale")
    with pytest.raises(RuleError, match="unknown subject 'dokument' for delingsaftale"):
        compile_rule(rf, file=file, code=1, vocabulary=kept)
    assert compile_rule(rf, file=file, code=1, vocabulary=VOCABULARY).id == rf.id


def test_the_rule_set_carries_its_vocabulary() -> None:
    rules = RULES
    assert rules._vocabulary is VOCABULARY
    assert rules.subset([rules.rules[0].id])._vocabulary is VOCABULARY
