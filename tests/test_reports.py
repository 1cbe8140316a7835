"""The Markdown and HTML reports: built from the one record, escaped, offline, well formed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, MINI, Run
from stagecheck.api import assess
from stagecheck.batch.portfolio import Summary, ordered, row
from stagecheck.core.compiled import load_rubric
from stagecheck.core.errors import Problem
from stagecheck.core.record import Record
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import html, markdown

MIXED = DATA / "partnerships" / "mixed.yaml"
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr", "area", "base"}
SVG_EMPTY = {"polygon", "line", "circle", "path", "rect"}


class Structure(HTMLParser):
    """Checks that every element is closed in order, and collects what the tests look for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Structure:
    parsed = Structure()
    parsed.feed(page)
    parsed.close()
    assert parsed.errors == [], parsed.errors[:5]
    assert parsed.stack == [], parsed.stack
    return parsed


LINKING = {"src", "href", "xlink:href", "action", "srcset", "data", "poster", "formaction"}


def external_urls(page: str) -> list[str]:
    """Anything a browser would fetch or follow: linking attributes, and CSS url() or @import."""
    found = [
        value or ""
        for _, attrs in parse(page).tags
        for name, value in attrs.items()
        if name in LINKING
    ]
    css = " ".join(re.findall(r"<style>(.*?)</style>", page, flags=re.S))
    found += re.findall(r"url\(|@import", css)
    return [u for u in found if not u.startswith("#")]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_html_report_of_every_example_is_whole_offline_and_complete(example: Path) -> None:
    record = assess(example)
    page = html.render(record)
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert external_urls(page) == []
    assert "<script" not in page
    text = " ".join(parsed.text)
    for d in record.dimensions:
        assert d.name in text
    assert record.partnership.name in text
    # the chart: one spoke and one point per dimension, one ring per stage, and its text table
    tags = [t for t, _ in parsed.tags]
    assert tags.count("svg") == 1
    assert tags.count("circle") == len(record.dimensions)
    assert tags.count("line") == len(record.dimensions)
    assert tags.count("polygon") == len(record.stages) + 1
    svg = next(a for t, a in parsed.tags if t == "svg")
    assert svg["role"] == "img"
    assert "aria-labelledby" in svg
    assert 'aria-describedby="chart-desc"' in page
    assert "Action plan" in text
    for step in record.first_steps:
        assert step.text in text
    assert "@page" in page and "@media print" in page
    assert record.input.sha256[:16] in text  # provenance


def test_every_partnership_field_from_the_file_is_escaped(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        "partnership:\n"
        '  name: "<script>alert(1)</script> & <b>Co</b> | x"\n'
        '  summary: "<img src=https://example.org/x.png>"\n'
        '  partners: [{name: "A & <i>B</i>", sector: state}]\n'
        "answers:\n"
        "  people:\n"
        "    mou: {answer: yes, evidence: [\"<a href='https://evil.example'>x</a>\"]}\n",
        encoding="utf-8",
    )
    record = assess(evil, str(MINI))
    page = html.render(record)
    parse(page)
    assert "<script>" not in page and "<img" not in page and "<b>Co" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert external_urls(page) == []
    text = markdown.render(record)
    assert re.search(r"(?<!\\)[<>]", text) is None  # every angle bracket escaped
    assert r"\<script\>alert(1)\</script\> \& \<b\>Co\</b\> \| x" in text


def test_radar_points_sit_on_the_ring_of_the_stage_they_count_as() -> None:
    # a merged cell at the top of its span, as the headline and the combined radar count it
    record = assess(MIXED)
    chart = html.radar(record)
    centre = chart.centre
    total = len(record.stages)
    for axis, d in zip(chart.axes, record.dimensions, strict=True):
        length = ((axis.value.x - centre.x) ** 2 + (axis.value.y - centre.y) ** 2) ** 0.5
        assert length == pytest.approx(150 * d.counts_as / total, abs=0.2)
    assert any(d.counts_as != d.stage_number for d in record.dimensions)  # a merged cell drawn
    assert [a.provisional for a in chart.axes] == [d.provisional for d in record.dimensions]


def portfolio(records: list[Record], failures: list[Problem]) -> str:
    summary = Summary()
    rows = [row(r) for r in records]
    for r in records:
        summary.learn(load_rubric(r.rubric.path).rubric)
    for r_ in rows:
        summary.add(r_)
    for problem in failures:
        summary.fail(problem.file, [problem])
    return html.render_portfolio(ordered(rows), summary)


