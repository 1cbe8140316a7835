"""Dimensions read beside the stage (`overall.dimensions`), and the deep-and-tight rubric that
uses them: the spectrum places a group, deep and tight are read on their own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import MINI, ROOT, Run
from stagecheck.api import assess
from stagecheck.core.record import DimensionResult, Record
from stagecheck.exitcodes import ExitCode

DEEP = ROOT / "rubrics" / "deep-and-tight.yaml"
DEEP_EXAMPLES = ROOT / "examples" / "deep-and-tight"


def score(tmp_path: Path, answers: dict[str, Any], rubric: Path | str) -> Record:
    path = tmp_path / "p.yaml"
    body = {
        "partnership": {"name": "Test", "partners": [{"name": "A", "sector": "state"}]},
        "answers": answers,
    }
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    return assess(path, str(rubric))


def dim(record: Record, dimension: str) -> DimensionResult:
    return next(d for d in record.dimensions if d.id == dimension)


# --- the format: overall.dimensions on the small test rubric ----------------------------------


@pytest.fixture
def leading_decides(mini_copy: Path) -> Path:
    text = mini_copy.read_text("utf-8")
    mini_copy.write_text(text + "overall:\n  rule: weakest\n  dimensions: [leading]\n", "utf-8")
    return mini_copy


# leading reaches the top; finance is held at low (no funder) and coherence is unanswered
ANSWERS = {"people": {"lead": "head", "mou": "yes"}, "money": {"staff": "6"}}


def test_only_the_deciding_dimensions_set_the_overall_stage(
    tmp_path: Path, leading_decides: Path
) -> None:
    everything = score(tmp_path, ANSWERS, MINI)
    assert everything.overall.stage == "low"  # finance holds it down when every row decides
    record = score(tmp_path, ANSWERS, leading_decides)
    o = record.overall
    assert (o.stage, o.holding_back, o.provisional, o.unconfirmed) == ("high", [], False, [])
    assert o.index == dim(record, "leading").index  # the index is the deciding rows' mean
    assert [d.decides_overall for d in record.dimensions] == [True, False, False]


def test_a_dimension_read_beside_the_stage_is_named_by_its_cells_words(
    tmp_path: Path, leading_decides: Path
) -> None:
    finance = dim(score(tmp_path, ANSWERS, leading_decides), "finance")
    assert finance.stage_label == "Shoestring"  # the cell's words, never the stage "Low"
    assert finance.reason == (
        "Provisional: answer 1 question to see whether it reaches 'Aware of funding'."
    )
    coherence = dim(
        score(tmp_path, ANSWERS | {"people": {"goals": "yes"}}, leading_decides), "coherence"
    )
    assert coherence.stage_label == "Cohesive"  # no "(stages 2-3: ...)" for a merged cell


def test_json_marks_each_dimension_and_first_steps_start_with_the_deciding_ones(
    run: Run, tmp_path: Path, leading_decides: Path
) -> None:
    path = tmp_path / "p.yaml"
    body = {
        "partnership": {"name": "Test", "partners": [{"name": "A", "sector": "state"}]},
        "answers": {"people": {"lead": "senior", "mou": "yes"}},
    }
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    result = run("assess", path, "--rubric", leading_decides, "--format", "json")
    record = json.loads(result.out)
    assert {d["id"]: d["decides_overall"] for d in record["dimensions"]} == {
        "leading": True,
        "coherence": False,
        "finance": False,
    }
    assert record["overall"]["holding_back"] == ["leading"]
    assert record["first_steps"][0]["dimension"] == "leading"


@pytest.mark.parametrize(
    ("listed", "column", "message"),
    [
        ("[leadng]", 16, "names 'leadng', which is not a dimension (did you mean 'leading'?)"),
        ("[leading, leading]", 25, "names 'leading' more than once"),
    ],
)
def test_rubric_check_refuses_an_unknown_or_repeated_dimension(
    run: Run, mini_copy: Path, listed: str, column: int, message: str
) -> None:
    text = mini_copy.read_text("utf-8") + f"overall:\n  rule: weakest\n  dimensions: {listed}\n"
    mini_copy.write_text(text, "utf-8")
    result = run("rubric", "check", mini_copy, "--format", "json")
    assert result.code == ExitCode.FAILED, str(result)
    (d,) = [d for d in json.loads(result.out)["diagnostics"] if d["code"] != "SC205"]
    assert d["code"] == "SC113" and message in d["message"], d
    assert (d["line"], d["column"]) == (len(text.splitlines()), column)  # the id listed
    assert (
        run(
            "assess", ROOT / "tests" / "data" / "partnerships" / "mixed.yaml", "--rubric", mini_copy
        ).code
        == ExitCode.ERROR
    )


def test_an_empty_list_is_refused_while_reading(run: Run, mini_copy: Path) -> None:
    mini_copy.write_text(
        mini_copy.read_text("utf-8") + "overall:\n  rule: weakest\n  dimensions: []\n", "utf-8"
    )
    result = run("rubric", "check", mini_copy, "--format", "json")
    assert [d["code"] for d in json.loads(result.out)["diagnostics"]] == ["SC110"]


# --- every format shows the readings apart from the stage -------------------------------------

FEDERATION = DEEP_EXAMPLES / "tight-not-deep-federation.yaml"


def test_the_table_shows_the_stage_then_the_readings_apart(run: Run) -> None:
    out = run("assess", FEDERATION).out
    stage_table, beside = out.split("Read beside the stage", 1)
    assert "Place on the spectrum" in stage_table
    assert "(deep)" not in stage_table and "(tight)" not in stage_table
    assert "(deep)" in beside and "(tight)" in beside
    assert "Not yet deep:" in beside and "Tight: a hard" in beside
    assert "Overall stage: ■■■■□ Federation or academy chain" in stage_table


def test_markdown_and_html_have_a_section_read_beside_the_stage(run: Run) -> None:
    md = run("assess", FEDERATION, "--format", "markdown").out
    profile, rest = md.split("## Read beside the stage", 1)
    assert "(deep)" not in profile.split("## Stage profile", 1)[1]
    assert "| Developing leaders jointly (deep) | Not yet deep" in rest
    assert "towards 'Deep: the schools develop leaders jointly'" in rest
    page = run("assess", FEDERATION, "--format", "html").out
    assert '<h2 id="beside">Read beside the stage</h2>' in page
    assert "Working alone" not in page.split('id="beside"', 1)[1].split("</section>", 1)[0]


def test_a_portfolio_and_a_csv_put_the_readings_after_the_stage(run: Run) -> None:
    table = run("assess", DEEP_EXAMPLES).out
    assert "Read beside the stage (it does not change it):" in table
    assert "Teacher-to-teacher learning and research (deep): 6 at 'Not yet deep" in table
    rows = list(csv.reader(io.StringIO(run("assess", DEEP_EXAMPLES, "--format", "csv").out)))
    head = rows[0]
    assert head[head.index("provisional") + 1 :] == [
        "spectrum",
        "teacher_learning",
        "leadership_development",
        "accountability",
        "below_gates",
        "asserted_share",
    ]
    federation = next(r for r in rows if r[0].endswith("tight-not-deep-federation.yaml"))
    assert federation[7:11] == ["federation_or_chain", "1 of 2", "1 of 2", "2 of 2"]
    md = run("assess", DEEP_EXAMPLES, "--format", "markdown").out
    assert "| Overall | Index | *Tea* | *Dev* | *Acc* |" in md
    page = run("assess", DEEP_EXAMPLES, "--format", "html").out
    assert "<h3>Read beside the stage</h3>" in page


# --- deep-and-tight: the post's spectrum, read by hand ----------------------------------------

NOTHING: dict[str, dict[str, Any]] = {
    "structure": {"form": "none", "shared_governance": "no"},
    "accountability": {
        "data_shared": "none",
        "peer_reviews_per_year": "0",
        "held_to_account_jointly": "no",
    },
    "teachers": {
        "joint_cpd_sessions": "0",
        "specialist_staff_shared": "no",
        "teachers_coach_across": "no",
        "joint_enquiry": "no",
        "teaching_approach": "each_own",
    },
    "leaders": {
        "leaders_meet": "rarely",
        "joint_leadership_development": "no",
        "executive_leader": "no",
        "leaders_across_schools": "no",
        "shared_succession": "no",
    },
}
EVERY_PRACTICE = {
    "accountability": {"data_shared": "common_system", "peer_reviews_per_year": "4"},
    "teachers": {"joint_cpd_sessions": "6", "specialist_staff_shared": "yes"},
    "leaders": {
        "leaders_meet": "half_termly",
        "executive_leader": "yes",
        "leaders_across_schools": "yes",
        "shared_succession": "yes",
    },
}
DEEP_AND_TIGHT = {
    "structure": {"shared_governance": "yes"},
    "accountability": {"held_to_account_jointly": "yes"},
    "teachers": {"teachers_coach_across": "yes", "joint_enquiry": "yes"},
    "leaders": {"joint_leadership_development": "yes"},
}


def answers(*changes: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    out = {group: dict(values) for group, values in NOTHING.items()}
    for change in changes:
        for group, values in change.items():
            out[group].update(values)
    return out


def form(value: str, approach: str = "each_own") -> dict[str, dict[str, str]]:
    return {"structure": {"form": value}, "teachers": {"teaching_approach": approach}}


# (what the group is, its answers, the point of the spectrum the post gives it)
POINTS = [
    ("schools on their own", form("none"), "working_alone"),
    ("an informal cluster", form("informal_cluster"), "informal_cluster"),
    ("a more formal partnership", form("formal_agreement"), "formal_partnership"),
    ("a soft federation", form("soft_federation"), "federation_or_chain"),
    ("a hard federation", form("federation"), "federation_or_chain"),
    ("an academy chain", form("academy_chain"), "federation_or_chain"),
    (
        "a chain evolving a shared approach",
        form("academy_chain", "shared_evolving"),
        "shared_teaching",
    ),
    ("a federation with one shared approach", form("federation", "shared"), "shared_teaching"),
    # one criterion of the far end missing: not a chain or federation, or no shared approach
    (
        "a formal partnership with a shared approach",
        form("formal_agreement", "shared"),
        "formal_partnership",
    ),
    (
        "a chain with some shared elements",
        form("academy_chain", "some_shared"),
        "federation_or_chain",
    ),
]


@pytest.mark.parametrize(("case", "given", "stage"), POINTS, ids=[p[0] for p in POINTS])
def test_the_spectrum_places_a_group_by_its_form_whatever_else_it_does(
    tmp_path: Path, case: str, given: dict[str, dict[str, str]], stage: str
) -> None:
    bare = score(tmp_path, answers(given), "deep-and-tight")
    assert (bare.overall.stage, dim(bare, "spectrum").stage) == (stage, stage), case
    assert not dim(bare, "spectrum").conflicts  # a shared approach alone is no disagreement
    # practices and the deep and tight readings, all met, move nothing
    full = score(tmp_path, answers(given, EVERY_PRACTICE, DEEP_AND_TIGHT), "deep-and-tight")
    assert full.overall.stage == stage, case
    assert [d.stage for d in full.dimensions if not d.decides_overall] == [
        "informal_cluster"  # the met cell of each reading, which spans stages 2 to 5
    ] * 3


@pytest.mark.parametrize(
    ("dimension", "met"),
    [
        (
            "teacher_learning",
            {"teachers": {"teachers_coach_across": "yes", "joint_enquiry": "yes"}},
        ),
        ("leadership_development", {"leaders": {"joint_leadership_development": "yes"}}),
        (
            "accountability",
            {
                "structure": {"shared_governance": "yes"},
                "accountability": {"held_to_account_jointly": "yes"},
            },
        ),
    ],
)
def test_each_reading_needs_every_one_of_its_conditions(
    tmp_path: Path, dimension: str, met: dict[str, dict[str, str]]
) -> None:
    assert (
        dim(score(tmp_path, answers(met), "deep-and-tight"), dimension).stage == "informal_cluster"
    )
    for group, values in met.items():
        for question in values:
            one_missing = {
                g: {q: v for q, v in vs.items() if (g, q) != (group, question)}
                for g, vs in met.items()
            }
            reading = dim(score(tmp_path, answers(one_missing), "deep-and-tight"), dimension)
            assert reading.stage == "working_alone", (dimension, question)
            assert reading.stage_label.startswith("Not yet")


# The groups of the table, as the shipped examples describe them, and where the post
# puts them (1.0.0 gave 2, 2, 3 at most, 3 and 1).
POST = {
    "typical-academy-chain.yaml": "federation_or_chain",
    "tight-not-deep-federation.yaml": "federation_or_chain",
    "soft-federation.yaml": "federation_or_chain",
    "one-approach-chain.yaml": "shared_teaching",
    "loose-cpd-network.yaml": "informal_cluster",
}


@pytest.mark.parametrize(("example", "stage"), sorted(POST.items()))
def test_real_kinds_of_group_land_where_the_post_puts_them(example: str, stage: str) -> None:
    record = assess(DEEP_EXAMPLES / example)
    assert record.overall.stage == stage
    assert record.overall.holding_back in ([], ["spectrum"])
