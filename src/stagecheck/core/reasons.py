"""Why a dimension stands where it does, in the words every report uses: the stage's name
(a merged cell by its own words and span), the reason, and the answers that conflict along a
row. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.outcome import MET, NOT_APPLICABLE, NOT_MET, Fact, shown
from stagecheck.core.record import Conflict, CriterionResult

BLOCKING = (NOT_MET, NOT_APPLICABLE)


def stage_label(rubric: LoadedRubric, span: Sequence[str], descriptor: str) -> str:
    """The stage as every report names it. A cell the source gives for several stages is named
    by its own words and its span, never by a stage name the source does not give it."""
    if len(span) == 1:
        return rubric.rubric.stages[rubric.stage_number[span[0]] - 1].name
    first, last = rubric.stage_number[span[0]], rubric.stage_number[span[-1]]
    return f"{descriptor} (stages {first}\u2013{last}: the source does not tell them apart)"


def conflicts(
    lower: list[CriterionResult],
    higher: list[CriterionResult],
    facts: Mapping[str, Fact],
    rubric: LoadedRubric,
) -> list[Conflict]:
    names = {s.id: s.name for s in rubric.rubric.stages}
    met = [r for r in higher if r.counts and r.outcome is MET]
    return [
        Conflict(
            lower=low.id,
            higher=high.id,
            message=(
                f"Answers to check: '{high.text}' is met ({names[high.stage]}, "
                f"{_answers(high, facts)}), but '{low.text}', below it, is not "
                f"({names[low.stage]}, {_answers(low, facts)}). The stages are read in order, "
                "so the higher one counts once the lower one is met; if both answers are "
                "right, meeting the lower one is the next step."
            ),
        )
        for low in lower
        if low.counts and low.outcome in BLOCKING
        for high in met[:1]
    ]


def _answers(result: CriterionResult, facts: Mapping[str, Fact]) -> str:
    given = [shown(facts[q]) for q in result.questions if q in facts]
    return "answered " + "; ".join(given) if given else "not answered"


def dimension_reason(
    rubric: LoadedRubric,
    span: Sequence[str],
    next_stage: str | None,
    blocking: list[CriterionResult],
    questions: list[str],
    unconfirmed: list[int],
    conflicts: list[Conflict],
    beside: str | None = None,
    set_aside: Sequence[CriterionResult] = (),
) -> str:
    """Why the dimension stands where it does. `beside` is given for a dimension read beside
    the stage: the next cell's words (empty at the top), which name its target instead of a
    stage, since its stages do not place the partnership."""
    names = {s.id: s.name for s in rubric.rubric.stages}
    if beside and next_stage is not None:
        names[next_stage] = f"'{beside}'"
    if conflicts:
        lead = conflicts[0].message + " "
    elif unconfirmed:
        plural = "s" if len(unconfirmed) != 1 else ""
        lead = f"Reached on a higher cell's answers; lower cell{plural} not confirmed. "
    else:
        lead = ""
    if next_stage is None:
        if beside is not None:
            return f"{lead}Meets its last cell; read beside the stage, it does not change it."
        if len(span) > 1:
            first, last = rubric.stage_number[span[0]], rubric.stage_number[span[-1]]
            return (
                f"{lead}Meets its last cell, which the source gives for stages {first} to {last} "
                "without telling them apart."
            )
        return f"{lead}Meets its cell at {names[span[-1]]}, the last stage."
    if blocking:
        blocker = blocking[0]
        status = "not applicable" if blocker.outcome is NOT_APPLICABLE else "not yet"
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        return f"{lead}For {names[next_stage]}: {blocker.text} — {status}{more}."
    plural = "s" if len(questions) != 1 else ""
    if set_aside and questions:
        claims = "criterion" if len(set_aside) == 1 else "criteria"
        return (
            f"{lead}Provisional: answer {len(questions)} question{plural}, and give stronger "
            f"evidence for {len(set_aside)} met {claims}, to see whether it reaches "
            f"{names[next_stage]}."
        )
    if set_aside:
        claim = set_aside[0]
        more = f" (and {len(set_aside) - 1} more)" if len(set_aside) > 1 else ""
        return (
            f"{lead}Provisional: '{claim.text.rstrip('. ')}' is met, but on {claim.strength} "
            f"evidence, below the minimum asked for{more}; stronger evidence would show whether "
            f"it reaches {names[next_stage]}."
        )
    return (
        f"{lead}Provisional: answer {len(questions)} question{plural} to see whether it reaches "
        f"{names[next_stage]}."
    )
