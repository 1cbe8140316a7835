"""Advice that reads the answers (issue 16, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from stagecheck.api import assess, render
from stagecheck.core.advice import role_of
from stagecheck.core.record import Record
from stagecheck.renderers import report

ONE_OFF = ROOT / "examples" / "one-off-project.yaml"


def one_off(tmp_path: Path, by: str | None = None, **answers: object) -> Record:
    data = yaml.safe_load(ONE_OFF.read_text())
    data.pop("expected", None)
    if by is not None:
        data["assessed"]["by"] = by
    for group in data["answers"].values():
        for qid, value in answers.items():
            if qid in group:
                group[qid] = value
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return assess(path)


def steps_of(record: Record, criterion: str) -> list[str]:
    everywhere = [*record.first_steps, *(s for d in record.dimensions for s in d.next_steps)]
    return [s.text for s in everywhere if s.criterion == criterion]


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Deputy Head", "senior_leader"),
        ("Jane Smith, assistant headteacher", "senior_leader"),
        ("Headteacher", "headteacher"),
        ("Partnerships Co-ordinator, Northgate School", "partnerships_coordinator"),
        ("Head of Science", None),
        ("Chemistry teacher", None),
        (None, None),
    ],
)
def test_the_assessors_role_is_read_from_their_title(title: str | None, role: str | None) -> None:
    assert role_of(title) == role


def test_a_senior_leader_is_not_told_to_ask_for_a_senior_leader(tmp_path: Path) -> None:
    teacher = steps_of(one_off(tmp_path), "leadership.senior_lead")
    assert teacher and all(t.startswith("Ask the head") for t in teacher)
    deputy = one_off(tmp_path, by="Deputy head, Harcourt Hall School")
    for text in steps_of(deputy, "leadership.senior_lead"):
        assert "Ask the head" not in text
        assert text.startswith("As Deputy head, Harcourt Hall School, you are what this asks for")
    assert "Ask the head to give the partnership" not in render(deputy, "markdown")


def test_a_step_says_what_is_done_and_what_is_missing(tmp_path: Path) -> None:
    record = one_off(tmp_path, audiences=["parents"])
    (text,) = set(steps_of(record, "communication.parents_and_students"))
    assert text.startswith("Done: Parents. Still missing: Students. ")
    nothing = one_off(tmp_path, audiences=[])  # nothing done: the advice as written
    assert not steps_of(nothing, "communication.parents_and_students")[0].startswith("Done")


def test_the_plan_leads_with_what_would_move_the_overall_stage(tmp_path: Path) -> None:
    record = assess(ROOT / "examples" / "established-mou.yaml")
    plan = report.action_plan(record)
    lead = plan[0]
    assert lead.lead and lead.title.startswith("Start with these")
    assert 1 <= len(lead.steps) <= 3
    assert {s.dimension for s in lead.steps} <= set(record.overall.holding_back)
    assert not any(section.lead for section in plan[1:])
    text = render(record, "markdown")
    assert text.index("### Start with these") < text.index("### The other steps")
