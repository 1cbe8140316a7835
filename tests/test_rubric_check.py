"""`stagecheck rubric check`, as a rubric maintainer meets it: one broken edit of each kind made
to the bundled rubric, each caught with its code at the place edited; formats and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

FOUR = ROOT / "rubrics" / "four-stages.yaml"
DEEP = ROOT / "rubrics" / "deep-and-tight.yaml"

# (case, text in the bundled rubric, its replacement, code, where the diagnostic points: the
# first occurrence of the marker in or after the replacement, or with "^" the last one before
# it (the criterion or key that holds the edit); None: somewhere in the lines edited)
EDITS = [
    (
        "duplicate-stage-id",
        "  - id: regional\n    name: Regional excellence",
        "  - id: established\n    name: Regional excellence",
        "SC101",
        "established",
    ),
    (
        "duplicate-criterion-id",
        "id: leadership.team",
        "id: leadership.senior_lead",
        "SC101",
        "leadership.senior_lead",
    ),
    (
        "cell-for-an-unknown-stage",
        "      - stages: [regional]\n        descriptor: Led by team",
        "      - stages: [regionl]\n        descriptor: Led by team",
        "SC102",
        "regionl",
    ),
    (
        "unknown-group",
        "  - id: years_running\n    group: activities",
        "  - id: years_running\n    group: activites",
        "SC103",
        "activites",
    ),
    (
        "options-on-a-yes-no-question",
        "  - id: mostly_teaching\n    group: money_and_staff\n"
        "    text: Are most of those dedicated staff teaching staff?\n    type: boolean\n",
        "  - id: mostly_teaching\n    group: money_and_staff\n"
        "    text: Are most of those dedicated staff teaching staff?\n    type: boolean\n"
        "    options: [{value: team, label: A team}]\n",
        "SC104",
        "options:",
    ),
    (
        "criterion-on-an-undeclared-question",
        "{question: learns_from_elsewhere, is: yes}",
        "{question: learns_from_elsewere, is: yes}",
        "SC105",
        "learns_from_elsewere",
    ),
    (
        "value-outside-the-options",
        "{question: other_partnerships, is: joint_work}",
        "{question: other_partnerships, is: joint_works}",
        "SC105",
        "joint_works",
    ),
    (
        "threshold-above-the-maximum",
        "{question: dedicated_staff, at_least: 11}",
        "{question: dedicated_staff, at_least: 1001}",
        "SC105",
        "1001",
    ),
    (
        "cited-source-not-declared",
        "sources: [ascl_growth]\n            advice:",
        "sources: [ascl_grwth]\n            advice:",
        "SC106",
        "ascl_grwth",
    ),
    (
        "criterion-without-advice",
        "            sources: [{source: four_stages, where: Planning row}]\n            advice:\n"
        "              step: >-\n                Collaborate nationally with bodies",
        "            sources: [{source: four_stages, where: Planning row}]\n            advize:\n"
        "              step: >-\n                Collaborate nationally with bodies",
        "SC107",
        "^id: planning.national_bodies",
    ),
    (
        "criterion-that-can-never-be-met",
        "when: {question: comms_plan, is: yes}",
        "when: {all: [{question: comms_plan, is: yes}, {question: comms_plan, is: no}]}",
        "SC108",
        "when: {all",
    ),
    (
        "criteria-that-contradict-each-other",
        "{question: dedicated_staff, at_least: 11}",
        "{question: dedicated_staff, at_most: 4}",
        "SC109",
        "^when:",
    ),
    (
        "overall-rule-not-known",
        "overall:\n  rule: weakest",
        "overall:\n  rule: strongest",
        "SC110",
        "strongest",
    ),
    (
        "broken-yaml",
        "  - id: national\n    name: Part of",
        "  - id: national\n   name: Part of",
        "SC001",
        None,
    ),
    (
        "unknown-key",
        "    summary: A funded team",
        "    sumary: A funded team",
        "SC002",
        "sumary",
    ),
]


def position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def broken_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, str, int]:
    text = FOUR.read_text("utf-8")
    assert text.count(old) >= 1, f"the bundled rubric no longer holds {old!r}"
    at = text.index(old)
    path = tmp_path / "four-stages.yaml"
    edited = text[:at] + new + text[at + len(old) :]
    path.write_text(edited, encoding="utf-8")
    return path, edited, at


@pytest.mark.parametrize(("case", "old", "new", "code", "marker"), EDITS, ids=[e[0] for e in EDITS])
def test_each_kind_of_broken_edit_is_caught_where_it_was_made(
    run: Run, tmp_path: Path, case: str, old: str, new: str, code: str, marker: str | None
) -> None:
    path, text, at = broken_copy(tmp_path, old, new)
    result = run("rubric", "check", path, "--format", "json")
    assert result.code == ExitCode.FAILED, str(result)
    found = json.loads(result.out)["diagnostics"]
    mine = [d for d in found if d["code"] == code]
    assert mine, f"{case}: no {code} in {found}"
    d = mine[0]
    assert d["severity"] == "error"
    assert d["file"] == str(path)
    if marker is None:  # somewhere in the lines edited
        first, _ = position(text, at)
        last, _ = position(text, at + len(new))
        assert first <= d["line"] <= last, (d, first, last)
    elif marker.startswith("^"):
        assert (d["line"], d["column"]) == position(text, text.rindex(marker[1:], 0, at)), d
    else:
        assert (d["line"], d["column"]) == position(text, text.index(marker, at)), d
    assert d["hint"]
    # and the rubric can no longer score anything
    example = ROOT / "examples" / "established-mou.yaml"
    assert run("assess", example, "--rubric", path).code == ExitCode.ERROR


def test_the_messages_say_what_is_wrong(run: Run, tmp_path: Path) -> None:
    path, _, _ = broken_copy(tmp_path, EDITS[11][1], EDITS[11][2])
    result = run("rubric", "check", path, "--format", "concise")
    assert re.search(
        rf"^{re.escape(str(path))}:\d+:\d+: SC109 'finance.over_ten_staff' needs "
        r"'dedicated_staff' at most 4, but 'finance.five_staff' \(Regional excellence\) needs it "
        r"at least 5: no answer meets both, so 'finance' can never reach Part of a national",
        result.out,
        re.MULTILINE,
    ), str(result)


def test_the_bundled_rubrics_pass_strictly(run: Run) -> None:
    result = run("rubric", "check", "--strict")
    assert result.code == ExitCode.OK, str(result)
    assert result.out == ""
    assert "2 rubrics checked: no problems" in result.err


def test_a_folder_is_checked_file_by_file(run: Run) -> None:
    result = run("rubric", "check", ROOT / "rubrics", "--format", "json")
    assert json.loads(result.out)["files"] == [str(DEEP), str(FOUR)]


def warning_copy(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the bundled rubric with an unused source; and where its id is (line:col)."""
    text = FOUR.read_text("utf-8").replace(
        "sources:\n  - id: four_stages",
        "sources:\n  - {id: unused, title: Never cited, kind: book}\n  - id: four_stages",
    )
    path = tmp_path / "warned.yaml"
    path.write_text(text, encoding="utf-8")
    line, col = position(text, text.index("unused"))
    return path, f"{line}:{col}"


