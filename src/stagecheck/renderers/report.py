"""What the Markdown and HTML reports say, chosen from the one result record.

Selections only: every stage, outcome and step comes from the record as the scorer made it;
nothing is scored again here. Both report formats read these, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import CriterionResult, DimensionResult, Record, Step
from stagecheck.core.words import profile_figure

if TYPE_CHECKING:
    pass

OUTCOME_WORDS = {
    Outcome.MET: "met",
    Outcome.NOT_MET: "not yet",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.UNKNOWN: "not answered yet",
}
# The headline's two figures, defined once: the README and `explain` say the same.
RULE_WORDS = {
    "weakest": "the stage of the weakest dimension",
    "mean": "the profile, rounded down to a stage",
}
PROFILE_WORDS = (
    "the average position of the dimensions (each one's stage, plus its progress towards the "
    "next; a cell the source gives for several stages counts as the last of them): a summary "
    "beside the stage, not a stage"
)


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

    from stagecheck.core.compiled import rubrics_dir

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
    """The deciding dimensions that have gone beyond the overall stage, furthest first."""
    above = [d for d in deciding(record) if d.counts_as > record.overall.stage_number]
    return sorted(above, key=lambda d: -d.index)


def practices_in_place(record: Record) -> list[tuple[DimensionResult, CriterionResult]]:
    """Practices from the literature that the partnership already has: strengths that decide
    no stage."""
    return [(d, p) for d in record.dimensions for p in d.practices if p.outcome is Outcome.MET]


def markers(d: DimensionResult) -> list[str]:
    """What qualifies a dimension's stage, in words every report uses."""
    out = []
    if d.provisional:
        out.append("provisional")
    if d.unconfirmed:
        out.append("lower cell not confirmed")
    if d.conflicts:
        out.append("a lower cell not met")
    return out


# What "provisional" means, in every legend.
PROVISIONAL_WHY = "unanswered questions, or answers set aside by --min-evidence, could lift it"

MARKER_NOTES = {
    "provisional": (
        "Provisional: unanswered questions could lift the dimension; answer them to be sure."
    ),
    "lower cell not confirmed": (
        "Lower cell not confirmed: a higher cell is met, which counts for the cells below it, "
        "but a lower cell's questions are unanswered; answer them to confirm."
    ),
    "a lower cell not met": (
        "A lower cell not met: a higher cell is met while a cell below it is answered not met; "
        "the row is read in order, so the stage stops below that cell. Check the answers."
    ),
}


# where --min-evidence set criteria aside, they too are counted as not answered yet
PROVISIONAL_ON_EVIDENCE = (
    "Provisional: unanswered questions, or met criteria set aside for evidence below the "
    "minimum asked for, could lift the dimension; answer them or strengthen it to be sure."
)


def marker_notes(record: Record) -> list[str]:
    """The notes for the markers that appear in this record, once each."""
    shown = dict.fromkeys(m for d in record.dimensions for m in markers(d))
    aside = record.evidence is not None and bool(record.evidence.set_aside)
    return [
        PROVISIONAL_ON_EVIDENCE if m == "provisional" and aside else MARKER_NOTES[m] for m in shown
    ]


def reached_line(d: DimensionResult) -> str:
    """The cell reached, in the table's words. The first cell describes a deficit ("not assessed
    for impact"), so a dimension there only for want of answers is not described by it."""
    if d.stage_number == 1 and d.provisional:
        what = "answer the questions" if d.questions_to_answer else "give the stronger evidence"
        return (
            f"Not yet shown to be beyond the first cell (\u201c{d.descriptor}\u201d): "
            f"{what} below to see."
        )
    return f"Reached: \u201c{d.descriptor}\u201d."


def stage_text(d: DimensionResult) -> str:
    """The stage reached as a reader sees it: its name (or a merged cell's words and span),
    and what qualifies it."""
    qualified = markers(d)
    return d.stage_label + (f" ({'; '.join(qualified)})" if qualified else "")


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
    lead: bool = False  # the steps that would move the overall stage, shown first


