"""The partnership file: its fixed parts, and its answers, whose model is derived from the rubric.

Each question becomes a field of its group's model, typed by the question (yes/no, one option,
several options, a whole number within bounds, a date, text). An answer is written plainly, or
as a mapping with `answer` and `evidence`, or as `not_applicable: <reason>`; left blank or left
out it is unknown. The same models later give the JSON Schema and the templates.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from stagecheck import validation
from stagecheck.errors import InputError
from stagecheck.loader import Document
from stagecheck.outcome import UNKNOWN, Fact
from stagecheck.rubric import FormatVersion, Question, Rubric

Text = Annotated[str, Field(min_length=1)]
Sector = Literal[
    "independent",
    "state",
    "academy",
    "free-school",
    "special",
    "college",
    "university",
    "local-authority",
    "charity",
    "business",
    "other",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Model):
    name: Text
    sector: Sector
    phase: str | None = None
    lead_role: str | None = Field(None, description="The role of this partner's lead contact.")


class About(Model):
    name: Text
    summary: str | None = None
    started: dt.date | None = None
    partners: list[Partner] = Field(min_length=1)


class Assessed(Model):
    date: dt.date | None = None
    by: str | None = None


class AnswerBase(Model):
    """An answer with its evidence, or marked not applicable with the reason."""

    answer: Any = None
    evidence: list[Text] = []
    not_applicable: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"answer": value}

    @field_validator("evidence", mode="before")
    @classmethod
    def _one(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("not_applicable", mode="before")
    @classmethod
    def _reason(cls, value: Any) -> Any:
        if value is None:  # written as `not_applicable:` with nothing after it
            raise ValueError("say why it is not applicable, e.g. `not_applicable: no fee income`")
        return value

    @model_validator(mode="after")
    def _not_both(self) -> AnswerBase:
        if self.answer is not None and self.not_applicable is not None:
            raise ValueError("give either an answer or not_applicable with its reason, not both")
        return self


class PartnershipFile(Model):
    """The fixed part of every partnership file; `answers` and `expected` come from the rubric."""

    format: FormatVersion = Field(1, description="The partnership file format version.")
    rubric: str | None = Field(None, description="The rubric this file was written for.")
    partnership: About
    assessed: Assessed | None = None
    answers: Any = None
    expected: Any = None


def value_type(question: Question) -> Any:
    """The Python type of a question's answer."""
    options = tuple(o.value for o in question.options)
    match question.type:
        case "boolean":
            return bool
        case "choice":
            return Literal[options]
        case "choices":
            return list[Literal[options]]  # type: ignore[valid-type]
        case "integer":
            return Annotated[int, Field(ge=question.minimum, le=question.maximum)]
        case "date":
            return dt.date
        case _:
            return Text


def model_for(rubric: Rubric) -> type[PartnershipFile]:
    """The partnership file model for one rubric (LoadedRubric keeps it, built once)."""
    groups: dict[str, Any] = {}
    for group in rubric.groups:
        fields: dict[str, Any] = {}
        for q in (q for q in rubric.questions if q.group == group.id):
            answer = create_model(
                f"Answer_{q.id}",
                __base__=AnswerBase,
                answer=(value_type(q) | None, Field(None, description=q.text)),
            )
            # prefixed names with the id as alias: an id may not clash with pydantic's own names
            fields["q_" + q.id] = (answer | None, Field(None, alias=q.id, title=q.text))
        groups["g_" + group.id] = (
            create_model(f"Group_{group.id}", __base__=Model, **fields) | None,
            Field(None, alias=group.id, title=group.title, description=group.hint),
        )
    stage: Any = Literal[tuple(s.id for s in rubric.stages)]
    dimension: Any = Literal[tuple(d.id for d in rubric.dimensions)]
    expected = create_model(
        "Expected",
        __base__=Model,
        __doc__="The stages this file is expected to score (checked by `stagecheck rubric test`).",
        overall=(stage | None, None),
        dimensions=(dict[dimension, stage], {}),
    )
    answers = create_model("Answers", __base__=Model, **groups)
    return create_model(
        f"Partnership_{rubric.id.replace('-', '_')}",
        __base__=PartnershipFile,
        answers=(answers, Field(default_factory=answers)),
        expected=(expected | None, None),
    )


def validate(document: Document, model: type[PartnershipFile]) -> PartnershipFile:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, document, model)) from None


def facts(partnership: PartnershipFile, rubric: Rubric) -> dict[str, Fact]:
    """Every question's answer as a Fact; questions not answered are absent (unknown)."""
    out: dict[str, Fact] = {}
    for group in rubric.groups:
        answers = getattr(partnership.answers, "g_" + group.id)
        if answers is None:
            continue
        for name, answer in answers:
            if answer is None:
                continue
            qid = name[2:]
            value = answer.answer
            fact = Fact(
                frozenset(value) if isinstance(value, list) else value,
                answer.not_applicable,
                tuple(answer.evidence),
            )
            if fact != UNKNOWN:
                out[qid] = fact
    return out
