"""`--fail-under` gates: `STAGE` for the overall stage, `DIMENSION=STAGE` for one dimension."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stagecheck.core.errors import UserError
from stagecheck.core.record import Record
from stagecheck.core.rubric import Rubric
from stagecheck.core.words import did_you_mean

if TYPE_CHECKING:
    from stagecheck.core.compiled import LoadedRubric


@dataclass(frozen=True, slots=True)
class Gate:
    dimension: str | None  # None: the overall stage
    stage: str
    number: int

    def __str__(self) -> str:
        return f"{self.dimension}={self.stage}" if self.dimension else self.stage


def parse_gates(specs: list[str], rubric: Rubric, *, lenient: bool = False) -> list[Gate]:
    """The gates that name this rubric's stages and dimensions. A gate that does not fit the
    rubric is a usage error, or, with `lenient` (a batch whose files use several rubrics),
    a gate that does not apply to files scored with this one."""
    stages = {s.id: i for i, s in enumerate(rubric.stages, start=1)}
    dimensions = [d.id for d in rubric.dimensions]
    gates = []
    for spec in specs:
        if lenient:
            with contextlib.suppress(UserError):
                gates += parse_gates([spec], rubric)
            continue
        dimension, equals, stage = spec.rpartition("=")
        if equals and not dimension:
            raise UserError(
                f"--fail-under {spec}: name the dimension before '=', or give a stage alone"
            )
        if dimension and dimension not in dimensions:
            raise UserError(
                f"--fail-under {spec}: no dimension '{dimension}'"
                f"{did_you_mean(dimension, dimensions)}; use one of {', '.join(dimensions)}"
            )
        if stage not in stages:
            raise UserError(
                f"--fail-under {spec}: no stage '{stage}'{did_you_mean(stage, stages)}; "
                f"use one of {', '.join(stages)}"
            )
        gates.append(Gate(dimension or None, stage, stages[stage]))
    return gates


def failed(gates: list[Gate], record: Record) -> list[Gate]:
    """The gates this record falls below."""
    numbers = {d.id: d.counts_as for d in record.dimensions}  # a merged cell: its top
    return [
        g
        for g in gates
        if (numbers[g.dimension] if g.dimension else record.overall.stage_number) < g.number
    ]


def check_gates(specs: list[str], first: LoadedRubric) -> None:
    """Before any file of a batch is scored: each gate must fit the first file's rubric (or
    the one given), or else one of the bundled rubrics (a folder may mix them); a gate that
    fits none is a usage error, reported against the rubric with a near miss."""
    from stagecheck.core.compiled import bundled, load_rubric

    candidates = [first.rubric]
    candidates += [load_rubric(ref).rubric for ref in bundled() if ref != first.rubric.id]
    for spec in specs:
        if any(parse_gates([spec], r, lenient=True) for r in candidates):
            continue
        problems = []
        for r in candidates:
            try:
                parse_gates([spec], r)
            except UserError as exc:
                problems.append(exc)
        raise next((p for p in problems if "did you mean" in str(p)), problems[0])


# `--fail-on-missed-target`: a target whose date has passed unmet fails like a gate. Its gate
# is named apart from `--fail-under` gates, so a batch's rows and messages can tell them apart.
MISSED = "target "


def missed(record: Record) -> list[str]:
    """The overdue targets of a record, named as gates: `target leadership=regional by 2026-01`."""
    return [
        f"{MISSED}{t.dimension}={t.stage} by {t.by_written}"
        for t in record.targets
        if t.status == "overdue"
    ]


def failure(gate: str) -> str:
    """What a failed gate says on stderr."""
    if gate.startswith(MISSED):
        return f"missed the {gate} (--fail-on-missed-target)"
    return f"below the gate --fail-under {gate}"
