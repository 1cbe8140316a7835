"""The `answers` section of a partnership file, as pydantic validates it for one rubric.

Each group of the rubric is a mapping whose keys are its questions (`partnership.model`); each
question's answer (`answer_schema`) takes every form an answer is written in, and gives its
`Fact`:

- a plain value: `mou: yes`. For `choices`, one option or a list of them; for `integer`, also
  a lower bound such as `at least 12`;
- a choose-all answer as options mapped to yes, no or unknown: `audiences: {parents: yes}`;
- `{answer: ..., evidence: ...}`, or `{not_applicable: <reason>, evidence: ...}`;
- blank, or left out: unknown (no fact).

Answers are composed from pydantic-core schemas, with no class per group or question. Generating
pydantic classes from annotations is what costs at start-up: for the bundled rubric, a
TypedDict per group took about 40 ms on this project's 2-core machine, and the whole model built
this way takes about 2 ms. Each value is read by the reader of its question's type
(`stagecheck.core.values`). What editors see in the JSON Schema (titles, descriptions, examples)
rides along in each schema's metadata under `JSON`, which `stagecheck.rubric.schema.EditorSchema`
reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, ValidationError
from pydantic_core import core_schema as cs

from stagecheck.core import values, words
from stagecheck.core.outcome import Fact
from stagecheck.core.rubric import Question
from stagecheck.core.validation import fail


@dataclass(frozen=True, eq=False)
class Reads:
    """A value read from the text written by `reader` (anything but text is refused: `what`
    was expected; with `what` None, the reader takes anything); `accepted` says what an editor
    may write there, for the JSON Schema."""

    reader: Callable[[Any], Any]
    accepted: Callable[[], CoreSchema]
    what: str | None = "a single value"

    def read(self, raw: Any) -> Any:
        if self.what is not None and not isinstance(raw, str):
            raise fail("single_value", f"expected {self.what}, found {words.kind(raw)}")
        return self.reader(raw)

    def schema(self, metadata: dict[str, Any] | None = None) -> CoreSchema:
        return cs.no_info_plain_validator_function(
            self.read, json_schema_input_schema=self.accepted(), metadata=metadata
        )


def present(value: Any) -> Any:
    """A mapping without its blank values: a key left blank is a key left out."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value


def _note(raw: str) -> str:
    try:
        return values.text(raw)
    except PydanticCustomError:
        raise fail("note", "each piece of evidence is a note, a document or a link") from None


def _listed(raw: Any) -> Any:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list):
        said = f"expected a note or a list of notes and links, found {words.kind(raw)}"
        raise fail("evidence", said)
    return raw


def _reason(raw: Any) -> str:
    if isinstance(raw, str):
        try:
            return values.text(raw)
        except PydanticCustomError:
            pass
    raise fail("reason", "say why it is not applicable, e.g. `not_applicable: no fee income`")


@cache
def _evidence() -> CoreSchema:
    """Evidence: a note, or a list of notes (documents, links)."""
    note = Reads(_note, values.text_accepted).schema()
    written = cs.union_schema([values.text_accepted(), cs.list_schema(values.text_accepted())])
    return cs.no_info_before_validator_function(
        _listed,
        cs.no_info_after_validator_function(tuple, cs.list_schema(note)),
        json_schema_input_schema=cs.nullable_schema(written),
        metadata=json_extra(description="A note, a document or a link (or a list of them)."),
    )


@cache
def _reason_schema() -> CoreSchema:
    return Reads(_reason, values.text_accepted, what=None).schema(
        json_extra(description="Why this question does not apply to this partnership.")
    )


