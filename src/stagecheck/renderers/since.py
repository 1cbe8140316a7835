"""`assess DIR --since REV`: the "moved since" section drawn after a portfolio (the terminal
view and Markdown), the two CSV columns, and the same section as plain text on stderr for the
other formats, whose stdout is the payload alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stagecheck.batch.since import Change, Since
from stagecheck.renderers import report, words_over_time
from stagecheck.renderers.markdown import md

if TYPE_CHECKING:
    from rich.console import Console

    from stagecheck.batch.portfolio import Row

CSV_HEADER = ["since_overall", "overall_moved", "moved_since"]


def csv_cells(since: Since, row: Row) -> list[str]:
    """The overall stage at REV, by id as the `overall` column (or why there is none), how
    the overall stage moved, and the dimensions that moved (`leading up; finance down`)."""
    then = since.then.get(row.path, "not in git")
    moved = since.moves(
        row.path, row.overall_number, {c.dimension: (c.number, c.top) for c in row.cells}
    )
    if isinstance(then, str) or moved is None:
        return [str(then), "", ""]
    overall, dims = moved
    return [
        then.overall_id,
        overall,
        "; ".join(f"{d} {how}" for d, how in dims.items() if how != "same"),
    ]


def _moved_text(c: Change, names: dict[str, str]) -> str:
    if c.why_none is not None:
        return c.why_none
    ups = [names.get(d, d) for d, how in c.dimensions.items() if how == "up"]
    downs = [names.get(d, d) for d, how in c.dimensions.items() if how == "down"]
    parts = [f"↑ {', '.join(ups)}" if ups else "", f"↓ {', '.join(downs)}" if downs else ""]
    return "; ".join(p for p in parts if p) or "no change"


def lines(since: Since) -> list[tuple[str, str, str, str, str]]:
    """Per partnership: name, file, overall then, overall now, what moved."""
    return [
        (
            c.name,
            report.shared_path(c.path),
            c.then.overall if c.then else words_over_time.NOT_IN,
            c.now.overall,
            _moved_text(c, since.names),
        )
        for c in since.moved()
    ]


def count_lines(since: Since) -> list[tuple[str, int, int]]:
    return [(since.names[d], n["up"], n["down"]) for d, n in since.counts().items()]


def title(since: Since) -> str:
    return f"Moved since {since.rev}"


def table(since: Since, console: Console) -> None:
    from rich.table import Table

    from stagecheck.renderers.visible import visible

    console.print(f"\n{title(since)}", style="bold")
    grid = Table(show_edge=False, pad_edge=False)
    for name in ("Partnership", "File", "Overall then", "Overall now", "Moved since"):
        grid.add_column(name, overflow="fold")
    for cells in lines(since):
        grid.add_row(*(visible(c) for c in cells))
    console.print(grid)
    counts = Table(show_edge=False, pad_edge=False)
    for name in ("Dimension", "Moved up", "Moved down"):
        counts.add_column(name, overflow="fold")
    for name, up, down in count_lines(since):
        counts.add_row(visible(name), str(up), str(down))
    console.print(counts)


def markdown(since: Since) -> str:
    out = ["", f"## {md(title(since))}", ""]
    out += ["| Partnership | File | Overall then | Overall now | Moved since |"]
    out += ["| --- | --- | --- | --- | --- |"]
    out += ["| " + " | ".join(md(c) for c in cells) + " |" for cells in lines(since)]
    out += ["", "| Dimension | Moved up | Moved down |", "| --- | --- | --- |"]
    out += [f"| {md(name)} | {up} | {down} |" for name, up, down in count_lines(since)]
    return "\n".join(out) + "\n"


def plain(since: Since) -> list[str]:
    """The section as lines of text, for stderr."""
    said = [f"{title(since)}:"]
    said += [
        f"  {name} ({path}): {then} → {now}; {moved}"
        for name, path, then, now, moved in lines(since)
    ]
    said += [f"  {name}: {up} moved up, {down} moved down" for name, up, down in count_lines(since)]
    return said
