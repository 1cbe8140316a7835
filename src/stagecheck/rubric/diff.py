"""`stagecheck rubric diff OLD NEW`: what a rubric edit changes, in words and in stages.

In words: every field of every part (sources, stages, groups, questions and their options,
dimensions, cells, criteria, practices, advice, retired questions, the overall rule, the
changelog) added, removed, reworded, changed or moved. In stages: every partnership file of a
corpus scored with both rubrics, a transition matrix per dimension and overall (how many files
move from which stage to which), and the files that move. A change is *declared* when NEW's
`version` differs from OLD's and NEW's `changes:` has an entry for it; `--fail-on-change` fails
only on undeclared changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

from stagecheck.core import loader, partnership, scoring
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.errors import InputError, UserError
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
OVERALL = "overall"


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    kind: Kind
    what: str  # stage, question, dimension, cell, criterion, advice, source, overall
    id: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    path: str
    dimension: str  # a dimension id, or "overall"
    old: str
    new: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    """How many files go from each old stage (rows) to each new stage (columns)."""

    dimension: str
    old_stages: list[str]
    new_stages: list[str]
    counts: dict[str, dict[str, int]]

    @property
    def moved(self) -> int:
        return sum(n for o, row in self.counts.items() for s, n in row.items() if s != o)


@dataclass(frozen=True, slots=True, kw_only=True)
class Diff:
    old: dict[str, str]
    new: dict[str, str]
    changes: list[Change]
    scored: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    matrices: list[Matrix] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    declared: str | None = None  # the `changes:` note of NEW's version, when declared

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.moves)


def diff(old: LoadedRubric, new: LoadedRubric, corpus: Sequence[Path] = ()) -> Diff:
    changes = list(compare(old.rubric, new.rubric))
    scored, skipped, moves, matrices = _corpus(old, new, corpus)
    note = next((c.summary for c in new.rubric.changes if c.version == new.rubric.version), None)
    declared = note if new.rubric.version != old.rubric.version else None
    return Diff(
        old=_ref(old),
        new=_ref(new),
        changes=changes,
        scored=scored,
        skipped=skipped,
        matrices=matrices,
        moves=moves,
        declared=" ".join(declared.split()) if declared else None,
    )


def _ref(loaded: LoadedRubric) -> dict[str, str]:
    r = loaded.rubric
    return {"id": r.id, "version": r.version, "path": loaded.path, "sha256": loaded.sha256}


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


def corpus_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            out.append(path)
        else:
            raise UserError(f"{path}: no such corpus file or folder; check the path")
    return out


def _stages(loaded: LoadedRubric, path: Path) -> dict[str, str]:
    """The file's stage per dimension and overall, scored with `loaded`."""
    document = loader.load(path)
    validated = partnership.validate(document, loaded.rubric)
    scored = scoring.score(loaded, validated.facts)
    return {OVERALL: scored.overall.stage, **{d.id: d.stage for d in scored.dimensions}}


def _corpus(
    old: LoadedRubric, new: LoadedRubric, paths: Sequence[Path]
) -> tuple[list[str], list[tuple[str, str]], list[Move], list[Matrix]]:
    scored: list[str] = []
    skipped: list[tuple[str, str]] = []
    pairs: list[tuple[str, dict[str, str], dict[str, str]]] = []
    for file in corpus_files(paths):
        try:
            before, after = _stages(old, file), _stages(new, file)
        except InputError as exc:
            skipped.append((str(file), str(exc.problems[0])))
            continue
        scored.append(str(file))
        pairs.append((str(file), before, after))
    if not paths:
        return scored, skipped, [], []
    old_dims = [d.id for d in old.rubric.dimensions]
    shared = [OVERALL] + [d.id for d in new.rubric.dimensions if d.id in old_dims]
    old_stages = [s.id for s in old.rubric.stages]
    new_stages = [s.id for s in new.rubric.stages]
    matrices = []
    moves = []
    for dim in shared:
        counts = Counter((before[dim], after[dim]) for _, before, after in pairs)
        matrices.append(
            Matrix(
                dimension=dim,
                old_stages=old_stages,
                new_stages=new_stages,
                counts={o: {n: counts[(o, n)] for n in new_stages} for o in old_stages},
            )
        )
    for path, before, after in pairs:
        for dim in shared:
            if before[dim] != after[dim]:
                moves.append(Move(path=path, dimension=dim, old=before[dim], new=after[dim]))
    return scored, skipped, moves, matrices


def render(result: Diff) -> str:
    """The diff for a reader: changes in words, then the corpus matrices and the files that move."""
    old, new = result.old, result.new
    out = [
        f"rubric diff: {old['id']} {old['version']} ({old['path']}) -> "
        f"{new['id']} {new['version']} ({new['path']})",
        "",
    ]
    if result.changes:
        out.append(f"Changes ({len(result.changes)}):")
        for c in result.changes:
            detail = f": {c.detail}" if c.detail else ""
            out.append(f"  {c.kind:<9}{c.what} {c.id}{detail}")
    else:
        out.append("No changes: every field of the two rubrics is the same.")
    if result.matrices:
        files = len(result.scored)
        out += ["", f"Corpus: {files} partnership file{'s' if files != 1 else ''} scored with both"]
        if result.skipped:
            out.append(f"  skipped {len(result.skipped)} that do not fit both rubrics:")
            out += [f"    {problem.split('; ')[0]}" for _, problem in result.skipped]
        still = [m.dimension for m in result.matrices if not m.moved and m.dimension != OVERALL]
        for m in result.matrices:
            if m.moved or m.dimension == OVERALL:
                out += ["", *_matrix(m)]
        if still:
            out += ["", f"No file moves in: {', '.join(still)}."]
        if result.moves:
            out += ["", "Files that move:"]
            for move in result.moves:
                out.append(f"  {move.path}: {move.dimension} {move.old} -> {move.new}")
    out.append("")
    if result.declared:
        out.append(f"Declared in `changes:` for version {new['version']}: {result.declared}")
    elif result.changed:
        out.append(
            "Not declared: to declare this change, give NEW a new `version` and a `changes:` "
            "entry for it."
        )
    return "\n".join(out) + "\n"


def _matrix(m: Matrix) -> list[str]:
    moved = m.moved
    title = (
        f"{m.dimension}: {moved} move{'s' if moved != 1 else ''} (rows: old stage, columns: new)"
    )
    width = max(len(s) for s in [*m.old_stages, *m.new_stages, "old \\ new"])
    lines = [title, "  " + " " * width + " " + " ".join(f"{s:>{len(s)}}" for s in m.new_stages)]
    for o in m.old_stages:
        cells = []
        for n in m.new_stages:
            count = m.counts[o][n]
            cells.append(f"{count if count else '.':>{len(n)}}")
        lines.append(f"  {o:<{width}} " + " ".join(cells))
    return lines
