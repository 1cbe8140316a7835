"""The partnership file: its fixed parts (pydantic models) and its answers, read by the rubric.

The answers section is defined by the rubric's groups and questions, so it is read here by one
small interpreter of the questions rather than by models built per rubric: building some fifty
pydantic classes cost more than the whole rest of a one-file assessment (see bench/startup.py).
The JSON Schema for editors is derived from the same questions (`stagecheck.rubric.schema`).

An answer is written plainly, or as a mapping with `answer` and `evidence`, or as
`not_applicable: <reason>`; left blank or left out it is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from stagecheck.core import words
from stagecheck.core.errors import InputError, Problem
from stagecheck.core.loader import Document, locate
from stagecheck.core.outcome import Fact, Value
from stagecheck.core.rubric import Option, Question, QuestionType, Rubric
from stagecheck.core.values import (
    ANSWER_KEYS,
    NO,
    UNSURE,
    YES,
    lower_bound,
    option_map_given,
    read_scalar,
)

Loc = tuple[str | int, ...]


def _field(key: str, kind: QuestionType, text: str, options: tuple[str, ...] = ()) -> Question:
    choices = tuple(Option(value=o, label=o) for o in options)
    return Question(id=key, group="partnership", text=text, type=kind, options=choices)


# The fixed parts of every partnership file, described like the rubric's questions so that
# one reader (and later the JSON Schema) serves both.
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
TOP_KEYS = ("format", "rubric", "partnership", "assessed", "answers", "expected")
ABOUT = {
    "name": _field("name", "text", "The partnership's name."),
    "summary": _field("summary", "text", "What the partnership does, in a sentence or two."),
    "started": _field("started", "date", "When the partnership started."),
}
PARTNER = {
    "name": _field("name", "text", "The partner's name."),
    "sector": _field("sector", "choice", "The partner's sector.", SECTORS),
    "phase": _field("phase", "text", "Its phase: primary, secondary, all-through, ..."),
    "lead_role": _field("lead_role", "text", "The role of this partner's lead contact."),
}
ASSESSED = {
    "date": _field("date", "date", "When this assessment was made."),
    "by": _field("by", "text", "Who made it (a role is enough)."),
}


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    sector: str
    phase: str | None = None
    lead_role: str | None = None


@dataclass(frozen=True, slots=True)
class About:
    name: str
    partners: tuple[Partner, ...]
    summary: str | None = None
    started: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Assessed:
    date: dt.date | None = None
    by: str | None = None


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
    reader = _Reader(document, rubric)
    data = document.data
    for key in data:
        if key not in TOP_KEYS:
            reader.unknown_key((), key, list(TOP_KEYS), "key")
    if data.get("format") not in (None, "1"):
        reader.fail(
            ("format",),
            f"this file is format {data['format']}; this stagecheck reads "
            "format 1: remove the line or upgrade stagecheck",
        )
    if data.get("rubric") is not None and not isinstance(data["rubric"], str):
        reader.fail(("rubric",), "must be a bundled rubric id or a path to a rubric file")
    about = reader.about(data.get("partnership"))
    assessed = reader.assessed(data.get("assessed"))
    facts = reader.answers(data.get("answers"))
    expected = reader.expected(data.get("expected"))
    if reader.problems or about is None:
        raise InputError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    for q in rubric.questions:
        if q.derived == "partner_sectors":
            facts[q.id] = Fact(frozenset(p.sector for p in about.partners))
    return Partnership(about, assessed, facts, expected)


_INDEX: dict[int, tuple[Rubric, dict[str, Question], dict[str, list[str]]]] = {}


def _index(rubric: Rubric) -> tuple[dict[str, Question], dict[str, list[str]]]:
    """The rubric's questions by id and by group, worked out once per rubric in a process
    (keyed by identity: hashing a rubric would walk all of it)."""
    kept = _INDEX.get(id(rubric))
    if kept is None or kept[0] is not rubric:
        questions = {q.id: q for q in rubric.questions}
        groups = {g.id: [q.id for q in rubric.questions if q.group == g.id] for g in rubric.groups}
        kept = _INDEX[id(rubric)] = (rubric, questions, groups)
    return kept[1], kept[2]


class _Reader:
    """Reads the rubric-defined sections, collecting every problem with its place."""

    def __init__(self, document: Document, rubric: Rubric) -> None:
        self.document = document
        self.rubric = rubric
        self.questions, self.groups = _index(rubric)
        self.problems: list[Problem] = []

    def fail(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        line, col, _ = locate(self.document.root, loc, at_key=at_key)
        self.problems.append(Problem(self.document.path, line, col, message, words.dotted(loc)))

    def mapping(self, value: Any, loc: Loc) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(loc, f"expected a mapping of keys and values, found {words.kind(value)}")
            return {}
        return value

    def unknown_key(self, loc: Loc, key: str, known: list[str], what: str) -> None:
        hint = words.did_you_mean(key, known)
        self.fail(
            (*loc, key),
            f"unknown {what} '{key}'{hint}; the {what}s here are {words.listing(known)}",
            at_key=True,
        )

    def fields(
        self, section: Any, loc: Loc, spec: dict[str, Question], other: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """A mapping of fixed fields, each read by its question; unknown keys reported
        (`other` names the keys read elsewhere)."""
        body = self.mapping(section, loc)
        for key in body:
            if key not in spec and key not in other:
                self.unknown_key(loc, key, [*spec, *other], "key")
        return {
            key: self.value(q, body[key], (*loc, key))
            for key, q in spec.items()
            if body.get(key) is not None
        }

    def required(
        self, found: dict[str, Any], section: Any, loc: Loc, keys: tuple[str, ...]
    ) -> bool:
        missing = [k for k in keys if isinstance(section, dict) and section.get(k) is None]
        for key in missing:
            self.fail((*loc, key), f"'{key}' is required here; add it")
        return not missing and all(found.get(k) is not None for k in keys)

    def about(self, section: Any) -> About | None:
        loc: Loc = ("partnership",)
        if section is None:
            self.fail(loc, "'partnership' is required: add its name and partners")
            return None
        found = self.fields(section, loc, ABOUT, other=("partners",))
        partners = [
            self.partner(p, (*loc, "partners", i)) for i, p in enumerate(self.partners(section))
        ]
        if not self.required(found, section, loc, ("name",)) or None in partners:
            return None
        return About(partners=tuple(p for p in partners if p), **found)

    def partners(self, section: Any) -> list[Any]:
        raw = section.get("partners") if isinstance(section, dict) else None
        loc: Loc = ("partnership", "partners")
        if raw is None or raw == []:
            if isinstance(section, dict):
                self.fail(loc, "list at least one partner, each with a name and a sector")
            return []
        if not isinstance(raw, list):
            self.fail(loc, f"expected a list of partners, found {words.kind(raw)}")
            return []
        return raw

    def partner(self, raw: Any, loc: Loc) -> Partner | None:
        found = self.fields(raw, loc, PARTNER)
        if not isinstance(raw, dict) or not self.required(found, raw, loc, ("name", "sector")):
            return None
        return Partner(**found)

    def assessed(self, section: Any) -> Assessed | None:
        return (
            None if section is None else Assessed(**self.fields(section, ("assessed",), ASSESSED))
        )

    def answers(self, section: Any) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        retired = {r.id: r for r in self.rubric.retired}
        for group, answers in self.mapping(section, ("answers",)).items():
            loc: Loc = ("answers", group)
            if group not in self.groups:
                self.unknown_key(("answers",), group, list(self.groups), "group")
                continue
            for qid, raw in self.mapping(answers, loc).items():
                question = self.questions.get(qid)
                if question is not None and question.derived:
                    self.fail(
                        (*loc, qid),
                        f"'{qid}' is read from the partners' sectors, not answered; remove it",
                        at_key=True,
                    )
                    continue
                if question is None and qid in retired:
                    self.fail(
                        (*loc, qid),
                        f"'{qid}' is no longer asked (rubric {self.rubric.id} "
                        f"{self.rubric.version}): {retired[qid].instead}",
                        at_key=True,
                    )
                    continue
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
        if not isinstance(raw, dict) or option_map_given(question, raw):
            return None if raw is None else self.fact(question, raw, loc)
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
        fact = None if answer is None else self.fact(question, answer, (*loc, "answer"))
        if fact is None:
            return Fact(None, None, evidence) if evidence else None
        return replace(fact, evidence=evidence)

    def fact(self, q: Question, raw: Any, loc: Loc) -> Fact | None:
        """The fact an answer states: a value, or for a choose-all question a mapping of
        options to yes, no or unknown, or for a number a lower bound ("at least 3")."""
        if isinstance(raw, dict):
            return self.option_map(q, raw, loc)
        if q.type == "integer" and isinstance(raw, str) and (bound := lower_bound(raw)):
            number = self.value(q, bound, loc)
            return None if number is None else Fact(number, at_least=True)
        value = self.value(q, raw, loc)
        return None if value is None else Fact(value)

    def option_map(self, q: Question, raw: dict[Any, Any], loc: Loc) -> Fact | None:
        """`{parents: yes, students: unknown}`: options confirmed, ruled out, or not known
        (an option left out is not known)."""
        options = [o.value for o in q.options]
        confirmed: set[str] = set()
        known: set[str] = set()
        for key, said in raw.items():
            option, problem = read_scalar(q, str(key))
            if option is None:
                self.fail((*loc, key), problem or "", at_key=True)
                continue
            word = "" if said is None else str(said).strip().lower()
            if word in UNSURE:
                continue
            if word not in YES and word not in NO:
                self.fail(
                    (*loc, key),
                    f"{words.quoted(str(said))} is not yes, no or unknown; write one of them",
                )
                continue
            known.add(str(option))
            if word in YES:
                confirmed.add(str(option))
        return Fact(frozenset(confirmed), open=frozenset(options) - known)

    def evidence(self, raw: Any, loc: Loc) -> Iterator[str]:
        items = [] if raw is None else [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            self.fail(loc, f"expected a note or a list of notes and links, found {words.kind(raw)}")
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
                self.fail(loc, f"expected a list of options, found {words.kind(raw)}")
                return None
            chosen = [self.scalar(q, item, (*loc, i)) for i, item in enumerate(items)]
            return None if None in chosen else frozenset(str(c) for c in chosen)
        return self.scalar(q, raw, loc)

    def scalar(self, q: Question, raw: Any, loc: Loc) -> Value | None:
        """One written value (for `choices`, one of the options chosen)."""
        if not isinstance(raw, str):
            self.fail(loc, f"expected a single value, found {words.kind(raw)}")
            return None
        value, problem = read_scalar(q, raw)
        if problem is not None:
            self.fail(loc, problem)
        return value

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
        hint = words.did_you_mean(str(raw), stages)
        self.fail(loc, f"'{raw}' is not a stage{hint}; use one of {words.listing(stages)}")
        return None
