"""Hostile input for reviews over time (issue 13): odd revisions, odd histories and odd files
given to `compare`, `history` and `review`, each found to go wrong and then fixed."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINI, Run
from gitrepo import Repo, git, partnership
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


@pytest.mark.parametrize("rev", ["HEAD@{1}", "main@{1}", "@", "fix@home"])
def test_a_revision_holding_an_at_is_read_as_git_reads_it(run: Run, repo: Repo, rev: str) -> None:
    """`review.yaml@HEAD@{1}` was split at its last @: the file `review.yaml@HEAD`, at '{1}'."""
    repo.git("branch", "fix@home", "HEAD~1")  # git allows an @ in a branch's name
    result = run("compare", f"review.yaml@{rev}", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    assert json.loads(result.out)["old"]["source"] == f"review.yaml@{rev}"


def _history_json(run: Run, file: str) -> dict[str, object]:
    result = run("history", file, "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data: dict[str, object] = json.loads(result.out)
    return data


def test_a_file_that_was_a_folder_for_a_while(run: Run, tmp_path: Path) -> None:
    """The commits that made `b.yaml` a folder and a file again also touched `b.yaml/x.yaml`:
    that file was read as a version of b.yaml, and b.yaml's own last version was lost."""
    repo = Repo(tmp_path / "repo")
    repo.write("b.yaml", partnership(assessed="2024-07-01"))
    repo.commit("a file", "2024-07-02")
    repo.git("rm", "-q", "b.yaml")
    repo.write("b.yaml/x.yaml", "x: 1\n")
    repo.commit("a folder", "2025-07-02")
    repo.git("rm", "-q", "-r", "b.yaml")
    repo.write("b.yaml", partnership(staff=5, assessed="2026-07-01"))
    repo.commit("a file again", "2026-07-02")
    points = _history_json(run, str(repo.root / "b.yaml"))["points"]
    assert isinstance(points, list)
    assert [(p["date"], p["error"]) for p in points] == [("2024-07-01", None), ("2026-07-01", None)]


def test_a_renamed_file_whose_old_name_git_quotes(run: Run, tmp_path: Path) -> None:
    """git quotes a name with a tab or a double quote in its plain output: the versions under
    that name were read as missing, and the history began at the rename."""
    repo = Repo(tmp_path / "repo")
    old = 'rév "q"\t1.yaml'
    repo.write(old, partnership(assessed="2024-07-01"))
    repo.commit("one", "2024-07-02")
    repo.git("mv", old, "review.yaml")
    repo.write("review.yaml", partnership(staff=5, assessed="2025-07-01"))
    repo.commit("renamed", "2025-07-02")
    points = _history_json(run, str(repo.root / "review.yaml"))["points"]
    assert isinstance(points, list)
    assert [p["date"] for p in points] == ["2024-07-01", "2025-07-01"]


def test_review_of_file_at_rev_says_to_use_since(run: Run, repo: Repo) -> None:
    """`review review.yaml@HEAD~1` read that version, then crashed reading the file
    `review.yaml@HEAD~1` from the disk."""
    result = run("review", "review.yaml@HEAD~1")
    assert result.code == ExitCode.ERROR, str(result)
    assert "leave out '@HEAD~1'" in result.err
    assert "--since HEAD~1" in result.err


@pytest.mark.parametrize(
    ("path", "since"), [(123, None), (None, None), (b"review.yaml", None), ("review.yaml", 5)]
)
def test_the_library_review_of_wrong_types(repo: Repo, path: object, since: object) -> None:
    from stagecheck import api
    from stagecheck.core.errors import UserError

    with pytest.raises(UserError, match="not "):
        api.review(path, since)  # type: ignore[arg-type]


