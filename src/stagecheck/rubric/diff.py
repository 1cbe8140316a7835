"""`stagecheck rubric diff OLD NEW`: what a rubric edit changes, in words and in stages.

In words: every field of every part (sources, stages, groups, questions and their options,
dimensions, cells, criteria, practices, advice, retired questions, the overall rule, the
changelog) added, removed, reworded, changed or moved (found by `rubric.compare`). In stages:
every partnership file of a corpus scored with both rubrics, a transition matrix per dimension
and overall (how many files move from which stage to which), and the files that move. A change
is *declared* when NEW's `version` differs from OLD's and NEW's `changes:` has an entry for it;
`--fail-on-change` fails only on undeclared changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stagecheck.core import loader, partnership, scoring
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.errors import InputError, UserError
from stagecheck.rubric.compare import Change, compare

OVERALL = "overall"


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
