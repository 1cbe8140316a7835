"""Property tests for what reviews over time parse: `FILE@REV`, a date in a review file's
name, `git cat-file --batch` output, and the sparkline."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Run
from gitrepo import Repo, git, partnership
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.history import BLOCKS, GAP, sparkline
from stagecheck.timeline import git as gitrev
from stagecheck.timeline.folder import date_in_name

names = st.text(st.characters(blacklist_characters="@\0/", blacklist_categories=["Cs"]), min_size=1)
revs = st.from_regex(r"[A-Za-z0-9~^._-]{1,20}", fullmatch=True)


@given(names, revs)
def test_file_at_rev_splits_at_the_last_at(file: str, rev: str) -> None:
    assert gitrev.split_rev(f"missing-{file}@{rev}") == (f"missing-{file}", rev)


@given(names)
def test_a_name_without_at_is_a_file(file: str) -> None:
    assert gitrev.split_rev(file) == (file, None)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["review-", "", "x_", "2 "]))
def test_a_full_date_in_a_name_is_read(day: dt.date, prefix: str) -> None:
    assert date_in_name(f"{prefix}{day.isoformat()}.yaml") == day


@given(st.text(st.characters(blacklist_categories=["Nd", "Cs"])))
def test_a_name_without_digits_has_no_date(name: str) -> None:
    assert date_in_name(name) is None


@given(st.lists(st.one_of(st.none(), st.integers(1, 6)), max_size=40), st.integers(1, 6))
def test_the_sparkline_has_one_mark_per_point(series: list[int | None], top: int) -> None:
    highest = max([top, *(n for n in series if n is not None)])
    line = sparkline(series, highest)
    assert len(line) == len(series)
    for n, mark in zip(series, line, strict=True):
        assert (mark == GAP) == (n is None)
        if n == highest and highest > 1:
            assert mark == BLOCKS[-1]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6))
def test_cat_file_batch_gives_back_every_blob_exactly(
    tmp_path_factory: pytest.TempPathFactory, blobs: list[bytes]
) -> None:
    root = tmp_path_factory.mktemp("blobs")
    subprocess.run([git(), "init", "-q", str(root)], check=True)
    shas = [
        subprocess.run(
            [git(), "hash-object", "-w", "--stdin"],
            cwd=root,
            input=b,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
        for b in blobs
    ]
    got = gitrev.blobs(root, [*shas, "0" * 40])
    assert got == [*blobs, None]


def test_history_never_changes_the_stage_assess_gives(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first rule: history's newest point is the stage `assess` gives the same file."""
    import json

    repo = Repo(tmp_path / "repo")
    for lead in ("teacher", "head", "senior"):
        repo.write("review.yaml", partnership(lead=lead))
        repo.commit(lead, "2025-01-01")
    monkeypatch.chdir(repo.root)
    traced = json.loads(run("history", "review.yaml", "-f", "json").out)
    assessed = run("assess", "review.yaml", "-f", "json")
    assert assessed.code == ExitCode.OK
    record = json.loads(assessed.out)
    newest = traced["points"][-1]
    assert newest["overall_number"] == record["overall"]["stage_number"]
    assert [(d["id"], d["stage"], d["stage_number"]) for d in newest["dimensions"]] == [
        (d["id"], d["stage_label"], d["stage_number"]) for d in record["dimensions"]
    ]


def test_a_name_too_long_for_the_system_is_split_not_a_crash(run: Run) -> None:
    long = "x" * 300
    assert gitrev.split_rev(f"{long}@HEAD") == (long, "HEAD")  # Path.exists raised OSError
    result = run("compare", f"{long}@HEAD", "y.yaml")
    assert result.code == ExitCode.ERROR, str(result)


def test_history_of_a_name_too_long_for_the_system(run: Run) -> None:
    result = run("history", "x" * 300)
    assert result.code == ExitCode.ERROR, str(result)
    assert "File name too long" in result.err
