"""The portfolio's summary on a terminal: for a large batch (more than `SUMMARY_OVER` files)
or `--summary`. It draws only what the running `Summary` holds (counts, each rubric's weakest
few rows, the files that could not be scored), so its cost does not grow with the batch: rich
lays out a table row by row, and a table of every partnership is `--all`'s to ask for."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from stagecheck.batch.portfolio import SUMMARY_OVER, Section, Summary
from stagecheck.renderers import words_portfolio
from stagecheck.renderers.portfolio import (
    beside_lines,
    closing,
    distribution,
    failures,
    heading,
    held_back,
    legend,
    section_heading,
    table,
)


def draw(console: Console, summary: Summary, mode: str) -> None:
    console.print(Text(heading(summary) + " (summary)", style="bold"))
    several = len(summary.sections) > 1
    for section in summary.sections.values():
        if not section.scored:
            continue
        if several:
            console.print(Text("\n" + section_heading(section), style="bold underline"))
        console.print(distribution(section))
        for line in beside_lines(section):
            console.print(Text(line))
        if held := held_back(section):
            console.print(Text("Holding most partnerships back: ", style="bold") + Text(held))
        blocking(console, section)
        weakest = section.weakest()
        console.print(
            Text(words_portfolio.weakest_title(len(weakest), section.scored) + ":", style="bold")
        )
        console.print(table(section, weakest, console.width))
        console.print(legend(section, gates=summary.below_gate > 0), style="dim")
    failures(console, summary)
    console.print(
        Text(words_portfolio.summary_note(mode, summary.files, SUMMARY_OVER), style="dim")
    )
    console.print(Text(closing(summary), style="bold"))


def blocking(console: Console, section: Section) -> None:
    ranked = section.blocking()
    if not ranked:
        return
    console.print(Text(words_portfolio.BLOCKING_TITLE + ":", style="bold"))
    for criterion, n in ranked:
        line = words_portfolio.blocking_line(criterion.dimension, criterion.text, n, section.scored)
        console.print(Text("  " + line))
