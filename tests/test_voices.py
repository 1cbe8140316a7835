"""Several respondents of one partnership (`assess --combine`, `interview --as`), end to end
through the command line: the combination rules, the perspective gaps, the refusals, batch
grouping, the JSON document and the reports people read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Golden, Run
from stagecheck.exitcodes import ExitCode

EXAMPLE = ROOT / "examples" / "respondents"
FILES = sorted(EXAMPLE.glob("*.yaml"))  # dockside (Mira), harbourside (Ana), quayside (Tom)
FOUR = ROOT / "rubrics" / "four-stages.yaml"


def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8"))
    data.pop("expected", None)
    return data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _as(data: dict[str, Any], name: str, **answers: Any) -> dict[str, Any]:
    """A copy of `data` answered by `name`, with some answers changed (group.question=value)."""
    out: dict[str, Any] = json.loads(json.dumps(data, default=str))
    out["respondent"]["name"] = name
    for key, value in answers.items():
        group, question = key.split("__")
        out["answers"][group][question] = value
    return out


def _rubric(tmp_path: Path, rule: str = "lowest", version: str = '"2.1.0"') -> Path:
    text = FOUR.read_text(encoding="utf-8")
    text = text.replace("\ncombine: lowest\n", f"\ncombine: {rule}\n")
    text = text.replace('version: "2.1.0"\ntitle:', f"version: {version}\ntitle:")
    target = tmp_path / f"four-{rule}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def _combined(run: Run, *args: str | Path) -> dict[str, Any]:
    result = run("assess", *args, "--combine", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    data: dict[str, Any] = json.loads(result.out)
    return data


def _stages(record: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["stage"] for d in record["dimensions"]}


# --- the combination rules -------------------------------------------------------------------


def test_lowest_takes_the_lowest_stage_any_respondent_gives_each_dimension(run: Run) -> None:
    data = _combined(run, *FILES)
    assert data["rule"] == "lowest"
    each = [_stages(r) for r in data["records"]]
    assert [s["communication"] for s in each] == ["emerging", "regional", "established"]
    assert [s["balance"] for s in each] == ["established", "established", "emerging"]
    combined = data["combined"]
    assert _stages(combined)["communication"] == "emerging"
    assert _stages(combined)["balance"] == "emerging"
    assert combined["overall"]["stage"] == "emerging"
    assert combined["overall"]["holding_back"] == ["communication", "balance"]


def test_median_takes_the_middle_respondent(run: Run, tmp_path: Path) -> None:
    data = _combined(run, *FILES, "--rubric", _rubric(tmp_path, "median"))
    assert data["rule"] == "median"
    stages = _stages(data["combined"])
    assert stages["communication"] == "established"  # emerging, established, regional
    balance = next(d for d in data["combined"]["dimensions"] if d["id"] == "balance")
    # the merged cell is compared at the top of its span and named by its own words
    assert balance["counts_as"] == 4 and balance["stage_label"].startswith("Mutual and reciprocal")
    assert data["combined"]["overall"]["stage"] == "established"


def test_median_of_an_even_count_is_the_lower_middle(run: Run, tmp_path: Path) -> None:
    ana, tom = _data("harbourside-college.yaml"), _data("quayside-academy.yaml")
    files = [
        _write(tmp_path / "a.yaml", ana),
        _write(tmp_path / "b.yaml", tom),
    ]
    data = _combined(run, *files, "--rubric", _rubric(tmp_path, "median"))
    stages = _stages(data["combined"])
    # regional and established: the lower middle, a stage a respondent reached
    assert stages["communication"] == "established"
    # merged 2-4 and emerging: never a stage in between that nobody gave
    assert stages["balance"] == "emerging"
    four = [
        *files,
        _write(tmp_path / "c.yaml", _as(ana, "Ana Two")),
        _write(tmp_path / "d.yaml", _as(tom, "Tom Two")),
    ]
    data = _combined(run, *four, "--rubric", _rubric(tmp_path, "median"))
    assert _stages(data["combined"])["communication"] == "established"


def test_merged_cells_compare_by_the_top_of_their_span(run: Run, tmp_path: Path) -> None:
    """Balance 2-4 against established elsewhere: no gap is a stage apart on the merged row
    unless a respondent is below it, and the combined cell keeps the table's words."""
    ana = _data("harbourside-college.yaml")
    files = [
        _write(tmp_path / "a.yaml", ana),
        _write(tmp_path / "b.yaml", _as(ana, "Bea")),
    ]
    data = _combined(run, *files)
    balance = next(d for d in data["combined"]["dimensions"] if d["id"] == "balance")
    assert balance["span"] == ["established", "regional", "national"]
    assert "Mutual and reciprocal" in balance["stage_label"]
    assert data["gaps"] == []


