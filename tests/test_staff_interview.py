"""The interview speaks to school staff (issue 16, item 2): one wording, no codes, no moot
questions, no impossible combinations, sectors explained, and the report written beside the
file at the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from stagecheck.api import assess
from stagecheck.authoring import template
from stagecheck.authoring.beside import report_beside
from stagecheck.authoring.interview import Interview, sector_options
from stagecheck.authoring.prompts import HELP, Value, prompt_for, read_answer
from stagecheck.authoring.targets import OFFER
from stagecheck.core import loader
from stagecheck.core.checks import diagnose
from stagecheck.core.compiled import bundled, compile_rubric, load_rubric
from stagecheck.core.rubric import adapter

FOUR = load_rubric("four-stages")
QUESTIONS = FOUR.questions


def test_one_wording_for_not_applicable_and_none() -> None:
    assert "n/a, because ..." in HELP
    assert prompt_for(QUESTIONS["valued_by"]).endswith("or none.")
    text = template.render(FOUR, Path("p.yaml"), schema=None)
    assert "n/a, because" in text and "or [] for none" in text
    for q in QUESTIONS.values():  # rubric hints use the interview's words
        hint = q.hint or ""
        assert "not_applicable" not in hint and "empty list" not in hint, q.id


@pytest.mark.parametrize("rubric", sorted(bundled()))
def test_no_code_is_shown_to_people_in_questions_hints_or_steps(rubric: str) -> None:
    loaded = load_rubric(rubric)
    code = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
    for q in loaded.rubric.questions:
        for shown in (q.text, q.hint or "", *(o.label for o in q.options)):
            assert not code.search(shown), (q.id, shown)
    for dim in loaded.dimensions:
        for c in dim.criteria.values():
            for step in c.ask.values():
                assert not code.search(step.text), step.text


def test_a_choice_that_stands_alone_is_refused_with_others() -> None:
    q = QUESTIONS["lead_school_gains"]
    only = next(i for i, o in enumerate(q.options, start=1) if o.alone)
    answer = read_answer(q, f"1, {only}")
    assert isinstance(answer, str)
    assert answer.startswith("'Reputation or public-benefit reporting only' cannot be chosen")
    assert read_answer(q, str(only)) == Value(["reputation"])
    assert read_answer(q, "1, 2") == Value(["staff_development", "pupil_learning"])


def test_sectors_say_what_they_mean_for_this_kind_of_school() -> None:
    labels = {o.value: o.label for o in sector_options(FOUR.rubric)}
    assert labels["academy"] == "An academy (a state school)"
    assert labels["independent"] == "An independent (fee-paying) school"


def with_answers(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "established-mou.yaml").read_text())
    data.pop("expected", None)
    changes = {"funding_secure": "no", "alumni_donor_comms": "yes", **changes}  # the rest
    for qid, value in changes.items():
        group = QUESTIONS[qid].group
        if value is None:
            data["answers"][group].pop(qid, None)
        else:
            data["answers"][group][qid] = value
    path = tmp_path / "partnership.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def never_asked(prompt: str) -> str:
    if prompt == OFFER:  # the offer of targets after the questions: declined
        return ""
    raise AssertionError(f"asked: {prompt}")


def test_a_follow_up_made_moot_is_not_asked_and_the_file_says_why(tmp_path: Path) -> None:
    path = with_answers(tmp_path, review_cycle="no", learner_voice=None)
    said: list[str] = []
    summary = Interview(path, FOUR, never_asked, said.append).run()
    assert summary.moot == ["learner_voice"]
    why = QUESTIONS["learner_voice"].asked_if
    assert why is not None
    assert why.otherwise in "\n".join(said)
    saved = yaml.safe_load(path.read_text())["answers"]["impact_and_review"]["learner_voice"]
    assert saved == {"not_applicable": why.otherwise}
    # the answer that made it moot changes: the next run asks it after all
    text = path.read_text().replace("review_cycle: 'no'", "review_cycle: 'yes'")
    path.write_text(text)
    assert [q.id for q in Interview(path, FOUR, never_asked, said.append).unanswered()] == [
        "learner_voice"
    ]


def test_a_follow_up_is_asked_when_the_earlier_answer_is_yes_or_unknown(tmp_path: Path) -> None:
    for earlier in ("yes", None):
        path = with_answers(tmp_path, review_cycle=earlier, learner_voice=None)
        interview = Interview(path, FOUR, never_asked, lambda _: None)
        assert not interview.moot(QUESTIONS["learner_voice"])


def test_a_rubric_whose_follow_up_depends_on_a_later_question_is_refused() -> None:
    raw = yaml.safe_load((ROOT / "rubrics" / "four-stages.yaml").read_text())
    for q in raw["questions"]:
        if q["id"] == "learner_voice":
            q["asked_if"]["when"] = {"question": "comms_plan", "is": "yes"}
        if q["id"] == "lead_school_gains":
            q["type"] = "choices"
    rubric = adapter().validate_python(raw)
    found = [d for d in diagnose(rubric) if d.code == "SC105"]
    assert len(found) == 1 and "comes after it" in found[0].message
    assert compile_rubric(rubric, "x", "0")  # it still compiles: the check is what refuses it


def test_the_report_is_written_beside_the_file_and_a_stranger_file_is_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ours.yaml"
    page = '<!doctype html><meta name="generator" content="stagecheck 1">'
    assert report_beside(path, page) == tmp_path / "ours.html"
    assert report_beside(path, page + "again") == tmp_path / "ours.html"  # ours: replaced
    assert (tmp_path / "ours.html").read_text().endswith("again")
    (tmp_path / "theirs.html").write_text("<p>my own page</p>")
    assert report_beside(tmp_path / "theirs.yaml", page) is None
    assert (tmp_path / "theirs.html").read_text() == "<p>my own page</p>"
    assert loader  # the loader reads the file the interview writes: see test_interview.py


def test_a_follow_up_no_longer_moot_is_answered_in_place_of_its_reason(tmp_path: Path) -> None:
    # regression: the answer was saved beside the moot reason, and the file no longer read
    path = with_answers(tmp_path, review_cycle="no", learner_voice=None)
    Interview(path, FOUR, never_asked, lambda _: None).run()
    path.write_text(path.read_text().replace("review_cycle: 'no'", "review_cycle: 'yes'"))
    typed = iter(["yes", "Pupil panel minutes", "", ""])  # answer, note, kind, no targets
    Interview(path, FOUR, lambda _: next(typed), lambda _: None).run()
    saved = yaml.safe_load(path.read_text())["answers"]["impact_and_review"]["learner_voice"]
    assert saved == {"answer": True, "evidence": ["Pupil panel minutes"]}
    assert assess(path).partnership.name
