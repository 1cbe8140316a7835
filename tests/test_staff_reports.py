"""Reports for governors (issue 16, item 4): a Word document read back, a print stylesheet, no
code names in a document meant for people, and one rounding of the profile everywhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, Run
from stagecheck.api import assess, render
from stagecheck.core.words import profile_figure
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import docx as word
from stagecheck.renderers import report, words_evidence

# a rubric's ids: snake_case, or dotted (plans_and_agreements.shared_goals)
CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z_]+\.[a-z_]+\b")
PEOPLE = sorted([*EXAMPLES, *(ROOT / "examples" / "deep-and-tight").glob("*.yaml")])


def words_of_docx(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def visible_html(page: str) -> str:
    page = re.sub(r"(?s)<style>.*?</style>|<[^>]*>", " ", page)
    return page


@pytest.mark.parametrize("path", PEOPLE, ids=lambda p: p.name)
def test_no_code_names_in_a_document_meant_for_people(path: Path) -> None:
    record = assess(path)
    paragraphs, tables = words_of_docx(word.document(record))
    shown = [
        visible_html(render(record, "html")),
        render(record, "markdown").replace("\\_", "_"),
        render(record, "table", detail=True, width=200),
        *paragraphs,
        *(cell for t in tables for row in t for cell in row),
    ]
    for text in shown:
        found = [c for c in CODE.findall(text) if not c.endswith((".yaml", ".md")) and c != "e.g"]
        assert not found, (path.name, found)


@pytest.mark.parametrize("example", ["established-mou.yaml", "summary-only.yaml"])
def test_the_word_report_reads_back_with_result_reasons_steps_and_an_editable_plan(
    run: Run, tmp_path: Path, example: str
) -> None:
    target = tmp_path / "governors.docx"
    source = ROOT / "examples" / example
    result = run("assess", str(source), "--output", str(target))
    assert result.code == ExitCode.OK, str(result)
    record = assess(source)
    paragraphs, tables = words_of_docx(target.read_bytes())
    text = "\n".join(paragraphs)
    assert paragraphs[0] == record.partnership.name
    assert "Overall stage: " + report.overall_sentence(record) in text
    assert report.profile_sentence(record) in text
    reasons, plan = tables
    assert reasons[0] == ["Dimension", "Stage", "Evidence", "Why"]
    assert [row[0] for row in reasons[1:]] == [d.name for d in record.dimensions]
    assert [row[1] for row in reasons[1:]] == [report.stage_text(d) for d in record.dimensions]
    assert [row[2] for row in reasons[1:]] == [
        words_evidence.evidence_range(d) for d in record.dimensions
    ]
    if said := words_evidence.evidence_sentence(record):
        assert said in paragraphs
    assert all(note in paragraphs for note in report.marker_notes(record))
    assert plan[0] == list(word.PLAN_COLUMNS)
    steps = [s for section in report.action_plan(record) for s in section.steps]
    assert [row[0] for row in plan[1:]] == [s.text for s in steps]
    assert all(row[3] == "" and row[4] == "\u2610" for row in plan[1:])  # to fill in
    lead = next(section for section in report.action_plan(record) if section.lead)
    assert all(s.text in paragraphs for s in lead.steps)  # the top steps, numbered


def test_a_word_report_is_of_one_partnership(run: Run, tmp_path: Path) -> None:
    result = run("assess", str(ROOT / "examples"), "--format", "docx")
    assert result.code == ExitCode.ERROR, str(result)
    assert "docx shows one partnership" in result.err


def test_the_html_prints_cleanly() -> None:
    page = render(assess(ROOT / "examples" / "established-mou.yaml"), "html")
    assert "@page { size: A4" in page
    printed = page[page.index("@media print {") :]
    for rule in ("h3, h4 { break-after: avoid; }", "break-inside: avoid", ".screen-only"):
        assert rule in printed, rule


@pytest.mark.parametrize(
    ("index", "shown"), [(1.25, "1.3"), (1.24, "1.2"), (2.05, "2.1"), (1.0, "1.0"), (4.0, "4.0")]
)
def test_one_rounding_of_the_profile(index: float, shown: str) -> None:
    assert profile_figure(index) == shown


def test_the_profile_reads_the_same_on_screen_in_reports_and_in_the_csv(run: Run) -> None:
    source = ROOT / "examples" / "established-mou.yaml"
    record = assess(source)
    figure = profile_figure(record.overall.index)
    csv = run("assess", str(source), "--format", "csv").out.splitlines()
    header, row = csv[0].split(","), csv[1].split(",")
    assert row[header.index("index")] == figure
    assert f"Profile {figure} of" in render(record, "markdown")
    assert f"Profile {figure} of" in run("assess", str(source)).out


def test_control_characters_from_a_file_never_reach_the_word_report(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "established-mou.yaml").read_text(encoding="utf-8")
    name = re.search(r"(?m)^  name: (.*)$", text)
    assert name is not None
    path = tmp_path / "bell.yaml"
    path.write_text(text.replace(name[0], '  name: "Bell\\u0007 and\\u001b[31m Co"'), "utf-8")
    paragraphs, _ = words_of_docx(word.document(assess(path)))
    assert "\x07" not in paragraphs[0] and "\x1b" not in paragraphs[0]
    assert paragraphs[0].startswith("Bell")
