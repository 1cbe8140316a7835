"""Stopping the interview at any prompt (quit, end of input, Ctrl-C) keeps everything typed
before it, and the closing message says so truly: an answer is saved as soon as it is given,
before its evidence is asked for; a partner as soon as it is named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, Run
from stagecheck.core import loader
from stagecheck.exitcodes import ExitCode
from test_interview import ABOUT, ABOUT_END, STOP, Keyboard, answers_of

BEFORE_QUESTIONS = [*ABOUT, *ABOUT_END]
HOW: dict[str, list[object]] = {"quit": ["quit"], "end of input": [], "Ctrl-C": [STOP]}


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Any:
    def script(*lines: str | object) -> None:
        monkeypatch.setattr("sys.stdin", Keyboard(list(lines)))

    return script


def data_of(path: Path) -> dict[str, Any]:
    return loader.load(path).data


def lead_of(path: Path) -> Any:
    return data_of(path)["answers"]["people"]["lead"]


def partners_of(path: Path) -> Any:
    return data_of(path)["partnership"]["partners"]


# the prompt it stops at: (what was typed before it, where to look, what the file holds then)
CASES: dict[str, tuple[list[str], Callable[[Path], Any], object]] = {
    "sector": (["Hill and Vale", "Hill School"], partners_of, [{"name": "Hill School"}]),
    "phase": (
        ["Hill and Vale", "Hill School", "1"],
        partners_of,
        [{"name": "Hill School", "sector": "independent"}],
    ),
    "evidence": ([*BEFORE_QUESTIONS, "3"], lead_of, "head"),
    "kind": (
        [*BEFORE_QUESTIONS, "3", "Minutes of 3 May"],
        lead_of,
        {"answer": "head", "evidence": ["Minutes of 3 May"]},
    ),
    "link": (
        [*BEFORE_QUESTIONS, "3", "Minutes of 3 May", "d"],
        lead_of,
        {"answer": "head", "evidence": [{"kind": "documented", "note": "Minutes of 3 May"}]},
    ),
}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("prompt", CASES)
def test_stopping_at_any_prompt_keeps_what_was_typed_before_it(
    run: Run, typed: Any, tmp_path: Path, prompt: str, how: str
) -> None:
    target = tmp_path / "ours.yaml"
    lines, holds, expected = CASES[prompt]
    typed(*lines, *HOW[how])
    result = run("interview", target, "--rubric", MINI)
    code = ExitCode.OK if how == "quit" else ExitCode.INTERRUPTED
    assert result.code == code, str(result)
    assert "Stopped. Every answer you gave is saved in " in result.out
    assert "but for" not in result.out
    assert holds(target) == expected


def test_the_answer_given_before_quitting_at_the_evidence_is_scored(
    run: Run, typed: Any, tmp_path: Path
) -> None:
    # the new-user trial: "3", then quit at "Evidence for this answer"
    target = tmp_path / "ours.yaml"
    typed(*BEFORE_QUESTIONS, "3", "quit")
    assert run("interview", target, "--rubric", MINI).code == ExitCode.OK
    assert answers_of(target) == {"lead": "head"}


@pytest.mark.parametrize("how", HOW)
def test_stopping_at_the_reason_for_not_applicable_says_that_one_is_not_saved(
    run: Run, typed: Any, tmp_path: Path, how: str
) -> None:
    target = tmp_path / "ours.yaml"
    typed(*BEFORE_QUESTIONS, "3", "", "n/a", *HOW[how])  # mou: n/a, then no reason
    result = run("interview", target, "--rubric", MINI)
    assert (
        "Every answer you gave is saved in "
        f"{target}, but for 'not applicable' to \"Is there a signed MOU?\", which needs a reason"
    ) in result.out, str(result)
    assert answers_of(target) == {"lead": "head"}


def test_a_partner_saved_without_its_sector_is_asked_it_on_the_next_run(
    run: Run, typed: Any, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed("Hill and Vale", "Hill School", STOP)
    assert run("interview", target, "--rubric", MINI).code == ExitCode.INTERRUPTED
    typed("2", "quit")  # 2: a state school
    resumed = run("interview", target)
    assert "Which sector is Hill School in?" in resumed.out, str(resumed)
    assert "Partner 1" not in resumed.out
    assert data_of(target)["partnership"]["partners"] == [
        {"name": "Hill School", "sector": "state"}
    ]
