"""Control characters from a partnership file never reach an HTML page or a Markdown document
raw: Jinja escapes HTML, not ESC or RIGHT-TO-LEFT OVERRIDE, so a name like "\\x1b[31mRed" once
went whole into every page's <title> and <h1>. Every page shows them as the terminal does
(`\\x1b`). One test per format family, over every page of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from stagecheck.exitcodes import ExitCode
from test_output_safety import assert_safe, hostile_partnership

RESPONDENT = "respondent: {{name: {who}}}\npartnership:"


def pages(folder: Path) -> dict[str, tuple[object, ...]]:
    """The command that makes each page (format left to the caller), on hostile files."""
    one = hostile_partnership(folder)
    other = hostile_partnership(folder, "other.yaml")
    portfolio = folder / "portfolio"
    portfolio.mkdir()
    hostile_partnership(portfolio, "a.yaml")
    hostile_partnership(portfolio, "b.yaml")
    reviews = folder / "reviews"
    reviews.mkdir()
    hostile_partnership(reviews, "review-2025.yaml")
    hostile_partnership(reviews, "review-2026.yaml")
    voices = folder / "voices"
    voices.mkdir()
    for who in ("Ann", "Bob"):
        path = hostile_partnership(voices, f"{who}.yaml")
        text = path.read_text("utf-8").replace("partnership:", RESPONDENT.format(who=who), 1)
        path.write_text(text, "utf-8")
    return {
        "report": ("assess", one),
        "portfolio": ("assess", portfolio),
        "compare": ("compare", one, other),
        "history": ("history", reviews),
        "review": ("review", one),
        "combined": ("assess", voices, "--combine"),
    }


@pytest.mark.parametrize(
    "page", ["report", "portfolio", "compare", "history", "review", "combined"]
)
def test_every_html_page_shows_control_characters_as_escapes(
    run: Run, tmp_path: Path, page: str
) -> None:
    target = tmp_path / "page.html"
    result = run(*pages(tmp_path)[page], "-o", target)
    assert result.code == ExitCode.OK, str(result)
    html = target.read_text("utf-8")
    assert_safe(html)
    assert "\\x1b[2J" in html  # shown, not dropped
    if page != "portfolio":  # its title names the rubric; the name is in its rows
        for tag in ("title", "h1"):
            assert "\\x1b[2J" in html.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0], tag


@pytest.mark.parametrize("page", ["report", "portfolio", "compare", "review", "combined"])
def test_every_markdown_document_shows_control_characters_as_escapes(
    run: Run, tmp_path: Path, page: str
) -> None:
    target = tmp_path / "page.md"
    result = run(*pages(tmp_path)[page], "-o", target)
    assert result.code == ExitCode.OK, str(result)
    text = target.read_text("utf-8")
    assert_safe(text)
    assert "\\x1b" in text  # shown, not dropped
