"""Criteria conditions: compiled once per rubric from data, evaluated per partnership.

Evaluation is three-valued plus "not applicable": `all` is not met if any part is not met,
else unknown if any part is unknown, else not applicable if any part is, else met; `any` is
the mirror image. An unanswered question therefore never counts as a "no".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from stagecheck.outcome import UNKNOWN, Fact, Outcome, Value
from stagecheck.rubric import AllOf, AnyOf, Condition, Question, Test

Facts = Mapping[str, Fact]
Evaluator = Callable[[Facts], Outcome]

# which operators make sense for which question type
ALLOWED = {
    "boolean": {"is"},
    "choice": {"is", "in"},
    "choices": {"includes", "includes_any"},
    "integer": {"is", "in", "at_least", "at_most"},
    "date": {"is", "at_least", "at_most"},
    "text": {"is", "in"},
}

_bool: TypeAdapter[bool] = TypeAdapter(bool)
_int: TypeAdapter[int] = TypeAdapter(int)
_date: TypeAdapter[date] = TypeAdapter(date)


class ConditionError(Exception):
    """A condition that does not fit its question; `loc` is relative to the condition."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def compile_condition(condition: Condition, questions: Mapping[str, Question]) -> Evaluator:
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = []
        for i, part in enumerate(condition.all if isinstance(condition, AllOf) else condition.any):
            try:
                parts.append(compile_condition(part, questions))
            except ConditionError as exc:
                raise ConditionError((key, i, *exc.loc), exc.message) from None
        return _all(parts) if key == "all" else _any(parts)
    return _compile_test(condition, questions)


def referenced_questions(condition: Condition) -> list[str]:
    if isinstance(condition, AllOf):
        return [q for part in condition.all for q in referenced_questions(part)]
    if isinstance(condition, AnyOf):
        return [q for part in condition.any for q in referenced_questions(part)]
    return [condition.question]


def _compile_test(test: Test, questions: Mapping[str, Question]) -> Evaluator:
    question = questions.get(test.question)
    if question is None:
        raise ConditionError(("question",), f"there is no question '{test.question}'")
    op = test.operator
    if op not in ALLOWED[question.type]:
        allowed = ", ".join(sorted(ALLOWED[question.type]))
        raise ConditionError(
            (op,),
            f"'{op}' does not apply to {question.type} question '{question.id}'; use {allowed}",
        )
    operand = test.operand
    if isinstance(operand, list):
        values = [_typed(question, v, (op, i)) for i, v in enumerate(operand)]
    else:
        values = [_typed(question, operand, (op,))]
    predicate = _predicate(op, values)
    qid = question.id

    def evaluate(facts: Facts) -> Outcome:
        fact = facts.get(qid, UNKNOWN)
        status = fact.status
        if status is not None:
            return status
        return Outcome.MET if predicate(fact.value) else Outcome.NOT_MET

    return evaluate


def _predicate(op: str, values: list[Any]) -> Callable[[Any], bool]:
    first = values[0]
    if op == "is":
        return lambda v: bool(v == first)
    if op == "in":
        chosen = set(values)
        return lambda v: v in chosen
    if op == "at_least":
        return lambda v: bool(v >= first)
    if op == "at_most":
        return lambda v: bool(v <= first)
    wanted = frozenset(values)
    if op == "includes":
        return lambda v: wanted <= v
    return lambda v: bool(wanted & v)  # includes_any


def _typed(question: Question, text: str, loc: tuple[str | int, ...]) -> Value:
    try:
        if question.type == "boolean":
            return _bool.validate_python(text)
        if question.type == "integer":
            return _int.validate_python(text)
        if question.type == "date":
            return _date.validate_python(text)
    except ValidationError:
        raise ConditionError(loc, f"'{text}' is not a valid {question.type}") from None
    if question.type in ("choice", "choices"):
        options = [o.value for o in question.options]
        if text not in options:
            raise ConditionError(
                loc, f"'{text}' is not an option of '{question.id}' ({', '.join(options)})"
            )
    return text


def _all(parts: list[Evaluator]) -> Evaluator:
    def evaluate(facts: Facts) -> Outcome:
        return combine([part(facts) for part in parts], Outcome.NOT_MET)

    return evaluate


def _any(parts: list[Evaluator]) -> Evaluator:
    def evaluate(facts: Facts) -> Outcome:
        return combine([part(facts) for part in parts], Outcome.MET)

    return evaluate


def combine(outcomes: list[Outcome], decisive: Outcome) -> Outcome:
    """`decisive` wins outright (NOT_MET for all, MET for any); then unknown, then N/A."""
    for wins in (decisive, Outcome.UNKNOWN, Outcome.NOT_APPLICABLE):
        if wins in outcomes:
            return wins
    return Outcome.MET if decisive is Outcome.NOT_MET else Outcome.NOT_MET
