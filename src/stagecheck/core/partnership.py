"""The partnership file, validated: what it says about itself (`About`, its partners, who
answered and assessed it), its answers as facts, and the stages it expects (`Partnership`).
`validate` checks a loaded file against its rubric's model (`stagecheck.core.file_model`, built
with pydantic-core), and `stagecheck.core.validation` words its errors.

An answer is written plainly, or as a mapping with `answer` and `evidence`, or as
`not_applicable: <reason>`; left blank or left out it is unknown (see `core.answers`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic_core import ValidationError

from stagecheck.core import respondents, validation
from stagecheck.core import targets as targeted
from stagecheck.core.errors import InputError
from stagecheck.core.file_model import model
from stagecheck.core.loader import Document
from stagecheck.core.outcome import Fact, quick_init
from stagecheck.core.rubric import Rubric

SECTORS = (
    "independent",
    "state",
    "academy",
    "free-school",
    "special",
    "college",
    "university",
    "local-authority",
    "trust",
    "charity",
    "business",
    "other",
)


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Partner:
    name: str
    sector: str
    phase: str | None = None
    lead_role: str | None = None


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class About:
    name: str
    summary: str | None = None
    started: dt.date | None = None
    partners: tuple[Partner, ...]
    id: str | None = None  # files of one partnership share it (several respondents)

    @property
    def key(self) -> str:
        """What identifies the partnership among several files: its id, else its name."""
        return self.id if self.id is not None else self.name


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Respondent:
    """Who answered this file, where each partner answers in a file of their own."""

    name: str
    role: str | None = None
    organisation: str | None = None


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Assessed:
    date: dt.date | None = None
    by: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Expected:
    overall: str | None
    dimensions: dict[str, str]


@quick_init
@dataclass(frozen=True, slots=True)
class Partnership:
    """A validated partnership file: what it says about itself, and its answers as facts."""

    about: About
    assessed: Assessed | None
    facts: dict[str, Fact]
    expected: Expected | None
    targets: dict[str, targeted.Target]
    respondent: Respondent | None = None


def validate(document: Document, rubric: Rubric) -> Partnership:
    """Every problem of the file at once, located, or the validated partnership."""
    kept = model(rubric)
    try:
        data = kept.validator.validate_python(document.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, document, kept)) from None
    about: About = data["partnership"]
    facts = {
        qid: fact
        for group in (data.get("answers") or {}).values()
        for qid, fact in group.items()
        if fact is not None
    }
    if kept.derived:
        sectors = Fact(frozenset(p.sector for p in about.partners))
        facts.update(dict.fromkeys(kept.derived, sectors))
    expected = data.get("expected")
    respondent: Respondent | None = data.get("respondent")
    if respondent is not None:
        respondents.check_organisation(document, respondent.organisation, about)
    return Partnership(
        about,
        data.get("assessed"),
        facts,
        None
        if expected is None
        else Expected(expected.get("overall"), dict(expected.get("dimensions") or {})),
        dict(data.get("targets") or {}),
        respondent,
    )
