"""The rubric format's constrained types: what pydantic checks in a rubric's ids, texts, values
and conditions.

Kept apart from the dataclasses (`core.rubric`) because pydantic's field machinery costs about
a sixth of the bare import of stagecheck's dependencies, and a run that finds its rubric
already compiled never validates one (issue 11). `rubric.resolve` puts these names into the
rubric module, where the dataclasses' annotations (text until then) are read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag

from stagecheck.core.rubric import OPERATORS, AllOf, AnyOf, Citation, Test, operator_field

__all__ = [
    "AfterValidator",
    "Citations",
    "Cite",
    "Condition",
    "CriterionId",
    "Field",
    "FormatVersion",
    "Id",
    "RubricId",
    "Text",
    "Written",
]

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
RubricId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
CriterionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=96)]
Text = Annotated[str, Field(min_length=1)]


def _text(value: Any) -> Any:
    return (
        str(value).lower()
        if isinstance(value, bool)
        else str(value)
        if isinstance(value, int)
        else value
    )


# A value in a condition: text as the loader gives it; editors may see numbers and booleans.
Written = Annotated[str, BeforeValidator(_text, json_schema_input_type=str | int | bool)]


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


# The loader keeps scalars as text; a format version is compared as a number.
FormatVersion = Annotated[Literal[1], BeforeValidator(_number)]


def _citation(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


Cite = Annotated[Citation, BeforeValidator(_citation, json_schema_input_type=Citation | Id)]
Citations = Annotated[tuple[Cite, ...], Field(min_length=1)]


def _one_operator(test: Test) -> Test:
    given = [op for op in OPERATORS if getattr(test, operator_field(op)) is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of {', '.join(OPERATORS)} (found {len(given)})")
    return test


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "all" if "all" in value else "any" if "any" in value else "test"
    return "all" if isinstance(value, AllOf) else "any" if isinstance(value, AnyOf) else "test"


Condition = Annotated[
    Annotated[Test, AfterValidator(_one_operator), Tag("test")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")],
    Discriminator(_condition_kind),
]
