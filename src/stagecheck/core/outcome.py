"""The four outcomes of a criterion, and the facts they are decided from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


# The outcomes by plain name: on Python 3.11 each `Outcome.MET` goes through the enum
# metaclass (about 100 ns, fourteen times a plain name's cost), and scoring reads them
# hundreds of times a file.
MET, NOT_MET = Outcome.MET, Outcome.NOT_MET
NOT_APPLICABLE, UNKNOWN = Outcome.NOT_APPLICABLE, Outcome.UNKNOWN


Value = bool | int | str | date | frozenset[str]

# The kinds of evidence, weakest first: someone says so; a named document (an MOU, a plan,
# minutes); data before and after, or over time; an external evaluation or comparison group.
KINDS = ("asserted", "documented", "measured", "independent")
ASSERTED = "asserted"


def quick_init(cls: type[_T]) -> type[_T]:
    """`cls`, a frozen dataclass with slots, given an `__init__` of the same parameters that
    sets each slot through its descriptor. A frozen dataclass's own calls object.__setattr__
    for each field: about 10,000 instructions to build a Fact, where this takes 6,500, and a
    batch builds Facts by the thousand. (Fields with a default factory are not supported.) The
    source compiled is made of the class's own field names only, as `dataclasses` does; defaults
    are passed as objects, never as text, so nothing from a file reaches it."""
    names: dict[str, Any] = {}
    params: list[str] = []
    kw_only: list[str] = []
    body: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if f.default_factory is not dataclasses.MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: quick_init takes plain fields only")
        names[f"_set{i}"] = cls.__dict__[f.name].__set__
        param = f.name
        if f.default is not dataclasses.MISSING:
            names[f"_default{i}"] = f.default
            param += f"=_default{i}"
        (kw_only if f.kw_only else params).append(param)
        body.append(f"    _set{i}(self, {f.name})\n")
    if kw_only:
        params += ["*", *kw_only]
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


RANK = {kind: i for i, kind in enumerate(KINDS)}
rank = RANK.__getitem__  # a kind's place in KINDS: a higher number is stronger evidence


@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: a plain note is `asserted`; `link` is a path (relative to the
    partnership file) or an http(s) URL."""

    note: str
    kind: str = ASSERTED
    link: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Fact:
    """One answer from a partnership file: a value, or unknown (None), or not applicable.

    Two answers say less than a plain value: `open` names the options of a choose-all answer
    that are not known either way (the value holds those confirmed), and `at_least` marks a
    number that is a lower bound ("at least 3").
    """

    value: Value | None = None
    not_applicable: str | None = None  # the reason, when marked not applicable
    evidence: tuple[str, ...] = field(default=())  # the notes of `items`, as before
    open: frozenset[str] = frozenset()
    at_least: bool = False
    items: tuple[Evidence, ...] = ()  # the evidence with its kinds and links

    @property
    def strength(self) -> str:
        """The strongest kind among its evidence; with none, someone says so (asserted)."""
        if not self.items:
            return ASSERTED
        return max((e.kind for e in self.items), key=rank)

    @property
    def status(self) -> Outcome | None:
        """UNKNOWN or NOT_APPLICABLE when the fact cannot decide a test, else None."""
        if self.not_applicable is not None:
            return Outcome.NOT_APPLICABLE
        return Outcome.UNKNOWN if self.value is None else None


NO_ANSWER = Fact()


def shown(fact: Fact) -> str:
    """An answer as a reader sees it."""
    if fact.not_applicable is not None:
        return f"not applicable ({fact.not_applicable})"
    value = fact.value
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        chosen = "[" + ", ".join(sorted(value)) + "]" if value else "[] (none)"
        return chosen + (f"; not known: {', '.join(sorted(fact.open))}" if fact.open else "")
    if isinstance(value, date):
        return value.isoformat()
    return f"at least {value}" if fact.at_least else str(value)
