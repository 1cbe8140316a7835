"""A new user's rough edges (issue 12, items 10 and 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, Run
from stagecheck.exitcodes import ExitCode

MIXED = DATA / "partnerships" / "mixed.yaml"


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("report.html", "<!DOCTYPE html>"),
        ("report.HTM", "<!DOCTYPE html>"),
        ("report.md", "# Mixed partnership"),
        ("report.json", '{\n  "schema_version"'),
        ("report.jsonl", '{"schema_version"'),
        ("report.csv", "file,partnership,"),
        ("report.txt", "Mixed partnership\n"),
        ("report", "Mixed partnership\n"),  # no known extension: the table
    ],
)
def test_the_output_file_s_extension_names_the_format(
    run: Run, tmp_path: Path, name: str, starts: str
) -> None:
    target = tmp_path / name
    result = run("assess", MIXED, "-o", target)
    assert result.code == ExitCode.OK, str(result)
    assert target.read_text("utf-8").startswith(starts)


def test_an_explicit_format_that_fits_the_extension_is_fine(run: Run, tmp_path: Path) -> None:
    result = run("assess", MIXED, "-f", "json", "-o", tmp_path / "r.json")
    assert result.code == ExitCode.OK, str(result)
    json.loads((tmp_path / "r.json").read_text("utf-8"))


def test_a_format_that_contradicts_the_extension_is_refused_before_any_work(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    result = run("assess", MIXED, "-f", "table", "-o", target)
    assert result.code == ExitCode.ERROR
    assert result.err == (
        f"stagecheck: --format table does not fit the output file {target}, whose extension "
        ".html means html; drop --format or change the file's extension\n"
    )
    assert not target.exists()
