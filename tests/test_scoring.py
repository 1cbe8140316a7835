"""Every scoring rule, on the small test rubric (tests/data/rubrics/mini.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import MINI
from stagecheck.api import assess
from stagecheck.core.conditions import Combine, Compare
from stagecheck.core.outcome import Fact, Outcome
from stagecheck.core.record import DimensionResult, Record

ALL_MET: dict[str, dict[str, Any]] = {
    "people": {"lead": "head", "mou": "yes", "goals": "yes"},
    "money": {"funders": ["school"], "staff": "6", "fee_income": "yes"},
}


def score(tmp_path: Path, answers: dict[str, Any], rubric: Path = MINI) -> Record:
    path = tmp_path / "p.yaml"
    body = {
        "partnership": {"name": "Test", "partners": [{"name": "A", "sector": "state"}]},
        "answers": answers,
    }
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    return assess(path, str(rubric))


def dim(record: Record, dimension: str) -> DimensionResult:
    return next(d for d in record.dimensions if d.id == dimension)


def with_answers(**changes: Any) -> dict[str, dict[str, Any]]:
    answers = {group: dict(values) for group, values in ALL_MET.items()}
    for key, value in changes.items():
        group = "people" if key in (*answers["people"], "wins") else "money"
        if value is None:
            del answers[group][key]
        else:
            answers[group][key] = value
    return answers


def test_all_met_reaches_the_top(tmp_path: Path) -> None:
    record = score(tmp_path, ALL_MET)
    # coherence's one cell for mid and high is named by its first stage, counted as its top
    assert [d.stage for d in record.dimensions] == ["high", "mid", "high"]
    assert [d.counts_as for d in record.dimensions] == [3, 3, 3]
    assert record.overall.stage == "high"
    assert record.overall.holding_back == []
    assert record.first_steps == []
    assert record.overall.index == 3.0


def test_nothing_answered_is_still_the_first_stage(tmp_path: Path) -> None:
    record = score(tmp_path, {})
    assert {d.stage for d in record.dimensions} == {"low"}
    assert all(d.provisional for d in record.dimensions)
    assert record.overall.stage == "low"


def test_a_lower_cell_not_met_below_a_met_one_is_a_conflict_that_raises_nothing(
    tmp_path: Path,
) -> None:
    # the high criterion (the head leads) is met, but mid's MOU is answered no
    leading = dim(score(tmp_path, with_answers(mou="no")), "leading")
    assert leading.stage == "low"
    outcomes = {c.id: c.outcome for c in leading.criteria}
    assert outcomes == {
        "leading.senior": Outcome.MET,
        "leading.mou": Outcome.NOT_MET,
        "leading.head": Outcome.MET,
    }
    [conflict] = leading.conflicts
    assert (conflict.lower, conflict.higher) == ("leading.mou", "leading.head")
    # both are quoted, with the answers behind them
    assert "'The head leads' is met (High, answered head)" in conflict.message
    assert "'A signed MOU', below it, is not (Mid, answered no)" in conflict.message
    assert leading.reason.endswith("For Mid: A signed MOU — not yet.")


def test_a_higher_cell_met_counts_for_an_unanswered_lower_cell(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(mou=None))
    leading = dim(record, "leading")
    assert (leading.stage, leading.unconfirmed) == ("high", ["mid"])
    assert leading.questions_to_confirm == ["mou"]
    assert not leading.provisional  # nothing above it to reach
    assert record.overall.stage == "high"
    assert record.overall.unconfirmed == ["leading"]


def test_a_row_that_is_not_a_continuum_climbs_cell_by_cell(tmp_path: Path, mini_copy: Path) -> None:
    text = mini_copy.read_text(encoding="utf-8").replace(
        "  - id: leading\n    name: Leading\n",
        "  - id: leading\n    name: Leading\n    continuum: false\n",
    )
    mini_copy.write_text(text, encoding="utf-8")
    leading = dim(score(tmp_path, with_answers(mou=None), rubric=mini_copy), "leading")
    assert (leading.stage, leading.unconfirmed, leading.provisional) == ("low", [], True)


@pytest.fixture
def with_practice(mini_copy: Path) -> Path:
    """The mini rubric with a practice (small wins) beside leading's mid cell."""
    text = mini_copy.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: staff\n",
        "  - {id: wins, group: people, text: Any small wins?, type: boolean}\n  - id: staff\n",
        1,
    )
    anchor = (
        "advice: {step: Sign an MOU., effort: low, owner: partnership lead, sources: [review]}\n"
    )
    practice = (
        "        practices:\n"
        "          - id: leading.wins\n"
        "            text: Small wins first\n"
        "            when: {question: wins, is: yes}\n"
        "            sources: [review]\n"
        "            advice: {step: Deliver a small win., effort: low, owner: partnership lead,"
        " sources: [review]}\n"
    )
    assert anchor in text
    mini_copy.write_text(text.replace(anchor, anchor + practice), encoding="utf-8")
    return mini_copy


