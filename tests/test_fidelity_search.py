"""The witness search behind `rubric test`: ordinary conditions are witnessed (no false
failures), the cost stays roughly linear in the rubric's size, and a rubric that would use more
than its budget says plainly what it did not check."""

from __future__ import annotations

import time
from typing import Any

import pytest

from stagecheck.core import scoring
from stagecheck.core.compiled import LoadedRubric, compile_rubric
from stagecheck.core.outcome import Fact
from stagecheck.core.rubric import adapter
from stagecheck.rubric import cases, fidelity, search


def advice(source: str = "table") -> dict[str, Any]:
    return {"step": "Do it.", "effort": "low", "owner": "lead", "sources": [source]}


def item(cid: str, when: Any, source: str = "table") -> dict[str, Any]:
    return {"id": cid, "text": cid, "when": when, "sources": [source], "advice": advice(source)}


def yes_no(qid: str) -> dict[str, Any]:
    return {"id": qid, "group": "g", "text": f"{qid}?", "type": "boolean"}


def rubric(
    questions: list[dict[str, Any]],
    dimensions: list[dict[str, Any]],
    stages: tuple[str, ...] = ("low", "high"),
) -> LoadedRubric:
    data = {
        "format": 1,
        "id": "wide",
        "version": "1",
        "title": "Wide",
        "table": "table",
        "sources": [
            {"id": "table", "title": "The table", "kind": "test"},
            {"id": "lit", "title": "Literature", "kind": "test"},
        ],
        "stages": [{"id": s, "name": s.title()} for s in stages],
        "groups": [{"id": "g", "title": "G"}],
        "questions": questions,
        "dimensions": dimensions,
    }
    return compile_rubric(adapter().validate_python(data), "wide.yaml", "0" * 64)


def row(did: str, *cells: dict[str, Any]) -> dict[str, Any]:
    first = {"stages": ["low"], "descriptor": "Low", "sources": ["table"]}
    return {"id": did, "name": did, "cells": [first, *cells]}


def cell(stage: str, criteria: list[Any], practices: list[Any] | None = None) -> dict[str, Any]:
    return {
        "stages": [stage],
        "descriptor": stage,
        "sources": ["table"],
        "criteria": criteria,
        "practices": practices or [],
    }


def results(loaded: LoadedRubric) -> dict[str, fidelity.Verdict]:
    found = fidelity.cases(loaded)
    return {v.case.name: v for v in fidelity.check_all(loaded, found)}


def test_any_of_ten_yes_no_questions_is_left_unmet() -> None:
    # "all ten answered no" leaves it unmet; the search used to give up after 20,000 tries
    qs = [yes_no(f"q{i}") for i in range(10)]
    any_yes = {"any": [{"question": f"q{i}", "is": "yes"} for i in range(10)]}
    loaded = rubric(qs, [row("d", cell("high", [item("d.any", any_yes)]))])
    verdicts = results(loaded)
    assert all(v.passed for v in verdicts.values()), verdicts
    missing = verdicts["d:high:missing:d.any"].case.facts
    assert missing == {f"q{i}": Fact(False) for i in range(10)}


def test_includes_all_of_ten_options_can_be_met() -> None:
    # the full set is tried directly: it was never among the first 512 subsets
    options = [f"o{i}" for i in range(10)]
    kinds = {
        "id": "kinds",
        "group": "g",
        "text": "Kinds?",
        "type": "choices",
        "options": [{"value": o, "label": o} for o in options],
    }
    loaded = rubric(
        [kinds],
        [row("d", cell("high", [item("d.all", {"question": "kinds", "includes": options})]))],
    )
    verdicts = results(loaded)
    assert all(v.passed for v in verdicts.values()), verdicts
    assert verdicts["d:high"].case.facts == {"kinds": Fact(frozenset(options))}


def test_twelve_options_in_two_overlapping_sets_are_met_together() -> None:
    options = [f"o{i}" for i in range(12)]
    kinds = {
        "id": "kinds",
        "group": "g",
        "text": "Kinds?",
        "type": "choices",
        "options": [{"value": o, "label": o} for o in options],
    }
    low_half = {"question": "kinds", "includes": options[:7]}
    high_half = {"question": "kinds", "includes": options[5:]}
    loaded = rubric(
        [kinds],
        [
            row(
                "d",
                cell("mid", [item("d.low", low_half)]),
                cell("high", [item("d.high", high_half)]),
            )
        ],
        stages=("low", "mid", "high"),
    )
    verdicts = results(loaded)
    assert all(v.passed for v in verdicts.values()), verdicts


