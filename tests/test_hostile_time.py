"""Hostile input for reviews over time (issue 13): odd revisions, odd histories and odd files
given to `compare`, `history` and `review`, each found to go wrong and then fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from gitrepo import Repo, partnership
from stagecheck.exitcodes import ExitCode


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Three yearly reviews of one partnership, the middle one with a lower lead."""
    repo = Repo(tmp_path / "repo")
    repo.write("review.yaml", partnership(staff=3, assessed="2024-07-01"))
    repo.commit("first", "2024-07-02")
    repo.write("review.yaml", partnership(lead="teacher", staff=1, assessed="2025-07-01"))
    repo.commit("second", "2025-07-02")
    repo.write("review.yaml", partnership(staff=5, assessed="2026-07-01"))
    repo.commit("third", "2026-07-02")
    monkeypatch.chdir(repo.root)
    return repo


@pytest.mark.parametrize("rev", ["HEAD@{1}", "main@{1}", "@"])
def test_a_revision_holding_an_at_is_read_as_git_reads_it(run: Run, repo: Repo, rev: str) -> None:
    """`review.yaml@HEAD@{1}` was split at its last @: the file `review.yaml@HEAD`, at '{1}'."""
    result = run("compare", f"review.yaml@{rev}", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    assert json.loads(result.out)["old"]["source"] == f"review.yaml@{rev}"
