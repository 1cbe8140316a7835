"""Targets through the CLI: a stage per dimension by a date, judged met, due or overdue on the
assessment's date (fixed in each file here, so nothing depends on today), in every report;
`--fail-on-missed-target`; `init --target` and the interview's offer. Located errors for bad
targets are cases in tests/data/invalid/cases.yaml."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from conftest import MINI, ROOT, Golden, Run
from stagecheck.api import assess
from stagecheck.core import targets
from stagecheck.core.compiled import load_rubric
from stagecheck.exitcodes import ExitCode

HEAD = """\
partnership:
  name: Hill and Vale
  partners:
    - {name: Hill School, sector: state}
"""
ANSWERS = """\
answers:
  people: {lead: senior, mou: yes, goals: yes}
  money: {staff: 2, funders: [school], fee_income: no}
"""
# with these answers, on the mini rubric: leading mid, coherence mid..high (one cell), finance mid
DATED = "assessed: {date: 2026-09-01}\n"


def write(tmp_path: Path, targets_block: str, *, dated: bool = True, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + (DATED if dated else "") + targets_block + ANSWERS, encoding="utf-8")
    return path


MIXED = """\
targets:
  leading: high by 2027-07
  coherence: {stage: high, by: 2026-01}
  finance: {stage: high, by: 2026-08-31}
