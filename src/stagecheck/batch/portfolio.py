"""What the portfolio views need from many records: one small row per partnership, and a
summary counted as rows arrive (stage distribution, dimensions holding partnerships back,
files that could not be scored, gates failed). Pure, and cheap to send between processes.

A summary keeps counts and a few rows (each rubric's weakest `WEAKEST`), never a row per file:
however many files a batch has, what it holds is bounded. Rows are kept only by a renderer that
must sort them all (a full portfolio view of at most `SUMMARY_OVER` files, or `--all`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from stagecheck.core.errors import Problem
from stagecheck.core.outcome import Outcome
from stagecheck.core.record import Record

if TYPE_CHECKING:
    from stagecheck.core.rubric import Rubric

_T = TypeVar("_T")

# A portfolio of more files than this is shown as its summary (the views that draw a row per
# file: table, markdown, html); `--all` draws every row, `--summary` the summary at any size.
SUMMARY_OVER = 50
WEAKEST = 10  # the weakest partnerships a summary names, for each rubric


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a dataclass as its class and its field values, in order. A dataclass with
    slots is otherwise pickled with a dict of its slots (through Python-level
    `__getstate__`/`__setstate__` where frozen): a batch's rows are 1.7x larger, cost 1.6x
    more to send from the workers and 2.8x more to read back in the main process."""
    get = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return type(self), get(self)

    setattr(cls, "__reduce__", reduce)  # noqa: B010 - mypy refuses assigning to a method
    return cls


# A batch builds a row and a mark per dimension for every file (and reads them back in the main
# process), so they are not frozen: a frozen init costs 4x more (~10 K instructions for a mark).
# Treat them as values all the same: nothing changes a row once it is built.


@pickled_by_fields
@dataclass(slots=True)
class StageMark:
    """One dimension of one partnership: the stage reached (a merged cell's first stage, with
    `top` the last of its span), and whether it is provisional."""

    dimension: str
    stage: str
    number: int
    provisional: bool
    top: int
    last: str  # the last stage of the cell's span (the stage itself, unless merged)

    @property
    def mark(self) -> str:
        """The cell as a portfolio grid shows it: "3", "2-4" (an en dash) for a merged cell, "?" if
        provisional."""
        span = f"{self.number}\u2013{self.top}" if self.top != self.number else str(self.number)
        return span + ("?" if self.provisional else "")


@pickled_by_fields
@dataclass(slots=True)
class Row:
    path: str
    name: str
    rubric: str  # the rubric's id
    rubric_path: str  # where its rubric was loaded from: the summary reads its names there
    cells: tuple[StageMark, ...]
    overall: str
    overall_number: int
    index: float
    provisional: bool
    holding_back: tuple[str, ...]
    below: tuple[str, ...]  # the --fail-under gates it falls below, its missed targets
    asserted_share: float = 0.0  # of the met cell criteria, those resting on assertion alone
    # the criteria keeping it at its overall stage: of the dimensions holding it there, the
    # next stage's counted criteria not met (not met, unanswered or not applicable)
    blocking: tuple[str, ...] = ()
    # --combine: the respondents' files this row combines (none: the row is one file's)
    files: tuple[str, ...] = ()
    # evidence links not found ("file:line:col: message"), said on stderr as for one file
    warnings: tuple[str, ...] = ()

    def cell(self, dimension: str) -> StageMark | None:
        return next((c for c in self.cells if c.dimension == dimension), None)

    @property
    def folder(self) -> str:
        """The folder a combined row's files share, with a closing `/` ("" if none)."""
        if not self.files:
            return ""
        try:
            common = os.path.commonpath([str(Path(f).parent) for f in self.files])
        except ValueError:  # absolute and relative paths mixed: no common folder
            return ""
        return common.rstrip("/") + "/" if common else ""


def row(
    record: Record,
    below: Sequence[str] = (),
    files: Sequence[str] = (),
    warnings: Sequence[str] | None = None,
) -> Row:
    """The portfolio's row of a record; `warnings` replace the record's own (a combined
    record's are its respondents')."""
    o = record.overall
    held = o.holding_back
    blocking = []
    cells = []
    for d in record.dimensions:
        cells.append(
            StageMark(d.id, d.stage, d.stage_number, d.provisional, d.counts_as, d.span[-1])
        )
        if d.id in held and d.next_stage is not None:
            blocking += [
                c.id
                for c in d.criteria
                if c.stage == d.next_stage and c.counts and c.outcome is not Outcome.MET
            ]
    return Row(
        path=record.input.path,
        name=record.partnership.name,
        rubric=record.rubric.id,
        rubric_path=record.rubric.path,
        cells=tuple(cells),
        overall=o.stage,
        overall_number=o.stage_number,
        index=o.index,
        provisional=o.provisional,
        holding_back=tuple(held),
        below=tuple(below),
        files=tuple(files),
        warnings=tuple(record.warnings if warnings is None else warnings),
        asserted_share=record.evidence.asserted_share if record.evidence else 0.0,
        blocking=tuple(blocking),
    )


