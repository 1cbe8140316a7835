"""What was wrong with the stage (issue 9), one test per finding, on the bundled rubric:
literature criteria no longer gate, a higher cell counts for the cells below it, the file can
say what people know, merged cells are named the same honest way in every format, the
headline cannot be misread, and the advice moves the partnership."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Run
from stagecheck.api import assess
from stagecheck.core.outcome import Outcome
from stagecheck.core.record import DimensionResult, Record
from stagecheck.exitcodes import ExitCode

STATE_ONLY = [
    {"name": "Ash Primary", "sector": "state"},
    {"name": "Elm Academy", "sector": "academy"},
]
MIXED = [
    {"name": "Hill School", "sector": "independent"},
    {"name": "Vale Academy", "sector": "academy"},
]
STAGE_NAMES = [
    "Emerging",
    "Established and sustainable",
    "Regional excellence",
    "Part of a national educational commonwealth",
]


def write(tmp_path: Path, answers: dict[str, Any], partners: list[dict[str, str]]) -> Path:
    path = tmp_path / "p.yaml"
    body = {"partnership": {"name": "Test", "partners": partners}, "answers": answers}
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


def scored(
    tmp_path: Path, answers: dict[str, Any], partners: list[dict[str, str]] = MIXED
) -> Record:
    return assess(write(tmp_path, answers, partners))


def dim(record: Record, dimension: str) -> DimensionResult:
    return next(d for d in record.dimensions if d.id == dimension)


def test_a_network_led_by_serving_heads_is_not_held_by_a_literature_criterion(
    tmp_path: Path,
) -> None:
    # nobody said whether every partner has a named senior lead (an ASCL practice)
    record = scored(
        tmp_path,
        {"people_and_leadership": {"lead_role": "headteacher", "led_by_team": "yes",
                                   "head_directs": "yes"}},
    )  # fmt: skip
    leadership = dim(record, "leadership")
    assert leadership.stage == "regional"
    named = next(p for p in leadership.practices if p.id == "leadership.lead_in_each_partner")
    assert named.outcome is Outcome.UNKNOWN


def test_long_term_counts_for_iterative_and_repeated(tmp_path: Path) -> None:
    sustainability = dim(
        scored(tmp_path, {"activities": {"recurrence": "multi_year"}}), "sustainability"
    )
    assert sustainability.stage == "regional"
    assert sustainability.unconfirmed == []  # the same answer meets both cells


def test_valued_nationally_counts_for_organised_communication(tmp_path: Path) -> None:
    record = scored(
        tmp_path,
        {"communication_and_reach": {"valued_by": ["regional_schools", "local_authority",
                                                   "national_bodies"]}},
    )  # fmt: skip
    communication = dim(record, "communication")
    assert communication.stage == "national"
    assert communication.unconfirmed == ["established"]
    assert set(communication.questions_to_confirm) == {"audiences", "alumni_donor_comms"}
    assert "lower cell not confirmed" in communication.reason


def test_funding_sources_decide_fee_income_and_a_state_only_file_is_read_honestly(
    tmp_path: Path,
) -> None:
    answers = {"money_and_staff": {"funding_known": "yes", "dedicated_staff": "6",
                                   "funding_sources": ["government_grant"]}}  # fmt: skip
    mixed = dim(scored(tmp_path, answers), "finance")
    assert mixed.stage == "established"  # a fee-paying partner, not paying from its fees
    state = dim(scored(tmp_path, answers, STATE_ONLY), "finance")
    assert state.stage == "regional"
    fees = next(c for c in state.criteria if c.id == "finance.fee_income")
    assert (fees.outcome, fees.counts) == (Outcome.NOT_APPLICABLE, False)
    assert fees.reason and "no partner is a fee-paying school" in fees.reason


def test_a_choose_all_answer_can_leave_options_unknown(tmp_path: Path) -> None:
    told_of = {"parents": "yes", "students": "unknown"}
    partly = {
        "communication_and_reach": {
            "audiences": told_of,
            "comms_plan": "yes",
            "alumni_donor_comms": "yes",
        }
    }
    communication = dim(scored(tmp_path, partly), "communication")
    told = next(c for c in communication.criteria if c.id == "communication.parents_and_students")
    assert told.outcome is Outcome.UNKNOWN  # not "not met": students may well be told
    assert communication.provisional
    assert communication.questions_to_answer == ["audiences"]
    ruled_out = {"communication_and_reach": {"audiences": {"parents": "yes", "students": "no"}}}
    told = next(
        c
        for c in dim(scored(tmp_path, ruled_out), "communication").criteria
        if c.id == "communication.parents_and_students"
    )
    assert told.outcome is Outcome.NOT_MET


@pytest.mark.parametrize(
    ("written", "outcome_5", "outcome_11"),
    [
        ("at least 12", Outcome.MET, Outcome.MET),
        ("at least 6", Outcome.MET, Outcome.UNKNOWN),
        ("3+", Outcome.UNKNOWN, Outcome.UNKNOWN),
        ("more than 10", Outcome.MET, Outcome.MET),
        ("7", Outcome.MET, Outcome.NOT_MET),
    ],
)
def test_a_number_can_be_a_lower_bound(
    tmp_path: Path, written: str, outcome_5: Outcome, outcome_11: Outcome
) -> None:
    finance = dim(scored(tmp_path, {"money_and_staff": {"dedicated_staff": written}}), "finance")
    outcomes = {c.id: c.outcome for c in finance.criteria}
    assert (outcomes["finance.five_staff"], outcomes["finance.over_ten_staff"]) == (
        outcome_5,
        outcome_11,
    )


def test_an_old_file_is_told_what_to_write_instead(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, {"money_and_staff": {"fee_income_share": "yes"}}, MIXED)
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert (
        f"{path}:10:5: answers.money_and_staff.fee_income_share: 'fee_income_share' is no "
        "longer asked (rubric four-stages 2.1.0): list where the money comes from under "
        "funding_sources instead" in " ".join(result.err.split())
    )


def test_the_partners_sectors_are_read_not_answered(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, {"money_and_staff": {"partner_sectors": ["state"]}}, MIXED)
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert "'partner_sectors' is read from the partners' sectors, not answered" in result.err


MERGED = {
    "plans_and_agreements": {"shared_goals": "yes", "activities_fit_goals": "yes"},
    "partners_and_reciprocity": {"lead_school_gains": ["staff_development"],
                                 "partners_give": ["teaching"]},
}  # fmt: skip


@pytest.mark.parametrize("form", ["table", "json", "markdown", "html", "csv"])
def test_a_merged_cell_is_never_named_as_a_stage_in_any_format(
    run: Run, tmp_path: Path, form: str
) -> None:
    path = write(tmp_path, MERGED, MIXED)
    if form == "csv":
        result = run("assess", tmp_path, "--format", "csv")
        row = next(csv.DictReader(io.StringIO(result.out)))
        assert (row["coherence"], row["balance"]) == ("established..national",) * 2
        return
    result = run("assess", path, "--format", form)
    assert result.code == ExitCode.OK, str(result)
    if form == "json":
        coherence = dim_json(json.loads(result.out), "coherence")
        assert coherence["stage"] == "established"
        assert coherence["span"] == ["established", "regional", "national"]
        assert coherence["counts_as"] == 4
        assert coherence["stage_label"] == (
            "Cohesive with clearly articulated goals (stages 2\u20134: the source does not tell "
            "them apart)"
        )
        return
    flat = " ".join(result.out.split())
    if form == "table":  # the label wraps inside its column: read the column
        rows = [line.split("│") for line in result.out.splitlines() if line.count("│") > 2]
        flat = " ".join(" ".join(row[2].split()) for row in rows)
    elif form == "html":  # the profile table's row, not the legend that lists every stage
        flat = " ".join(flat.split('<th scope="row">Coherence</th> <td>')[1].split("</td>")[:1])
    assert "Cohesive with clearly articulated goals (stages 2\u20134: the source does not" in flat
    assert "at its ceiling" not in flat
    for name in STAGE_NAMES[2:]:  # no higher stage is named for this file
        assert name not in flat


def dim_json(document: dict[str, Any], dimension: str) -> dict[str, Any]:
    return next(d for d in document["dimensions"] if d["id"] == dimension)


def test_the_headline_says_the_rule_and_keeps_the_profile_apart(run: Run) -> None:
    result = run("assess", ROOT / "examples" / "one-off-project.yaml")
    flat = " ".join(result.out.split())
    assert "Overall stage: ■□□□ Emerging, the stage of the weakest dimension" in flat
    assert "maturity index" not in flat
    assert "Profile 1.2 of 4: the average position of the dimensions" in flat
    assert "a summary beside the stage, not a stage." in flat


def test_first_steps_never_ask_a_question_that_cannot_lift_its_dimension(
    tmp_path: Path,
) -> None:
    # leadership: a teacher leads and the head does not direct it, so answering
    # lead_in_each_partner (a practice) or anything else cannot lift it
    record = scored(
        tmp_path,
        {"people_and_leadership": {"lead_role": "classroom_teacher", "head_directs": "no"}},
    )
    asked = {(s.dimension, s.question) for s in record.first_steps if s.kind == "answer"}
    assert ("leadership", None) not in asked
    assert all(q in dim(record, d).questions_to_answer for d, q in asked)
    assert dim(record, "leadership").questions_to_answer == []


def test_practices_come_after_every_step_of_the_cells(tmp_path: Path) -> None:
    record = scored(tmp_path, {})
    kinds = [s.kind for s in record.first_steps]
    assert "practice" not in kinds
    holding = set(record.overall.holding_back)
    assert all(s.dimension in holding for s in record.first_steps)
