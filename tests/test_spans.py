"""Merged cells over time (issue 13): a cell the table gives for several stages is shown as its
span ("2-3") or its label in every view of `compare` and `history`, never as one stage; a move
is judged on the stage it counts as (the top of its span), and a stage inside the other
review's merged cell is not a move. End to end on repositories made here, with the mini
rubric, whose Coherence gives one cell for stages 2-3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import MINI, Run
from gitrepo import Repo, partnership
from stagecheck.exitcodes import ExitCode


@pytest.fixture
def resplit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """One review scored first with a rubric that splits Coherence (it reaches High), then with
    the mini rubric, which merges Mid and High into one cell."""
    repo = Repo(tmp_path / "repo")
    repo.split_coherence()
    repo.write("review.yaml", partnership(assessed="2025-07-01"))
    repo.commit("scored with the split rubric", "2025-07-02")
    shutil.copy(MINI, repo.root / "rubric.yaml")
    repo.commit("the rubric merges mid and high", "2026-07-02")
    monkeypatch.chdir(repo.root)
    return repo


def test_a_stage_inside_the_other_reviews_merged_cell_is_not_a_move(
    run: Run, resplit: Repo
) -> None:
    result = run("compare", "review.yaml@HEAD~1", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["schema_version"] == 2
    coherence = next(d for d in data["dimensions"] if d["id"] == "coherence")
    assert (coherence["old_number"], coherence["old_counts_as"]) == (3, 3)
    assert (coherence["new_number"], coherence["new_counts_as"]) == (2, 3)
    assert coherence["old_span"] == ["high"] and coherence["new_span"] == ["mid", "high"]
    assert coherence["moved"] == "same" and coherence["within_merged_cell"] is True
    gated = run("compare", "review.yaml@HEAD~1", "review.yaml", "--fail-on-regression")
    assert gated.code == ExitCode.OK, str(gated)
    back = run("compare", "review.yaml", "review.yaml@HEAD~1", "--fail-on-regression")
    assert back.code == ExitCode.OK, str(back)


def test_every_compare_format_says_within_one_cell_and_shows_the_span(
    run: Run, resplit: Repo
) -> None:
    table = run("compare", "review.yaml@HEAD~1", "review.yaml")
    assert table.code == ExitCode.OK, str(table)
    row = next(line for line in table.out.splitlines() if line.startswith("Coherence"))
    assert "= no change: within one" in row and "moved" not in row
    assert "Within one cell: one review's stage lies inside the other's merged cell" in table.out
    assert "1 moved down" not in table.out
    md = run("compare", "review.yaml@HEAD~1", "review.yaml", "-f", "markdown")
    assert (
        "| Coherence | High | Cohesive (stages 2\u20133: the source does not tell them apart) | "
        "= no change: within one cell (2\u20133) |"
    ) in md.out
    assert "Within one cell:" in md.out
    run("compare", "review.yaml@HEAD~1", "review.yaml", "-o", "c.html")
    html = Path("c.html").read_text(encoding="utf-8")
    assert '<span class="stage s3">3</span> High' in html
    assert '<span class="stage s2">2\u20133</span> Cohesive (stages 2\u20133' in html
    assert "= no change: within one cell (2\u20133)" in html and "Within one cell:" in html
