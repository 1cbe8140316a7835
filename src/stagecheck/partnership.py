"""The partnership file: its fixed parts (pydantic models) and its answers, read by the rubric.

The answers section is defined by the rubric's groups and questions, so it is read here by one
small interpreter of the questions rather than by models built per rubric: building some fifty
pydantic classes cost more than the whole rest of a one-file assessment (see bench/startup.py).
The JSON Schema for editors is derived from the same questions (`stagecheck.schema`).

An answer is written plainly, or as a mapping with `answer` and `evidence`, or as
`not_applicable: <reason>`; left blank or left out it is unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from stagecheck import validation
from stagecheck.errors import InputError, Problem
from stagecheck.loader import Document, locate
from stagecheck.outcome import Fact, Value
from stagecheck.rubric import FormatVersion, Question, Rubric

Text = Annotated[str, Field(min_length=1)]
Sector = Literal[
    "independent",
    "state",
    "academy",
    "free-school",
    "special",
    "college",
    "university",
    "local-authority",
    "charity",
    "business",
    "other",
]
ANSWER_KEYS = ("answer", "evidence", "not_applicable")
YES = {"yes", "y", "true", "on"}
NO = {"no", "n", "false", "off"}
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Loc = tuple[str | int, ...]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Model):
    name: Text
    sector: Sector
    phase: str | None = None
    lead_role: str | None = Field(None, description="The role of this partner's lead contact.")


class About(Model):
    name: Text
    summary: str | None = None
    started: dt.date | None = None
    partners: list[Partner] = Field(min_length=1)


class Assessed(Model):
    date: dt.date | None = None
    by: str | None = None


class PartnershipFile(Model):
    """The fixed part of every partnership file; `answers` and `expected` follow the rubric."""

    format: FormatVersion = Field(1, description="The partnership file format version.")
    rubric: str | None = Field(None, description="The rubric this file was written for.")
    partnership: About
    assessed: Assessed | None = None
    answers: Any = None
    expected: Any = None


@dataclass(frozen=True, slots=True)
class Expected:
    overall: str | None
    dimensions: dict[str, str]


@dataclass(frozen=True, slots=True)
class Partnership:
    """A validated partnership file: what it says about itself, and its answers as facts."""

    about: About
    assessed: Assessed | None
    facts: dict[str, Fact]
    expected: Expected | None


def validate(document: Document, rubric: Rubric) -> Partnership:
    """Every problem of the file at once, located, or the validated partnership."""
    problems: list[Problem] = []
    fixed: PartnershipFile | None = None
    try:
        fixed = PartnershipFile.model_validate(document.data)
    except ValidationError as exc:
        problems += validation.problems(exc, document, PartnershipFile)
    reader = _Reader(document, rubric)
    facts = reader.answers(document.data.get("answers"))
    expected = reader.expected(document.data.get("expected"))
    problems += reader.problems
    if problems or fixed is None:
        raise InputError(sorted(problems, key=lambda p: (p.line, p.column)))
    return Partnership(fixed.partnership, fixed.assessed, facts, expected)


class _Reader:
    """Reads the rubric-defined sections, collecting every problem with its place."""

    def __init__(self, document: Document, rubric: Rubric) -> None:
        self.document = document
        self.rubric = rubric
        self.questions = {q.id: q for q in rubric.questions}
        self.groups = {
            g.id: [q.id for q in rubric.questions if q.group == g.id] for g in rubric.groups
        }
        self.problems: list[Problem] = []

    def fail(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        line, col, _ = locate(self.document.root, loc, at_key=at_key)
        self.problems.append(
            Problem(self.document.path, line, col, message, validation.dotted(loc))
        )

    def mapping(self, value: Any, loc: Loc) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(loc, f"expected a mapping of keys and values, found {validation.kind(value)}")
            return {}
        return value

    def unknown_key(self, loc: Loc, key: str, known: list[str], what: str) -> None:
        hint = validation.did_you_mean(key, known)
        self.fail(
            (*loc, key),
            f"unknown {what} '{key}'{hint}; the {what}s here are {validation.listing(known)}",
            at_key=True,
        )

    def answers(self, section: Any) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for group, answers in self.mapping(section, ("answers",)).items():
            loc: Loc = ("answers", group)
            if group not in self.groups:
                self.unknown_key(("answers",), group, list(self.groups), "group")
                continue
            for qid, raw in self.mapping(answers, loc).items():
                question = self.questions.get(qid)
                if question is None or question.group != group:
                    if question is not None:
                        self.fail(
                            (*loc, qid),
                            f"'{qid}' belongs under '{question.group}', "
                            f"not '{group}'; move it there",
                            at_key=True,
                        )
                    else:
                        self.unknown_key(loc, qid, self.groups[group], "question")
                    continue
                fact = self.answer(question, raw, (*loc, qid))
                if fact is not None:
                    facts[qid] = fact
        return facts

    def answer(self, question: Question, raw: Any, loc: Loc) -> Fact | None:
        if not isinstance(raw, dict):
            value = None if raw is None else self.value(question, raw, loc)
            return None if value is None else Fact(value)
        for key in raw:
            if key not in ANSWER_KEYS:
                self.unknown_key(loc, key, list(ANSWER_KEYS), "key")
        evidence = tuple(self.evidence(raw.get("evidence"), (*loc, "evidence")))
        reason = raw.get("not_applicable")
        if "not_applicable" in raw:
            if not isinstance(reason, str) or not reason.strip():
                self.fail(
                    (*loc, "not_applicable"),
                    "say why it is not applicable, e.g. `not_applicable: no fee income`",
                )
                return None
            if raw.get("answer") is not None:
                self.fail(loc, "give either an answer or not_applicable with its reason, not both")
                return None
            return Fact(None, reason, evidence)
        answer = raw.get("answer")
        value = None if answer is None else self.value(question, answer, (*loc, "answer"))
        return Fact(value, None, evidence) if value is not None or evidence else None

    def evidence(self, raw: Any, loc: Loc) -> Iterator[str]:
        items = [] if raw is None else [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            self.fail(
                loc, f"expected a note or a list of notes and links, found {validation.kind(raw)}"
            )
            return
        for i, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                yield item
            else:
                self.fail((*loc, i), "each piece of evidence is a note, a document or a link")

    def value(self, q: Question, raw: Any, loc: Loc) -> Value | None:
        """The typed value of an answer, or None after recording why it is not valid."""
        if q.type == "choices":
            items = [raw] if isinstance(raw, str) else raw
            if not isinstance(items, list):
                self.fail(loc, f"expected a list of options, found {validation.kind(raw)}")
                return None
            chosen = [self.option(q, item, (*loc, i)) for i, item in enumerate(items)]
            return None if None in chosen else frozenset(c for c in chosen if c)
        if not isinstance(raw, str):
            self.fail(loc, f"expected a single value, found {validation.kind(raw)}")
            return None
        if q.type == "choice":
            return self.option(q, raw, loc)
        if q.type == "boolean":
            word = raw.lower()
            if word in YES or word in NO:
                return word in YES
            self.fail(loc, f"'{raw}' is not a yes/no answer; write yes or no")
        elif q.type == "integer":
            return self.integer(q, raw, loc)
        elif q.type == "date":
            try:
                if _DATE.fullmatch(raw):
                    return dt.date.fromisoformat(raw)
            except ValueError:
                pass
            self.fail(loc, f"'{raw}' is not a date; write it as YYYY-MM-DD, e.g. 2024-09-01")
        elif raw.strip():
            return raw
        else:
            self.fail(loc, "is empty; write a value here, or leave the answer out")
        return None

    def integer(self, q: Question, raw: str, loc: Loc) -> int | None:
        if not _INTEGER.fullmatch(raw.strip()):
            self.fail(loc, f"'{raw}' is not a whole number; write a number such as 4")
            return None
        number = int(raw)
        if q.minimum is not None and number < q.minimum:
            self.fail(
                loc, f"{number} is below the minimum of {q.minimum}; give at least {q.minimum}"
            )
        elif q.maximum is not None and number > q.maximum:
            self.fail(
                loc, f"{number} is above the maximum of {q.maximum}; give at most {q.maximum}"
            )
        else:
            return number
        return None

    def option(self, q: Question, raw: Any, loc: Loc) -> str | None:
        options = [o.value for o in q.options]
        if isinstance(raw, str) and raw in options:
            return raw
        hint = validation.did_you_mean(str(raw), options)
        shown = f"'{raw}'" if isinstance(raw, str) else validation.kind(raw)
        self.fail(loc, f"{shown} is not allowed{hint}; use one of {validation.listing(options)}")
        return None

    def expected(self, section: Any) -> Expected | None:
        if section is None:
            return None
        stages = [s.id for s in self.rubric.stages]
        dimensions = [d.id for d in self.rubric.dimensions]
        body = self.mapping(section, ("expected",))
        for key in body:
            if key not in ("overall", "dimensions"):
                self.unknown_key(("expected",), key, ["overall", "dimensions"], "key")
        overall = self.stage(body.get("overall"), ("expected", "overall"), stages)
        found = {}
        for dim, stage in self.mapping(body.get("dimensions"), ("expected", "dimensions")).items():
            if dim not in dimensions:
                self.unknown_key(("expected", "dimensions"), dim, dimensions, "dimension")
            elif (
                checked := self.stage(stage, ("expected", "dimensions", dim), stages)
            ) is not None:
                found[dim] = checked
        return Expected(overall, found)

    def stage(self, raw: Any, loc: Loc, stages: list[str]) -> str | None:
        if raw is None or raw in stages:
            return raw  # type: ignore[no-any-return]
        hint = validation.did_you_mean(str(raw), stages)
        self.fail(loc, f"'{raw}' is not a stage{hint}; use one of {validation.listing(stages)}")
        return None
