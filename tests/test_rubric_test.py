"""`stagecheck rubric test`: examples re-scored against their `expected:`, like a test runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.core.compiled import load_rubric
from stagecheck.exitcodes import ExitCode
from stagecheck.rubric import fidelity

EXAMPLES = ROOT / "examples"
MOU = EXAMPLES / "established-mou.yaml"
CLUSTER = EXAMPLES / "deep-and-tight" / "cpd-cluster.yaml"


def cases(rubric: str | Path) -> int:
    return len(fidelity.cases(load_rubric(str(rubric))))


def test_every_bundled_example_passes(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the default folder is examples/, where it is run
    result = run("rubric", "test")
    assert result.code == ExitCode.OK, str(result)
    lines = result.out.splitlines()
    assert len(lines) == len(list(EXAMPLES.rglob("*.yaml"))) + 2  # and each rubric's fidelity
    assert all(line.startswith("PASS  ") for line in lines), result.out
    assert "PASS  examples/deep-and-tight/cpd-cluster.yaml (deep-and-tight: 5 of 5" in result.out
    assert "PASS  examples/established-mou.yaml (four-stages: 11 of 11" in result.out
    four, deep = cases("four-stages"), cases("deep-and-tight")
    assert lines[-2:] == [
        f"PASS  rubrics/deep-and-tight.yaml (deep-and-tight: {deep} of {deep} fidelity cases)",
        f"PASS  rubrics/four-stages.yaml (four-stages: {four} of {four} fidelity cases)",
    ]
    examples = len(list((ROOT / "examples").rglob("*.yaml")))
    assert f"0 failed, 0 errors in {examples} examples; fidelity: " in result.err
    assert f"fidelity: {four + deep} passed, 0 failed in 2 rubrics" in result.err


def edited_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text("utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def test_an_expectation_that_no_longer_holds_fails(run: Run, tmp_path: Path) -> None:
    broken = edited_copy(tmp_path, MOU, "    finance: established\n", "    finance: regional\n")
    result = run("rubric", "test", "--no-fidelity", broken, MOU)
    assert result.code == ExitCode.FAILED, str(result)
    assert f"FAIL  {broken} (four-stages: 10 of 11 expected stages)" in result.out
    assert "      FAIL  finance            expected regional, got established" in result.out
    assert "      ok    leadership         established" in result.out  # per dimension
    assert f"PASS  {MOU}" in result.out
    assert result.err.strip() == "1 passed, 1 failed, 0 errors in 2 examples"  # no fidelity


def test_a_rubric_edit_that_moves_an_example_fails_it(run: Run, tmp_path: Path) -> None:
    rubric = edited_copy(
        tmp_path,
        ROOT / "rubrics" / "deep-and-tight.yaml",
        "when: {question: form, in: [informal_cluster, formal_agreement, soft_federation, ",
        "when: {question: form, in: [formal_agreement, soft_federation, ",
    )
    result = run("rubric", "test", "--rubric", rubric, CLUSTER)
    assert result.code == ExitCode.FAILED, str(result)
    assert "FAIL  spectrum                expected informal_cluster, got working_alone" in (
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
    assert f"{broken}:28:11: answers.structure.form: 'cluster' is not allowed" in result.out


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
    own = len(list((EXAMPLES / "deep-and-tight").glob("*.yaml")))
    assert len(result.out.splitlines()) == own + 1  # its examples, then its fidelity
    assert "deep-and-tight" in result.out and "four-stages" not in result.out


def test_no_examples_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("rubric", "test", tmp_path)
    assert result.code == ExitCode.ERROR
    assert "no example files found" in result.err
    assert run("rubric", "test", tmp_path / "missing.yaml").code == ExitCode.ERROR


def test_fidelity_runs_once_on_each_rubric_tested(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = run("rubric", "test", MOU, EXAMPLES / "one-off-project.yaml")
    assert result.code == ExitCode.OK, str(result)
    n = cases("four-stages")
    assert result.out.splitlines()[-1] == (
        f"PASS  rubrics/four-stages.yaml (four-stages: {n} of {n} fidelity cases)"
    )
    assert result.out.count("fidelity cases") == 1
    assert result.err.strip() == (
        f"2 passed, 0 failed, 0 errors in 2 examples; fidelity: {n} passed, 0 failed in 1 rubric"
    )


def test_fidelity_alone_needs_no_examples(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no examples/ here
    rubric = ROOT / "rubrics" / "deep-and-tight.yaml"
    result = run("rubric", "test", "--no-examples", "--rubric", rubric)
    assert result.code == ExitCode.OK, str(result)
    n = cases(rubric)
    assert result.out == f"PASS  {rubric} (deep-and-tight: {n} of {n} fidelity cases)\n"
    assert result.err.strip() == f"fidelity: {n} passed, 0 failed in 1 rubric"
    # without --rubric, the rubrics of the examples named
    result = run("rubric", "test", "--no-examples", CLUSTER)
    assert result.code == ExitCode.OK, str(result)
    assert result.out.endswith(f"(deep-and-tight: {n} of {n} fidelity cases)\n")


def test_verbose_lists_every_fidelity_case(run: Run) -> None:
    result = run("rubric", "test", "--no-examples", "--verbose", "--rubric", "four-stages")
    assert result.code == ExitCode.OK, str(result)
    lines = result.out.splitlines()
    assert len(lines) == 1 + cases("four-stages")
    # the answers themselves follow the rubric's conditions; the lines' shape does not
    assert any(
        line.startswith("      ok    leadership:regional: reaches regional (met: ")
        and "led_by_team = yes" in line
        for line in lines
    ), result.out
    assert any(
        line.startswith(
            "      ok    leadership:regional:missing:leadership.team: leadership.team not met ("
        )
        and "led_by_team = no" in line
        and line.endswith("): stays at established")
        for line in lines
    ), result.out
    assert (
        "      ok    coherence:established:practice:coherence.mou: coherence.mou not met or met: "
        "no stage moves"
    ) in lines


def test_a_rubric_that_cannot_stop_at_a_cell_fails_fidelity(run: Run, tmp_path: Path) -> None:
    # "permanent" widened to anything repeated: no partnership can stop below the national cell
    rubric = edited_copy(
        tmp_path,
        ROOT / "rubrics" / "four-stages.yaml",
        "when: {question: recurrence, is: permanent}",
        "when: {question: recurrence, in: [repeated, multi_year, permanent]}",
    )
    result = run("rubric", "test", "--rubric", rubric, MOU)
    assert result.code == ExitCode.FAILED, str(result)
    n = cases(rubric)
    assert f"PASS  {MOU}" in result.out  # the example still scores as it says
    assert f"FAIL  {rubric} (four-stages: {n - 2} of {n} fidelity cases)" in result.out
    assert (
        "      FAIL  sustainability:established: no answers stop exactly at this cell: every "
        "answer that meets it also meets cell national (sustainability.permanent)"
    ) in result.out
    assert "      FAIL  sustainability:regional: " in result.out
    assert f"fidelity: {n - 2} passed, 2 failed in 1 rubric" in result.err
    # --no-fidelity runs the examples only, and they pass
    assert run("rubric", "test", "--no-fidelity", "--rubric", rubric, MOU).code == ExitCode.OK


def test_testing_nothing_is_a_usage_error(run: Run) -> None:
    result = run("rubric", "test", "--no-examples", "--no-fidelity")
    assert result.code == ExitCode.ERROR
    assert result.err == "stagecheck: nothing to test: leave out --no-examples or --no-fidelity\n"


def test_fidelity_without_a_rubric_to_check_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    orphan = tmp_path / "orphan.yaml"
    orphan.write_text("rubric: no-such-rubric\npartnership: {name: X}\n", encoding="utf-8")
    result = run("rubric", "test", "--no-examples", orphan)
    assert result.code == ExitCode.ERROR
    assert "no rubric to check: name one with --rubric" in result.err
