"""The model of a partnership file, built once per rubric in a process (`model`) with
pydantic-core: from the fixed parts below (`ABOUT`, `PARTNER`, `ASSESSED`, each key with its
reader, validated into the dataclasses of `stagecheck.core.partnership`) and from the rubric's
groups, questions, stages and dimensions (`answers`, `expected`). The same model gives the JSON
Schema editors use (`stagecheck.rubric.schema`), and says what it allows where for the messages
(`FileModel.keys_at`, `needed_at`).

The model is composed from pydantic-core schemas rather than generated from annotated classes:
generating the classes cost 4 ms a run for the fixed parts and 40 ms for the bundled rubric's
answers (TypedDicts), where the whole model costs about 2 ms to build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from stagecheck.core import respondents, values, words
from stagecheck.core import targets as targeted
from stagecheck.core.answers import question_field
from stagecheck.core.rubric import Rubric
from stagecheck.core.schema_parts import ANSWER_FORMS, Reads, json_extra, present
from stagecheck.core.validation import Keys, fail


@dataclass(frozen=True, slots=True)
class Part:
    """One key of a fixed part of the file: how its value is read, whether it must be given,
    and what editors are told of it."""

    schema: Callable[[], cs.CoreSchema]
    description: str
    required: bool = False


def _text() -> cs.CoreSchema:
    return Reads(values.text, values.text_accepted).schema()


def _date() -> cs.CoreSchema:
    return Reads(values.date, cs.date_schema).schema()


def _sector() -> cs.CoreSchema:
    from stagecheck.core.partnership import SECTORS

    sectors = list(SECTORS)
    return Reads(
        lambda raw: values.option(sectors, raw),
        lambda: values.options_accepted(sectors),
        known={s: s for s in sectors},
    ).schema()


PARTNER = {
    "name": Part(_text, "The partner's name.", required=True),
    "sector": Part(_sector, "The partner's sector.", required=True),
    "phase": Part(_text, "Its phase: primary, secondary, all-through, ..."),
    "lead_role": Part(_text, "The role of this partner's lead contact."),
}
NO_PARTNERS = "list at least one partner, each with a name and a sector"


def _partners() -> cs.CoreSchema:
    from stagecheck.core.partnership import Partner

    return cs.no_info_after_validator_function(
        tuple, cs.list_schema(_section(Partner, PARTNER), min_length=1)
    )


ABOUT = {
    "id": Part(
        respondents.id_schema,
        "An id shared by every file of this partnership (one file per respondent); "
        "without it, the partnership's name identifies it.",
    ),
    "name": Part(_text, "The partnership's name.", required=True),
    "summary": Part(_text, "What the partnership does, in a sentence or two."),
    "started": Part(_date, "When the partnership started."),
    "partners": Part(_partners, "The schools and organisations in the partnership.", True),
}
RESPONDENT = {
    "name": Part(_text, "The respondent's name.", required=True),
    "role": Part(_text, "Their role (Head of Science, partnership co-ordinator, ...)."),
    "organisation": Part(_text, "The partner they belong to (its name as under partners)."),
}
ASSESSED = {
    "date": Part(_date, "When this assessment was made."),
    "by": Part(_text, "Who made it (a role is enough)."),
}


def _section(made: Callable[..., Any], parts: dict[str, Part]) -> cs.CoreSchema:
    """A fixed part of the file, validated into `made` (a dataclass above)."""
    fields = {
        key: cs.typed_dict_field(
            part.schema() if part.required else cs.nullable_schema(part.schema()),
            required=part.required,
            metadata=json_extra(description=part.description),
        )
        for key, part in parts.items()
    }
    return cs.no_info_after_validator_function(lambda given: made(**given), _mapping(fields))


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


NO_PARTNERSHIP = "'partnership' is required: add its name and partners"


@dataclass(frozen=True, eq=False)
class FileModel:
    """The model of a partnership file written for one rubric: its pydantic-core schema, the
    validator built from it, and what it allows where, for the messages (`keys_at`,
    `needed_at`: see `stagecheck.core.validation`)."""

    rubric: Rubric
    schema: cs.CoreSchema
    validator: SchemaValidator
    derived: tuple[str, ...] = ()  # the questions read from the partners' sectors

    def keys_at(self, loc: tuple[Any, ...]) -> Keys:
        """The keys the mapping at `loc` allows (read from the schema), and what they are."""
        names = _keys_of(self.schema, loc)
        match loc:
            case ("answers",):
                return Keys("group", names)
            case ("answers", group) if isinstance(group, str):
                return Keys("question", names, _elsewhere(self.rubric, group))
            case ("expected", "dimensions") | ("targets",):
                return Keys("dimension", names)
        return Keys("key", names)

    def needed_at(self, loc: tuple[Any, ...]) -> str | None:
        match loc:
            case ("partnership",):
                return NO_PARTNERSHIP
            case ("partnership", "partners"):
                return NO_PARTNERS
        return None


_WRAPPERS = ("function-before", "function-after", "function-wrap", "nullable", "default")


def _keys_of(schema: Any, loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The keys of the mapping at `loc` in a schema built here (() if there is none): lists
    are stepped into by index, an answer's forms to its `{answer, evidence}` form."""
    for step in (*loc, None):
        while schema["type"] in _WRAPPERS or schema["type"] == "tagged-union":
            if schema["type"] == "tagged-union":
                choices = schema["choices"]
                if (schema.get("metadata") or {}).get(ANSWER_FORMS):  # see `answers.by_type`
                    schema = choices[dict]
                else:
                    schema = choices.get("<detailed>", {"type": "any"})
            else:
                schema = schema["schema"]
        if step is None:
            break
        if schema["type"] == "list" and isinstance(step, int):
            schema = schema["items_schema"]
        elif schema["type"] == "typed-dict" and step in schema["fields"]:
            schema = schema["fields"][step]["schema"]
        else:
            return ()
    return tuple(schema["fields"]) if schema["type"] == "typed-dict" else ()


