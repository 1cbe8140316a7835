"""`stagecheck history`: a partnership's trend as the terminal view (a sparkline per dimension
and a row per point), JSON, CSV rows and an HTML page (renderers/history_chart.py).

Drawn from the one `History` (timeline/trend.py); stages are the numbers and names it gives.
A merged cell is its span ("2-4", with an en dash) wherever a stage is a number, and its label
where it is named.
"""

from __future__ import annotations

import csv as csvlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stagecheck.renderers import words_over_time
from stagecheck.renderers.base import Format, Output
from stagecheck.renderers.csv import safe
from stagecheck.renderers.visible import visible_copy
from stagecheck.timeline.trend import History, Point

if TYPE_CHECKING:
    from rich.table import Table

RESCORE_HINT = (
    "Stages across the change may not compare: --rescore scores every version with today's rubric."
)
BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"
MERGED_WORDS = (
    "one cell of the table for those stages (the source does not tell them apart); the trend "
    "draws it at the top, the stage it counts as"
)


def top(h: History) -> int:
    """The highest stage number on the chart's axis."""
    numbers = [d.counts_as for p in h.points for d in p.dimensions]
    return max([len(h.stages), *numbers, 1])


def sparkline(series: list[int | None], highest: int) -> str:
    """One character per point: higher blocks for later stages, a dot for a gap."""
    if highest <= 1:
        return "".join(GAP if n is None else BLOCKS[0] for n in series)
    last = len(BLOCKS) - 1
    return "".join(
        GAP if n is None else BLOCKS[round((n - 1) * last / (highest - 1))] for n in series
    )


def when(p: Point) -> str:
    return p.date.isoformat() if p.date else "no date"


LONG = 30  # points in the terminal table before only the ones where something moved are shown


def notable(h: History) -> list[Point]:
    """The first and last points, gaps, rubric changes and points where any stage moved."""
    kept, before = [], None
    for i, p in enumerate(h.points):
        now = (
            None
            if p.error
            else (p.overall_number, [(d.id, d.stage_number, d.counts_as) for d in p.dimensions])
        )
        if i in (0, len(h.points) - 1) or p.error or p.rubric_changed or now != before:
            kept.append(p)
        if now is not None:
            before = now
    return kept


def _from_to(first: str, last: str) -> str:
    return first if first == last else f"{first} → {last}"


def version(p: Point) -> str:
    """A commit as `git log --oneline` shows it, or a review file's name."""
    from pathlib import Path

    return p.commit[:7] if p.commit else Path(p.source).name


def rubric_notes(h: History) -> list[str]:
    """Where the rubric changed between points, and what --rescore does about it."""
    notes = []
    for i, p in enumerate(h.points):
        if not p.rubric_changed:
            continue
        before = next((q for q in reversed(h.points[:i]) if q.error is None), None)
        was = f"{before.rubric_id} {before.rubric_version}" if before else "?"
        notes.append(
            f"Note: {words_over_time.RUBRIC_CHANGED} at {when(p)}: {was} before, "
            f"{p.rubric_id} {p.rubric_version} from then on"
        )
    if notes:
        notes.append(RESCORE_HINT)
    return notes


def merged(h: History) -> bool:
    return any(d.counts_as != d.stage_number for p in h.points for d in p.dimensions)


def stages_key(h: History) -> str:
    """What the numbers in the rows stand for (nothing where no version was scored)."""
    if not h.stages:
        return ""
    names = ", ".join(f"{i} {s.name}" for i, s in enumerate(h.stages, start=1))
    spans = sorted({(d.stage_number, d.counts_as) for p in h.points for d in p.dimensions})
    wide = [words_over_time.span(a, b) for a, b in spans if a != b]
    return f"Stages: {names}" + (f"; {', '.join(wide)}: {MERGED_WORDS}." if wide else ".")


