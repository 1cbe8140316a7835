"""`stagecheck interview` through the CLI with scripted input: bad answers asked again, every
answer saved as it is given, an interruption losing nothing, and a resume asking only the rest."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINI, Run
from stagecheck.api import assess
from stagecheck.authoring.prompts import Value, read_answer
from stagecheck.authoring.yamledit import set_value
from stagecheck.core import loader, partnership
from stagecheck.core.compiled import load_rubric
from stagecheck.core.rubric import Question
from stagecheck.exitcodes import ExitCode

STOP = object()  # in a script: the user presses Ctrl-C here


class Keyboard:
    """Standard input that types the script's lines, then ends (EOF) or is interrupted."""

    def __init__(self, lines: list[str | object]) -> None:
        self.lines: Iterator[str | object] = iter(lines)

    def readline(self) -> str:
        line = next(self.lines, None)
        if line is STOP:
            raise KeyboardInterrupt
        return "" if line is None else f"{line}\n"


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> object:
    def script(*lines: str | object) -> None:
        monkeypatch.setattr("sys.stdin", Keyboard(list(lines)))

    return script


ABOUT = ["Hill and Vale", "Hill School", "1", "secondary", "Head of Science", "Vale Academy", "3"]
ABOUT_END = ["", "", ""]  # Vale's phase and role left out; no third partner


def answers_of(path: Path) -> dict[str, object]:
    document = loader.load(path)
    facts = partnership.validate(document, load_rubric(str(MINI)).rubric).facts
    return {
        q: f.value if f.not_applicable is None else ("n/a", f.not_applicable)
        for q, f in facts.items()
    }


