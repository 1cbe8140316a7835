"""Hostile input to several respondents' features (`interview --as`, `assess --combine`):
each a regression test for a defect found by attacking them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

EXAMPLE = ROOT / "examples" / "respondents"
SOURCE = EXAMPLE / "quayside-academy.yaml"


def _quit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": "quit")


def test_a_partnership_name_with_line_breaks_starts_a_readable_respondent_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["partnership"]["name"] = "Harbourside\nrubric: evil\n\x1b[31mReading"
    source = tmp_path / "partnership.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _quit(monkeypatch)
    result = run("interview", source, "--as", "Tom Reed")
    assert result.code == ExitCode.OK, str(result)
    started = yaml.safe_load((tmp_path / "partnership.tom-reed.yaml").read_text("utf-8"))
    assert started["rubric"] == data["rubric"]
    assert started["partnership"]["name"] == data["partnership"]["name"]


def test_interview_as_refuses_a_name_with_control_characters(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(SOURCE, source)
    result = run("interview", source, "--as", "Tom \x1b[31mReed")
    assert result.code == ExitCode.ERROR, str(result)
    assert "control character" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["partnership.yaml"]


def test_respondents_with_names_in_other_scripts_each_get_their_own_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(SOURCE, source)
    _quit(monkeypatch)
    for name in ("山田 太郎", "Ольга Петрова"):
        result = run("interview", source, "--as", name)
        assert result.code == ExitCode.OK, str(result)
    assert (tmp_path / "partnership.山田-太郎.yaml").exists()
    assert (tmp_path / "partnership.ольга-петрова.yaml").exists()


def _stages(data: dict[str, object]) -> list[str]:
    dimensions = data["dimensions"]
    assert isinstance(dimensions, list)
    return [d["stage"] for d in dimensions]


def test_min_evidence_applies_to_every_respondent_when_combined(run: Run) -> None:
    files = sorted(EXAMPLE.glob("*.yaml"))
    alone = json.loads(run("assess", files[0], "-f", "json", "--min-evidence", "independent").out)
    result = run("assess", *files, "--combine", "-f", "json", "--min-evidence", "independent")
    assert result.code == ExitCode.OK, str(result)
    data = json.loads(result.out)
    assert data["records"][0]["evidence"]["minimum"] == "independent"
    assert _stages(data["records"][0]) == _stages(alone)
    plain = json.loads(run("assess", *files, "--combine", "-f", "json").out)
    assert _stages(data["combined"]) != _stages(plain["combined"])
    assert set(_stages(data["combined"])) == {"emerging"}  # every criterion only asserted


def test_api_combine_takes_min_evidence_and_refuses_a_non_list() -> None:
    from stagecheck import api

    files = sorted(EXAMPLE.glob("*.yaml"))
    combined = api.combine(files, min_evidence="independent")
    assert {d.stage for d in combined.combined.dimensions} == {"emerging"}
    with pytest.raises(api.UserError, match="list of files"):
        api.combine(5)  # type: ignore[arg-type]


def test_the_combined_report_says_how_much_rests_on_assertion_and_the_minimum(
    run: Run,
) -> None:
    files = sorted(EXAMPLE.glob("*.yaml"))
    data = json.loads(run("assess", *files, "--combine", "-f", "json").out)
    assert data["combined"]["evidence"]["met"] > 0
    for form in ("table", "markdown"):
        shown = run("assess", *files, "--combine", "-f", form, "--min-evidence", "measured")
        assert "rest on assertion alone" in shown.out or "Minimum evidence applied" in shown.out
        assert "Minimum evidence applied: measured" in " ".join(shown.out.split())


@pytest.mark.parametrize("twice", [True, False])
def test_combine_with_one_file_named_twice_or_alone_in_a_folder_gives_its_own_report(
    run: Run, tmp_path: Path, twice: bool
) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(SOURCE, folder / "only.yaml")
    args = [folder / "only.yaml", folder / "only.yaml"] if twice else [folder]
    result = run("assess", *args, "--combine")
    assert result.code == ExitCode.OK, str(result)
    assert "there is one file here" in result.err
    assert "Overall stage:" in result.out and "Portfolio" not in result.out


def test_combined_report_warns_of_each_respondents_evidence_link_not_found(
    run: Run, tmp_path: Path
) -> None:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    mou = data["answers"]["plans_and_agreements"]["mou"]
    answer = mou["answer"] if isinstance(mou, dict) else mou
    data["answers"]["plans_and_agreements"]["mou"] = {
        "answer": answer,
        "evidence": [{"kind": "documented", "note": "the MOU", "link": "docs/mou.pdf"}],
    }
    mine = tmp_path / "quayside.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("assess", mine, EXAMPLE / "dockside-high.yaml", "--combine")
    assert result.code == ExitCode.OK, str(result)
    assert "warning: " in result.err and "'docs/mou.pdf' is not found" in result.err


def test_the_combined_html_page_says_the_minimum_evidence_applied(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "combined.html"
    files = sorted(EXAMPLE.glob("*.yaml"))
    result = run("assess", *files, "--combine", "--min-evidence", "measured", "-o", page)
    assert result.code == ExitCode.OK, str(result)
    assert "Minimum evidence applied: measured" in page.read_text(encoding="utf-8")
