"""The one result record: every renderer and machine format is built from it.

Versioned by SCHEMA_VERSION; later versions may add keys, never rename or drop them (version 2
changed what `stage` means for a merged cell: its first stage, with the span beside it; version 3
made `jsonl` lines lean: the rubric's fixed text once, in a rubric line, and referenced by id in the
records that follow it; see renderers/jsonl_lean.py; version 4 added `targets`, each target
the file sets with the stage reached, the distance and met/due/overdue, and `targets_as_of`, the
date they were judged on: the assessment's date, else the day of the run, and `partnership.id` and
`respondent`, for files answered by one partner each). Plain slotted dataclasses: the scorer builds
them from values it has already checked, so they need no validation, and a batch builds thousands of
them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

from stagecheck.core.outcome import Outcome
from stagecheck.core.rubric import Effort

SCHEMA_VERSION = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationRef:
    source: str
    title: str
    where: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceItem:
    """A piece of evidence behind a criterion: the question it was given for, its kind
    (asserted < documented < measured < independent), its note and its link (a path or URL)."""

    question: str
    kind: str
    note: str
    link: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceSummary:
    """The evidence behind the met cell criteria: how many are met by the answers, how many rest
    on assertion alone (and their share), counted before any minimum, and the minimum asked for
    (`--min-evidence`) with the met criteria it set aside (treated as unknown)."""

    minimum: str | None = None
    set_aside: list[str]  # criterion ids
    met: int
    asserted: int
    asserted_share: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """A next step: answer a question, act on an unmet cell criterion, take up a practice
    from the literature (which advises, and never decides a stage), or strengthen the evidence
    of a met cell criterion that rests on assertion (which never decides a stage either)."""

    kind: Literal["answer", "act", "practice", "evidence"]
    dimension: str
    criterion: str
    text: str
    effort: Effort
    owner: str
    sources: tuple[CitationRef, ...]  # shared with the compiled rubric: never mutated
    question: str | None = None


@dataclass(slots=True, kw_only=True)  # built per file: a frozen init costs a third more
class CriterionResult:
    id: str
    stage: str
    text: str
    outcome: Outcome
    counts: bool  # False where a "not applicable" answer is skipped by the rubric
    reason: str | None = None  # why it is not applicable
    practice: bool = False  # a practice from the literature: never decides the stage
    questions: tuple[str, ...]
    evidence: list[str]
    sources: tuple[CitationRef, ...]
    strength: str = "asserted"  # the weakest of its answered questions' strongest evidence
    evidence_items: list[EvidenceItem] = dataclasses.field(default_factory=list)
    set_aside: bool = False  # met, but below `--min-evidence`: counted as unknown


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """A higher cell met while a lower one is answered not met: the stage is not raised."""

    lower: str  # criterion id, not met
    higher: str  # criterion id, met
    message: str  # both quoted, with the answers behind them


@dataclass(slots=True, kw_only=True)  # built per file: a frozen init costs a third more
class DimensionResult:
    id: str
    name: str
    stage: str  # the first stage of the cell reached (the stage the source gives it)
    stage_number: int  # 1-based, of `stage`
    span: list[str]  # the stages of the cell reached: more than one where the source merges cells
    counts_as: int  # for the overall stage: the top of the span (a merged cell never holds it down)
    stage_label: str  # how every report names the stage reached (a merged cell: its descriptor)
    descriptor: str  # the descriptor of the cell reached
    next_stage: str | None
    next_descriptor: str | None
    provisional: bool  # unanswered questions could lift it to the next stage
    unconfirmed: list[str]  # lower stages taken on a higher cell's evidence, not yet confirmed
    conflicts: list[Conflict]  # answers that disagree along the row
    progress: float  # share of the next stage's criteria already met
    index: float  # counts_as + progress: the dimension's position, for the profile
    reason: str
    criteria: list[CriterionResult]  # the cell criteria, which decide the stage
    practices: list[CriterionResult]  # practices from the literature: advice and strengths
    next_steps: list[Step]
    questions_to_answer: list[str]  # only questions whose answer could lift the dimension
    questions_to_confirm: list[str]  # questions of the unconfirmed lower cells
    # False for a dimension read beside the stage (the rubric's `overall.dimensions` leaves it
    # out): it never moves the overall stage, and reports show it apart, named by its cell
    decides_overall: bool = True
    # the weakest and strongest evidence behind the cell reached (its met cell criteria); None
    # where no criterion of it is met by an answer
    evidence_weakest: str | None = None
    evidence_strongest: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StageRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Overall:
    rule: str
    stage: str
    stage_number: int
    index: float  # the profile: the mean of the deciding dimensions' positions (not a stage)
    provisional: bool
    holding_back: list[str]  # deciding dimensions at the overall stage, keeping it there
    unconfirmed: list[
        str
    ]  # dimensions that could fall below it once their lower cells are answered


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetResult:
    """A target the file sets for a dimension (`targets:`), judged against the stage reached.
    It never changes a stage."""

    dimension: str
    name: str
    stage: str  # the stage aimed for (a stage id)
    stage_number: int
    by: date  # a month written alone is its last day
    by_written: str
    reached: str  # the dimension's stage (the first stage of the cell reached)
    reached_label: str  # how reports name it (a merged cell: its descriptor and span)
    distance: int  # stages still to climb to the target's cell, from `counts_as`; 0 when met
    status: Literal["met", "due", "overdue"]
    days_left: int  # from `as_of` to `by`; negative once the date has passed
    as_of: date
    note: str | None = None  # a target inside a merged cell: met when that cell is reached


@dataclass(frozen=True, slots=True, kw_only=True)
class Tool:
    name: str = "stagecheck"
    version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RubricRef:
    id: str
    version: str
    title: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InputRef:
    path: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerInfo:
    name: str
    sector: str
    phase: str | None = None
    lead_role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnershipInfo:
    name: str
    summary: str | None = None
    started: date | None = None
    partners: list[PartnerInfo]
    assessed_on: date | None = None
    assessed_by: str | None = None
    id: str | None = None  # shared by the files of one partnership (several respondents)


@dataclass(frozen=True, slots=True, kw_only=True)
class RespondentInfo:
    """Who answered the file, where each partner answers in a file of their own."""

    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    schema_version: int = SCHEMA_VERSION
    tool: Tool
    rubric: RubricRef
    input: InputRef
    partnership: PartnershipInfo
    stages: list[StageRef]
    dimensions: list[DimensionResult]
    overall: Overall
    first_steps: list[Step]
    targets: list[TargetResult] = dataclasses.field(default_factory=list)
    targets_as_of: date | None = None  # the assessment's date, else the day of the run
    respondent: RespondentInfo | None = None
    evidence: EvidenceSummary | None = None
    warnings: list[str] = dataclasses.field(default_factory=list)  # file:line:col: message

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data: what `--format json` writes."""
        data: dict[str, Any] = as_dict(self)
        return data

    def to_json(self, *, indent: bool = False) -> str:
        return to_json(self, indent=indent)


def cited(sources: Sequence[CitationRef]) -> str:
    """Citations as a reader sees them: "Title, where; Title"."""
    return "; ".join(f"{c.title}, {c.where}" if c.where else c.title for c in sources)


def to_json(record: Any, *, indent: bool = False) -> str:
    """A record (or any part of one) as JSON text: dataclasses as objects in field order,
    enums as their values, dates as YYYY-MM-DD, text as UTF-8 (not \\u escapes)."""
    import orjson

    return orjson.dumps(record, option=orjson.OPT_INDENT_2 if indent else 0).decode()


def as_dict(value: Any) -> Any:
    """The record as JSON-ready data: dataclasses become dicts, in field order."""
    if dataclasses.is_dataclass(value):
        return {f.name: as_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [as_dict(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
