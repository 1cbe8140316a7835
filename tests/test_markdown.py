"""Markdown: one escaping for the report and the portfolio (issue 12, item 5), sentences that
end once, and the provisional note only where something is provisional (item 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import DATA, ROOT, Golden, Run
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.markdown import md
from stagecheck.renderers.report import sentence

# what a hostile name may try in Markdown: raw HTML, a script link, an image, a carriage
# return, a table break, a code span, a heading, an entity
HOSTILE = (
    "<img src=x onerror=alert(1)> [click](javascript:alert(1)) ![t](http://evil.example/t.png)"
    " a\rb | `code` &lt;b&gt; \x1b[2J"
)


def as_html(markdown: str) -> str:
    # CommonMark with raw HTML on (as GitHub and most wikis accept it) and GFM tables
    return str(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown))


def hostile_folder(folder: Path) -> Path:
    text = (DATA / "partnerships" / "mixed.yaml").read_text("utf-8")
    text = text.replace("rubric: ../rubrics/mini.yaml", f"rubric: {DATA / 'rubrics' / 'mini.yaml'}")
    text = text.replace("name: Mixed partnership", f"name: {json.dumps(HOSTILE)}")
    text = text.replace("evidence: MOU signed 2024", f"evidence: {json.dumps(HOSTILE)}")
    (folder / "we`ird <b>| name.yaml").write_text(text, "utf-8")
    (folder / "other.yaml").write_text(text, "utf-8")
    (folder / "bad`<i>.yaml").write_text("partnership: [\n", "utf-8")
    return folder


def assert_inert(html: str) -> None:
    assert "<img" not in html and "<a " not in html and "<b>" not in html and "<i>" not in html
    assert "<code>" not in html
    assert "\r" not in html and "\x1b" not in html


def test_md_shows_every_markup_character_literally() -> None:
    html = as_html(md(HOSTILE))
    assert_inert(html)
    for start in ("# heading", "1. item", "- item", "+ item", "=== underline"):
        assert as_html(md(start)).startswith("<p>"), start


@pytest.mark.parametrize("text", ["practice?", "done.", "wow!", "plain"])
def test_a_sentence_ends_once(text: str) -> None:
    assert sentence(text).endswith(text[-1] if text[-1] in ".?!" else f"{text}.")
    assert not re.search(r"[.?!]\.$", sentence(text))


def test_the_portfolio_escapes_as_the_report_does(run: Run, tmp_path: Path) -> None:
    result = run("assess", hostile_folder(tmp_path), "-f", "markdown")
    assert result.code == ExitCode.ERROR, str(result)  # one file cannot be scored
    html = as_html(result.out)
    assert_inert(html)
    assert "we`ird &lt;b&gt;| name.yaml" in html  # the file name whole, as text
    assert "bad`&lt;i&gt;.yaml" in html


def test_the_report_escapes_the_same_way(run: Run, tmp_path: Path) -> None:
    path = hostile_folder(tmp_path) / "we`ird <b>| name.yaml"
    result = run("assess", path, "-f", "markdown", "--detail")
    assert result.code == ExitCode.OK, str(result)
    assert_inert(as_html(result.out))


def test_the_report_reads_as_sentences(run: Run) -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = run("assess", example, "-f", "markdown").out
        assert not re.search(r"[.?!:;,]\.(?!\.)", out.replace("...", "")), example.name


def test_the_provisional_note_only_when_something_is_provisional(run: Run) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    seen = set()
    for example in examples:
        record = json.loads(run("assess", example, "-f", "json").out)
        provisional = any(d["provisional"] for d in record["dimensions"])
        note = "Provisional: unanswered" in run("assess", example, "-f", "markdown").out
        assert note == provisional, example.name
        seen.add(provisional)
    assert seen == {True, False}  # both cases are among the examples


def test_markdown_golden(run: Run, golden: Golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    mixed = Path("tests", "data", "partnerships", "mixed.yaml")
    golden("mixed.md", run("assess", mixed, "-f", "markdown", "--detail").out)
    golden("portfolio.md", run("assess", mixed, "examples", "-f", "markdown").out)
