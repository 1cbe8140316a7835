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
def resplit(tmp_path: Path) -> Path:
    """One review scored first with a rubric that splits Coherence (it reaches High), then with
    the mini rubric, which merges Mid and High into one cell: the review file's absolute path.
    (Not run from inside the repository: the rubric, named by a relative path, would be kept
    in this process under the name `rubric.yaml`, and another test's rubric.yaml read as it.)"""
    repo = Repo(tmp_path / "repo")
    repo.split_coherence()
    repo.write("review.yaml", partnership(assessed="2025-07-01"))
    repo.commit("scored with the split rubric", "2025-07-02")
    shutil.copy(MINI, repo.root / "rubric.yaml")
    repo.write("review.yaml", partnership(assessed="2026-07-01"))  # the same answers
    repo.commit("the rubric merges mid and high", "2026-07-02")
    return repo.root / "review.yaml"


def test_a_stage_inside_the_other_reviews_merged_cell_is_not_a_move(
    run: Run, resplit: Path
) -> None:
    result = run("compare", f"{resplit}@HEAD~1", resplit, "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["schema_version"] == 2
    coherence = next(d for d in data["dimensions"] if d["id"] == "coherence")
    assert (coherence["old_number"], coherence["old_counts_as"]) == (3, 3)
    assert (coherence["new_number"], coherence["new_counts_as"]) == (2, 3)
    assert coherence["old_span"] == ["high"] and coherence["new_span"] == ["mid", "high"]
    assert coherence["moved"] == "same" and coherence["within_merged_cell"] is True
    gated = run("compare", f"{resplit}@HEAD~1", resplit, "--fail-on-regression")
    assert gated.code == ExitCode.OK, str(gated)
    back = run("compare", resplit, f"{resplit}@HEAD~1", "--fail-on-regression")
    assert back.code == ExitCode.OK, str(back)


def test_every_compare_format_says_within_one_cell_and_shows_the_span(
    run: Run, resplit: Path
) -> None:
    table = run("compare", f"{resplit}@HEAD~1", resplit)
    assert table.code == ExitCode.OK, str(table)
    row = next(line for line in table.out.splitlines() if line.startswith("Coherence"))
    assert "= no change: within one" in row and "moved" not in row
    assert "Within one cell: one review's stage lies inside the other's merged cell" in table.out
    assert "1 moved down" not in table.out
    md = run("compare", f"{resplit}@HEAD~1", resplit, "-f", "markdown")
    assert (
        "| Coherence | High | Cohesive (stages 2\u20133: the source does not tell them apart) | "
        "= no change: within one cell (2\u20133) |"
    ) in md.out
    assert "Within one cell:" in md.out
    page = resplit.parent / "c.html"
    run("compare", f"{resplit}@HEAD~1", resplit, "-o", page)
    html = page.read_text(encoding="utf-8")
    assert '<span class="stage s3">3</span> High' in html
    assert '<span class="stage s2">2\u20133</span> Cohesive (stages 2\u20133' in html
    assert "= no change: within one cell (2\u20133)" in html and "Within one cell:" in html


def test_history_csv_keeps_the_first_stage_and_adds_the_stage_it_counts_as(
    run: Run, resplit: Path
) -> None:
    import csv
    import io

    result = run("history", resplit, "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = list(csv.reader(io.StringIO(result.out)))
    head = rows[0]
    at = head.index("coherence")
    assert head[at : at + 4] == ["coherence", "coherence_stage", "coherence_counts_as", "finance"]
    split, merged = (dict(zip(head, row, strict=True)) for row in rows[1:])
    assert (split["coherence_stage"], split["coherence_counts_as"]) == ("3", "3")
    assert (merged["coherence_stage"], merged["coherence_counts_as"]) == ("2", "3")
    assert merged["coherence"].startswith("Cohesive (stages 2\u20133")


def test_history_json_carries_each_points_span(run: Run, resplit: Path) -> None:
    data = json.loads(run("history", resplit, "-f", "json").out)
    assert data["schema_version"] == 2
    cells = [
        next(
            (d["stage_number"], d["counts_as"], d["span"])
            for d in p["dimensions"]
            if d["id"] == "coherence"
        )
        for p in data["points"]
    ]
    assert cells == [(3, 3, ["high"]), (2, 3, ["mid", "high"])]


def test_history_terminal_shows_a_merged_cell_as_its_span(run: Run, resplit: Path) -> None:
    out = run("history", resplit).out
    trend = next(line for line in out.splitlines() if line.startswith("Coherence"))
    assert "██" in trend  # both at the top: High, then the cell for Mid and High
    row = next(line for line in out.splitlines() if line.startswith("2026-07-01"))
    assert row.split()[-3:] == ["2", "2\u20133", "2"]
    assert "2\u20133: one cell of the table for those stages" in " ".join(out.split())


def test_the_history_chart_draws_a_merged_cell_as_a_band(
    run: Run, resplit: Path, tmp_path: Path
) -> None:
    import re

    from browser import dom

    page = tmp_path / "history.html"
    assert run("history", resplit, "-o", page).code == ExitCode.OK
    drawn = dom(page)
    figure = re.search(r'<figure class="trend" id="trend-coherence">(.*?)</figure>', drawn, re.S)
    assert figure is not None
    chart = figure.group(1)
    rows = {
        label.split()[0]: float(y)
        for y, label in re.findall(
            r'<line class="chart-ring"[^>]*y1="([\d.]+)"[^>]*>(?:</line>)?\s*'
            r"<text[^>]*>([^<]*)</text>",
            chart,
        )
    }
    bands = re.findall(
        r'<rect class="trend-band" x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
        chart,
    )
    assert len(bands) == 1 and chart.count('class="trend-point"') == 1  # High, then the band
    y, width, height = (float(v) for v in bands[0])
    assert y + width / 2 == rows["3"]  # from the top of its span...
    assert y + height - width / 2 == rows["2"]  # ...down to its first stage
    line = re.search(r'data-dimension="coherence" points="([^"]*)"', chart)
    assert line is not None
    assert [float(p.split(",")[1]) for p in line.group(1).split()] == [rows["3"], rows["3"]]


def test_the_combined_radar_draws_a_merged_cell_at_the_stage_it_counts_as(
    run: Run, tmp_path: Path
) -> None:
    """Every respondent reaches Coherence's one cell for stages 2-4: on the radar it sits on
    the ring of stage 4, as the headline counts it, not on the ring of stage 2."""
    import re

    from conftest import ROOT

    page = tmp_path / "voices.html"
    result = run("assess", ROOT / "examples" / "respondents", "--combine", "-o", page)
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(
        run("assess", ROOT / "examples" / "respondents", "--combine", "-f", "json").out
    )
    deciding = [d for d in data["combined"]["dimensions"] if d["decides_overall"]]
    html = page.read_text(encoding="utf-8")
    svg = html[
        html.index('<svg id="voices-radar"') : html.index("</svg>", html.index("voices-radar"))
    ]
    rings = [r.split() for r in re.findall(r'<polygon class="chart-ring" points="([^"]*)"', svg)]
    shapes = re.findall(r'<polygon class="respondent-shape"[^>]*points="([^"]*)"', svg)
    assert len(rings) == 4 and len(shapes) == 3
    merged = [i for i, d in enumerate(deciding) if d["counts_as"] != d["stage_number"]]
    assert merged  # coherence, impact assessment, balance
    for respondent, shape in zip(data["records"], shapes, strict=True):
        vertices = shape.split()
        cells = [d for d in respondent["dimensions"] if d["decides_overall"]]
        for i, d in enumerate(cells):
            assert vertices[i] == rings[d["counts_as"] - 1][i], (d["id"], respondent)
        assert all(vertices[i] == rings[3][i] for i in merged if cells[i]["counts_as"] == 4)
