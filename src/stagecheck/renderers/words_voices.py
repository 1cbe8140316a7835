"""Several respondents (`assess --combine`): the words every combined view uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stagecheck.core.combine import RespondentRef
    from stagecheck.core.perspective import Gap
    from stagecheck.core.record import DimensionResult, Overall


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


NOT_YET = "not answered yet"  # a respondent left out of the combination
NOT_ANSWERED = "not answered"  # a dimension a respondent left wholly unanswered


DASH = "\u2014"  # a narrow grid's "not answered": its caption says so (`dash_words`)


def view_mark(ref: RespondentRef, d: DimensionResult, *, narrow: bool = False) -> str:
    """A respondent's stage of a dimension in a side-by-side view, or that they gave none
    (never a stage 1): in words, or a dash in a narrow grid."""
    if ref.left_out or d.id in ref.not_answered:
        return DASH if narrow else NOT_YET if ref.left_out else NOT_ANSWERED
    return mark(d.stage_number, d.counts_as, d.provisional)


def overall_mark(ref: RespondentRef, o: Overall, *, narrow: bool = False) -> str:
    if ref.left_out:
        return DASH if narrow else NOT_YET
    return mark(o.stage_number, o.stage_number, o.provisional)


def dash_words(respondents: list[RespondentRef]) -> str:
    """What a narrow grid's dash means, where one is shown."""
    shown = any(r.left_out or r.not_answered for r in respondents)
    return f" {DASH}: {NOT_YET}." if shown else ""


def respondent_line(name: str, role: str | None, organisation: str | None) -> str:
    about = ", ".join(x for x in (role, organisation) if x)
    return f"{name} ({about})" if about else name


def combine_sentence(rule: str, count: int) -> str:
    who = "1 respondent" if count == 1 else f"{count} respondents"
    return f"{who} combined, each dimension at {COMBINE_WORDS.get(rule, rule)}."


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
