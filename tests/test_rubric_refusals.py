"""Rubrics that `rubric check` must refuse or word plainly (the hostile pass on the issue-9
features): ids shared by criteria and practices, options that clash with the answer keys, a
format error reported once, messages without Python reprs; and an empty cell on a continuum."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, ROOT, Run
from stagecheck.core import loader
from stagecheck.core.checks import rules
from stagecheck.core.compiled import compile_rubric
from stagecheck.core.rubric import adapter
from stagecheck.exitcodes import ExitCode

ADVICE = "{step: Do it., effort: low, owner: head, sources: [table]}"
HEAD = """\
format: 1
id: hostile
version: "1.0"
title: Hostile
table: table
sources:
  - {id: table, title: The table, kind: blog post}
  - {id: lit, title: Literature, kind: review}
stages:
  - {id: low, name: Low}
  - {id: high, name: High}
groups:
  - {id: people, title: People}
questions:
  - id: lead
    group: people
    text: Who leads?
    type: choice
    options: [{value: teacher, label: A teacher}, {value: head, label: The head}]
  - {id: mou, group: people, text: An MOU?, type: boolean}
  - {id: plan, group: people, text: A plan?, type: boolean}
"""


def criterion(cid: str, question: str, value: str, source: str = "table") -> str:
    return (
        f"          - {{id: {cid}, text: {cid}., when: {{question: {question}, is: {value}}}, "
        f"sources: [{source}], advice: {ADVICE.replace('table', source)}}}\n"
    )


def dimension(did: str, criteria: str, practices: str = "", extra: str = "") -> str:
    return (
        f"  - id: {did}\n    name: {did}\n{extra}    cells:\n"
        "      - {stages: [low], descriptor: Low, sources: [table]}\n"
        "      - stages: [high]\n        descriptor: High\n        sources: [table]\n"
        f"        criteria:\n{criteria}" + (f"        practices:\n{practices}" if practices else "")
    )


def write(tmp_path: Path, text: str, name: str = "rubric.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def diagnostics(run: Run, path: Path, *, warnings: bool = False) -> list[dict[str, Any]]:
    """The errors `rubric check` finds (and its warnings too, if asked for)."""
    result = run("rubric", "check", path, "--format", "json")
    assert result.code in (ExitCode.OK, ExitCode.FAILED), str(result)
    found: list[dict[str, Any]] = json.loads(result.out)["diagnostics"]
    return [d for d in found if warnings or d["severity"] == "error"]


def where(text: str, marker: str, occurrence: int) -> tuple[int, int]:
    """line and column (1-based) of the `occurrence`-th (0-based) `marker` in `text`."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(marker, at + 1)
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


# --- ids: criteria and practices share one namespace, and so do retired questions ---

SHARED_IDS = {
    "practice-named-like-its-cell-criterion": (
        "dimensions:\n"
        + dimension(
            "leading",
            criterion("leading.head", "lead", "head"),
            criterion("leading.head", "mou", "yes", "lit"),
        ),
        "practice id 'leading.head' is used more than once (first by a criterion)",
    ),
    "the-same-practice-twice": (
        "dimensions:\n"
        + dimension(
            "leading",
            criterion("leading.head", "lead", "head"),
            criterion("leading.mou", "mou", "yes", "lit")
            + criterion("leading.mou", "plan", "yes", "lit"),
        ),
        "practice id 'leading.mou' is used more than once (first by a practice)",
    ),
    "a-practice-in-two-dimensions": (
        "dimensions:\n"
        + dimension(
            "leading",
            criterion("leading.head", "lead", "head"),
            criterion("shared.mou", "mou", "yes", "lit"),
        )
        + dimension(
            "planning",
            criterion("planning.plan", "plan", "yes"),
            criterion("shared.mou", "mou", "yes", "lit"),
        ),
        "practice id 'shared.mou' is used more than once (first by a practice)",
    ),
    "a-criterion-named-like-another-dimension-s-practice": (
        "dimensions:\n"
        + dimension(
            "leading",
            criterion("leading.head", "lead", "head"),
            criterion("leading.plan", "mou", "yes", "lit"),
        )
        + dimension("planning", criterion("leading.plan", "plan", "yes")),
        "criterion id 'leading.plan' is used more than once (first by a practice)",
    ),
    "a-retired-question-twice": (
        "dimensions:\n"
        + dimension("leading", criterion("leading.head", "lead", "head"))
        + "retired:\n"
        "  - {id: old, group: people, instead: write x}\n"
        "  - {id: old, group: people, instead: write y}\n",
        "retired question id 'old' is used more than once",
    ),
}


