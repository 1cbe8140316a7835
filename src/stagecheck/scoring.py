"""Scoring: facts in, dimension results, overall stage and ranked next steps out. Pure.

A dimension reaches a cell when every counted criterion of that cell and of every cell below it
is met; the first cell is always reached. Reaching a cell that spans several stages reaches the
top of its span, so a dimension whose source stops telling stages apart is at its ceiling and
does not hold the overall stage down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import floor

from stagecheck.outcome import Fact, Outcome
from stagecheck.record import CriterionResult, DimensionResult, Overall, Step
from stagecheck.rubrics import CompiledCriterion, CompiledDimension, LoadedRubric

EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}
FIRST_STEPS = 3


@dataclass(frozen=True, slots=True)
class Scored:
    dimensions: list[DimensionResult]
    overall: Overall
    first_steps: list[Step]


def score(rubric: LoadedRubric, facts: Mapping[str, Fact]) -> Scored:
    dimensions = [_dimension(rubric, d, facts) for d in rubric.dimensions]
    overall = _overall(rubric, dimensions)
    return Scored(dimensions, overall, first_steps(dimensions, overall))


def _criterion(c: CompiledCriterion, facts: Mapping[str, Fact]) -> CriterionResult:
    outcome = c.evaluate(facts)
    given = [facts[q] for q in c.questions if q in facts]
    skipped = outcome is Outcome.NOT_APPLICABLE
    return CriterionResult(
        id=c.criterion.id,
        stage=c.stage,
        text=c.criterion.text,
        outcome=outcome,
        counts=not (skipped and c.criterion.if_not_applicable == "skip"),
        reason="; ".join(f.not_applicable for f in given if f.not_applicable) if skipped else None,
        questions=c.questions,
        evidence=[e for f in given for e in f.evidence],
        sources=c.sources,
    )


def _dimension(
    rubric: LoadedRubric, dim: CompiledDimension, facts: Mapping[str, Fact]
) -> DimensionResult:
    cells = [[_criterion(c, facts) for c in cell.criteria] for cell in dim.cells]
    reached = 0
    for results in cells[1:]:
        if not all(r.outcome is Outcome.MET for r in results if r.counts):
            break
        reached += 1
    cell = dim.cells[reached].cell
    stage = cell.stages[-1]
    number = rubric.stage_number[stage]
    following = dim.cells[reached + 1] if reached + 1 < len(dim.cells) else None
    pending = [r for r in cells[reached + 1] if r.counts] if following else []
    met = sum(r.outcome is Outcome.MET for r in pending)
    progress = round(met / len(pending), 2) if pending else 0.0
    blocking = [r for r in pending if r.outcome in (Outcome.NOT_MET, Outcome.NOT_APPLICABLE)]
    unknown = [r for r in pending if r.outcome is Outcome.UNKNOWN]
    questions = list(dict.fromkeys(q for r in unknown for q in r.questions if q not in facts))
    next_stage = following.cell.stages[0] if following else None
    criteria = dim.criteria
    steps = [criteria[r.id].ask[q] for r in unknown for q in r.questions if q in questions]
    steps += [criteria[r.id].act for r in blocking]
    return DimensionResult(
        id=dim.dimension.id,
        name=dim.dimension.name,
        stage=stage,
        stage_number=number,
        span=list(cell.stages),
        descriptor=cell.descriptor,
        next_stage=next_stage,
        next_descriptor=following.cell.descriptor if following else None,
        provisional=bool(unknown) and not blocking,
        progress=progress,
        index=round(number + progress, 2),
        reason=_reason(rubric, stage, cell.stages, next_stage, blocking, unknown, questions),
        criteria=[r for results in cells for r in results],
        next_steps=_unique(steps),
        questions_to_answer=questions,
    )


def _reason(
    rubric: LoadedRubric,
    stage: str,
    span: Sequence[str],
    next_stage: str | None,
    blocking: list[CriterionResult],
    unknown: list[CriterionResult],
    questions: list[str],
) -> str:
    names = {s.id: s.name for s in rubric.rubric.stages}
    if next_stage is None:
        if len(span) > 1:
            first, last = rubric.stage_number[span[0]], rubric.stage_number[span[-1]]
            return (
                f"Meets its last cell, which the source gives for stages {first} to {last} "
                "without telling them apart."
            )
        return f"Meets every criterion up to {names[stage]}."
    if blocking:
        blocker = blocking[0]
        status = "not applicable" if blocker.outcome is Outcome.NOT_APPLICABLE else "not yet"
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        return f"For {names[next_stage]}: {blocker.text} — {status}{more}."
    if unknown:
        plural = "s" if len(questions) != 1 else ""
        return (
            f"Provisional: answer {len(questions)} question{plural} to see whether it reaches "
            f"{names[next_stage]}."
        )
    return f"Meets every criterion up to {names[stage]}."  # pragma: no cover - next cell empty


def _unique(steps: list[Step]) -> list[Step]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for step in steps:
        key = (step.criterion if step.kind == "act" else "", step.question)
        if key not in seen:
            seen.add(key)
            out.append(step)
    return out


def _overall(rubric: LoadedRubric, dimensions: list[DimensionResult]) -> Overall:
    stages = rubric.rubric.stages
    index = round(sum(d.index for d in dimensions) / len(dimensions), 2)
    if rubric.rubric.overall.rule == "mean":
        number = max(1, min(len(stages), floor(index)))
    else:
        number = min(d.stage_number for d in dimensions)
    top = len(stages)
    holding = [d for d in dimensions if d.stage_number <= number] if number < top else []
    return Overall(
        rule=rubric.rubric.overall.rule,
        stage=stages[number - 1].id,
        stage_number=number,
        index=index,
        # only if every dimension holding it could move: one that surely cannot keeps it here
        provisional=bool(holding) and all(d.provisional for d in holding),
        holding_back=[d.id for d in holding],
    )


def first_steps(dimensions: list[DimensionResult], overall: Overall) -> list[Step]:
    """Unanswered questions that could lift a dimension first, then the steps of the
    dimensions holding the overall stage down, then the rest; lower effort first within each
    ("small wins")."""
    holding = set(overall.holding_back)

    def rank(item: tuple[int, Step]) -> tuple[int, int, int, int]:
        order, step = item
        dim = next(d for d in dimensions if d.id == step.dimension)
        blocks = step.kind == "answer" and dim.provisional
        return (
            0 if blocks else 1,
            0 if step.dimension in holding else 1,
            EFFORT_ORDER[step.effort],
            order,
        )

    steps = list(enumerate(s for d in dimensions for s in d.next_steps))
    return _unique([s for _, s in sorted(steps, key=rank)])[:FIRST_STEPS]
