"""The checks of criteria's conditions: each names a question and values it allows (SC105), can
be met (SC108), and does not contradict the criteria of its stage or the stages below (SC109)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from stagecheck.core.checks.registry import Loc, check, criteria_of
from stagecheck.core.conditions import (
    Compare,
    ConditionError,
    compile_condition,
    referenced_questions,
)
from stagecheck.core.rubric import AllOf, AnyOf, Question, Rubric
from stagecheck.core.rubric_types import Condition


@check(
    "SC105",
    "bad-condition",
    "error",
    "refer to a declared question, with an operator that fits its type and values it allows",
)
def _conditions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    for loc, criterion in criteria_of(rubric):
        conditions: list[tuple[Loc, Condition]] = [(("when",), criterion.when)]
        if criterion.applies is not None:
            conditions.append((("applies", "when"), criterion.applies.when))
        for where, condition in conditions:
            try:
                compile_condition(condition, questions)
            except ConditionError as exc:
                yield (*loc, *where, *exc.loc), exc.message
    # a question asked only after an earlier answer: the interview asks in the rubric's order
    for qi, q in enumerate(rubric.questions):
        if q.asked_if is None:
            continue
        where = ("questions", qi, "asked_if", "when")
        try:
            compile_condition(q.asked_if.when, questions)
        except ConditionError as exc:
            yield (*where, *exc.loc), exc.message
            continue
        earlier = {e.id for e in rubric.questions[:qi]}
        for later in referenced_questions(q.asked_if.when):
            if later not in earlier:
                yield (
                    where,
                    (
                        f"'{q.id}' is asked only after '{later}', which comes after it (or is it): "
                        "move it below the questions it depends on"
                    ),
                )


@check(
    "SC108",
    "unmeetable-criterion",
    "error",
    "loosen the tests so that some answer meets them all (check the thresholds' direction); "
    "use `any` where either answer should do",
)
def _unmeetable(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    for loc, criterion in criteria_of(rubric):
        needs = _requirements(criterion.when, questions)
        for qid, tests in needs.items():
            if _admits(questions[qid], tests):
                continue
            yield (
                (*loc, "when"),
                f"criterion '{criterion.id}' can never be met: no answer to '{qid}' is "
                f"{_describe(tests)}",
            )


@check(
    "SC109",
    "contradictory-criteria",
    "error",
    "make the criteria of a stage, and of the stages below it, agree on each question: "
    "a stage needs every one of them met at once",
)
def _contradictions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    names = {s.id: s.name for s in rubric.stages}
    for di, dim in enumerate(rubric.dimensions):
        # what reaching the current cell needs: its criteria and those of every cell below
        earlier: list[tuple[str, str, dict[str, list[Compare]]]] = []
        for ci, cell in enumerate(dim.cells):
            for ki, criterion in enumerate(cell.criteria):
                needs = _requirements(criterion.when, questions)
                for qid, tests in needs.items():
                    if not _admits(questions[qid], tests):
                        continue  # unmeetable on its own: SC108
                    for other, stage, other_needs in earlier:
                        theirs = other_needs.get(qid)
                        if theirs and not _admits(questions[qid], [*theirs, *tests]):
                            yield (
                                ("dimensions", di, "cells", ci, "criteria", ki, "when"),
                                f"'{criterion.id}' needs '{qid}' {_describe(tests)}, but "
                                f"'{other}' ({names.get(stage, stage)}) needs it "
                                f"{_describe(theirs)}: no answer meets both, so "
                                f"'{dim.id}' can never reach {names.get(cell.stages[0])}",
                            )
                            break
                earlier.append((criterion.id, cell.stages[0], needs))


def _requirements(
    condition: Condition, questions: Mapping[str, Question]
) -> dict[str, list[Compare]]:
    """The tests a condition needs met whatever else holds, by question (`any` needs none
    for certain; tests on several-choice questions can always be met together)."""
    out: dict[str, list[Compare]] = {}
    if isinstance(condition, AnyOf):
        return out
    parts = condition.all if isinstance(condition, AllOf) else (condition,)
    for part in parts:
        if isinstance(part, AllOf | AnyOf):
            for qid, tests in _requirements(part, questions).items():
                out.setdefault(qid, []).extend(tests)
            continue
        try:
            test = compile_condition(part, questions)
        except ConditionError:
            continue  # SC105
        if isinstance(test, Compare) and questions[test.question].type != "choices":
            out.setdefault(test.question, []).append(test)
    return out


def _admits(question: Question, tests: Sequence[Compare]) -> bool:
    """Whether some answer to `question` passes every test."""
    values: set[Any] | None = None
    if question.type == "boolean":
        values = {True, False}
    elif question.type == "choice":
        values = {o.value for o in question.options}
    low: Any = question.minimum if question.type == "integer" else None
    high: Any = question.maximum if question.type == "integer" else None
    for test in tests:
        if test.operator in ("is", "in"):
            given = set(test.values[:1] if test.operator == "is" else test.values)
            values = given if values is None else values & given
        elif test.operator == "at_least":
            low = test.values[0] if low is None else max(low, test.values[0])
        elif test.operator == "at_most":
            high = test.values[0] if high is None else min(high, test.values[0])
    if values is not None:
        return any((low is None or v >= low) and (high is None or v <= high) for v in values)
    return low is None or high is None or low <= high


def _describe(tests: Sequence[Compare]) -> str:
    def one(test: Compare) -> str:
        shown = [_shown(v) for v in test.values]
        if test.operator == "in":
            return "one of " + ", ".join(shown)
        return f"{test.operator.replace('_', ' ')} {shown[0]}"

    return " and ".join(one(t) for t in tests)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