LEAD_TITLE = "Start with these: they would move the overall stage"
REST_TITLE = "The other steps"


def action_plan(record: Record) -> list[PlanSection]:
    """The two or three first steps that would move the overall stage (those of the dimensions
    holding it down), then every other step of the table's cells under its dimension, then the
    practices from the literature; each step once."""
    holding = set(record.overall.holding_back)
    first = [s for s in record.first_steps if s.dimension in holding] or record.first_steps
    title = LEAD_TITLE if first and first[0].dimension in holding else "Start with these"
    seen = {(s.dimension, s.criterion, s.question) for s in first}
    sections = [PlanSection(title, first, lead=True)] if first else []
    names = stage_names(record)
    practices: list[Step] = []
    for d in record.dimensions:
        rest = [s for s in d.next_steps if (s.dimension, s.criterion, s.question) not in seen]
        practices += [s for s in rest if s.kind == "practice"]
        cells = [s for s in rest if s.kind != "practice"]
        if cells:
            towards = f" (towards {next_name(d, names)})" if d.next_stage else ""
            sections.append(PlanSection(f"{d.name}{towards}", cells))
    if practices:
        sections.append(PlanSection("Practices that would strengthen the partnership", practices))
    return sections


def dimension_name(record: Record, dimension_id: str) -> str:
    return next((d.name for d in record.dimensions if d.id == dimension_id), dimension_id)


def overall_sentence(record: Record) -> str:
    o = record.overall
    names = stage_names(record)
    provisional = " (provisional)" if o.provisional else ""
    if o.unconfirmed:
        provisional += f" (not confirmed: {', '.join(dimension_names(record, o.unconfirmed))})"
    rule = RULE_WORDS.get(o.rule, o.rule)
    return f"{names[o.stage]}{provisional}: stage {o.stage_number} of {len(record.stages)}, {rule}."


def profile_sentence(record: Record) -> str:
    only = ", from the dimensions that decide the stage" if beside(record) else ""
    figure = profile_figure(record.overall.index)
    return f"Profile {figure} of {len(record.stages)}{only}: {PROFILE_WORDS}."


def dimension_names(record: Record, ids: list[str]) -> list[str]:
    return [d.name for d in record.dimensions if d.id in ids]


def held_by(record: Record) -> list[str]:
    return dimension_names(record, record.overall.holding_back)


# A rubric may read some dimensions beside the stage (its `overall.dimensions` leaves them out):
# they are shown apart from the stage, named by their cells' words, never by a stage's name.
BESIDE_TITLE = "Read beside the stage"
BESIDE_WORDS = (
    "These dimensions are read on their own, in their cells' words: they do not change the "
    "overall stage."
)


def deciding(record: Record) -> list[DimensionResult]:
    """The dimensions that decide the overall stage (all of them, unless the rubric says)."""
    return [d for d in record.dimensions if d.decides_overall]


def beside(record: Record) -> list[DimensionResult]:
    """The dimensions read beside the stage, as a profile: they never move it."""
    return [d for d in record.dimensions if not d.decides_overall]


def next_name(d: DimensionResult, names: dict[str, str]) -> str:
    """What a dimension moves towards: the next stage's name, or for a dimension read beside
    the stage, its next cell's words."""
    if not d.decides_overall:
        return f"'{d.next_descriptor}'" if d.next_descriptor else ""
    return names[d.next_stage] if d.next_stage else ""


def criteria_title(d: DimensionResult) -> str:
    if d.decides_overall:
        return "The table's cells (these decide the stage)"
    return "The source's words (these decide this reading, which does not change the stage)"


def criterion_stage(d: DimensionResult, stage: str, names: dict[str, str]) -> str:
    """The stage a criterion belongs to, as listed under its dimension: none for a dimension
    read beside the stage, whose cells do not place the partnership."""
    return names[stage] if d.decides_overall else ""
