"""`stagecheck init` and `stagecheck explain`, as a new user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLES, MINI, Run
from stagecheck.api import assess
from stagecheck.core import loader
from stagecheck.core.compiled import load_rubric
from stagecheck.core.outcome import Outcome
from stagecheck.exitcodes import ExitCode


@pytest.mark.parametrize("rubric", ["four-stages", str(MINI)])
def test_init_writes_every_question_blank_and_the_file_scores_unknown(
    run: Run, tmp_path: Path, rubric: str
) -> None:
    target = tmp_path / "ours.yaml"
    result = run("init", target, "--rubric", rubric)
    assert result.code == ExitCode.OK, str(result)
    text = target.read_text("utf-8")
    loaded = load_rubric(rubric)
    schema_name = f"partnership.{loaded.rubric.id}.schema.json"
    assert text.startswith(f"# yaml-language-server: $schema={schema_name}\n")
    data = loader.load(target).data
    for q in loaded.rubric.questions:
        if q.derived:  # read from the partners, never asked
            assert q.id not in (data["answers"][q.group] or {})
            continue
        assert q.id in data["answers"][q.group]
        assert data["answers"][q.group][q.id] is None  # blank: unknown, not "no"
        assert " ".join(q.text.split()[:6]) in " ".join(text.replace("#", " ").split())
        for option in q.options:
            assert f"#   {option.value}: " in text
    record = assess(target)  # the file names its rubric, so no --rubric is needed
    assert record.rubric.id == loaded.rubric.id
    for d in record.dimensions:
        assert d.stage_number == 1
        assert all(c.outcome is Outcome.UNKNOWN for c in d.criteria if c.counts)
        assert d.provisional
    schema = json.loads((tmp_path / schema_name).read_text("utf-8"))
    jsonschema.validate(data, schema)  # what an editor sees: no error in the fresh file
    assert f"wrote {target}" in result.err


def test_init_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused = run("init", target)
    assert refused.code == ExitCode.ERROR
    assert f"{target} already exists; add --force to replace it" in refused.err
    assert target.read_text("utf-8") == "mine\n"
    assert not (tmp_path / "partnership.four-stages.schema.json").exists()
    forced = run("init", target, "--force")
    assert forced.code == ExitCode.OK, str(forced)
    assert "rubric: four-stages" in target.read_text("utf-8")


def test_init_keeps_a_schema_it_did_not_write_and_can_leave_it_out(
    run: Run, tmp_path: Path
) -> None:
    theirs = tmp_path / "partnership.four-stages.schema.json"
    theirs.write_text('{"title": "my own"}\n', encoding="utf-8")
    assert run("init", tmp_path / "a.yaml").code == ExitCode.OK
    assert theirs.read_text("utf-8") == '{"title": "my own"}\n'
    assert run("init", tmp_path / "b.yaml", "--no-schema").code == ExitCode.OK
    assert not (tmp_path / "b.yaml").read_text("utf-8").startswith("# yaml-language-server")


def test_init_names_a_rubric_file_by_its_path_from_the_new_file(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "sub"
    folder.mkdir()
    assert run("init", folder / "p.yaml", "--rubric", MINI).code == ExitCode.OK
    declared = yaml.safe_load((folder / "p.yaml").read_text("utf-8"))["rubric"]
    assert (folder / declared).resolve() == MINI.resolve()
    assert run("assess", folder / "p.yaml").code == ExitCode.OK


def test_explain_reads_out_the_row_and_its_criteria(run: Run) -> None:
    result = run("explain", "leadership")
    assert result.code == ExitCode.OK, str(result)
    loaded = load_rubric()
    dim = next(d for d in loaded.rubric.dimensions if d.id == "leadership")
    flat = " ".join(result.out.split())
    for cell in dim.cells:
        assert cell.descriptor in flat
        for c in cell.criteria:
            assert c.id in flat
            assert " ".join(c.text.split()) in flat
    assert "Asks people_and_leadership.lead_role" in flat
    assert "For this partnership" not in flat


def test_explain_with_a_file_says_how_each_criterion_was_decided(run: Run) -> None:
    example = next(p for p in EXAMPLES if p.stem == "unknowns-and-na")
    result = run("explain", "Impact assessment", example)
    assert result.code == ExitCode.OK, str(result)
    flat = " ".join(result.out.split())
    # a merged cell is named by its words and span, never by a stage the source does not give
    assert (
        "Three Rivers Learning Cluster: High quality and reflexive (stages 2\u20134: the source "
        "does not tell them apart)" in flat
    )
    assert "Practices from the literature (advice; they never decide the stage):" in flat
    assert "For this partnership: not answered yet." in flat  # learner voice, a practice
    assert "learner_voice" in flat and ": not answered" in flat
    assert "The overall stage is the stage of the weakest dimension; the profile is" in flat
    record = assess(example)
    impact = next(d for d in record.dimensions if d.id == "impact_assessment")
    assert flat.count("For this partnership:") == len(impact.criteria) + len(impact.practices)


def test_explain_a_dimension_that_is_not_there(run: Run) -> None:
    result = run("explain", "leadrship")
    assert result.code == ExitCode.ERROR
    assert "no dimension 'leadrship' in four-stages (did you mean 'leadership'?)" in result.err