def weakest_key(r: Row) -> tuple[int, float, str, str]:
    return (r.overall_number, r.index, r.name.casefold(), r.path)


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Those furthest from the next stage first (lowest overall stage, then lowest index),
    then by name and file: the top of the table is where help is needed."""
    return sorted(rows, key=weakest_key)


@dataclass(frozen=True, slots=True)
class Named:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be scored: its first located problem and how many more."""

    path: str
    first: Problem
    more: int

    @classmethod
    def of(cls, path: str, problems: Sequence[Problem]) -> Failure:
        return cls(path, problems[0], len(problems) - 1)

    def __str__(self) -> str:
        more = f" (and {self.more:,} more problem{'s' if self.more != 1 else ''})"
        return f"{self.first}{more if self.more else ''}"


@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion of a rubric's cells, as a summary names it."""

    id: str
    text: str
    dimension: str  # its dimension's name


@dataclass(frozen=True, slots=True)
class Beside:
    """A dimension read beside the stage (the rubric's `overall.dimensions` leaves it out): its
    cells, by their first stage and words, since its stages do not place a partnership."""

    id: str
    name: str
    cells: tuple[tuple[str, str], ...]  # (first stage, descriptor) of each cell, in order

    def mark(self, cell: StageMark | None) -> str:
        """The cell reached as "2 of 2" (the second of the row's two cells), "?" if provisional."""
        if cell is None:
            return ""
        place = next((i for i, (s, _) in enumerate(self.cells, 1) if s == cell.stage), 0)
        return f"{place} of {len(self.cells)}" + ("?" if cell.provisional else "")


@dataclass
class Section:
    """The partnerships of a batch scored with one rubric: its stages and dimensions, and
    counts over its rows. Partnerships on different rubrics never share a table or a heatmap."""

    id: str
    title: str
    stages: list[Named]
    dimensions: list[Named]
    scored: int = 0
    distribution: Counter[tuple[str, str]] = field(default_factory=Counter)  # (dim, stage)
    overall: Counter[str] = field(default_factory=Counter)
    held_back_by: Counter[str] = field(default_factory=Counter)
    beside: list[Beside] = field(default_factory=list)  # dimensions read beside the stage
    criteria: dict[str, Criterion] = field(default_factory=dict)  # by id, with its dimension
    # the cells the table merges, by dimension: {first stage number: last stage number}
    merged: dict[str, dict[int, int]] = field(default_factory=dict)
    blocked_by: Counter[str] = field(default_factory=Counter)  # criterion id
    _weakest: list[Row] = field(default_factory=list)  # at most 2 x WEAKEST, trimmed as it grows

    @classmethod
    def of(cls, rubric: Rubric) -> Section:
        return cls(
            rubric.id,
            rubric.title,
            [Named(s.id, s.name) for s in rubric.stages],
            [Named(d.id, d.name) for d in rubric.dimensions],
            beside=[
                Beside(d.id, d.name, tuple((c.stages[0], c.descriptor) for c in d.cells))
                for d in rubric.dimensions
                if not rubric.overall.decides(d.id)
            ],
            criteria={
                c.id: Criterion(c.id, c.text, d.name)
                for d in rubric.dimensions
                for cell in d.cells
                for c in cell.criteria
            },
            merged=merged_cells(rubric),
        )

    def heat(self, dimension: str) -> list[tuple[int, int, int]]:
        """A dimension's counts as the table gives its cells, in stage order: (first stage
        number, last, partnerships). A merged cell is one entry over its span (2, 4, n), never
        counted at one of the stages it covers."""
        merged = self.merged.get(dimension, {})
        out: list[tuple[int, int, int]] = []
        covered = 0
        for i, s in enumerate(self.stages, start=1):
            if i <= covered:
                continue
            covered = merged.get(i, i)
            out.append((i, covered, self.distribution[dimension, s.id]))
        return out

    @property
    def deciding(self) -> list[Named]:
        """The dimensions that decide the overall stage: the stage views show these."""
        apart = {b.id for b in self.beside}
        return [d for d in self.dimensions if d.id not in apart]

    def beside_counts(self) -> list[tuple[Beside, list[tuple[str, int]]]]:
        """For each dimension read beside the stage, how many partnerships reached each cell."""
        return [
            (b, [(words, self.distribution[b.id, s]) for s, words in b.cells]) for b in self.beside
        ]

    def add(self, r: Row) -> None:
        self.scored += 1
        self.overall[r.overall] += 1
        for c in r.cells:
            self.distribution[c.dimension, c.stage] += 1
        self.held_back_by.update(r.holding_back)
        self.blocked_by.update(r.blocking)
        self._weakest.append(r)
        if len(self._weakest) >= 2 * WEAKEST:
            self._weakest = ordered(self._weakest)[:WEAKEST]

    def weakest(self, n: int = WEAKEST) -> list[Row]:
        """The `n` partnerships furthest from their next stage, weakest first (`n` at most
        WEAKEST: the section keeps no more)."""
        return ordered(self._weakest)[: min(n, WEAKEST)]

    def blocking(self, top: int = 5) -> list[tuple[Criterion, int]]:
        """The criteria that most often keep partnerships at their overall stage, most first."""
        ranked = sorted(self.blocked_by.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(self.criteria.get(c, Criterion(c, c, "")), n) for c, n in ranked[:top] if n]

    def stage_name(self, stage: str) -> str:
        return next((s.name for s in self.stages if s.id == stage), stage)

    def holding_back(self, top: int = 3) -> list[tuple[Named, int]]:
        """The dimensions that hold most partnerships at their overall stage, most first."""
        names = {d.id: d for d in self.dimensions}
        ranked = sorted(self.held_back_by.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(names.get(d, Named(d, d)), n) for d, n in ranked[:top] if n]


