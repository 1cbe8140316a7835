"""The portfolio view on a terminal: a row per partnership, the distribution of stages as a
heatmap, the dimensions that hold most partnerships back, and the files that could not be
scored. Drawn at the end (the rows are sorted), from the rows and the summary."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from stagecheck.formats import BatchRenderer
from stagecheck.portfolio import Named, Row, Summary, ordered
from stagecheck.render.terminal import STAGE_STYLES


def abbreviations(dimensions: list[Named], size: int = 3) -> dict[str, str]:
    """Short, distinct column heads for the dimensions: `Lea`, `Pla`, `Fin`, ..."""
    out: dict[str, str] = {}
    for d in dimensions:
        width = size
        while (short := d.name[:width].strip()) in out.values() and width < len(d.name):
            width += 1
        out[d.id] = short
    return out


def style(number: int) -> str:
    return STAGE_STYLES[min(number, len(STAGE_STYLES)) - 1]


def heading(summary: Summary) -> str:
    rubrics = ", ".join(f"{title} ({rid})" for rid, title in summary.rubrics.items())
    plural = "" if summary.scored == 1 else "s"
    return f"Portfolio: {summary.scored} partnership{plural} scored · {rubrics or 'no rubric'}"


def closing(summary: Summary) -> str:
    parts = [f"{summary.files} file{'' if summary.files == 1 else 's'}: {summary.scored} scored"]
    if summary.failures:
        parts.append(f"{len(summary.failures)} could not be scored")
    if summary.below_gate:
        parts.append(f"{summary.below_gate} below a --fail-under gate")
    return "; ".join(parts) + "."


class PortfolioView(BatchRenderer):
    shows_failures = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[Row] = []

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        self.rows.append(row)

    def end(self, summary: Summary) -> None:
        console = self.out.rich()
        console.print(Text(heading(summary), style="bold"))
        if self.rows:
            console.print(self.table(summary))
            console.print(self.legend(summary), style="dim")
            console.print(distribution(summary))
            held = summary.holding_back()
            if held:
                line = Text("Holding most partnerships back: ", style="bold")
                line += Text(", ".join(f"{d.name} ({n} of {summary.scored})" for d, n in held))
                console.print(line)
        failures(console, summary)
        console.print(Text(closing(summary), style="bold"))

    def table(self, summary: Summary) -> Table:
        short = abbreviations(summary.dimensions)
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", padding=0, show_edge=False)
        table.add_column("Partnership and file", overflow="fold", min_width=16)
        for d in summary.dimensions:
            table.add_column(short[d.id], justify="center", no_wrap=True)
        table.add_column("Overall", no_wrap=True)
        table.add_column("Index", justify="right", no_wrap=True)
        for r in ordered(self.rows):
            cells = []
            for d in summary.dimensions:
                c = r.cell(d.id)
                cells.append(
                    Text("")
                    if c is None
                    else Text(f"{c.number}{'?' if c.provisional else ''}", style=style(c.number))
                )
            overall = Text(
                r.overall + ("?" if r.provisional else ""), style=style(r.overall_number)
            )
            if r.below:
                overall += Text(" ✗", style="bold red")
            who = Text(r.name) + Text("\n" + r.path, style="dim")
            table.add_row(who, *cells, overall, f"{r.index:.2f}")
        return table

    def legend(self, summary: Summary) -> str:
        short = abbreviations(summary.dimensions)
        columns = ", ".join(f"{short[d.id]} {d.name}" for d in summary.dimensions)
        stages = ", ".join(f"{i} {s.name}" for i, s in enumerate(summary.stages, start=1))
        gate = "; ✗ below a --fail-under gate" if summary.below_gate else ""
        return (
            f"Columns: {columns}.\nStages: {stages}; ? provisional (unanswered questions could "
            f"lift it){gate}. Weakest first."
        )


def distribution(summary: Summary) -> Table:
    """Partnerships counted by dimension and stage, each cell shaded by its share."""
    table = Table(
        title="How many partnerships stand at each stage",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
    )
    table.add_column("Dimension")
    for i, s in enumerate(summary.stages, start=1):
        table.add_column(f"{i} {s.id}", justify="right", no_wrap=True)
    total = summary.scored or 1
    rows = [*summary.dimensions, Named("", "Overall")]
    for d in rows:
        cells = []
        for i, s in enumerate(summary.stages, start=1):
            n = summary.overall[s.id] if not d.id else summary.distribution[d.id, s.id]
            share = n / total
            if n == 0:
                cells.append(Text("·", style="dim"))
            elif share < 1 / 3:
                cells.append(Text(f" {n} ", style=style(i)))
            elif share < 2 / 3:
                cells.append(Text(f" {n} ", style=f"reverse {style(i)}"))
            else:
                cells.append(Text(f" {n} ", style=f"bold reverse {style(i)}"))
        table.add_row(Text(d.name, style="bold" if not d.id else ""), *cells)
    return table


def failures(console: Console, summary: Summary) -> None:
    if not summary.failures:
        return
    n = len(summary.failures)
    console.print(Text(f"Could not be scored ({n}):", style="bold red"))
    for f in summary.failures:
        more = f" (and {f.more} more problem{'s' if f.more != 1 else ''})" if f.more else ""
        console.print(Text(f"  {f.first}{more}"), soft_wrap=True)
