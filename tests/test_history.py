"""`stagecheck history` and `stagecheck.history`: a partnership's reviews over time, from the
committed versions of its file or from a folder of dated review files (issue 13), end to end
on a repository made here."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from browser import dom, screenshot
from conftest import MINI, Run
from gitrepo import Repo, partnership
from stagecheck.exitcodes import ExitCode


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Five versions: two dated by `assessed`, a rubric change, one that does not validate."""
    repo = Repo(tmp_path / "repo")
    repo.write("review.yaml", partnership(lead="teacher", mou="no", assessed="2024-07-01"))
    repo.commit("first review", "2024-07-02")
    repo.write("review.yaml", partnership(lead="senior", assessed="2025-07-01"))
    repo.commit("second review", "2025-07-02")
    repo.bump_rubric("0.2")
    repo.write("review.yaml", partnership(lead="head"))
    repo.commit("third review, rubric 0.2", "2026-07-02")
    repo.write("review.yaml", partnership(lead="nobody"))
    repo.commit("a mistake", "2026-09-01")
    repo.write("review.yaml", partnership(lead="senior"))
    repo.commit("mistake mended", "2026-10-01")
    monkeypatch.chdir(repo.root)
    return repo


def test_the_terminal_trend(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    lines = result.out.splitlines()
    assert lines[0] == "Hill and Vale: 5 reviews in review.yaml, 1 that could not be scored"
    leading = next(line for line in lines if line.startswith("Leading"))
    assert "▁▅█·▅" in leading and "Low → Mid" in leading  # stage 1, 2, 3, a gap, 2
    dates = [line.split()[0] for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert dates == ["2024-07-01", "2025-07-01", "2026-07-02", "2026-09-01", "2026-10-01"]
    assert "not scored" in result.out and "answers.people.lead: 'nobody'" in result.out
    assert "the rubric changed at 2026-07-02: mini 0.1 before, mini 0.2" in result.out
    assert "--rescore" in result.out


def test_json_points(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["schema_version"] == 2 and data["kind"] == "git"
    points = data["points"]
    assert [p["dated_by"] for p in points] == ["assessed", "assessed", "commit", "commit", "commit"]
    assert [p["rubric_version"] for p in points] == ["0.1", "0.1", "0.2", None, "0.2"]
    assert [p["rubric_changed"] for p in points] == [False, False, True, False, False]
    gap = points[3]
    assert gap["error"].startswith(f"review.yaml@{gap['commit'][:12]}:9:11: answers.people.lead")
    leading = [
        next((d["stage_number"] for d in p["dimensions"] if d["id"] == "leading"), None)
        for p in points
    ]
    assert leading == [1, 2, 3, None, 2]
    assert "could not be scored" in result.err


def test_csv_rows(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 5
    assert [r["leading_stage"] for r in rows] == ["1", "2", "3", "", "2"]
    assert rows[0]["date"] == "2024-07-01" and rows[0]["rubric_version"] == "0.1"
    assert rows[3]["error"] and rows[2]["rubric_changed"] == "yes"


def test_rescore_uses_todays_rubric(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml", "--rescore", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["rescored"] is True
    scored = [p for p in data["points"] if p["error"] is None]
    assert {p["rubric_version"] for p in scored} == {"0.2"}
    assert not any(p["rubric_changed"] for p in data["points"])
    table = run("history", "review.yaml", "--rescore")
    assert "Every version scored with today's rubric, mini 0.2." in table.out
    assert "the rubric changed" not in table.out


def test_a_renamed_file_keeps_its_history(run: Run, repo: Repo) -> None:
    repo.git("mv", "review.yaml", "partnership.yaml")
    repo.commit("renamed", "2026-11-01")
    result = run("history", "partnership.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    assert len(json.loads(result.out)["points"]) == 6


def test_a_folder_of_dated_reviews(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "rubric.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    # the rubric file is not a review: it fails as one and shows as a gap with its error
    (folder / "review-2025-07.yaml").write_text(partnership(lead="senior"), encoding="utf-8")
    (folder / "b.yaml").write_text(partnership(lead="teacher", assessed="2024-03-01"), "utf-8")
    (folder / "undated.yaml").write_text(partnership(lead="head"), encoding="utf-8")
    (folder / "review-2026.yaml").write_text(partnership(lead="head"), encoding="utf-8")
    result = run("history", folder, "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    points = json.loads(result.out)["points"]
    dated = [(p["date"], p["dated_by"]) for p in points if p["error"] is None]
    assert dated == [
        ("2024-03-01", "assessed"),
        ("2025-07-01", "file name"),
        ("2026-01-01", "file name"),
    ]
    errors = [p["error"] for p in points if p["error"]]
    assert any("undated.yaml: has no review date" in e for e in errors)
    table = run("history", folder)
    assert table.code == ExitCode.OK and "Low → High" in table.out


def test_a_file_outside_git(run: Run, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "review.yaml").write_text(partnership(), encoding="utf-8")
    result = run("history", alone / "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "is not in a git repository" in result.err and "folder of dated review" in result.err
    assert len(result.err.splitlines()) == 1


def test_a_file_never_committed(run: Run, repo: Repo) -> None:
    repo.write("new.yaml", partnership())
    result = run("history", "new.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "has no committed version" in result.err and "git add" in result.err


def test_the_library(repo: Repo) -> None:
    import stagecheck

    traced = stagecheck.history("review.yaml")
    assert isinstance(traced, stagecheck.History)
    assert traced.series("leading") == [1, 2, 3, None, 2]
    assert len(traced.gaps) == 1 and len(traced.rubric_changes) == 1
    assert traced.to_dict()["partnership"] == "Hill and Vale"
    with pytest.raises(stagecheck.UserError):
        stagecheck.history("review.yaml", rubric="no-such-rubric")


def _png_pixels(png: Path) -> bytes:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat = 8, b""
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            idat += data[at + 8 : at + 8 + size]
        at += size + 12
    return zlib.decompress(idat)


def test_the_html_chart_in_a_browser(run: Run, repo: Repo, tmp_path: Path) -> None:
    page = tmp_path / "history.html"
    result = run("history", "review.yaml", "-o", page)
    assert result.code == ExitCode.OK, str(result)
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://www.w3.org/2000/svg" in html
    drawn = dom(page)
    lines = re.findall(
        r'<polyline class="trend-line" data-dimension="(\w+)" points="([^"]*)"', drawn
    )
    assert {d for d, _ in lines} == {"leading", "coherence", "finance", "overall"}
    for _, points in lines:
        assert len(points.split()) == 4  # five versions, one a gap
    leading = dict(lines)["leading"].split()
    ys = [float(p.split(",")[1]) for p in leading]
    assert ys[0] > ys[1] > ys[2] < ys[3]  # up, up, then down (SVG's y grows downwards)
    assert drawn.count('class="trend-gap"') == 4  # the gap marked on each chart
    pixels = _png_pixels(screenshot(page, tmp_path / "history.png"))
    assert len(set(pixels)) > 20  # not a blank page


def test_rubric_given_scores_every_version_with_it(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml", "--rubric", MINI, "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["rescored"] is True
    assert {p["rubric_version"] for p in data["points"] if not p["error"]} == {"0.1"}


def test_a_rubric_file_missing_at_a_commit_is_a_gap(run: Run, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("review.yaml", partnership(lead="teacher"))
    repo.git("add", "review.yaml")  # the rubric file it names is not committed yet
    repo.git("commit", "-q", "-m", "without its rubric")
    repo.write("review.yaml", partnership(lead="head"))
    repo.commit("with its rubric", "2025-01-01")
    result = run("history", repo.root / "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    first, second = json.loads(result.out)["points"]
    assert "names the rubric file 'rubric.yaml', which did not exist at revision" in first["error"]
    assert second["error"] is None and second["overall_stage"]


def test_output_onto_a_review_file_of_the_folder_is_refused_even_with_force(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review = folder / "review-2025.yaml"
    review.write_text(partnership(), encoding="utf-8")
    (folder / "review-2026.yaml").write_text(partnership(lead="head"), encoding="utf-8")
    before = review.read_bytes()
    result = run("history", folder, "-f", "json", "-o", review, "--force")
    assert result.code == ExitCode.ERROR, str(result)
    assert "is an input of this run" in result.err
    assert review.read_bytes() == before


def test_a_version_that_is_a_symbolic_link_is_a_gap_and_the_history_goes_on(
    run: Run, repo: Repo
) -> None:
    (repo.root / "review.yaml").rename(repo.root / "2026.yaml")
    (repo.root / "review.yaml").symlink_to("2026.yaml")
    repo.commit("a link to this year's file", "2026-11-01")
    (repo.root / "review.yaml").unlink()
    repo.write("review.yaml", partnership(lead="head"))
    repo.commit("a file again", "2026-12-01")
    result = run("history", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    points = json.loads(result.out)["points"]
    assert len(points) == 7
    link = points[5]
    assert link["error"] == (
        f"review.yaml@{link['commit'][:12]} is a symbolic link at that revision, to "
        "'2026.yaml', not a file: stagecheck follows a link only in the working tree, as it is "
        f"today; name the file it pointed to, 2026.yaml@{link['commit'][:12]}"
    )
    assert points[6]["error"] is None and points[6]["overall_stage"]
