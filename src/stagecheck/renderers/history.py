"""`stagecheck history`: a partnership's trend as the terminal view (a sparkline per dimension
and a row per point), JSON, CSV rows and an HTML page (an inline SVG line chart per dimension,
with the same figures in a table; no scripts, nothing fetched).

Drawn from the one `History` (history/trend.py); stages are the numbers and names it gives.
"""

from __future__ import annotations

import csv as csvlib
from collections.abc import Callable
from dataclasses import dataclass

from stagecheck.renderers import words_over_time
from stagecheck.renderers.base import Format, Output
from stagecheck.renderers.csv import safe
from stagecheck.renderers.visible import visible_copy
from stagecheck.timeline.trend import History, Point

RESCORE_HINT = (
    "Stages across the change may not compare: --rescore scores every version with today's rubric."
)
BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"


def top(h: History) -> int:
    """The highest stage number on the chart's axis."""
    numbers = [d.stage_number for p in h.points for d in p.dimensions]
    return max([len(h.stages), *numbers, 1])


def sparkline(series: list[int | None], highest: int) -> str:
    """One character per point: higher blocks for later stages, a dot for a gap."""
    if highest <= 1:
        return "".join(GAP if n is None else BLOCKS[0] for n in series)
    last = len(BLOCKS) - 1
    return "".join(
        GAP if n is None else BLOCKS[round((n - 1) * last / (highest - 1))] for n in series
    )


def _when(p: Point) -> str:
    return p.date.isoformat() if p.date else "no date"


LONG = 30  # points in the terminal table before only the ones where something moved are shown


def notable(h: History) -> list[Point]:
    """The first and last points, gaps, rubric changes and points where any stage moved."""
    kept, before = [], None
    for i, p in enumerate(h.points):
        now = (
            None if p.error else (p.overall_number, [(d.id, d.stage_number) for d in p.dimensions])
        )
        if i in (0, len(h.points) - 1) or p.error or p.rubric_changed or now != before:
            kept.append(p)
        if now is not None:
            before = now
    return kept


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first} → {last}"


def _version(p: Point) -> str:
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
            f"Note: {words_over_time.RUBRIC_CHANGED} at {_when(p)}: {was} before, "
            f"{p.rubric_id} {p.rubric_version} from then on"
        )
    if notes:
        notes.append(RESCORE_HINT)
    return notes


def table(h: History, out: Output) -> None:
    from rich.table import Table

    h = visible_copy(h)
    console = out.rich()
    scored = [p for p in h.points if p.error is None]
    title = h.partnership or h.path
    console.print(
        f"{title}: {len(h.points)} review{'s' if len(h.points) != 1 else ''} in {h.path}"
        + (f", {len(h.gaps)} that could not be scored" if h.gaps else ""),
        style="bold",
    )
    highest = top(h)
    trend = Table(show_edge=False, pad_edge=False, box=None, show_header=False)
    for _ in range(4):
        trend.add_column(overflow="fold")
    for d in h.dimensions:
        stages = [s for p in scored if (s := p.stage_of(d.id))]
        span = _span(stages[0].stage, stages[-1].stage) if stages else "not scored"
        trend.add_row(d.name, sparkline(h.series(d.id), highest), span)
    overall = [p.overall_number for p in h.points]
    if scored:
        span = _span(scored[0].overall_stage or "", scored[-1].overall_stage or "")
        trend.add_row("Overall", sparkline(overall, highest), span, style="bold")
    console.print(trend)
    points = Table(show_edge=False, pad_edge=False)
    for name in ("Date", "Version", "Rubric", "Overall", *(d.name for d in h.dimensions)):
        points.add_column(name, overflow="fold")
    shown = notable(h) if len(h.points) > LONG else h.points
    for p in shown:
        if p.error is not None:
            points.add_row(_when(p), _version(p), "", "not scored", style="red")
            continue
        cells = [str(s.stage_number) if (s := p.stage_of(d.id)) else "" for d in h.dimensions]
        rubric = f"{p.rubric_id} {p.rubric_version}" + (" (changed)" if p.rubric_changed else "")
        points.add_row(_when(p), _version(p), rubric, p.overall_stage or "", *cells)
    console.print(points)
    if len(shown) < len(h.points):
        left = len(h.points) - len(shown)
        console.print(
            f"{left} versions in which nothing moved are left out; --format csv lists every one."
        )
    for p in h.gaps:
        console.print(f"Not scored: {p.error}")
    for note in rubric_notes(h):
        console.print(note)
    if h.rescored and scored:
        used = f"{scored[-1].rubric_id} {scored[-1].rubric_version}"
        console.print(f"Every version scored with today's rubric, {used}.")


