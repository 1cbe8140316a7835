"""The `answers` section of a partnership file, as pydantic validates it for one rubric.

Each group of the rubric is a mapping whose keys are its questions (`file_model.model`); each
question's answer (`answer_schema`) takes every form an answer is written in, and gives its
`Fact`:

- a plain value: `mou: yes`. For `choices`, one option or a list of them; for `integer`, also
  a lower bound such as `at least 12`;
- a choose-all answer as options mapped to yes, no or unknown: `audiences: {parents: yes}`;
- `{answer: ..., evidence: ...}`, or `{not_applicable: <reason>, evidence: ...}`; each piece of
  evidence a note (asserted) or `{kind: documented, note: ..., link: docs/mou.pdf}` (`Evidence`);
- blank, or left out: unknown (no fact).

Answers are composed from pydantic-core schemas, with no class per group or question. Generating
pydantic classes from annotations is what costs at start-up: for the bundled rubric, a
TypedDict per group took about 40 ms on this project's 2-core machine, and the whole model built
this way takes about 2 ms. Each value is read by the reader of its question's type
(`stagecheck.core.values`). What editors see in the JSON Schema (titles, descriptions, examples)
rides along in each schema's metadata under `JSON`, which `stagecheck.rubric.schema.EditorSchema`
reads. An answer's forms are told apart by the input's type where that is enough, and the
plainest values (`yes`, an option as listed) looked up, not read (`core.schema_parts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from operator import attrgetter
from typing import Any

from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, ValidationError
from pydantic_core import core_schema as cs

from stagecheck.core import values, words
from stagecheck.core.outcome import KINDS, Evidence, Fact
from stagecheck.core.rubric import Question
from stagecheck.core.schema_parts import (
    ANSWER_FORMS,
    SHOWN,
    Reads,
    by_type,
    json_extra,
    present,
)
from stagecheck.core.validation import INPUTS, fail


def _asserted(raw: str) -> Evidence:
    """A piece of evidence written as a note."""
    if values.blank(raw):
        raise fail("note", "each piece of evidence is a note, a document or a link")
    return Evidence(raw)


def _listed(raw: Any) -> Any:
    if raw is None:
        return []
    if isinstance(raw, dict) and not {"kind", "note"} & set(raw):
        said = (
            "expected a note, a mapping of kind, note and link, or a list of them; found a "
            "mapping with neither kind nor note"
        )
        raise fail("evidence", said)
    if isinstance(raw, str | dict):
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


def _what(raw: str) -> str:
    try:
        return values.text(raw)
    except PydanticCustomError:
        raise fail(
            "note", "is empty; say what the evidence is, e.g. the MOU of 2024-09-12"
        ) from None


def _kind(raw: str) -> str:
    return values.option(list(KINDS), raw)


def read_link(raw: str) -> str:
    """A path (relative to the partnership file) or an http(s) URL; never another scheme
    (`javascript:`, `file:`), which a report could be made to follow. A single letter before
    the colon is a Windows drive."""
    link = values.text(raw)
    scheme = _SCHEME.match(link)
    if scheme and len(scheme.group(1)) > 1 and values.folded(scheme.group(1)) not in _WEB:
        raise fail("link", "a link is a path (relative to this file) or an http(s) URL")
    if any(c in link for c in "\r\n\t"):
        raise fail("link", "a link is one line, a path or an http(s) URL")
    if _SIGNED_IN.match(link):
        raise fail(
            "link",
            "a link with a user name or password before '@' would show them in every report; "
            "remove them (https://example.org/...)",
        )
    return link


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_WEB = ("http", "https")
# an address with a user name or password in it (`https://user:secret@host/`): every report
# would show them
_SIGNED_IN = re.compile(r" *(?:[Hh][Tt][Tt][Pp][Ss]?:)?//[^/?#@]*@")
# one line, not blank, and no scheme but http(s) (a single letter is a drive: C:/...)
_LINK_PATTERN = (
    r"^(?=[^\r\n\t]*[^ \r\n\t])(?! *(?:[Hh][Tt][Tt][Pp][Ss]?:)?//[^/?#@]*@)"
    r"(?:(?![A-Za-z][A-Za-z0-9+.-]+:)|[Hh][Tt][Tt][Pp][Ss]?:)[^\r\n\t]*$"
)


def _link_accepted() -> CoreSchema:
    """A link as an editor sees it: text (a plain `2024` is a number to it, a path to us)."""
    return cs.union_schema(
        [cs.str_schema(pattern=_LINK_PATTERN), cs.float_schema(), cs.bool_schema()]
    )


@cache
def _described() -> CoreSchema:
    """A piece of evidence written as `{kind, note, link}`."""
    note = Reads(_what, values.text_accepted).schema()
    kinds = list(KINDS)
    return cs.typed_dict_schema(
        {
            "kind": cs.typed_dict_field(
                Reads(_kind, lambda: values.options_accepted(kinds)).schema(
                    json_extra(description="How strong it is: " + " < ".join(KINDS) + ".")
                )
            ),
            "note": cs.typed_dict_field(
                note, metadata=json_extra(description="What it is, e.g. the MOU of 2024-09-12.")
            ),
            "link": cs.typed_dict_field(
                Reads(read_link, _link_accepted).schema(
                    json_extra(description="A path relative to this file, or an http(s) URL.")
                ),
                required=False,
            ),
        },
        extra_behavior="forbid",
    )


@cache
def _piece() -> CoreSchema:
    """One piece of evidence: a note (asserted), or `{kind, note, link}`."""
    note = Reads(_asserted, values.text_accepted)
    described = cs.no_info_after_validator_function(
        lambda d: Evidence(d["note"], d["kind"], d.get("link")),
        cs.no_info_before_validator_function(present, _described()),
    )
    return by_type({**note.forms(), dict: described})


@cache
def _evidence() -> CoreSchema:
    """Evidence: a note, or `{kind, note, link}`, or a list of them (a list is validated as it
    is; anything else as `_listed` makes it)."""
    one = cs.union_schema([values.text_accepted(), _described()])
    listed = cs.no_info_after_validator_function(tuple, cs.list_schema(_piece()))
    return by_type(
        {
            **dict.fromkeys(INPUTS, cs.no_info_before_validator_function(_listed, listed)),
            list: listed,
        },
        shown=cs.nullable_schema(cs.union_schema([one, cs.list_schema(one)])),
        metadata=json_extra(
            description=(
                "A note (asserted), or {kind, note, link} with kind one of "
                + ", ".join(KINDS)
                + " (or a list of them)."
            )
        ),
    )


@cache
def _reason_schema() -> CoreSchema:
    return Reads(_reason, values.text_accepted, what=None).schema(
        json_extra(description="Why this question does not apply to this partnership.")
    )


def _detailed(raw: dict[str, Any], validate: Callable[[Any], dict[str, Any]]) -> Fact | None:
    """An answer written as `{answer, evidence, not_applicable}`, as its Fact (None when it
    says nothing). An answer and not_applicable both given: that is what to fix, whatever
    the answer (the mapping's other problems are said first)."""
    if raw.get("answer") is not None and "not_applicable" in raw:
        validate({k: v for k, v in raw.items() if k != "answer"})
        raise fail("both", "give either an answer or not_applicable with its reason, not both")
    given = validate(raw)
    items: tuple[Evidence, ...] = given.get("evidence", ())
    evidence = tuple(map(_NOTE, items))
    if "not_applicable" in given:
        return Fact(None, given["not_applicable"], evidence, items=items)
    fact: Fact | None = given.get("answer")
    if fact is None:
        return Fact(None, None, evidence, items=items) if evidence else None
    return Fact(fact.value, None, evidence, fact.open, fact.at_least, items)


_NOTE = attrgetter("note")


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


_ANSWER_KEYS = frozenset(values.ANSWER_KEYS)


def _form_of_mapping(raw: dict[str, Any]) -> str:
    """A choose-all question's mapping: detailed if it has an answer's keys (`detailed_form`)."""
    return "<value>" if _ANSWER_KEYS.isdisjoint(raw) else "<detailed>"


def answer_schema(q: Question) -> CoreSchema:
    """The answer to `q`, in any of its forms, validated into its Fact (None when it says
    nothing: `{answer: }`). A mapping is the detailed form, but for a choose-all question
    (`detailed_form`), which a Python function tells apart; every other form is told by the
    input's type alone (`by_type`)."""
    forms = _plain(q)
    plain = by_type(forms)
    detailed = cs.no_info_wrap_validator_function(
        _detailed,
        cs.typed_dict_schema(
            {
                "answer": cs.typed_dict_field(cs.nullable_schema(plain), required=False),
                "evidence": cs.typed_dict_field(_evidence(), required=False),
                "not_applicable": cs.typed_dict_field(_reason_schema(), required=False),
            },
            extra_behavior="forbid",
            metadata=json_extra(None, **_NOT_BOTH),
        ),
    )
    marked = {ANSWER_FORMS: True}
    if q.type != "choices":
        return by_type({**forms, dict: detailed}, metadata=marked)
    either = cs.tagged_union_schema(
        {"<value>": plain, "<detailed>": detailed},
        discriminator=_form_of_mapping,
    )
    return by_type({**forms, dict: either}, either, marked)


def _plain(q: Question) -> dict[type, CoreSchema]:
    """An answer written plainly, by the type of what is written: one value; for `choices`
    one option, a list of options, or the options mapped to yes/no/unknown. The plainest
    (`yes`, an option as listed) are looked up (`Known`), each to one Fact shared by every
    file (a Fact is frozen)."""
    if q.type == "integer":
        return Reads(partial(_at_least, q), lambda: _number_accepted(q)).forms()
    if q.type != "choices":
        read = values.reader(q)
        return Reads(
            lambda raw: Fact(read(raw)), lambda: values.accepted(q), known=_known_facts(q)
        ).forms()
    options = [o.value for o in q.options]
    known = {o: o for o in options}
    one = Reads(lambda raw: values.option(options, raw), lambda: values.accepted(q), known=known)
    chosen = Reads(
        lambda raw: Fact(frozenset({values.option(options, raw)})),
        lambda: values.accepted(q),
        known={o: Fact(frozenset({o})) for o in options},
    )
    # a list of options is validated into a frozenset (shown to editors as the list it is)
    listed = cs.no_info_after_validator_function(
        Fact,
        cs.frozenset_schema(one.schema()),
        metadata={SHOWN: cs.list_schema(one.schema())},
    )
    return {**chosen.forms(), list: listed, dict: _option_map(q)}


def _known_facts(q: Question) -> dict[str, Fact] | None:
    """The plainest answers to `q` and their Facts: yes and no as written in the examples and
    the README (in lower case, Capitalised or UPPER CASE), each option as listed."""
    if q.type == "boolean":
        words_ = [w for w in values.YES + values.NO for w in (w, w.capitalize(), w.upper())]
        return {w: Fact(values.boolean(w)) for w in words_}
    if q.type == "choice":
        return {o.value: Fact(o.value) for o in q.options}
    return None


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
