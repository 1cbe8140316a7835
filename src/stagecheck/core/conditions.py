"""Criteria conditions: compiled once per rubric from data, evaluated per partnership.

Evaluation is three-valued plus "not applicable": `all` is not met if any part is not met,
else unknown if any part is unknown, else not applicable if any part is, else met; `any` is
the mirror image. An unanswered question therefore never counts as a "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stagecheck.core.outcome import (
    MET,
    NO_ANSWER,
    NOT_APPLICABLE,
    NOT_MET,
    UNKNOWN,
    Fact,
    Outcome,
    Value,
)
from stagecheck.core.rubric import AllOf, AnyOf, Question, Test
from stagecheck.core.values import read_scalar  # the same reading as the answers get
from stagecheck.core.words import did_you_mean

if TYPE_CHECKING:
    from stagecheck.core.rubric_types import Condition

Facts = Mapping[str, Fact]

# which operators make sense for which question type
ALLOWED = {
    "boolean": {"is"},
    "choice": {"is", "in"},
    "choices": {"includes", "includes_any"},
    "integer": {"is", "in", "at_least", "at_most"},
    "date": {"is", "at_least", "at_most"},
    "text": {"is", "in"},
}


class ConditionError(Exception):
    """A condition that does not fit its question; `loc` is relative to the condition."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass(frozen=True, slots=True)
class Compare:
    """A compiled test: one question's answer against typed values (plain data, picklable)."""

    question: str
    operator: str
    values: tuple[Any, ...]

    def __call__(self, facts: Facts) -> Outcome:
        # Fact.status, inlined: this runs for every test of every criterion of every file
        fact = facts.get(self.question, NO_ANSWER)
        if fact.not_applicable is not None:
            return NOT_APPLICABLE
        if fact.value is None:
            return UNKNOWN
        if fact.open:
            return self._partly_known(fact.value, fact.open)
        if fact.at_least:
            return self._bounded(fact.value)
        return MET if self.holds(fact.value) else NOT_MET

    def _partly_known(self, confirmed: Any, unknown: frozenset[str]) -> Outcome:
        """A choose-all answer where `unknown` options are not known either way."""
        wanted = set(self.values)
        if self.operator == "includes":
            missing = wanted - confirmed
            return MET if not missing else UNKNOWN if missing <= unknown else NOT_MET
        if not wanted.isdisjoint(confirmed):
            return MET
        return UNKNOWN if not wanted.isdisjoint(unknown) else NOT_MET

    def _bounded(self, low: Any) -> Outcome:
        """A number known only to be at least `low`: what it settles, and what it leaves open."""
        first = self.values[0]
        match self.operator:
            case "at_least":
                return MET if low >= first else UNKNOWN
            case "at_most":
                return NOT_MET if low > first else UNKNOWN
            case _:  # is, in: only values below the bound are ruled out
                return UNKNOWN if max(self.values) >= low else NOT_MET

    def holds(self, value: Any) -> bool:
        first = self.values[0]
        match self.operator:
            case "is":
                return bool(value == first)
            case "in":
                return bool(value in self.values)
            case "at_least":
                return bool(value >= first)
            case "at_most":
                return bool(value <= first)
            case "includes":
                return bool(set(self.values) <= value)
            case _:  # includes_any
                return not value.isdisjoint(self.values)


@dataclass(frozen=True, slots=True)
class Combine:
    """A compiled `all` (decisive: NOT_MET) or `any` (decisive: MET)."""

    decisive: Outcome
    parts: tuple[Evaluator, ...]

    def __call__(self, facts: Facts) -> Outcome:
        # `combine` of the parts' outcomes, stopping at the first decisive one
        decisive = self.decisive
        unknown = not_applicable = False
        for part in self.parts:
            outcome = part(facts)
            if outcome is decisive:
                return decisive
            if outcome is UNKNOWN:
                unknown = True
            elif outcome is NOT_APPLICABLE:
                not_applicable = True
        if unknown:
            return UNKNOWN
        if not_applicable:
            return NOT_APPLICABLE
        return MET if decisive is NOT_MET else NOT_MET


Evaluator = Compare | Combine


def compile_condition(condition: Condition, questions: Mapping[str, Question]) -> Evaluator:
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = []
        for i, part in enumerate(condition.all if isinstance(condition, AllOf) else condition.any):
            try:
                parts.append(compile_condition(part, questions))
            except ConditionError as exc:
                raise ConditionError((key, i, *exc.loc), exc.message) from None
        decisive = NOT_MET if key == "all" else MET
        return Combine(decisive, tuple(parts))
    return _compile_test(condition, questions)


def values_tested(evaluator: Evaluator, question: str) -> set[Any]:
    """The values a compiled condition compares `question`'s answer with."""
    if isinstance(evaluator, Combine):
        return {v for part in evaluator.parts for v in values_tested(part, question)}
    return set(evaluator.values) if evaluator.question == question else set()


def referenced_questions(condition: Condition) -> list[str]:
    if isinstance(condition, AllOf):
        return [q for part in condition.all for q in referenced_questions(part)]
    if isinstance(condition, AnyOf):
        return [q for part in condition.any for q in referenced_questions(part)]
    return [condition.question]


def _compile_test(test: Test, questions: Mapping[str, Question]) -> Compare:
    question = questions.get(test.question)
    if question is None:
        near = did_you_mean(test.question, questions)
        raise ConditionError(("question",), f"there is no question '{test.question}'{near}")
    op = test.operator
    if op not in ALLOWED[question.type]:
        allowed = ", ".join(sorted(ALLOWED[question.type]))
        raise ConditionError(
            (op,),
            f"'{op}' does not apply to {question.type} question '{question.id}'"
            f"{did_you_mean(op, ALLOWED[question.type])}; use {allowed}",
        )
    operand = test.operand
    if isinstance(operand, tuple):
        values = tuple(_typed(question, v, (op, i)) for i, v in enumerate(operand))
    else:
        values = (_typed(question, operand, (op,)),)
    return Compare(question.id, op, values)


def _typed(question: Question, text: str, loc: tuple[str | int, ...]) -> Value:
    if question.type in ("choice", "choices") and not question.options:
        raise ConditionError(
            loc,
            f"'{text}' cannot be compared: {question.type} question '{question.id}' has no "
            "options; give it its options",
        )
    value, problem = read_scalar(question, text)
    if problem is not None:
        raise ConditionError(loc, problem)
    assert value is not None
    return value
