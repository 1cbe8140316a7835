"""Generated files never drift: the JSON Schemas under schemas/ and the rubric references under
docs/ are what the commands print now (regenerate with scripts/regenerate). The schemas are
checked with a real JSON Schema validator against every example and rubric."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT, Run
from stagecheck.core.compiled import bundled
from stagecheck.exitcodes import ExitCode

RUBRICS = sorted(bundled())
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
REGENERATE = "scripts/regenerate"


def as_json(path: Path) -> Any:
    """A YAML file as an editor's JSON Schema validator sees it: dates become strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))


def committed(path: Path) -> str:
    assert path.exists(), f"{path} is missing: run {REGENERATE}"
    return path.read_text("utf-8")


@pytest.mark.parametrize("rubric", RUBRICS)
def test_partnership_schema_is_up_to_date(run: Run, rubric: str) -> None:
    result = run("schema", "partnership", "--rubric", rubric)
    assert result.code == ExitCode.OK, str(result)
    path = ROOT / "schemas" / f"partnership.{rubric}.json"
    assert result.out == committed(path), f"{path} drifted: run {REGENERATE}"


def test_rubric_schema_is_up_to_date(run: Run) -> None:
    path = ROOT / "schemas" / "rubric.json"
    assert run("schema", "rubric").out == committed(path), f"{path} drifted: run {REGENERATE}"


@pytest.mark.parametrize("rubric", RUBRICS)
def test_rubric_reference_is_up_to_date(run: Run, rubric: str) -> None:
    result = run("rubric", "docs", "--rubric", rubric)
    assert result.code == ExitCode.OK, str(result)
    path = ROOT / "docs" / f"rubric-{rubric}.md"
    assert result.out == committed(path), f"{path} drifted: run {REGENERATE}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_is_valid_against_its_schema_and_names_it(example: Path) -> None:
    data = as_json(example)
    rubric = data.get("rubric", "four-stages")
    schema_path = ROOT / "schemas" / f"partnership.{rubric}.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    up = "../" * (len(example.relative_to(ROOT).parts) - 1)
    modeline = f"# yaml-language-server: $schema={up}schemas/{schema_path.name}"
    assert example.read_text("utf-8").startswith(modeline + "\n")


@pytest.mark.parametrize("rubric", RUBRICS)
def test_every_bundled_rubric_is_valid_against_the_rubric_schema(rubric: str) -> None:
    schema = json.loads((ROOT / "schemas" / "rubric.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(as_json(bundled()[rubric]))


def test_the_schema_refuses_what_stagecheck_refuses(tmp_path: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "partnership.deep-and-tight.json").read_text("utf-8"))
    data = as_json(ROOT / "examples" / "deep-and-tight" / "cpd-cluster.yaml")
    data["answers"]["structure"]["form"] = "cluster"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def test_the_pre_commit_hooks_name_real_commands(run: Run) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {h["id"] for h in hooks} == {"stagecheck-rubrics", "stagecheck-partnerships"}
    for hook in hooks:
        program, *args = hook["entry"].split()
        assert program == "stagecheck"
        assert run(*args, "--help").code == ExitCode.OK
