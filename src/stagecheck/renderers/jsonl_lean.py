"""The lean jsonl line (schema version 5): what one file decides, read with its rubric line
(renderers/jsonl_rubric.py).

What a rubric fixes is written once, in the rubric line, and a record names it: a dimension's
name and its cell reached (by `stage`), a criterion's text by its id, a step's text, effort,
owner and sources by its criterion and kind (an `answer` step also by its question, an
`evidence` step by `more`, how many other claims of its row rest on assertion). A key at its
default (the rubric line's `defaults`) is left out, and a criterion's `evidence` where it is the
notes of its `evidence_items`. Anything a file changed (a step reworded for its answers, an
owner named for its assessor) differs from the fixed value and is written: the line loses
nothing (tests/test_jsonl_lean.py rebuilds every example's `json` record from it). A record
not of its rubric's tables (a dimension, cell or criterion the rubric does not have) is
written whole where it differs.

Built for orjson in the workers: the record's small dataclasses (tool, input, partnership,
overall, targets) go to orjson as they are; dimensions, criteria and steps become dicts of
only what the file decides. The dict shares the record's lists: encode it before the record
changes. It runs once per file of a batch, so it is written as plain loops (no comprehension
or call per criterion) and tests the common values first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stagecheck.core.outcome import ASSERTED, Outcome
from stagecheck.core.record import (
    CriterionResult,
    DimensionResult,
    EvidenceItem,
    Record,
    Step,
    as_dict,
)
from stagecheck.renderers.jsonl_rubric import CELL, CRITERION, VERSION, Fixed, table

__all__ = ["VERSION", "lean"]

_MET = Outcome.MET
_NONE: list[EvidenceItem] = []  # no evidence (only compared, never changed)


def lean(record: Record) -> dict[str, Any]:
    """The lean line of a record: what this file decides, the rubric's fixed values by id."""
    f = table(record)
    if f is None:  # no rubric line to lean on: every key written
        return {"schema_version": VERSION, "type": "assessment", **_whole(record)}
    ref = record.rubric
    fixed = f.rubric
    rubric = {"id": ref.id, "sha256": ref.sha256}
    if ref.version != fixed["version"]:
        rubric["version"] = ref.version
    if ref.title != fixed["title"]:
        rubric["title"] = ref.title
    if ref.path != fixed["path"]:
        rubric["path"] = ref.path
    data: dict[str, Any] = {
        "schema_version": VERSION,
        "type": "assessment",
        "tool": record.tool,
        "rubric": rubric,
        "input": record.input,
        "partnership": record.partnership,
    }
    if [(s.id, s.name) for s in record.stages] != f.stage_pairs:
        data["stages"] = record.stages
    by_question, written = _answer_evidence(record)
    if written:
        data["answer_evidence"] = written
    data["dimensions"] = [_dimension(d, f, by_question) for d in record.dimensions]
    data["overall"] = record.overall
    data["first_steps"] = _steps(record.first_steps, f)
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


def _answer_evidence(
    record: Record,
) -> tuple[dict[str, list[EvidenceItem]], dict[str, list[dict[str, Any]]]]:
    """Each answer's evidence, once (a criterion's is that of its questions, in their order),
    and the same as the line writes it."""
    by_question: dict[str, list[EvidenceItem]] = {}
    written: dict[str, list[dict[str, Any]]] = {}
    for d in record.dimensions:
        for results in (d.criteria, d.practices):
            for r in results:
                items = r.evidence_items
                if not items:
                    continue
                for i in items:
                    q = i.question
                    if q in by_question:
                        continue
                    same = [i] if len(items) == 1 else [j for j in items if j.question == q]
                    by_question[q] = same
                    written[q] = out = []
                    for j in same:
                        if j.link is None:
                            out.append({"kind": j.kind, "note": j.note})
                        else:
                            out.append({"kind": j.kind, "note": j.note, "link": j.link})
    return by_question, written