_MODELS: dict[int, FileModel] = {}


def model(rubric: Rubric) -> FileModel:
    """The partnership file's model for `rubric`, built on first use and kept for the process
    (keyed by identity: hashing a rubric would walk all of it)."""
    kept = _MODELS.get(id(rubric))
    if kept is None or kept.rubric is not rubric:
        schema = _file_schema(rubric)
        derived = tuple(q.id for q in rubric.questions if q.derived == "partner_sectors")
        kept = FileModel(rubric, schema, SchemaValidator(schema), derived)
        _MODELS[id(rubric)] = kept
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


def _file_schema(rubric: Rubric) -> cs.CoreSchema:
    """A partnership file for `rubric`: the fixed parts, and the answers and expected stages
    the rubric defines."""
    from stagecheck.core.partnership import About, Assessed, Respondent

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
            _section(About, ABOUT),
            required=True,
            metadata=json_extra(description="The partnership: its name and its partners."),
        ),
        "assessed": _optional(
            _section(Assessed, ASSESSED), description="Who assessed it, and when."
        ),
        "respondent": _optional(
            _section(Respondent, RESPONDENT),
            description="Who answered this file, where each partner answers in a file of "
            "their own (`stagecheck assess --combine`).",
        ),
        "answers": _optional(
            _mapping(answers), description="The answers to the rubric's questions, by group."
        ),
        "expected": _optional(
            _mapping(expected),
            description="The stages this file should score (checked by `stagecheck rubric test`).",
        ),
        "targets": _optional(
            _mapping(
                {d.id: _optional(targeted.schema(rubric), title=d.name) for d in rubric.dimensions}
            ),
            description="A stage to reach by a date, per dimension: 'regional by 2027-07'.",
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