@pytest.mark.parametrize("case", sorted(SHARED_IDS))
def test_a_shared_id_is_refused_at_its_second_use(run: Run, tmp_path: Path, case: str) -> None:
    body, message = SHARED_IDS[case]
    text = HEAD + body
    path = write(tmp_path, text)
    found = diagnostics(run, path)
    assert [(d["code"], d["message"]) for d in found] == [("SC101", message)], found
    repeated = re.search(r"'([a-z_.]+)'", message)
    assert repeated is not None
    # located at the second id's value
    line, column = where(text, f"id: {repeated.group(1)}", 1)
    assert (found[0]["line"], found[0]["column"]) == (line, column + len("id: "))
    # and nothing can be scored with it: refused, never a crash
    blank = write(
        tmp_path,
        "partnership:\n  name: Blank\n  partners: [{name: A, sector: state}]\n",
        "blank.yaml",
    )
    result = run("assess", blank, "--rubric", path)
    assert result.code == ExitCode.ERROR, str(result)
    assert "SC101" in result.err


def test_compiling_never_lets_a_practice_stand_in_for_a_criterion(tmp_path: Path) -> None:
    body, _ = SHARED_IDS["practice-named-like-its-cell-criterion"]
    rubric = adapter().validate_python(loader.load(write(tmp_path, HEAD + body)).data)
    with pytest.raises(ValueError, match=r"dimension 'leading' has two criteria 'leading\.head'"):
        compile_rubric(rubric, "hostile.yaml", "0" * 64)


# --- options that are also the keys of a written answer ---


# --- a format error inside a dimension is reported once ---

BROKEN_DIMENSION = {
    "practices: nope": ("        practices: nope\n", "expected a list, found 'nope'"),
    "continuum: sometimes": ("", "'sometimes' is not a yes/no answer; write yes or no"),
    "applies: always": ("", "expected a mapping of keys and values, found 'always'"),
}


@pytest.mark.parametrize("edit", sorted(BROKEN_DIMENSION))
def test_a_broken_dimension_gives_one_error_not_a_missing_dimension_too(
    run: Run, tmp_path: Path, edit: str
) -> None:
    practices, message = BROKEN_DIMENSION[edit]
    body = dimension(
        "leading",
        criterion("leading.head", "lead", "head"),
        extra="    continuum: sometimes\n" if edit.startswith("continuum") else "",
    )
    if edit.startswith("applies"):
        body = body.replace(
            "sources: [table], advice:", "applies: always, sources: [table], advice:"
        )
    text = HEAD + "dimensions:\n" + body + practices
    path = write(tmp_path, text)
    found = diagnostics(run, path)
    assert len(found) == 1, found
    assert found[0]["code"] == "SC002" and found[0]["message"].startswith(message), found
    result = run("rubric", "check", path, "--format", "concise")
    assert "needs at least one entry" not in result.out
    assert "1 error, 0 warnings" in result.err


def test_an_empty_list_is_still_too_short(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "dimensions: []\n")
    found = diagnostics(run, path)
    assert [(d["path"], d["message"]) for d in found] == [
        ("dimensions", "needs at least one entry; add one")
    ]


# --- messages say what was found, never a Python repr ---

WORDING = {
    "continuum left blank": (
        "    continuum:\n",
        "expected yes or no, found nothing; write yes or no",
    ),
    "continuum as a list": (
        "    continuum: [true]\n",
        "expected yes or no, found a list; write yes or no",
    ),
}


@pytest.mark.parametrize("case", sorted(WORDING))
def test_a_continuum_that_is_not_yes_or_no_is_said_plainly(
    run: Run, tmp_path: Path, case: str
) -> None:
    extra, message = WORDING[case]
    path = write(
        tmp_path,
        HEAD
        + "dimensions:\n"
        + dimension("leading", criterion("leading.head", "lead", "head"), extra=extra),
    )
    found = diagnostics(run, path)
    assert [d["message"] for d in found] == [message]


