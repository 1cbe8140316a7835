"""`stagecheck history -f html`: one self-contained page, an inline SVG line chart per
dimension and overall, with the same figures in a table (no scripts, nothing fetched).

A merged cell is drawn as a band from its first stage to the top of its span, not as a point
at one stage; the line runs through the top, the stage it counts as for the overall stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from stagecheck.renderers.history import merged, rubric_notes, stages_key, top, version, when
from stagecheck.timeline.trend import History

LEFT, RIGHT, TOP, BOTTOM, ROW, PLOT = 150, 40, 12, 28, 28, 480
BAND = 14  # the width of a merged cell's band


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float  # the stage it counts as (the top of a merged cell)
    label: str  # the point's date and stage, for a tooltip
    low: float | None = None  # y of a merged cell's first stage: drawn as a band down to it


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


def chart(h: History, id: str, name: str, series: list[tuple[int, int] | None]) -> Chart:
    """`series`: each point's cell as (first stage, the stage it counts as), None for a gap."""
    highest = top(h)
    count = len(series)
    step = PLOT / max(count - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if count > 1 else PLOT / 2), 1)

    def y(n: int) -> float:
        return round(TOP + ROW * (highest - n), 1)

    names = [s.name for s in h.stages] + [str(n) for n in range(len(h.stages) + 1, highest + 1)]
    marks = []
    for i, cell in enumerate(series):
        if cell is None:
            continue
        first, counts = cell
        stage = f"stage {first}" if first == counts else f"stages {first}\u2013{counts}, one cell"
        low = y(first) if first != counts else None
        marks.append(Mark(x(i), y(counts), f"{when(h.points[i])}: {stage}", low))
    return Chart(
        id=id,
        name=name,
        width=LEFT + RIGHT + PLOT,
        height=TOP + BOTTOM + ROW * (highest - 1),
        line=" ".join(f"{m.x},{m.y}" for m in marks),
        marks=marks,
        gaps=[x(i) for i, p in enumerate(h.points) if p.error is not None],
        rows=[(y(n), f"{n} {names[n - 1]}") for n in range(1, highest + 1)],
        ticks=[(x(i), when(h.points[i])) for i in _labelled(count)],
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
    from stagecheck.renderers.words_over_time import span

    charts = [chart(h, d.id, d.name, h.spans(d.id)) for d in h.dimensions]
    overall = [(n, n) if n is not None else None for n in (p.overall_number for p in h.points)]
    charts.append(chart(h, "overall", "Overall", overall))
    return (
        environment()
        .get_template("history.html.j2")
        .render(
            tool_version=__version__,
            h=h,
            charts=charts,
            notes=rubric_notes(h),
            when=when,
            version=version,
            span=span,
            band=BAND,
            merged=merged(h),
            key=stages_key(h),
        )
    )
