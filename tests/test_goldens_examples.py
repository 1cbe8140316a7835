"""Golden files of two examples in each report format a person reads: the table (plain, at a
fixed width), Markdown and HTML. Compared as text; regenerate with `pytest --update-goldens`
(never in CI) and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, Golden, Run
from stagecheck.exitcodes import ExitCode

EXAMPLES = ["regional-hub", "summary-only"]
FORMATS = {
    "table": ("txt", ()),
    "markdown": ("md", ("-f", "markdown")),
    "html": ("html", ("-f", "html")),
}
WIDTH = 80


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_example_report_golden(
    run: Run, golden: Golden, monkeypatch: pytest.MonkeyPatch, example: str, form: str
) -> None:
    monkeypatch.chdir(ROOT)  # paths in the reports are relative, as a user types them
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    suffix, options = FORMATS[form]
    result = run("assess", Path("examples", f"{example}.yaml"), *options)
    assert result.code == ExitCode.OK, str(result)
    name = f"{form}-{example}-{WIDTH}.{suffix}" if form == "table" else f"{example}.{suffix}"
    golden(name, result.out)


def test_the_html_is_the_same_wherever_and_whenever_it_is_made(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = ROOT / "examples" / "regional-hub.yaml"
    monkeypatch.chdir(ROOT)
    here = run("assess", Path("examples", "regional-hub.yaml"), "-f", "html").out
    again = run("assess", example, "-f", "html").out  # an absolute path, given as such
    assert again == here
    monkeypatch.chdir(tmp_path)  # from elsewhere: the file is named, never its full path
    elsewhere = run("assess", example, "-f", "html").out
    assert str(ROOT) not in elsewhere and str(tmp_path) not in elsewhere
    assert elsewhere == here.replace("examples/regional-hub.yaml", "regional-hub.yaml")