def test_portfolio_has_a_heatmap_a_row_per_partnership_and_the_failures() -> None:
    records = [assess(p) for p in EXAMPLES]
    bad = Problem("bad.yaml", 2, 1, "is not valid <YAML>")
    page = portfolio(records, [bad])
    parsed = parse(page)
    assert external_urls(page) == []
    text = " ".join(parsed.text)
    for r in records:
        assert r.partnership.name in text
    summary = Summary()
    summary.learn(load_rubric(records[0].rubric.path).rubric)
    for r in records:
        summary.add(row(r))
    heat = html.heatmap(summary.sections["four-stages"])
    assert [h.name for h in heat] == [d.name for d in records[0].dimensions]
    assert all(sum(c.count for c in h.counts) == len(records) for h in heat)
    leadership = [sum(r.dimensions[0].stage_number == n for r in records) for n in (1, 2, 3, 4)]
    assert [c.count for c in heat[0].counts] == leadership
    coherence = next(h for h in heat if h.name == "Coherence")  # one cell for stages 2-4
    assert [c.span for c in coherence.counts] == [1, 3]
    assert "is not valid &lt;YAML&gt;" in page
    assert "Files that could not be scored" in text


def test_portfolio_with_only_failures_still_renders() -> None:
    page = portfolio([], [Problem("a.yaml", 1, 1, "no such file")])
    parse(page)
    assert "no such file" in page


def test_a_batch_as_html_is_the_portfolio_page(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "portfolio.html"
    result = run("assess", *EXAMPLES, "--format", "html", "--output", target)
    assert result.code == ExitCode.OK, str(result)
    page = target.read_text("utf-8")
    parse(page)
    assert external_urls(page) == []
    assert "Where the partnerships stand, dimension by dimension" in page
    for example in EXAMPLES:
        assert str(example) in page


def test_markdown_report_has_the_profile_table_strengths_reasons_and_checklist(
    run: Run,
) -> None:
    result = run("assess", MIXED, "--format", "markdown")
    assert result.code == ExitCode.OK, str(result)
    out = result.out
    lines = out.splitlines()
    assert lines[0] == "# Mixed partnership: where the partnership stands"
    header = (
        "| Dimension | Stage reached | Towards the next stage | Evidence | "
        "Why, or what holds it back |"
    )
    start = lines.index(header)
    table = lines[start : start + 5]
    assert table[1] == "| --- | --- | --- | --- | --- |"
    assert all(row.startswith("| ") and row.endswith(" |") for row in table)
    assert all(row.count(" | ") == 4 for row in table)  # five cells: no stray pipes
    assert "| Leading | ■■□ Mid |" in out
    # a merged cell is a strength named by its words and span, not by a stage name
    assert "## Strengths" in out
    assert (
        "- **Coherence**: Cohesive (stages 2\u20133: the source does not tell them apart)." in out
    )
    assert "## What holds each dimension back" in out
    assert "  - Not yet: The head leads" in out
    checklist = [line for line in lines if line.startswith("- [ ] ")]
    assert checklist, out
    assert "Effort: high. Suggested owner: governors. Dimension: Leading. Source: The table." in out
    assert "## Action plan" in out and "### Start with these" in out


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_markdown_report_of_every_example(run: Run, example: Path) -> None:
    result = run("assess", example, "--format", "markdown")
    assert result.code == ExitCode.OK, str(result)
    assert result.out.count("\n| ") >= 10 + 2  # the profile: header, rule, ten dimensions
    assert "## Action plan" in result.out


def test_html_goes_to_the_output_file_and_is_never_overwritten_unasked(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    first = run("assess", MIXED, "--format", "html", "--output", target)
    assert first.code == ExitCode.OK, str(first)
    assert first.out == ""
    assert f"wrote {target}" in first.err
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    target.write_text("mine", encoding="utf-8")
    again = run("assess", MIXED, "--format", "html", "--output", target)
    assert again.code == ExitCode.ERROR
    assert "already exists; add --force to replace it" in again.err
    assert target.read_text("utf-8") == "mine"
    forced = run("assess", MIXED, "--format", "html", "--output", target, "--force")
    assert forced.code == ExitCode.OK, str(forced)
    assert "Mixed partnership" in target.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left behind


def test_markdown_and_the_table_can_go_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    assert run("assess", MIXED, "-f", "markdown", "-o", target).code == ExitCode.OK
    assert target.read_text("utf-8").startswith("# Mixed partnership")
    table = run("assess", MIXED, "-o", tmp_path / "table.txt")
    assert table.code == ExitCode.OK
    assert "Overall stage:" in (tmp_path / "table.txt").read_text("utf-8")
