"""Which earlier review `stagecheck review` compares with: chosen by each version's own
assessment date (else its commit date), on git repositories made in the test whose commit
dates disagree with the assessment dates."""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from gitrepo import Repo, partnership
from stagecheck import api
from stagecheck.exitcodes import ExitCode


def reviews(tmp_path: Path, versions: list[tuple[str | None, str, str]]) -> tuple[Path, list[str]]:
    """The file committed once per (assessed date, lead's answer, commit date); the commits."""
    repo = Repo(tmp_path / "repo")
    commits = []
    for assessed, lead, committed in versions:
        repo.write("review.yaml", partnership(assessed=assessed, lead=lead))
        commits.append(repo.commit(f"review {assessed}", committed))
    return repo.root / "review.yaml", commits


def test_old_reviews_committed_late_are_dated_by_their_assessment(run: Run, tmp_path: Path) -> None:
    # the partnership started using git in 2025: the 2023 and 2024 reviews, and a mid-year
    # check-in, were all committed in January 2025
    path, commits = reviews(
        tmp_path,
        [
            ("2023-06-30", "teacher", "2025-01-10"),
            ("2024-06-30", "senior", "2025-01-10"),
            ("2025-01-15", "senior", "2025-01-20"),
            ("2025-06-30", "head", "2025-07-02"),
        ],
    )
    made = api.review(path)
    assert made.since is not None
    assert made.since.revision == commits[1]  # the 2024 review, not the oldest commit of a year
    assert made.since.assessed_on is not None
    assert made.since.assessed_on.isoformat() == "2024-06-30"
    result = run("review", path)
    assert result.code == ExitCode.OK, str(result)
    assert (
        f"Compared with the review assessed on 2024-06-30 (commit {commits[1][:7]}), the "
        "latest one dated at least 300 days before this one (assessed on 2025-06-30)."
    ) in result.out


def test_several_commits_of_one_assessment_are_one_review(tmp_path: Path) -> None:
    path, commits = reviews(
        tmp_path,
        [
            ("2024-06-30", "teacher", "2024-07-01"),  # a draft
            ("2024-06-30", "senior", "2024-07-03"),  # the same assessment, corrected
            ("2025-06-30", "head", "2025-07-01"),
        ],
    )
    made = api.review(path)
    assert made.since is not None and made.then is not None
    assert made.since.revision == commits[1]  # the assessment as it was last committed
    assert made.comparison is not None
    assert [a.question for a in made.comparison.answers] == ["lead"]  # senior -> head


def test_no_earlier_assessment_means_no_comparison(run: Run, tmp_path: Path) -> None:
    # two commits, one assessment: the later one only corrects the first
    path, _ = reviews(
        tmp_path,
        [
            ("2025-06-30", "senior", "2025-07-01"),
            ("2025-06-30", "head", "2025-07-05"),
        ],
    )
    made = api.review(path)
    assert made.then is None and made.since is None
    result = run("review", path)
    assert result.code == ExitCode.OK, str(result)
    assert (
        "No comparison: review.yaml has no review in git dated before this one (assessed on "
        "2025-06-30), so there is nothing to compare with yet"
    ) in result.out


def test_without_a_review_a_year_before_the_oldest_earlier_one_is_taken(
    run: Run, tmp_path: Path
) -> None:
    path, commits = reviews(
        tmp_path,
        [
            ("2025-01-15", "teacher", "2025-01-16"),
            ("2025-03-01", "senior", "2025-03-02"),
            ("2025-06-30", "head", "2025-07-01"),
        ],
    )
    result = run("review", path)
    assert result.code == ExitCode.OK, str(result)
    assert (
        f"Compared with the review assessed on 2025-01-15 (commit {commits[0][:7]}), the "
        "oldest earlier one, as none is dated 300 days or more before this one (assessed on "
        "2025-06-30)."
    ) in result.out


def test_versions_without_an_assessment_date_are_dated_by_their_commit(
    run: Run, tmp_path: Path
) -> None:
    path, commits = reviews(
        tmp_path,
        [
            (None, "teacher", "2023-07-01"),
            (None, "senior", "2024-07-01"),
            (None, "head", "2025-07-01"),
        ],
    )
    result = run("review", path)
    assert result.code == ExitCode.OK, str(result)
    assert (
        f"Compared with the version committed on 2024-07-01 (commit {commits[1][:7]}; it gives "
        "no assessment date), the latest one dated at least 300 days before this one (committed "
        "on 2025-07-01; it gives no assessment date)."
    ) in result.out