"""


def test_targets_met_due_and_overdue_in_both_forms(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    result = run("assess", path, "--rubric", MINI, "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    record = json.loads(result.out)
    assert record["schema_version"] == 4
    assert record["targets_as_of"] == "2026-09-01"
    got = {t["dimension"]: t for t in record["targets"]}
    assert [t["dimension"] for t in record["targets"]] == ["leading", "coherence", "finance"]
    leading, coherence, finance = got["leading"], got["coherence"], got["finance"]
    assert (leading["status"], leading["distance"], leading["by"]) == ("due", 1, "2027-07-31")
    assert leading["days_left"] == (dt.date(2027, 7, 31) - dt.date(2026, 9, 1)).days
    assert (leading["reached"], leading["reached_label"], leading["by_written"]) == (
        "mid",
        "Mid",
        "2027-07",
    )
    # high lies in the merged mid..high cell, which is reached: met, and said so
    assert (coherence["status"], coherence["distance"]) == ("met", 0)
    assert "met when that cell is reached" in coherence["note"]
    assert (finance["status"], finance["distance"], finance["days_left"]) == ("overdue", 1, -1)
    # a target never changes a stage
    plain = json.loads(
        run("assess", write(tmp_path, "", name="q.yaml"), "-r", MINI, "-f", "json").out
    )
    assert [d["stage"] for d in plain["dimensions"]] == [d["stage"] for d in record["dimensions"]]
    assert plain["targets"] == [] and plain["targets_as_of"] is None


def test_without_an_assessment_date_targets_are_judged_on_today(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "targets:\n  leading: high by 2999-01\n", dated=False)
    result = run("assess", path, "--rubric", MINI, "-f", "json")
    record = json.loads(result.out)
    assert record["targets_as_of"] == dt.date.today().isoformat()
    assert record["targets"][0]["status"] == "due"
    markdown = run("assess", path, "--rubric", MINI, "-f", "markdown").out
    assert "the file gives no assessment date" in markdown


def test_every_report_shows_the_targets(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    table = run("assess", path, "--rubric", MINI).out
    assert "Targets" in table and "Overdue by 1 day" in table
    assert "1 met, 1 due, 1 overdue; judged on 2026-09-01, the assessment's date." in table
    markdown = run("assess", path, "--rubric", MINI, "-f", "markdown").out
    assert (
        "| Leading | High by 2027-07 | Mid | 1 stage to go | Due in 11 months (2027-07-31) |"
        in markdown
    )
    html = run("assess", path, "--rubric", MINI, "-f", "html").out
    assert '<h2 id="targets">Targets</h2>' in html
    assert "<td>Overdue by 1 day (2026-08-31)</td>" in html
    docx_path = tmp_path / "report.docx"
    assert run("assess", path, "--rubric", MINI, "-o", docx_path).code == ExitCode.OK
    import docx

    cells = [c.text for t in docx.Document(str(docx_path)).tables for r in t.rows for c in r.cells]
    assert "High by 2027-07" in cells and "Overdue by 1 day (2026-08-31)" in cells


def test_the_targets_section_of_the_table_golden(run: Run, golden: Golden) -> None:
    table = run("assess", ROOT / "examples" / "regional-hub.yaml").out
    section = table[table.index("Targets") : table.index("╭─ First steps")]
    golden("targets-table-regional-hub.txt", section)


def test_fail_on_missed_target_exits_1_for_an_overdue_target(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    assert run("assess", path, "-r", MINI).code == ExitCode.OK  # only when asked
    result = run("assess", path, "-r", MINI, "--fail-on-missed-target")
    assert result.code == ExitCode.FAILED
    assert (
        f"stagecheck: {path}: missed the target finance=high by 2026-08-31 "
        "(--fail-on-missed-target)" in result.err
    )
    assert "coherence" not in result.err  # met, though its date has passed
    due_only = write(tmp_path, "targets:\n  leading: high by 2027-07\n", name="due.yaml")
    assert run("assess", due_only, "-r", MINI, "--fail-on-missed-target").code == ExitCode.OK


def test_fail_on_missed_target_in_a_batch(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    write(folder, MIXED, name="missed.yaml")
    write(folder, "targets:\n  leading: high by 2027-07\n", name="due.yaml")
    result = run("assess", folder, "-r", MINI, "--fail-on-missed-target", "-f", "csv")
    assert result.code == ExitCode.FAILED, str(result)
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO(result.out))}
    assert rows[str(folder / "due.yaml")]["below_gates"] == ""
    assert rows[str(folder / "missed.yaml")]["below_gates"] == "target finance=high by 2026-08-31"
    assert "1 below a gate" in result.err
    assert run("assess", folder, "-r", MINI, "-f", "csv").code == ExitCode.OK


def test_init_writes_targets_given_and_refuses_a_past_date(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    result = run(
        "init",
        path,
        "--target",
        "leadership=regional@2999-07",
        "--target",
        "coherence=3@2999-01-15",
    )
    assert result.code == ExitCode.OK, str(result)
    text = path.read_text("utf-8")
    assert (
        "targets:\n  leadership: regional by 2999-07\n  coherence: regional by 2999-01-15\n" in text
    )
    record = assess(path)
    assert [(t.dimension, t.stage, t.by.isoformat()) for t in record.targets] == [
        ("leadership", "regional", "2999-07-31"),
        ("coherence", "regional", "2999-01-15"),
    ]
    past = run("init", tmp_path / "old.yaml", "--target", "leadership=regional@2020-07")
    assert past.code == ExitCode.ERROR
    assert "2020-07-31 is in the past: a new target needs a date still to come" in past.err
    assert not (tmp_path / "old.yaml").exists()
    wrong = run("init", tmp_path / "old.yaml", "--target", "leadrship=regionl@2999-07")
    assert "no dimension 'leadrship' (did you mean 'leadership'?)" in wrong.err
    shape = run("init", tmp_path / "old.yaml", "--target", "leadership=regional")
    assert "write DIMENSION=STAGE@DATE, e.g. --target leadership=regional@2027-07" in shape.err


def test_init_without_targets_writes_a_commented_block_that_works(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert run("init", path).code == ExitCode.OK
    text = path.read_text("utf-8")
    assert "# targets:\n#   leadership: regional by 2027-07\n" in text
    path.write_text(text.replace("# targets:\n#   ", "targets:\n  "), encoding="utf-8")
    assert [t.dimension for t in assess(path).targets] == ["leadership"]


def test_the_interview_offers_targets_and_refuses_a_past_date(
    run: Run, typed: object, tmp_path: Path
) -> None:
    path = write(tmp_path, "")
    original = path.read_text("utf-8")
    typed(  # type: ignore[operator]
        "y",
        "mid by 2020-01",  # leading: in the past, asked again
        "hihg by 2999-01",  # not a stage, asked again
        "high by 2999-01",
        "",  # coherence: none
        "3 by 2999-05-15",  # finance
    )
    result = run("interview", path, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "Would you like to set targets" in result.out
    assert "Leading (now: Mid): " in result.out
    assert "2020-01-31 is in the past: a new target needs a date still to come" in result.out
    assert "'hihg' is not a stage (did you mean 'high'?)" in result.out
    text = path.read_text("utf-8")
    assert "targets:\n  leading: high by 2999-01\n  finance: high by 2999-05-15\n" in text
    assert text.startswith(original[: original.index("answers:")])  # what was there is kept
    assert [t.dimension for t in assess(path, str(MINI)).targets] == ["leading", "finance"]


def test_the_interview_asks_only_for_dimensions_without_a_target(
    run: Run, typed: object, tmp_path: Path
) -> None:
    path = write(tmp_path, "targets:\n  leading: high by 2999-01  # ours\n")
    typed("yes", "", "")  # type: ignore[operator]
    result = run("interview", path, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "Leading (" not in result.out and "Coherence (" in result.out
    assert "leading: high by 2999-01  # ours" in path.read_text("utf-8")


def test_an_interview_whose_input_ends_at_the_offer_sets_none(
    run: Run, typed: object, tmp_path: Path
) -> None:
    path = write(tmp_path, "")
    typed()  # type: ignore[operator]
    result = run("interview", path, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    assert "targets" not in path.read_text("utf-8")


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> object:
    from test_interview import Keyboard

    def script(*lines: str) -> None:
        monkeypatch.setattr("sys.stdin", Keyboard(list(lines)))

    return script


# --- the parser, for any stage and date ---

STAGES = load_rubric("four-stages").rubric.stages
DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(
    stage=st.sampled_from(range(len(STAGES))),
    spelling=st.sampled_from(["id", "name", "number", "stage number"]),
    when=DATES,
    month=st.booleans(),
    case=st.sampled_from([str, str.upper, str.lower]),
    space=st.sampled_from([" ", "  ", "\t"]),
)
def test_any_stage_and_date_written_reads_back(
    stage: int, spelling: str, when: dt.date, month: bool, case: object, space: str
) -> None:
    s = STAGES[stage]
    written = {
        "id": s.id,
        "name": s.name,
        "number": str(stage + 1),
        "stage number": f"stage {stage + 1}",
    }
    date = when.isoformat()[:7] if month else when.isoformat()
    text = f"{case(written[spelling])}{space}by{space}{date}"  # type: ignore[operator]
    target = targets.read_written(STAGES, text)
    assert target.stage == s.id
    if month:
        last = calendar.monthrange(when.year, when.month)[1]
        assert target.by == when.replace(day=last)
    else:
        assert target.by == when


@given(st.text(max_size=60))
def test_any_text_is_a_target_or_a_worded_error(text: str) -> None:
    try:
        target = targets.read_written(STAGES, text)
    except PydanticCustomError as exc:
        assert exc.message()  # worded, never another exception
    else:
        assert target.stage in {s.id for s in STAGES}


@given(st.integers(min_value=len(STAGES) + 1, max_value=999), DATES)
def test_a_stage_number_above_the_last_is_refused_as_such(number: int, when: dt.date) -> None:
    with pytest.raises(PydanticCustomError, match="above the rubric's last stage"):
        targets.read_written(STAGES, f"{number} by {when.isoformat()}")


DIMENSIONS = [d.id for d in load_rubric("four-stages").rubric.dimensions]
TODAY = dt.date(2026, 9, 1)


@given(
    dimension=st.sampled_from(DIMENSIONS),
    stage=st.sampled_from(range(len(STAGES))),
    when=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 11, 30)),
)
def test_init_target_options_write_what_the_file_reads_back(
    dimension: str, stage: int, when: dt.date
) -> None:
    from stagecheck.authoring.targets import from_option
    from stagecheck.core.errors import UserError

    rubric = load_rubric("four-stages").rubric
    spec = f"{dimension}={STAGES[stage].id}@{when.isoformat()}"
    if when < TODAY:
        with pytest.raises(UserError, match="is in the past"):
            from_option(spec, rubric, TODAY)
        return
    got, text = from_option(spec, rubric, TODAY)
    assert got == dimension
    assert targets.read_written(STAGES, text) == targets.Target(
        STAGES[stage].id, when, when.isoformat()
    )
