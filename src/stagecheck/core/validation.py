"""Turning pydantic's validation errors into located, plain-English problems."""

from __future__ import annotations

import dataclasses
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from stagecheck.core.errors import Problem
from stagecheck.core.loader import Document, locate
from stagecheck.core.words import did_you_mean, dotted, kind, listing

# pydantic adds these steps to a location for unions and wrappers; a reader never wrote them
_SYNTHETIC = {"function-after", "function-before", "function-wrap", "tagged-union"}


def problems(exc: ValidationError, doc: Document, model: Any) -> list[Problem]:
    """One problem per error, sorted by position, each with its path and what to do."""
    return sorted((p for _, _, p in located(exc, doc, model)), key=lambda p: (p.line, p.column))


def located(
    exc: ValidationError, doc: Document, model: Any
) -> list[tuple[ErrorDetails, tuple[Any, ...], Problem]]:
    """Each error with its location as written in the file, and its problem."""
    out = []
    for error in exc.errors(include_url=False):
        loc = _as_written(tuple(s for s in error["loc"] if str(s) not in _SYNTHETIC), doc.data)
        unknown = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
        line, col, depth = locate(doc.root, loc, at_key=unknown)
        message = explain(error, _keys_at(model, loc))
        shown = loc if error["type"].startswith("missing") else loc[:depth]
        out.append((error, loc, Problem(doc.path, line, col, message, dotted(shown))))
    return out


def explain(error: ErrorDetails, known_keys: list[str]) -> str:
    etype, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if etype in ("extra_forbidden", "unexpected_keyword_argument"):
        key = str(error["loc"][-1])
        return f"unknown key '{key}'{did_you_mean(key, known_keys)}" + (
            f"; the keys here are {listing(known_keys)}" if known_keys else "; remove it"
        )
    if etype in ("missing", "missing_keyword_argument"):
        return f"'{error['loc'][-1]}' is required here; add it"
    if etype == "literal_error":
        options = _literal_options(ctx.get("expected", ""))
        hint = did_you_mean(str(value), options)
        return f"'{value}' is not allowed{hint}; use one of {listing(options)}"
    if etype in {"bool_parsing", "bool_type"}:
        if not isinstance(value, str):  # nothing, a list, a mapping: say what it is
            return f"expected yes or no, found {kind(value)}; write yes or no"
        return f"'{value}' is not a yes/no answer; write yes or no"
    if etype in ("int_parsing", "int_type", "int_from_float"):
        return f"'{value}' is not a whole number; write a number such as 4"
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
    if etype in ("list_type", "tuple_type", "set_type"):
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


def _as_written(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop the `answer` step that pydantic adds to an answer written plainly."""
    out = []
    for step in loc:
        if step == "answer" and not isinstance(data, dict):
            continue
        out.append(step)
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            data = None
    return tuple(out)


def _literal_options(expected: str) -> list[str]:
    # pydantic writes "'a', 'b' or 'c'"
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(", ") if part]


def _keys_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at the mapping that holds the last step of `loc`."""
    current: Any = model
    for step in loc[:-1]:
        current = _descend(current, step)
        if current is None:
            return []
    return [key for key, _ in _fields(current)]


def _fields(annotation: Any) -> list[tuple[str, Any]]:
    """(key as written, annotation) of a pydantic model or a dataclass; [] for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(f.alias or n, f.annotation) for n, f in annotation.model_fields.items()]
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        hints = get_type_hints(annotation, include_extras=True)
        # `is_` and `in_` are written `is` and `in` (their pydantic alias)
        return [(f.name.rstrip("_"), hints[f.name]) for f in dataclasses.fields(annotation)]
    return []


def _descend(annotation: Any, step: Any) -> Any:
    """The annotation one step down: a field of a model, or the item of a list or tuple."""
    annotation = _unwrap(annotation)
    if isinstance(step, int):
        if get_origin(annotation) in (list, tuple):
            return _unwrap(get_args(annotation)[0])
        return None
    return next((_unwrap(a) for key, a in _fields(annotation) if key == step), None)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional, leaving the one type a value must have."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(kinds[0]) if len(kinds) == 1 else annotation
    return annotation
