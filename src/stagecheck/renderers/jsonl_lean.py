"""The lean jsonl line (schema version 5) and the rubric line it is read with.

What a rubric fixes is written once, in the rubric line, and a record names it: a dimension's
name and its cell reached (by `stage`), a criterion's text by its id, a step's text, effort,
owner and sources by its criterion and kind (an `answer` step also by its question, an
`evidence` step by `more`, how many other claims of its row rest on assertion). A key at its
default (the rubric line's `defaults`) is left out, and a criterion's `evidence` where it is the
notes of its `evidence_items`. Anything a file changed (a step reworded for its answers, an
owner named for its assessor) differs from the fixed value and is written: the line loses
nothing (tests/test_jsonl_lean.py rebuilds every example's `json` record from it).

Built for orjson in the workers: the record's small dataclasses (tool, input, partnership,
overall, targets) go to orjson as they are; dimensions, criteria and steps become dicts of
only what the file decides. The dict shares the record's lists: encode it before the record
changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stagecheck.core import strength
from stagecheck.core.errors import UserError
from stagecheck.core.outcome import ASSERTED, Outcome
from stagecheck.core.record import (
    SCHEMA_VERSION,
    CriterionResult,
    DimensionResult,
    EvidenceItem,
    Record,
    Step,
    as_dict,
)

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
    """A rubric's fixed values, as the scorer's own objects (compared by identity first)."""

    rubric: dict[str, Any]  # the rubric line's `rubric`
    stages: list[Any]
    dimensions: dict[str, tuple[Any, ...]]  # values of DIMENSION
    cells: dict[tuple[str, str], tuple[Any, ...]]  # (dimension, stage) -> values of CELL
    reasons: dict[tuple[str, str], str]  # the reason of a last cell, the same in every file
    criteria: dict[str, tuple[Any, ...]]  # values of CRITERION
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
            criteria[criterion_id] = (c.stage, c.criterion.text, c.practice, c.questions, c.sources)
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
            c: dict(zip(CRITERION, as_dict(values), strict=True))
            for c, values in f.criteria.items()
        },
        "steps": steps,
    }


def _fixed_step(step: Step) -> dict[str, Any]:
    return {key: as_dict(getattr(step, key)) for key in STEP}


_TABLES: dict[str, Fixed | None] = {}  # by the rubric's sha256, in each worker


def _table(record: Record) -> Fixed | None:
    sha = record.rubric.sha256
    if sha not in _TABLES:
        from stagecheck.core.compiled import load_rubric

        try:
            loaded = load_rubric(record.rubric.path)
        except UserError:  # changed or gone since it was scored: the record is written whole
            loaded = None
        _TABLES[sha] = fixed(loaded) if loaded is not None and loaded.sha256 == sha else None
    return _TABLES[sha]


def lean(record: Record) -> dict[str, Any]:
    """The lean line of a record: what this file decides, the rubric's fixed values by id."""
    f = _table(record)
    if f is None:  # no rubric line to lean on: every key written
        return {"schema_version": VERSION, "type": "assessment", **_whole(record)}
    ref = record.rubric
    rubric = {"id": ref.id, "sha256": ref.sha256}
    for key in ("version", "title", "path"):
        if getattr(ref, key) != f.rubric[key]:
            rubric[key] = getattr(ref, key)
    data: dict[str, Any] = {
        "schema_version": VERSION,
        "type": "assessment",
        "tool": record.tool,
        "rubric": rubric,
        "input": record.input,
        "partnership": record.partnership,
    }
    if record.stages != f.stages:
        data["stages"] = record.stages
    by_question = _answer_evidence(record, f)
    if by_question:
        data["answer_evidence"] = {q: [_item(i) for i in v] for q, v in by_question.items()}
    data["dimensions"] = [_dimension(d, f, by_question) for d in record.dimensions]
    data["overall"] = record.overall
    data["first_steps"] = [_step(s, f) for s in record.first_steps]
    if record.targets:
        data["targets"] = record.targets
    if record.targets_as_of is not None:
        data["targets_as_of"] = record.targets_as_of
    if record.respondent is not None:
        data["respondent"] = record.respondent
    if record.evidence is not None:
        data["evidence"] = record.evidence
    if record.warnings:
        data["warnings"] = record.warnings
    return data


