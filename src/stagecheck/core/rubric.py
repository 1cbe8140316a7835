"""The rubric format: what a rubric file may say, as pydantic models.

A rubric is data. It names its stages (in order), the questions a partnership file answers, and
its dimensions; each dimension is a row of cells, each cell covering one stage or, where the
source does not tell stages apart, several. A cell's criteria are conditions on the answers,
written as data (no code is ever evaluated). Cross-references between the parts (a criterion's
question, a cell's stages, a citation's source) are checked by `stagecheck.core.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Literal

if TYPE_CHECKING:
    from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter

    from stagecheck.core.rubric_types import (
        Citations,
        Condition,
        CriterionId,
        FormatVersion,
        Id,
        RubricId,
        Text,
        Written,
    )

Effort = Literal["low", "medium", "high"]
_STAKES = "high: advice to strengthen this row's evidence comes first. Never moves a stage."
_HINT = "The evidence that backs a claim in this row (e.g. the budget), for the advice."
QuestionType = Literal["boolean", "choice", "choices", "integer", "date", "text"]

# Plain frozen dataclasses that pydantic validates (see `adapter`): importing this module builds
# no validator and imports no pydantic, so a run that finds its rubric already compiled never
# pays for either. The annotations are text until `resolve` gives them their pydantic meaning.
STRICT: ConfigDict = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document the rubric draws on; criteria and advice cite it by id."""

    __pydantic_config__ = STRICT
    id: Id
    title: Text
    author: str | None = None
    year: int | None = None
    kind: Text
    file: Annotated[str | None, Field(description="The copy the rubric was read from.")] = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A pointer into a source; written as `id` or `{source: id, where: "section 5.1"}`."""

    __pydantic_config__ = STRICT
    source: Id
    where: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    __pydantic_config__ = STRICT
    id: Id
    name: Text
    summary: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    """A heading in the partnership file under which related answers are written."""

    __pydantic_config__ = STRICT
    id: Id
    title: Text
    hint: str | None = None


# the keys of an answer written with its evidence: an option so named would be ambiguous
ANSWER_KEYS = ("answer", "evidence", "not_applicable")


def _not_an_answer_key(value: str) -> str:
    if value in ANSWER_KEYS:
        raise ValueError(
            f"'{value}' cannot be an option: a partnership file writes answer, evidence and "
            "not_applicable for an answer with its evidence; rename it"
        )
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    __pydantic_config__ = STRICT
    value: Annotated[
        str,
        Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", json_schema_extra={"not": {"enum": ANSWER_KEYS}}),
        AfterValidator(_not_an_answer_key),
    ]
    label: Text
    alone: Annotated[
        bool,
        Field(
            description=(
                "In a `choices` question, an option that cannot be combined with the others "
                '("... only"): the interview refuses it together with another.'
            )
        ),
    ] = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A fact the partnership file records. Values are checked against `type`."""

    __pydantic_config__ = STRICT
    id: Id
    group: Id
    text: Text
    type: QuestionType
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    hint: str | None = None
    derived: Annotated[
        Literal["partner_sectors"] | None,
        Field(
            description=(
                "Read from another part of the file instead of being answered: "
                "`partner_sectors` is the set of the partners' sectors (a `choices` question)."
            )
        ),
    ] = None
    asked_if: Annotated[
        Applies | None,
        Field(
            description=(
                "Ask the question only where an earlier answer leaves it open: the interview "
                "does not ask it where `when` is not met, and records `otherwise` as the reason."
            )
        ),
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Retired:
    """A question an earlier version of the rubric asked: a file that still answers it is
    told, at the answer, what to write instead."""

    __pydantic_config__ = STRICT
    id: Id
    group: Id
    instead: Text


OPERATORS = ("is", "in", "at_least", "at_most", "includes", "includes_any")


@dataclass(frozen=True, slots=True, kw_only=True)
class Test:
    """One question compared with a value; exactly one operator is given.

    Values are written as text and read according to the question's type
    (`is: yes` for a boolean, `at_least: 5` for an integer).
    """

    __pydantic_config__ = STRICT
    question: Id
    is_: Annotated[Written | None, Field(alias="is")] = None
    in_: Annotated[tuple[Written, ...] | None, Field(alias="in", min_length=1)] = None
    at_least: Written | None = None
    at_most: Written | None = None
    includes: Annotated[tuple[Written, ...] | None, Field(min_length=1)] = None
    includes_any: Annotated[tuple[Written, ...] | None, Field(min_length=1)] = None

    @property
    def operator(self) -> str:
        return next(op for op in OPERATORS if getattr(self, operator_field(op)) is not None)

    @property
    def operand(self) -> str | tuple[str, ...]:
        value: str | tuple[str, ...] = getattr(self, operator_field(self.operator))
        return value


def operator_field(operator: str) -> str:
    return operator + "_" if operator in ("is", "in") else operator


@dataclass(frozen=True, slots=True, kw_only=True)
class AllOf:
    __pydantic_config__ = STRICT
    all: Annotated[tuple[Condition, ...], Field(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyOf:
    __pydantic_config__ = STRICT
    any: Annotated[tuple[Condition, ...], Field(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    """The next step that would meet a criterion."""

    __pydantic_config__ = STRICT
    step: Text
    effort: Effort
    owner: Text
    sources: Citations


@dataclass(frozen=True, slots=True, kw_only=True)
class Applies:
    """When a criterion applies at all: where `when` is not met, the criterion is not
    applicable, for the stated reason, and is left out of its stage."""

    __pydantic_config__ = STRICT
    when: Condition
    otherwise: Annotated[Text, Field(description="Why it does not apply, as the report says.")]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """An observable fact: a cell's words (under `criteria`, deciding the stage) or a practice
    from the literature (under `practices`, advising only).

    `if_not_applicable` says what a "not applicable" answer does: `blocks` (the default) keeps
    the stage out of reach, as an unmet criterion would; `skip` leaves the criterion out of the
    stage, for criteria that honestly do not apply to some partnerships. `applies` states when
    that is so, from other answers, so that nobody has to say it.
    """

    __pydantic_config__ = STRICT
    id: CriterionId
    text: Text
    when: Condition
    applies: Applies | None = None
    if_not_applicable: Literal["blocks", "skip"] = "blocks"
    sources: Citations
    advice: Advice


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One cell of a dimension's row; `stages` lists more than one stage where the source
    merges or repeats cells. Its `criteria` restate the cell's words and decide whether it is
    reached; reaching it reaches every stage it spans. Its `practices` come from the literature:
    they advise on reaching or keeping the cell, and never decide a stage."""

    __pydantic_config__ = STRICT
    stages: Annotated[tuple[Id, ...], Field(min_length=1)]
    descriptor: Text
    note: str | None = None
    sources: Citations
    criteria: tuple[Criterion, ...] = ()
    practices: tuple[Criterion, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Dimension:
    __pydantic_config__ = STRICT
    id: Id
    name: Text
    cells: Annotated[tuple[Cell, ...], Field(min_length=1)]
    continuum: Annotated[
        bool,
        Field(
            description=(
                "The row is a continuum: a higher cell met implies the cells below it, so "
                "unanswered lower cells do not hold the dimension down. Set false for a row "
                "whose cells are separate steps."
            )
        ),
    ] = True
    perceived: Annotated[
        bool,
        Field(
            description=(
                "The row is defined by how the partners see the partnership (balance of the "
                "relationship): when several respondents are combined, its perspective gaps "
                "are called out first."
            )
        ),
    ] = False
    stakes: Annotated[Literal["high", "normal"], Field(description=_STAKES)] = "normal"
    evidence_hint: Annotated[Text | None, Field(description=_HINT)] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OverallRule:
    """How the dimensions' stages combine into one.

    `weakest`: the highest stage every deciding dimension has reached (how staged maturity
    models are read). `mean`: the stage of the deciding dimensions' mean index, rounded down.
    `dimensions` names the dimensions that decide it (all of them when not given); the others
    form a profile that is read beside the stage and never moves it.
    """

    __pydantic_config__ = STRICT
    rule: Literal["weakest", "mean"] = "weakest"
    dimensions: Annotated[
        tuple[Id, ...] | None,
        Field(
            min_length=1,
            description=(
                "The dimensions that decide the overall stage (default: all). The others are "
                "read beside the stage, as a profile: they are scored and shown apart, and "
                "never move the overall stage."
            ),
        ),
    ] = None

    def decides(self, dimension: str) -> bool:
        """Whether a dimension decides the overall stage (or is read beside it)."""
        return self.dimensions is None or dimension in self.dimensions


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeNote:
    """One entry of the rubric's changelog: what changed in `version`, and why.

    `stagecheck rubric diff --fail-on-change` accepts a change whose new version is declared
    here."""

    __pydantic_config__ = STRICT
    version: Text
    summary: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Rubric:
    __pydantic_config__ = STRICT
    format: FormatVersion
    id: RubricId
    version: Text
    title: Text
    description: str | None = None
    table: Annotated[
        Id | None,
        Field(
            description=(
                "The source whose cells decide the stage: every cell and every cell criterion "
                "must cite it; anything else belongs under `practices`."
            )
        ),
    ] = None
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    stages: Annotated[tuple[Stage, ...], Field(min_length=2)]
    groups: Annotated[tuple[Group, ...], Field(min_length=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=1)]
    retired: tuple[Retired, ...] = ()
    overall: OverallRule = OverallRule()
    combine: Annotated[
        Literal["lowest", "median"],
        Field(
            description=(
                "How several respondents' stages of a dimension combine (`assess --combine`): "
                "`lowest`, the stage every respondent sees; `median`, the middle respondent's "
                "stage (the lower middle for an even count)."
            )
        ),
    ] = "lowest"
    changes: tuple[ChangeNote, ...] = ()


@cache
def resolve() -> None:
    """Give the dataclasses' annotations their pydantic meaning: put the constrained types and
    pydantic's markers (`rubric_types`) into this module, where pydantic and `get_type_hints`
    read them. Called before anything reads the annotations (the validator, the schema)."""
    from stagecheck.core import rubric_types

    globals().update({name: getattr(rubric_types, name) for name in rubric_types.__all__})


@cache
def adapter() -> TypeAdapter[Rubric]:
    """The validator of the rubric format, built on first use."""
    from pydantic import TypeAdapter

    resolve()
    return TypeAdapter(Rubric)
