"""Two reviews of one partnership compared: what moved between them, and why.

Pure: it reads two records the scorer made (and the answers behind them) and scores nothing
again. A dimension moved up or down by the stage it counts as for the overall stage
(`counts_as`: the top of a merged cell), as the overall stage itself is judged. Where one review
puts it inside the other's merged cell (the two reviews were scored with rubrics that cut the
row differently) it did not move: the table does not tell those stages apart. Stages are named
as every report names them (`stage_label`), so a merged cell is named by its label, never by a
stage the table does not give it.

Versioned by COMPARISON_VERSION: later versions may add keys, never rename or drop them
(version 2 added each dimension's `old_span` and `new_span`, the stages of the cell reached,
and `within_merged_cell`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from stagecheck.core import loader, partnership
from stagecheck.core.assess import record_of
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.outcome import Fact, Outcome, shown
from stagecheck.core.record import CriterionResult, DimensionResult, Record, as_dict, to_json

COMPARISON_VERSION = 2

Moved = Literal["up", "down", "same", "added", "removed"]


@dataclass(frozen=True, slots=True)
class Review:
    """One scored review: its record, its answers (question id -> fact) and the rubric's
    question texts, so that changed answers can be quoted."""

    record: Record
    facts: Mapping[str, Fact]
    questions: Mapping[str, str]


def review_of(document: loader.Document, rubric: LoadedRubric) -> Review:
    """Validate and score one partnership document, keeping its answers."""
    validated = partnership.validate(document, rubric.rubric)
    return Review(
        record_of(document, rubric, validated),
        validated.facts,
        {q.id: q.text for q in rubric.rubric.questions},
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """Which review: where it was read, and what it says about itself."""

    source: str  # a path, or FILE@REV
    partnership: str
    assessed_on: date | None
    rubric_id: str
    rubric_version: str
    overall_stage: str  # the stage's name
    overall_number: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StageChange:
    """A dimension's stage then and now (None where the dimension is in one review only)."""

    id: str
    name: str
    old_stage: str | None
    old_number: int | None  # stage_number of the cell reached: its first stage
    old_counts_as: int | None  # the top of its span: the stage it counts as
    new_stage: str | None
    new_number: int | None
    new_counts_as: int | None
    moved: Moved
    decides_overall: bool
    old_span: list[str] | None = None  # the stages of the cell reached (several: merged)
    new_span: list[str] | None = None
    # the stages differ, but one lies inside the other's merged cell: not a move ("same")
    within_merged_cell: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeChange:
    """A cell criterion (which decides a stage) or a practice (which only advises) whose
    outcome changed."""

    id: str
    dimension: str
    text: str
    practice: bool
    old: Outcome | None  # None: not in that review's rubric
    new: Outcome | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerChange:
    question: str
    text: str  # the question as the rubric asks it
    old: str  # as a reader sees it ("not answered" where it was not)
    new: str
    old_evidence: list[str]
    new_evidence: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    schema_version: int = COMPARISON_VERSION
    old: Side
    new: Side
    overall: Moved
    dimensions: list[StageChange]
    criteria: list[OutcomeChange]
    practices: list[OutcomeChange]
    answers: list[AnswerChange]

    @property
    def regressed(self) -> list[StageChange]:
        """The dimensions that went down."""
        return [d for d in self.dimensions if d.moved == "down"]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = as_dict(self)
        return data

    def to_json(self, *, indent: bool = False) -> str:
        return to_json(self, indent=indent)


def _side(source: str, record: Record) -> Side:
    names = {s.id: s.name for s in record.stages}
    return Side(
        source=source,
        partnership=record.partnership.name,
        assessed_on=record.partnership.assessed_on,
        rubric_id=record.rubric.id,
        rubric_version=record.rubric.version,
        overall_stage=names.get(record.overall.stage, record.overall.stage),
        overall_number=record.overall.stage_number,
    )


def _moved(old: tuple[int, int] | None, new: tuple[int, int] | None) -> Moved:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "up" if new > old else "down" if new < old else "same"


def span_moved(old: tuple[int, int], new: tuple[int, int]) -> tuple[Moved, bool]:
    """Between two (first, top) stage spans: up or down by the stage each counts as (its top);
    no move where the spans overlap (one review's stage inside the other's merged cell), and
    whether that is why. Every view of reviews over time judges a move here."""
    if old == new:
        return "same", False
    if old[0] <= new[1] and new[0] <= old[1]:
        return "same", True
    return ("up" if new[1] > old[1] else "down"), False


