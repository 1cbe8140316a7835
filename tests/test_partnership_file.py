"""The partnership file as pydantic validates it: the findings of the hostile pass on the file
format (issue 9's features), each with the file that showed it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINI, Run
from stagecheck.authoring.prompts import read_answer
from stagecheck.core import loader, partnership, values
from stagecheck.core.compiled import load_rubric
from stagecheck.core.errors import InputError
from stagecheck.core.outcome import Fact
from stagecheck.core.rubric import Option, Question
from stagecheck.exitcodes import ExitCode
from test_hostile import CountedList

HEAD = "partnership:\n  name: T\n  partners: [{name: A, sector: state}]\nanswers:\n"


def written(tmp_path: Path, answers: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + answers, encoding="utf-8")
    return path


def staff(tmp_path: Path, said: str) -> Path:
    return written(tmp_path, f"  money_and_staff:\n    dedicated_staff: {said}\n")


# --- 1. a lower bound with thousands of digits ----------------------------------------------


def test_a_lower_bound_with_thousands_of_digits_is_too_large_not_a_crash(
    run: Run, tmp_path: Path
) -> None:
    path = staff(tmp_path, "more than " + "9" * 4400)
    result = run("assess", path)
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err.startswith(
        f"{path}:6:22: answers.money_and_staff.dedicated_staff: 'more than 9999999999999999999"
    )
    assert "...' is too large a number; give a count such as 4" in result.err


def test_a_huge_bound_in_a_batch_is_reported_and_the_other_files_scored(
    run: Run, tmp_path: Path
) -> None:
    staff(tmp_path, "more than " + "9" * 4400)
    staff(tmp_path, "at least 4").rename(tmp_path / "good.yaml")
    staff(tmp_path, "more than " + "9" * 4400)
    result = run("assess", tmp_path, "-f", "jsonl")
    assert result.code == ExitCode.ERROR
    records = [line for line in result.out.splitlines() if '"type":"rubric"' not in line]
    assert len(records) == 1  # good.yaml scored
    assert "is too large a number" in result.err


def test_leading_zeros_do_not_count_towards_the_digits() -> None:
    q = Question(id="n", group="g", text="N?", type="integer")
    assert values.number(q, "at least " + "0" * 5000 + "12", bounds=True) == (12, True)


# --- 5. locating the problems of a big option mapping ---------------------------------------


def test_locating_the_problems_of_a_big_option_mapping_walks_it_once(tmp_path: Path) -> None:
    keys = "".join(f"      k{i}: yes\n" for i in range(3_000))
    path = written(tmp_path, f"  communication_and_reach:\n    audiences:\n{keys}")
    document = loader.load(path)
    options = document.root.value[1][1].value[0][1].value[0][1]  # answers.group.audiences
    options.value = CountedList(options.value)
    CountedList.walks = 0
    with pytest.raises(InputError) as raised:
        partnership.validate(document, load_rubric("four-stages").rubric)
    assert len(raised.value.problems) == 3_000
    assert raised.value.problems[-1].line == 3_006
    assert CountedList.walks == 1  # was once per problem: quadratic in the number of keys


# --- 6. the same option twice ---------------------------------------------------------------


def test_the_same_option_twice_in_another_case_is_refused(run: Run, tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "  communication_and_reach:\n    audiences:\n      parents: yes\n      Parents: no\n"
        '      " students ": no\n      students: yes\n',
    )
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert result.err.splitlines() == [
        f"{path}:8:7: answers.communication_and_reach.audiences.Parents: 'Parents' is the "
        "option 'parents' again (first given on line 7); keep one",
        f"{path}:10:7: answers.communication_and_reach.audiences.students: 'students' is the "
        "option 'students' again (first given on line 9); keep one",
    ]


# --- 10. an option named like a key of an answer with evidence ------------------------------


@pytest.mark.parametrize("name", ["answer", "evidence", "not_applicable"])
def test_the_rubric_format_refuses_an_option_named_like_an_answer_key(
    run: Run, tmp_path: Path, name: str
) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        MINI.read_text("utf-8").replace("{value: trust, ", f"{{value: {name}, "), "utf-8"
    )
    result = run("rubric", "check", rubric)
    assert result.code == ExitCode.FAILED
    assert (
        f"questions[5].options[1].value: '{name}' cannot be an option: a partnership file "
        "writes answer, evidence and not_applicable for an answer with its evidence; rename it"
    ) in " ".join(run("assess", rubric, "-r", rubric).err.split())


# --- 11. `>` and `>=` -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "where", "message"),
    [
        (">= 3", "6:23", "has a value starting with > or |, which YAML reads as the start of a "),
        (">5", "6:22", "has a value starting with > or |, which YAML reads as a block of text, "),
        ('"> 5"', "6:22", "'> 5' is not a whole number; write a lower bound in words"),
        ('">= 5"', "6:22", "'>= 5' is not a whole number; write a lower bound in words"),
        # a bound in words is told to write its number in digits (found by a new-user trial)
        ("at least three", "6:22", "write the bound in digits, e.g. 'at least 4'"),
        ("more than ten", "6:22", "write the bound in digits, e.g. 'at least 4'"),
    ],
)
def test_greater_than_signs_are_not_a_lower_bound_and_say_so(
    run: Run, tmp_path: Path, said: str, where: str, message: str
) -> None:
    path = staff(tmp_path, said)
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert result.err.startswith(f"{path}:{where}: "), str(result)
    assert message in result.err


def test_the_schema_pattern_has_no_greater_than_signs() -> None:
    assert "<" not in values.BOUND_PATTERN and ">" not in values.BOUND_PATTERN


# --- 12. wording ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            "  communication_and_reach:\n    audiences: {parents: [yes], students: {a: b}}\n",
            "audiences.parents: expected yes, no or unknown, found a list",
        ),
        (
            "  money_and_staff:\n    dedicated_staff: more than 1000\n",
            "dedicated_staff: 'more than 1000' is above the maximum of 1000; give at most 1000",
        ),
        (
            "  money_and_staff:\n    dedicated_staff: more than 999999999999999999999\n",
            "dedicated_staff: 'more than 999999999999999999999' is too large a number",
        ),
        (
            "  money_and_staff:\n    dedicated_staff: at least -3\n",
            "dedicated_staff: 'at least -3' is below the minimum of 0; give at least 0",
        ),
        ("  money_and_staff:\n    dedicated_staff: -3+\n", "'-3+' is below the minimum of 0"),
        ('  money_and_staff:\n    dedicated_staff: "²"\n', "'²' is not a whole number"),
        (
            "  communication_and_reach:\n    audiences: {parents: yes, answer: yes}\n",
            "audiences.answer: 'yes' is not allowed; use one of",
        ),
    ],
)
def test_messages_quote_what_was_written_in_plain_words(
    run: Run, tmp_path: Path, answers: str, message: str
) -> None:
    result = run("assess", written(tmp_path, answers))
    assert result.code == ExitCode.ERROR
    assert message in result.err, str(result)
    assert "['" not in result.err and "{'" not in result.err


def test_a_stage_that_is_a_list_is_named_as_a_list(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "expected:\n  overall: [emerging]\n", "utf-8")
    result = run("assess", path)
    assert f"{path}:6:3: expected.overall: expected a stage, found a list; use one of " in (
        result.err
    )


# --- 13. did-you-mean never proposes a derived question -------------------------------------


def test_did_you_mean_never_proposes_a_question_that_is_not_answered(
    run: Run, tmp_path: Path
) -> None:
    path = written(tmp_path, "  money_and_staff:\n    partner_sector: [state]\n")
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert "unknown question 'partner_sector'; the questions here are " in result.err
    assert "partner_sectors" not in result.err


# --- 14. only the digits 0-9 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "ascii_digits"),
    [
        ('"\u0661\u0662"', "12"),
        ('"at least \uff11\uff12"', "at least 12"),
        ('"\u0661\u0662+"', "12+"),
    ],
)
def test_digits_other_than_0_to_9_are_refused_with_the_number_in_0_to_9(
    run: Run, tmp_path: Path, said: str, ascii_digits: str
) -> None:
    result = run("assess", staff(tmp_path, said))
    assert result.code == ExitCode.ERROR
    assert f"has digits other than 0-9; write it as '{ascii_digits}'" in result.err


def test_a_rubric_condition_takes_only_the_digits_0_to_9() -> None:
    q = Question(id="n", group="g", text="N?", type="integer")
    assert values.read_scalar(q, "\u0661\u0660") == (
        None,
        "'\u0661\u0660' has digits other than 0-9; write it as '10'",
    )


# --- 15. control characters in an option mapping --------------------------------------------


def test_control_characters_in_an_option_mapping_never_reach_the_terminal(
    run: Run, tmp_path: Path
) -> None:
    path = written(
        tmp_path,
        "  communication_and_reach:\n    audiences:\n"
        '      "\\e[31mparents\\e]0;pwned\\a": yes\n      students: "\\e[2Jyes"\n',
    )
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert "audiences.\\x1b[31mparents\\x1b]0;pwned\\x07: '\\x1b[31mparents" in result.err
    assert "'\\x1b[2Jyes' is not yes, no or unknown" in result.err


# --- 16. the interview's choice numbers -----------------------------------------------------


@pytest.mark.parametrize("typed", ["9" * 5000, "²", "\u0661"])
def test_the_interview_takes_a_long_number_or_a_superscript_as_no_choice(typed: str) -> None:
    q = Question(
        id="lead",
        group="g",
        text="Who?",
        type="choice",
        options=(Option(value="head", label="Head"), Option(value="teacher", label="Teacher")),
    )
    assert "is not one of the choices" in str(read_answer(q, typed))


# --- the forms of an answer, and the facts they give ----------------------------------------


def facts(tmp_path: Path, answers: str) -> dict[str, Fact]:
    document = loader.load(written(tmp_path, answers))
    found = partnership.validate(document, load_rubric("four-stages").rubric).facts
    return {k: v for k, v in found.items() if k != "partner_sectors"}


def test_every_form_of_an_answer_gives_its_fact(tmp_path: Path) -> None:
    found = facts(
        tmp_path,
        "  money_and_staff:\n    dedicated_staff: 12 or More\n    funding_known: YES\n"
        "    funding_sources: {answer: [core_budget, Sponsors], evidence: a note}\n"
        "    costed: {not_applicable: no budget, evidence: [a, b]}\n    funding_secure:\n"
        "  communication_and_reach:\n    audiences: {parents: yes, alumni: no, donors: '?'}\n",
    )
    shown = {
        k: (f.value, f.not_applicable, f.evidence, f.open, f.at_least) for k, f in found.items()
    }
    q = next(q for q in load_rubric("four-stages").rubric.questions if q.id == "audiences")
    audiences = frozenset(o.value for o in q.options)
    assert shown == {
        "dedicated_staff": (12, None, (), frozenset(), True),
        "funding_known": (True, None, (), frozenset(), False),
        "funding_sources": ({"core_budget", "sponsors"}, None, ("a note",), frozenset(), False),
        "costed": (None, "no budget", ("a", "b"), frozenset(), False),
        "audiences": (frozenset({"parents"}), None, (), audiences - {"parents", "alumni"}, False),
    }  # fmt: skip


def test_the_schema_allows_a_format_written_as_text_and_any_case(tmp_path: Path) -> None:
    from stagecheck.rubric.schema import partnership_schema

    schema = json.dumps(partnership_schema(load_rubric("four-stages").rubric))
    assert '"enum": [1, "1"]' in schema
    assert "[sS][eE][nN][iI][oO][rR]" in schema  # lead: Senior
    assert "[yY][eE][sS]" in schema  # mou: yEs
    assert "uniqueItems" not in schema  # funders: [school, school]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("{not_applicable: '  '}", "mou.not_applicable: say why it is not applicable"),
        ("{answer: yes, evidence: ''}", "mou.evidence: each piece of evidence is a note"),
    ],
)
def test_blank_reasons_and_evidence_are_refused(
    run: Run, tmp_path: Path, answer: str, message: str
) -> None:
    result = run("assess", written(tmp_path, f"  people:\n    mou: {answer}\n"), "-r", MINI)
    assert result.code == ExitCode.ERROR
    assert message in result.err, str(result)


def test_blank_answers_say_nothing(tmp_path: Path) -> None:
    document = loader.load(
        written(
            tmp_path,
            "  people:\n    mou: {answer: , evidence: }\n    goals:\n"
            "  money:\n    funders: {school: , trust: no}\n",
        )
    )
    found = partnership.validate(document, load_rubric(str(MINI)).rubric).facts
    assert found == {"funders": Fact(frozenset(), open=frozenset({"school"}))}


def test_a_rubric_value_of_the_wrong_kind_is_named_by_its_kind(run: Run, tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    text = MINI.read_text("utf-8").replace(
        "  - id: leading\n", "  - id: leading\n    continuum: [x]\n"
    )
    rubric.write_text(text, "utf-8")
    result = run("rubric", "check", rubric)
    assert "SC002 expected yes or no, found a list" in result.out, str(result)
