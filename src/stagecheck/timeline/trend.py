"""A partnership's history: every committed version of its file, or a folder of dated review
files, each scored, as points in time.

A version that no longer validates is a point with its error (a gap in the trend) and the
history goes on. Each point is scored with the rubric it names as it was then (a rubric file
beside it is read at the same commit), so that a change of rubric shows as one; `rescore`
scores every point with today's rubric instead. Git is read by two processes whatever the
number of commits: one `git log`, and `git cat-file --batch` for the versions (and one more for
the rubric files they name).

A merged cell (one cell of the table for several stages) is a span at each point: its first
stage (`stage_number`) and the top (`counts_as`, the stage it counts as for the overall stage).

Versioned by HISTORY_VERSION: later versions may add keys, never rename or drop them (version 2
added each point's `span`, the stages of the cell reached).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from stagecheck.core import loader, partnership, scoring
from stagecheck.core.assess import declared_rubric
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.compiled import load_rubric as load_named
from stagecheck.core.errors import InputError, UserError, shown
from stagecheck.core.record import DimensionResult, Overall, StageRef, as_dict, to_json
from stagecheck.timeline import git
from stagecheck.timeline.reviews import rubric_at

HISTORY_VERSION = 2

DatedBy = Literal["assessed", "commit", "file name"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StageAt:
    """A dimension's stage at one point: as reports name it, and its place on the row."""

    id: str
    stage: str  # stage_label: a merged cell is named by its label
    stage_number: int  # the first stage of the cell reached
    counts_as: int  # the top of its span: the stage it counts as
    span: list[str] = field(default_factory=list)  # the cell's stage ids (several: merged)


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    source: str  # FILE@commit, or the review file's path
    commit: str | None
    date: date | None
    dated_by: DatedBy | None
    rubric_id: str | None = None
    rubric_version: str | None = None
    rubric_changed: bool = False  # another rubric (or version) than the point before's
    overall_stage: str | None = None  # the stage's name
    overall_number: int | None = None
    dimensions: list[StageAt] = field(default_factory=list)
    error: str | None = None  # a version that could not be scored: a gap

    def stage_of(self, dimension: str) -> StageAt | None:
        return next((d for d in self.dimensions if d.id == dimension), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class DimensionRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    schema_version: int = HISTORY_VERSION
    path: str
    kind: Literal["git", "folder"]
    partnership: str | None  # as the newest scored point names it
    rescored: bool  # every point scored with one rubric (today's)
    stages: list[StageRef]  # the newest scored point's rubric's
    dimensions: list[DimensionRef]  # every dimension of any point, the newest rubric's first
    points: list[Point]  # oldest first

    @property
    def gaps(self) -> list[Point]:
        return [p for p in self.points if p.error is not None]

    @property
    def rubric_changes(self) -> list[Point]:
        return [p for p in self.points if p.rubric_changed]

    def series(self, dimension: str) -> list[int | None]:
        """The dimension's stage number at each point (None: a gap, or not in that rubric): the
        first stage of a merged cell."""
        return [getattr(p.stage_of(dimension), "stage_number", None) for p in self.points]

    def spans(self, dimension: str) -> list[tuple[int, int] | None]:
        """The dimension's cell at each point as (first stage, the stage it counts as): two
        numbers apart for a merged cell."""
        return [
            (s.stage_number, s.counts_as) if (s := p.stage_of(dimension)) else None
            for p in self.points
        ]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = as_dict(self)
        return data

    def to_json(self, *, indent: bool = False) -> str:
        return to_json(self, indent=indent)


def history(path: Path, *, rubric: str | None = None, rescore: bool = False) -> History:
    """The history of a partnership file in git, or of a folder of dated review files."""
    try:
        folder = path.is_dir()
    except OSError as exc:  # a name too long for the system, say
        raise UserError(f"{path}: {exc.strerror or exc}; check the path") from None
    file, rev = git.split_rev(str(path))  # `FILE@` names no revision: a UserError
    if rev is not None:
        raise UserError(
            f"{path}: history reads every committed version of {file}: leave out '@{rev}' "
            f"(`stagecheck compare {file}@{rev} {file}` compares that version with now)"
        )
    if folder:
        from stagecheck.timeline.folder import folder_history

        return folder_history(path, rubric, rescore)
    return _git(path, rubric, rescore)


@dataclass(frozen=True, slots=True)
class Scored:
    """What a point needs of a scored version: the scorer's results without the record's
    advice and provenance (a history scores hundreds of versions)."""

    name: str
    assessed_on: date | None
    rubric_id: str
    rubric_version: str
    stages: list[StageRef]
    dimensions: list[DimensionResult]
    overall: Overall


def score_version(document: loader.Document, rubric: LoadedRubric) -> Scored:
    validated = partnership.validate(document, rubric.rubric)
    scores = scoring.score(rubric, validated.facts)
    r = rubric.rubric
    return Scored(
        validated.about.name,
        validated.assessed.date if validated.assessed else None,
        r.id,
        r.version,
        [StageRef(id=s.id, name=s.name) for s in r.stages],
        scores.dimensions,
        scores.overall,
    )


# --- one point ------------------------------------------------------------------------------


def _problem(exc: UserError) -> str:
    if isinstance(exc, InputError):
        lines = shown(exc.problems)
        more = len(exc.problems) - 1
        return lines[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
    return str(exc)


def scored_point(
    source: str,
    commit: str | None,
    fallback: tuple[date | None, DatedBy | None],
    read: Callable[[], loader.Document],
    rubric: Callable[[loader.Document], LoadedRubric],
) -> tuple[Point, Scored | None]:
    try:
        document = read()
        record = score_version(document, rubric(document))
    except UserError as exc:  # InputError included: the version is a gap
        gap = Point(
            source=source,
            commit=commit,
            date=fallback[0],
            dated_by=fallback[1],
            error=_problem(exc),
        )
        return gap, None
    names = {s.id: s.name for s in record.stages}
    assessed = record.assessed_on
    point = Point(
        source=source,
        commit=commit,
        date=assessed or fallback[0],
        dated_by="assessed" if assessed else fallback[1],
        rubric_id=record.rubric_id,
        rubric_version=record.rubric_version,
        overall_stage=names.get(record.overall.stage, record.overall.stage),
        overall_number=record.overall.stage_number,
        dimensions=[
            StageAt(
                id=d.id,
                stage=d.stage_label,
                stage_number=d.stage_number,
                counts_as=d.counts_as,
                span=list(d.span),
            )
            for d in record.dimensions
        ],
    )
    return point, record


def assemble(
    path: Path,
    kind: Literal["git", "folder"],
    scored: Iterator[tuple[Point, Scored | None]],
    rescored: bool,
) -> History:
    points: list[Point] = []
    newest: Scored | None = None
    seen: dict[str, str] = {}
    before: tuple[str | None, str | None] | None = None
    for each, record in scored:
        point = each
        if record is not None:
            used = (point.rubric_id, point.rubric_version)
            if before is not None and used != before:
                point = _changed(point)
            before, newest = used, record
            for d in record.dimensions:
                seen[d.id] = d.name
        points.append(point)
    order = [d.id for d in newest.dimensions] if newest else []
    order += [d for d in seen if d not in order]
    return History(
        path=str(path),
        kind=kind,
        partnership=newest.name if newest else None,
        rescored=rescored,
        stages=list(newest.stages) if newest else [],
        dimensions=[DimensionRef(id=d, name=seen[d]) for d in order],
        points=points,
    )


def _changed(point: Point) -> Point:
    from dataclasses import replace

    return replace(point, rubric_changed=True)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- a file in git --------------------------------------------------------------------------


def _git(path: Path, rubric: str | None, rescore: bool) -> History:
    where = git.locate(path)
    commits = git.log(where)
    if not commits:
        raise UserError(
            f"{path} has no committed version in the git repository at {where.root}; "
            f"commit it (`git add {path}` then `git commit`), or give a folder of dated reviews"
        )
    raws = git.blobs(where.root, [f"{c.sha}:{c.relpath}" for c in commits])
    kept = [(c, raw) for c, raw in zip(commits, raws, strict=True) if raw is not None]
    if not kept:  # every commit that names it made it a folder, or deleted it
        raise UserError(
            f"{path} was never committed as a file in the git repository at {where.root} "
            "(only as a folder, or deleted); give a partnership file, or a folder of dated "
            "reviews"
        )
    documents: dict[str, loader.Document | UserError] = {}
    for c, raw in kept:
        if c.link:  # its content is the link's target, not a review: a gap that says so
            folder = PurePosixPath(c.relpath).parent
            there = (
                path.parent
                if folder == PurePosixPath(where.relpath).parent
                else where.root / folder
            )
            documents[c.sha] = UserError(git.link_message(str(path), c.sha[:12], raw, there))
            continue
        try:
            documents[c.sha] = loader.parse(raw, f"{path}@{c.sha[:12]}")
        except InputError as exc:
            documents[c.sha] = exc
    today = _today(
        rubric, rescore, path, [d for d in documents.values() if not isinstance(d, UserError)]
    )
    rubric_files = _rubric_files(where.root, kept, documents) if today is None else {}
    compiled: dict[bytes, LoadedRubric] = {}

    def scored() -> Iterator[tuple[Point, Scored | None]]:
        for c, _ in kept:
            document = documents[c.sha]

            def read(document: loader.Document | UserError = document) -> loader.Document:
                if isinstance(document, UserError):
                    raise document
                return document

            def chosen(document: loader.Document, c: git.Commit = c) -> LoadedRubric:
                if today is not None:
                    return today
                return rubric_at(
                    document, c.relpath, c.sha, lambda p: rubric_files.get((c.sha, p)), compiled
                )

            fallback: tuple[date | None, DatedBy | None] = (_day(c.date), "commit")
            yield scored_point(f"{path}@{c.sha[:12]}", c.sha, fallback, read, chosen)

    # by review date, as a folder's are: a review committed late (a past year's, filled in
    # after a later one) takes its place in the trend; commits of one date keep their order
    points = sorted(scored(), key=lambda pr: pr[0].date or date.max)
    return assemble(path, "git", iter(points), today is not None)


def _rubric_files(
    root: Path,
    kept: list[tuple[git.Commit, bytes]],
    documents: dict[str, loader.Document | UserError],
) -> dict[tuple[str, str], bytes]:
    """The rubric files the versions name beside them, as each commit holds them: read by one
    more `git cat-file --batch`."""
    from stagecheck.core.compiled import bundled

    wanted: list[tuple[str, str]] = []
    for c, _ in kept:
        document = documents[c.sha]
        if isinstance(document, UserError):
            continue
        ref = document.data.get("rubric")
        there = git.beside(c.relpath, ref) if isinstance(ref, str) else None
        if there is not None and ref not in bundled():
            wanted.append((c.sha, there))
    if not wanted:
        return {}
    raws = git.blobs(root, [f"{sha}:{p}" for sha, p in wanted])
    return {key: raw for key, raw in zip(wanted, raws, strict=True) if raw is not None}


def _today(
    rubric: str | None, rescore: bool, path: Path, documents: list[loader.Document]
) -> LoadedRubric | None:
    """The rubric every point is scored with: `rubric` if given, else with `rescore` the one
    the newest version names (a rubric file as it is today, in the working tree)."""
    if rubric is not None:
        return load_named(rubric)
    if not rescore:
        return None
    newest = _on_disk(path) if path.is_file() else None
    if newest is None:
        newest = documents[-1] if documents else None
    if newest is None:
        raise UserError(f"{path}: no version could be read to say today's rubric; give --rubric")
    beside = loader.Document(str(path), newest.data, newest.root, newest.sha256)
    return load_named(declared_rubric(beside))


def _on_disk(path: Path) -> loader.Document | None:
    try:
        return loader.load(path)
    except InputError:
        return None
