"""What a schema cannot see in a rubric: its parts must fit together.

Each check has a permanent code and a name, and yields diagnostics located by their path in the
rubric file. Errors make a rubric unusable for scoring; warnings point at a weaker rubric.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from stagecheck.core.conditions import (
    Compare,
    ConditionError,
    compile_condition,
    referenced_questions,
)
from stagecheck.core.rubric import AllOf, AnyOf, Citation, Condition, Criterion, Question, Rubric

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
READING = (INVALID_YAML, INVALID_FORMAT, MISSING_ADVICE, BAD_OVERALL)


def reading_rule(error_type: str, loc: tuple[Any, ...], value: Any) -> Rule:
    """The code of one refusal of the rubric format, by where it is and what it is."""
    if loc and loc[-1] == "advice" and (error_type.startswith("missing") or value is None):
        return MISSING_ADVICE
    if loc and loc[0] == "overall":
        return BAD_OVERALL
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
        for oi, o in enumerate(q.options):
            if o.alone and q.type != "choices":
                yield (
                    ("questions", qi, "options", oi, "alone"),
                    f"only an option of a choices question can be chosen alone ('{q.id}')",
                )


@check(
    "SC105",
    "bad-condition",
    "error",
    "refer to a declared question, with an operator that fits its type and values it allows",
)
def _conditions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    for loc, criterion in _criteria(rubric):
        conditions: list[tuple[Loc, Condition]] = [(("when",), criterion.when)]
        if criterion.applies is not None:
            conditions.append((("applies", "when"), criterion.applies.when))
        for where, condition in conditions:
            try:
                compile_condition(condition, questions)
            except ConditionError as exc:
                yield (*loc, *where, *exc.loc), exc.message
    # a question asked only after an earlier answer: the interview asks in the rubric's order
    for qi, q in enumerate(rubric.questions):
        if q.asked_if is None:
            continue
        where = ("questions", qi, "asked_if", "when")
        try:
            compile_condition(q.asked_if.when, questions)
        except ConditionError as exc:
            yield (*where, *exc.loc), exc.message
            continue
        earlier = {e.id for e in rubric.questions[:qi]}
        for later in referenced_questions(q.asked_if.when):
            if later not in earlier:
                yield (
                    where,
                    (
                        f"'{q.id}' is asked only after '{later}', which comes after it (or is it): "
                        "move it below the questions it depends on"
                    ),
                )


@check("SC106", "unknown-source", "error", "declare the source under `sources`, or fix the id")
def _citations(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    declared = {s.id for s in rubric.sources}
    for loc, citation in _all_citations(rubric):
        if citation.source not in declared:
            yield (*loc, "source"), f"cites '{citation.source}', which is not a declared source"


@check(
    "SC108",
    "unmeetable-criterion",
    "error",
    "loosen the tests so that some answer meets them all (check the thresholds' direction); "
    "use `any` where either answer should do",
)
def _unmeetable(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    for loc, criterion in _criteria(rubric):
        needs = _requirements(criterion.when, questions)
        for qid, tests in needs.items():
            if _admits(questions[qid], tests):
                continue
            yield (
                (*loc, "when"),
                f"criterion '{criterion.id}' can never be met: no answer to '{qid}' is "
                f"{_describe(tests)}",
            )


@check(
    "SC109",
    "contradictory-criteria",
    "error",
    "make the criteria of a stage, and of the stages below it, agree on each question: "
    "a stage needs every one of them met at once",
)
def _contradictions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    questions = {q.id: q for q in rubric.questions}
    names = {s.id: s.name for s in rubric.stages}
    for di, dim in enumerate(rubric.dimensions):
        # what reaching the current cell needs: its criteria and those of every cell below
        earlier: list[tuple[str, str, dict[str, list[Compare]]]] = []
        for ci, cell in enumerate(dim.cells):
            for ki, criterion in enumerate(cell.criteria):
                needs = _requirements(criterion.when, questions)
                for qid, tests in needs.items():
                    if not _admits(questions[qid], tests):
                        continue  # unmeetable on its own: SC108
                    for other, stage, other_needs in earlier:
                        theirs = other_needs.get(qid)
                        if theirs and not _admits(questions[qid], [*theirs, *tests]):
                            yield (
                                ("dimensions", di, "cells", ci, "criteria", ki, "when"),
                                f"'{criterion.id}' needs '{qid}' {_describe(tests)}, but "
                                f"'{other}' ({names.get(stage, stage)}) needs it "
                                f"{_describe(theirs)}: no answer meets both, so "
                                f"'{dim.id}' can never reach {names.get(cell.stages[0])}",
                            )
                            break
                earlier.append((criterion.id, cell.stages[0], needs))


@check(
    "SC111",
    "criterion-beyond-its-cell",
    "error",
    "a cell criterion restates its cell and cites the table it comes from; move a condition "
    "the cell does not state (from other sources) under the cell's `practices`",
)
def _cell_criteria_cite_the_table(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    table = rubric.table
    if table is None:
        return
    if table not in {s.id for s in rubric.sources}:
        yield ("table",), f"`table` names '{table}', which is not a declared source"
        return
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            if all(c.source != table for c in cell.sources):
                yield (
                    ("dimensions", di, "cells", ci, "sources"),
                    f"a cell of '{dim.id}' does not cite the table '{table}' it comes from",
                )
    for loc, criterion in _criteria(rubric, practices=False):
        if all(c.source != table for c in criterion.sources):
            yield (
                (*loc, "sources"),
                f"cell criterion '{criterion.id}' cites nothing from the table '{table}': "
                "only the table's cells decide a stage",
            )


@check(
    "SC112",
    "bad-question-link",
    "error",
    "a derived question is a `choices` question whose options are partner sectors; a retired "
    "question names a declared group and is no longer a question",
)
def _question_links(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    from stagecheck.core.partnership import SECTORS

    for qi, q in enumerate(rubric.questions):
        if q.derived is None:
            continue
        if q.type != "choices":
            yield ("questions", qi, "type"), f"derived question '{q.id}' must be of type choices"
        for oi, o in enumerate(q.options):
            if o.value not in SECTORS:
                yield (
                    ("questions", qi, "options", oi, "value"),
                    f"'{o.value}' is not a partner sector; use one of {', '.join(SECTORS)}",
                )
    ids = {q.id for q in rubric.questions}
    groups = {g.id for g in rubric.groups}
    for ri, r in enumerate(rubric.retired):
        if r.id in ids:
            yield ("retired", ri, "id"), f"'{r.id}' is retired but still a question"
        if r.group not in groups:
            yield ("retired", ri, "group"), f"retired '{r.id}' names no declared group '{r.group}'"


@check(
    "SC113",
    "unknown-overall-dimension",
    "error",
    "list under `overall.dimensions` the ids of the dimensions that decide the overall stage, "
    "each once; leave it out for all of them",
)
def _overall_dimensions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    from stagecheck.core.words import did_you_mean, listing

    listed = rubric.overall.dimensions
    if listed is None:
        return
    ids = [d.id for d in rubric.dimensions]
    for i, dimension in enumerate(listed):
        if dimension not in ids:
            yield (
                ("overall", "dimensions", i),
                f"`overall.dimensions` names '{dimension}', which is not a dimension"
                f"{did_you_mean(dimension, ids)}; the dimensions are {listing(ids)}",
            )
        elif dimension in listed[:i]:
            yield (
                ("overall", "dimensions", i),
                f"`overall.dimensions` names '{dimension}' more than once",
            )


@check(
    "SC205",
    "no-table",
    "warning",
    "name under `table:` the source whose cells the stages come from, so that `rubric check` "
    "can tell the cells' criteria from practices",
)
def _table_declared(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    if rubric.table is None:
        yield ("id",), "the rubric does not say which source's cells decide its stages"


@check("SC201", "unused-question", "warning", "use the question in a criterion, or remove it")
def _unused_questions(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    used = {q for _, k in _criteria(rubric) for q in referenced_questions(k.when)}
    used |= {
        q for _, k in _criteria(rubric) if k.applies for q in referenced_questions(k.applies.when)
    }
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
    "SC204",
    "unexplained-span",
    "warning",
    "add a `note` to the cell saying why it spans several stages "
    "(the source merges or repeats the cells)",
)
def _unexplained_spans(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            if len(cell.stages) > 1 and not cell.note:
                yield (
                    ("dimensions", di, "cells", ci, "stages"),
                    f"a cell of '{dim.id}' spans {', '.join(cell.stages)} without a note "
                    "saying why",
                )


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


def _criteria(rubric: Rubric, *, practices: bool = True) -> Iterator[tuple[Loc, Criterion]]:
    """Every cell criterion, and every practice unless `practices` is false, with its place."""
    kinds = ("criteria", "practices") if practices else ("criteria",)
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            for kind in kinds:
                for ki, criterion in enumerate(getattr(cell, kind)):
                    yield ("dimensions", di, "cells", ci, kind, ki), criterion


def _all_citations(rubric: Rubric) -> Iterator[tuple[Loc, Citation]]:
    for di, dim in enumerate(rubric.dimensions):
        for ci, cell in enumerate(dim.cells):
            for i, c in enumerate(cell.sources):
                yield ("dimensions", di, "cells", ci, "sources", i), c
    for loc, k in _criteria(rubric):
        for i, c in enumerate(k.sources):
            yield (*loc, "sources", i), c
        for i, c in enumerate(k.advice.sources):
            yield (*loc, "advice", "sources", i), c


def _requirements(
    condition: Condition, questions: Mapping[str, Question]
) -> dict[str, list[Compare]]:
    """The tests a condition needs met whatever else holds, by question (`any` needs none
    for certain; tests on several-choice questions can always be met together)."""
    out: dict[str, list[Compare]] = {}
    if isinstance(condition, AnyOf):
        return out
    parts = condition.all if isinstance(condition, AllOf) else (condition,)
    for part in parts:
        if isinstance(part, AllOf | AnyOf):
            for qid, tests in _requirements(part, questions).items():
                out.setdefault(qid, []).extend(tests)
            continue
        try:
            test = compile_condition(part, questions)
        except ConditionError:
            continue  # SC105
        if isinstance(test, Compare) and questions[test.question].type != "choices":
            out.setdefault(test.question, []).append(test)
    return out


def _admits(question: Question, tests: Sequence[Compare]) -> bool:
    """Whether some answer to `question` passes every test."""
    values: set[Any] | None = None
    if question.type == "boolean":
        values = {True, False}
    elif question.type == "choice":
        values = {o.value for o in question.options}
    low: Any = question.minimum if question.type == "integer" else None
    high: Any = question.maximum if question.type == "integer" else None
    for test in tests:
        if test.operator in ("is", "in"):
            given = set(test.values[:1] if test.operator == "is" else test.values)
            values = given if values is None else values & given
        elif test.operator == "at_least":
            low = test.values[0] if low is None else max(low, test.values[0])
        elif test.operator == "at_most":
            high = test.values[0] if high is None else min(high, test.values[0])
    if values is not None:
        return any((low is None or v >= low) and (high is None or v <= high) for v in values)
    return low is None or high is None or low <= high


def _describe(tests: Sequence[Compare]) -> str:
    def one(test: Compare) -> str:
        shown = [_shown(v) for v in test.values]
        if test.operator == "in":
            return "one of " + ", ".join(shown)
        return f"{test.operator.replace('_', ' ')} {shown[0]}"

    return " and ".join(one(t) for t in tests)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
