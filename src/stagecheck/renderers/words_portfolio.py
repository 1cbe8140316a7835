"""A portfolio's summary (a large batch, or --summary): the words every format uses."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from stagecheck.renderers.report import sentence

if TYPE_CHECKING:
    from stagecheck.batch.portfolio import Row

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
