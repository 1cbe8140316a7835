"""`stagecheck assess DIR --since REV`: a portfolio in git, with what moved since a revision
(issue 13), end to end on a repository made here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import Run
from gitrepo import Repo, partnership
from stagecheck.exitcodes import ExitCode


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Three partnerships; since then one moved up, one down, one is new, one not valid then."""
    repo = Repo(tmp_path / "repo")
    for name, lead in (("up", "senior"), ("down", "senior"), ("same", "senior"), ("bad", "x")):
        repo.write(f"ps/{name}.yaml", _file(name, lead))
    (repo.root / "rubric.yaml").rename(repo.root / "ps" / "rubric.yaml")  # beside the files
    repo.commit("first", "2025-07-01")
    repo.write("ps/up.yaml", _file("up", "head"))
    repo.write("ps/down.yaml", _file("down", "teacher"))
    repo.write("ps/bad.yaml", _file("bad", "senior"))
    repo.write("ps/new.yaml", _file("new", "senior"))
    repo.commit("second", "2026-07-01")
    monkeypatch.chdir(repo.root)
    return repo


def _file(name: str, lead: str) -> str:
    return partnership(name=f"P {name}", lead=lead)


def test_the_portfolio_says_what_moved(run: Run, repo: Repo) -> None:
    result = run("assess", "ps", "--since", "HEAD~1", "-x", "rubric.yaml")
    assert result.code == ExitCode.OK, str(result)
    section = result.out[result.out.index("Moved since HEAD~1") :]
    rows = {line.split()[1]: line for line in section.splitlines() if line.startswith("P ")}
    assert "↑ Leading" in rows["up"] and "↓ Leading" in rows["down"]
    assert "no change" in rows["same"] and "new since HEAD~1" in rows["new"]
    assert "not valid at HEAD~1" in rows["bad"]
    leading = next(line for line in section.splitlines() if line.startswith("Leading"))
    assert leading.split()[1:] == ["│", "1", "│", "1"]  # one moved up, one down


def test_csv_columns(run: Run, repo: Repo) -> None:
    result = run("assess", "ps", "--since", "HEAD~1", "-x", "rubric.yaml", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = {r["partnership"]: r for r in csv.DictReader(io.StringIO(result.out))}
    assert rows["P up"]["moved_since"] == "leading up"
    assert rows["P down"]["since_overall"] == "mid" and rows["P down"]["overall_moved"] == "down"
    assert rows["P new"]["since_overall"] == "new since HEAD~1"


def test_markdown_section_and_json_on_stderr(run: Run, repo: Repo) -> None:
    md = run("assess", "ps", "--since", "HEAD~1", "-x", "rubric.yaml", "-f", "markdown")
    assert md.code == ExitCode.OK, str(md)
    assert "## Moved since HEAD\\~1" in md.out and "| Leading | 1 | 1 |" in md.out
    js = run("assess", "ps", "--since", "HEAD~1", "-x", "rubric.yaml", "-f", "jsonl")
    assert js.code == ExitCode.OK, str(js)
    assert "Moved since HEAD~1" not in js.out and "Moved since HEAD~1:" in js.err


def test_a_missing_revision_stops_before_any_work(run: Run, repo: Repo) -> None:
    result = run("assess", "ps", "--since", "v9", "-x", "rubric.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "has no revision 'v9'" in result.err and result.out == ""


def test_outside_git(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "ps"
    folder.mkdir()
    (folder / "a.yaml").write_text(partnership().replace("rubric: rubric.yaml\n", ""), "utf-8")
    result = run("assess", folder, "--since", "HEAD~1")
    assert result.code == ExitCode.ERROR, str(result)
    assert "none of them is in a git repository" in result.err


def test_one_file_points_to_compare(run: Run, repo: Repo) -> None:
    result = run("assess", "ps/up.yaml", "--since", "HEAD~1")
    assert result.code == ExitCode.ERROR, str(result)
    assert "stagecheck compare ps/up.yaml@HEAD~1 ps/up.yaml" in result.err


def test_a_new_file_with_a_space_in_its_name(run: Run, repo: Repo) -> None:
    # `git cat-file --batch` says "REV:ps/new one.yaml missing": three words, not a blob header
    repo.write("ps/new one.yaml", _file("new one", "senior"))
    result = run("assess", "ps", "--since", "HEAD~1", "-x", "rubric.yaml", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = {r["partnership"]: r for r in csv.DictReader(io.StringIO(result.out))}
    assert rows["P new one"]["since_overall"] == "new since HEAD~1"


def test_a_stage_inside_the_other_reviews_merged_cell_is_no_move_since_rev() -> None:
    # Bug: --since compared (first, top) pairs as tuples, so High (3) then a merged cell
    # "Cohesive" (2-3) after a rubric change read as "down"; compare says "no change".
    from stagecheck.batch.since import moved_between

    assert moved_between((3, 3), (2, 3)) == "same"
    assert moved_between((2, 4), (3, 3)) == "same"
    assert moved_between((2, 4), (1, 1)) == "down"
    assert moved_between((1, 1), (2, 4)) == "up"
    assert moved_between((2, 2), (3, 3)) == "up"