def test_a_condition_on_a_question_with_no_options_says_so(run: Run, tmp_path: Path) -> None:
    text = (
        HEAD.replace(
            "  - {id: plan, group: people, text: A plan?, type: boolean}\n",
            "  - {id: sectors, group: people, text: Sectors, type: choices, "
            "derived: partner_sectors}\n",
        )
        + "dimensions:\n"
        + dimension(
            "leading",
            criterion("leading.head", "lead", "head")
            + "          - {id: leading.indie, text: Indie., "
            "when: {question: sectors, includes_any: [independent]}, "
            f"sources: [table], advice: {ADVICE}}}\n",
        )
    )
    found = diagnostics(run, write(tmp_path, text))
    messages = {d["code"]: d["message"] for d in found}
    assert messages["SC104"] == "choices question 'sectors' has no options"
    assert messages["SC105"] == (
        "'independent' cannot be compared: choices question 'sectors' has no options; give it "
        "its options"
    )
    assert not any(m.rstrip().endswith("one of") for m in messages.values())


# --- a cell with nothing to meet, on a continuum ---

EMPTY_TOP = (
    HEAD.replace(
        "  - {id: high, name: High}\n", "  - {id: mid, name: Mid}\n  - {id: high, name: High}\n"
    )
    + "dimensions:\n"
    + dimension("leading", criterion("leading.head", "lead", "head")).replace(
        "stages: [high]", "stages: [mid]"
    )
    + "      - {stages: [high], descriptor: Nationally recognised, sources: [table]}\n"
)


def stage_of(run: Run, rubric: Path, partnership: Path) -> tuple[str, str]:
    result = run("assess", partnership, "--rubric", rubric, "--format", "json")
    assert result.code == ExitCode.OK, str(result)
    record = json.loads(result.out)
    return record["overall"]["stage"], record["dimensions"][0]["stage"]


def test_an_empty_top_cell_is_not_where_a_blank_file_lands(run: Run, tmp_path: Path) -> None:
    rubric = write(tmp_path, EMPTY_TOP)
    found = diagnostics(run, rubric, warnings=True)
    assert ("SC203", "warning") in [(d["code"], d["severity"]) for d in found]
    assert not [d for d in found if d["severity"] == "error"]
    header = "partnership:\n  name: P\n  partners: [{name: A, sector: state}]\n"
    blank = write(tmp_path, header, "blank.yaml")
    assert stage_of(run, rubric, blank) == ("low", "low")  # it was "high"
    teacher = write(tmp_path, header + "answers:\n  people: {lead: teacher}\n", "teacher.yaml")
    assert stage_of(run, rubric, teacher) == ("low", "low")
    # a cell with nothing to meet is still reached by climbing to it from a met cell below
    head = write(tmp_path, header + "answers:\n  people: {lead: head}\n", "head.yaml")
    assert stage_of(run, rubric, head) == ("high", "high")


def test_sc203_stays_a_warning_and_the_doc_says_why() -> None:
    rule = next(r for r in rules() if r.code == "SC203")
    assert rule.severity == "warning"
    doc = (ROOT / "docs" / "rubric-checks.md").read_text("utf-8")
    section = doc[doc.index("## SC203") : doc.index("## SC204")]
    assert "Severity: warning." in section
    assert "continuum" in section and "never by a file that answers nothing" in section


def test_an_empty_list_of_options_in_a_condition_is_located_not_a_crash(
    run: Run, tmp_path: Path
) -> None:
    # found by the rubric fuzzer: `in: []` made the "too short" wording index into nothing
    text = MINI.read_text(encoding="utf-8")
    first = re.search(r"when: \{question: (\w+), is: [^}]+\}", text)
    assert first is not None
    path = tmp_path / "rubric.yaml"
    path.write_text(text.replace(first[0], f"when: {{question: {first[1]}, in: []}}", 1))
    result = run("rubric", "check", path, "--format", "concise")
    assert result.code == ExitCode.FAILED, result
    assert f"{path}:" in result.out + result.err, result
