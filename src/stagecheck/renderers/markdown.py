"""`--format markdown` for one partnership: a report to paste into a governors' paper or an
issue tracker. The stage profile is a table; the action plan is a checklist.

Everything taken from the user's files (names, evidence, reasons) is escaped, so a `|` in a
school's name cannot break the table and a `<` cannot become markup.
"""

from __future__ import annotations

import re

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import Record, Step, cited
from stagecheck.renderers import report, words_evidence, words_over_time
from stagecheck.renderers.base import Output
from stagecheck.renderers.report import sentence
from stagecheck.renderers.visible import visible

# every character that can start markup inside a line: code, emphasis, links and images,
# HTML and autolinks, table cells, strikethrough, entities
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# what makes text at the start of a line a block: a heading, a list item, a heading
# underline, a numbered item
_BLOCK_START = re.compile(r"^(\d*)([-+=#.)])(?=\s|$|[-=#])")


def md(text: str) -> str:
    """Text as Markdown shows it literally, on one line: the one escaping of every Markdown
    view (the one-file report and the portfolio). Whitespace, carriage returns and newlines
    included, becomes single spaces; other control characters are shown as escapes."""
    flat = visible(" ".join(text.split()))
    return _BLOCK_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", flat))


def bar(number: int, total: int, top: int | None = None) -> str:
    """One block per stage: filled up to `number`, hatched through the rest of a merged cell's
    span, empty after."""
    spanned = (top or number) - number
    return "■" * number + "▨" * spanned + "□" * (total - number - spanned)


