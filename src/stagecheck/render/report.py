"""What the Markdown and HTML reports say, chosen from the one result record.

Selections only: every stage, outcome and step comes from the record as the scorer made it;
nothing is scored again here. Both report formats read these, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from stagecheck.outcome import Outcome
from stagecheck.record import CriterionResult, DimensionResult, Record, Step

OUTCOME_WORDS = {
    Outcome.MET: "met",
    Outcome.NOT_MET: "not yet",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.UNKNOWN: "not answered yet",
}
RULE_WORDS = {
    "weakest": "the highest stage every dimension has reached",
    "mean": "the mean maturity index, rounded down",
}


def sentence(text: str) -> str:
    """Text ended as a sentence: a full stop added unless it ends with one already (or with
    a question or exclamation mark), so that joined text never reads "practice?." """
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def shared_path(path: str) -> str:
    """A file's path as a report meant for others may show it: relative to the working folder
    when it is inside it, else its name alone; never an absolute path, which would carry
    the user's home folder (the JSON record keeps the path as given)."""
    import os.path
    from pathlib import Path

    here, full = Path.cwd().absolute(), Path(os.path.normpath(Path(path).absolute()))
    return str(full.relative_to(here)) if full.is_relative_to(here) else full.name


def rubric_origin(record: Record) -> str:
    """Where the rubric came from, for a report's footer: bundled with stagecheck (the id and
    version say which), or its file as `shared_path` shows it."""
    from pathlib import Path

    from stagecheck.rubrics import rubrics_dir

    path = Path(record.rubric.path)
    if path.parent.resolve() == rubrics_dir().resolve():
        return "bundled with stagecheck"
    return shared_path(record.rubric.path)


def stage_names(record: Record) -> dict[str, str]:
    return {s.id: s.name for s in record.stages}


def partners_line(record: Record) -> str:
    return "; ".join(
        f"{p.name} ({', '.join(x for x in (p.sector, p.phase) if x)})"
        for p in record.partnership.partners
    )


def strengths(record: Record) -> list[DimensionResult]:
    """The dimensions that have gone beyond the overall stage, furthest first."""
    above = [d for d in record.dimensions if d.stage_number > record.overall.stage_number]
    return sorted(above, key=lambda d: -d.index)


@dataclass(frozen=True, slots=True)
class Holding:
    """What stands between one dimension and its next stage."""

    dimension: DimensionResult
    criteria: list[CriterionResult]  # the next stage's counted criteria not yet met


def holding_back(record: Record) -> list[Holding]:
    return [
        Holding(
            d,
            [
                c
                for c in d.criteria
                if c.stage == d.next_stage and c.counts and c.outcome is not Outcome.MET
            ],
        )
        for d in record.dimensions
        if d.next_stage is not None
    ]


@dataclass(frozen=True, slots=True)
class PlanSection:
    title: str
    steps: list[Step]


def action_plan(record: Record) -> list[PlanSection]:
    """The first steps, then every other next step under its dimension, each step once."""
    first = record.first_steps
    seen = {(s.dimension, s.criterion, s.question) for s in first}
    sections = [PlanSection("Start with these", first)] if first else []
    for d in record.dimensions:
        rest = [s for s in d.next_steps if (s.dimension, s.criterion, s.question) not in seen]
        if rest:
            names = stage_names(record)
            towards = f" (towards {names[d.next_stage]})" if d.next_stage else ""
            sections.append(PlanSection(f"{d.name}{towards}", rest))
    return sections


def dimension_name(record: Record, dimension_id: str) -> str:
    return next((d.name for d in record.dimensions if d.id == dimension_id), dimension_id)


def overall_sentence(record: Record) -> str:
    o = record.overall
    names = stage_names(record)
    provisional = " (provisional)" if o.provisional else ""
    rule = RULE_WORDS.get(o.rule, o.rule)
    return (
        f"{names[o.stage]}{provisional}: stage {o.stage_number} of {len(record.stages)}, "
        f"{rule}; maturity index {o.index:.1f} of {len(record.stages)}."
    )


def held_by(record: Record) -> list[str]:
    return [d.name for d in record.dimensions if d.id in record.overall.holding_back]