def table(h: History, out: Output) -> None:
    from rich.table import Table
    from rich.text import Text

    h = visible_copy(h)
    console = out.rich()
    scored = [p for p in h.points if p.error is None]
    title = h.partnership or h.path
    console.print(
        Text(
            f"{title}: {len(h.points)} review{'s' if len(h.points) != 1 else ''} in {h.path}"
            + (f", {len(h.gaps)} that could not be scored" if h.gaps else ""),
            style="bold",
        )
    )
    highest = top(h)
    trend = Table(show_edge=False, pad_edge=False, box=None, show_header=False)
    for _ in range(3):
        trend.add_column(overflow="fold")
    for d in h.dimensions:
        stages = [s for p in scored if (s := p.stage_of(d.id))]
        span = _from_to(stages[0].stage, stages[-1].stage) if stages else "not scored"
        tops = [s[1] if s else None for s in h.spans(d.id)]
        trend.add_row(Text(d.name), sparkline(tops, highest), Text(span))
    overall = [p.overall_number for p in h.points]
    if scored:
        span = _from_to(scored[0].overall_stage or "", scored[-1].overall_stage or "")
        trend.add_row("Overall", sparkline(overall, highest), Text(span), style="bold")
    console.print(trend)
    shown = notable(h) if len(h.points) > LONG else h.points
    grid, key = points_table(h, shown, console.width)
    console.print(grid)
    if len(shown) < len(h.points):
        left = len(h.points) - len(shown)
        console.print(
            f"{left} versions in which nothing moved are left out; --format csv lists every one."
        )
    for line in filter(None, key):
        console.print(Text(line), style="dim")
    for p in h.gaps:
        console.print(Text(f"Not scored: {p.error}"))
    for note in rubric_notes(h):
        console.print(Text(note))
    if h.rescored and scored:
        used = f"{scored[-1].rubric_id} {scored[-1].rubric_version}"
        console.print(f"Every version scored with today's rubric, {used}.")


def _words(text: str) -> int:
    """The width of a text's longest word: the narrowest it wraps to without a cut."""
    from rich.cells import cell_len

    return max((cell_len(w) for w in text.split()), default=0)


def _mark(p: Point, dimension: str) -> str:
    s = p.stage_of(dimension)
    return words_over_time.span(s.stage_number, s.counts_as) if s else ""


def _rubric(p: Point) -> str:
    return f"{p.rubric_id} {p.rubric_version}" + (" (changed)" if p.rubric_changed else "")


@dataclass(frozen=True, slots=True)
class Layout:
    """How the points table fits its width: each column's width, the dimensions' heads, and
    what the key beneath says."""

    date: int
    version: int
    rubric: int | None  # None: no Rubric column (the key says it)
    overall: int
    numbered: bool  # the overall stage as its number (the key names the stages)
    heads: dict[str, str]  # dimension id -> its column's head
    widths: dict[str, int]  # dimension id -> its column's width
    key: list[str]


def layout(h: History, shown: list[Point], width: int) -> Layout:
    """The dimensions' full names head their columns where the rows fit so; else short heads
    (`Lea`) with the key naming them, the rubric said beneath, and the overall stage wrapped
    between words, or its number where even one word would not fit. No cut inside a word."""
    from rich.cells import cell_len

    from stagecheck.batch.portfolio import Named
    from stagecheck.renderers.portfolio import abbreviations

    scored = [p for p in shown if p.error is None]
    marks = {d.id: max([cell_len(_mark(p, d.id)) for p in scored] or [1]) for d in h.dimensions}
    date = max(cell_len(when(p)) for p in [*shown, *h.points[:1]])
    version_ = max([cell_len("Version"), *(cell_len(version(p)) for p in shown)])
    overall = max([cell_len("not scored"), *(cell_len(p.overall_stage or "") for p in scored)])
    rubric = max([cell_len("Rubric"), *(cell_len(_rubric(p)) for p in scored)])
    full = {d.id: max(cell_len(d.name), marks[d.id]) for d in h.dimensions}
    gaps = 3 + len(h.dimensions)  # one space between columns
    if date + version_ + rubric + overall + sum(full.values()) + gaps <= width:
        names = {d.id: d.name for d in h.dimensions}
        return Layout(date, version_, rubric, overall, False, names, full, [stages_key(h)])
    short = abbreviations([Named(d.id, d.name) for d in h.dimensions])
    widths = {d.id: max(cell_len(short[d.id]), marks[d.id]) for d in h.dimensions}
    room = width - date - version_ - sum(widths.values()) - (gaps - 1)
    numbered = room < max([_words(p.overall_stage or "") for p in scored] + [_words("not scored")])
    key = ["Columns: " + ", ".join(f"{short[d.id]} {d.name}" for d in h.dimensions) + "."]
    used = list(dict.fromkeys(f"{p.rubric_id} {p.rubric_version}" for p in scored))
    if len(used) == 1:
        key.append(f"Every version scored with {used[0]}.")
    overall = cell_len("Overall") if numbered else min(overall, room)
    return Layout(date, version_, None, overall, numbered, short, widths, [*key, stages_key(h)])


