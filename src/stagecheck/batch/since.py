"""`assess DIR --since REV`: where each partnership of a batch stood at a git revision, and
which moved since.

Apart from the batch's own scoring: `stages_at` reads every file as REV holds it with one
`git cat-file --batch` per repository (and the rubric files they name, once each), scores
them in this process, and `Since.watch` notes the stages of the files as the batch scores them
today. `moved` then compares the two, dimension by dimension, as `compare` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.core import loader
from stagecheck.core.compare import Moved, span_moved
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.errors import UserError
from stagecheck.timeline import git
from stagecheck.timeline.reviews import rubric_at
from stagecheck.timeline.trend import score_version

if TYPE_CHECKING:
    from stagecheck.batch.portfolio import Row
    from stagecheck.batch.run import FileOutcome


@dataclass(frozen=True, slots=True)
class Stages:
    """A partnership's stages at one time: overall, and (stage_number, counts_as) per
    dimension, with the ids of those stages (to number them as a later rubric does)."""

    overall: str  # the stage's name
    overall_number: int
    dimensions: dict[str, tuple[int, int]]
    overall_id: str
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)  # first and top stage ids


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    name: str
    then: Stages | None
    now: Stages
    why_none: str | None  # why there is no stage then: new since REV, not in git, not valid
    overall: Moved | None
    dimensions: dict[str, Moved]


def moved_between(old: tuple[int, int], new: tuple[int, int]) -> Moved:
    """As `compare` judges it: by the stage each counts as, and no move within a merged cell."""
    return span_moved(old, new)[0]


@dataclass
class Since:
    rev: str
    then: dict[str, Stages | str]  # path -> its stages at REV, or why there are none
    now: dict[str, tuple[str, Stages]] = field(default_factory=dict)  # path -> (name, stages)
    names: dict[str, str] = field(default_factory=dict)  # dimension id -> name
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)  # path -> stage numbers now

    def moves(
        self, path: str, overall: int, dimensions: dict[str, tuple[int, int]]
    ) -> tuple[Moved, dict[str, Moved]] | None:
        """How a partnership moved since REV (None where it has no stages then), as `compare`
        judges it: the stages then numbered as today's rubric numbers them (a rubric may have
        added a stage since), by the stage each counts as, no move within a merged cell."""
        then = self.then.get(path)
        if not isinstance(then, Stages):
            return None
        number = self.numbers.get(path, {})

        def renumbered(d: str) -> tuple[int, int]:
            first, top = then.spans.get(d, ("", ""))
            if first in number and top in number:
                return number[first], number[top]
            return then.dimensions[d]

        was = number.get(then.overall_id, then.overall_number)
        return moved_between((was,) * 2, (overall,) * 2), {
            d: moved_between(renumbered(d), where)
            for d, where in dimensions.items()
            if d in then.dimensions
        }

    def watch(self, outcomes: Iterator[FileOutcome]) -> Iterator[FileOutcome]:
        """The batch's outcomes, passed on as they are, their stages noted on the way."""
        from stagecheck.batch.run import ScoredFile

        for outcome in outcomes:
            if isinstance(outcome, ScoredFile):
                self.note(outcome.row)
            yield outcome

    def note(self, row: Row) -> None:
        from stagecheck.core.compiled import load_rubric

        rubric = load_rubric(row.rubric_path).rubric
        stage_names = {s.id: s.name for s in rubric.stages}
        self.numbers[row.path] = {s.id: i for i, s in enumerate(rubric.stages, start=1)}
        for d in rubric.dimensions:
            self.names.setdefault(d.id, d.name)
        stages = Stages(
            stage_names.get(row.overall, row.overall),
            row.overall_number,
            {c.dimension: (c.number, c.top) for c in row.cells},
            row.overall,
        )
        self.now[row.path] = (row.name, stages)

    def moved(self) -> list[Change]:
        found = []
        for path, (name, now) in self.now.items():
            then = self.then.get(path, "not in git")
            moved = self.moves(path, now.overall_number, now.dimensions)
            if isinstance(then, str) or moved is None:
                found.append(Change(path, name, None, now, str(then), None, {}))
                continue
            found.append(Change(path, name, then, now, None, *moved))
        return found

    def counts(self) -> dict[str, Counter[str]]:
        """Per dimension, how many partnerships moved up and down."""
        counted: dict[str, Counter[str]] = {d: Counter() for d in self.names}
        for m in self.moved():
            for d, how in m.dimensions.items():
                counted.setdefault(d, Counter())[how] += 1
        return counted


def stages_at(files: list[str], rev: str) -> Since:
    """Each file's stages as REV holds it. A revision missing from a repository is a
    UserError before any scoring; a file outside git, or not yet there at REV, is said."""
    by_root: dict[Path, list[tuple[str, git.Located]]] = {}
    then: dict[str, Stages | str] = {}
    folders: dict[Path, Path | None] = {}
    for file in files:
        folder = Path(file).parent.resolve()
        if folder not in folders:
            try:
                folders[folder] = git.locate(file).root
            except UserError:
                folders[folder] = None
        root = folders[folder]
        if root is None:
            then[file] = "not in git"
            continue
        where = git.Located(root, (folder / Path(file).name).relative_to(root.resolve()).as_posix())
        by_root.setdefault(root, []).append((file, where))
    if files and not by_root:
        raise UserError(
            f"--since {rev} reads the files as a git revision held them, but none of them is "
            "in a git repository; commit them to git, or leave out --since"
        )
    for root, located in by_root.items():
        sha = git.commit_of(located[0][1], rev, f"--since {rev}")
        raws = git.blobs(root, [f"{sha}:{where.relpath}" for _, where in located])
        compiled: dict[bytes, LoadedRubric] = {}
        rubric_files: dict[str, bytes | None] = {}

        def read(
            relpath: str,
            root: Path = root,
            sha: str = sha,
            cache: dict[str, bytes | None] = rubric_files,
        ) -> bytes | None:
            if relpath not in cache:  # the few rubric files the batch's files name
                cache[relpath] = git.blobs(root, [f"{sha}:{relpath}"])[0]
            return cache[relpath]

        for (file, where), raw in zip(located, raws, strict=True):
            if raw is None:
                then[file] = f"new since {rev}"
                continue
            try:
                document = loader.parse(raw, f"{file}@{rev}")
                rubric = rubric_at(document, where.relpath, rev, read, compiled)
                record = score_version(document, rubric)
            except UserError:
                then[file] = f"not valid at {rev}"
                continue
            names = {s.id: s.name for s in record.stages}
            then[file] = Stages(
                names.get(record.overall.stage, record.overall.stage),
                record.overall.stage_number,
                {d.id: (d.stage_number, d.counts_as) for d in record.dimensions},
                record.overall.stage,
                {d.id: (d.stage, d.span[-1] if d.span else d.stage) for d in record.dimensions},
            )
    return Since(rev, then)
