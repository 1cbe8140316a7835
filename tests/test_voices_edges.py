"""Several respondents at the edges (issue 14, follow-up): a respondent who has not answered
yet, a dimension one respondent left unanswered, and the options that meet `--combine`
(`--since` refused; `--fail-on-missed-target` and `--fail-under` applied to the combined
stages)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode
from test_voices import EXAMPLE, FILES, _data, _write


def _stages(record: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["stage"] for d in record["dimensions"]}


# --- the options that meet --combine ---------------------------------------------------------


def test_combine_with_since_is_refused_plainly(run: Run) -> None:
    for paths in (FILES, [EXAMPLE]):
        result = run("assess", *paths, "--combine", "--since", "HEAD~1")
        assert result.code == ExitCode.ERROR, str(result)
        assert result.err.startswith("stagecheck: --since cannot be used with --combine:")
        assert "run them separately" in result.err and result.out == ""


def _with_target(tmp_path: Path, folder: Path | None = None) -> list[Path]:
    """The three respondents, Ana's file (she sees communication at regional) setting a target
    of established for communication by 2026-01, overdue on 2026-11-20: met in her own eyes,
    not on the combined stages (Mira sees it emerging)."""
    where = folder or tmp_path
    where.mkdir(parents=True, exist_ok=True)
    ana = _data("harbourside-college.yaml")
    ana["targets"] = {"communication": "established by 2026-01"}
    files = [_write(where / "harbourside-college.yaml", ana)]
    for name in ("dockside-high.yaml", "quayside-academy.yaml"):
        files.append(_write(where / name, _data(name)))
    return files


def test_fail_on_missed_target_judges_the_combined_stages(run: Run, tmp_path: Path) -> None:
    files = _with_target(tmp_path)
    alone = run("assess", files[0], "--fail-on-missed-target")
    assert alone.code == ExitCode.OK, str(alone)  # Ana alone: met
    plain = run("assess", *files, "--combine", "-f", "json")
    assert plain.code == ExitCode.OK, str(plain)  # without the flag: reported, no failure
    target = json.loads(plain.out)["combined"]["targets"]
    assert [(t["dimension"], t["status"], t["reached"]) for t in target] == [
        ("communication", "overdue", "emerging")
    ]
    gated = run("assess", *files, "--combine", "--fail-on-missed-target")
    assert gated.code == ExitCode.FAILED, str(gated)
    assert (
        "missed the target communication=established by 2026-01 (--fail-on-missed-target)"
        in gated.err
    )
    assert "Targets" in gated.out and "Overdue" in gated.out
    markdown = run("assess", *files, "--combine", "-f", "markdown").out
    assert "## Targets" in markdown
    page = tmp_path / "combined.html"
    assert run("assess", *files, "--combine", "-o", page).code == ExitCode.OK
    assert 'id="targets"' in page.read_text(encoding="utf-8")


def test_fail_on_missed_target_applies_to_combined_rows_of_a_batch(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "portfolio"
    _with_target(tmp_path, folder / "harbourside")
    shutil.copy(ROOT / "examples" / "one-off-project.yaml", folder / "one-off.yaml")
    assert run("assess", folder, "--combine", "-f", "csv").code == ExitCode.OK
    result = run("assess", folder, "--combine", "-f", "csv", "--fail-on-missed-target")
    assert result.code == ExitCode.FAILED, str(result)
    row = next(r for r in result.out.splitlines() if "Harbourside" in r)
    assert ",target communication=established by 2026-01," in row
    assert "missed the target communication=established by 2026-01" in result.err


def test_respondents_who_set_different_targets_have_each_judged(run: Run, tmp_path: Path) -> None:
    files = _with_target(tmp_path)
    tom = _data("quayside-academy.yaml")
    tom["targets"] = {"communication": "emerging by 2026-01"}  # met on any stage
    files[2] = _write(files[2], tom)
    data = json.loads(run("assess", *files, "--combine", "-f", "json").out)
    assert [(t["stage"], t["status"]) for t in data["combined"]["targets"]] == [
        ("emerging", "met"),  # by date, then the lower stage first
        ("established", "overdue"),
    ]


def test_fail_under_applies_to_combined_rows_of_a_batch(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, folder / "harbourside")
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", folder / "regional-hub.yaml")
    result = run("assess", folder, "--combine", "-f", "csv", "--fail-under", "established")
    assert result.code == ExitCode.FAILED, str(result)
    rows = {r.split(",")[1]: r for r in result.out.strip().splitlines()[1:]}
    # below_gates, asserted_share, then the respondents combined (--combine adds the column)
    assert rows["Harbourside Reading Partnership"].endswith(",established,1,3")
    assert ",established," not in rows["Severn Vale Learning Partnership"][-20:]


# --- a respondent who has not answered yet ---------------------------------------------------


def _started(run: Run, tmp_path: Path, monkeypatch: Any) -> Path:
    """The three respondents' files in `tmp_path`, and Lee Park's file as `interview --as`
    starts it (no answers), left at the first question."""
    for f in FILES:
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr("builtins.input", lambda prompt="": "quit")
    started = run("interview", tmp_path / "harbourside-college.yaml", "--as", "Lee Park")
    assert started.code == ExitCode.OK, str(started)
    return tmp_path / "harbourside-college.lee-park.yaml"


def test_a_respondent_who_has_not_answered_is_left_out_of_the_combination(
    run: Run, tmp_path: Path, monkeypatch: Any
) -> None:
    lee = _started(run, tmp_path, monkeypatch)
    three = json.loads(run("assess", *FILES, "--combine", "-f", "json").out)
    result = run("assess", tmp_path, "--combine", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    four = json.loads(result.out)
    note = "Lee Park has not answered yet: left out of the combination."
    assert four["notes"] == [note]
    assert _stages(four["combined"]) == _stages(three["combined"])  # not dragged to emerging
    assert four["combined"]["overall"] == three["combined"]["overall"]
    assert four["gaps"] == three["gaps"]  # no gap with someone who gave no view
    lee_ref = next(r for r in four["respondents"] if r["name"] == "Lee Park")
    assert lee_ref["left_out"] is True and Path(lee_ref["path"]) == lee
    assert "Lee Park" not in four["combined"]["partnership"]["assessed_by"]
    assert len(four["records"]) == 4  # every respondent's record is still carried

    table = run("assess", tmp_path, "--combine")
    flat = " ".join(table.out.split())
    assert note in flat and "—: not answered yet." in flat
    assert "3 respondents combined" in flat
    lee_row = [line for line in table.out.splitlines() if line.startswith("│ Leadership")]
    assert [cell.strip() for cell in lee_row[0].split("│")[2:6]] == ["2", "—", "2", "2"]
    markdown = run("assess", tmp_path, "--combine", "-f", "markdown").out
    assert f"**{note}**" in markdown
    assert "| Leadership | 2 | not answered yet | 2 | 2 |" in markdown  # files in name order
    page = tmp_path / "out" / "combined.html"
    page.parent.mkdir()
    assert run("assess", tmp_path, "--combine", "-o", page).code == ExitCode.OK
    html = page.read_text(encoding="utf-8")
    assert note in html and html.count('class="respondent-shape"') == 3
    csv = run("assess", tmp_path, "--combine", "-f", "csv")
    assert csv.code == ExitCode.OK and f": {note}" in csv.err
    assert ",emerging,1," in csv.out.splitlines()[1]


def test_nothing_to_combine_when_no_respondent_has_answered(run: Run, tmp_path: Path) -> None:
    ana = _data("harbourside-college.yaml")
    del ana["answers"]
    tom = dict(ana, respondent={"name": "Tom Reed"})
    files = [_write(tmp_path / "a.yaml", ana), _write(tmp_path / "b.yaml", tom)]
    result = run("assess", *files, "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err.startswith("stagecheck: nothing to combine: none of the respondents has")
    assert "Ana Patel in " in result.err and result.err.count("\n") == 1
    assert result.out == ""
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "examples" / "one-off-project.yaml", other / "one-off.yaml")
    batch = run("assess", tmp_path, "--combine", "-f", "csv")
    assert batch.code == ExitCode.ERROR, str(batch)  # that partnership reported, the rest go on
    assert "nothing to combine" in batch.err and len(batch.out.splitlines()) == 2


def _communication_questions() -> set[str]:
    from stagecheck import api

    record = api.assess(FILES[1])
    dim = next(d for d in record.dimensions if d.id == "communication")
    return {q for c in dim.criteria for q in c.questions}


def test_a_dimension_a_respondent_left_unanswered_is_no_view_of_theirs(
    run: Run, tmp_path: Path
) -> None:
    ana = _data("harbourside-college.yaml")  # communication: regional
    quiet = json.loads(json.dumps(ana, default=str))
    quiet["respondent"]["name"] = "Bea Quiet"
    asked = _communication_questions()
    for group in quiet["answers"].values():
        for question in asked & set(group):
            del group[question]
    files = [_write(tmp_path / "a.yaml", ana), _write(tmp_path / "b.yaml", quiet)]
    data = json.loads(run("assess", *files, "--combine", "-f", "json").out)
    assert _stages(data["records"][1])["communication"] == "emerging"  # alone: unknown
    assert _stages(data["combined"])["communication"] == "regional"  # Ana's is the only view
    assert not data["combined"]["dimensions"][4]["provisional"]
    assert not [g for g in data["gaps"] if g["dimension"] == "communication"]
    assert data["respondents"][1]["not_answered"] == ["communication"]
    assert data["notes"] == []
    markdown = run("assess", *files, "--combine", "-f", "markdown").out
    assert "| Communication | 3 | not answered | 3 Regional excellence |  |" in markdown
    table = run("assess", *files, "--combine").out
    row = next(line for line in table.splitlines() if line.startswith("│ Communication"))
    assert [cell.strip() for cell in row.split("│")[2:4]] == ["3", "—"]
    page = tmp_path / "voices.html"
    assert run("assess", *files, "--combine", "-o", page).code == ExitCode.OK
    html = page.read_text("utf-8")
    # Bug: Bea's polygon put the dimension she left unanswered on ring 1, as if emerging
    shape = re.search(r'data-respondent="Bea Quiet" points="([^"]+)"', html)
    assert shape
    assert "A point at the centre: a dimension that respondent has not answered." in html
    communication = [d["id"] for d in data["combined"]["dimensions"]].index("communication")
    assert shape.group(1).split()[communication] == _centre(html)


def test_one_respondent_combined_is_said_in_the_singular(run: Run, tmp_path: Path) -> None:
    ana = _data("harbourside-college.yaml")
    blank = {k: v for k, v in ana.items() if k != "answers"}
    blank["respondent"] = {"name": "Lee Park"}
    files = [_write(tmp_path / "a.yaml", ana), _write(tmp_path / "b.yaml", blank)]
    result = run("assess", *files, "--combine")
    assert result.code == ExitCode.OK, str(result)
    assert "1 respondent combined, each dimension" in " ".join(result.out.split())


def _centre(html: str) -> str:
    """The radar's centre, where its spokes start."""
    found = re.search(r'class="chart-axis" x1="([\d.]+)" y1="([\d.]+)"', html)
    assert found
    return f"{found.group(1)},{found.group(2)}"
