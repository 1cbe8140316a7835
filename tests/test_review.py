"""`stagecheck review` through the CLI, on a git repository made in the test with three
committed reviews (fixed names and dates, so commits and goldens are the same on every run):
where we were, where we are, what moved (up and down), the targets then and now, next year's
plan; outside git and with no earlier version it still works and says why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINI, Golden, Run
from stagecheck import api
from stagecheck.exitcodes import ExitCode

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")

HEAD = """\
rubric: mini.yaml
partnership:
  name: Hill and Vale
  partners:
    - {name: Hill School, sector: state}
"""
# three years of reviews: leading climbs low -> mid -> high; coherence climbs, then falls back
# (the goals are no longer written down); finance climbs in the third year
VERSIONS = [
    (
        "2024-09-20",
        """\
assessed: {date: 2024-09-15, by: Deputy head}
targets:
  leading: mid by 2025-07
answers:
  people: {lead: teacher, goals: no}
""",
    ),
    (
        "2025-09-20",
        """\
assessed: {date: 2025-09-20, by: Deputy head}
targets:
  leading: high by 2026-07
  finance: high by 2026-03
answers:
  people: {lead: senior, mou: yes, goals: yes}
""",
    ),
    (
        "2026-09-20",
        """\
assessed: {date: 2026-09-20, by: Deputy head}
targets:
  leading: high by 2026-07
  finance: high by 2027-07
  coherence: high by 2026-06
answers:
  people: {lead: head, mou: yes, goals: no}
  money: {staff: 2, funders: [school], fee_income: no}
""",
    ),
]


def git(repo: Path, *args: str, day: str = "2026-01-01") -> str:
    stamp = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the partnership file committed three times, a year apart."""
    folder = tmp_path / "partnership"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    shutil.copy(MINI, folder / "mini.yaml")
    path = folder / "partnership.yaml"
    for day, body in VERSIONS:
        path.write_text(HEAD + body, encoding="utf-8")
        git(folder, "add", "-A", day=day)
        git(folder, "commit", "-q", "-m", f"Review of {day}", day=day)
    return path


def test_the_review_compares_with_last_years_version_by_default(
    run: Run, repo: Path, golden: Golden
) -> None:
    result = run("review", repo)
    assert result.code == ExitCode.OK, str(result)
    text = result.out
    assert "Compared with the review assessed on 2025-09-20 (commit " in text
    assert "at least 300 days before this one (assessed on 2026-09-20)." in text
    assert "5 answers changed since then; stagecheck compare partnership.yaml@" in text
    assert "| Leading | Mid | High | ↑ moved up |" in text
    assert (
        "| Coherence | Cohesive (stages 2\u20133: the source does not tell them apart) | Low "
        "| ↓ moved down |" in text
    )
    assert "Moved up: Leading, Finance. Moved down: Coherence." in text
    assert "- Finance: High by 2026-03: not met yet" in text  # last year's target, still open
    assert "- Leading: High by 2026-07: met now" in text
    assert "## Next year's plan" in text and "Suggested owner:" in text and "Source:" in text
    golden("review.md", text)


def test_the_review_as_html(run: Run, repo: Path, golden: Golden) -> None:
    target = repo.parent / "review.html"
    result = run("review", repo, "-o", target)
    assert result.code == ExitCode.OK, str(result)
    page = target.read_text("utf-8")
    assert '<h2 id="moved">What moved</h2>' in page and "<td>↑ moved up</td>" in page
    assert '<h2 id="targets">Targets</h2>' in page and "Overdue by 3 months (2026-06-30)" in page
    golden("review.html", page)
    again = run("review", repo, "-o", target)
    assert again.code == ExitCode.ERROR and "--force" in again.err
    assert run("review", repo, "-o", target, "--force").code == ExitCode.OK


def test_since_names_the_version_to_compare_with(run: Run, repo: Path) -> None:
    result = run("review", repo, "--since", "HEAD~2")
    assert result.code == ExitCode.OK, str(result)
    assert "Compared with the review assessed on 2024-09-15 (commit " in result.out
    assert "as --since HEAD\\~2 asked." in result.out
    assert "| Leading | Low | High | ↑ moved up |" in result.out
    assert "- Leading: Mid by 2025-07: met now" in result.out


def test_a_revision_that_does_not_exist_is_a_plain_error(run: Run, repo: Path) -> None:
    result = run("review", repo, "--since", "v9.9")
    assert result.code == ExitCode.ERROR
    assert result.err.startswith("stagecheck: --since v9.9: the repository at ")
    assert "has no revision 'v9.9'" in result.err
    assert result.out == ""


def test_outside_git_the_review_says_where_we_are_and_why_there_is_no_comparison(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "loose"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    path = folder / "partnership.yaml"
    path.write_text(HEAD + VERSIONS[-1][1], encoding="utf-8")
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)  # never the repository around /tmp
    try:
        result = run("review", path)
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert result.code == ExitCode.OK, str(result)
    assert "No comparison: partnership.yaml is not in a git repository" in result.out
    assert "## Where we are" in result.out and "## Next year's plan" in result.out
    assert "Nothing to compare with" in result.out


def test_a_file_with_one_version_has_nothing_to_compare_with(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "once"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    shutil.copy(MINI, folder / "mini.yaml")
    path = folder / "partnership.yaml"
    path.write_text(HEAD + VERSIONS[-1][1], encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "first")
    result = run("review", path)
    assert result.code == ExitCode.OK, str(result)
    assert "has no review in git dated before this one (assessed on 2026-09-20)" in result.out


def test_an_earlier_version_that_cannot_be_scored_is_said(run: Run, repo: Path) -> None:
    path = repo
    text = path.read_text("utf-8")
    path.write_text(text.replace("goals: no}", "goals: maybe}"), encoding="utf-8")
    git(path.parent, "commit", "-q", "-am", "broken", day="2026-10-01")
    path.write_text(text, encoding="utf-8")  # fixed, not committed
    result = run("review", path, "--since", "HEAD")
    assert result.code == ExitCode.OK, str(result)
    assert "No comparison: that version could not be scored:" in result.out
    assert "'maybe' is not a yes/no answer" in result.out


def test_the_library_gives_the_review_as_data(repo: Path) -> None:
    made = api.review(repo)
    data = json.loads(json.dumps(made.to_dict()))
    assert data["since"]["date"] == "2025-09-20"
    assert [(m["id"], m["moved"]) for m in data["comparison"]["dimensions"]] == [
        ("leading", "up"),
        ("coherence", "down"),
        ("finance", "up"),
    ]
    assert data["now"]["overall"]["stage"] == "low"


@pytest.mark.parametrize("name", ["review.docx", "review.csv", "review.json"])
def test_an_output_file_of_another_format_is_refused(run: Run, repo: Path, name: str) -> None:
    result = run("review", repo, "-o", repo.parent / name)
    assert result.code == ExitCode.ERROR, str(result)
    assert "which the review does not write" in result.err and ".md" in result.err
    assert not (repo.parent / name).exists()


def test_a_markdown_file_by_its_long_ending(run: Run, repo: Path) -> None:
    result = run("review", repo, "-o", repo.parent / "review.markdown")
    assert result.code == ExitCode.OK, str(result)
    assert (repo.parent / "review.markdown").read_text(encoding="utf-8").startswith("# ")