def test_a_new_user_answers_prompts_only_and_gets_a_valid_scored_file(
    run: Run, typed: object, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed(  # type: ignore[operator]
        *ABOUT,
        *ABOUT_END,
        "7",
        "head",
        "",  # lead: 7 is not a choice; by its value
        "maybe",
        "yes",
        "MOU signed 2024",  # mou: not yes/no, then yes with evidence
        "",  # ... its kind: Enter for asserted, so no link is asked
        "skip",  # goals: left for later
        "lots",
        "600",
        "-1",
        "3",
        "",  # staff: not a number, too many, too few, 3
        "n/a",
        "All state schools",
        "",  # fee income: not applicable, reason asked for
        "1, 5",
        "1 2",
        "",  # funders: 5 is not a choice; then both
    )
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    out = result.out
    assert "Started a new partnership file" in out
    assert "'7' is not one of the choices; type a number from 1 to 3." in out
    assert "'maybe' is not a yes/no answer; write yes or no." in out
    assert "'lots' is not a whole number" in out
    assert "600 is above the maximum of 500; give at most 500." in out
    assert "-1 is below the minimum of 0" in out
    assert "'5' is not one of the choices" in out
    assert "1 question left for later" in out
    assert "Where the partnership stands now" in out and "Overall stage:" in out

    record = assess(target)
    assert record.partnership.name == "Hill and Vale"
    assert [(p.name, p.sector, p.phase, p.lead_role) for p in record.partnership.partners] == [
        ("Hill School", "independent", "secondary", "Head of Science"),
        ("Vale Academy", "academy", None, None),
    ]
    assert answers_of(target) == {
        "lead": "head",
        "mou": True,
        "staff": 3,
        "fee_income": ("n/a", "All state schools"),
        "funders": frozenset({"school", "trust"}),
    }
    text = target.read_text("utf-8")
    assert "mou:\n      answer: yes\n      evidence: [MOU signed 2024]\n" in text
    assert "# Is there a signed MOU?" in text  # init's comments are still there
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files


@pytest.mark.parametrize("how", ["end of input", "Ctrl-C"])
def test_an_interruption_keeps_every_answer_and_a_resume_asks_only_the_rest(
    run: Run, typed: object, tmp_path: Path, how: str
) -> None:
    target = tmp_path / "ours.yaml"
    stop = [] if how == "end of input" else [STOP]
    typed(*ABOUT, *ABOUT_END, "2", "", "no", "", *stop)  # type: ignore[operator]
    stopped = run("interview", target, "--rubric", MINI)
    assert stopped.code == ExitCode.INTERRUPTED, str(stopped)
    assert "Stopped. Every answer you gave is saved" in stopped.out
    assert answers_of(target) == {"lead": "senior", "mou": False}
    saved = target.read_text("utf-8")

    typed("yes", "", "4", "", "no", "", "2", "")  # type: ignore[operator]
    resumed = run("interview", target)  # the file now names its rubric
    assert resumed.code == ExitCode.OK, str(resumed)
    out = resumed.out
    assert "4 questions to answer (2 answered already)." in out
    assert "partnership called" not in out and "Partner 1" not in out
    assert "Who leads?" not in out and "Is there a signed MOU?" not in out
    assert "[1/4] Are the goals written down?" in out
    assert answers_of(target) == {
        "lead": "senior",
        "mou": False,
        "goals": True,
        "staff": 4,
        "fee_income": False,
        "funders": frozenset({"trust"}),
    }
    # the resume changed only the lines of the answers it was given
    changed = [
        line[:1] + line[2:]
        for line in difflib.ndiff(saved.splitlines(), target.read_text("utf-8").splitlines())
        if line[:1] in "+-"
    ]
    assert sorted(changed) == sorted(
        [
            "-    goals:", "+    goals: yes",
            "-    staff:", "+    staff: 4",
            "-    fee_income:", "+    fee_income: no",
            "-    funders:", "+    funders: [trust]",
        ]
    )  # fmt: skip


def test_a_hand_written_file_keeps_its_comments_order_and_layout(
    run: Run, typed: object, tmp_path: Path
) -> None:
    example = next(p for p in EXAMPLES if p.stem == "unknowns-and-na")
    target = tmp_path / example.name
    shutil.copy(example, target)
    before = target.read_text("utf-8")
    # head_directs, mou, sessions_fixed, learner_voice are blank, in the rubric's order
    typed("yes", "", "4", "Signed copy found in the office", "", "yes", "", "no", "")  # type: ignore[operator]
    result = run("interview", target)
    assert result.code == ExitCode.OK, str(result)
    after = target.read_text("utf-8")
    removed = [
        line[2:]
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith("- ")
    ]
    assert [line.split(":")[0].strip() for line in removed] == [
        "head_directs", "sessions_fixed", "learner_voice",
    ]  # fmt: skip
    assert (
        "    head_directs: yes        # unknown: Riverside's new head starts in January\n" in after
    )
    assert (
        "    mou:                     # unknown: an agreement was signed in 2022 but no copy can "
        "be found\n      answer: signed_with_review\n"
        "      evidence: [Signed copy found in the office]\n" in after
    )
    assert after.startswith(before.split("rubric:")[0])  # the opening comments


def test_quit_stops_cleanly_and_the_answers_so_far_stay(
    run: Run, typed: object, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed(*ABOUT, *ABOUT_END, "3", "", "quit")  # type: ignore[operator]
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "Stopped." in result.out
    assert answers_of(target) == {"lead": "head"}


def test_a_file_with_other_problems_is_reported_before_any_question(
    run: Run, typed: object, tmp_path: Path
) -> None:
    target = tmp_path / "bad.yaml"
    target.write_text(
        "partnership: {name: X, partners: [{name: A, sector: state}]}\n"
        "answers:\n  people:\n    mou: maybe\n",
        encoding="utf-8",
    )
    typed()  # type: ignore[operator]
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.ERROR
    assert f"{target}:4:10: answers.people.mou: 'maybe' is not a yes/no answer" in result.err
    assert "[1/" not in result.out


def test_saving_into_flow_style_and_missing_sections() -> None:
    text = (
        "partnership: {name: X, partners: [{name: A, sector: state}]}\n"
        "answers:\n  people: {lead: head}  # mine\n"
    )
    edited = set_value(text, "t.yaml", ("answers", "people", "mou"), "yes")
    assert edited.comments_kept
    assert edited.text.endswith("people: {lead: head, mou: yes}  # mine\n")
    edited = set_value(edited.text, "t.yaml", ("answers", "money", "staff"), "3")
    assert edited.text.endswith("  money:\n    staff: 3\n")
    edited = set_value("partnership: {name: X}\n", "t.yaml", ("answers", "people", "mou"), "no")
    assert edited.text == "partnership: {name: X}\nanswers:\n  people:\n    mou: no\n"


def test_a_shape_it_cannot_edit_in_place_is_rewritten_with_every_value_kept() -> None:
    text = "# top comment\nx: &shared\n  lead: head\nanswers:\n  people: *shared  # an alias\n"
    edited = set_value(text, "t.yaml", ("answers", "people", "mou"), "yes")
    assert not edited.comments_kept
    assert edited.text.startswith("# top comment\n")
    data = loader.parse(edited.text.encode(), "t.yaml").data
    assert data == {"x": {"lead": "head"}, "answers": {"people": {"lead": "head", "mou": "yes"}}}


def test_not_applicable_without_a_reason_asks_for_one_and_skip_says_so(
    run: Run, typed: object, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed(  # type: ignore[operator]
        *ABOUT,
        *ABOUT_END,
        "n/a",
        "",  # lead: not applicable, but the reason is left empty: asked again
        "Nobody leads yet",
        "",  # ... then given; no evidence
        "n/a",
        "skip",  # mou: not applicable, then skip at the reason: left for later, said so
        "quit",
    )
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "A reason is needed to mark it not applicable: type one, or skip" in result.out
    assert "Left for later, unanswered." in result.out
    assert answers_of(target) == {"lead": ("n/a", "Nobody leads yet")}


def test_a_stray_answer_at_the_evidence_prompt_is_asked_again(
    run: Run, typed: object, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed(  # type: ignore[operator]
        *ABOUT,
        *ABOUT_END,
        "2",
        "",  # lead: senior; no evidence
        "yes",
        "no",  # mou: yes, then a stray "no" where the evidence is asked for
        "3",  # a bare number is not evidence either
        "Signed copy in the shared drive",
        "quit",
    )
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "'no' looks like an answer, not evidence; the answer is saved as yes." in result.out
    assert "'3' looks like an answer, not evidence" in result.out
    assert "Evidence for this answer: what shows it, e.g. the MOU of June 2024" in result.out
    assert answers_of(target) == {"lead": "senior", "mou": True}
    assert "evidence: [Signed copy in the shared drive]" in target.read_text("utf-8")


def test_a_number_can_be_typed_as_a_lower_bound() -> None:
    # regression: the hint offered "at least 12" and the interview refused it
    staff = Question(id="staff", group="money", text="Staff?", type="integer", maximum=500)
    assert read_answer(staff, "at least 12") == Value("at least 12")
    assert read_answer(staff, "12+") == Value("at least 12")
    assert read_answer(staff, "more than 11") == Value("at least 12")
    assert read_answer(staff, "at least 900") == (
        "'at least 900' is above the maximum of 500; give at most 500"
    )
