"""JSON Schemas for editors: of partnership files (for a rubric) and of rubric files, each
derived from the pydantic model stagecheck validates the file with, so that editors and
stagecheck agree on what a file may say.

Schemas describe the file as a YAML 1.2 editor sees it (yaml-language-server): `true`/`false`
are booleans and `yes`/`no` strings, dates are strings, numbers are numbers. Where a schema
cannot say exactly what stagecheck accepts, the difference is listed in
docs/partnership-format.md ("The JSON Schema").
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema as cs

from stagecheck.core.rubric import Rubric
from stagecheck.core.schema_parts import JSON, SHOWN
from stagecheck.core.values import DATE_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


class EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, as an editor needs it for a partnership file: with the titles,
    descriptions and examples the model carries for editors (`answers.json_extra`)."""

    def generate_inner(self, schema: Any) -> JsonSchemaValue:
        metadata = schema.get("metadata") or {}
        shown = metadata.get(SHOWN)
        found = super().generate_inner(schema) if shown is None else self.generate_inner(shown)
        extra = metadata.get(JSON)
        if extra is None:
            return found
        change, keys = extra
        found = {**keys, **found} if "$ref" not in found else {**keys, "allOf": [found]}
        return change(found) if change is not None else found

    def tagged_union_schema(self, schema: cs.TaggedUnionSchema) -> JsonSchemaValue:
        # an answer's forms are told apart by their shape, and may overlap as JSON (`{}` is
        # an empty option mapping and an empty `{answer, evidence}`): anyOf, not oneOf
        # (`answers.by_type`: forms for several types may be one form as JSON, shown once)
        found = super().tagged_union_schema(schema)
        forms = found.pop("oneOf", None)
        found.pop("discriminator", None)
        if forms is None:
            return found
        distinct = [f for i, f in enumerate(forms) if f not in forms[:i]]
        return {**distinct[0], **found} if len(distinct) == 1 else {"anyOf": distinct, **found}

    def date_schema(self, schema: cs.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # titles are given where they say something (a question's text)


def partnership_schema(rubric: Rubric) -> Schema:
    """The JSON Schema of a partnership file written for `rubric`."""
    from stagecheck.core.file_model import model

    return {"$schema": DIALECT, **EditorSchema().generate(model(rubric).schema)}


def rubric_schema() -> Schema:
    """The JSON Schema of a rubric file, from the rubric format's models."""
    from stagecheck.core.rubric import adapter

    schema = adapter().json_schema(by_alias=True)
    return {"$schema": DIALECT, "title": "stagecheck rubric file", **schema}
