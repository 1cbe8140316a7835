"""`outcome.quick_init`: the faster __init__ it gives frozen dataclasses takes exactly the
parameters (and defaults) dataclasses would have generated, and the instances stay frozen."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from stagecheck.core import partnership
from stagecheck.core.outcome import Evidence, Fact, quick_init

CLASSES = [
    Fact,
    Evidence,
    partnership.Partner,
    partnership.About,
    partnership.Respondent,
    partnership.Assessed,
    partnership.Expected,
    partnership.Partnership,
]


def _twin(cls: type) -> type:
    """The same fields in a dataclass with the __init__ dataclasses generates."""
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default, kw_only=f.kw_only))
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_parameters_as_the_dataclass_own(cls: type) -> None:
    def parameters(made: type) -> list[tuple[str, object, object]]:
        return [(p.name, p.kind, p.default) for p in inspect.signature(made).parameters.values()]

    assert parameters(cls) == parameters(_twin(cls))


def test_built_alike_and_still_frozen() -> None:
    fact = Fact(3, at_least=True, items=(Evidence("the minutes"),))
    assert (fact.value, fact.not_applicable, fact.evidence, fact.open) == (3, None, (), frozenset())
    assert fact == Fact(3, None, (), frozenset(), True, (Evidence("the minutes", "asserted"),))
    assert hash(fact) == hash(Fact(3, at_least=True, items=(Evidence("the minutes"),)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.value = 4  # type: ignore[misc]
    with pytest.raises(TypeError, match="sector"):
        partnership.Partner(name="Riverside")  # type: ignore[call-arg]


def test_a_default_factory_is_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list[str] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="plain fields only"):
        quick_init(Listed)
