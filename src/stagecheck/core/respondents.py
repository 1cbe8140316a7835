"""The parts of a partnership file that let several respondents answer for one partnership
(`assess --combine`): the `partnership.id` they share, and the check that a respondent's
`organisation` is not a near miss of a partner's name. Used by `core.file_model`'s model."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic_core import core_schema as cs

from stagecheck.core import loader, words
from stagecheck.core.errors import InputError, Problem
from stagecheck.core.schema_parts import Reads
from stagecheck.core.validation import fail

if TYPE_CHECKING:
    from stagecheck.core.loader import Document
    from stagecheck.core.partnership import About

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _slug(raw: str) -> str:
    if not SLUG.fullmatch(raw) or len(raw) > 64:
        raise fail(
            "slug",
            f"{words.quoted(raw)} is not an id: write lower-case letters and digits joined "
            "by - or _ (such as riverside-science), the same in every file of the partnership",
        )
    return raw


def id_schema() -> cs.CoreSchema:
    return Reads(
        _slug, lambda: cs.str_schema(pattern=f"^{SLUG.pattern}$", max_length=64), "an id"
    ).schema()


def check_organisation(document: Document, given: str | None, about: About) -> None:
    """A respondent's organisation written close to a partner's name but not as it: a typo
    that would file their voice under no partner. One unlike any partner's name is kept (an
    evaluator or a funder may answer too)."""
    names = [p.name for p in about.partners]
    if given is None or given in names:
        return
    hint = words.did_you_mean(given, names)
    if hint:
        line, col, _ = loader.locate(document.root, ("respondent", "organisation"))
        raise InputError(
            [
                Problem(
                    document.path,
                    line,
                    col,
                    f"{words.quoted(given)} is not the name of a partner{hint}; write it as "
                    "under partners, so the answers are filed under that partner",
                    "respondent.organisation",
                )
            ]
        )
