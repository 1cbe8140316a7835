"""The scorer on its own: a small rubric built in memory, and facts (`dict[str, Fact]`) scored
directly, with no file, no reader and no renderer between them and the result."""

from __future__ import annotations

from typing import Any

import pytest

from stagecheck.core.compiled import LoadedRubric, compile_rubric
from stagecheck.core.outcome import Fact, Outcome
from stagecheck.core.record import DimensionResult
from stagecheck.core.rubric import adapter
from stagecheck.core.scoring import Scores, score

STAGES = ("s1", "s2", "s3", "s4")
YES, NO = Fact(True), Fact(False)


def criterion(cid: str, when: Any, effort: str = "medium", **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "text": f"Criterion {cid}.",
        "when": when,
        "sources": ["table"],
        "advice": {"step": f"Meet {cid}.", "effort": effort, "owner": "lead", "sources": ["table"]},
        **extra,
    }


def cond(question: str, **operator: Any) -> dict[str, Any]:
    return {"question": question, **operator}


def cell(stages: str | tuple[str, ...], *criteria: Any, **extra: Any) -> dict[str, Any]:
    span = [stages] if isinstance(stages, str) else list(stages)
    return {
        "stages": span,
        "descriptor": f"Cell {'-'.join(span)}",
        "sources": ["table"],
        "criteria": list(criteria),
        **extra,
    }


def dimension(did: str, *cells: Any, continuum: bool = True) -> dict[str, Any]:
    return {"id": did, "name": did.title(), "continuum": continuum, "cells": [cell("s1"), *cells]}


def three_steps(did: str, continuum: bool = True) -> dict[str, Any]:
    """s2: a, s3: b, s4: c, each answered yes."""
    return dimension(
        did,
        cell("s2", criterion(f"{did}.a", cond("a", is_="yes"))),
        cell("s3", criterion(f"{did}.b", cond("b", is_="yes"))),
        cell("s4", criterion(f"{did}.c", cond("c", is_="yes"))),
        continuum=continuum,
    )


QUESTIONS: list[dict[str, Any]] = [
    *({"id": q, "group": "g", "text": f"{q.upper()}?", "type": "boolean"} for q in "abcp"),
    {"id": "staff", "group": "g", "text": "How many staff?", "type": "integer", "minimum": 0},
    {"id": "lead", "group": "g", "text": "Who leads?", "type": "choice",
     "options": [{"value": v, "label": v.title()} for v in ("teacher", "head")]},
    {"id": "kinds", "group": "g", "text": "Which kinds?", "type": "choices",
     "options": [{"value": v, "label": f"Kind {v}"} for v in ("x", "y", "z")]},
]  # fmt: skip


def build(*dimensions: dict[str, Any], overall: dict[str, Any] | None = None) -> LoadedRubric:
    data: dict[str, Any] = {
        "format": 1,
        "id": "memory",
        "version": "1",
        "title": "In memory",
        "table": "table",
        "sources": [{"id": "table", "title": "The table", "kind": "test"}],
        "stages": [{"id": s, "name": f"Stage {s[1]}"} for s in STAGES],
        "groups": [{"id": "g", "title": "G"}],
        "questions": QUESTIONS,
        "dimensions": list(dimensions),
    }
    if overall is not None:
        data["overall"] = overall
    # `is` is a keyword: the helpers write `is_`, the rubric format `is`
    fixed = _renamed(data)
    return compile_rubric(adapter().validate_python(fixed), "memory.yaml", "0" * 64)


