"""The partnership file, validated by pydantic: its fixed parts are the dataclasses below; its
`answers` and `expected` sections come from the rubric's groups, questions, stages and
dimensions (`model`, built once per rubric in a process). The same model gives the JSON Schema
that editors use (`stagecheck.rubric.schema`), and `stagecheck.core.validation` words its
errors.

An answer is written plainly, or as a mapping with `answer` and `evidence`, or as
`not_applicable: <reason>`; left blank or left out it is unknown (see `core.answers`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field
from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from stagecheck.core import values, words
from stagecheck.core.answers import Reads, json_extra, present, question_field
from stagecheck.core.errors import InputError
from stagecheck.core.loader import Document
from stagecheck.core.outcome import Fact
from stagecheck.core.rubric import Rubric
from stagecheck.core.validation import Keys, Needed, annotation_keys, annotation_needed, fail

SECTORS = (
    "independent",
    "state",
    "academy",
    "free-school",
    "special",
    "college",
    "university",
    "local-authority",
    "trust",
    "charity",
    "business",
    "other",
)
STRICT = ConfigDict(extra="forbid")

Text = Annotated[str, Reads(values.text, values.text_accepted)]
Date = Annotated[dt.date, Reads(values.date, cs.date_schema)]
Sector = Annotated[
    str,
    Reads(
        lambda raw: values.option(list(SECTORS), raw),
        lambda: values.options_accepted(list(SECTORS)),
    ),
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Partner:
    __pydantic_config__ = STRICT
    name: Annotated[Text, Field(description="The partner's name.")]
    sector: Annotated[Sector, Field(description="The partner's sector.")]
    phase: Annotated[
        Text | None, Field(description="Its phase: primary, secondary, all-through, ...")
    ] = None
    lead_role: Annotated[
        Text | None, Field(description="The role of this partner's lead contact.")
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class About:
    __pydantic_config__ = STRICT
    name: Annotated[Text, Field(description="The partnership's name.")]
    summary: Annotated[
        Text | None, Field(description="What the partnership does, in a sentence or two.")
    ] = None
    started: Annotated[Date | None, Field(description="When the partnership started.")] = None
    partners: Annotated[
        tuple[Annotated[Partner, BeforeValidator(present)], ...],
        Field(min_length=1, description="The schools and organisations in the partnership."),
        Needed("list at least one partner, each with a name and a sector"),
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessed:
    __pydantic_config__ = STRICT
    date: Annotated[Date | None, Field(description="When this assessment was made.")] = None
    by: Annotated[Text | None, Field(description="Who made it (a role is enough).")] = None


@dataclass(frozen=True, slots=True)
class Expected:
    overall: str | None
    dimensions: dict[str, str]


@dataclass(frozen=True, slots=True)
class Partnership:
    """A validated partnership file: what it says about itself, and its answers as facts."""

    about: About
    assessed: Assessed | None
    facts: dict[str, Fact]
    expected: Expected | None


def _format(raw: str) -> str:
    if raw != "1":
        shown = raw if re.fullmatch(r"[0-9.]{1,10}", raw) else words.quoted(raw)
        raise fail(
            "format",
            f"this file is format {shown}; this stagecheck reads format 1: "
            "remove the line or upgrade stagecheck",
        )
    return raw


def _rubric_ref(raw: str) -> str:
    return raw


TOP_KEYS = ("format", "rubric", "partnership", "assessed", "answers", "expected")
EXPECTED_KEYS = ("overall", "dimensions")
NO_PARTNERSHIP = "'partnership' is required: add its name and partners"


def validate(document: Document, rubric: Rubric) -> Partnership:
    """Every problem of the file at once, located, or the validated partnership."""
    from pydantic import ValidationError

    from stagecheck.core import validation

    try:
        data = model(rubric).validator.validate_python(document.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, document, model(rubric))) from None
    about: About = data["partnership"]
    facts = {
        qid: fact
        for group in (data.get("answers") or {}).values()
        for qid, fact in group.items()
        if fact is not None
    }
    for q in rubric.questions:
        if q.derived == "partner_sectors":
            facts[q.id] = Fact(frozenset(p.sector for p in about.partners))
    expected = data.get("expected")
    return Partnership(
        about,
        data.get("assessed"),
        facts,
        None
        if expected is None
        else Expected(expected.get("overall"), dict(expected.get("dimensions") or {})),
    )


@dataclass(frozen=True, eq=False)
class FileModel:
    """The model of a partnership file written for one rubric: its pydantic-core schema, the
    validator built from it, and what it allows where (for the messages: `validation.Guide`)."""

    rubric: Rubric
    schema: cs.CoreSchema
    validator: SchemaValidator

    def keys_at(self, loc: tuple[Any, ...]) -> Keys:
        r = self.rubric
        match loc:
            case ():
                return Keys("key", TOP_KEYS)
            case ("partnership" | "assessed" as part, *rest):
                return annotation_keys(About if part == "partnership" else Assessed, tuple(rest))
            case ("answers",):
                return Keys("group", tuple(g.id for g in r.groups))
            case ("answers", group) if isinstance(group, str):
                return Keys("question", _asked(r, group), _elsewhere(r, group))
            case ("answers", _, _):
                return Keys("key", values.ANSWER_KEYS)
            case ("expected",):
                return Keys("key", EXPECTED_KEYS)
            case ("expected", "dimensions"):
                return Keys("dimension", tuple(d.id for d in r.dimensions))
        return Keys()

    def needed_at(self, loc: tuple[Any, ...]) -> str | None:
        match loc:
            case ("partnership",):
                return NO_PARTNERSHIP
            case ("partnership", *rest):
                return annotation_needed(About, tuple(rest))
        return None


_MODELS: dict[int, FileModel] = {}


def model(rubric: Rubric) -> FileModel:
    """The partnership file's model for `rubric`, built on first use and kept for the process
    (keyed by identity: hashing a rubric would walk all of it)."""
    kept = _MODELS.get(id(rubric))
    if kept is None or kept.rubric is not rubric:
        schema = _file_schema(rubric)
        kept = _MODELS[id(rubric)] = FileModel(rubric, schema, SchemaValidator(schema))
    return kept


def _asked(rubric: Rubric, group: str) -> tuple[str, ...]:
    """The questions a file answers under `group` (a derived question is read, not asked)."""
    return tuple(q.id for q in rubric.questions if q.group == group and not q.derived)


def _mapping(
    fields: dict[str, cs.TypedDictField], metadata: dict[str, Any] | None = None
) -> cs.CoreSchema:
    """A mapping of these keys and no others, its blank values left out."""
    return cs.no_info_before_validator_function(
        present, cs.typed_dict_schema(fields, extra_behavior="forbid", metadata=metadata)
    )


def _optional(schema: cs.CoreSchema, **json: Any) -> cs.TypedDictField:
    return cs.typed_dict_field(
        cs.nullable_schema(schema), required=False, metadata=json_extra(**json)
    )


@cache
def _fixed(annotation: Any) -> cs.CoreSchema:
    """The core schema of a fixed part (a dataclass above), built once in a process."""
    from pydantic import TypeAdapter

    return cs.no_info_before_validator_function(present, TypeAdapter(annotation).core_schema)


def _file_schema(rubric: Rubric) -> cs.CoreSchema:
    """A partnership file for `rubric`: the fixed parts, and the answers and expected stages
    the rubric defines."""
    questions = {q.id: q for q in rubric.questions}
    answers = {
        g.id: _optional(
            _mapping(
                {qid: question_field(questions[qid]) for qid in _asked(rubric, g.id)},
                json_extra(title=g.title, description=g.hint),
            ),
            title=g.title,
        )
        for g in rubric.groups
    }
    stages = [s.id for s in rubric.stages]
    stage = Reads(lambda raw: _stage(stages, raw), lambda: _stages(stages), what=None).schema()
    expected = {
        "overall": _optional(stage, description="The overall stage this file should score."),
        "dimensions": _optional(
            _mapping({d.id: _optional(stage, title=d.name) for d in rubric.dimensions}),
            description="The stage each dimension should score.",
        ),
    }
    top = {
        "format": _optional(
            Reads(_format, lambda: cs.literal_schema([1, "1"]), "the format version 1").schema(),
            description="The partnership file format version.",
        ),
        "rubric": _optional(
            Reads(
                _rubric_ref, _any_text, "a bundled rubric id or a path to a rubric file"
            ).schema(),
            description="The rubric this file is written for: a bundled rubric id or a path.",
        ),
        "partnership": cs.typed_dict_field(
            _fixed(About),
            required=True,
            metadata=json_extra(description="The partnership: its name and its partners."),
        ),
        "assessed": _optional(_fixed(Assessed), description="Who assessed it, and when."),
        "answers": _optional(
            _mapping(answers), description="The answers to the rubric's questions, by group."
        ),
        "expected": _optional(
            _mapping(expected),
            description="The stages this file should score (checked by `stagecheck rubric test`).",
        ),
    }
    title = f"stagecheck partnership file ({rubric.title}, {rubric.id} {rubric.version})"
    return _mapping(top, json_extra(title=title))


def _any_text() -> cs.CoreSchema:
    return cs.union_schema([cs.str_schema(), cs.float_schema(), cs.bool_schema()])


def _stage(stages: list[str], raw: Any) -> str:
    if isinstance(raw, str) and raw in stages:
        return raw
    listed = words.listing(stages)
    if not isinstance(raw, str):
        raise fail("stage", f"expected a stage, found {words.kind(raw)}; use one of {listed}")
    hint = words.did_you_mean(raw, stages)
    raise fail("stage", f"{words.quoted(raw)} is not a stage{hint}; use one of {listed}")


def _stages(stages: list[str]) -> cs.CoreSchema:
    return cs.literal_schema(values.plain_values(stages))


def _elsewhere(rubric: Rubric, group: str) -> Callable[[str], str | None]:
    """What to say of a key in `group` that is not one of its questions, if it is known."""
    questions = {q.id: q for q in rubric.questions}
    retired = {r.id: r for r in rubric.retired}

    def said(key: str) -> str | None:
        q = questions.get(key)
        if q is not None and q.derived:
            return f"'{key}' is read from the partners' sectors, not answered; remove it"
        if q is None and key in retired:
            return (
                f"'{key}' is no longer asked (rubric {rubric.id} {rubric.version}): "
                f"{retired[key].instead}"
            )
        if q is not None:
            return f"'{key}' belongs under '{q.group}', not '{group}'; move it there"
        return None

    return said