def points_table(h: History, shown: list[Point], width: int) -> tuple[Table, list[str]]:
    """A row per point in `width` columns (see `layout`), and the key beneath it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    fit = layout(h, shown, width)
    grid = Table(box=box.SIMPLE_HEAD, header_style="bold", padding=0, show_edge=False)
    grid.add_column("Date", no_wrap=True, width=fit.date)
    grid.add_column("Version", no_wrap=True, width=fit.version)
    if fit.rubric is not None:
        grid.add_column("Rubric", width=fit.rubric)
    grid.add_column("Overall", width=fit.overall)
    for d in h.dimensions:
        head = Text(fit.heads[d.id])
        grid.add_column(head, justify="center", no_wrap=True, width=fit.widths[d.id])
    for p in shown:
        lead = [Text(when(p)), Text(version(p))]
        if fit.rubric is not None:
            lead.append(Text(_rubric(p) if p.error is None else ""))
        if p.error is not None:
            blank = [Text("") for _ in h.dimensions]
            grid.add_row(*lead, Text("not scored"), *blank, style="red")
            continue
        stage = str(p.overall_number) if fit.numbered else p.overall_stage or ""
        grid.add_row(*lead, Text(stage), *(Text(_mark(p, d.id)) for d in h.dimensions))
    return grid, fit.key


def json(h: History, out: Output) -> None:
    out.stream.write(h.to_json(indent=True) + "\n")


def csv(h: History, out: Output) -> None:
    """One row per point: its date and source, the rubric, the overall stage, each dimension's
    stage (as named), the number of its first stage and the stage it counts as (the top of a
    merged cell's span), and the error of a version that could not be scored."""
    writer = csvlib.writer(out.stream, lineterminator="\n")
    head = ["date", "dated_by", "source", "commit", "rubric", "rubric_version", "rubric_changed"]
    head += ["overall", "overall_stage"]
    for d in h.dimensions:
        head += [d.id, f"{d.id}_stage", f"{d.id}_counts_as"]
    writer.writerow([*head, "error"])
    for p in h.points:
        row = [when(p) if p.date else "", p.dated_by or "", p.source, p.commit or ""]
        row += [p.rubric_id or "", p.rubric_version or "", "yes" if p.rubric_changed else "no"]
        row += [p.overall_stage or "", str(p.overall_number or "")]
        for d in h.dimensions:
            s = p.stage_of(d.id)
            row += [s.stage, str(s.stage_number), str(s.counts_as)] if s else ["", "", ""]
        writer.writerow([safe(cell) for cell in [*row, p.error or ""]])


def _html(h: History, out: Output) -> None:
    from stagecheck.renderers.history_chart import html

    out.stream.write(html(h))


RENDERERS: dict[Format, Callable[[History, Output], None]] = {
    Format.table: table,
    Format.json: json,
    Format.csv: csv,
    Format.html: _html,
}
