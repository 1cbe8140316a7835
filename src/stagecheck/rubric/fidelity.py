"""Fidelity checks: generated answers that prove a rubric scores as its cells say.

For any rubric, and for every dimension and every cell above the first, this module builds
answers (facts) that meet exactly that cell's criteria and those of the cells below it, and
leave the cells above it unanswered or unmet; the real scorer must then place the dimension on
exactly that cell. Beside each such case:

- `missing`: the same cell with one of its criteria answered not met must not be reached;
- `not-applicable`: a criterion that the rubric lets drop out (`applies`, or
  `if_not_applicable: skip`) left out, and the cell still reached;
- `practice`: a practice answered not met, and separately met, must move no dimension. Each is
  checked from its cell's witness with the row's other practices met as far as the criteria
  allow (found once per cell), so that a practice that gated its cell would show.

The answers are found by a small, bounded search (`stagecheck.rubric.search`) over a few
candidate values per question, weakest first, so that a witness for a lower cell does not meet a
higher one by accident. Where no answers can do what a case needs, the case carries the reason
(naming the dimension, cell and criterion): that is a finding about the rubric, and it fails
like any other case. Where a search gives up, or the rubric's budget runs out, the case says so
and fails: it is never passed unchecked.

The search reads the rules of scoring to find candidates; the verdict always comes from the
scorer itself (`check`), so a scorer that drifts from its rules fails the cases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from stagecheck.core import scoring
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.outcome import Fact
from stagecheck.core.rubric import OverallRule
from stagecheck.rubric.cases import Case, Facts, Variant, cases
from stagecheck.rubric.search import (
    asked,
    outcome,
)

Scorer = Callable[[LoadedRubric, Facts], scoring.Scores]

__all__ = ["Case", "Facts", "Scorer", "Variant", "Verdict", "cases", "check", "describe", "outcome"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    case: Case
    passed: bool
    message: str  # what was shown, or what went wrong


def check(loaded: LoadedRubric, case: Case, score: Scorer = scoring.score) -> Verdict:
    """Score a case's answers with the real scorer and judge the result."""
    return _Judge(loaded, score).check(case)


def check_all(
    loaded: LoadedRubric, found: Sequence[Case], score: Scorer = scoring.score
) -> list[Verdict]:
    """`check` for each of a rubric's cases."""
    judge = _Judge(loaded, score)
    return [judge.check(case) for case in found]


class _Judge:
    """Scores cases on the dimensions they concern: dimensions are scored apart, and scoring
    every dimension for every case would make a rubric's cases cost the square of its size."""

    def __init__(self, loaded: LoadedRubric, score: Scorer) -> None:
        self.loaded = loaded
        self.score = score
        self.place = {d.dimension.id: i for i, d in enumerate(loaded.dimensions)}
        self.readers: dict[str, set[str]] = {}  # question -> the dimensions whose cells read it
        for d in loaded.dimensions:
            for cell in d.cells:
                for c in cell.criteria:
                    for q in asked(c):
                        self.readers.setdefault(q, set()).add(d.dimension.id)

    def scope(self, wanted: set[str]) -> LoadedRubric:
        """The rubric with only these dimensions, each deciding the overall stage."""
        loaded = self.loaded
        if len(wanted) == len(loaded.dimensions):
            return loaded
        kept = tuple(loaded.dimensions[i] for i in sorted(self.place[d] for d in wanted))
        return replace(
            loaded, rubric=replace(loaded.rubric, overall=OverallRule()), dimensions=kept
        )

    def check(self, case: Case) -> Verdict:
        if case.problem is not None or case.facts is None:
            return Verdict(case=case, passed=False, message=case.problem or "no answers")
        if case.kind == "practice":
            changed = {q for v in case.variants for q in _differ(case.facts, v.facts)}
            wanted = {case.dimension, *(d for q in changed for d in self.readers.get(q, ()))}
            scope = self.scope(wanted)
            return _check_practice(scope, case, self.score(scope, case.facts), self.score)
        return _check_cell(self.scope({case.dimension}), case, self.score)


def _check_cell(loaded: LoadedRubric, case: Case, score: Scorer) -> Verdict:
    assert case.facts is not None
    base = score(loaded, case.facts)
    result = next(d for d in base.dimensions if d.id == case.dimension)
    target = loaded.stage_number[case.stage]
    answers = describe(case.facts, _questions_of(loaded, case))
    if case.kind == "missing":
        passed = result.stage_number < target
        shown = (
            f"{case.criterion} not met ({answers}): stays at {result.stage}"
            if passed
            else f"{case.criterion} not met ({answers}), yet it reaches {result.stage}: "
            f"the criterion does not decide the cell"
        )
        return Verdict(case=case, passed=passed, message=_noted(shown, case))
    passed = result.stage == case.stage
    what = f"{case.criterion} left out and the rest met" if case.kind == "not-applicable" else "met"
    shown = (
        f"reaches {case.stage} ({what}: {answers})"
        if passed
        else f"its criteria {what} ({answers}), yet it reaches {result.stage}, not {case.stage}"
    )
    return Verdict(case=case, passed=passed, message=shown)


def _differ(a: Facts, b: Facts) -> set[str]:
    return {q for q in (*a, *b) if a.get(q) != b.get(q)}


def _check_practice(
    loaded: LoadedRubric, case: Case, base: scoring.Scores, score: Scorer
) -> Verdict:
    before = {d.id: d.stage for d in base.dimensions}
    moved: list[str] = []
    for variant in case.variants:
        after = {d.id: d.stage for d in score(loaded, variant.facts).dimensions}
        answers = describe(variant.facts, _questions_of(loaded, case))
        moved += [
            f"{case.criterion} {variant.label} ({answers}) moves {dim} from {before[dim]} to "
            f"{after[dim]}"
            for dim in before
            if after[dim] != before[dim]
        ]
    if moved:
        return Verdict(case=case, passed=False, message="; ".join(moved))
    labels = " or ".join(v.label for v in case.variants)
    return Verdict(case=case, passed=True, message=f"{case.criterion} {labels}: no stage moves")


def _noted(message: str, case: Case) -> str:
    return f"{message} ({case.note})" if case.note else message


def _questions_of(loaded: LoadedRubric, case: Case) -> list[str]:
    """The questions a case's message shows: those of its cell and the cells below."""
    dim = next(d for d in loaded.dimensions if d.dimension.id == case.dimension)
    if case.kind == "practice":
        kept = dim.criteria[case.criterion] if case.criterion else None
        return list(asked(kept)) if kept else []
    return list(
        dict.fromkeys(
            q for cell in dim.cells[1 : case.cell + 1] for c in cell.criteria for q in asked(c)
        )
    )


def describe(facts: Facts, questions: Sequence[str]) -> str:
    """Answers as `q = value`, in the order given; unanswered ones as such."""
    shown = [f"{q} = {_shown(facts[q])}" if q in facts else f"{q} unanswered" for q in questions]
    return "; ".join(shown) or "no answers"


def _shown(fact: Fact) -> str:
    if fact.not_applicable is not None:
        return "not applicable"
    value = fact.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(value)) + "]" if value else "none"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and not value.isprintable():
        return repr(value)  # text from a rubric never reaches a terminal as control characters
    return str(value)