def practices_row(did: str, practices: int, questions: int = 10) -> dict[str, Any]:
    """The hostile pass's slow row: a criterion "any of q0..q9 is no" and `practices`
    practices "all of q0..q9 are yes", all on the same questions."""
    some_no = {"any": [{"question": f"q{i}", "is": "no"} for i in range(questions)]}
    all_yes = {"all": [{"question": f"q{i}", "is": "yes"} for i in range(questions)]}
    return row(
        did,
        cell(
            "high",
            [item(f"{did}.c", some_no)],
            [item(f"{did}.p{j}", all_yes, "lit") for j in range(practices)],
        ),
    )


def test_many_practices_on_shared_questions_are_checked_quickly() -> None:
    # this rubric (26 KB) took 135 s: each practice was searched against every other one
    qs = [yes_no(f"q{i}") for i in range(10)]
    loaded = rubric(qs, [practices_row("d", 40)])
    start = time.perf_counter()
    verdicts = results(loaded)
    assert time.perf_counter() - start < 5.0
    # the finding is real, and said as such: meeting the practice unmeets the criterion
    assert verdicts["d:high"].passed and verdicts["d:high:missing:d.c"].passed
    assert verdicts["d:high:practice:d.p7"].message == (
        "practice d.p7 cannot be met without changing criterion d.c (they read the same "
        "answers): as written, the practice decides a stage"
    )


def used(loaded: LoadedRubric) -> int:
    generator = cases._Generator(loaded)
    generator.all()
    return generator.search.budget - generator.search.left


def test_the_search_grows_linearly_with_the_rubric() -> None:
    qs = [yes_no(f"q{i}") for i in range(10)]
    # the candidate answers tried, in all: four times the rubric, at most about four times
    five = used(rubric(qs, [practices_row(f"d{n}", 4) for n in range(5)]))
    twenty = used(rubric(qs, [practices_row(f"d{n}", 4) for n in range(20)]))
    assert twenty <= 4.4 * five, (five, twenty)
    fewer_practices = used(rubric(qs, [practices_row("d", 10)]))
    more_practices = used(rubric(qs, [practices_row("d", 40)]))
    assert more_practices <= 4.4 * fewer_practices, (fewer_practices, more_practices)


def test_a_rubric_over_its_budget_says_what_it_did_not_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "BUDGET_BASE", 50)
    monkeypatch.setattr(search, "BUDGET_PER_CRITERION", 0)
    qs = [yes_no(f"q{i}") for i in range(10)]
    loaded = rubric(qs, [practices_row(f"d{n}", 3) for n in range(4)])
    verdicts = results(loaded)
    stopped = [v for v in verdicts.values() if v.message.startswith("not checked")]
    assert stopped and not any(v.passed for v in stopped)
    assert stopped[-1].case.name == "d3:high:practice:d3.p2"  # every case after it, too
    assert stopped[0].message.startswith("not checked: the search for answers ")
    assert "budget of 50 tries in all ran out" in stopped[0].message


def test_on_a_continuum_an_empty_cell_above_the_next_does_not_hide_a_stage() -> None:
    # low, mid (a), high (b), top (nothing to meet): a file meeting a only stops at mid, since
    # an empty cell is reached by climbing, never on its own
    qs = [yes_no("a"), yes_no("b")]
    loaded = rubric(
        qs,
        [
            row(
                "d",
                cell("mid", [item("d.a", {"question": "a", "is": "yes"})]),
                cell("high", [item("d.b", {"question": "b", "is": "yes"})]),
                cell("top", []),
            )
        ],
        stages=("low", "mid", "high", "top"),
    )
    verdicts = results(loaded)
    assert verdicts["d:mid"].passed, verdicts["d:mid"].message
    assert verdicts["d:mid"].case.facts == {"a": Fact(True)}
    # high cannot be stopped at: the empty cell above it is climbed to (rubric check: SC203)
    assert verdicts["d:high"].message == (
        "no answers stop exactly at this cell: every answer that meets it also meets cell top "
        "(no criteria)"
    )
    assert scoring.score(loaded, {"a": Fact(True), "b": Fact(True)}).dimensions[0].stage == "top"
