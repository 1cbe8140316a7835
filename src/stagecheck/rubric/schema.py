"""JSON Schema for partnership files, derived from the same field specs and rubric questions the
reader uses (`stagecheck.core.partnership`), so editors and stagecheck agree on what a file may say.

Schemas describe the file as a YAML 1.2 editor sees it (yaml-language-server): `true`/`false`
are booleans and `yes`/`no` strings, dates are strings, numbers are numbers.
"""

from __future__ import annotations

from typing import Any

from stagecheck.core.partnership import ABOUT, ASSESSED, PARTNER
from stagecheck.core.rubric import Question, Rubric
from stagecheck.core.values import AT_LEAST_PATTERN, UNSURE, YES_NO_WORDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
UNSURE_WORDS = sorted(w for w in UNSURE if w)
Schema = dict[str, Any]


def value_schema(q: Question) -> Schema:
    """What one answer's value may be, by the question's type."""
    options = [o.value for o in q.options]
    match q.type:
        case "boolean":
            return {"anyOf": [{"type": "boolean"}, {"enum": YES_NO_WORDS}]}
        case "choice":
            return {"enum": options}
        case "choices":
            item = {"enum": options}
            known = {"anyOf": [{"type": "boolean"}, {"enum": [*YES_NO_WORDS, *UNSURE_WORDS]}]}
            partly = {
                "description": "Each option: yes, no or unknown; an option left out is unknown.",
                "type": "object",
                "additionalProperties": False,
                "properties": {o: {"anyOf": [known, {"type": "null"}]} for o in options},
            }
            return {"anyOf": [item, {"type": "array", "items": item, "uniqueItems": True}, partly]}
        case "integer":
            number: Schema = {"type": "integer"}
            if q.minimum is not None:
                number["minimum"] = q.minimum
            if q.maximum is not None:
                number["maximum"] = q.maximum
            bound = {
                "description": 'A lower bound when the exact number is not known: "at least 12".',
                "type": "string",
                "pattern": AT_LEAST_PATTERN,
            }
            return {"anyOf": [number, bound]}
        case "date":
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        case _:
            return {"type": "string", "minLength": 1}


def _described(q: Question) -> Schema:
    text = q.text
    if q.options:
        text += " One of: " + "; ".join(f"{o.value} ({o.label})" for o in q.options) + "."
    if q.hint:
        text += " " + q.hint
    return {"title": q.text, "description": text}


def _answer(q: Question) -> Schema:
    value = value_schema(q)
    detailed = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "answer": {"anyOf": [value, {"type": "null"}]},
            "evidence": {
                "description": "A note, a document or a link (or a list of them).",
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "minLength": 1}},
                ],
            },
            "not_applicable": {
                "type": "string",
                "minLength": 1,
                "description": "Why this question does not apply to this partnership.",
            },
        },
        "not": {"required": ["answer", "not_applicable"]},
    }
    return {**_described(q), "anyOf": [value, {"type": "null"}, detailed]}


def _fields(spec: dict[str, Question], required: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": {key: {**_described(q), **value_schema(q)} for key, q in spec.items()},
    }


def partnership_schema(rubric: Rubric) -> Schema:
    """The JSON Schema of a partnership file written for `rubric`."""
    stages = {"enum": [s.id for s in rubric.stages]}
    about = _fields(ABOUT, ("name", "partners"))
    about["properties"]["partners"] = {
        "description": "The schools and organisations in the partnership.",
        "type": "array",
        "minItems": 1,
        "items": _fields(PARTNER, ("name", "sector")),
    }
    groups = {
        g.id: {
            "title": g.title,
            **({"description": g.hint} if g.hint else {}),
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                q.id: _answer(q) for q in rubric.questions if q.group == g.id and not q.derived
            },
        }
        for g in rubric.groups
    }
    return {
        "$schema": DIALECT,
        "title": f"stagecheck partnership file ({rubric.title}, {rubric.id} {rubric.version})",
        "type": "object",
        "additionalProperties": False,
        "required": ["partnership"],
        "properties": {
            "format": {"const": 1, "description": "The partnership file format version."},
            "rubric": {"type": "string", "description": "The rubric this file is written for."},
            "partnership": about,
            "assessed": _fields(ASSESSED),
            "answers": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": groups,
            },
            "expected": {
                "description": "The stages this file should score (checked by the tests).",
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "overall": stages,
                    "dimensions": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {d.id: stages for d in rubric.dimensions},
                    },
                },
            },
        },
    }


def rubric_schema() -> Schema:
    """The JSON Schema of a rubric file, from the rubric format's models."""
    from stagecheck.core.rubric import adapter

    schema = adapter().json_schema(by_alias=True)
    return {"$schema": DIALECT, "title": "stagecheck rubric file", **schema}
