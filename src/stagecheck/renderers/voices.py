"""Several respondents combined (`assess --combine`): the side-by-side table on a terminal,
the JSON document (every respondent's record and the combined one), the Markdown agenda
(the gaps first) and the HTML page (one radar polygon per respondent, overlaid). Drawn from
`core.combine.Combined`; the wording is `renderers.report`'s."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, assert_never

from rich.console import Console
from rich.table import Table
from rich.text import Text

from stagecheck.core.combine import Combined
from stagecheck.renderers import report, words_evidence, words_voices
from stagecheck.renderers.base import Format, Output
from stagecheck.renderers.visible import visible_copy

if TYPE_CHECKING:
    pass

CombinedRenderer = Callable[[Combined, Output], None]


def renderer(fmt: Format) -> CombinedRenderer | None:
    """The renderer of one combined partnership, or None where the format is a batch's (its
    one row)."""
    match fmt:
        case Format.table:
            return lambda c, out: render_table(c, out.rich())
        case Format.json:
            return lambda c, out: _write(out, c.to_json(indent=True) + "\n")
        case Format.markdown:
            return lambda c, out: _write(out, render_markdown(c))
        case Format.html:
            return lambda c, out: _write(out, render_html(c))
        case Format.docx:
            from stagecheck.renderers.docx import render_to

            return lambda c, out: render_to(c.combined, out)
        case Format.jsonl | Format.csv:
            return None
        case unreachable:
            assert_never(unreachable)


def _write(out: Output, text: str) -> None:
    out.stream.write(text)


def render_table(combined: Combined, console: Console) -> None:
    c = visible_copy(combined)  # before any layout: no control character reaches a terminal
    record = c.combined
    console.print(Text(record.partnership.name, style="bold"))
    console.print(Text(words_voices.combine_sentence(c.rule, _views(c)), style="dim"))
    who = Table.grid(padding=(0, 1))
    who.add_column(no_wrap=True, justify="right")
    who.add_column(ratio=1)
    for i, r in enumerate(c.respondents, start=1):
        named = words_voices.respondent_line(r.name, r.role, r.organisation)
        who.add_row(f"{i}.", Text(named) + Text(f", {r.path}", style="dim"))
    console.print(who)
    for note in c.notes:
        console.print(Text(note, style="yellow"))
    console.print(side_by_side(c))
    o = record.overall
    names = report.stage_names(record)
    line = Text("Combined overall stage: ", style="bold")
    line += Text(names[o.stage], style="bold")
    if o.provisional:
        line += Text(" (provisional)", style="yellow")
    line += Text(f", {report.RULE_WORDS.get(o.rule, o.rule)}")
    if o.holding_back:
        line += Text(f"\nHeld there by: {', '.join(report.held_by(record))}", style="dim")
    console.print(line)
    for said in words_evidence.evidence_sentences(record):  # the minimum applied, if any, is said
        console.print(Text(said, style="dim"))
    console.print(Text(f"\n{words_voices.GAPS_TITLE}", style="bold"))
    if not c.gaps:
        console.print(Text(words_voices.NO_GAPS))
    listed = Table.grid(padding=(0, 1))
    listed.add_column(no_wrap=True, justify="right")
    listed.add_column(ratio=1)
    for i, gap in enumerate(c.gaps, start=1):
        listed.add_row(f"{i}.", Text(words_voices.gap_title(gap), style="yellow"))
        for said in words_voices.gap_lines(gap):
            listed.add_row("", Text(f"- {said}"))
    console.print(listed)
    console.print(Text(words_voices.GAPS_WORDS, style="dim"))
    if record.targets:  # on the combined stages
        from stagecheck.renderers.terminal import targets_table

        console.print(targets_table(record))


def side_by_side(c: Combined) -> Table:
    """One row per dimension: each respondent's stage (numbered as the list above), the
    combined stage in the table's words, and a mark where they differ."""
    record = c.combined
    table = Table(header_style="bold", expand=True, caption_justify="left")
    table.add_column("Dimension", ratio=3, min_width=12)
    for i in range(1, len(c.respondents) + 1):
        table.add_column(str(i), justify="center", no_wrap=True)
    table.add_column("Combined", ratio=4, min_width=12)
    table.add_column("Gap", no_wrap=True)
    gapped = {g.dimension for g in c.gaps}
    for n, dim in enumerate(record.dimensions):
        if not dim.decides_overall:
            continue
        views = [r.dimensions[n] for r in c.records]
        table.add_row(
            dim.name,
            *(
                words_voices.view_mark(ref, v, narrow=True)
                for ref, v in zip(c.respondents, views, strict=True)
            ),
            words_voices.mark(dim.stage_number, dim.counts_as, dim.provisional)
            + f" {dim.stage_label}",
            Text("◆", style="yellow") if dim.id in gapped else "",
        )
    overall = [r.overall for r in c.records]
    o = record.overall
    table.add_row(
        Text("Overall", style="bold"),
        *(
            words_voices.overall_mark(ref, x, narrow=True)
            for ref, x in zip(c.respondents, overall, strict=True)
        ),
        Text(
            f"{words_voices.mark(o.stage_number, o.stage_number, o.provisional)} "
            f"{report.stage_names(record)[o.stage]}",
            style="bold",
        ),
        "",
    )
    stages = "; ".join(f"{i} {s.name}" for i, s in enumerate(record.stages, start=1))
    table.caption = (
        f"Stages: {stages}. {words_voices.MARKS_WORDS}"
        f"{words_voices.dash_words(c.respondents)} ◆: a perspective gap below."
    )
    return table