def _dimension(
    d: DimensionResult, f: Fixed, by_question: dict[str, list[EvidenceItem]]
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id, "stage": d.stage}
    fixed_dim = f.dimensions.get(d.id)
    cell = f.cells.get((d.id, d.stage))
    if fixed_dim is None or cell is None:  # not of this rubric: written whole
        out["name"] = d.name
        out["decides_overall"] = d.decides_overall
        cell = ()
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
        out.update(_differ(CELL, values, cell))
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
    out["criteria"] = _criteria(d.criteria, f, by_question)
    if d.practices:
        out["practices"] = _criteria(d.practices, f, by_question)
    if d.next_steps:
        out["next_steps"] = _steps(d.next_steps, f)
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
) -> list[tuple[str, Any]]:
    """The keys whose value is not the fixed one, with it (all of them where nothing is fixed)."""
    if not fixed:
        return list(zip(keys, values, strict=True))
    return [(k, v) for k, v, c in zip(keys, values, fixed, strict=True) if v is not c and v != c]


def _criteria(
    results: Sequence[CriterionResult], f: Fixed, by_question: dict[str, list[EvidenceItem]]
) -> list[dict[str, Any]]:
    criteria = f.criteria
    written = []
    for r in results:
        out: dict[str, Any] = {"id": r.id}
        c = criteria.get(r.id)
        if c is None:  # not of this rubric: written whole
            values = (r.stage, r.text, r.practice, r.questions, r.sources)
            out.update(_differ(CRITERION, values, ()))
        elif r.text is not c[1] or r.questions is not c[3] or r.sources is not c[4]:
            values = (r.stage, r.text, r.practice, r.questions, r.sources)
            out.update(_differ(CRITERION, values, c[:5]))
        else:
            if r.stage != c[0]:
                out["stage"] = r.stage
            if r.practice is not c[2]:
                out["practice"] = r.practice
        if r.outcome is not _MET:
            out["outcome"] = r.outcome
        if not r.counts:
            out["counts"] = False
        if r.reason is not None:
            out["reason"] = r.reason
        # its evidence is left to `answer_evidence` where it is its questions', in their order
        items = r.evidence_items
        derived: list[EvidenceItem] | None
        if c is None:  # no questions of the rubric's to take it from
            derived = None
        elif (q := c[5]) is not None:  # the commonest: one question
            derived = by_question.get(q, _NONE)
        else:
            derived = [i for q in c[3] for i in by_question.get(q, ())]
        if items != derived:
            out["evidence"] = r.evidence
            out["evidence_items"] = items
        elif not items:
            if r.evidence:
                out["evidence"] = r.evidence
        elif len(items) == 1:
            evidence = r.evidence
            if len(evidence) != 1 or evidence[0] != items[0].note:
                out["evidence"] = evidence
        elif r.evidence != [i.note for i in items]:
            out["evidence"] = r.evidence
        if r.strength != ASSERTED:
            out["strength"] = r.strength
        if r.set_aside:
            out["set_aside"] = True
        written.append(out)
    return written


def _steps(steps: Sequence[Step], f: Fixed) -> list[dict[str, Any]]:
    written = []
    for s in steps:
        kind = s.kind
        criterion = s.criterion
        out: dict[str, Any] = (
            {"criterion": criterion} if kind == "act" else {"kind": kind, "criterion": criterion}
        )
        if s.question is not None:
            out["question"] = s.question
        base: Step | None
        if kind == "evidence":  # by `more`, which its text tells
            by_more = f.evidence.get(criterion)
            if by_more:
                more = f.more[criterion].get(s.text)
                if more:
                    out["more"] = more
                base = by_more[more or 0]
            else:
                base = None
        else:
            base = f.steps.get((criterion, kind, s.question))
        if base is None:  # the keys of STEP, in its order, as below
            out["dimension"] = s.dimension
            out["text"] = s.text
            out["effort"] = s.effort
            out["owner"] = s.owner
            out["sources"] = s.sources
        elif s is not base:
            if s.dimension != base.dimension:
                out["dimension"] = s.dimension
            if s.text != base.text:
                out["text"] = s.text
            if s.effort != base.effort:
                out["effort"] = s.effort
            if s.owner != base.owner:
                out["owner"] = s.owner
            if s.sources != base.sources:
                out["sources"] = s.sources
        written.append(out)
    return written
