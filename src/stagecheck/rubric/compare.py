"""`rubric diff` in words: two rubrics compared field by field.

Every field of every part (sources, stages, groups, questions and their options, dimensions,
cells, criteria, practices, advice, retired questions, the overall rule, the changelog) is
found added, removed, reworded, changed or moved. `rubric.diff` adds what the changes do to a
corpus's stages, and says it all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

from stagecheck.core.rubric import (
    AllOf,
    AnyOf,
    Applies,
    Cell,
    ChangeNote,
    Citation,
    Criterion,
    Dimension,
    Group,
    Option,
    Question,
    Retired,
    Rubric,
    Source,
    Stage,
    Test,
)
from stagecheck.rubric.docs import describe_condition

Kind = Literal["added", "removed", "reworded", "changed", "moved"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    kind: Kind
    what: str  # stage, question, dimension, cell, criterion, advice, source, overall
    id: str
    detail: str = ""


# --- the rubric compared field by field ---
#
# The walk is generic: every field of every rubric dataclass is compared, so a field added to
# the format is diffed with no change here. Listed by hand is only what makes the result
# readable: how the items of a list are matched (by their key), what a part is called, how a few
# values are shown, and which fields are prose (reworded, not changed).

_KEY: dict[type, str] = {
    Source: "id",
    Stage: "id",
    Group: "id",
    Question: "id",
    Option: "value",
    Retired: "id",
    Dimension: "id",
    ChangeNote: "version",
}
_WHAT: dict[type, str] = {
    Source: "source",
    Stage: "stage",
    Group: "group",
    Question: "question",
    Option: "option",
    Retired: "retired question",
    Dimension: "dimension",
    ChangeNote: "change note",
}
# values compared whole and shown in words, never walked field by field
_WHOLE = (Test, AllOf, AnyOf, Applies, Citation)
# prose fields: a change to them is "reworded"; a change to an item's main words is shown
# without the field's name
_MAIN = frozenset({"name", "text", "title", "descriptor", "step", "label"})
_PROSE = _MAIN | {"summary", "note", "hint", "description", "otherwise", "instead", "where"}
_WORDS = {"when": "condition"}  # field names as a reader knows them


def compare(old: Rubric, new: Rubric) -> Iterator[Change]:
    """Every difference between two rubrics: every field of every part, criteria and
    practices matched by id wherever they are (a criterion that changes cell has moved)."""
    yield from _walk("rubric", "", "", old, new)
    yield from _criteria(old, new)


def _walk(what: str, ident: str, field: str, a: Any, b: Any) -> Iterator[Change]:
    """The changes between two values at one place: `what` and `ident` name the part that
    holds them (`question`, `audiences`; `ident` is empty for the rubric and its overall
    rule), `field` is their path in it."""
    if a == b:
        return
    if is_dataclass(a) and type(a) is type(b) and not isinstance(a, _WHOLE):
        for f in fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if x == y:
                continue
            if isinstance(a, Dimension) and f.name == "cells":
                yield from _cells(a.id, x, y)
            elif f.name == "advice":
                yield from _walk("advice", ident, "", x, y)
            elif f.name == "overall":
                yield from _walk("overall", "", "", x, y)
            else:
                yield from _walk(what, ident, f"{field}.{f.name}" if field else f.name, x, y)
        return
    kind = _item_type(a, b)
    if kind is not None:
        yield from _items(kind, ident, a, b)
        return
    yield _leaf(what, ident, field, a, b)


def _item_type(a: Any, b: Any) -> type | None:
    """The type of the items of two lists matched by a key, or None."""
    if not (isinstance(a, tuple) and isinstance(b, tuple)):
        return None
    types = {type(v) for v in (*a, *b)}
    kind = types.pop() if len(types) == 1 else None
    return kind if kind in _KEY else None


def _items(kind: type, owner: str, a: tuple[Any, ...], b: tuple[Any, ...]) -> Iterator[Change]:
    """Items added, removed, changed and reordered; `owner` names the part that lists them
    (a question, for its options)."""
    key, what = _KEY[kind], _WHAT[kind]
    old = {getattr(x, key): x for x in a}
    new = {getattr(x, key): x for x in b}

    def name(k: str) -> str:
        return f"{owner}.{k}" if owner else k

    for k in old:
        if k not in new:
            yield Change(kind="removed", what=what, id=name(k))
    for k, item in new.items():
        if k not in old:
            yield Change(kind="added", what=what, id=name(k))
        else:
            yield from _walk(what, name(k), "", old[k], item)
    if [k for k in old if k in new] != [k for k in new if k in old]:
        where = f"{owner} (order)" if owner else "(order)"
        yield Change(kind="changed", what=what, id=where, detail=f"now: {', '.join(new)}")


def _was(old: object, new: object) -> str:
    return f"was: {old}; now: {new}"


def _leaf(what: str, ident: str, field: str, a: Any, b: Any) -> Change:
    name = field.rsplit(".", 1)[-1]
    kind: Kind = "reworded" if name in _PROSE else "changed"
    shown_a, shown_b = _shown(a, name), _shown(b, name)
    was = _was(shown_a, shown_b)
    if shown_a == shown_b:  # e.g. a folded line broken elsewhere
        was += " (spacing only)"
    if not ident:  # a field of the rubric itself, or of its overall rule: named by its field
        return Change(kind=kind, what=what, id=field, detail=was)
    label = _WORDS.get(field, field)
    return Change(
        kind=kind, what=what, id=ident, detail=was if field in _MAIN else f"{label} {was}"
    )


def _shown(value: Any, name: str) -> str:
    if value is None:
        return {"applies": "always", "dimensions": "all"}.get(name, "none")
    if isinstance(value, Applies):
        return f"{describe_condition(value.when)} (else: {_shown(value.otherwise, '')})"
    if isinstance(value, Test | AllOf | AnyOf):
        return describe_condition(value)
    if isinstance(value, Citation):
        return value.source + (f" ({_shown(value.where, '')})" if value.where else "")
    if isinstance(value, tuple):
        return ", ".join(_shown(v, name) for v in value) or "none"
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value)


def _cells(dimension: str, a: tuple[Cell, ...], b: tuple[Cell, ...]) -> Iterator[Change]:
    """A row's cells: their spans, then each cell still starting at the same stage, field by
    field (its criteria and practices are compared by id, wherever they are)."""
    if [c.stages for c in a] != [c.stages for c in b]:
        shown = "; ".join(", ".join(c.stages) for c in b)
        yield Change(kind="changed", what="cell", id=dimension, detail=f"cells now cover: {shown}")
    old = {c.stages[0]: c for c in a}
    for cell in b:
        before = old.get(cell.stages[0])
        if before is None:
            continue
        where = f"{dimension} at {cell.stages[0]}"
        for f in fields(Cell):
            if f.name not in ("stages", "criteria", "practices"):
                yield from _walk(
                    "cell", where, f.name, getattr(before, f.name), getattr(cell, f.name)
                )
        for part in ("criteria", "practices"):
            ids_a = [k.id for k in getattr(before, part)]
            ids_b = [k.id for k in getattr(cell, part)]
            if [i for i in ids_a if i in ids_b] != [i for i in ids_b if i in ids_a]:
                detail = f"order of its {part} now: {', '.join(ids_b)}"
                yield Change(kind="changed", what="cell", id=where, detail=detail)


def _placed(rubric: Rubric) -> dict[str, tuple[str, str, Criterion]]:
    """Every criterion and practice by id, with its dimension and its place: the stage it
    serves, and "practice" for one that advises only."""
    return {
        k.id: (d.id, f"{cell.stages[0]}{' (practice)' if kind == 'practices' else ''}", k)
        for d in rubric.dimensions
        for cell in d.cells
        for kind in ("criteria", "practices")
        for k in getattr(cell, kind)
    }


def _criteria(old: Rubric, new: Rubric) -> Iterator[Change]:
    before, after = _placed(old), _placed(new)
    for key in before:
        if key not in after:
            yield Change(kind="removed", what="criterion", id=key)
    for key, (dim_b, stage_b, n) in after.items():
        if key not in before:
            yield Change(kind="added", what="criterion", id=key)
            continue
        dim_a, stage_a, k = before[key]
        if (dim_a, stage_a) != (dim_b, stage_b):
            detail = f"from {dim_a} at {stage_a} to {dim_b} at {stage_b}"
            yield Change(kind="moved", what="criterion", id=key, detail=detail)
        yield from _walk("criterion", key, "", k, n)