def test_a_practice_never_moves_a_stage(tmp_path: Path, with_practice: Path) -> None:
    with_wins = score(tmp_path, with_answers(wins="yes"), with_practice)
    without = score(tmp_path, with_answers(wins="no"), with_practice)
    assert [d.stage for d in without.dimensions] == [d.stage for d in with_wins.dimensions]
    practice = dim(without, "leading").practices[0]
    assert (practice.id, practice.outcome, practice.practice) == (
        "leading.wins",
        Outcome.NOT_MET,
        True,
    )
    # unmet, it is advice: a step of its own kind, after every step of the table's cells (and
    # after backing up the met cell criterion that rests on assertion alone)
    assert [s.kind for s in dim(without, "leading").next_steps] == ["evidence", "practice"]


def test_progress_is_the_share_of_the_next_stage_met(tmp_path: Path) -> None:
    leading = dim(score(tmp_path, with_answers(lead="senior", mou="no")), "leading")
    assert (leading.stage_number, leading.progress, leading.index) == (1, 0.5, 1.5)


def test_unknown_is_provisional_and_asks_the_question(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(lead="senior", mou=None))
    leading = dim(record, "leading")
    assert leading.stage == "low"
    assert leading.provisional
    assert leading.questions_to_answer == ["mou"]
    assert leading.reason.startswith("Provisional: answer 1 question")
    assert record.overall.provisional
    assert record.first_steps[0].kind == "answer"
    assert record.first_steps[0].question == "mou"


def test_unknown_beside_an_unmet_criterion_is_not_provisional(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(lead="teacher", mou=None))
    leading = dim(record, "leading")
    assert not leading.provisional
    # answering it could not lift the dimension (a teacher leads), so it is not asked
    assert leading.questions_to_answer == []
    assert all(s.question != "mou" for s in record.first_steps)


def test_not_applicable_blocks_by_default_and_keeps_its_reason(tmp_path: Path) -> None:
    leading = dim(score(tmp_path, with_answers(mou={"not_applicable": "No MOU needed"})), "leading")
    assert leading.stage == "low"
    mou = next(c for c in leading.criteria if c.id == "leading.mou")
    assert (mou.outcome, mou.counts, mou.reason) == (Outcome.NOT_APPLICABLE, True, "No MOU needed")
    assert "not applicable" in leading.reason


def test_not_applicable_is_skipped_where_the_rubric_says_so(tmp_path: Path) -> None:
    finance = dim(score(tmp_path, with_answers(fee_income={"not_applicable": "State"})), "finance")
    assert finance.stage == "high"
    fees = next(c for c in finance.criteria if c.id == "finance.fees")
    assert (fees.outcome, fees.counts) == (Outcome.NOT_APPLICABLE, False)


def test_a_merged_cell_reaches_its_ceiling_and_does_not_hold_overall_down(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(lead="senior", staff="1"))
    coherence = dim(record, "coherence")
    assert (coherence.stage, coherence.span, coherence.counts_as, coherence.next_stage) == (
        "mid",
        ["mid", "high"],
        3,
        None,
    )
    # named by its own words and span, never by a stage the source does not give it
    assert coherence.stage_label == (
        "Cohesive (stages 2\u20133: the source does not tell them apart)"
    )
    assert "the source gives for stages 2 to 3 without telling them apart" in coherence.reason
    assert record.overall.stage == "mid"
    assert record.overall.holding_back == ["leading", "finance"]


def test_a_merged_cell_not_reached_stays_at_the_first_stage(tmp_path: Path) -> None:
    coherence = dim(score(tmp_path, with_answers(goals="no")), "coherence")
    assert (coherence.stage, coherence.span) == ("low", ["low"])


def test_evidence_is_carried_to_the_criterion(tmp_path: Path) -> None:
    leading = dim(
        score(tmp_path, with_answers(mou={"answer": "yes", "evidence": "MOU.pdf"})), "leading"
    )
    mou = next(c for c in leading.criteria if c.id == "leading.mou")
    assert mou.evidence == ["MOU.pdf"]


def test_overall_weakest_is_the_lowest_dimension(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(mou="no"))
    assert [d.index for d in record.dimensions] == [1.5, 3, 3]
    assert (record.overall.stage, record.overall.index) == ("low", 2.5)


def test_overall_mean_rule_rounds_the_mean_index_down(tmp_path: Path, mini_copy: Path) -> None:
    text = mini_copy.read_text(encoding="utf-8") + "overall: {rule: mean}\n"
    mini_copy.write_text(text, encoding="utf-8")
    record = score(tmp_path, with_answers(mou="no"), rubric=mini_copy)
    assert (record.overall.rule, record.overall.stage, record.overall.index) == ("mean", "mid", 2.5)