def json(h: History, out: Output) -> None:
    out.stream.write(h.to_json(indent=True) + "\n")


def csv(h: History, out: Output) -> None:
    """One row per point: its date and source, the rubric, the overall stage, each dimension's
    stage (as named) and number, and the error of a version that could not be scored."""
    writer = csvlib.writer(out.stream, lineterminator="\n")
    head = ["date", "dated_by", "source", "commit", "rubric", "rubric_version", "rubric_changed"]
    head += ["overall", "overall_stage"]
    for d in h.dimensions:
        head += [d.id, f"{d.id}_stage"]
    writer.writerow([*head, "error"])
    for p in h.points:
        row = [_when(p) if p.date else "", p.dated_by or "", p.source, p.commit or ""]
        row += [p.rubric_id or "", p.rubric_version or "", "yes" if p.rubric_changed else "no"]
        row += [p.overall_stage or "", str(p.overall_number or "")]
        for d in h.dimensions:
            s = p.stage_of(d.id)
            row += [s.stage if s else "", str(s.stage_number) if s else ""]
        writer.writerow([safe(cell) for cell in [*row, p.error or ""]])


# --- the HTML page: one line chart per dimension ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    label: str  # the point's date and stage, for a tooltip


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    name: str
    width: int
    height: int
    line: str  # the polyline's points, the scored ones in order
    marks: list[Mark]
    gaps: list[float]  # x of the versions that could not be scored
    rows: list[tuple[float, str]]  # y and name of each stage on the axis
    ticks: list[tuple[float, str]]  # x and date of the points labelled under the chart


LEFT, RIGHT, TOP, BOTTOM, ROW = 150, 40, 12, 28, 28


def chart(h: History, id: str, name: str, series: list[int | None]) -> Chart:
    highest = top(h)
    count = len(series)
    step = 480 / max(count - 1, 1)
    width = LEFT + RIGHT + 480
    height = TOP + BOTTOM + ROW * (highest - 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if count > 1 else 240), 1)

    def y(n: int) -> float:
        return round(TOP + ROW * (highest - n), 1)

    names = [s.name for s in h.stages] + [str(n) for n in range(len(h.stages) + 1, highest + 1)]
    marks = [
        Mark(x(i), y(n), f"{_when(h.points[i])}: stage {n}")
        for i, n in enumerate(series)
        if n is not None
    ]
    return Chart(
        id=id,
        name=name,
        width=width,
        height=height,
        line=" ".join(f"{m.x},{m.y}" for m in marks),
        marks=marks,
        gaps=[x(i) for i, p in enumerate(h.points) if p.error is not None],
        rows=[(y(n), f"{n} {names[n - 1]}") for n in range(1, highest + 1)],
        ticks=[(x(i), _when(h.points[i])) for i in _labelled(count)],
    )


def _labelled(count: int) -> list[int]:
    """The points dated under a chart: all of a few, else about six spread evenly."""
    if count <= 6:
        return list(range(count))
    step = (count - 1) / 5
    return sorted({round(i * step) for i in range(6)})


def html(h: History) -> str:
    from stagecheck._version import __version__
    from stagecheck.renderers.html import environment

    charts = [chart(h, d.id, d.name, h.series(d.id)) for d in h.dimensions]
    charts.append(chart(h, "overall", "Overall", [p.overall_number for p in h.points]))
    return (
        environment()
        .get_template("history.html.j2")
        .render(
            tool_version=__version__,
            h=h,
            charts=charts,
            notes=rubric_notes(h),
            when=_when,
        )
    )


def _text(draw: Callable[[History], str]) -> Callable[[History, Output], None]:
    def render(h: History, out: Output) -> None:
        out.stream.write(draw(h))

    return render


RENDERERS: dict[Format, Callable[[History, Output], None]] = {
    Format.table: table,
    Format.json: json,
    Format.csv: csv,
    Format.html: _text(html),
}
