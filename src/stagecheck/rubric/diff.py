"""`stagecheck rubric diff OLD NEW`: what a rubric edit changes, in words and in stages.

In words: stages, questions, dimensions, cells, criteria and advice added, removed, reworded or
changed. In stages: every partnership file of a corpus scored with both rubrics, a transition
matrix per dimension and overall (how many files move from which stage to which), and the files
that move. A change is *declared* when NEW's `version` differs from OLD's and NEW's `changes:`
has an entry for it; `--fail-on-change` fails only on undeclared changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stagecheck.core import loader, partnership, scoring
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.errors import InputError, UserError
from stagecheck.core.rubric import Criterion, Rubric
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


def _by_id(items: Sequence[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _keyed(
    what: str, old: dict[str, Any], new: dict[str, Any]
) -> Iterator[tuple[Change | None, Any, Any]]:
    """Added and removed ids as changes; the pairs present in both for a closer look."""
    for key in old:
        if key not in new:
            yield Change(kind="removed", what=what, id=key), None, None
    for key, value in new.items():
        if key not in old:
            yield Change(kind="added", what=what, id=key), None, None
        else:
            yield None, old[key], value


def _was(old: object, new: object) -> str:
    return f"was: {old}; now: {new}"


def compare(old: Rubric, new: Rubric) -> Iterator[Change]:
    """Every difference a reader of the rubric would care about, part by part."""
    for change, a, b in _keyed("stage", _by_id(old.stages), _by_id(new.stages)):
        if change:
            yield change
        elif a.name != b.name:
            yield Change(kind="reworded", what="stage", id=a.id, detail=_was(a.name, b.name))
    if [s.id for s in old.stages] != [s.id for s in new.stages]:
        order = ", ".join(s.id for s in new.stages)
        yield Change(kind="changed", what="stage", id="(order)", detail=f"now: {order}")
    for change, _, _ in _keyed("source", _by_id(old.sources), _by_id(new.sources)):
        if change:
            yield change
    if old.table != new.table:
        yield Change(kind="changed", what="table", id="table", detail=_was(old.table, new.table))
    for change, a, b in _keyed("question", _by_id(old.questions), _by_id(new.questions)):
        if change:
            yield change
            continue
        if a.text != b.text:
            yield Change(kind="reworded", what="question", id=a.id, detail=_was(a.text, b.text))
        for part in ("group", "type", "minimum", "maximum"):
            if getattr(a, part) != getattr(b, part):
                was = _was(getattr(a, part), getattr(b, part))
                yield Change(kind="changed", what="question", id=a.id, detail=f"{part} {was}")
        if [o.value for o in a.options] != [o.value for o in b.options]:
            was = _was(", ".join(o.value for o in a.options), ", ".join(o.value for o in b.options))
            yield Change(kind="changed", what="question", id=a.id, detail=f"options {was}")
    for change, a, b in _keyed("dimension", _by_id(old.dimensions), _by_id(new.dimensions)):
        if change:
            yield change
            continue
        if a.name != b.name:
            yield Change(kind="reworded", what="dimension", id=a.id, detail=_was(a.name, b.name))
        if a.continuum != b.continuum:
            detail = f"continuum {_was(a.continuum, b.continuum)}"
            yield Change(kind="changed", what="dimension", id=a.id, detail=detail)
        yield from _cells(a, b)
    yield from _criteria(old, new)
    if old.overall.rule != new.overall.rule:
        detail = _was(old.overall.rule, new.overall.rule)
        yield Change(kind="changed", what="overall", id="rule", detail=detail)
    if old.overall.dimensions != new.overall.dimensions:

        def deciding(r: Rubric) -> str:
            return ", ".join(r.overall.dimensions or ["all"])

        detail = _was(deciding(old), deciding(new))
        yield Change(kind="changed", what="overall", id="dimensions", detail=detail)


def _cells(a: Any, b: Any) -> Iterator[Change]:
    spans_a = [c.stages for c in a.cells]
    spans_b = [c.stages for c in b.cells]
    if spans_a != spans_b:
        shown = "; ".join(", ".join(s) for s in spans_b)
        yield Change(kind="changed", what="cell", id=a.id, detail=f"cells now cover: {shown}")
    old_cells = {c.stages[0]: c for c in a.cells}
    for cell in b.cells:
        before = old_cells.get(cell.stages[0])
        if before is None:
            continue
        where = f"{a.id} at {cell.stages[0]}"
        if before.descriptor != cell.descriptor:
            detail = _was(before.descriptor, cell.descriptor)
            yield Change(kind="reworded", what="cell", id=where, detail=detail)
        if (before.note or "") != (cell.note or ""):
            yield Change(kind="reworded", what="cell", id=where, detail="its note")


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
    for change, a, b in _keyed("criterion", before, after):
        if change:
            yield change
            continue
        (dim_a, stage_a, k), (dim_b, stage_b, n) = a, b
        if (dim_a, stage_a) != (dim_b, stage_b):
            detail = f"from {dim_a} at {stage_a} to {dim_b} at {stage_b}"
            yield Change(kind="moved", what="criterion", id=k.id, detail=detail)
        if k.text != n.text:
            yield Change(kind="reworded", what="criterion", id=k.id, detail=_was(k.text, n.text))
        if k.when != n.when:
            was = _was(describe_condition(k.when), describe_condition(n.when))
            yield Change(kind="changed", what="criterion", id=k.id, detail=f"condition {was}")
        if k.applies != n.applies:
            shown = [
                f"{describe_condition(x.when)} (else: {x.otherwise})" if x else "always"
                for x in (k.applies, n.applies)
            ]
            yield Change(
                kind="changed", what="criterion", id=k.id, detail=f"applies {_was(*shown)}"
            )
        if k.if_not_applicable != n.if_not_applicable:
            was = _was(k.if_not_applicable, n.if_not_applicable)
            yield Change(
                kind="changed", what="criterion", id=k.id, detail=f"if_not_applicable {was}"
            )
        if k.sources != n.sources:
            yield Change(kind="changed", what="criterion", id=k.id, detail="its sources")
        old_a, new_a = k.advice, n.advice
        if old_a.step != new_a.step:
            detail = _was(" ".join(old_a.step.split()), " ".join(new_a.step.split()))
            yield Change(kind="reworded", what="advice", id=k.id, detail=detail)
        for part in ("effort", "owner"):
            if getattr(old_a, part) != getattr(new_a, part):
                was = _was(getattr(old_a, part), getattr(new_a, part))
                yield Change(kind="changed", what="advice", id=k.id, detail=f"{part} {was}")
        if old_a.sources != new_a.sources:
            yield Change(kind="changed", what="advice", id=k.id, detail="its sources")


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
        out.append("No changes to stages, questions, dimensions, cells, criteria or advice.")
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