def _either(raw: Any, validate: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """An answer and not_applicable both given: that is what to fix, whatever the answer."""
    if isinstance(raw, dict) and raw.get("answer") is not None and "not_applicable" in raw:
        validate({k: v for k, v in raw.items() if k != "answer"})  # its other problems first
        raise fail("both", "give either an answer or not_applicable with its reason, not both")
    return validate(raw)


def _detailed(given: dict[str, Any]) -> Fact | None:
    evidence = tuple(given.get("evidence", ()))
    if "not_applicable" in given:
        return Fact(None, given["not_applicable"], evidence)
    fact: Fact | None = given.get("answer")
    if fact is None:
        return Fact(None, None, evidence) if evidence else None
    return replace(fact, evidence=evidence)


def detailed_form(q: Question, raw: Any) -> bool:
    """A mapping is `{answer, evidence, not_applicable}`, but for a choose-all question whose
    keys are none of these: its options mapped to yes/no/unknown. (The rubric format refuses
    an option named like one of them, so the two cannot be confused.)"""
    if not isinstance(raw, dict):
        return False
    return q.type != "choices" or any(k in values.ANSWER_KEYS for k in raw)


# an answer and not_applicable are not both given (an answer left blank is not given)
_NOT_BOTH: dict[str, Any] = {
    "not": {
        "required": ["answer", "not_applicable"],
        "properties": {"answer": {"not": {"type": "null"}}},
    }
}


def answer_schema(q: Question) -> CoreSchema:
    """The answer to `q`, in any of its forms, validated into its Fact (None when it says
    nothing: `{answer: }`)."""
    plain = _plain(q)
    detailed = cs.typed_dict_schema(
        {
            "answer": cs.typed_dict_field(cs.nullable_schema(plain), required=False),
            "evidence": cs.typed_dict_field(_evidence(), required=False),
            "not_applicable": cs.typed_dict_field(_reason_schema(), required=False),
        },
        extra_behavior="forbid",
        metadata=json_extra(None, **_NOT_BOTH),
    )
    return cs.tagged_union_schema(
        {
            "<value>": plain,
            "<detailed>": cs.no_info_after_validator_function(
                _detailed, cs.no_info_wrap_validator_function(_either, detailed)
            ),
        },
        discriminator=lambda raw: "<detailed>" if detailed_form(q, raw) else "<value>",
    )


def _plain(q: Question) -> CoreSchema:
    """An answer written plainly: one value; for `choices` one option, a list of options, or
    the options mapped to yes/no/unknown."""
    if q.type == "integer":
        return Reads(lambda raw: _at_least(q, raw), lambda: _number_accepted(q)).schema()
    if q.type != "choices":
        read = values.reader(q)
        return Reads(lambda raw: Fact(read(raw)), lambda: values.accepted(q)).schema()
    options = [o.value for o in q.options]
    one = Reads(lambda raw: values.option(options, raw), lambda: values.accepted(q)).schema()
    return cs.tagged_union_schema(
        {
            "<one>": cs.no_info_after_validator_function(lambda o: Fact(frozenset({o})), one),
            "<list>": cs.no_info_after_validator_function(
                lambda chosen: Fact(frozenset(chosen)), cs.list_schema(one)
            ),
            "<options>": _option_map(q),
        },
        discriminator=lambda raw: (
            "<list>" if isinstance(raw, list) else "<options>" if isinstance(raw, dict) else "<one>"
        ),
    )


def _at_least(q: Question, raw: str) -> Fact:
    number, at_least = values.number(q, raw, bounds=True)
    return Fact(number, at_least=at_least)


def _number_accepted(q: Question) -> CoreSchema:
    return cs.union_schema([values.accepted(q), values.bound_accepted()])


def _option_map(q: Question) -> CoreSchema:
    """A choose-all answer written as its options, each yes, no or unknown; an option left out
    is not known either way."""
    options = [o.value for o in q.options]
    key = cs.no_info_plain_validator_function(
        lambda raw: values.option(options, raw),
        json_schema_input_schema=values.options_accepted(options),
    )
    said = cs.no_info_plain_validator_function(
        values.said, json_schema_input_schema=values.said_accepted()
    )

    def fact(raw: Any, validate: Callable[[Any], dict[str, bool | None]]) -> Fact:
        if isinstance(raw, dict):
            _no_option_twice(options, raw)
        given = validate(raw)
        known = {o for o, yes in given.items() if yes is not None}
        confirmed = frozenset(o for o in known if given[o])
        return Fact(confirmed, open=frozenset(options) - known)

    def named(schema: dict[str, Any]) -> dict[str, Any]:
        # each option named, so that editors offer them (any case is allowed, as the reader
        # allows it: `propertyNames`)
        said = schema.get("additionalProperties", {})
        return {**schema, "properties": dict.fromkeys(options, said)}

    return cs.no_info_wrap_validator_function(
        fact,
        cs.dict_schema(keys_schema=key, values_schema=said),
        metadata=json_extra(
            named, description="Each option: yes, no or unknown; an option left out is unknown."
        ),
    )


def _no_option_twice(options: list[str], raw: dict[Any, Any]) -> None:
    """The same option written twice (`Parents:` and `parents:`) is refused: the two answers
    may disagree, and neither may silently win."""
    first: dict[str, str] = {}
    errors = []
    for key in raw:
        try:
            option = values.option(options, str(key))
        except PydanticCustomError:
            continue
        if option not in first:
            first[option] = str(key)
            continue
        said = f"{words.quoted(str(key))} is the option '{option}' again; keep one"
        error = fail("repeated_option", said, option=option, first=first[option])
        errors.append(InitErrorDetails(type=error, loc=(key, "[key]"), input=key))
    if errors:
        raise ValidationError.from_exception_data("answer", errors)


JSON = "stagecheck_json"


def json_extra(
    change: Callable[[dict[str, Any]], dict[str, Any]] | None = None, **keys: Any
) -> dict[str, Any]:
    """Metadata for a core schema: what its JSON Schema adds for editors (keys such as
    `title`, `description`, `examples`; `change` rewrites it further)."""
    return {JSON: (change, {k: v for k, v in keys.items() if v is not None})}


def question_field(q: Question) -> cs.TypedDictField:
    """One question's field in its group: its answer, or blank."""
    text = q.text
    if q.options:
        text += " One of: " + "; ".join(f"{o.value} ({o.label})" for o in q.options) + "."
    if q.hint:
        text += " " + q.hint
    return cs.typed_dict_field(
        cs.nullable_schema(answer_schema(q)),
        required=False,
        metadata=json_extra(title=q.text, description=text, examples=_examples(q) or None),
    )


def _examples(q: Question) -> list[Any]:
    match q.type:
        case "boolean":
            return ["yes", "no"]
        case "choice":
            return [q.options[0].value] if q.options else []
        case "choices":
            return [[o.value for o in q.options[:2]]]
        case "integer":
            n = min(max(q.minimum or 0, 4), q.maximum if q.maximum is not None else 4)
            return [n, f"at least {n}"]
        case "date":
            return ["2024-09-01"]
        case _:
            return []
