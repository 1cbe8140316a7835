"""The rubric line of the lean jsonl lines (schema version 5), and the tables lean lines are
built with (renderers/jsonl_lean.py).

A rubric line holds what a rubric fixes, by id: each dimension's name and the cells it can
reach (by their first stage), each criterion's text, each step's text, effort, owner and
sources (by criterion and kind; an `answer` step also by its question, an `evidence` step by
`more`, how many other claims of its row rest on assertion), and the `defaults` of the keys a
lean record leaves out. `Fixed` holds the same values as the scorer's own objects, so that a
record's are told apart from them by identity first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stagecheck.core import strength
from stagecheck.core.errors import UserError
from stagecheck.core.outcome import ASSERTED, Outcome
from stagecheck.core.record import SCHEMA_VERSION, Record, Step, as_dict

if TYPE_CHECKING:
    from stagecheck.core.compiled import LoadedRubric

VERSION = 5  # of the jsonl lines; a rebuilt record is the `json` record of SCHEMA_VERSION

# The keys a lean line leaves out at these values (written in the rubric line as `defaults`).
DEFAULTS: dict[str, dict[str, Any]] = {
    "record": {
        "targets": [],
        "targets_as_of": None,
        "respondent": None,
        "evidence": None,
        "warnings": [],
    },
    "dimension": {
        "provisional": False,
        "unconfirmed": [],
        "conflicts": [],
        "progress": 0.0,
        "practices": [],
        "next_steps": [],
        "questions_to_answer": [],
        "questions_to_confirm": [],
        "evidence_weakest": ASSERTED,  # the commonest values, not the record's defaults
        "evidence_strongest": ASSERTED,
    },
    "criterion": {
        "outcome": Outcome.MET.value,
        "counts": True,
        "reason": None,
        "strength": ASSERTED,
        "set_aside": False,
    },
    "evidence_item": {"link": None},
    "step": {"kind": "act", "question": None, "more": 0},
}

# Fixed by the rubric: per dimension, per cell reached (by its first stage), per criterion, per
# step. In the order of the record's fields.
DIMENSION = ("name", "decides_overall")
CELL = (
    "stage_number",
    "span",
    "counts_as",
    "stage_label",
    "descriptor",
    "next_stage",
    "next_descriptor",
)
CRITERION = ("stage", "text", "practice", "questions", "sources")
STEP = ("dimension", "text", "effort", "owner", "sources")


@dataclass(frozen=True, slots=True)
class Fixed:
    """A rubric's fixed values, as the scorer's own objects."""

    rubric: dict[str, Any]  # the rubric line's `rubric`
    stages: list[Any]
    stage_pairs: list[tuple[str, str]]  # (id, name) of each stage, as a record's are compared
    dimensions: dict[str, tuple[Any, ...]]  # values of DIMENSION
    cells: dict[tuple[str, str], tuple[Any, ...]]  # (dimension, stage) -> values of CELL
    reasons: dict[tuple[str, str], str]  # the reason of a last cell, the same in every file
    criteria: dict[str, tuple[Any, ...]]  # values of CRITERION, then its question if only one
    steps: dict[tuple[str, str, str | None], Step]  # (criterion, kind, question)
    evidence: dict[str, list[Step]]  # criterion -> the evidence step by `more`
    more: dict[str, dict[str, int]]  # criterion -> an evidence step's text -> its `more`


def fixed(loaded: LoadedRubric) -> Fixed:
    from stagecheck.core.reasons import dimension_reason, stage_label
    from stagecheck.core.record import CriterionResult, StageRef

    r = loaded.rubric
    dimensions: dict[str, tuple[Any, ...]] = {}
    cells: dict[tuple[str, str], tuple[Any, ...]] = {}
    reasons: dict[tuple[str, str], str] = {}
    criteria: dict[str, tuple[Any, ...]] = {}
    steps: dict[tuple[str, str, str | None], Step] = {}
    evidence: dict[str, list[Step]] = {}
    for dim in loaded.dimensions:
        d = dim.dimension
        decides = r.overall.decides(d.id)
        dimensions[d.id] = (d.name, decides)
        for at, cell in enumerate(dim.cells):
            stages = cell.cell.stages
            following = dim.cells[at + 1].cell if at + 1 < len(dim.cells) else None
            label = stage_label(loaded, stages, cell.cell.descriptor)
            cells[d.id, stages[0]] = (
                loaded.stage_number[stages[0]],
                list(stages),
                loaded.stage_number[stages[-1]],
                label if decides else cell.cell.descriptor,
                cell.cell.descriptor,
                following.stages[0] if following else None,
                following.descriptor if following else None,
            )
            if following is None:  # worded as the scorer words it, with no conflict before it
                beside = None if decides else ""
                reasons[d.id, stages[0]] = dimension_reason(
                    loaded, stages, None, [], [], [], [], beside
                )
            for c in cell.criteria:
                # the evidence step as the scorer words it, with 0, 1, ... other claims of the
                # row resting on assertion beside it
                result = CriterionResult(
                    id=c.criterion.id,
                    stage=c.stage,
                    text=c.criterion.text,
                    outcome=Outcome.MET,
                    counts=True,
                    questions=c.questions,
                    evidence=[],
                    sources=c.sources,
                )
                evidence[c.criterion.id] = [
                    strength.steps(dim, [result] * n, {id(result): c}, None)[0]
                    for n in range(1, len(cell.criteria) + 1)
                ]
        for criterion_id, c in dim.criteria.items():
            only = c.questions[0] if len(c.questions) == 1 else None
            criteria[criterion_id] = (
                *(c.stage, c.criterion.text, c.practice, c.questions, c.sources),
                only,
            )
            steps[criterion_id, c.act.kind, None] = c.act
            for q, step in c.ask.items():
                steps[criterion_id, "answer", q] = step
    return Fixed(
        rubric={
            "id": r.id,
            "version": r.version,
            "title": r.title,
            "path": loaded.path,
            "sha256": loaded.sha256,
        },
        stages=[StageRef(id=s.id, name=s.name) for s in r.stages],
        stage_pairs=[(s.id, s.name) for s in r.stages],
        dimensions=dimensions,
        cells=cells,
        reasons=reasons,
        criteria=criteria,
        steps=steps,
        evidence=evidence,
        more={k: {s.text: n for n, s in enumerate(v)} for k, v in evidence.items()},
    )


def rubric_line(loaded: LoadedRubric) -> dict[str, Any]:
    """The rubric line: what lean records of this rubric leave to it, by id."""
    f = _TABLES.get(loaded.sha256) or fixed(loaded)
    _TABLES[loaded.sha256] = f
    dimensions: dict[str, Any] = {
        d: {**dict(zip(DIMENSION, values, strict=True)), "cells": {}}
        for d, values in f.dimensions.items()
    }
    for (d, stage), values in f.cells.items():
        dimensions[d]["cells"][stage] = dict(zip(CELL, values, strict=True))
        if (d, stage) in f.reasons:
            dimensions[d]["cells"][stage]["reason"] = f.reasons[d, stage]
    steps: dict[str, dict[str, Any]] = {c: {} for c in f.criteria}
    for (c, kind, q), step in f.steps.items():
        if q is None:
            steps[c][kind] = _fixed_step(step)
        else:
            steps[c].setdefault(kind, {})[q] = _fixed_step(step)
    for c, by_more in f.evidence.items():
        steps[c]["evidence"] = [_fixed_step(s) for s in by_more]
    return {
        "schema_version": VERSION,
        "type": "rubric",
        "record_version": SCHEMA_VERSION,
        "rubric": f.rubric,
        "stages": as_dict(f.stages),
        "defaults": DEFAULTS,
        "dimensions": dimensions,
        "criteria": {
            c: dict(zip(CRITERION, as_dict(values[: len(CRITERION)]), strict=True))
            for c, values in f.criteria.items()
        },
        "steps": steps,
    }


def _fixed_step(step: Step) -> dict[str, Any]:
    return {key: as_dict(getattr(step, key)) for key in STEP}


_TABLES: dict[str, Fixed | None] = {}  # by the rubric's sha256, in each worker


def table(record: Record) -> Fixed | None:
    sha = record.rubric.sha256
    if sha not in _TABLES:
        from stagecheck.core.compiled import load_rubric

        try:
            loaded = load_rubric(record.rubric.path)
        except UserError:  # changed or gone since it was scored: the record is written whole
            loaded = None
        _TABLES[sha] = fixed(loaded) if loaded is not None and loaded.sha256 == sha else None
    return _TABLES[sha]
