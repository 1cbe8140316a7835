"""`stagecheck rubric diff`: what a rubric edit changes, and which partnerships it moves."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

FOUR = ROOT / "rubrics" / "four-stages.yaml"
DEEP = ROOT / "rubrics" / "deep-and-tight.yaml"
EXAMPLES = ROOT / "examples"


def edited(tmp_path: Path, source: Path, *edits: tuple[str, str], name: str = "new.yaml") -> Path:
    text = source.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


RAISE = ("{question: dedicated_staff, at_least: 5}", "{question: dedicated_staff, at_least: 8}")


def test_a_rubric_against_itself_changes_nothing(run: Run) -> None:
    result = run("rubric", "diff", FOUR, "four-stages", "--corpus", EXAMPLES, "--fail-on-change")
    assert result.code == ExitCode.OK, str(result)
    assert "No changes: every field of the two rubrics is the same." in result.out
    assert "overall: 0 moves" in result.out
    assert "Files that move" not in result.out


def test_raising_a_threshold_shows_the_partnerships_it_moves(run: Run, tmp_path: Path) -> None:
    new = edited(tmp_path, FOUR, RAISE)
    result = run("rubric", "diff", FOUR, new, "--corpus", EXAMPLES)
    assert result.code == ExitCode.OK, str(result)
    out = result.out
    assert (
        "  changed  criterion finance.five_staff: condition was: `dedicated_staff` is at least 5; "
        "now: `dedicated_staff` is at least 8" in out
    )
    deep = len(list((EXAMPLES / "deep-and-tight").glob("*.yaml")))
    four = len(list(EXAMPLES.rglob("*.yaml"))) - deep  # respondents/ holds four-stages files
    assert f"Corpus: {four} partnership files scored with both" in out
    assert f"skipped {deep} that do not fit both rubrics" in out  # the deep-and-tight examples
    assert "overall: 1 move (rows: old stage, columns: new)" in out
    matrix = out[out.index("finance: 2 moves") :].splitlines()[1:6]
    assert matrix[0].split() == ["emerging", "established", "regional", "national"]
    voices = len(list((EXAMPLES / "respondents").glob("*.yaml")))  # finance established
    assert matrix[2].split() == ["established", ".", str(3 + voices), ".", "."]
    assert matrix[3].split() == ["regional", ".", "2", "1", "."]  # two drop; 8 staff stay
    assert matrix[4].split() == ["national", ".", ".", ".", "1"]
    assert f"  {EXAMPLES / 'unknowns-and-na.yaml'}: finance regional -> established" in out
    assert f"  {EXAMPLES / 'regional-hub.yaml'}: finance regional -> established" in out
    assert f"  {EXAMPLES / 'regional-hub.yaml'}: overall regional -> established" in out
    assert "Not declared" in out


def test_fail_on_change_unless_declared(run: Run, tmp_path: Path) -> None:
    undeclared = edited(tmp_path, FOUR, RAISE)
    result = run("rubric", "diff", FOUR, undeclared, "--corpus", EXAMPLES, "--fail-on-change")
    assert result.code == ExitCode.FAILED, str(result)
    assert "does not declare it" in result.err

    # each version its own file: a run memoises rubrics by path, as one CLI process would
    bumped = ('version: "2.1.0"', 'version: "2.2.0"')
    version_only = edited(tmp_path, FOUR, RAISE, bumped, name="bumped.yaml")
    result = run("rubric", "diff", FOUR, version_only, "--fail-on-change")
    assert result.code == ExitCode.FAILED, str(result)

    declared = edited(
        tmp_path,
        FOUR,
        RAISE,
        bumped,
        (
            "\n      documents or data comes first, with a hint of what evidence to attach.\n",
            "\n      documents or data comes first, with a hint of what evidence to attach.\n"
            "  - version: '2.2.0'\n"
            "    summary: Regional finance needs 8 dedicated staff.\n",
        ),
        name="declared.yaml",
    )
    result = run("rubric", "diff", FOUR, declared, "--corpus", EXAMPLES, "--fail-on-change")
    assert result.code == ExitCode.OK, str(result)
    assert "Declared in `changes:` for version 2.2.0: Regional finance needs 8" in result.out


def test_reworded_added_and_removed_criteria_and_advice(run: Run, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        FOUR,
        ("id: leadership.governors", "id: leadership.governing_board"),
        ("Write handover notes (contacts,", "Write handover notes (every contact,"),
        (
            "text: Activities are repeated and improved each time, not one-off.",
            "text: Activities are repeated.",
        ),
        ("          - id: coherence.mou\n", "          - id: coherence.signed_mou\n"),
        (
            "              effort: high\n              owner: bursar",
            "              effort: medium\n              owner: bursar",
        ),
    )
    out = run("rubric", "diff", FOUR, new).out
    assert "  removed  criterion leadership.governors\n" in out
    assert "  added    criterion leadership.governing_board\n" in out
    assert "  reworded criterion sustainability.repeated: was: Activities are repeated and " in out
    assert "  removed  criterion coherence.mou\n" in out  # a practice: diffed like a criterion
    assert "  reworded advice sustainability.succession: was: Write handover notes (contacts," in (
        out
    )
    assert "  changed  advice finance.well_financed: effort was: high; now: medium" in out
    assert "Corpus" not in out  # no corpus given


def test_json_has_every_matrix(run: Run, tmp_path: Path) -> None:
    new = edited(tmp_path, FOUR, RAISE)
    result = run("rubric", "diff", FOUR, new, "--corpus", EXAMPLES, "--format", "json")
    document = json.loads(result.out)
    assert [m["dimension"] for m in document["matrices"]][:3] == [
        "overall",
        "leadership",
        "planning",
    ]
    assert len(document["matrices"]) == 11
    assert {"path", "dimension", "old", "new"} == set(document["moves"][0])
    assert document["declared"] is None


def test_the_second_rubric_diffs_over_its_own_examples(run: Run, tmp_path: Path) -> None:
    # joint leader development read as needing succession planned together too: a reading
    # beside the stage moves, and the overall stage, which only the spectrum decides, does not
    new = edited(
        tmp_path,
        DEEP,
        (
            "when: {question: joint_leadership_development, is: yes}",
            "when: {all: [{question: joint_leadership_development, is: yes}, "
            "{question: shared_succession, is: yes}]}",
        ),
    )
    result = run("rubric", "diff", DEEP, new, "--corpus", EXAMPLES / "deep-and-tight")
    assert result.code == ExitCode.OK, str(result)
    assert "leadership_development: 2 moves" in result.out
    assert "overall: 0 moves" in result.out
    assert (
        "soft-federation.yaml: leadership_development informal_cluster -> working_alone"
        in result.out
    )
