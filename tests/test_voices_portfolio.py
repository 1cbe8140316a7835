"""`assess FOLDER --combine` as a network's data officer reads it (issue 14, a new user's
trial): a combined row names its partnership and its respondents (how many, and their folder),
never one of their files alone, and the closing count counts partnerships and the files they
were made from, in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

EXAMPLE = ROOT / "examples" / "respondents"


def _portfolio(tmp_path: Path) -> Path:
    """Three partnerships from six files: Harbourside's three respondents, two of Severn Vale's,
    and a one-off project answered in one file."""
    folder = tmp_path / "network"
    shutil.copytree(EXAMPLE, folder / "harbourside")
    data = yaml.safe_load((ROOT / "examples" / "regional-hub.yaml").read_text(encoding="utf-8"))
    data.pop("expected", None)
    data["partnership"]["id"] = "severn-vale"
    (folder / "severn").mkdir()
    for name in ("Ada Lane", "Ben Ode"):
        data["respondent"] = {"name": name}
        path = folder / "severn" / f"{name.split()[0].lower()}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "one-off-project.yaml", folder / "one-off.yaml")
    return folder


CLOSING = "3 partnerships from 6 files: 3 scored."


def test_a_combined_row_names_its_respondents_and_the_count_its_files(
    run: Run, tmp_path: Path
) -> None:
    folder = _portfolio(tmp_path)
    table = run("assess", folder, "--combine")
    assert table.code == ExitCode.OK, str(table)
    assert "3 respondents in" in table.out and "2 respondents in" in table.out
    assert "harbourside/" in table.out and "severn/" in table.out
    assert "academy.yaml" not in table.out  # one respondent's file never stands for the row
    assert table.out.rstrip().endswith(CLOSING) and "\n3 files:" not in table.out
    markdown = run("assess", folder, "--combine", "-f", "markdown").out
    row = next(line for line in markdown.splitlines() if line.startswith("| Harbourside"))
    assert "3 respondents in " in row and "/harbourside/: dockside-high.yaml, harb" in row
    assert CLOSING in markdown
    html = run("assess", folder, "--combine", "-f", "html").out
    assert "2 respondents in" in html and f"<p>{CLOSING}</p>" in html
    sheet = run("assess", folder, "--combine", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(sheet.out)))
    assert {r["partnership"][:6]: r["respondents"] for r in rows} == {
        "Harbou": "3",
        "Severn": "2",
        "Harcou": "1",
    }
    assert f"stagecheck: {CLOSING}" in sheet.err
    summary = json.loads(run("assess", folder, "--combine", "-f", "json").out)["summary"]
    assert (summary["files"], summary["partnerships"], summary["scored"]) == (6, 3, 3)


def test_a_file_that_cannot_be_read_is_counted_as_a_file(run: Run, tmp_path: Path) -> None:
    folder = _portfolio(tmp_path)
    (folder / "broken.yaml").write_text("partnership: [\n", encoding="utf-8")
    result = run("assess", folder, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    said = "3 partnerships from 7 files: 3 scored; 1 file could not be read."
    assert said in " ".join(result.out.split())


def test_without_combine_the_count_is_of_files(run: Run, tmp_path: Path) -> None:
    result = run("assess", _portfolio(tmp_path), "-f", "csv")
    assert "stagecheck: 6 files: 6 scored." in result.err
    assert "respondents" not in result.out.splitlines()[0]


def test_combined_portfolio_is_long_by_its_partnerships_not_its_files(
    run: Run, tmp_path: Path
) -> None:
    # Left by the hostile pass: 60 files of 30 partnerships drew the large portfolio's summary
    # (over 50 files) though the portfolio has 30 rows.
    data = yaml.safe_load((ROOT / "examples" / "one-off-project.yaml").read_text("utf-8"))
    data.pop("expected", None)
    for i in range(30):
        data["partnership"]["id"] = f"p{i:02}"
        data["partnership"]["name"] = f"Partnership {i:02}"
        for who in ("Ada Lane", "Ben Ode"):
            data["respondent"] = {"name": who}
            path = tmp_path / f"p{i:02}-{who.split()[0].lower()}.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run("assess", tmp_path, "--combine")
    assert result.code == ExitCode.OK, str(result)
    assert "30 partnerships from 60 files: 30 scored." in " ".join(result.out.split())
    assert "shown as its summary" not in " ".join(result.out.split())
    assert "Partnership 29" in result.out and "Partnership 00" in result.out
