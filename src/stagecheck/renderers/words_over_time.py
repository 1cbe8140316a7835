"""Targets and reviews over time (compare, history, review): the words every format uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import Record, TargetResult
from stagecheck.renderers.report import OUTCOME_WORDS, stage_names

if TYPE_CHECKING:
    from stagecheck.core.compare import StageChange

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


# Reviews over time: two reviews compared, a history.

MOVED_WORDS = {
    "up": "moved up",
    "down": "moved down",
    "same": "no change",
    "added": "new in this review",
    "removed": "not in this review",
}
MOVED_MARKS = {"up": "↑", "down": "↓", "same": "=", "added": "+", "removed": "-"}
NOT_IN = "—"  # a stage or an outcome in one review only


WITHIN_NOTE = (
    "Within one cell: one review's stage lies inside the other's merged cell (the two rubrics "
    "cut the row differently). The source does not tell those stages apart, so it is not a move."
)


def span(number: int, counts_as: int) -> str:
    """A stage as a number: "3", or "2-4" (with an en dash) for a merged cell."""
    return str(number) if counts_as == number else f"{number}\u2013{counts_as}"


def moved_words(d: StageChange) -> str:
    """ "↑ moved up", or "= no change: within one cell (2-3)" where one review's stage lies
    inside the other's merged cell."""
    if d.within_merged_cell:
        # both reviews have it; name the wider cell, the merged one
        cells = [
            (d.old_number or 0, d.old_counts_as or 0),
            (d.new_number or 0, d.new_counts_as or 0),
        ]
        first, top = max(cells, key=lambda c: c[1] - c[0])
        return f"{MOVED_MARKS['same']} {MOVED_WORDS['same']}: within one cell ({span(first, top)})"
    return f"{MOVED_MARKS[d.moved]} {MOVED_WORDS[d.moved]}"


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
