"""The portfolio view on a terminal: a row per partnership, the distribution of stages as a
heatmap, the dimensions that hold most partnerships back, and the files that could not be
scored. Drawn at the end (the rows are sorted), from the rows and the summary."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from stagecheck.batch.portfolio import Named, Row, Section, Summary, by_section
from stagecheck.core.words import profile_figure
from stagecheck.renderers import report, words_portfolio
from stagecheck.renderers.base import PageView
from stagecheck.renderers.terminal import STAGE_STYLES
from stagecheck.renderers.visible import visible_copy


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
    plural = "" if summary.scored == 1 else "s"
    return f"Portfolio: {summary.scored} partnership{plural} scored"


def section_heading(section: Section) -> str:
    plural = "" if section.scored == 1 else "s"
    return f"{section.title} ({section.id}): {section.scored} partnership{plural}"


def held_back(section: Section) -> str:
    return ", ".join(f"{d.name} ({n} of {section.scored})" for d, n in section.holding_back())


def closing(summary: Summary) -> str:
    skipped = summary.not_written  # scored, but of another rubric than the CSV's columns
    scored = summary.scored + skipped
    files = f"{summary.files} file{'' if summary.files == 1 else 's'}"
    combined = summary.combined
    if combined is not None:  # a row is a partnership, made from its respondents' files
        plural = "" if combined.partnerships == 1 else "s"
        parts = [f"{combined.partnerships} partnership{plural} from {files}: {scored} scored"]
        unread = combined.unread
    else:
        parts, unread = [f"{files}: {scored} scored"], 0
    if skipped:
        parts.append(
            f"{skipped} of them not written: scored with another rubric than this CSV's "
            "(named above)"
        )
    if len(summary.failures) > skipped + unread:
        parts.append(f"{len(summary.failures) - skipped - unread} could not be scored")
    if unread:
        parts.append(f"{unread} file{'' if unread == 1 else 's'} could not be read")
    if summary.below_gate:
        parts.append(f"{summary.below_gate} below a gate")
    return "; ".join(parts) + "."


class PortfolioView(PageView):
    """The rows are kept (small) because the table is sorted; drawn at the end, one section
    per rubric used."""

    def end(self, summary: Summary) -> None:
        # before any layout: no control character from a file or a path reaches a terminal
        rows, summary = visible_copy((self.rows, summary))
        console = self.out.rich()
        if self.out.summary:
            from stagecheck.renderers import portfolio_summary

            portfolio_summary.draw(console, summary, self.out.summary)
            return
        console.print(Text(heading(summary), style="bold"))
        several = len(summary.sections) > 1
        for section, section_rows in by_section(rows, summary):
            if several:
                console.print(Text("\n" + section_heading(section), style="bold underline"))
            console.print(table(section, section_rows, console.width))
            console.print(legend(section, gates=summary.below_gate > 0), style="dim")
            console.print(distribution(section))
            for line in beside_lines(section):
                console.print(Text(line))
            if held := held_back(section):
                console.print(Text("Holding most partnerships back: ", style="bold") + Text(held))
        failures(console, summary)
        console.print(Text(closing(summary), style="bold"))


def table(section: Section, rows: list[Row], width: int = 120) -> Table:
    """A row per partnership in `width` columns: the dimension marks and the index keep their
    width, the overall stage takes what its longest name needs (wrapping between words where
    there is not room, cut with an ellipsis only where one word cannot fit), and the name and
    file take the rest; a long path loses its middle, never its file name."""
    short = abbreviations(section.dimensions)
    marks = [max(cell_len(short[d.id]), 2) for d in section.deciding]
    apart = [
        max(cell_len(short[b.id]), len(f"{len(b.cells)} of {len(b.cells)}?"))
        for b in section.beside
    ]
    labels = [overall_label(section, r) for r in rows]
    natural_overall = max(cell_len(t.plain) for t in [Text("Overall"), *labels])
    natural_who = max(
        [cell_len("Partnership and file")] + [cell_len(x) for r in rows for x in who_lines(r)]
    )
    # with padding 0, a space between columns
    room = max(width - sum(marks) - sum(apart) - 5 - (len(marks) + len(apart) + 2), 27)
    overall_width = min(natural_overall, max(11, room * 2 // 5))
    who_width = min(natural_who, room - overall_width)
    grid = Table(box=box.SIMPLE_HEAD, header_style="bold", padding=0, show_edge=False)
    grid.add_column("Partnership and file", width=who_width)
    for d, w in zip(section.deciding, marks, strict=True):
        grid.add_column(short[d.id], justify="center", no_wrap=True, width=w)
    grid.add_column("Overall", width=overall_width, overflow="ellipsis")
    grid.add_column("Index", justify="right", no_wrap=True, width=5)
    for b, w in zip(section.beside, apart, strict=True):  # read beside the stage, after it
        grid.add_column(short[b.id], justify="center", no_wrap=True, width=w, style="italic")
    for r, overall in zip(rows, labels, strict=True):
        cells = []
        for d in section.deciding:
            c = r.cell(d.id)
            mark = "" if c is None else c.mark
            cells.append(Text(mark, style=style(c.number) if c else ""))
        who = Group(Text(r.name), *where_lines(r))
        grid.add_row(
            who,
            *cells,
            overall,
            profile_figure(r.index),
            *(b.mark(r.cell(b.id)) for b in section.beside),
        )
    return grid


def who_lines(r: Row) -> list[str]:
    """The lines of the first column: the name, then the file, or for a combined row how many
    respondents and their folder."""
    if not r.files:
        return [r.name, r.path]
    return [r.name, words_portfolio.respondents(r), *([r.folder] if r.folder else [])]


def where_lines(r: Row) -> list[Text | MiddleEllipsis]:
    """Under the name: the file, or "3 respondents in" and their folder (losing its middle
    where the column is narrow, never its last folder's name)."""
    if not r.files:
        return [MiddleEllipsis(r.path, style="dim")]
    said: list[Text | MiddleEllipsis] = [Text(words_portfolio.respondents(r), style="dim")]
    return said + ([MiddleEllipsis(r.folder, style="dim")] if r.folder else [])


def overall_label(section: Section, r: Row) -> Text:
    label = Text(
        section.stage_name(r.overall) + ("?" if r.provisional else ""),
        style=style(r.overall_number),
    )
    if r.below:
        label += Text(" ✗", style="bold red")
    return label


class MiddleEllipsis:
    """One line of text (a file path) that, where the column is too narrow for it, loses its
    middle: `examples/deep…/cpd-cluster.yaml` keeps where it starts and the file's name."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(middle(self.text, options.max_width), style=self.style, no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(cell_len(self.text), 12), cell_len(self.text))


def middle(text: str, width: int) -> str:
    """`text` in at most `width` cells, its middle replaced by an ellipsis if it is longer:
    the end (a path's file name) is kept whole where it fits, then as much of the start."""
    if cell_len(text) <= width:
        return text
    keep = max(width - 1, 0)
    name = cell_len(text.rsplit("/", 1)[-1])
    tail = min(keep, max(keep - keep // 3, name))
    head = keep - tail
    if head < 4:  # a stub of the start says nothing: give the room to the end
        head, tail = 0, keep
    return set_cell_size(text, head) + "…" + _last_cells(text, tail)


def _last_cells(text: str, width: int) -> str:
    out = ""
    for char in reversed(text):
        if cell_len(char + out) > width:
            break
        out = char + out
    return out


def legend(section: Section, *, gates: bool) -> str:
    short = abbreviations(section.dimensions)
    columns = ", ".join(f"{short[d.id]} {d.name}" for d in section.deciding)
    stages = ", ".join(f"{i} {s.name}" for i, s in enumerate(section.stages, start=1))
    gate = "; ✗ below a gate" if gates else ""
    return (
        f"Columns: {columns}.\nStages: {stages}; ? provisional: {report.PROVISIONAL_WHY}"
        f"{gate}. Weakest first." + beside_legend(section, short)
    )


def beside_legend(section: Section, short: dict[str, str]) -> str:
    """The columns after the stage: dimensions read beside it, as the cell each reached."""
    if not section.beside:
        return ""
    columns = ", ".join(f"{short[b.id]} {b.name}" for b in section.beside)
    return f"\nRead beside the stage (the cell reached, of the row's cells): {columns}."


def beside_lines(section: Section) -> list[str]:
    """How many partnerships reached each cell of each dimension read beside the stage."""
    if not section.beside:
        return []
    out = ["Read beside the stage (it does not change it):"]
    for b, counts in section.beside_counts():
        out.append(f"  {b.name}: " + "; ".join(f"{n} at '{words}'" for words, n in counts))
    return out


def distribution(section: Section) -> Group:
    """Partnerships counted by dimension and stage, each cell shaded by its share; a cell the
    table merges counted once, across its stages, and a line saying so under the grid."""
    spans = words_portfolio.span_legend(section)
    grid = heat_grid(section)
    return Group(grid, Text(spans, style="dim")) if spans else Group(grid)


def heat_grid(section: Section) -> Table:
    grid = Table(
        title=Text("How many partnerships stand at each stage"),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
    )
    grid.add_column("Dimension")
    for i in range(1, len(section.stages) + 1):
        grid.add_column(str(i), justify="right")
    total = section.scored or 1
    for d in section.deciding:
        cells = []
        for first, last, n in section.heat(d.id):  # a merged cell: its span, then arrows
            cells.append(heat_cell(words_portfolio.heat_count(first, last, n), n, total, first))
            cells += [Text(words_portfolio.COVERED, style="dim")] * (last - first)
        grid.add_row(Text(d.name), *cells)
    overall = [section.overall[s.id] for s in section.stages]
    grid.add_row(
        Text("Overall", style="bold"),
        *(heat_cell(str(n), n, total, i) for i, n in enumerate(overall, start=1)),
    )
    return grid


def heat_cell(said: str, n: int, total: int, stage: int) -> Text:
    """A heatmap cell shaded by its share of the partnerships, in its stage's colour."""
    share = n / total
    if n == 0:
        return Text("\u00b7" if said == "0" else said, style="dim")
    if share < 1 / 3:
        return Text(f" {said} ", style=style(stage))
    if share < 2 / 3:
        return Text(f" {said} ", style=f"reverse {style(stage)}")
    return Text(f" {said} ", style=f"bold reverse {style(stage)}")


def failures(console: Console, summary: Summary) -> None:
    if not summary.failures:
        return
    n = len(summary.failures)
    console.print(Text(f"Could not be scored ({n}):", style="bold red"))
    for f in summary.failures:
        more = f" (and {f.more} more problem{'s' if f.more != 1 else ''})" if f.more else ""
        console.print(Text(f"  {f.first}{more}"), soft_wrap=True)