def _renamed(value: Any) -> Any:
    if isinstance(value, dict):
        return {("is" if k == "is_" else k): _renamed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


def one(scores: Scores, did: str) -> DimensionResult:
    return next(d for d in scores.dimensions if d.id == did)


# --- climbing a row ---


def test_a_row_that_is_not_a_continuum_is_climbed_cell_by_cell() -> None:
    loaded = build(three_steps("d", continuum=False))
    assert one(score(loaded, {}), "d").stage == "s1"
    assert one(score(loaded, {"a": YES}), "d").stage == "s2"
    assert one(score(loaded, {"a": YES, "b": YES}), "d").stage == "s3"
    assert one(score(loaded, {"a": YES, "b": YES, "c": YES}), "d").stage == "s4"
    # a higher cell met does not count while a lower one is unanswered
    result = one(score(loaded, {"c": YES}), "d")
    assert (result.stage, result.unconfirmed, result.conflicts) == ("s1", [], [])
    assert result.questions_to_answer == ["a"] and result.provisional


def test_a_continuum_reaches_a_higher_cell_over_unanswered_lower_ones() -> None:
    loaded = build(three_steps("d"))
    result = one(score(loaded, {"c": YES}), "d")
    assert result.stage == "s4"
    assert result.unconfirmed == ["s2", "s3"]
    assert result.questions_to_confirm == ["a", "b"]
    assert result.reason.startswith(
        "Reached on a higher cell's answers; lower cells not confirmed."
    )
    assert score(loaded, {"c": YES}).overall.unconfirmed == ["d"]
    # confirmed once answered
    confirmed = one(score(loaded, {"a": YES, "b": YES, "c": YES}), "d")
    assert (confirmed.stage, confirmed.unconfirmed) == ("s4", [])


def test_a_lower_cell_answered_no_under_a_met_one_is_a_conflict_and_raises_nothing() -> None:
    loaded = build(three_steps("d"))
    result = one(score(loaded, {"a": YES, "b": NO, "c": YES}), "d")
    assert result.stage == "s2"  # the run of met cells from the bottom
    [conflict] = result.conflicts
    assert (conflict.lower, conflict.higher) == ("d.b", "d.c")
    assert "'Criterion d.c.' is met (Stage 4, answered yes)" in conflict.message
    assert "'Criterion d.b.', below it, is not (Stage 3, answered no)" in conflict.message
    assert result.reason.startswith(conflict.message)


def test_an_empty_cell_on_a_continuum_is_reached_only_by_climbing() -> None:
    loaded = build(
        dimension("d", cell("s2", criterion("d.a", cond("a", is_="yes"))), cell(("s3", "s4")))
    )
    assert one(score(loaded, {}), "d").stage == "s1"  # an empty top cell is no evidence
    assert one(score(loaded, {"a": NO}), "d").stage == "s1"
    assert one(score(loaded, {"a": YES}), "d").span == ["s3", "s4"]


# --- merged cells ---


def test_a_merged_cell_is_named_by_its_words_and_counts_as_its_top() -> None:
    loaded = build(
        dimension(
            "m",
            cell(("s2", "s3", "s4"), criterion("m.k", cond("kinds", includes=["x", "y"])),
                 note="The source gives one cell."),
        ),
        three_steps("d"),
    )  # fmt: skip
    facts = {"kinds": Fact(frozenset({"x", "y"})), "a": YES, "b": YES}
    scores = score(loaded, facts)
    merged = one(scores, "m")
    assert (merged.stage, merged.span, merged.counts_as) == ("s2", ["s2", "s3", "s4"], 4)
    assert merged.stage_label == (
        "Cell s2-s3-s4 (stages 2\u20134: the source does not tell them apart)"
    )
    assert merged.next_stage is None and merged.index == 4.0
    # the overall stage is held by the other dimension, never by the merged cell
    assert (scores.overall.stage, scores.overall.holding_back) == ("s3", ["d"])
    assert one(score(loaded, {"kinds": Fact(frozenset({"x"}))}), "m").counts_as == 1


# --- when a criterion applies ---


def applying() -> LoadedRubric:
    fees = criterion(
        "d.fees",
        cond("p", is_="yes"),
        applies={"when": cond("lead", is_="head"), "otherwise": "a teacher leads it"},
    )
    skip = criterion("d.skip", cond("b", is_="yes"), if_not_applicable="skip")
    blocks = criterion("d.blocks", cond("c", is_="yes"))
    return build(
        dimension("d", cell("s2", criterion("d.a", cond("a", is_="yes")), fees, skip, blocks))
    )


def test_a_criterion_that_does_not_apply_is_left_out_with_its_reason() -> None:
    facts = {"a": YES, "b": YES, "c": YES, "lead": Fact("teacher")}
    result = one(score(applying(), facts), "d")
    assert result.stage == "s2"
    fees = next(r for r in result.criteria if r.id == "d.fees")
    assert (fees.outcome, fees.counts, fees.reason) == (
        Outcome.NOT_APPLICABLE, False, "a teacher leads it",
    )  # fmt: skip
    # where it applies, it decides
    assert one(score(applying(), {**facts, "lead": Fact("head")}), "d").stage == "s1"
    assert one(score(applying(), {**facts, "lead": Fact("head"), "p": YES}), "d").stage == "s2"


def test_not_applicable_is_skipped_only_where_the_rubric_says_so() -> None:
    na = Fact(None, not_applicable="no such board")
    facts = {"a": YES, "c": YES, "lead": Fact("teacher")}
    skipped = one(score(applying(), {**facts, "b": na}), "d")
    assert skipped.stage == "s2"
    result = next(r for r in skipped.criteria if r.id == "d.skip")
    assert (result.outcome, result.counts, result.reason) == (
        Outcome.NOT_APPLICABLE, False, "no such board",
    )  # fmt: skip
    blocked = one(score(applying(), {**facts, "b": YES, "c": na}), "d")
    assert blocked.stage == "s1"
    assert blocked.reason == "For Stage 2: Criterion d.blocks. — not applicable."


# --- answers known only in part ---


def test_a_choose_all_answer_known_in_part_is_unknown_until_it_settles() -> None:
    loaded = build(dimension("d", cell("s2", criterion("d.k", cond("kinds", includes=["x", "y"])))))
    partly = Fact(frozenset({"x"}), open=frozenset({"y", "z"}))
    result = one(score(loaded, {"kinds": partly}), "d")
    assert result.stage == "s1" and result.provisional
    assert result.questions_to_answer == ["kinds"]
    [step] = result.next_steps
    assert step.text == "Complete the answer to 'Which kinds?': not known yet for Kind y"
    # the known options can already settle it either way
    assert (
        one(score(loaded, {"kinds": Fact(frozenset({"x", "y"}), open=frozenset({"z"}))}), "d").stage
        == "s2"
    )
    refused = Fact(frozenset({"x"}), open=frozenset({"z"}))  # y is known not chosen
    assert not one(score(loaded, {"kinds": refused}), "d").provisional


def test_a_number_known_only_from_below() -> None:
    loaded = build(
        dimension(
            "d",
            cell("s2", criterion("d.three", cond("staff", at_least="3"))),
            cell("s3", criterion("d.few", cond("staff", at_most="10"))),
        ),
        three_steps("e"),
    )
    at_least_five = Fact(5, at_least=True)
    result = one(score(loaded, {"staff": at_least_five}), "d")
    assert result.stage == "s2"  # at least 5: at least 3 holds; at most 10 is open
    assert result.provisional and result.questions_to_answer == ["staff"]
    assert result.next_steps[0].text == (
        "Give the exact number for 'How many staff?' (known so far: at least 5)"
    )
    assert one(score(loaded, {"staff": Fact(11, at_least=True)}), "d").provisional is False
    assert one(score(loaded, {"staff": Fact(2, at_least=True)}), "d").stage == "s1"


# --- next steps and the overall stage ---


def test_first_steps_start_with_what_holds_the_overall_stage() -> None:
    loaded = build(
        dimension(
            "low",
            cell("s2", criterion("low.dear", cond("b", is_="yes"), effort="high"),
                 criterion("low.cheap", cond("a", is_="yes"), effort="low")),
        ),
        dimension(
            "high",
            cell("s2", criterion("high.c", cond("c", is_="yes"))),
            cell("s3", criterion("high.p", cond("p", is_="yes"), effort="high")),
        ),
    )  # fmt: skip
    scores = score(loaded, {"a": NO, "b": NO, "c": YES})
    assert scores.overall.holding_back == ["low"]
    assert [(s.kind, s.criterion) for s in scores.first_steps] == [
        ("act", "low.cheap"),  # the dimension holding it, lower effort first
        ("act", "low.dear"),
        ("answer", "high.p"),  # then the others: an answer that could lift one
    ]


def test_practices_advise_after_every_cell_step_and_never_move_a_stage() -> None:
    practice = criterion("d.mou", cond("p", is_="yes"), effort="low")
    loaded = build(
        dimension("d", cell("s2", criterion("d.a", cond("a", is_="yes")), practices=[practice]))
    )
    without, with_it = score(loaded, {"a": NO, "p": NO}), score(loaded, {"a": NO, "p": YES})
    assert one(without, "d").stage == one(with_it, "d").stage == "s1"
    assert [(s.kind, s.criterion) for s in without.first_steps] == [
        ("act", "d.a"),
        ("practice", "d.mou"),
    ]
    assert [p.outcome for p in one(with_it, "d").practices] == [Outcome.MET]


@pytest.mark.parametrize(("rule", "expected"), [("weakest", ("s2", 2)), ("mean", ("s3", 3))])
def test_the_overall_rule(rule: str, expected: tuple[str, int]) -> None:
    # d reaches s4; e stops at s2 (not a continuum: its s3 cell is not met)
    e = dimension(
        "e",
        cell("s2", criterion("e.a", cond("a", is_="yes"))),
        cell("s3", criterion("e.s", cond("staff", at_least="1"))),
        cell("s4", criterion("e.c", cond("c", is_="yes"))),
        continuum=False,
    )
    loaded = build(three_steps("d"), e, overall={"rule": rule})
    scores = score(loaded, {"a": YES, "b": YES, "c": YES, "staff": Fact(0)})
    assert [(d.id, d.counts_as) for d in scores.dimensions] == [("d", 4), ("e", 2)]
    assert scores.overall.index == 3.0  # the mean of 4.0 and 2.0 (e's next cell: none met)
    assert (scores.overall.stage, scores.overall.stage_number) == expected
    assert scores.overall.holding_back == ["e"]


def test_only_the_deciding_dimensions_make_the_overall_stage() -> None:
    loaded = build(
        three_steps("d"),
        dimension("beside", cell("s2", criterion("beside.p", cond("p", is_="yes")))),
        overall={"rule": "weakest", "dimensions": ["d"]},
    )
    scores = score(loaded, {"a": YES, "b": YES, "c": YES})
    beside = one(scores, "beside")
    assert beside.stage == "s1" and not beside.decides_overall
    assert beside.stage_label == "Cell s1"  # named by its cell, never by a stage
    assert (scores.overall.stage, scores.overall.holding_back, scores.overall.index) == (
        "s4", [], 4.0,
    )  # fmt: skip
