"""The one result record: every renderer and machine format is built from it.

Versioned by SCHEMA_VERSION; later versions may add keys, never rename or drop them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from stagecheck.outcome import Outcome
from stagecheck.rubric import Effort

SCHEMA_VERSION = 1


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationRef(Model):
    source: str
    title: str
    where: str | None = None


class Step(Model):
    """A next step: answer a question, or act on an unmet criterion."""

    kind: Literal["answer", "act"]
    dimension: str
    criterion: str
    text: str
    effort: Effort
    owner: str
    sources: list[CitationRef]
    question: str | None = None


class CriterionResult(Model):
    id: str
    stage: str
    text: str
    outcome: Outcome
    counts: bool  # False where a "not applicable" answer is skipped by the rubric
    reason: str | None = None  # why it is not applicable
    questions: list[str]
    evidence: list[str]
    sources: list[CitationRef]


class DimensionResult(Model):
    id: str
    name: str
    stage: str  # the highest stage reached (the top of a cell that spans several)
    stage_number: int  # 1-based
    span: list[str]  # the stages of the cell reached: more than one where the source merges cells
    descriptor: str  # the descriptor of the cell reached
    next_stage: str | None
    next_descriptor: str | None
    provisional: bool  # unanswered questions could lift it to the next stage
    progress: float  # share of the next stage's criteria already met
    index: float  # stage_number + progress
    reason: str
    criteria: list[CriterionResult]
    next_steps: list[Step]
    questions_to_answer: list[str]


class StageRef(Model):
    id: str
    name: str


class Overall(Model):
    rule: str
    stage: str
    stage_number: int
    index: float  # mean of the dimensions' indices
    provisional: bool
    holding_back: list[str]  # dimensions at the overall stage, keeping it there


class Tool(Model):
    name: Literal["stagecheck"] = "stagecheck"
    version: str


class RubricRef(Model):
    id: str
    version: str
    title: str
    path: str
    sha256: str


class InputRef(Model):
    path: str
    sha256: str


class PartnerInfo(Model):
    name: str
    sector: str
    phase: str | None = None
    lead_role: str | None = None


class PartnershipInfo(Model):
    name: str
    summary: str | None = None
    started: date | None = None
    partners: list[PartnerInfo]
    assessed_on: date | None = None
    assessed_by: str | None = None


class Record(Model):
    schema_version: Literal[1] = 1  # SCHEMA_VERSION
    tool: Tool
    rubric: RubricRef
    input: InputRef
    partnership: PartnershipInfo
    stages: list[StageRef]
    dimensions: list[DimensionResult]
    overall: Overall
    first_steps: list[Step]
