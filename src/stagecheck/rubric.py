"""The rubric format: what a rubric file may say, as pydantic models.

A rubric is data. It names its stages (in order), the questions a partnership file answers, and
its dimensions; each dimension is a row of cells, each cell covering one stage or, where the
source does not tell stages apart, several. A cell's criteria are conditions on the answers,
written as data (no code is ever evaluated). Cross-references between the parts (a criterion's
question, a cell's stages, a citation's source) are checked by `stagecheck.rubric_checks`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from stagecheck.record import Effort

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CriterionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=96)]
RubricId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]
QuestionType = Literal["boolean", "choice", "choices", "integer", "date", "text"]


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


# The loader keeps scalars as text; a format version is compared as a number.
FormatVersion = Annotated[Literal[1], BeforeValidator(_number)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Model):
    """A document the rubric draws on; criteria and advice cite it by id."""

    id: Id
    title: Text
    author: str | None = None
    year: int | None = None
    kind: Text
    file: str | None = Field(None, description="The copy of the document the rubric was read from.")
    url: str | None = None


class Citation(Model):
    """A pointer into a source; written as `id` or `{source: id, where: "section 5.1"}`."""

    source: Id
    where: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"source": value} if isinstance(value, str) else value


class Stage(Model):
    id: Id
    name: Text
    summary: str | None = None


class Group(Model):
    """A heading in the partnership file under which related answers are written."""

    id: Id
    title: Text
    hint: str | None = None


class Option(Model):
    value: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    label: Text


class Question(Model):
    """A fact the partnership file records. Values are checked against `type`."""

    id: Id
    group: Id
    text: Text
    type: QuestionType
    options: list[Option] = []
    minimum: int | None = None
    maximum: int | None = None
    hint: str | None = None


class Test(Model):
    """One question compared with a value; exactly one operator is given.

    Values are written as text and read according to the question's type
    (`is: yes` for a boolean, `at_least: 5` for an integer).
    """

    question: Id
    is_: str | None = Field(None, alias="is")
    in_: list[str] | None = Field(None, alias="in", min_length=1)
    at_least: str | None = None
    at_most: str | None = None
    includes: list[str] | None = Field(None, min_length=1)
    includes_any: list[str] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _one_operator(self) -> Test:
        given = [name for name in OPERATORS if getattr(self, _field(name)) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(OPERATORS)} (found {len(given)})")
        return self

    @property
    def operator(self) -> str:
        return next(name for name in OPERATORS if getattr(self, _field(name)) is not None)

    @property
    def operand(self) -> str | list[str]:
        value: str | list[str] = getattr(self, _field(self.operator))
        return value


OPERATORS = ("is", "in", "at_least", "at_most", "includes", "includes_any")


def _field(operator: str) -> str:
    return operator + "_" if operator in ("is", "in") else operator


class AllOf(Model):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Model):
    any: list[Condition] = Field(min_length=1)


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "all" if "all" in value else "any" if "any" in value else "test"
    return "all" if isinstance(value, AllOf) else "any" if isinstance(value, AnyOf) else "test"


Condition = Annotated[
    Annotated[Test, Tag("test")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")],
    Discriminator(_condition_kind),
]


class Advice(Model):
    """The next step that would meet a criterion."""

    step: Text
    effort: Effort
    owner: Text
    sources: list[Citation] = Field(min_length=1)


class Criterion(Model):
    """An observable fact that a cell requires.

    `if_not_applicable` says what a "not applicable" answer does: `blocks` (the default) keeps
    the stage out of reach, as an unmet criterion would; `skip` leaves the criterion out of the
    stage, for criteria that honestly do not apply to some partnerships.
    """

    id: CriterionId
    text: Text
    when: Condition
    if_not_applicable: Literal["blocks", "skip"] = "blocks"
    sources: list[Citation] = Field(min_length=1)
    advice: Advice


class Cell(Model):
    """One cell of a dimension's row; `stages` lists more than one stage where the source
    merges or repeats cells. Its criteria must be met to reach its first stage, and reaching
    that reaches every stage it spans."""

    stages: list[Id] = Field(min_length=1)
    descriptor: Text
    note: str | None = None
    sources: list[Citation] = Field(min_length=1)
    criteria: list[Criterion] = []


class Dimension(Model):
    id: Id
    name: Text
    cells: list[Cell] = Field(min_length=1)


class Overall(Model):
    """How the dimensions' stages combine into one.

    `weakest`: the highest stage every dimension has reached (how staged maturity models are
    read). `mean`: the stage of the mean maturity index, rounded down.
    """

    rule: Literal["weakest", "mean"] = "weakest"


class Rubric(Model):
    format: FormatVersion
    id: RubricId
    version: Text
    title: Text
    description: str | None = None
    sources: list[Source] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=2)
    groups: list[Group] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    overall: Overall = Overall()
