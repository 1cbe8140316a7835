"""What a schema cannot see in a rubric: its parts must fit together.

Each check has a permanent code and a name, and yields diagnostics located by their path in the
rubric file. Errors make a rubric unusable for scoring; warnings point at a weaker rubric.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from stagecheck.conditions import ConditionError, compile_condition, referenced_questions
from stagecheck.rubric import Citation, Criterion, Rubric

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
    """Every diagnostic of every check, in the order of the checks."""
    return [
        Diagnostic(c.code, c.name, c.severity, loc, message, c.hint)
        for c in CHECKS
        for loc, message in c.run(rubric)
    ]


def _duplicates(items: Sequence[tuple[Loc, str]], what: str) -> Iterator[tuple[Loc, str]]:
    counts = Counter(value for _, value in items)
    seen: set[str] = set()
    for loc, value in items:
        if counts[value] > 1 and value in seen:
            yield loc, f"{what} id '{value}' is used more than once"
        seen.add(value)


@check(
    "SC101",
    "duplicate-id",
    "error",
    "give each stage, group, question, option, dimension, criterion and source an id of its own",
)
def _unique_ids(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    for key in ("sources", "stages", "groups", "questions", "dimensions"):
        items: list[tuple[Loc, str]] = [
            ((key, i, "id"), item.id) for i, item in enumerate(getattr(rubric, key))
        ]
        yield from _duplicates(items, key[:-1])
    for qi, q in enumerate(rubric.questions):
        options: list[tuple[Loc, str]] = [
            (("questions", qi, "options", oi, "value"), o.value) for oi, o in enumerate(q.options)
        ]
        yield from _duplicates(options, "option")
    criteria: list[tuple[Loc, str]] = [
        (("dimensions", di, "cells", ci, "criteria", ki, "id"), k.id)
        for di, d in enumerate(rubric.dimensions)
        for ci, c in enumerate(d.cells)
        for ki, k in enumerate(c.criteria)
    ]
    yield from _duplicates(criteria, "criterion")


@check(
    "SC102",
    "stage-coverage",
    "error",
    "list each dimension's cells so that they cover "
    "every stage once, in the rubric's stage order; a cell may span consecutive stages",
)
def _stage_coverage(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    order = [s.id for s in rubric.stages]
    for di, dim in enumerate(rubric.dimensions):
        covered = [
            (ci, si, s) for ci, cell in enumerate(dim.cells) for si, s in enumerate(cell.stages)
        ]
        for ci, si, stage in covered:
            if stage not in order:
                yield ("dimensions", di, "cells", ci, "stages", si), f"there is no stage '{stage}'"
        if [s for _, _, s in covered] != order and all(s in order for _, _, s in covered):
            yield (
                ("dimensions", di, "cells"),
                f"dimension '{dim.id}' covers {', '.join(s for _, _, s in covered)}; "
                f"it must cover {', '.join(order)} in that order",
            )


@check("SC103", "unknown-group", "error", "declare the group under `groups`, or fix its id")
def _known_groups(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    groups = {g.id for g in rubric.groups}
    for qi, q in enumerate(rubric.questions):
        if q.group not in groups:
            yield (
                ("questions", qi, "group"),
                f"question '{q.id}' names no declared group '{q.group}'",
            )


@check(
    "SC104",
    "question-options",
    "error",
    "give choice and choices questions their options, "
    "and other types none; keep minimum at or below maximum",
)
def _question_shape(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    for qi, q in enumerate(rubric.questions):
        choosing = q.type in ("choice", "choices")
        if choosing and not q.options:
            yield ("questions", qi, "options"), f"{q.type} question '{q.id}' has no options"
        if not choosing and q.options:
            yield ("questions", qi, "options"), f"{q.type} question '{q.id}' cannot have options"
        if (q.minimum is not None or q.maximum is not None) and q.type != "integer":
            yield (
                ("questions", qi, "type"),
                f"only integer questions take a minimum or maximum ('{q.id}')",
            )
        if q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
            yield ("questions", qi, "minimum"), f"minimum {q.minimum} is above maximum {q.maximum}"


@check(
    "SC105",
    "bad-condition",
    "error",
    "refer to a declared question, with an operator that fits its type and values it allows",
)
def _conditions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    for loc, criterion in _criteria(rubric):
        try:
            compile_condition(criterion.when, questions)
        except ConditionError as exc:
            yield (*loc, "when", *exc.loc), exc.message


@check("SC106", "unknown-source", "error", "declare the source under `sources`, or fix the id")
def _citations(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    declared = {s.id for s in rubric.sources}
    for loc, citation in _all_citations(rubric):
        if citation.source not in declared:
            yield (*loc, "source"), f"cites '{citation.source}', which is not a declared source"


@check("SC201", "unused-question", "warning", "use the question in a criterion, or remove it")
def _unused_questions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    used = {q for _, k in _criteria(rubric) for q in referenced_questions(k.when)}
    for qi, q in enumerate(rubric.questions):
        if q.id not in used:
            yield ("questions", qi, "id"), f"question '{q.id}' is asked but no criterion uses it"


@check("SC202", "unused-source", "warning", "cite the source, or remove it")
def _unused_sources(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    cited = {c.source for _, c in _all_citations(rubric)}
    for si, s in enumerate(rubric.sources):
        if s.id not in cited:
            yield ("sources", si, "id"), f"source '{s.id}' is declared but never cited"


@check(
    "SC203",
    "stage-without-criteria",
    "warning",
    "give the cell criteria, or merge it with "
    "the cell below if the source does not tell the stages apart",
)
def _empty_cells(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells[1:], start=1):
            if not cell.criteria:
                yield (
                    ("dimensions", di, "cells", ci),
                    f"'{dim.id}' reaches {cell.stages[0]} with nothing to meet",
                )


def _criteria(rubric: Rubric) -> Iterator[tuple[Loc, Criterion]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            for ki, criterion in enumerate(cell.criteria):
                yield ("dimensions", di, "cells", ci, "criteria", ki), criterion


def _all_citations(rubric: Rubric) -> Iterator[tuple[Loc, Citation]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            base: Loc = ("dimensions", di, "cells", ci)
            for i, c in enumerate(cell.sources):
                yield (*base, "sources", i), c
            for ki, k in enumerate(cell.criteria):
                for i, c in enumerate(k.sources):
                    yield (*base, "criteria", ki, "sources", i), c
                for i, c in enumerate(k.advice.sources):
                    yield (*base, "criteria", ki, "advice", "sources", i), c