# --- the gaps --------------------------------------------------------------------------------


def test_gaps_quote_each_answer_with_its_evidence_and_balance_comes_first(run: Run) -> None:
    data = _combined(run, *FILES)
    gaps = data["gaps"]
    assert [g["dimension"] for g in gaps[:4]] == ["balance"] * 4
    assert gaps[0]["kind"] == "stage" and gaps[0]["perceived"] is True
    assert {g["dimension"] for g in gaps} == {"balance", "communication"}
    gains = next(g for g in gaps if g["question"] == "lead_school_gains")
    tom = next(a for a in gains["answers"] if a["respondent"] == "Tom Reed")
    assert tom["answer"] == "Reputation or public-benefit reporting only"  # the option's label
    assert "charity report" in tom["evidence"][0]
    stage = next(g for g in gaps if g["kind"] == "stage" and g["dimension"] == "communication")
    assert [s["stage"] for s in stage["seen"]] == ["emerging", "regional", "established"]


def test_an_unanswered_question_is_no_disagreement(run: Run, tmp_path: Path) -> None:
    ana = _data("harbourside-college.yaml")
    quiet = _as(ana, "Quiet")
    quiet["answers"]["communication_and_reach"]["comms_plan"] = None
    data = _combined(run, _write(tmp_path / "a.yaml", ana), _write(tmp_path / "b.yaml", quiet))
    assert not [g for g in data["gaps"] if g.get("question") == "comms_plan"]


def test_json_carries_every_respondents_record_and_the_combined_one(run: Run) -> None:
    data = _combined(run, *FILES)
    assert data["schema_version"] == 4 and data["type"] == "combined"
    assert [r["respondent"]["name"] for r in data["records"]] == [
        "Mira Shah",
        "Ana Patel",
        "Tom Reed",
    ]
    assert [r["name"] for r in data["respondents"]] == ["Mira Shah", "Ana Patel", "Tom Reed"]
    assert data["records"][0]["partnership"]["id"] == "harbourside-reading"
    assert data["combined"]["partnership"]["assessed_by"] == "Mira Shah, Ana Patel and Tom Reed"
    assert data["partnership"] == "harbourside-reading"


def test_a_folder_of_one_partnerships_responses_is_combined(run: Run) -> None:
    assert _combined(run, EXAMPLE)["combined"]["overall"]["stage"] == "emerging"


# --- refusals and notes ----------------------------------------------------------------------