def _whole(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = as_dict(record)
    del data["schema_version"]
    return data


def _dimension(
    d: DimensionResult, f: Fixed, by_question: dict[str, list[EvidenceItem]]
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id, "stage": d.stage}
    fixed_dim = f.dimensions.get(d.id)
    cell = f.cells.get((d.id, d.stage))
    if fixed_dim is None or cell is None:  # not of this rubric: written whole
        out.update(zip(DIMENSION, (d.name, d.decides_overall), strict=True))
        fixed_dim = cell = ()
    else:
        if d.name != fixed_dim[0]:
            out["name"] = d.name
        if d.decides_overall is not fixed_dim[1]:
            out["decides_overall"] = d.decides_overall
    values = (
        d.stage_number,
        d.span,
        d.counts_as,
        d.stage_label,
        d.descriptor,
        d.next_stage,
        d.next_descriptor,
    )
    if values != cell:
        out.update((k, v) for k, v, c in _differ(CELL, values, cell))
    if d.provisional:
        out["provisional"] = True
    if d.unconfirmed:
        out["unconfirmed"] = d.unconfirmed
    if d.conflicts:
        out["conflicts"] = d.conflicts
    if d.progress != 0.0:
        out["progress"] = d.progress
    out["index"] = d.index
    reason = d.reason
    lead = d.conflicts[0].message + " " if d.conflicts else None
    if lead is not None and reason.startswith(lead):  # the conflict's message is written once
        out["reason_after_conflict"] = reason[len(lead) :]
    elif lead is not None or reason != f.reasons.get((d.id, d.stage)):
        out["reason"] = reason
    out["criteria"] = [_criterion(r, f, by_question) for r in d.criteria]
    if d.practices:
        out["practices"] = [_criterion(r, f, by_question) for r in d.practices]
    if d.next_steps:
        out["next_steps"] = [_step(s, f) for s in d.next_steps]
    if d.questions_to_answer:
        out["questions_to_answer"] = d.questions_to_answer
    if d.questions_to_confirm:
        out["questions_to_confirm"] = d.questions_to_confirm
    if d.evidence_weakest != ASSERTED:
        out["evidence_weakest"] = d.evidence_weakest
    if d.evidence_strongest != ASSERTED:
        out["evidence_strongest"] = d.evidence_strongest
    return out


def _differ(
    keys: tuple[str, ...], values: tuple[Any, ...], fixed: tuple[Any, ...]
) -> list[tuple[str, Any, Any]]:
    """The keys whose value is not the fixed one (all of them where nothing is fixed)."""
    if not fixed:
        return [(k, v, None) for k, v in zip(keys, values, strict=True)]
    return [(k, v, c) for k, v, c in zip(keys, values, fixed, strict=True) if v is not c and v != c]


def _answer_evidence(record: Record, f: Fixed) -> dict[str, list[EvidenceItem]]:
    """Each answer's evidence, once: a criterion's is that of its questions, in their order."""
    by_question: dict[str, list[EvidenceItem]] = {}
    for d in record.dimensions:
        for r in (*d.criteria, *d.practices):
            for i in r.evidence_items:
                q = i.question
                if q not in by_question:
                    by_question[q] = [j for j in r.evidence_items if j.question == q]
    return by_question


def _criterion(
    r: CriterionResult, f: Fixed, by_question: dict[str, list[EvidenceItem]]
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id}
    c = f.criteria.get(r.id, ())
    t = r.text
    if not c or t is not c[1] or r.questions is not c[3] or r.sources is not c[4]:
        values = (r.stage, t, r.practice, r.questions, r.sources)
        out.update((k, v) for k, v, _ in _differ(CRITERION, values, c))
    elif r.stage != c[0] or r.practice is not c[2]:
        out.update((k, v) for k, v, _ in _differ(CRITERION[::2], (r.stage, r.practice), c[::2]))
    if r.outcome is not Outcome.MET:
        out["outcome"] = r.outcome
    if not r.counts:
        out["counts"] = False
    if r.reason is not None:
        out["reason"] = r.reason
    items = r.evidence_items
    if items or any(q in by_question for q in c[3] if c):
        derived = [i for q in c[3] if c for i in by_question.get(q, ())] if c else None
        if items != derived:  # not its questions' evidence: written as it is
            out["evidence"] = r.evidence
            out["evidence_items"] = items
        elif r.evidence != [i.note for i in items]:
            out["evidence"] = r.evidence
    elif r.evidence:
        out["evidence"] = r.evidence
    if r.strength != ASSERTED:
        out["strength"] = r.strength
    if r.set_aside:
        out["set_aside"] = True
    return out


def _item(i: EvidenceItem) -> dict[str, Any]:
    if i.link is None:
        return {"kind": i.kind, "note": i.note}
    return {"kind": i.kind, "note": i.note, "link": i.link}


def _step(s: Step, f: Fixed) -> dict[str, Any]:
    out: dict[str, Any] = (
        {"criterion": s.criterion}
        if s.kind == "act"
        else {"kind": s.kind, "criterion": s.criterion}
    )
    if s.question is not None:
        out["question"] = s.question
    base: Step | None
    if s.kind == "evidence":
        by_more = f.evidence.get(s.criterion)
        more = f.more[s.criterion].get(s.text) if by_more else None
        if more:
            out["more"] = more
        base = by_more[more or 0] if by_more else None
    else:
        base = f.steps.get((s.criterion, s.kind, s.question))
    if base is None:
        out.update((k, getattr(s, k)) for k in STEP)
    elif s is not base:
        values = (s.dimension, s.text, s.effort, s.owner, s.sources)
        fixed = (base.dimension, base.text, base.effort, base.owner, base.sources)
        out.update((k, v) for k, v, _ in _differ(STEP, values, fixed))
    return out
