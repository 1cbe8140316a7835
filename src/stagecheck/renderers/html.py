"""`--format html`: one self-contained page that opens offline and prints on A4.

One partnership: header and provenance, a radar chart of the dimensions on the stages (inline
SVG, with the same figures in a table for screen readers), the stage table, the reasons and the
action plan. A batch: a portfolio page with the dimension x stage heatmap and one row per
partnership. No scripts, fonts or anything else fetched from elsewhere.

Templates are Jinja2 with autoescaping on, so every name, reason and note from a user's file is
escaped. The chart's geometry is computed here (a few lines of trigonometry): a charting library
would bring scripts or a large dependency for one polygon on concentric rings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from stagecheck.batch.portfolio import Row, Section, Summary, by_section
from stagecheck.core.outcome import Outcome
from stagecheck.core.record import Record, cited
from stagecheck.renderers import (
    report,
    words_evidence,
    words_over_time,
    words_portfolio,
    words_voices,
)
from stagecheck.renderers.base import Output, PageView
from stagecheck.renderers.visible import visible

if TYPE_CHECKING:
    from jinja2 import Environment

MARKS = {
    Outcome.MET: ("✓", "met"),
    Outcome.NOT_MET: ("✗", "not yet"),
    Outcome.NOT_APPLICABLE: ("○", "not applicable"),
    Outcome.UNKNOWN: ("?", "not answered yet"),
}


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Axis:
    name: str
    end: Point
    label: Point
    anchor: str  # text-anchor of the label
    lines: list[str]  # the label, wrapped
    value: Point
    provisional: bool
    stage: str


@dataclass(frozen=True, slots=True)
class Ring:
    points: str  # the ring's polygon
    number: int  # the stage it stands for
    label: Point  # where its number is written: between the first two spokes


@dataclass(frozen=True, slots=True)
class Radar:
    width: int
    height: int
    centre: Point
    rings: list[Ring]
    axes: list[Axis]
    shape: str  # points of the partnership's polygon


def _at(centre: Point, radius: float, angle: float) -> Point:
    return Point(
        round(centre.x + radius * math.sin(angle), 1),
        round(centre.y - radius * math.cos(angle), 1),
    )


def _wrap(name: str, width: int = 14) -> list[str]:
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def radar(record: Record, radius: int = 150) -> Radar:
    """A radar of each deciding dimension's stage: one spoke per dimension, one ring per stage
    (the dimensions read beside the stage have no stage to draw)."""
    width, height = 560, 2 * radius + 130
    centre = Point(width / 2, height / 2)
    total = len(record.stages)
    dimensions = report.deciding(record)
    count = len(dimensions)
    angles = [2 * math.pi * i / count for i in range(count)]

    def polygon(r: float) -> str:
        return " ".join(f"{p.x},{p.y}" for p in (_at(centre, r, a) for a in angles))

    between = math.pi / count  # half a step: no spoke, no point there
    rings = [
        Ring(polygon(radius * n / total), n, _at(centre, radius * n / total - 6, between))
        for n in range(1, total + 1)
    ]
    axes = []
    for d, angle in zip(dimensions, angles, strict=True):
        label = _at(centre, radius + 16, angle)
        sin = math.sin(angle)
        anchor = "middle" if abs(sin) < 0.2 else "start" if sin > 0 else "end"
        lines = _wrap(d.name)
        if math.cos(angle) < -0.5:  # below the chart: move the wrapped label down
            label = Point(label.x, label.y + 10)
        elif math.cos(angle) > 0.5:
            label = Point(label.x, label.y - 12 * (len(lines) - 1))
        axes.append(
            Axis(
                name=d.name,
                end=_at(centre, radius, angle),
                label=label,
                anchor=anchor,
                lines=lines,
                # as the headline counts it: a merged cell at the top of its span
                value=_at(centre, radius * d.counts_as / total, angle),
                provisional=d.provisional,
                stage=d.stage_label,
            )
        )
    shape = " ".join(f"{a.value.x},{a.value.y}" for a in axes)
    return Radar(width, height, centre, rings, axes, shape)


def _shown(value: object) -> object:
    """Every `{{ ... }}` of every page, before it is escaped: autoescaping escapes HTML, not
    control characters, so a name's ESC or RIGHT-TO-LEFT OVERRIDE is shown as the terminal
    shows it (`\\x1b`), in the title and headings as everywhere else."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value, layout=True)
    return value


@cache
def environment() -> Environment:
    from pathlib import Path

    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        finalize=_shown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        report=report,
        words_evidence=words_evidence,
        words_over_time=words_over_time,
        words_portfolio=words_portfolio,
        words_voices=words_voices,
        cited=cited,
        marks=MARKS,
        outcome_words=report.OUTCOME_WORDS,
    )
    return env


def render(record: Record) -> str:
    """The report page of one partnership."""
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            tool_version=record.tool.version,
            record=record,
            names=report.stage_names(record),
            radar=radar(record),
            strengths=report.strengths(record),
            holding=report.holding_back(record),
            plan=report.action_plan(record),
        )
    )


@dataclass(frozen=True, slots=True)
class HeatCell:
    count: int
    span: int = 1  # the stages it covers: more than one for a cell the table merges
    said: str = ""  # the count, or for a merged cell its span and count (heat_count)


@dataclass(frozen=True, slots=True)
class HeatRow:
    name: str
    counts: list[HeatCell]  # partnerships in each of the dimension's cells, in stage order


def heatmap(section: Section) -> list[HeatRow]:
    """For each dimension, how many partnerships stand in each cell: one cell for each stage,
    and one spanning its stages where the table merges them."""
    return [
        HeatRow(
            d.name,
            [
                HeatCell(n, last - first + 1, words_portfolio.heat_count(first, last, n))
                for first, last, n in section.heat(d.id)
            ],
        )
        for d in section.deciding
    ]


def render_portfolio(rows: list[Row], summary: Summary, mode: str = "") -> str:
    """A batch on one page: for each rubric used, the dimension x stage heatmap and one row per
    partnership (weakest first); then the files that could not be scored. As a summary
    (`mode`), the rows are each rubric's weakest few, with what holds partnerships back."""
    from stagecheck._version import __version__
    from stagecheck.batch.portfolio import SUMMARY_OVER
    from stagecheck.renderers.portfolio import closing

    if mode:
        sections = [
            (section, section.weakest(), heatmap(section))
            for section in summary.sections.values()
            if section.scored
        ]
    else:
        sections = [(section, rs, heatmap(section)) for section, rs in by_section(rows, summary)]
    return (
        environment()
        .get_template("portfolio.html.j2")
        .render(
            tool_version=__version__,
            summary=summary,
            sections=sections,
            closing=closing(summary) if summary.combined else "",
            summary_note=words_portfolio.summary_note(mode, summary.files, SUMMARY_OVER)
            if mode
            else "",
        )
    )


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format html` (see stagecheck.renderers.base)."""
    out.stream.write(render(record))


class HtmlPortfolio(PageView):
    """`--format html` for a batch: the portfolio page."""

    def end(self, summary: Summary) -> None:
        self.out.stream.write(render_portfolio(self.rows, summary, self.out.summary))
