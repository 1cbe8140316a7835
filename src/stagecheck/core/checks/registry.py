"""The registry of rubric checks: what a diagnostic is, the codes given while reading a rubric
file, the `check` decorator the checks register with, and the walks over a rubric's criteria
and citations that several checks share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from stagecheck.core.rubric import Citation, Criterion, Rubric

Loc = tuple[str | int, ...]
Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    loc: Loc
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: Severity
    hint: str
    run: Callable[[Rubric], Iterator[tuple[Loc, str]]]


CHECKS: list[Check] = []


@dataclass(frozen=True, slots=True)
class Rule:
    """A diagnostic code: a check's, or one given while reading the file (`READING`)."""

    code: str
    name: str
    severity: Severity
    hint: str


# Found while reading a rubric file, before its parts can be checked against each other: the
# YAML itself, then what the rubric format (`stagecheck.core.rubric`) refuses. Two of the format's
# refusals have codes of their own, because rubric authors meet them most.
INVALID_YAML = Rule(
    "SC001",
    "invalid-yaml",
    "error",
    "fix the YAML at the place shown (indentation, quoting, a duplicate key); "
    "a rubric is one UTF-8 YAML document whose top level is a mapping",
)
INVALID_FORMAT = Rule(
    "SC002",
    "invalid-format",
    "error",
    "write the rubric in the rubric format: see `stagecheck schema rubric` and the bundled rubrics",
)
MISSING_ADVICE = Rule(
    "SC107",
    "missing-advice",
    "error",
    "give the criterion `advice` with its step, effort, owner and sources: "
    "the next step a partnership takes to meet it",
)
BAD_OVERALL = Rule(
    "SC110",
    "bad-overall-rule",
    "error",
    "set `overall: {rule: weakest}` (the highest stage every dimension reached) "
    "or `overall: {rule: mean}` (the mean index, rounded down); `dimensions`, if given, "
    "lists at least one dimension id",
)
BAD_COMBINE = Rule(
    "SC114",
    "bad-combine-rule",
    "error",
    "set `combine: lowest` (the lowest stage any respondent gives a dimension: at a stage when "
    "all the partners see it there) or `combine: median` (the middle respondent's stage)",
)
READING = (INVALID_YAML, INVALID_FORMAT, MISSING_ADVICE, BAD_OVERALL, BAD_COMBINE)


def reading_rule(error_type: str, loc: tuple[Any, ...], value: Any) -> Rule:
    """The code of one refusal of the rubric format, by where it is and what it is."""
    if loc and loc[-1] == "advice" and (error_type.startswith("missing") or value is None):
        return MISSING_ADVICE
    if loc and loc[0] == "overall":
        return BAD_OVERALL
    if loc and loc[0] == "combine":
        return BAD_COMBINE
    return INVALID_FORMAT


def rules() -> list[Rule]:
    """Every diagnostic code stagecheck gives for a rubric, by code."""
    checks = (Rule(c.code, c.name, c.severity, c.hint) for c in CHECKS)
    return sorted([*READING, *checks], key=lambda r: r.code)


def check(
    code: str, name: str, severity: Severity, hint: str
) -> Callable[
    [Callable[[Rubric], Iterator[tuple[Loc, str]]]], Callable[[Rubric], Iterator[tuple[Loc, str]]]
]:
    def register(
        run: Callable[[Rubric], Iterator[tuple[Loc, str]]],
    ) -> Callable[[Rubric], Iterator[tuple[Loc, str]]]:
        CHECKS.append(Check(code, name, severity, hint, run))
        return run

    return register


def diagnose(rubric: Rubric) -> list[Diagnostic]:
    """Every diagnostic of every check, errors (SC1xx) before warnings (SC2xx), by code."""
    return [
        Diagnostic(c.code, c.name, c.severity, loc, message, c.hint)
        for c in sorted(CHECKS, key=lambda c: c.code)
        for loc, message in c.run(rubric)
    ]


def duplicates(items: Sequence[tuple[Loc, str]], what: str) -> Iterator[tuple[Loc, str]]:
    counts = Counter(value for _, value in items)
    seen: set[str] = set()
    for loc, value in items:
        if counts[value] > 1 and value in seen:
            yield loc, f"{what} id '{value}' is used more than once"
        seen.add(value)


def criteria_of(rubric: Rubric, *, practices: bool = True) -> Iterator[tuple[Loc, Criterion]]:
    """Every cell criterion, and every practice unless `practices` is false, with its place."""
    kinds = ("criteria", "practices") if practices else ("criteria",)
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            for kind in kinds:
                for ki, criterion in enumerate(getattr(cell, kind)):
                    yield ("dimensions", di, "cells", ci, kind, ki), criterion


def citations_of(rubric: Rubric) -> Iterator[tuple[Loc, Citation]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            for i, c in enumerate(cell.sources):
                yield ("dimensions", di, "cells", ci, "sources", i), c
    for loc, k in criteria_of(rubric):
        for i, c in enumerate(k.sources):
            yield (*loc, "sources", i), c
        for i, c in enumerate(k.advice.sources):
            yield (*loc, "advice", "sources", i), c