def _renumbered(number: Mapping[str, int], stage: str, span: list[str], at: int) -> int:
    """A stage of the earlier review as the later review's rubric numbers it (a rubric may
    add a stage between reviews: "mid" is stage 2 of one, 3 of the other); its own number
    where the later rubric does not have it."""
    return number.get(span[at] if span else stage, -1)


def _dimension_moved(
    old: DimensionResult | None, new: DimensionResult | None, number: Mapping[str, int]
) -> tuple[Moved, bool]:
    if old is None or new is None:
        return _moved(None, (0, 0)) if old is None else _moved((0, 0), None), False
    then = (
        _renumbered(number, old.stage, old.span, 0),
        _renumbered(number, old.stage, old.span, -1),
    )
    if min(then) < 0:
        then = (old.stage_number, old.counts_as)
    return span_moved(then, (new.stage_number, new.counts_as))


def _stage(
    old: DimensionResult | None, new: DimensionResult | None, number: Mapping[str, int]
) -> StageChange:
    either = new or old
    assert either is not None
    moved, within = _dimension_moved(old, new, number)
    return StageChange(
        id=either.id,
        name=either.name,
        old_stage=old.stage_label if old else None,
        old_number=old.stage_number if old else None,
        old_counts_as=old.counts_as if old else None,
        new_stage=new.stage_label if new else None,
        new_number=new.stage_number if new else None,
        new_counts_as=new.counts_as if new else None,
        moved=moved,
        decides_overall=either.decides_overall,
        old_span=list(old.span) if old else None,
        new_span=list(new.span) if new else None,
        within_merged_cell=within,
    )


def _outcomes(old: Record, new: Record, practice: bool) -> list[OutcomeChange]:
    def results(record: Record) -> dict[str, tuple[str, CriterionResult]]:
        return {
            c.id: (d.id, c)
            for d in record.dimensions
            for c in (d.practices if practice else d.criteria)
        }

    before, after = results(old), results(new)
    # A record lists the practices of the cells reached and the next one only: under one rubric,
    # a practice in one review alone was not assessed in the other, which is no change of its own
    one_rubric = old.rubric.sha256 == new.rubric.sha256
    changed = []
    for cid in [*after, *(c for c in before if c not in after)]:
        was, now = before.get(cid), after.get(cid)
        if practice and one_rubric and (was is None or now is None):
            continue
        old_outcome = was[1].outcome if was else None
        new_outcome = now[1].outcome if now else None
        if old_outcome == new_outcome:
            continue
        dimension, result = now or was  # type: ignore[misc]  # one of them is there
        changed.append(
            OutcomeChange(
                id=cid,
                dimension=dimension,
                text=result.text,
                practice=practice,
                old=old_outcome,
                new=new_outcome,
            )
        )
    return changed


def _answers(old: Review, new: Review) -> list[AnswerChange]:
    empty = Fact()
    texts = {**old.questions, **new.questions}
    changed = []
    for qid in [*new.questions, *(q for q in old.questions if q not in new.questions)]:
        was, now = old.facts.get(qid, empty), new.facts.get(qid, empty)
        if shown(was) == shown(now) and was.evidence == now.evidence:
            continue
        changed.append(
            AnswerChange(
                question=qid,
                text=texts[qid],
                old=shown(was),
                new=shown(now),
                old_evidence=list(was.evidence),
                new_evidence=list(now.evidence),
            )
        )
    return changed


def compare(old: Review, new: Review, old_source: str, new_source: str) -> Comparison:
    """What moved from `old` to `new`. The caller has checked they are one partnership's."""
    a, b = old.record, new.record
    before = {d.id: d for d in a.dimensions}
    after = {d.id: d for d in b.dimensions}
    order = [*after, *(d for d in before if d not in after)]
    number = {s.id: i for i, s in enumerate(b.stages, start=1)}  # the later rubric's numbers
    then = number.get(a.overall.stage, a.overall.stage_number)
    return Comparison(
        old=_side(old_source, a),
        new=_side(new_source, b),
        overall=_moved((then, 0), (b.overall.stage_number, 0)),
        dimensions=[_stage(before.get(i), after.get(i), number) for i in order],
        criteria=_outcomes(a, b, practice=False),
        practices=_outcomes(a, b, practice=True),
        answers=_answers(old, new),
    )