@pytest.mark.parametrize(("rev", "kind"), [("HEAD:review.yaml", "blob"), ("HEAD^{tree}", "tree")])
def test_a_blob_or_tree_id_is_named_for_what_it_is(
    run: Run, repo: Repo, rev: str, kind: str
) -> None:
    """An object that exists but is no commit was said not to exist."""
    result = run("compare", f"review.yaml@{rev}", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert f"names a git {kind}" in result.err
    assert "has no revision" not in result.err


def _clone(repo: Repo, target: Path, *args: str) -> Path:
    subprocess.run(
        [git(), "clone", "-q", *args, repo.root.as_uri(), str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_a_shallow_clone_says_why_earlier_versions_are_missing(
    run: Run, repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI checkout of depth 1 gave a one-point history and 'no revision HEAD~1' without
    saying that the clone holds only the latest commit."""
    monkeypatch.chdir(_clone(repo, tmp_path / "shallow", "--depth", "1"))
    result = run("history", "review.yaml", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    assert "git fetch --unshallow" in result.err
    result = run("compare", "review.yaml@HEAD~1", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "shallow" in result.err
    result = run("review", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "git fetch --unshallow" in result.out


def test_a_full_clone_says_nothing_of_shallow(run: Run, repo: Repo) -> None:
    result = run("history", "review.yaml", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    assert "shallow" not in result.err


def test_a_bare_repository_is_named_as_one(
    run: Run, repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare repository was said not to be a git repository, with 'run git init'."""
    monkeypatch.chdir(_clone(repo, tmp_path / "bare.git", "--bare"))
    result = run("history", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "bare git repository" in result.err


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reviews"
    folder.mkdir()
    shutil.copy(MINI, folder / "rubric.yaml")
    (folder / "review-2024.yaml").write_text(partnership(staff=1), "utf-8")
    (folder / "review-2025.yaml").write_text(partnership(staff=5), "utf-8")
    return folder


def test_a_rubric_beside_the_reviews_of_a_folder_is_no_review(run: Run, tmp_path: Path) -> None:
    """The rubric the reviews name, kept beside them, was listed as an undated gap."""
    history = _history_json(run, str(_folder(tmp_path)))
    points = history["points"]
    assert isinstance(points, list)
    assert [Path(p["source"]).name for p in points] == ["review-2024.yaml", "review-2025.yaml"]


def test_a_review_of_another_partnership_in_a_folder_is_a_gap(run: Run, tmp_path: Path) -> None:
    """A review of another partnership was drawn into this one's trend."""
    folder = _folder(tmp_path)
    (folder / "review-2023.yaml").write_text(partnership(name="Other One", lead="head"), "utf-8")
    points = _history_json(run, str(folder))["points"]
    assert isinstance(points, list)
    assert points[0]["overall_stage"] is None
    assert "another partnership, 'Other One'" in points[0]["error"]
    assert [p["error"] for p in points[1:]] == [None, None]


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "review.yaml@HEAD~1", "review.yaml", "-f", "json"),
        ("history", "review.yaml", "-f", "csv"),
        ("history", "review.yaml", "-f", "csv", "--rubric", "rubric.yaml"),
    ],
)
def test_output_never_replaces_the_rubric_read(run: Run, repo: Repo, args: tuple[str, ...]) -> None:
    """`--output rubric.yaml --force` wrote over the rubric the partnership file names."""
    before = (repo.root / "rubric.yaml").read_bytes()
    result = run(*args, "-o", "rubric.yaml", "--force")
    assert result.code == ExitCode.ERROR, str(result)
    assert "is an input of this run" in result.err
    assert (repo.root / "rubric.yaml").read_bytes() == before


def test_output_never_replaces_the_rubric_of_a_folder_of_reviews(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = (folder / "rubric.yaml").read_bytes()
    result = run("history", folder, "-f", "csv", "-o", folder / "rubric.yaml", "--force")
    assert result.code == ExitCode.ERROR, str(result)
    assert (folder / "rubric.yaml").read_bytes() == before


def test_rescore_of_a_folder_whose_newest_review_is_broken(run: Run, tmp_path: Path) -> None:
    """`--rescore` read the newest file for today's rubric, and a broken one ended the run:
    it is a gap like any other, and today's rubric is the newest readable review's."""
    folder = _folder(tmp_path)
    (folder / "review-2026.yaml").write_text("partnership: [\n", "utf-8")
    result = run("history", folder, "--rescore", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    points = json.loads(result.out)["points"]
    assert [p["error"] is None for p in points] == [True, True, False]


def test_a_review_committed_late_takes_its_place_by_date(run: Run, tmp_path: Path) -> None:
    """A past year's review committed after a later one was drawn after it: the trend went
    back in time (and `review` already dates versions by assessment)."""
    repo = Repo(tmp_path / "repo")
    repo.write("review.yaml", partnership(lead="head", assessed="2025-06-30"))
    repo.commit("2025", "2025-07-10")
    repo.write("review.yaml", partnership(lead="teacher", assessed="2024-07-01"))
    repo.commit("2024, filled in late", "2025-07-11")
    repo.write("review.yaml", partnership(lead="head", assessed="2026-07-01"))
    repo.commit("2026", "2026-07-02")
    points = _history_json(run, str(repo.root / "review.yaml"))["points"]
    assert isinstance(points, list)
    assert [p["date"] for p in points] == ["2024-07-01", "2025-06-30", "2026-07-01"]
    assert [p["dimensions"][0]["stage_number"] for p in points] == [1, 3, 3]


def test_a_checkout_with_crlf_line_ends_is_the_version_committed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A working tree written with CRLF (core.autocrlf) was taken for a new version: the
    review of an undated file compared it with its own last commit."""
    repo = Repo(tmp_path / "repo")
    repo.write("review.yaml", partnership(lead="teacher"))
    repo.commit("one", "2023-07-02")
    repo.write("review.yaml", partnership(lead="head"))
    repo.commit("two", "2024-07-02")
    (repo.root / "review.yaml").write_bytes(partnership(lead="head").replace("\n", "\r\n").encode())
    monkeypatch.chdir(repo.root)
    result = run("review", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "committed on 2023-07-02" in result.out
    assert "this one (committed on 2024-07-02" in result.out


def _insert_basic_stage(repo: Repo) -> None:
    """The rubric as a version that adds a stage, `basic`, after `low` (merged with it): `mid`
    becomes stage 3 of 4 and `high` stage 4."""
    path = repo.root / "rubric.yaml"
    text = path.read_text("utf-8").replace('version: "0.1"', 'version: "0.2"')
    text = text.replace(
        "  - {id: low, name: Low}\n", "  - {id: low, name: Low}\n  - {id: basic, name: Basic}\n"
    )
    path.write_text(text.replace("stages: [low]", "stages: [low, basic]"), "utf-8")


@pytest.fixture
def added_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write(
        "review.yaml",
        partnership(lead="teacher", assessed="2025-07-01")
        + "targets:\n  leading: high by 2026-07\n",
    )
    repo.commit("one", "2025-07-02")
    _insert_basic_stage(repo)
    repo.write("review.yaml", partnership(lead="senior", assessed="2026-07-01"))
    repo.commit("two", "2026-07-02")
    monkeypatch.chdir(repo.root)
    return repo


def test_a_stage_added_to_the_rubric_is_no_move(run: Run, added_stage: Repo) -> None:
    """Finance was Mid then and Mid now, but Mid is stage 2 of one rubric and 3 of the other:
    it was said to have moved up."""
    result = run("compare", "review.yaml@HEAD~1", "review.yaml", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    moved = {d["id"]: d["moved"] for d in json.loads(result.out)["dimensions"]}
    assert moved == {"leading": "up", "coherence": "same", "finance": "same"}


def test_an_earlier_target_is_judged_on_the_stage_it_names(run: Run, added_stage: Repo) -> None:
    """The earlier target 'high' (stage 3 then, 4 now) was 'met now' by Mid (stage 3 now)."""
    result = run("review", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "- Leading: High by 2026-07: not met yet" in result.out


def test_a_rubric_outside_the_repository_is_never_read_from_inside_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rubric: ../rubric.yaml` names a file above the repository: the `..` was dropped, and
    the repository's own rubric.yaml (another rubric) was read as it."""
    outside = tmp_path / "rubric.yaml"
    shutil.copy(MINI, outside)
    repo = Repo(tmp_path / "repo")  # holds a rubric.yaml of its own
    text = partnership(assessed="2025-07-01").replace(
        "rubric: rubric.yaml", "rubric: ../rubric.yaml"
    )
    repo.write("review.yaml", text)
    repo.commit("one", "2025-07-02")
    monkeypatch.chdir(repo.root)
    result = run("compare", "review.yaml@HEAD", "review.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "outside the git repository" in result.err
    points = _history_json(run, "review.yaml")["points"]
    assert isinstance(points, list)
    assert "outside the git repository" in points[0]["error"]


@pytest.mark.parametrize("old", ["2025.yaml", "old/2025.yaml"])
def test_review_of_a_renamed_file_reads_the_earlier_version_by_its_name_then(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str
) -> None:
    """The earlier review was found under the file's old name (git log --follow), then read
    under its new name: 'did not exist at revision', and no comparison."""
    repo = Repo(tmp_path / "repo")
    text = partnership(lead="teacher", assessed="2025-07-01")
    repo.write(old, text.replace("rubric.yaml", "../rubric.yaml") if "/" in old else text)
    repo.commit("one", "2025-07-02")
    repo.git("mv", old, "review.yaml")
    repo.write("review.yaml", partnership(lead="head", assessed="2026-07-01"))
    repo.commit("renamed", "2026-07-02")
    monkeypatch.chdir(repo.root)
    result = run("review", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    assert "No comparison" not in result.out
    assert "| Leading | Low | High | ↑ moved up |" in result.out
    said = f"stagecheck compare {old}@"
    assert said in result.out
    command = result.out.split(said)[1].split()[0]  # the hint runs as written
    assert run("compare", f"{old}@{command}", "review.yaml").code == ExitCode.OK


def test_a_file_name_with_a_newline_has_its_history(run: Run, tmp_path: Path) -> None:
    """`git cat-file --batch` reads one name a line: every version of a file whose name holds
    a newline was read as missing, and the empty history ended in a traceback."""
    repo = Repo(tmp_path / "repo")
    name = "re\nview.yaml"
    repo.write(name, partnership(lead="teacher", assessed="2025-07-01"))
    repo.commit("one", "2025-07-02")
    repo.write(name, partnership(lead="head", assessed="2026-07-01"))
    repo.commit("two", "2026-07-02")
    points = _history_json(run, str(repo.root / name))["points"]
    assert isinstance(points, list)
    assert [(p["date"], p["error"]) for p in points] == [
        ("2025-07-01", None),
        ("2026-07-01", None),
    ]


def test_a_path_only_ever_committed_as_a_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every commit git lists for `d.yaml` held a folder of that name: no version, and the
    terminal view crashed on an empty history."""
    repo = Repo(tmp_path / "repo")
    repo.write("d.yaml/a.yaml", "x: 1\n")
    repo.commit("a folder", "2025-07-02")
    repo.git("rm", "-q", "-r", "d.yaml")
    repo.commit("gone", "2025-08-02")
    monkeypatch.chdir(repo.root)
    result = run("history", "d.yaml")
    assert result.code == ExitCode.ERROR, str(result)
    assert "never committed as a file" in result.err


@pytest.mark.parametrize("command", [("history", "review.yaml"), ("review", "review.yaml")])
def test_a_repository_git_will_not_read_is_not_called_no_repository(
    run: Run, repo: Repo, command: tuple[str, ...]
) -> None:
    """A repository git refuses (one owned by another user, 'dubious ownership', in a CI
    container; here one of a format git does not know) was said not to be a repository,
    with 'run git init'; the review said so and went on without a comparison."""
    repo.git("config", "core.repositoryformatversion", "99")
    result = run(*command)
    assert result.code == ExitCode.ERROR, str(result)
    assert "git would not read its repository" in result.err
    assert "git init" not in result.err


@pytest.mark.parametrize("command", ["assess", "compare", "review"])
def test_a_revision_with_a_control_character_is_refused(run: Run, repo: Repo, command: str) -> None:
    """git reads `main@{...}` as a date, whatever text is in it: an escape sequence in it
    reached the terminal in the "Moved since" heading."""
    rev = "main@{\x1b[2Jnow}"
    args = {
        "assess": ("assess", ".", "--exclude", "rubric.yaml", "--since", rev),
        "compare": ("compare", f"review.yaml@{rev}", "review.yaml"),
        "review": ("review", "review.yaml", "--since", rev),
    }[command]
    result = run(*args)
    assert result.code == ExitCode.ERROR, str(result)
    assert "is not a git revision" in result.err
    assert "\x1b" not in result.out + result.err


def test_the_newest_review_of_another_partnership_does_not_take_the_folder(
    run: Run, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "review-2027.yaml").write_text(partnership(name="Other One"), "utf-8")
    history = _history_json(run, str(folder))
    assert history["partnership"] == "Hill and Vale"
    points = history["points"]
    assert isinstance(points, list)
    assert [p["error"] is None for p in points] == [True, True, False]


def test_a_stage_added_to_the_rubric_is_no_move_since_rev(run: Run, added_stage: Repo) -> None:
    """`assess DIR --since` judged moves by stage numbers: Mid (2 then, 3 now) moved up."""
    result = run("assess", ".", "--exclude", "rubric.yaml", "--since", "HEAD~1", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    row = next(
        r for r in csv.DictReader(io.StringIO(result.out)) if r["file"].endswith("review.yaml")
    )
    assert row["moved_since"] == "leading up"
    table = run("assess", ".", "--exclude", "rubric.yaml", "--since", "HEAD~1")
    assert (
        "↑ Leading" in table.out
        and "Finance" not in table.out.split("Moved since")[1].split("\n\n")[0]
    )