def render(record: Record) -> str:
    p = record.partnership
    names = report.stage_names(record)
    total = len(record.stages)
    out = [f"# {md(p.name)}: where the partnership stands", ""]
    if p.summary:
        out += [md(p.summary), ""]
    out += ["| | |", "| --- | --- |", f"| Partners | {md(report.partners_line(record))} |"]
    if p.started:
        out.append(f"| Started | {p.started.isoformat()} |")
    if p.assessed_on or p.assessed_by:
        when = p.assessed_on.isoformat() if p.assessed_on else "date not given"
        by = f", by {md(p.assessed_by)}" if p.assessed_by else ""
        out.append(f"| Assessed | {when}{by} |")
    out += [
        f"| Rubric | {md(record.rubric.title)} ({md(record.rubric.id)} "
        f"{md(record.rubric.version)}) |",
        "",
        f"**Overall stage: {md(report.overall_sentence(record))}**",
    ]
    if record.overall.holding_back:
        out += ["", f"Held there by: {sentence(md(', '.join(report.held_by(record))))}"]
    said = (report.profile_sentence(record), *words_evidence.evidence_sentences(record))
    out += [line for s in said for line in ("", md(s))]

    out += [
        "",
        "## Stage profile",
        "",
        "| Dimension | Stage reached | Towards the next stage | Evidence | "
        "Why, or what holds it back |",
        "| --- | --- | --- | --- | --- |",
    ]
    for d in report.deciding(record):
        stage = f"{bar(d.stage_number, total, d.counts_as)} {md(report.stage_text(d))}"
        progress = f"{d.progress:.0%} of {md(names[d.next_stage])}" if d.next_stage else "top"
        out.append(
            f"| {md(d.name)} | {stage} | {progress} | {md(words_evidence.evidence_range(d))} | "
            f"{md(d.reason)} |"
        )
    out += beside_section(record)
    out += targets_section(record)
    for note in report.marker_notes(record):
        out += ["", md(note)]
    out += ["", "## Strengths", ""]
    out += strengths(record)

    out += evidence_section(record)

    out += holding_back_section(record, names)

    out += ["", "## Action plan", ""]
    plan = report.action_plan(record)
    if not plan:
        out.append("Nothing left to do at this rubric's top stage.")
    rest = False
    for section in plan:
        if not section.lead and not rest:
            rest = True
            out += [f"### {report.REST_TITLE}", ""]
        out += [f"{'###' if section.lead else '####'} {md(section.title)}", ""]
        out += [checklist_item(record, s) for s in section.steps]
        out.append("")
    out += [
        "---",
        "",
        f"Made by {record.tool.name} {md(record.tool.version)} "
        f"from {md(report.shared_path(record.input.path))} "
        f"(sha256 {record.input.sha256[:12]}) with the rubric {md(record.rubric.id)} "
        f"{md(record.rubric.version)} (sha256 {record.rubric.sha256[:12]}).",
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def holding_back_section(record: Record, names: dict[str, str]) -> list[str]:
    """Each dimension below the top: the criteria of its next cell that are not met yet."""
    out = ["", "## What holds each dimension back", ""]
    holding = report.holding_back(record)
    for h in holding:
        d = h.dimension
        out.append(f"- **{md(d.name)}**, towards {md(report.next_name(d, names))}:")
        for c in h.criteria:
            why = f" ({md(c.reason)})" if c.reason else ""
            word = report.OUTCOME_WORDS[c.outcome].capitalize()
            out.append(f"  - {word}: {md(c.text)}{why}")
        out += [f"  - {md(c.message)}" for c in d.conflicts]
    at_top = [d.name for d in report.deciding(record) if d.next_stage is None]
    if at_top:
        out += ["", f"At the rubric's top stage: {sentence(md(', '.join(at_top)))}"]
    return out


def beside_section(record: Record) -> list[str]:
    """The dimensions read beside the stage, in a table of their own."""
    dims = report.beside(record)
    if not dims:
        return []
    out = ["", f"## {report.BESIDE_TITLE}", "", md(report.BESIDE_WORDS), ""]
    out += ["| Dimension | Reading | Why, or what it lacks |", "| --- | --- | --- |"]
    out += [f"| {md(d.name)} | {md(report.stage_text(d))} | {md(d.reason)} |" for d in dims]
    return out


def targets_section(record: Record, heading: str = "##") -> list[str]:
    """The file's targets, each with the stage reached, the distance and met/due/overdue."""
    if not record.targets:
        return []
    out = [
        "",
        f"{heading} {words_over_time.TARGETS_TITLE}",
        "",
        md(words_over_time.targets_sentence(record)),
        "",
    ]
    out += ["| Dimension | Target | Stage reached | Distance | Status |"]
    out += ["| --- | --- | --- | --- | --- |"]
    rows = words_over_time.target_rows(record)
    out += [
        f"| {md(r.dimension)} | {md(r.target)} | {md(r.reached)} | {r.distance} | {md(r.status)} |"
        for r in rows
    ]
    notes = [f"- {md(r.dimension)}: {sentence(md(r.note))}" for r in rows if r.note]
    return out + (["", *notes] if notes else [])


def strengths(record: Record) -> list[str]:
    """The dimensions beyond the overall stage, then the practices already in place."""
    strong = report.strengths(record)
    out = [
        f"- **{md(d.name)}**: {sentence(md(d.stage_label))}"
        + ("" if len(d.span) > 1 else f" {sentence(md(d.descriptor))}")
        for d in strong
    ] or ["No dimension is yet beyond the overall stage."]
    in_place = report.practices_in_place(record)
    if in_place:
        out += ["", "Practices in place (from the literature; they decide no stage):", ""]
        out += [f"- {md(p.text)} ({md(d.name)})" for d, p in in_place]
    return out


def evidence_section(record: Record) -> list[str]:
    """The met cell criteria given evidence, with its kind, and those a minimum set aside; the
    others are counted (they rest on the answer alone)."""
    met = [
        (d, c)
        for d in record.dimensions
        for c in d.criteria
        if c.counts and (c.outcome is Outcome.MET or c.set_aside)
    ]
    if not met:
        return []
    out = ["", "## Evidence behind what is met", "", md(words_evidence.EVIDENCE_WORDS), ""]
    bare = 0
    for d, c in met:
        if not c.evidence and not c.set_aside:
            bare += 1
            continue
        items = md(words_evidence.evidence_text(c)) or "no evidence given"
        note = md(words_evidence.strength_note(c))
        out.append(f"- **{md(d.name)}**: {md(sentence(c.text))} *{note}*: {items}")
    if bare:
        plural = "criteria rest" if bare != 1 else "criterion rests"
        out.append(f"- {bare} other met {plural} on the answer alone, with no evidence given.")
    return out


def checklist_item(record: Record, step: Step) -> str:
    dimension = report.dimension_name(record, step.dimension)
    source = f" Source: {sentence(md(cited(step.sources)))}" if step.sources else ""
    return (
        f"- [ ] {md(step.text)}  \n"
        f"  Effort: {step.effort}. Suggested owner: {sentence(md(step.owner))} "
        f"Dimension: {sentence(md(dimension))}{source}"
    )


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format markdown` (see stagecheck.renderers.base)."""
    out.stream.write(render(record))
