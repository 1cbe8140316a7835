"""The lean jsonl line loses nothing: with its rubric line, as the README says to read them, it
gives back exactly the one-file `json` record, for every example (and with --min-evidence,
which words steps and reasons of its own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run
from stagecheck.api import assess
from stagecheck.core.record import SCHEMA_VERSION, Step
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import jsonl
from stagecheck.renderers.jsonl_lean import VERSION

ALL_EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def rebuilt(rubric: dict[str, Any], line: dict[str, Any]) -> dict[str, Any]:
    """The full record from a lean line and its rubric line, by the README's rules."""
    defaults = rubric["defaults"]
    evidence = line.get("answer_evidence", {})
    full = {k: v for k, v in line.items() if k not in ("type", "answer_evidence")}
    full = {**defaults["record"], "stages": rubric["stages"], **full}
    full["schema_version"] = rubric["record_version"]
    full["rubric"] = {**rubric["rubric"], **line["rubric"]}
    full["dimensions"] = [dimension(rubric, d, evidence) for d in full["dimensions"]]
    full["first_steps"] = [step(rubric, s) for s in full["first_steps"]]
    return full


def dimension(rubric: dict[str, Any], lean: dict[str, Any], evidence: Any) -> dict[str, Any]:
    fixed = {k: v for k, v in rubric["dimensions"][lean["id"]].items() if k != "cells"}
    cell = rubric["dimensions"][lean["id"]]["cells"][lean["stage"]]
    out = {**rubric["defaults"]["dimension"], **fixed, **cell, **lean}
    if "reason_after_conflict" in out:
        out["reason"] = out["conflicts"][0]["message"] + " " + out.pop("reason_after_conflict")
    for key in ("criteria", "practices"):
        out[key] = [criterion(rubric, r, evidence) for r in out[key]]
    out["next_steps"] = [step(rubric, s) for s in out["next_steps"]]
    return out


def criterion(rubric: dict[str, Any], lean: dict[str, Any], evidence: Any) -> dict[str, Any]:
    out = {**rubric["defaults"]["criterion"], **rubric["criteria"][lean["id"]], **lean}
    if "evidence_items" not in out:
        item = rubric["defaults"]["evidence_item"]
        out["evidence_items"] = [
            {"question": q, **item, **i} for q in out["questions"] for i in evidence.get(q, [])
        ]
    if "evidence" not in out:
        out["evidence"] = [i["note"] for i in out["evidence_items"]]
    return out


def step(rubric: dict[str, Any], lean: dict[str, Any]) -> dict[str, Any]:
    out = {**rubric["defaults"]["step"], **lean}  # which fixed step: by kind, question, more
    fixed = rubric["steps"][out["criterion"]][out["kind"]]
    if out["kind"] == "answer":
        fixed = fixed[out["question"]]
    elif out["kind"] == "evidence":
        fixed = fixed[out["more"]]
    out = {**rubric["defaults"]["step"], **fixed, **lean}
    del out["more"]
    return out


def same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.parametrize("options", [(), ("--min-evidence", "documented")])
def test_every_example_is_rebuilt_exactly_from_its_lean_line_and_rubric_line(
    run: Run, tmp_path: Path, options: tuple[str, ...]
) -> None:
    result = run("assess", ROOT / "examples", "-f", "jsonl", "-j", "1", *options)
    assert result.code in (ExitCode.OK, ExitCode.FAILED), str(result)
    rubrics: dict[str, dict[str, Any]] = {}
    checked = 0
    for text in result.out.splitlines():
        line = json.loads(text)
        assert line["schema_version"] == VERSION == 5
        if line["type"] == "rubric":
            assert line["record_version"] == SCHEMA_VERSION
            rubrics[line["rubric"]["sha256"]] = line
            continue
        single = run("assess", line["input"]["path"], "-f", "json", *options)
        back = rebuilt(rubrics[line["rubric"]["sha256"]], line)
        assert same(back, json.loads(single.out)), line["input"]["path"]
        checked += 1
    assert checked == len(ALL_EXAMPLES) > 15