def test_warnings_fail_only_with_strict(run: Run, tmp_path: Path) -> None:
    path, _ = warning_copy(tmp_path)
    plain = run("rubric", "check", path, "--format", "concise")
    assert plain.code == ExitCode.OK, str(plain)
    assert "SC202 source 'unused' is declared but never cited" in plain.out
    assert "0 errors, 1 warning" in plain.err
    assert run("rubric", "check", path, "--strict").code == ExitCode.FAILED


def test_human_format(run: Run, tmp_path: Path) -> None:
    path, at = warning_copy(tmp_path)
    out = run("rubric", "check", path, "--format", "human").out
    assert f"{path}:{at}: warning SC202 unused-source\n" in out
    assert "  sources[0].id: source 'unused' is declared but never cited\n" in out
    assert "  hint: cite the source, or remove it\n" in out


def test_github_format_annotates_the_line(run: Run, tmp_path: Path) -> None:
    path, at = warning_copy(tmp_path)
    line, col = at.split(":")
    out = run("rubric", "check", path, "--format", "github").out
    assert out == (
        f"::warning file={path},line={line},col={col},title=SC202 unused-source::"
        "sources[0].id: source 'unused' is declared but never cited%0A"
        "hint: cite the source, or remove it\n"
    )


def test_auto_picks_github_under_github_actions(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, at = warning_copy(tmp_path)
    assert run("rubric", "check", path).out.startswith(f"{path}:{at}: SC202 ")  # piped: concise
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run("rubric", "check", path).out.startswith("::warning file=")


def test_json_format_is_one_versioned_document(run: Run, tmp_path: Path) -> None:
    document = json.loads(run("rubric", "check", warning_copy(tmp_path)[0], "-f", "json").out)
    assert document["schema_version"] == 1
    assert document["summary"] == {"files": 1, "errors": 0, "warnings": 1}
    (d,) = document["diagnostics"]
    assert set(d) == {
        "file",
        "line",
        "column",
        "code",
        "name",
        "severity",
        "path",
        "message",
        "hint",
    }


def test_every_problem_of_every_file_at_once(run: Run, tmp_path: Path) -> None:
    one, _, _ = broken_copy(tmp_path, EDITS[5][1], EDITS[5][2])
    other = tmp_path / "other.yaml"
    other.write_text("stages: [\n", encoding="utf-8")
    result = run("rubric", "check", one, other, "-f", "concise")
    assert result.code == ExitCode.FAILED
    assert f"{one}:" in result.out
    assert f"{other}:2:1: SC001 has a list in [ ] or a mapping" in result.out


def test_a_path_that_does_not_exist_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("rubric", "check", tmp_path / "nope.yaml")
    assert result.code == ExitCode.ERROR
    assert "no such file or folder" in result.err
