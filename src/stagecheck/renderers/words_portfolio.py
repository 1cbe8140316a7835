"""A portfolio's summary (a large batch, or --summary): the words every format uses."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from stagecheck.renderers.report import sentence

if TYPE_CHECKING:
    from stagecheck.batch.portfolio import Row, Section

COVERED = "\u2190"  # a heatmap's stage inside a merged cell: counted with the cell to its left

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
        "The summary alone (--summary). Every partnership, weakest first: --all instead; as a "
        "spreadsheet: --format csv."
    )


def weakest_title(shown: int, scored: int) -> str:
    if scored == 1:
        return "The partnership"
    if shown >= scored:
        return f"All {scored} partnerships, weakest first"
    return f"The {shown} weakest of {scored:,} partnerships"


def blocking_line(dimension: str, text: str, count: int, scored: int) -> str:
    return f"{dimension}: {sentence(text)} ({count:,} of {scored:,})"


def respondents(r: Row) -> str:
    """Who a combined row stands for: "3 respondents in" (its files' folder follows), or
    "3 respondents" where they share none."""
    return f"{len(r.files)} respondents" + (" in" if r.folder else "")


def where(r: Row) -> str:
    """The file a row is, or for a combined row its respondents' files: "3 respondents in
    partnerships/harbourside/: dockside.yaml, harbourside.yaml, quayside.yaml"."""
    if not r.files:
        return r.path
    if not r.folder:
        return f"{respondents(r)}: " + ", ".join(r.files)
    names = ", ".join(os.path.relpath(f, r.folder) for f in r.files)
    return f"{respondents(r)} {r.folder}: {names}"


def heat_count(first: int, last: int, n: int) -> str:
    """A heatmap cell: the count, or for a merged cell its span and count, "2\u20134: 47"."""
    return str(n) if first == last else f"{first}\u2013{last}: {n}"


def span_legend(section: Section, arrows: bool = True) -> str:
    """What a merged cell in the heatmap means ("" where the rubric merges none); `arrows`
    where the stages it covers are marked with one (the text views: HTML spans its columns)."""
    merged = (section.merged.get(d.id, {}) for d in section.deciding)
    spans = sorted({span for cells in merged for span in cells.items()})
    if not spans:
        return ""
    a, b = spans[0]
    return (
        f"{a}\u2013{b}: the table gives one cell for stages {a} {'and' if b == a + 1 else 'to'} "
        f"{b} on that dimension, so "
        f"its partnerships are counted once across the stages it covers"
        f"{f' ({COVERED})' if arrows else ''}, never "
        "at one of them."
    )
