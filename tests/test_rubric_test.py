"""`stagecheck rubric test`: examples re-scored against their `expected:`, like a test runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

EXAMPLES = ROOT / "examples"
MOU = EXAMPLES / "established-mou.yaml"
CLUSTER = EXAMPLES / "deep-and-tight" / "cpd-cluster.yaml"


def test_every_bundled_example_passes(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the default folder is examples/, where it is run
    result = run("rubric", "test")
    assert result.code == ExitCode.OK, str(result)
    lines = result.out.splitlines()
    assert len(lines) == len(list(EXAMPLES.rglob("*.yaml")))
    assert all(line.startswith("PASS  ") for line in lines), result.out
    assert "PASS  examples/deep-and-tight/cpd-cluster.yaml (deep-and-tight: 5 of 5" in result.out
    assert "PASS  examples/established-mou.yaml (four-stages: 11 of 11" in result.out
    assert "0 failed, 0 errors in 9 examples" in result.err


def edited_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text("utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def test_an_expectation_that_no_longer_holds_fails(run: Run, tmp_path: Path) -> None:
    broken = edited_copy(tmp_path, MOU, "    finance: established\n", "    finance: regional\n")
    result = run("rubric", "test", broken, MOU)
    assert result.code == ExitCode.FAILED, str(result)
    assert f"FAIL  {broken} (four-stages: 10 of 11 expected stages)" in result.out
    assert "      FAIL  finance            expected regional, got established" in result.out
    assert "      ok    leadership         established" in result.out  # per dimension
    assert f"PASS  {MOU}" in result.out
    assert "1 passed, 1 failed, 0 errors in 2 examples" in result.err


def test_a_rubric_edit_that_moves_an_example_fails_it(run: Run, tmp_path: Path) -> None:
    rubric = edited_copy(
        tmp_path,
        ROOT / "rubrics" / "deep-and-tight.yaml",
        "when: {question: joint_cpd_sessions, at_least: 2}",
        "when: {question: joint_cpd_sessions, at_least: 4}",
    )
    result = run("rubric", "test", "--rubric", rubric, CLUSTER)
    assert result.code == ExitCode.FAILED, str(result)
    assert "FAIL  teacher_learning        expected informal_cluster, got working_alone" in (
        result.out
    )
    assert "FAIL  overall                 expected informal_cluster, got working_alone" in (
        result.out
    )


def test_an_invalid_example_is_an_error_with_its_location(run: Run, tmp_path: Path) -> None:
    broken = edited_copy(tmp_path, CLUSTER, "    form: informal_cluster", "    form: cluster")
    result = run("rubric", "test", broken)
    assert result.code == ExitCode.FAILED
    assert f"ERROR {broken}" in result.out
    assert f"{broken}:20:11: answers.structure.form: 'cluster' is not allowed" in result.out


def test_a_file_without_expectations_is_validated(run: Run, tmp_path: Path) -> None:
    text = MOU.read_text("utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(text[: text.index("expected:")], encoding="utf-8")
    result = run("rubric", "test", plain)
    assert result.code == ExitCode.OK, str(result)
    assert f"OK    {plain} (four-stages: valid; declares no expected stages)" in result.out


def test_a_rubric_picks_its_own_examples_from_a_folder(run: Run, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    result = run("rubric", "test", "--rubric", "deep-and-tight", tmp_path / "examples")
    assert result.code == ExitCode.OK, str(result)
    assert len(result.out.splitlines()) == 3
    assert "deep-and-tight" in result.out and "four-stages" not in result.out


def test_no_examples_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("rubric", "test", tmp_path)
    assert result.code == ExitCode.ERROR
    assert "no example files found" in result.err
    assert run("rubric", "test", tmp_path / "missing.yaml").code == ExitCode.ERROR