def test_a_file_that_words_its_own_steps_keeps_their_words(tmp_path: Path) -> None:
    """A step the file rewords (an answer given in part, an owner named for the assessor) is
    not the rubric's: its own words go on the line."""
    record = assess(ROOT / "examples" / "established-mou.yaml")
    dim = record.dimensions[0]
    original = dim.next_steps[0]
    assert original.kind == "act"
    fields = {f: getattr(original, f) for f in Step.__dataclass_fields__}
    dim.next_steps[0] = Step(**{**fields, "text": "Ask the head.", "owner": "Sam"})
    line = json.loads(jsonl.encode(record))
    step = line["dimensions"][0]["next_steps"][0]
    assert (step["text"], step["owner"]) == ("Ask the head.", "Sam")
    assert "effort" not in step and "dimension" not in step


def test_a_lean_line_of_a_typical_file_is_at_most_8_kb() -> None:
    for name in (
        "established-mou.yaml",
        "state-grant-programme.yaml",
        "national-commonwealth.yaml",
    ):
        line = jsonl.encode(assess(ROOT / "examples" / name))
        assert len(line.encode()) <= 8 * 1024, name


def test_combined_partnerships_are_rebuilt_as_their_verbose_records(run: Run) -> None:
    folder = ROOT / "examples" / "respondents"
    lean = run("assess", folder, "-f", "jsonl", "-j", "1", "--combine").out.splitlines()
    full = run("assess", folder, "-f", "jsonl", "-j", "1", "--combine", "--verbose-records").out
    rubric, *lines = (json.loads(text) for text in lean)
    assert rubric["type"] == "rubric"
    records = [json.loads(text) for text in full.splitlines()]
    assert len(lines) == len(records) >= 1
    for line, record in zip(lines, records, strict=True):
        assert same(rebuilt(rubric, line), record)


def _rubric_line(record: Any) -> dict[str, Any]:
    from stagecheck.core.compiled import load_rubric
    from stagecheck.core.record import to_json
    from stagecheck.renderers.jsonl_rubric import rubric_line

    line: dict[str, Any] = json.loads(to_json(rubric_line(load_rubric(record.rubric.path))))
    return line


def test_a_criterion_at_another_stage_or_practice_keeps_them_and_is_rebuilt() -> None:
    """Only its stage or practice not the rubric's (its text, questions and sources are): the
    line writes them (it raised a ValueError before), and the record is rebuilt from it."""
    record = assess(ROOT / "examples" / "national-commonwealth.yaml")
    first, second = record.dimensions[0].criteria[:2]
    first.stage = "elsewhere"
    second.practice = not second.practice
    line = json.loads(jsonl.encode(record))
    written = line["dimensions"][0]["criteria"][:2]
    assert written[0]["stage"] == "elsewhere" and "text" not in written[0]
    assert written[1]["practice"] is second.practice and "stage" not in written[1]
    assert same(rebuilt(_rubric_line(record), line), record.to_dict())


def test_a_criterion_not_of_its_rubric_is_written_whole() -> None:
    """A criterion id the rubric line does not hold (one without evidence items raised an
    IndexError before): every fixed key and its evidence written, nothing left to the rubric
    line or to `answer_evidence`."""
    record = assess(ROOT / "examples" / "national-commonwealth.yaml")
    criteria = record.dimensions[0].criteria  # leadership.development_plan has evidence items
    assert not criteria[0].evidence_items and criteria[3].evidence_items
    for at in (0, 3):
        criteria[at].id = f"leadership.not_in_the_rubric_{at}"
    line = json.loads(jsonl.encode(record))
    full = json.loads(record.to_json())
    for at in (0, 3):
        written = line["dimensions"][0]["criteria"][at]
        whole = full["dimensions"][0]["criteria"][at]
        keys = ("id", "stage", "text", "practice", "questions", "sources")
        assert {k: written[k] for k in (*keys, "evidence", "evidence_items")} == {
            k: whole[k] for k in (*keys, "evidence", "evidence_items")
        }
