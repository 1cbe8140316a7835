"""The one place that words what is wrong in a rubric or a partnership file: pydantic's
validation errors (and stagecheck's own, raised by the readers of written values) turned into
located, plain-English problems, with did-you-mean.

Both files are validated by pydantic; this module never decides what is valid. What a model
allows at a place (the keys of a mapping, how to ask for a missing part) it reads from the
model: a rubric's dataclasses are walked field by field, and a partnership file's model, made
from its rubric, says it itself (`keys_at`, `needed_at`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import UnionType
from typing import (
    Annotated,
    Any,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from pydantic_core import ErrorDetails, PydanticCustomError, ValidationError

from stagecheck.core.errors import Problem
from stagecheck.core.loader import Document, locate
from stagecheck.core.words import did_you_mean, dotted, kind, listing, quoted

# What a value in a file may be as the loader gives it (and as a Python caller may): a union
# told apart by the input's type (`answers.by_type`) has a form for each
INPUTS = (str, list, dict, type(None), int, float, bool)
# Steps pydantic adds to a location that a reader never wrote: wrappers, a dict key's own
# check (`[key]`, located at the key), and the tags of the unions that tell an answer's forms
# apart (in angle brackets, which no rubric id or option has; a union told apart by the input's
# type has the type as its tag: "<class 'str'>")
TAGS = frozenset(
    {"<value>", "<detailed>", "<one>", "<list>", "<options>", "<note>", "<described>"}
    | {str(t) for t in INPUTS}
)
_SYNTHETIC = frozenset(
    {"function-after", "function-before", "function-wrap", "tagged-union", "[key]", *TAGS}
)
_UNKNOWN = ("extra_forbidden", "unexpected_keyword_argument")


@dataclass(frozen=True, slots=True)
class Keys:
    """The keys a mapping allows, what they are called in messages (`question`, `group`), and
    what to say of a key that belongs elsewhere (a retired question, another group's)."""

    word: str = "key"
    names: tuple[str, ...] = ()
    elsewhere: Callable[[str], str | None] | None = None


def fail(kind: str, message: str, **context: str) -> PydanticCustomError:
    """An error of stagecheck's own, already worded. (The message goes in last and whole, so
    text the user wrote is never read as a placeholder.)"""
    return PydanticCustomError(kind, "{message}", {**context, "message": message})


def message(error: PydanticCustomError) -> str:
    """The wording of an error raised by `fail`, for callers outside a validation (the
    rubric's conditions, the interview)."""
    return error.message()


def problems(exc: ValidationError, doc: Document, model: Any) -> list[Problem]:
    """One problem per error, sorted by position, each with its path and what to do."""
    return sorted((p for _, _, p in located(exc, doc, model)), key=lambda p: (p.line, p.column))


def located(
    exc: ValidationError, doc: Document, model: Any
) -> list[tuple[ErrorDetails, tuple[Any, ...], Problem]]:
    """Each error with its location as written in the file, and its problem."""
    out = []
    for error in exc.errors(include_url=False):
        raw = error["loc"]
        loc = _as_written(raw, doc.data)
        if error["type"] == "too_short" and _written(loc, doc.data):
            continue  # its items were refused, each with its own error
        at_key = error["type"] in _UNKNOWN or "[key]" in raw
        line, col, depth = locate(doc.root, loc, at_key=at_key)
        said = explain(error, model, loc, doc)
        shown = loc if error["type"] == "missing" else loc[:depth]
        out.append((error, loc, Problem(doc.path, line, col, said, dotted(shown))))
    return out


def explain(error: ErrorDetails, model: Any, loc: tuple[Any, ...], doc: Document) -> str:
    """What is wrong, in a sentence (the path and place are said beside it)."""
    etype, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if etype == "repeated_option":
        line = locate(doc.root, (*loc[:-1], ctx["first"]), at_key=True)[0]
        key, option = quoted(str(error["loc"][-2])), ctx["option"]
        return f"{key} is the option '{option}' again (first given on line {line}); keep one"
    if "message" in ctx:  # stagecheck's own (see `fail`)
        return str(ctx["message"])
    if etype in _UNKNOWN:
        return _unknown(str(error["loc"][-1]), _keys_at(model, loc))
    needed = _needed(model, loc) if etype in ("missing", "too_short") else None
    if etype == "missing" or (etype == "too_short" and needed):
        return needed or f"'{error['loc'][-1]}' is required here; add it"
    if etype == "literal_error":
        options = _literal_options(ctx.get("expected", ""))
        hint = did_you_mean(str(value), options)
        return f"'{value}' is not allowed{hint}; use one of {listing(options)}"
    if etype == "bool_parsing":
        return f"{quoted(str(value))} is not a yes/no answer; write yes or no"
    if etype == "bool_type":
        return f"expected yes or no, found {kind(value)}; write yes or no"
    if etype in ("int_parsing", "int_from_float"):
        return f"{quoted(str(value))} is not a whole number; write a number such as 4"
    if etype == "int_type":
        return f"expected a whole number, found {kind(value)}"
    if etype.startswith("date") or etype.startswith("datetime"):
        return f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2024-09-01"
    if etype == "greater_than_equal":
        return f"{value} is below the minimum of {ctx.get('ge')}; give at least {ctx.get('ge')}"
    if etype == "less_than_equal":
        return f"{value} is above the maximum of {ctx.get('le')}; give at most {ctx.get('le')}"
    if etype in ("string_type", "string_too_short") and value in (None, ""):
        return "is empty; write a value here"
    if etype == "string_type":
        return f"expected text, found {kind(value)}; write plain text here"
    if etype in ("list_type", "tuple_type"):
        return f"expected a list, found {kind(value)}; write it as a list (one '- item' per line)"
    if etype in ("model_type", "dict_type", "model_attributes_type", "dataclass_type"):
        return f"expected a mapping of keys and values, found {kind(value)}"
    if etype == "too_short":
        return "needs at least one entry; add one"
    if etype == "string_pattern_mismatch":
        return f"'{value}' is not a valid id; use lower-case letters, digits and '_'"
    if etype == "value_error":
        return str(ctx.get("error", error["msg"])).rstrip(".")
    return error["msg"][0].lower() + error["msg"][1:]


def _unknown(key: str, keys: Keys) -> str:
    if keys.elsewhere is not None and (said := keys.elsewhere(key)) is not None:
        return said
    known = list(keys.names)
    what = keys.word
    return f"unknown {what} '{key}'{did_you_mean(key, known)}" + (
        f"; the {what}s here are {listing(known)}" if known else "; remove it"
    )


def _as_written(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The location as the file has it: without the steps pydantic adds (`_SYNTHETIC`), unless
    the file has a key of that name there (a key written `"<class 'str'>"` is the user's), and
    without the list index that validation adds to a list written as one value (`evidence: a
    note`)."""
    out = []
    for step in loc:
        if step in _SYNTHETIC and not (isinstance(data, dict) and step in data):
            continue
        if isinstance(step, int) and not isinstance(data, list):
            continue
        out.append(step)
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            data = None
    return tuple(out)


def _written(loc: tuple[Any, ...], data: Any) -> bool:
    """Whether the file has a non-empty list or mapping at `loc` (a location as written)."""
    for step in loc:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:  # a location pydantic made up (e.g. inside a value it rewrote): nothing written
            return False
    return isinstance(data, list | dict) and bool(data)


def _literal_options(expected: str) -> list[str]:
    # pydantic writes "'a', 'b' or 'c'"
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(", ") if part]


# The model of the errors' file is a class to walk field by field (a rubric), or a guide that
# says itself what it allows where (a partnership file's model, made from its rubric), with
# `keys_at(loc) -> Keys` (the mapping at loc) and `needed_at(loc) -> str | None`.


def _keys_at(model: Any, loc: tuple[Any, ...]) -> Keys:
    """What the model says of the mapping that holds the last step of `loc`."""
    if hasattr(model, "keys_at"):
        return model.keys_at(loc[:-1])  # type: ignore[no-any-return]
    return _annotation_keys(model, loc[:-1])


def _needed(model: Any, loc: tuple[Any, ...]) -> str | None:
    if hasattr(model, "needed_at"):
        return model.needed_at(loc)  # type: ignore[no-any-return]
    return None


def _annotation_keys(model: Any, loc: tuple[Any, ...]) -> Keys:
    """The keys of a class's mapping at `loc` (dataclasses, walked field by field)."""
    current: Any = model
    for step in loc:
        current = _descend(current, step)
        if current is None:
            return Keys()
    return Keys(names=tuple(key for key, _ in _fields(_unwrap(current))))


def _fields(annotation: Any) -> tuple[tuple[str, Any], ...]:
    """(key as written, annotation) of a dataclass; () for anything else."""
    return _class_fields(annotation) if isinstance(annotation, type) else ()


@cache
def _class_fields(annotation: type) -> tuple[tuple[str, Any], ...]:
    """Worked out once per class: a file may have thousands of errors."""
    if not dataclasses.is_dataclass(annotation):
        return ()
    hints = get_type_hints(annotation, include_extras=True)
    # `is_` and `in_` are written `is` and `in` (their pydantic alias)
    return tuple((f.name.rstrip("_"), hints[f.name]) for f in dataclasses.fields(annotation))


def _descend(annotation: Any, step: Any) -> Any:
    """The annotation one step down: a field of a dataclass, or the item of a list or tuple."""
    inner = _unwrap(annotation)
    if isinstance(step, int):
        if get_origin(inner) in (list, tuple):
            return get_args(inner)[0]
        return None
    return next((a for key, a in _fields(inner) if key == step), None)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional, leaving the one type a value must have."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(kinds[0]) if len(kinds) == 1 else annotation
    return annotation
