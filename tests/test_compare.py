"""`stagecheck compare` and `stagecheck.compare`: two reviews of one partnership, from two
files or from git revisions of one file (issue 13), end to end on a repository made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, Golden, Run
from gitrepo import Repo, partnership
from stagecheck.exitcodes import ExitCode


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Three reviews of one partnership, the last with the rubric's version bumped."""
    repo = Repo(tmp_path / "repo")
    repo.write(
        "review.yaml",
        partnership(
            lead="teacher", mou="no", evidence="A draft only", staff=0, assessed="2024-07-01"
        ),
    )
    repo.commit("first review", "2024-07-02")
    repo.write("review.yaml", partnership(lead="senior", assessed="2025-07-01"))
    repo.commit("second review", "2025-07-02")
    repo.bump_rubric("0.2")
    repo.write("review.yaml", partnership(lead="head", evidence="MOU renewed 2026", staff=4))
    repo.commit("third review, rubric 0.2", "2026-07-02")
    monkeypatch.chdir(repo.root)
    return repo


def test_two_revisions_as_a_table(run: Run, repo: Repo, golden: Golden) -> None:
    result = run("compare", "review.yaml@HEAD~2", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    golden("compare-120.txt", result.out)
    assert "Leading" in result.out and "moved up" in result.out
    assert "the rubric changed: mini 0.1 then, mini 0.2 now" in result.out
    assert "A draft only" in result.out and "MOU renewed 2026" in result.out  # evidence quoted


def test_markdown_and_html(run: Run, repo: Repo, golden: Golden) -> None:
    md = run("compare", "review.yaml@HEAD~2", "review.yaml@HEAD", "-f", "markdown")
    assert md.code == ExitCode.OK, str(md)
    golden("compare.md", md.out)
    page = run("compare", "review.yaml@HEAD~2", "review.yaml", "-o", repo.root / "c.html")
    assert page.code == ExitCode.OK, str(page)
    html = (repo.root / "c.html").read_text(encoding="utf-8")
    golden("compare.html", html.replace(_version(), "VERSION"))
    assert "<script" not in html


def _version() -> str:
    from stagecheck._version import __version__

    return __version__


def test_json_is_the_comparison_record(run: Run, repo: Repo) -> None:
    result = run("compare", "review.yaml@HEAD~1", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["schema_version"] == 2
    assert data["old"]["source"] == "review.yaml@HEAD~1"
    assert data["old"]["rubric_version"] == "0.1" and data["new"]["rubric_version"] == "0.2"
    leading = next(d for d in data["dimensions"] if d["id"] == "leading")
    assert (leading["old_stage"], leading["new_stage"], leading["moved"]) == ("Mid", "High", "up")
    assert [c["id"] for c in data["criteria"]] == ["leading.head"]
    staff = next(a for a in data["answers"] if a["question"] == "staff")
    assert (staff["old"], staff["new"]) == ("3", "4")


def test_two_plain_files_outside_git(run: Run, tmp_path: Path) -> None:
    from conftest import MINI

    (tmp_path / "rubric.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    old = tmp_path / "2024.yaml"
    new = tmp_path / "2025.yaml"
    old.write_text(partnership(lead="head"), encoding="utf-8")
    new.write_text(partnership(lead="teacher"), encoding="utf-8")
    result = run("compare", old, new)
    assert result.code == ExitCode.OK, str(result)
    assert "moved down" in result.out
    gated = run("compare", old, new, "--fail-on-regression")
    assert gated.code == ExitCode.FAILED, str(gated)
    assert "went down since" in gated.err and "Leading" in gated.err
    assert run("compare", new, old, "--fail-on-regression").code == ExitCode.OK


def test_fail_on_regression_across_revisions(run: Run, repo: Repo) -> None:
    down = run("compare", "review.yaml", "review.yaml@HEAD~2", "--fail-on-regression")
    assert down.code == ExitCode.FAILED, str(down)
    up = run("compare", "review.yaml@HEAD~2", "review.yaml", "--fail-on-regression")
    assert up.code == ExitCode.OK, str(up)


def test_different_partnerships_refused_naming_both_unless_forced(run: Run, repo: Repo) -> None:
    repo.write("other.yaml", partnership(name="Another Trust"))
    refused = run("compare", "review.yaml", "other.yaml")
    assert refused.code == ExitCode.ERROR, str(refused)
    assert "'Hill and Vale'" in refused.err and "'Another Trust'" in refused.err
    assert "--force" in refused.err and refused.out == ""
    forced = run("compare", "review.yaml", "other.yaml", "--force")
    assert forced.code == ExitCode.OK, str(forced)


def test_a_revision_that_does_not_exist(run: Run, repo: Repo) -> None:
    result = run("compare", "review.yaml@HEAD~9", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "has no revision 'HEAD~9'" in result.err and "git log" in result.err
    assert "fatal" not in result.err and len(result.err.splitlines()) == 1


def test_a_file_that_did_not_exist_at_the_revision(run: Run, repo: Repo) -> None:
    repo.write("later.yaml", partnership())
    repo.commit("a later file", "2026-08-01")
    result = run("compare", "later.yaml@HEAD~1", "later.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "later.yaml did not exist at revision 'HEAD~1'" in result.err


def test_a_file_outside_git_asked_for_a_revision(run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "alone"
    outside.mkdir()
    (outside / "review.yaml").write_text(partnership(), encoding="utf-8")
    result = run("compare", f"{outside / 'review.yaml'}@HEAD~1", outside / "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "is not in a git repository" in result.err and "git init" in result.err


def test_an_invalid_version_is_located_at_its_revision(run: Run, repo: Repo) -> None:
    repo.write("review.yaml", partnership(lead="nobody"))
    repo.commit("a mistake", "2026-09-01")
    result = run("compare", "review.yaml@HEAD", "review.yaml@HEAD~1")
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err.startswith("review.yaml@HEAD:9:11: answers.people.lead")  # file@rev:line:col


def test_the_library(repo: Repo) -> None:
    import stagecheck

    comparison = stagecheck.compare("review.yaml@HEAD~2", "review.yaml")
    assert isinstance(comparison, stagecheck.Comparison)
    assert comparison.overall in {"up", "same"}
    assert not comparison.regressed
    assert comparison.to_dict()["new"]["partnership"] == "Hill and Vale"
    with pytest.raises(stagecheck.UserError, match="two different partnerships"):
        repo.write("other.yaml", partnership(name="Another Trust"))
        stagecheck.compare("review.yaml", "other.yaml")
    with pytest.raises(stagecheck.UserError):
        stagecheck.compare(3, "review.yaml")  # type: ignore[arg-type]


def test_an_answer_whose_evidence_alone_changed(run: Run, repo: Repo) -> None:
    result = run("compare", "review.yaml@HEAD~1", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "mou: yes (the evidence changed) (Is there a signed MOU?)" in result.out
    assert "evidence then: MOU signed 2024" in result.out
    assert "evidence now:  MOU renewed 2026" in result.out


def test_text_from_the_file_reaches_the_terminal_as_escapes(run: Run, repo: Repo) -> None:
    repo.write("review.yaml", partnership(evidence='"Signed \\e[31mred"'))
    repo.commit("escape in the evidence", "2026-08-01")
    result = run("compare", "review.yaml@HEAD~1", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "\x1b" not in result.out and "Signed \\x1b[31mred" in result.out


def test_an_output_file_of_a_format_compare_does_not_write(run: Run, repo: Repo) -> None:
    result = run("compare", "review.yaml@HEAD~1", "review.yaml", "-o", "moved.csv")
    assert result.code == ExitCode.ERROR, str(result)
    assert "moved.csv means --format csv, which this command does not write" in result.err
    assert not (repo.root / "moved.csv").exists()


def test_a_folder_at_the_revision_is_not_read_as_a_file(run: Run, repo: Repo) -> None:
    repo.write("sub/review.yaml", (repo.root / "review.yaml").read_text())
    repo.commit("a folder", "2026-08-01")
    result = run("compare", "sub@HEAD", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "sub is a folder at revision 'HEAD', not a file" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "review.yaml@", "review.yaml"),
        ("compare", "review.yaml@HEAD~1", "review.yaml@ "),
        ("history", "review.yaml@"),
        ("review", "review.yaml@"),
    ],
)
def test_file_at_with_no_revision_after_it(run: Run, repo: Repo, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == ExitCode.ERROR, str(result)
    assert "names no revision after '@': write review.yaml@HEAD~1 or review.yaml@<commit>" in (
        result.err
    )
    assert len(result.err.splitlines()) == 1 and result.out == ""


@pytest.mark.parametrize("command", [("review", "review.yaml"), ("assess", ".")])
def test_since_with_no_revision(run: Run, repo: Repo, command: tuple[str, ...]) -> None:
    result = run(*command, "--since", "")
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err == (
        "stagecheck: --since names no revision: write --since HEAD~1 or --since <commit>\n"
    )


def test_history_of_one_revision_says_to_leave_it_out(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml@HEAD~1")
    assert result.code == ExitCode.ERROR, str(result)
    assert "history reads every committed version of review.yaml: leave out '@HEAD~1'" in (
        result.err
    )


def test_a_symbolic_link_at_the_revision_is_not_read_as_the_file(run: Run, repo: Repo) -> None:
    text = (repo.root / "review.yaml").read_text(encoding="utf-8")
    repo.write("reviews/2026.yaml", text.replace("rubric: rubric.yaml", "rubric: ../rubric.yaml"))
    (repo.root / "review.yaml").unlink()
    (repo.root / "review.yaml").symlink_to(Path("reviews", "2026.yaml"))
    repo.commit("the review moved to reviews/, a link left in its place", "2026-08-01")
    (repo.root / "review.yaml").unlink()
    repo.write("review.yaml", partnership(lead="head"))  # a file again
    repo.commit("a file again", "2026-09-01")
    result = run("compare", "review.yaml@HEAD~1", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err == (
        "stagecheck: review.yaml@HEAD~1 is a symbolic link at that revision, to "
        "'reviews/2026.yaml', not a file: stagecheck follows a link only in the working tree, "
        "as it is today; name the file it pointed to, reviews/2026.yaml@HEAD~1\n"
    )
    followed = run("compare", "reviews/2026.yaml@HEAD~1", "review.yaml")
    assert followed.code == ExitCode.OK, str(followed)


@given(
    st.tuples(st.integers(1, 4), st.integers(0, 3)), st.tuples(st.integers(1, 4), st.integers(0, 3))
)
def test_a_move_is_judged_on_the_stage_each_counts_as_and_never_within_one_cell(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    from stagecheck.core.compare import span_moved

    old, new = (a[0], min(4, a[0] + a[1])), (b[0], min(4, b[0] + b[1]))
    moved, within = span_moved(old, new)
    overlap = old[0] <= new[1] and new[0] <= old[1]
    assert (moved == "same") == overlap
    assert within == (overlap and old != new)
    if not overlap:
        assert moved == ("up" if new[1] > old[1] else "down")
    assert span_moved(new, old)[0] == {"up": "down", "down": "up", "same": "same"}[moved]


def test_a_practice_listed_in_one_review_only_under_one_rubric_is_no_change(
    tmp_path: Path,
) -> None:
    # Bug (new-user trial): governors answered yes in both years read "— → met", because a
    # report lists only the practices of the cells reached and the next; the lower review
    # had not assessed it.
    from stagecheck import api

    example = (ROOT / "examples" / "regional-hub.yaml").read_text("utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(example, "utf-8")
    old = tmp_path / "old.yaml"
    lowered = example.replace(
        "    lead_role: senior_leader\n", "    lead_role: classroom_teacher\n", 1
    )
    old.write_text(lowered.replace("    head_directs: yes\n", "    head_directs: no\n", 1), "utf-8")
    result = api.compare(old, new)
    leadership = next(d for d in result.dimensions if d.id == "leadership")
    assert leadership.moved == "up"
    assert result.practices == [p for p in result.practices if p.old and p.new]
