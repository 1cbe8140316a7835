"""The parts a partnership file's model is composed of (`stagecheck.core.answers`,
`stagecheck.core.file_model`): a value read from its text (`Reads`), looked up where it is
one of a few (`Known`), a union told apart by the input's type (`by_type`), a mapping without
its blank values (`present`), and what the JSON Schema shows editors (`json_extra`, `SHOWN`).

A batch validates thousands of files, and what costs there is Python called from pydantic-core
for each value: `by_type` and `Known` let pydantic-core choose a form and read the plainest
values without calling Python; the readers still read everything else, and word every error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import CoreSchema
from pydantic_core import core_schema as cs

from stagecheck.core import words
from stagecheck.core.validation import INPUTS, fail

SHOWN = "stagecheck_shown"
# marks the union of an answer's forms, whose mapping is `{answer, evidence, not_applicable}`
# (`file_model.FileModel.keys_at` lists its keys)
ANSWER_FORMS = "stagecheck_answer_forms"


def by_type(
    forms: dict[type, CoreSchema],
    shown: CoreSchema | None = None,
    metadata: dict[str, Any] | None = None,
) -> CoreSchema:
    """A union whose form is chosen by the input's type, by pydantic-core itself (`type` is
    its discriminator: no Python function runs to choose). Editors see its distinct forms, or
    `shown`: the union it is a shortcut to, which takes every input its forms do."""
    meta = {**(metadata or {}), **({SHOWN: shown} if shown is not None else {})}
    return cs.tagged_union_schema(forms, discriminator=type, metadata=meta or None)


class Known(dict[str, Any]):
    """Texts read ahead, each mapped to what the reader gives for it (`yes` to its Fact, an
    option as listed to itself): pydantic-core looks a value up here without calling Python;
    any other text is read by `read`, which words what is wrong with it."""

    __slots__ = ("read",)

    def __init__(self, known: dict[str, Any], read: Callable[[str], Any]) -> None:
        super().__init__(known)
        self.read = read

    def __missing__(self, raw: str) -> Any:
        return self.read(raw)


@dataclass(frozen=True, eq=False)
class Reads:
    """A value read from the text written by `reader` (anything but text is refused: `what`
    was expected; with `what` None, the reader takes anything); `accepted` says what an editor
    may write there, for the JSON Schema. `known` maps texts to what `reader` gives for them,
    to be looked up rather than read."""

    reader: Callable[[Any], Any]
    accepted: Callable[[], CoreSchema]
    what: str | None = "a single value"
    known: dict[str, Any] | None = None

    def refuse(self, raw: Any) -> Any:
        raise fail("single_value", f"expected {self.what}, found {words.kind(raw)}")

    def schema(self, metadata: dict[str, Any] | None = None) -> CoreSchema:
        if self.what is None:
            read = self._reader()
            return cs.no_info_plain_validator_function(
                read, json_schema_input_schema=self.accepted(), metadata=metadata
            )
        return by_type(self.forms(), metadata=metadata)

    def forms(self) -> dict[type, CoreSchema]:
        """Its schema for each type of input: text is read, anything else refused (each
        says, for the JSON Schema, what may be written)."""
        accepted = self.accepted()
        text = cs.no_info_plain_validator_function(
            self._reader(), json_schema_input_schema=accepted
        )
        refused = cs.no_info_plain_validator_function(
            self.refuse, json_schema_input_schema=accepted
        )
        return {**dict.fromkeys(INPUTS, refused), str: text}

    def _reader(self) -> Callable[[Any], Any]:
        return self.reader if self.known is None else Known(self.known, self.reader).__getitem__


def present(value: Any) -> Any:
    """A mapping without its blank values: a key left blank is a key left out."""
    if isinstance(value, dict) and None in value.values():
        return {k: v for k, v in value.items() if v is not None}
    return value


JSON = "stagecheck_json"


def json_extra(
    change: Callable[[dict[str, Any]], dict[str, Any]] | None = None, **keys: Any
) -> dict[str, Any]:
    """Metadata for a core schema: what its JSON Schema adds for editors (keys such as
    `title`, `description`, `examples`; `change` rewrites it further)."""
    return {JSON: (change, {k: v for k, v in keys.items() if v is not None})}
