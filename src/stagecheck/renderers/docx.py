"""`--format docx` for one partnership: a Word document for governors, in the words of the other
reports (`renderers.report`): the result and what holds it, the reasons dimension by dimension,
the steps to start with, and the action plan as a table that staff fill in (owner, by when,
done). python-docx is imported only here, so no other format pays for it.

Text from the partnership file and the rubric passes through `visible` (control characters
shown as escapes): Word's XML cannot hold them, and a report never carries them.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

from stagecheck.core.errors import UserError
from stagecheck.core.record import Record
from stagecheck.renderers import report, words_evidence, words_over_time
from stagecheck.renderers.base import Output
from stagecheck.renderers.visible import visible

if TYPE_CHECKING:
    from docx.document import Document

PLAN_COLUMNS = ("Step", "Area", "Owner", "By when", "Done")


def document(record: Record) -> bytes:
    """The Word document of one partnership, as the bytes of a .docx file."""
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    _result(doc, record)
    _reasons(doc, record)
    _targets(doc, record)
    _plan(doc, record)
    about = doc.add_paragraph(
        f"Made by {record.tool.name} {record.tool.version} with the rubric "
        f"\u201c{_t(record.rubric.title)}\u201d, version {_t(record.rubric.version)}."
    )
    about.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _t(text: str) -> str:
    return visible(" ".join(text.split()))


def _result(doc: Document, record: Record) -> None:
    p = record.partnership
    doc.add_heading(_t(p.name), level=0)
    facts = [f"Partners: {_t(report.partners_line(record))}"]
    if p.assessed_on or p.assessed_by:
        when = f" on {p.assessed_on.isoformat()}" if p.assessed_on else ""
        by = f" by {_t(p.assessed_by)}" if p.assessed_by else ""
        facts.append(f"Assessed{when}{by}.")
    for line in facts:
        doc.add_paragraph(line)
    doc.add_heading("Where the partnership stands", level=1)
    result = doc.add_paragraph()
    result.add_run("Overall stage: ").bold = True
    result.add_run(_t(report.overall_sentence(record)))
    held = report.held_by(record)
    if held:
        doc.add_paragraph(_t(f"Held at this stage by: {', '.join(held)}."))
    doc.add_paragraph(_t(report.profile_sentence(record)))
    for said in (words_evidence.evidence_sentence(record), words_evidence.minimum_sentence(record)):
        if said:
            doc.add_paragraph(_t(said))


def _reasons(doc: Document, record: Record) -> None:
    doc.add_heading("Why: dimension by dimension", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    titles = ("Dimension", "Stage", "Evidence", "Why")
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for d in record.dimensions:
        row = table.add_row().cells
        row[0].text = _t(d.name)
        row[1].text = _t(report.stage_text(d))  # with its markers: "(provisional)"
        row[2].text = _t(words_evidence.evidence_range(d))
        row[3].text = _t(d.reason)
    for note in report.marker_notes(record):  # what the markers mean, as the other reports say
        doc.add_paragraph(_t(note))


def _targets(doc: Document, record: Record) -> None:
    if not record.targets:
        return
    doc.add_heading(words_over_time.TARGETS_TITLE, level=1)
    doc.add_paragraph(_t(words_over_time.targets_sentence(record)))
    titles = ("Area", "Target", "Stage reached", "Distance", "Status")
    table = doc.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    rows = words_over_time.target_rows(record)
    for r in rows:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (r.dimension, r.target, r.reached, r.distance, r.status), strict=True
        ):
            cell.text = _t(text)
    for r in rows:
        if r.note:
            doc.add_paragraph(_t(f"{r.dimension}: {report.sentence(r.note)}"))


def _plan(doc: Document, record: Record) -> None:
    plan = report.action_plan(record)
    doc.add_heading("What to do next", level=1)
    if not plan:
        doc.add_paragraph("Nothing left to do at this rubric's top stage.")
        return
    lead = [s for section in plan if section.lead for s in section.steps]
    if lead:
        doc.add_paragraph(_t(plan[0].title) + ":")
        for step in lead:
            doc.add_paragraph(_t(step.text), style="List Number")
    doc.add_heading("Action plan", level=1)
    doc.add_paragraph(
        "Every step, those to start with first. Fill in who will do each and by when, and tick "
        "it off when it is done."
    )
    table = doc.add_table(rows=1, cols=len(PLAN_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, PLAN_COLUMNS, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for section in plan:
        for step in section.steps:
            row = table.add_row().cells
            row[0].text = _t(step.text)
            row[1].text = _t(report.dimension_name(record, step.dimension))
            row[2].text = _t(step.owner)
            row[4].text = "\u2610"  # an empty box to tick


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format docx` (see stagecheck.renderers.base)."""
    stream = out.stream
    if stream is sys.stdout and stream.isatty():
        raise UserError("a Word document goes to a file: add --output report.docx")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        raise UserError("a Word document is written to a file or a pipe, not to text")
    stream.flush()
    buffer.write(document(record))
    buffer.flush()
