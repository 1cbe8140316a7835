"""A portfolio's summary (a large batch, or --summary): the words every format uses."""

from __future__ import annotations

from stagecheck.renderers.report import sentence

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
