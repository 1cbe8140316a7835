"""The default output: a rich table of the dimensions and a panel of first steps."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import CriterionResult, DimensionResult, Record, Step, cited
from stagecheck.renderers import report, words_evidence, words_over_time
from stagecheck.renderers.base import Output
from stagecheck.renderers.visible import visible_copy

STAGE_STYLES = ("red", "yellow", "cyan", "green", "magenta", "blue")
OUTCOME_MARKS = {
    Outcome.MET: ("✓", "green"),
    Outcome.NOT_MET: ("✗", "red"),
    Outcome.NOT_APPLICABLE: ("○", "dim"),
    Outcome.UNKNOWN: ("?", "yellow"),
}


def render(record: Record, console: Console, *, detail: bool = False) -> None:
    record = visible_copy(record)  # before any layout: no control character reaches a terminal
    p = record.partnership
    console.print(Text(p.name, style="bold"))
    partners = ", ".join(f"{x.name} ({x.sector})" for x in p.partners)
    console.print(Text(f"Partners: {partners}", style="dim"))
    console.print(
        Text(
            f"Rubric: {record.rubric.title} ({record.rubric.id} {record.rubric.version})",
            style="dim",
        )
    )
    console.print(dimension_table(record))
    console.print(overall_line(record))
    if report.beside(record):
        console.print(beside_table(record))
    if record.targets:
        console.print(targets_table(record))
    if detail:
        for dim in record.dimensions:
            console.print(dimension_detail(record, dim))
    console.print(steps_panel(record, record.first_steps, "First steps"))
    if not detail:
        console.print(Text("Every dimension's criteria and next steps: add --detail.", style="dim"))


def bar(number: int, total: int, top: int | None = None) -> Text:
    """One block per stage: filled up to `number`, hatched through `top` (the rest of a merged
    cell's span), empty after."""
    style = STAGE_STYLES[min(number, len(STAGE_STYLES)) - 1]
    spanned = (top or number) - number
    return (
        Text("■" * number, style=style)
        + Text("▨" * spanned, style=style)
        + Text("□" * (total - number - spanned), style="dim")
    )


def stage_cell(record: Record, dim: DimensionResult) -> Text:
    text = bar(dim.stage_number, len(record.stages), dim.counts_as) + " " + dim.stage_label
    qualified = report.markers(dim)
    if qualified:
        text += Text(f" ({'; '.join(qualified)})", style="yellow")
    return text


def dimension_table(record: Record) -> Table:
    table = Table(header_style="bold", expand=True)
    # as wide as the longest word of a name (never cut), wrapping between words
    longest = max((cell_len(w) for d in record.dimensions for w in d.name.split()), default=0)
    table.add_column("Dimension", width=max(longest, len("Dimension")))
    table.add_column("Stage", ratio=3, min_width=14, max_width=24)
    table.add_column("Next", justify="right", no_wrap=True)
    dims = report.deciding(record)
    ranges = [words_evidence.evidence_range(d) for d in dims]
    # never narrower than its longest word ("independent"), so "asserted to independent"
    # wraps between words and is never cut to "indepen…" (with a ratio, Rich takes `width` as
    # the column's least width and ignores `min_width`)
    table.add_column("Evidence", ratio=2, width=longest_word(["Evidence", *ranges]))
    table.add_column("Why, or what holds it back", ratio=6, min_width=24)
    for dim, evidence in zip(dims, ranges, strict=True):
        progress = f"{dim.progress:.0%}" if dim.next_stage else "top"
        table.add_row(dim.name, stage_cell(record, dim), progress, evidence, dim.reason)
    table.caption = (
        "Next: the share of the next stage's criteria already met. Evidence: the weakest and "
        "strongest behind the cell reached."
    )
    return table


def longest_word(texts: list[str]) -> int:
    """The width of the longest word in `texts`: a column's least width, so that it wraps
    between words and never cuts one."""
    return max((cell_len(w) for t in texts for w in t.split()), default=1)


def beside_table(record: Record) -> Table:
    """The dimensions read beside the stage, apart from it and named by their cells' words."""
    table = Table(header_style="bold", expand=True, title=Text(report.BESIDE_TITLE))
    table.title_justify = "left"
    beside = report.beside(record)
    readings = []
    for dim in beside:
        reading = Text(dim.stage_label)
        if qualified := report.markers(dim):
            reading += Text(f" ({'; '.join(qualified)})", style="yellow")
        readings.append(reading)
    # "Teacher-to-teacher" is one word: neither column is ever narrower than its longest word
    # (a ratio column's `width` is its least width)
    table.add_column("Dimension", ratio=2, width=longest_word([d.name for d in beside]))
    table.add_column("Reading", ratio=3, width=longest_word([r.plain for r in readings]))
    table.add_column("Why, or what it lacks", ratio=6, min_width=24)
    for dim, reading in zip(beside, readings, strict=True):
        table.add_row(dim.name, reading, dim.reason)
    table.caption = report.BESIDE_WORDS
    return table


TARGET_STYLES = {"met": "green", "due": "yellow", "overdue": "red"}


def targets_table(record: Record) -> Table:
    """The file's targets: the stage reached, the distance, and met, due or overdue."""
    table = Table(header_style="bold", expand=True, title=Text(words_over_time.TARGETS_TITLE))
    table.title_justify = "left"
    longest = max((cell_len(w) for t in record.targets for w in t.name.split()), default=0)
    table.add_column("Dimension", width=max(longest, len("Dimension")))
    rows = words_over_time.target_rows(record)
    # a ratio column's `width` is its least width: never less than its longest word
    table.add_column("Target", ratio=3, width=longest_word([r.target for r in rows]))
    table.add_column("Reached", ratio=3, width=longest_word([r.reached for r in rows]))
    table.add_column("Distance", no_wrap=True)
    table.add_column("Status", ratio=4, min_width=14)
    for t, row in zip(record.targets, rows, strict=True):
        status = Text(row.status, style=TARGET_STYLES[t.status])
        table.add_row(row.dimension, row.target, row.reached, row.distance, status)
    notes = [f"{r.dimension}: {report.sentence(r.note)}" for r in rows if r.note]
    table.caption = "\n".join([words_over_time.targets_sentence(record), *notes])
    return table


def overall_line(record: Record) -> Text:
    o = record.overall
    names = report.stage_names(record)
    line = Text("Overall stage: ", style="bold") + bar(o.stage_number, len(record.stages))
    line += Text(f" {names[o.stage]}", style="bold")
    if o.provisional:
        line += Text(" (provisional)", style="yellow")
    if o.unconfirmed:
        unsure = ", ".join(report.dimension_names(record, o.unconfirmed))
        line += Text(f" (not confirmed: {unsure})", style="yellow")
    line += Text(f", {report.RULE_WORDS.get(o.rule, o.rule)}")
    if o.holding_back:
        line += Text(f"\nHeld there by: {', '.join(report.held_by(record))}", style="dim")
    line += Text(f"\n{report.profile_sentence(record)}", style="dim")
    if said := words_evidence.evidence_sentence(record):
        line += Text(f"\n{said}", style="dim")
    if said := words_evidence.minimum_sentence(record):
        line += Text(f"\n{said}", style="yellow")
    return line


def step_text(record: Record, step: Step) -> Text:
    text = Text(step.text)
    area = report.dimension_name(record, step.dimension)  # its name: never a code on screen
    text += Text(f"\n   effort {step.effort} · {step.owner} · {area}", style="dim")
    if step.sources:
        text += Text(f"\n   source: {cited(step.sources)}", style="dim italic")
    return text


def steps_panel(record: Record, steps: list[Step], title: str) -> Panel:
    if not steps:
        body: Text | Group = Text("Nothing left to do at this rubric's top stage.")
    else:
        body = Group(*(Text(f"{i}. ") + step_text(record, s) for i, s in enumerate(steps, start=1)))
    # titles as Text: a str title is read as rich markup, and names come from rubrics
    return Panel(body, title=Text(title), title_align="left", expand=False)


def criteria_grid(
    record: Record, results: list[CriterionResult], dim: DimensionResult | None = None
) -> Table:
    names = report.stage_names(record)
    rows = Table.grid(padding=(0, 1), expand=True)
    rows.add_column(no_wrap=True)
    rows.add_column(ratio=1, max_width=24)  # the stage: a long name wraps in its column
    rows.add_column(ratio=3)
    for c in results:
        mark, style = OUTCOME_MARKS[c.outcome]
        note = f" ({c.reason})" if c.reason else ""
        note += "" if c.counts else " [left out of the stage]"
        evidence = f"\n  evidence: {words_evidence.evidence_text(c)}" if c.evidence else ""
        if c.set_aside:
            evidence += f"\n  [{words_evidence.strength_note(c)}]"
        rows.add_row(
            Text(mark, style=style),
            Text(
                report.criterion_stage(dim, c.stage, names) if dim else names[c.stage],
                style="dim",
            ),
            Text(c.text + note) + Text(evidence, style="dim"),
        )
    return rows


def dimension_detail(record: Record, dim: DimensionResult) -> Panel:
    names = report.stage_names(record)
    parts: list[Table | Text | Panel] = [
        Text(report.reached_line(dim), style="italic"),
        Text(report.criteria_title(dim) + ":", style="bold"),
        criteria_grid(record, dim.criteria, dim),
    ]
    parts += [Text(c.message, style="yellow") for c in dim.conflicts]
    if dim.questions_to_confirm:
        from stagecheck.core.compiled import load_rubric  # loaded already: the record's rubric

        questions = load_rubric(record.rubric.path).questions
        asked = [
            f"\u2018{questions[q].text}\u2019" if q in questions else q
            for q in dim.questions_to_confirm
        ]
        parts.append(
            Text(
                "Not confirmed: the lower cells were taken on the higher cell's answers; "
                f"answer {'; '.join(asked)} to confirm them.",
                style="yellow",
            )
        )
    if dim.practices:
        parts += [
            Text(
                "Practices from the literature (advice; they never decide the stage):", style="bold"
            ),
            criteria_grid(record, dim.practices, dim),
        ]
    if dim.next_steps:
        towards = f" to {report.next_name(dim, names)}" if dim.next_stage else ""
        parts.append(steps_panel(record, dim.next_steps, f"Next steps{towards}"))
    return Panel(Group(*parts), title=Text(dim.name), title_align="left")


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format table` (see stagecheck.renderers.base)."""
    render(record, out.rich(), detail=out.detail)