def test_the_same_respondent_twice_is_refused(run: Run, tmp_path: Path) -> None:
    ana = _data("harbourside-college.yaml")
    a = _write(tmp_path / "a.yaml", ana)
    b = _write(tmp_path / "b.yaml", _as(ana, "  ana  PATEL "))
    result = run("assess", a, b, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert "answers twice" in result.err and str(a) in result.err and str(b) in result.err
    assert result.err.count("\n") == 1


def test_respondents_with_different_rubric_versions_are_refused(run: Run, tmp_path: Path) -> None:
    old = _rubric(tmp_path, version='"1.9.0"')
    ana, tom = _data("harbourside-college.yaml"), _data("quayside-academy.yaml")
    tom["rubric"] = old.name
    a, b = _write(tmp_path / "a.yaml", ana), _write(tmp_path / "b.yaml", tom)
    result = run("assess", a, b, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert "different rubrics" in result.err
    assert "Ana Patel" in result.err and "four-stages 2.1.0" in result.err
    assert "Tom Reed" in result.err and "four-stages 1.9.0" in result.err


def test_files_of_different_partnerships_named_with_combine_are_refused(
    run: Run, tmp_path: Path
) -> None:
    other = ROOT / "examples" / "regional-hub.yaml"
    result = run("assess", FILES[0], other, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert "different ones" in result.err
    assert "'harbourside-reading'" in result.err and "regional-hub.yaml" in result.err


def test_combine_with_a_single_file_says_so_and_gives_its_report(run: Run) -> None:
    result = run("assess", FILES[0], "--combine")
    assert result.code == ExitCode.OK, str(result)
    assert "note: --combine" in result.err and "there is one file here" in result.err
    assert "Overall stage:" in result.out


def test_an_organisation_close_to_a_partners_name_is_a_did_you_mean(
    run: Run, tmp_path: Path
) -> None:
    ana = _data("harbourside-college.yaml")
    ana["respondent"]["organisation"] = "Harbourside Colege"
    result = run("assess", _write(tmp_path / "a.yaml", ana))
    assert result.code == ExitCode.ERROR, str(result)
    assert "respondent.organisation" in result.err
    assert "did you mean 'Harbourside College'?" in result.err
    ana["respondent"]["organisation"] = "Regional Evaluation Trust"  # not a partner: kept
    assert run("assess", _write(tmp_path / "b.yaml", ana)).code == ExitCode.OK


def test_a_partnership_id_that_is_not_a_slug_is_located(run: Run, tmp_path: Path) -> None:
    ana = _data("harbourside-college.yaml")
    ana["partnership"]["id"] = "Harbourside Reading!"
    result = run("assess", _write(tmp_path / "a.yaml", ana))
    assert result.code == ExitCode.ERROR, str(result)
    assert ":" in result.err and "partnership.id" in result.err and "is not an id" in result.err


# --- a batch ---------------------------------------------------------------------------------


def test_in_a_batch_files_of_one_partnership_combine_and_others_never(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, folder / "harbourside")
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", folder / "regional-hub.yaml")
    shutil.copy(ROOT / "examples" / "one-off-project.yaml", folder / "one-off.yaml")
    result = run("assess", folder, "--combine", "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = result.out.strip().splitlines()[1:]
    assert len(rows) == 3  # the three respondents are one row; the two others a row each
    harbourside = next(r for r in rows if "Harbourside" in r)
    assert harbourside.count(".yaml") == 3 and ",emerging," in harbourside
    table = run("assess", folder, "--combine")
    assert table.code == ExitCode.OK, str(table)
    assert "Portfolio: 3 partnerships scored" in table.out
    assert "--combine: 5 files scored, 3 partnerships: one row each" in table.err


def test_without_combine_a_batch_scores_each_respondent_alone(run: Run) -> None:
    result = run("assess", EXAMPLE, "-f", "csv")
    assert result.code == ExitCode.OK, str(result)
    assert len(result.out.strip().splitlines()) == 4


def test_a_group_that_cannot_combine_is_reported_and_the_rest_go_on(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    ana = _data("harbourside-college.yaml")
    _write(folder / "a.yaml", ana)
    _write(folder / "b.yaml", ana)  # Ana twice
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", folder / "regional-hub.yaml")
    result = run("assess", folder, "--combine", "-f", "csv")
    assert result.code == ExitCode.ERROR, str(result)
    assert "answers twice" in result.err
    assert len(result.out.strip().splitlines()) == 2  # header and regional-hub


# --- interview --as --------------------------------------------------------------------------


def test_interview_as_starts_a_respondents_file_without_the_answers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(FILES[1], source)
    typed = iter(["2", "Deputy Headteacher", "quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(typed))
    result = run("interview", source, "--as", "Tom Reed")
    assert result.code == ExitCode.OK, str(result)
    target = tmp_path / "partnership.tom-reed.yaml"
    assert f"Started {target} for Tom Reed" in result.out
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["respondent"] == {
        "name": "Tom Reed",
        "role": "Deputy Headteacher",
        "organisation": "Quayside Academy",
    }
    assert data["partnership"]["id"] == "harbourside-reading"
    assert "answers" not in data and "expected" not in data
    assert source.read_bytes() == FILES[1].read_bytes()  # the partnership's file untouched
    # run again: carried on, never replaced
    typed = iter(["quit"])
    again = run("interview", source, "--as", "tom reed")
    assert again.code == ExitCode.OK and "Carrying on" in again.out
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["respondent"]["role"]


def test_interview_as_never_replaces_a_file_it_did_not_write(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(FILES[1], source)
    mine = tmp_path / "partnership.tom-reed.yaml"
    mine.write_text("# my notes\n", encoding="utf-8")
    result = run("interview", source, "--as", "Tom Reed")
    assert result.code == ExitCode.ERROR, str(result)
    assert "left alone" in result.err
    assert mine.read_text(encoding="utf-8") == "# my notes\n"


# --- what people read ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "name"),
    [("table", "combined-80.txt"), ("markdown", "combined.md"), ("html", "combined.html")],
)
def test_combined_report_goldens(
    run: Run, golden: Golden, monkeypatch: pytest.MonkeyPatch, form: str, name: str
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    result = run("assess", *(f.relative_to(ROOT) for f in FILES), "--combine", "-f", form)
    assert result.code == ExitCode.OK, str(result)
    golden(name, result.out)


def test_the_markdown_makes_the_gaps_the_first_agenda_item(run: Run) -> None:
    result = run("assess", *FILES, "--combine", "-f", "markdown")
    agenda = result.out.split("## Agenda for the next partnership meeting", 1)[1]
    first = agenda.strip().splitlines()[0]
    assert first.startswith("1. **Perspective gaps.**")
    assert agenda.index("Balance of the relationship") < agenda.index("Communication:")


def test_the_html_overlays_one_polygon_per_respondent_in_a_browser(
    run: Run, tmp_path: Path
) -> None:
    from browser import dom, screenshot

    page = tmp_path / "combined.html"
    result = run("assess", *FILES, "--combine", "-o", page)
    assert result.code == ExitCode.OK, str(result)
    drawn = dom(page)
    assert drawn.count('class="respondent-shape"') == 3
    for name in ("Mira Shah", "Ana Patel", "Tom Reed"):
        assert f'data-respondent="{name}"' in drawn
        assert name in drawn.split('class="legend"', 1)[1]
    png = screenshot(page, tmp_path / "combined.png")
    assert _distinct_pixels(png) > 20


def _distinct_pixels(png: Path) -> int:
    """How many different pixel values a PNG holds (a blank page holds one)."""
    import struct
    import zlib

    raw = png.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    at, data = 8, b""
    while at < len(raw):
        (length,) = struct.unpack(">I", raw[at : at + 4])
        kind = raw[at + 4 : at + 8]
        if kind == b"IDAT":
            data += raw[at + 8 : at + 8 + length]
        at += 12 + length
    pixels = zlib.decompress(data)
    return len({pixels[i : i + 3] for i in range(0, min(len(pixels), 3_000_000), 3)})


def test_the_library_combines_as_the_command_line_does(run: Run) -> None:
    import stagecheck

    combined = stagecheck.combine([EXAMPLE])
    assert combined.combined.overall.stage == "emerging"
    assert [r.name for r in combined.respondents] == ["Mira Shah", "Ana Patel", "Tom Reed"]
    assert combined.to_dict() == _combined(run, *FILES)
    with pytest.raises(stagecheck.UserError, match="different ones"):
        stagecheck.combine([FILES[0], ROOT / "examples" / "regional-hub.yaml"])


def test_gates_apply_to_the_combined_stages(run: Run) -> None:
    below = run("assess", *FILES, "--combine", "--fail-under", "established")
    assert below.code == ExitCode.FAILED, str(below)
    assert "below the gate --fail-under established" in below.err
    assert run("assess", *FILES, "--combine", "--fail-under", "emerging").code == ExitCode.OK


def test_a_named_file_that_cannot_be_read_stops_the_combination_with_its_problems(
    run: Run, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("partnership:\n  name: [unclosed\n", encoding="utf-8")
    result = run("assess", FILES[0], broken, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert f"{broken}:" in result.err and result.out == ""


def test_in_a_folder_a_file_that_cannot_be_read_is_reported_and_the_rest_combine(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    shutil.copytree(EXAMPLE, folder)
    (folder / "broken.yaml").write_text("partnership: [\n", encoding="utf-8")
    result = run("assess", folder, "--combine", "-f", "csv")
    assert result.code == ExitCode.ERROR, str(result)
    assert "broken.yaml" in result.err
    rows = result.out.strip().splitlines()[1:]
    assert len(rows) == 1 and rows[0].count(".yaml") == 3


def test_a_rubric_with_an_unknown_combine_rule_is_refused_with_its_code(
    run: Run, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(FOUR.read_text("utf-8").replace("\ncombine: lowest\n", "\ncombine: average\n"))
    result = run("rubric", "check", bad)
    assert result.code == ExitCode.FAILED, str(result)
    assert "SC114" in result.out and "use one of lowest, median" in result.out
    refused = run("assess", *FILES, "--combine", "--rubric", bad)
    assert refused.code == ExitCode.ERROR, str(refused)
