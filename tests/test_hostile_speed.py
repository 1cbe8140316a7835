"""Hostile pass on the speed work of issue 10 (the fast reader, the validator, scoring and the
lean jsonl line), differential against the code before it (41708eb): each test here pins the
old output on an input where the new code gave another."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

EXAMPLE = ROOT / "examples" / "established-mou.yaml"

# A key written like the tag pydantic-core gives a form chosen by the input's type ("<class
# 'str'>", `schema_parts.by_type`) is a key the user wrote: its error is located at it, and
# said of it, as before the answers' forms were told apart by type.
TAG_KEYS = {
    "question": (
        "    shared_goals: yes",
        "    shared_goals: yes\n    \"<class 'dict'>\": yes",
        "46:5: answers.plans_and_agreements.<class 'dict'>: unknown question '<class 'dict'>'",
    ),
    "answer_key": (
        "    shared_goals: yes",
        "    shared_goals: {answer: yes, \"<class 'list'>\": 1}",
        "45:33: answers.plans_and_agreements.shared_goals.<class 'list'>: "
        "unknown key '<class 'list'>'; the keys here are answer, evidence, not_applicable",
    ),
    "evidence_key": (
        "    shared_goals: yes",
        "    shared_goals: {answer: yes, evidence: "
        "[{note: x, kind: documented, \"<class 'str'>\": 1}]}",
        "45:72: answers.plans_and_agreements.shared_goals.evidence[0].<class 'str'>: "
        "unknown key '<class 'str'>'; remove it",
    ),
    "option": (
        "    design_focus: [partner_needs]",
        "    design_focus: {\"<class 'str'>\": yes}",
        "57:20: answers.plans_and_agreements.design_focus.<class 'str'>: "
        "'<class 'str'>' is not allowed",
    ),
    # the same held before for keys written like the answers' own tags and pydantic's steps
    "own_tag": (
        "    design_focus: [partner_needs]",
        '    design_focus: {"<value>": yes}',
        "57:20: answers.plans_and_agreements.design_focus.<value>: '<value>' is not allowed",
    ),
}


@pytest.mark.parametrize("case", sorted(TAG_KEYS))
def test_a_key_written_like_a_type_tag_is_located_and_named(
    run: Run, tmp_path: Path, case: str
) -> None:
    plain, hostile, said = TAG_KEYS[case]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert plain in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(plain, hostile, 1), encoding="utf-8")
    for args in ([path], [tmp_path, "-f", "jsonl", "-j", "1"]):
        result = run("assess", *args)
        assert result.code == ExitCode.ERROR, str(result)
        assert f"p.yaml:{said}" in result.err, str(result)