@dataclass(frozen=True, slots=True)
class Combined:
    """`--combine` over folders: the files found, the partnerships they make (a file that could
    not be read is of no partnership), and the files that could not be read."""

    files: int
    partnerships: int
    unread: int


def merged_cells(rubric: Rubric) -> dict[str, dict[int, int]]:
    """Each dimension's cells that span several stages: {first stage number: last}."""
    number = {st.id: i for i, st in enumerate(rubric.stages, start=1)}
    out: dict[str, dict[int, int]] = {}
    for d in rubric.dimensions:
        spans = {number[c.stages[0]]: number[c.stages[-1]] for c in d.cells if len(c.stages) > 1}
        if spans:
            out[d.id] = spans
    return out


@dataclass
class Summary:
    """Counts over a batch, updated one outcome at a time: a section per rubric used. With
    `combined`, a row is a partnership combined from its respondents' files."""

    sections: dict[str, Section] = field(default_factory=dict)  # by rubric id, first seen first
    scored: int = 0
    below_gate: int = 0
    failures: list[Failure] = field(default_factory=list)  # and folders that were not searched
    # of the failures, files scored but not written: in a CSV, those of another rubric
    not_written: int = 0
    combined: Combined | None = None

    def learn(self, rubric: Rubric) -> None:
        """Open a section for a rubric the batch uses (once per rubric id)."""
        if rubric.id not in self.sections:
            self.sections[rubric.id] = Section.of(rubric)

    def add(self, r: Row) -> None:
        self.scored += 1
        self.below_gate += bool(r.below)
        self.sections[r.rubric].add(r)

    def fail(self, path: str, problems: Sequence[Problem]) -> None:
        self.failures.append(Failure.of(path, problems))

    @property
    def files(self) -> int:
        if self.combined is not None:
            return self.combined.files
        return self.scored + len(self.failures)

    @property
    def dimensions(self) -> list[Named]:
        """Every dimension of every rubric used, in order, once (the columns of a CSV)."""
        seen: dict[str, Named] = {}
        for section in self.sections.values():
            for d in section.dimensions:
                seen.setdefault(d.id, d)
        return list(seen.values())


def by_section(rows: Iterable[Row], summary: Summary) -> list[tuple[Section, list[Row]]]:
    """The rows of each rubric's section, ordered as `ordered` orders them."""
    grouped: dict[str, list[Row]] = {rid: [] for rid in summary.sections}
    for r in rows:
        grouped.setdefault(r.rubric, []).append(r)
    return [(summary.sections[rid], ordered(rs)) for rid, rs in grouped.items() if rs]
