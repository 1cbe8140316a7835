"""The checks that the parts of a rubric fit together: ids, stage coverage, groups, questions
and options, sources and citations, the table, derived and retired questions, the overall rule,
and the warnings for a weaker rubric."""

from __future__ import annotations

from collections.abc import Iterator

from stagecheck.core.checks.registry import Loc, check, citations_of, criteria_of, duplicates
from stagecheck.core.conditions import (
    referenced_questions,
)
from stagecheck.core.rubric import Rubric


@check(
    "SC101",
    "duplicate-id",
    "error",
    "give each stage, group, question, option, dimension, criterion, practice, retired question "
    "and source an id of its own",
)
def _unique_ids(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    for key in ("sources", "stages", "groups", "questions", "dimensions"):
        items: list[tuple[Loc, str]] = [
            ((key, i, "id"), item.id) for i, item in enumerate(getattr(rubric, key))
        ]
        yield from duplicates(items, key[:-1])
    for qi, q in enumerate(rubric.questions):
        options: list[tuple[Loc, str]] = [
            (("questions", qi, "options", oi, "value"), o.value) for oi, o in enumerate(q.options)
        ]
        yield from duplicates(options, "option")
    # criteria and practices share one namespace across the whole rubric: a report, a step
    # and `rubric diff` name each by its id alone
    first: dict[str, str] = {}
    for loc, k in criteria_of(rubric):
        what = "criterion" if loc[4] == "criteria" else "practice"
        if k.id in first:
            yield (
                (*loc, "id"),
                f"{what} id '{k.id}' is used more than once (first by a {first[k.id]})",
            )
        else:
            first[k.id] = what
    retired: list[tuple[Loc, str]] = [
        (("retired", i, "id"), r.id) for i, r in enumerate(rubric.retired)
    ]
    yield from duplicates(retired, "retired question")


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


# the keys of an answer written as a mapping; a choose-all answer may also be a mapping of
# its options to yes/no, so no option of a `choices` question may be one of them


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


@check("SC106", "unknown-source", "error", "declare the source under `sources`, or fix the id")
def _citations(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    declared = {s.id for s in rubric.sources}
    for loc, citation in citations_of(rubric):
        if citation.source not in declared:
            yield (*loc, "source"), f"cites '{citation.source}', which is not a declared source"


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
    for loc, criterion in criteria_of(rubric, practices=False):
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
    used = {q for _, k in criteria_of(rubric) for q in referenced_questions(k.when)}
    used |= {
        q for _, k in criteria_of(rubric) if k.applies for q in referenced_questions(k.applies.when)
    }
    for qi, q in enumerate(rubric.questions):
        if q.id not in used:
            yield ("questions", qi, "id"), f"question '{q.id}' is asked but no criterion uses it"


@check("SC202", "unused-source", "warning", "cite the source, or remove it")
def _unused_sources(rubric: Rubric) -> Iterator[tuple[Loc, str]]:
    cited = {c.source for _, c in citations_of(rubric)}
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