def render_markdown(combined: Combined) -> str:
    from stagecheck.renderers.markdown import checklist_item, md, targets_section

    c = combined
    record = c.combined
    names = report.stage_names(record)
    out = [f"# {md(record.partnership.name)}: as its respondents see it", ""]
    out += [md(words_voices.combine_sentence(c.rule, _views(c))), ""]
    out += [f"**Combined overall stage: {md(report.overall_sentence(record))}**", ""]
    out += [line for said in words_evidence.evidence_sentences(record) for line in (md(said), "")]
    out += ["Respondents:", ""]
    for i, r in enumerate(c.respondents, start=1):
        out.append(f"{i}. {md(words_voices.respondent_line(r.name, r.role, r.organisation))}")
    out += ["", *(f"**{md(note)}**" for note in c.notes)] if c.notes else []
    out += ["", "## Agenda for the next partnership meeting", ""]
    out.append(f"1. **{words_voices.GAPS_TITLE}.** {md(words_voices.GAPS_WORDS)}")
    if not c.gaps:
        out.append(f"   - {md(words_voices.NO_GAPS)}")
    for gap in c.gaps:
        out.append(f"   - **{md(words_voices.gap_title(gap))}**")
        out += [f"     - {md(line)}" for line in words_voices.gap_lines(gap)]
    out.append("2. **First steps**, on the combined stages:")
    out += ["   " + checklist_item(record, s).replace("\n", "\n   ") for s in record.first_steps]
    if not record.first_steps:
        out.append("   - Nothing left to do at this rubric's top stage.")
    out += ["", "## Stages side by side", ""]
    heads = " | ".join(md(r.name) for r in c.respondents)
    out += [
        f"| Dimension | {heads} | Combined | Gap |",
        "| --- |" + " --- |" * (len(c.respondents) + 2),
    ]
    gapped = {g.dimension for g in c.gaps}
    for n, dim in enumerate(record.dimensions):
        if not dim.decides_overall:
            continue
        views = " | ".join(
            words_voices.view_mark(ref, r.dimensions[n])
            for ref, r in zip(c.respondents, c.records, strict=True)
        )
        at = words_voices.mark(dim.stage_number, dim.counts_as, dim.provisional)
        combined_cell = f"{at} {md(dim.stage_label)}"
        out.append(
            f"| {md(dim.name)} | {views} | {combined_cell} | {'◆' if dim.id in gapped else ''} |"
        )
    overall = " | ".join(
        words_voices.NOT_YET if ref.left_out else names[r.overall.stage]
        for ref, r in zip(c.respondents, c.records, strict=True)
    )
    out += [f"| **Overall** | {overall} | **{names[record.overall.stage]}** | |", ""]
    stages = "; ".join(f"{i} {md(s.name)}" for i, s in enumerate(record.stages, start=1))
    out += [f"Stages: {stages}. {words_voices.MARKS_WORDS}"]
    out += [*targets_section(record), ""]  # on the combined stages
    return "\n".join(out)


def _views(c: Combined) -> int:
    """How many respondents are combined: those who have answered."""
    return sum(not r.left_out for r in c.respondents)


PALETTE = ("#2e5aac", "#c0392b", "#1f8a70", "#d68910", "#7d3c98", "#34495e")


def render_html(combined: Combined) -> str:
    from stagecheck.renderers.html import environment, radar

    record = combined.combined
    # a respondent who has not answered yet has no view to draw; a dimension they left wholly
    # unanswered is drawn at the centre, on no stage's ring
    drawn = []
    for ref, r in zip(combined.respondents, combined.records, strict=True):
        if not ref.left_out:
            chart = radar(r)
            points = [
                chart.centre if d.id in ref.not_answered else axis.value
                for d, axis in zip(report.deciding(r), chart.axes, strict=True)
            ]
            drawn.append((ref, " ".join(f"{p.x},{p.y}" for p in points)))
    return (
        environment()
        .get_template("combined.html.j2")
        .render(
            tool_version=record.tool.version,
            c=combined,
            record=record,
            names=report.stage_names(record),
            radar=radar(record),
            shapes=[(r, shape, PALETTE[i % len(PALETTE)]) for i, (r, shape) in enumerate(drawn)],
            gapped={g.dimension for g in combined.gaps},
        )
    )
