"""What the Markdown and HTML reports say, chosen from the one result record.

Selections only: every stage, outcome and step comes from the record as the scorer made it;
nothing is scored again here. Both report formats read these, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import CriterionResult, DimensionResult, Record, Step, TargetResult
from stagecheck.core.words import profile_figure

if TYPE_CHECKING:
    from stagecheck.core.combine import Gap

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


def marker_notes(record: Record) -> list[str]:
    """The notes for the markers that appear in this record, once each."""
    shown = dict.fromkeys(m for d in record.dimensions for m in markers(d))
    return [MARKER_NOTES[m] for m in shown]


def reached_line(d: DimensionResult) -> str:
    """The cell reached, in the table's words. The first cell describes a deficit ("not assessed
    for impact"), so a dimension there only for want of answers is not described by it."""
    if d.stage_number == 1 and d.provisional:
        return (
            f"Not yet shown to be beyond the first cell (\u201c{d.descriptor}\u201d): "
            "answer the questions below to see."
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


# Targets the file sets (`targets:`): read beside the stages, never changing one.
TARGETS_TITLE = "Targets"


@dataclass(frozen=True, slots=True)
class TargetRow:
    dimension: str
    target: str  # "Regional excellence by 2027-07"
    reached: str
    distance: str
    status: str  # "Met", "Due in 10 months (2027-07-31)", "Overdue by 8 months (2026-01-31)"
    note: str | None


def duration(days: int) -> str:
    """A stretch of days as a reader counts it: days under six weeks, else months."""
    days = abs(days)
    if days < 45:
        return f"{days} day{'' if days == 1 else 's'}"
    months = round(days / 30.44)
    return f"{months} months"


def target_status(t: TargetResult) -> str:
    if t.status == "met":
        return "Met"
    if t.status == "due":
        when = "today" if t.days_left == 0 else f"in {duration(t.days_left)}"
        return f"Due {when} ({t.by.isoformat()})"
    return f"Overdue by {duration(t.days_left)} ({t.by.isoformat()})"


def target_rows(record: Record) -> list[TargetRow]:
    names = stage_names(record)
    rows = []
    for t in record.targets:
        steps = "met" if t.distance == 0 else f"{t.distance} stage{'s' * (t.distance > 1)} to go"
        rows.append(
            TargetRow(
                t.name,
                f"{names[t.stage]} by {t.by_written}",
                t.reached_label,
                steps,
                target_status(t),
                t.note,
            )
        )
    return rows


def targets_sentence(record: Record) -> str:
    """How many targets are met, due and overdue, and on which date they were judged."""
    counts = {s: sum(t.status == s for t in record.targets) for s in ("met", "due", "overdue")}
    told = ", ".join(f"{n} {s}" for s, n in counts.items())
    day = record.targets_as_of.isoformat() if record.targets_as_of else ""
    whence = (
        "the assessment's date"
        if record.partnership.assessed_on
        else "the day of this report: the file gives no assessment date"
    )
    return f"{told}; judged on {day}, {whence}."


# --- reviews over time: two reviews compared, a history -------------------------------------

MOVED_WORDS = {
    "up": "moved up",
    "down": "moved down",
    "same": "no change",
    "added": "new in this review",
    "removed": "not in this review",
}
MOVED_MARKS = {"up": "↑", "down": "↓", "same": "=", "added": "+", "removed": "-"}
NOT_IN = "—"  # a stage or an outcome in one review only


def then_now(old: str | None, new: str | None) -> tuple[str, str]:
    """A stage or an outcome then and now, with a dash for one the review does not have."""
    return (old or NOT_IN, new or NOT_IN)


def outcome_word(outcome: Outcome | None) -> str:
    return NOT_IN if outcome is None else OUTCOME_WORDS[outcome]


def moved_summary(moved: dict[str, int]) -> str:
    """ "2 moved up, 1 moved down" (or "no dimension moved")."""
    parts = [f"{moved[k]} {MOVED_WORDS[k]}" for k in ("up", "down") if moved.get(k)]
    return ", ".join(parts) if parts else "no dimension moved"


def notes_text(evidence: list[str]) -> str:
    """An answer's evidence notes in one line, as `compare` quotes them."""
    return "; ".join(evidence) if evidence else "no evidence given"


RUBRIC_CHANGED = "the rubric changed"
# --- several respondents (`assess --combine`): what every combined view says -----------------

COMBINE_WORDS = {
    "lowest": "the lowest stage any respondent gives it: a partnership is at a stage when all "
    "its partners see it there",
    "median": "the middle respondent's stage (the lower middle for an even count, so it is a "
    "stage a respondent gave)",
}
GAPS_TITLE = "Perspective gaps"
GAPS_WORDS = (
    "Where the respondents' stages of a dimension differ by a stage or more, or their answers "
    "to one question differ. Rows the table defines by how the partners see the partnership "
    "(balance of the relationship) come first."
)
MARKS_WORDS = (
    "2\u20134: one cell of the table for those stages (the source does not tell them apart). "
    "?: provisional."
)
NO_GAPS = "None: every respondent places every dimension at the same stage, and no answers differ."


def mark(number: int, counts_as: int, provisional: bool) -> str:
    """A stage as a compact grid shows it: "3", "2-4" (an en dash) for a merged cell, "?" if
    provisional."""
    span = f"{number}\u2013{counts_as}" if counts_as != number else str(number)
    return span + ("?" if provisional else "")


def respondent_line(name: str, role: str | None, organisation: str | None) -> str:
    about = ", ".join(x for x in (role, organisation) if x)
    return f"{name} ({about})" if about else name


def combine_sentence(rule: str, count: int) -> str:
    return f"{count} respondents combined, each dimension at {COMBINE_WORDS.get(rule, rule)}."


def gap_title(gap: Gap) -> str:
    if gap.kind == "stage":
        return f"{gap.dimension_name}: the respondents place it at different stages"
    return f"{gap.dimension_name}: answers differ to \u2018{gap.question_text}\u2019"


def gap_lines(gap: Gap) -> list[str]:
    """Each respondent's view of the gap: their stage, or their answer and its evidence."""
    if gap.kind == "stage":
        return [
            f"{s.respondent}: {s.stage_label}" + (" (provisional)" if s.provisional else "")
            for s in gap.seen
        ]
    return [
        f"{a.respondent}: {a.answer}"
        + (f"; evidence: {'; '.join(a.evidence)}" if a.evidence else "")
        for a in gap.answers
    ]


# The strength of the evidence (issue 14): the same words in every report.
KIND_WORDS = {
    "asserted": "someone says so",
    "documented": "a named document",
    "measured": "data before and after, or over time",
    "independent": "an external evaluation or comparison group",
}
EVIDENCE_WORDS = (
    "Evidence: asserted < documented < measured < independent. A criterion rests on the "
    "weakest of its answers' strongest evidence; the evidence never decides a stage unless "
    "a minimum is asked for (--min-evidence)."
)


def evidence_range(d: DimensionResult) -> str:
    """The weakest and strongest evidence behind the cell reached: "asserted",
    "documented to measured", or a dash where no criterion of it is met by an answer."""
    if d.evidence_weakest is None or d.evidence_strongest is None:
        return "\u2014"
    if d.evidence_weakest == d.evidence_strongest:
        return d.evidence_weakest
    return f"{d.evidence_weakest} to {d.evidence_strongest}"


def evidence_sentence(record: Record) -> str | None:
    """How much of what is met rests on assertion alone (None where nothing is met)."""
    e = record.evidence
    if e is None or not e.met:
        return None
    noun = "criterion" if e.met == 1 else "criteria"
    verb = "rests" if e.asserted == 1 else "rest"
    return (
        f"Evidence: {e.asserted} of {e.met} met cell {noun} {verb} on assertion alone "
        f"({e.asserted_share:.0%})."
    )


def evidence_sentences(record: Record) -> list[str]:
    """What the headline says of the evidence: the share on assertion, the minimum applied."""
    return [s for s in (evidence_sentence(record), minimum_sentence(record)) if s]


def set_aside(record: Record) -> list[CriterionResult]:
    """The met cell criteria `--min-evidence` set aside (counted as unknown)."""
    return [c for d in record.dimensions for c in d.criteria if c.set_aside]


def minimum_sentence(record: Record) -> str | None:
    """That a minimum was applied, and what it set aside (None when none was asked for)."""
    e = record.evidence
    if e is None or e.minimum is None:
        return None
    aside = set_aside(record)
    if not aside:
        return f"Minimum evidence applied: {e.minimum}; every met cell criterion meets it."
    plural = "criteria" if len(aside) != 1 else "criterion"
    return (
        f"Minimum evidence applied: {e.minimum}. {len(aside)} met {plural} on weaker evidence "
        "set aside (counted as not answered yet, never as not met): "
        + "; ".join(f"{sentence(c.text)[:-1]} ({c.strength})" for c in aside)
        + "."
    )


def evidence_text(c: CriterionResult) -> str:
    """A criterion's evidence with its kinds and links: "MOU (documented, docs/mou.pdf)"; a
    plain note (asserted, no link) as written."""
    if not c.evidence_items:
        return "; ".join(c.evidence)
    return "; ".join(
        e.note
        if e.kind == "asserted" and not e.link
        else f"{e.note} ({e.kind}{', ' + e.link if e.link else ''})"
        for e in c.evidence_items
    )


def strength_note(c: CriterionResult) -> str:
    """What qualifies a met criterion's evidence: its strength, or that it was set aside."""
    if c.set_aside:
        return f"set aside: its weakest answer's evidence is {c.strength}, below the minimum"
    return f"evidence: {c.strength}" if c.outcome is Outcome.MET else ""


# --- a portfolio's summary (a large batch, or --summary): the words every format uses --------

BLOCKING_TITLE = "What most often keeps partnerships at their overall stage"
BLOCKING_WORDS = (
    "criteria of the next stage not met, not answered or not applicable, in the dimensions "
    "holding each partnership at its overall stage"
)


def summary_note(mode: str, files: int, over: int) -> str:
    """Why a portfolio is shown as its summary, and how to see every partnership."""
    if mode == "large":
        return (
            f"{files:,} files: a portfolio of more than {over} is shown as its summary. "
            "Every partnership, weakest first: add --all; as a spreadsheet: --format csv."
        )
    return (
        "The summary alone (--summary). Every partnership: run without --summary, or --format csv."
    )


def weakest_title(shown: int, scored: int) -> str:
    if scored == 1:
        return "The partnership"
    if shown >= scored:
        return f"All {scored} partnerships, weakest first"
    return f"The {shown} weakest of {scored:,} partnerships"


def blocking_line(dimension: str, text: str, count: int, scored: int) -> str:
    return f"{dimension}: {sentence(text)} ({count:,} of {scored:,})"