def test_first_steps_put_blocking_questions_then_small_wins_first(tmp_path: Path) -> None:
    # leading: MOU unknown (provisional); finance: funders unknown; both held back
    record = score(
        tmp_path,
        with_answers(lead="senior", mou=None, funders=None, goals="no", staff="1"),
    )
    kinds = [(s.kind, s.criterion) for s in record.first_steps]
    assert kinds == [
        ("answer", "leading.mou"),
        ("answer", "finance.funded"),
        ("act", "coherence.goals"),
    ]
    # every step is traced to its source
    assert all(s.sources for s in record.first_steps)


def test_act_steps_are_ranked_by_effort(tmp_path: Path) -> None:
    record = score(tmp_path, with_answers(lead="teacher", mou="no", staff="1"))
    efforts = [s.effort for s in record.first_steps]
    assert efforts == sorted(efforts, key=["low", "medium", "high"].index)
    assert record.first_steps[0].text == "Sign an MOU."


@pytest.mark.parametrize(
    ("outcomes", "all_of", "any_of"),
    [
        ([Outcome.MET, Outcome.MET], Outcome.MET, Outcome.MET),
        ([Outcome.MET, Outcome.NOT_MET], Outcome.NOT_MET, Outcome.MET),
        ([Outcome.UNKNOWN, Outcome.NOT_MET], Outcome.NOT_MET, Outcome.UNKNOWN),
        ([Outcome.UNKNOWN, Outcome.MET], Outcome.UNKNOWN, Outcome.MET),
        ([Outcome.NOT_APPLICABLE, Outcome.MET], Outcome.NOT_APPLICABLE, Outcome.MET),
        ([Outcome.NOT_APPLICABLE, Outcome.UNKNOWN], Outcome.UNKNOWN, Outcome.UNKNOWN),
        ([Outcome.NOT_MET, Outcome.NOT_MET], Outcome.NOT_MET, Outcome.NOT_MET),
    ],
)
def test_all_and_any_combine_four_outcomes(
    outcomes: list[Outcome], all_of: Outcome, any_of: Outcome
) -> None:
    # each outcome the answer to a question of its own: yes, no, not answered, not applicable
    answers = {
        Outcome.MET: Fact(True),
        Outcome.NOT_MET: Fact(False),
        Outcome.NOT_APPLICABLE: Fact(None, "no fee income"),
    }
    facts = {f"q{i}": answers[o] for i, o in enumerate(outcomes) if o in answers}
    parts = tuple(Compare(f"q{i}", "is", (True,)) for i in range(len(outcomes)))
    assert [p(facts) for p in parts] == outcomes
    for order in (parts, parts[::-1]):  # whichever part comes first
        assert Combine(Outcome.NOT_MET, order)(facts) == all_of
        assert Combine(Outcome.MET, order)(facts) == any_of


def test_overall_is_provisional_only_if_every_dimension_holding_it_could_move(
    tmp_path: Path,
) -> None:
    # leading is surely held (a teacher leads); finance could move (funders unknown)
    held = score(tmp_path, with_answers(lead="teacher", funders=None, staff="1"))
    assert [d.provisional for d in held.dimensions if d.id in held.overall.holding_back] == [
        False,
        True,
    ]
    assert not held.overall.provisional
    could = score(tmp_path, with_answers(lead="senior", mou=None, funders=None, staff="1"))
    assert could.overall.provisional


def test_choice_answers_ignore_case(tmp_path: Path) -> None:
    leading = dim(score(tmp_path, with_answers(lead="Senior")), "leading")
    assert next(c for c in leading.criteria if c.id == "leading.senior").outcome is Outcome.MET


def test_first_steps_start_with_what_holds_the_overall_stage(
    tmp_path: Path, with_practice: Path
) -> None:
    # finance holds the overall stage (no funder); leading's practice is the cheapest step of
    # all, and leading's high cell is next: neither comes before finance's blocker
    record = score(
        tmp_path, with_answers(lead="senior", funders=[], wins="no", staff="9"), with_practice
    )
    assert record.overall.holding_back == ["finance"]
    assert [s.criterion for s in record.first_steps] == [
        "finance.funded",
        "leading.head",
        "leading.wins",
    ]


def test_a_not_applicable_reason_is_given_once(tmp_path: Path) -> None:
    finance = dim(
        score(tmp_path, with_answers(staff="1", fee_income={"not_applicable": "State"})),
        "finance",
    )
    fees = next(c for c in finance.criteria if c.id == "finance.fees")
    assert fees.reason == "State"
